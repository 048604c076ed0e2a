"""Run folders: one folder per training run, holding its description and checkpoints.

``<root>/<run-name>/``::

    run.json                       description, progress and bounded loss history (see below)
    latest.npz                     the most recent checkpoint
    best.npz                       the checkpoint with the lowest validation loss so far
    snapshots/step-00001200.npz    optional periodic snapshots, newest few kept

``run.json`` holds ``format_version``, ``name``, ``config`` (``TrainConfig.to_dict()``),
``corpus`` (``path``, ``name``, ``sha256``, ``num_chars``), ``vocab``, ``created``/``updated``
(ISO 8601, UTC), ``step``, ``chars``, ``best_val_loss``, ``last_val_loss``,
``last_train_loss``, ``elapsed``, ``status`` and ``history`` (``LossHistory.to_dict()``, see
history.py). Reading it back goes through schema.py, which checks every field (RunError naming
the field); writing checks the result the same way, so nothing is written that cannot be read.

Every function takes ``root``: the folder holding the runs, ``None`` meaning the user's data
directory (``tui_charrnn.engine.datadir.runs_dir()``).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import re
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from tui_charrnn.engine.checkpoint import load_checkpoint, save_checkpoint
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.datadir import runs_dir
from tui_charrnn.engine.errors import CheckpointError, RunError
from tui_charrnn.engine.history import LossHistory
from tui_charrnn.engine.schema import (
    RUN_FORMAT_VERSION,
    STATUSES,
    CheckpointMeta,
    RunInfo,
    decode_run_json,
    parse_run_info,
    parse_time,
    read_checkpoint,
)
from tui_charrnn.engine.storage import (
    atomic_write_bytes,
    fsync_directory,
    remove_stale_temp_files,
    temp_path_for,
)

INFO_FILE = "run.json"
LATEST = "latest"
BEST = "best"
SNAPSHOT_DIR = "snapshots"

UNFINISHED_STATUSES = ("running", "paused")
CORRUPT = "corrupt"  # status list_runs gives folders whose run.json is unreadable or damaged

DEFAULT_KEEP_SNAPSHOTS = 5

# Letters, digits, '-', '_' and '.', 1-64 characters, not starting with '.': safe as a folder
# name everywhere, never hidden, and '/', '\\' and '..' traversal are impossible by construction.
_NAME_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}")
_SNAPSHOT_RE = re.compile(r"step-(\d{1,12})")

_ADJECTIVES = (
    "amber", "bold", "brisk", "calm", "clever", "cosy", "crisp", "curious", "dapper", "deft",
    "eager", "fancy", "fleet", "gentle", "glad", "golden", "happy", "hardy", "jolly", "keen",
    "lively", "lucky", "mellow", "merry", "nimble", "noble", "patient", "plucky", "proud",
    "quick", "quiet", "rapid", "shy", "silver", "sleek", "snowy", "spry", "steady", "sunny",
    "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty",
)  # fmt: skip
_ANIMALS = (
    "badger", "beaver", "bison", "crane", "otter", "falcon", "ferret", "finch", "fox", "gecko",
    "heron", "ibis", "jackal", "koala", "lemur", "lynx", "marten", "mole", "moose", "newt",
    "ocelot", "orca", "osprey", "owl", "panda", "puffin", "quail", "rabbit", "raven", "robin",
    "salmon", "seal", "shrew", "sparrow", "stoat", "swan", "tapir", "tern", "toad", "trout",
    "vole", "walrus", "weasel", "wombat", "wren", "yak",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Names and roots
# --------------------------------------------------------------------------------------------


def validate_run_name(name: object) -> str:
    """Return ``name`` if it is a valid run name, else raise :class:`RunError`."""
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise RunError(
            f"invalid run name {name!r}: use 1-64 letters, digits, '-', '_' or '.', "
            "not starting with '.'"
        )
    return name


def generate_run_name(rng: random.Random | None = None) -> str:
    """A readable random name such as ``brisk-otter-0412`` (uniqueness is the caller's job)."""
    rng = rng or random.SystemRandom()
    return f"{rng.choice(_ADJECTIVES)}-{rng.choice(_ANIMALS)}-{rng.randrange(10_000):04d}"


def _resolve_root(root: str | os.PathLike[str] | None) -> Path:
    return Path(root) if root is not None else runs_dir()


def _run_folder(name: object, root: str | os.PathLike[str] | None) -> tuple[str, Path]:
    name = validate_run_name(name)
    return name, _resolve_root(root) / name


# --------------------------------------------------------------------------------------------
# Small helpers: time and JSON
# --------------------------------------------------------------------------------------------


def _now_iso() -> str:
    # Milliseconds so that runs updated within the same second still sort correctly.
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _jsonable(value: Any) -> Any:
    """Plain JSON values: numpy scalars unwrapped, non-finite floats as null (strict JSON)."""
    if isinstance(value, TrainConfig):
        return _jsonable(value.to_dict())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_jsonable(item) for item in value]
    return value


# --------------------------------------------------------------------------------------------
# Run
# --------------------------------------------------------------------------------------------


class Run:
    """A run folder: its ``run.json`` description (``info``) and its checkpoints.

    A ``Run`` may be shared between the training thread (which saves) and the UI thread
    (which reads ``info``); writes to ``run.json`` are serialised by a lock.
    """

    def __init__(self, path: Path, info: dict) -> None:
        self.path = Path(path)
        self.info = info
        self._lock = threading.RLock()

    @property
    def name(self) -> str:
        return self.path.name

    def __repr__(self) -> str:
        return f"Run({self.name!r}, path={str(self.path)!r})"

    # -- description ---------------------------------------------------------------------

    @property
    def info_path(self) -> Path:
        return self.path / INFO_FILE

    @property
    def record(self) -> RunInfo:
        """``info`` read through the schema: typed and checked (RunError naming a bad field)."""
        return parse_run_info(self.info, self.name)

    def config(self) -> TrainConfig:
        """The run's hyperparameters (validated, as every field of run.json)."""
        return self.record.config

    def update_info(self, **fields: Any) -> None:
        """Merge ``fields`` into run.json and rewrite it atomically; refreshes ``updated``.

        ``history`` (a LossHistory or its dict) is validated and bounded on the way in;
        ``status`` must be one of :data:`STATUSES`.
        """
        if "status" in fields and fields["status"] not in STATUSES:
            raise RunError(
                f"invalid run status {fields['status']!r}; expected one of {', '.join(STATUSES)}"
            )
        with self._lock:
            if "history" in fields:
                fields["history"] = _history_dict(fields["history"])
            fields.setdefault("updated", _now_iso())
            # _jsonable: callers may have put numpy scalars or NaN straight into .info.
            info = _jsonable({**self.info, **fields})
            try:
                parse_run_info(info, self.name)  # never write what could not be read back
            except RunError as error:
                raise RunError(f"not saving run.json of run {self.name}: {error}") from None
            self._write_info(info)
            self.info = info

    def _write_info(self, info: dict) -> None:
        data = json.dumps(info, indent=1, allow_nan=False, ensure_ascii=False) + "\n"
        try:
            atomic_write_bytes(self.info_path, data.encode("utf-8"))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise RunError(f"could not update run {self.name}: {reason}") from None

    # -- checkpoints ---------------------------------------------------------------------

    def checkpoint_path(self, which: str = LATEST) -> Path:
        """Path of ``"latest"``, ``"best"`` or a snapshot (``"step-00001200"``, with or
        without ``.npz`` or a ``snapshots/`` prefix)."""
        if which in (LATEST, BEST):
            return self.path / f"{which}.npz"
        stem = str(which)
        stem = stem.removeprefix(f"{SNAPSHOT_DIR}/").removesuffix(".npz")
        if _SNAPSHOT_RE.fullmatch(stem):
            return self.path / SNAPSHOT_DIR / f"{stem}.npz"
        raise RunError(
            f"unknown checkpoint {which!r} in run {self.name}: use best, latest or a snapshot "
            "name such as step-00001200"
        )

    def has_checkpoint(self) -> bool:
        return self.checkpoint_path(LATEST).is_file() or self.checkpoint_path(BEST).is_file()

    def snapshots(self) -> list[Path]:
        """Snapshot files, oldest step first."""
        folder = self.path / SNAPSHOT_DIR
        found: list[tuple[int, Path]] = []
        with contextlib.suppress(OSError):
            for entry in folder.iterdir():
                match = _SNAPSHOT_RE.fullmatch(entry.stem)
                if match and entry.suffix == ".npz" and entry.is_file():
                    found.append((int(match.group(1)), entry))
        return [path for _, path in sorted(found)]

    def save(
        self,
        arrays: Mapping[str, np.ndarray],
        meta: dict,
        *,
        is_best: bool,
        snapshot: bool = False,
        keep_snapshots: int | None = DEFAULT_KEEP_SNAPSHOTS,
        **fields: Any,
    ) -> None:
        """Write ``latest.npz`` (plus ``best.npz`` / a snapshot), then update run.json.

        ``fields`` go to :meth:`update_info` (e.g. ``step=``, ``best_val_loss=``, ``status=``).
        The snapshot is named after ``fields["step"]`` (else ``meta["step"]``, else the step
        in run.json). ``keep_snapshots`` keeps only the newest K snapshots (``None``: all).
        Raises :class:`CheckpointError` if a checkpoint cannot be written; files written
        before the failure stay valid.
        """
        if keep_snapshots is not None and keep_snapshots < 1:
            raise ValueError("keep_snapshots must be at least 1 (or None to keep all)")
        with self._lock:
            latest = self.checkpoint_path(LATEST)
            save_checkpoint(latest, arrays, meta)
            if is_best:
                _publish_copy(latest, self.checkpoint_path(BEST), arrays, meta)
            if snapshot:
                step = fields.get("step", meta.get("step", self.info.get("step", 0)))
                target = self.checkpoint_path(f"step-{int(step):08d}")
                try:
                    target.parent.mkdir(exist_ok=True)
                    _publish_copy(latest, target, arrays, meta)
                    if keep_snapshots is not None:
                        self.prune_snapshots(keep_snapshots)
                except OSError as exc:
                    reason = exc.strerror or str(exc)
                    raise CheckpointError(
                        f"could not write snapshot {target.name}: {reason}"
                    ) from None
            self.update_info(**fields)

    def prune_snapshots(self, keep: int) -> list[Path]:
        """Delete all but the ``keep`` newest snapshots; return the deleted paths."""
        doomed = self.snapshots()[:-keep] if keep > 0 else self.snapshots()
        for path in doomed:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        return doomed

    def load(
        self, which: str = BEST, *, expect_arrays: Mapping[str, tuple] | None = None
    ) -> tuple[dict[str, np.ndarray], dict]:
        """Load a checkpoint's arrays and raw metadata (any JSON the saver stored).
        ``best`` falls back to ``latest`` when missing, and vice versa (a run always resumes
        from something if it has any checkpoint). A trainer's checkpoint: `load_state`."""
        return load_checkpoint(self._existing_checkpoint(which), expect_arrays=expect_arrays)

    def load_state(self, which: str = LATEST) -> tuple[dict[str, np.ndarray], CheckpointMeta]:
        """Load a trainer's checkpoint (as `load`), its metadata checked by the schema."""
        path = self._existing_checkpoint(which)
        document = path.relative_to(self.path).as_posix()
        return read_checkpoint(path, subject=f"run {self.name}", document=document)

    def _existing_checkpoint(self, which: str) -> Path:
        if which in (BEST, LATEST):
            other = LATEST if which == BEST else BEST
            for path in (self.checkpoint_path(which), self.checkpoint_path(other)):
                if path.is_file():
                    return path
            raise RunError(f"run {self.name} has no checkpoint yet")
        path = self.checkpoint_path(which)
        if not path.is_file():
            raise RunError(f"run {self.name} has no snapshot {path.stem}")
        return path


def _history_dict(history: object) -> dict:
    """run.json's history: a LossHistory's dict, validated (RunError) and bounded."""
    if isinstance(history, LossHistory):
        return history.to_dict()
    return LossHistory.from_dict(history, error=RunError).to_dict()


def _publish_copy(source: Path, target: Path, arrays: Mapping[str, np.ndarray], meta: dict) -> None:
    """Make ``target`` an atomic copy of the just-written checkpoint ``source``.

    A hard link costs nothing and is safe because checkpoints are only ever replaced, never
    modified in place: when ``latest.npz`` is next replaced, ``best.npz`` keeps the old file.
    Where links are impossible (some filesystems), write the checkpoint a second time.
    """
    temp = temp_path_for(target)
    try:
        os.link(source, temp)
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        save_checkpoint(target, arrays, meta)
        return
    fsync_directory(target.parent)


# --------------------------------------------------------------------------------------------
# Creating, opening, listing, deleting
# --------------------------------------------------------------------------------------------


def _read_info(path: Path) -> tuple[dict, RunInfo]:
    """``path/run.json`` as (JSON object, checked RunInfo); RunError (one line) if missing,
    unreadable or damaged in any field."""
    name = path.name
    try:
        raw = (path / INFO_FILE).read_bytes()
    except FileNotFoundError:
        raise RunError(f"run {name} is damaged: {INFO_FILE} is missing") from None
    except OSError as exc:
        raise RunError(f"could not read run {name}: {exc.strerror or exc}") from None
    return decode_run_json(raw, name)


def create_run(name: str | None, info: Mapping[str, Any], root: Path | None = None) -> Run:
    """Create a new run folder and its run.json; ``name=None`` generates a readable one.

    ``info`` supplies ``config`` (a dict or TrainConfig), ``corpus``, ``vocab`` and any other
    fields; bookkeeping fields (step, losses, status, timestamps, history) get defaults.
    """
    now = _now_iso()
    record: dict[str, Any] = {
        "format_version": RUN_FORMAT_VERSION,
        "name": "",
        "config": {},
        "corpus": {},
        "vocab": "",
        "created": now,
        "updated": now,
        "step": 0,
        "chars": 0,
        "best_val_loss": None,
        "last_val_loss": None,
        "last_train_loss": None,
        "status": "running",
        "history": LossHistory().to_dict(),
    }
    record.update(_jsonable(dict(info)))
    if record["status"] not in STATUSES:
        raise RunError(f"invalid run status {record['status']!r}")
    record["format_version"] = RUN_FORMAT_VERSION  # describes this file, not the caller's
    record["history"] = _history_dict(record.get("history"))

    base = _resolve_root(root)
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError(f"could not create the runs folder {base}: {exc.strerror or exc}") from None
    if name is not None:
        validate_run_name(name)
        path = base / name
        try:
            path.mkdir()  # exclusive: two processes can never both "create" the same run
        except FileExistsError:
            message = f"run {name} already exists; resume it to train it further"
            raise RunError(message, hint="run-exists") from None
        except OSError as exc:
            raise RunError(f"could not create run {name}: {exc.strerror or exc}") from None
    else:
        path = _make_unique_folder(base)
    record["name"] = path.name
    run = Run(path, record)
    try:
        run.update_info(updated=record["updated"])
    except RunError:
        # Do not leave a folder without run.json behind: list_runs would call it corrupt.
        shutil.rmtree(path, ignore_errors=True)
        raise
    return run


def _make_unique_folder(base: Path) -> Path:
    rng = random.SystemRandom()
    for _ in range(200):
        path = base / generate_run_name(rng)
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise RunError(f"could not create a run in {base}: {exc.strerror or exc}") from None
    raise RunError(f"could not find an unused run name in {base}; pass a name explicitly")


def open_run(name: str, root: Path | None = None) -> Run:
    """Open an existing run; also clears temp files that a killed save left behind."""
    name, path = _run_folder(name, root)
    if not path.is_dir():
        raise RunError(f"no run named {name}", hint="unknown-run")
    info, record = _read_info(path)
    info["history"] = record.history.to_dict()  # an older spelling becomes the current one
    run = Run(path, info)
    for folder in (path, path / SNAPSHOT_DIR):
        remove_stale_temp_files(folder)
    return run


@dataclass(frozen=True)
class RunSummary:
    """One line of the runs table. Fields are None where run.json does not say."""

    name: str
    model: str | None
    hidden_size: int | None
    num_layers: int | None
    corpus: str | None
    step: int
    best_val_loss: float | None
    updated: str | None  # ISO 8601 (UTC) from run.json, or the folder's mtime if corrupt
    status: str  # one of STATUSES, or "corrupt"
    path: Path | None = None
    problem: str | None = None  # why a corrupt run cannot be used: the schema's one line

    @property
    def updated_at(self) -> datetime | None:
        return parse_time(self.updated)

    @property
    def size(self) -> str:
        """Model description such as ``lstm 2x256``."""
        if not self.model:
            return "?"
        if self.hidden_size is None:
            return self.model
        return f"{self.model} {self.num_layers or 1}x{self.hidden_size}"


def summarize(path: Path, record: RunInfo) -> RunSummary:
    config = record.config
    return RunSummary(
        name=path.name,
        model=config.model,
        hidden_size=config.hidden_size,
        num_layers=config.num_layers,
        corpus=record.corpus.name,
        step=record.step,
        best_val_loss=record.best_val_loss,
        updated=record.updated,
        status=record.status,
        path=path,
    )


def _corrupt_summary(path: Path, problem: str) -> RunSummary:
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        updated = mtime.isoformat(timespec="milliseconds")
    except OSError:
        updated = None
    return RunSummary(
        path.name, None, None, None, None, 0, None, updated, CORRUPT, path, problem=problem
    )


def list_runs(root: Path | None = None) -> list[RunSummary]:
    """All runs, most recently updated first. Unreadable or damaged run folders are listed
    with status ``"corrupt"`` and the reason in ``problem`` (so the user can see why, and
    delete them) instead of breaking the listing."""
    base = _resolve_root(root)
    try:
        entries = sorted(base.iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise RunError(f"could not list runs in {base}: {exc.strerror or exc}") from None
    summaries = []
    for path in entries:
        if not _NAME_RE.fullmatch(path.name) or not path.is_dir():
            continue  # stray files, hidden folders, temp files
        try:
            summaries.append(summarize(path, _read_info(path)[1]))
        except RunError as error:
            summaries.append(_corrupt_summary(path, str(error)))

    def recency(summary: RunSummary) -> float:
        moment = summary.updated_at
        return moment.timestamp() if moment else float("-inf")

    summaries.sort(key=recency, reverse=True)
    return summaries


def latest_unfinished_run(root: Path | None = None) -> RunSummary | None:
    """The most recently updated run that is running or paused (i.e. can be resumed)."""
    for summary in list_runs(root):
        # A run that died before its first checkpoint has nothing to resume from.
        if summary.status in UNFINISHED_STATUSES and summary.path is not None:
            if Run(summary.path, {}).has_checkpoint():
                return summary
    return None


def delete_run(name: str, root: Path | None = None) -> None:
    """Delete a run folder and everything in it (only ever inside ``root``)."""
    name, path = _run_folder(name, root)
    base = path.parent
    if path.is_symlink():
        # Remove the link itself, never what it points to (which may be outside root).
        try:
            path.unlink()
        except OSError as exc:
            raise RunError(f"could not delete run {name}: {exc.strerror or exc}") from None
        return
    if not path.is_dir():
        raise RunError(f"no run named {name}", hint="unknown-run")
    # Belt and braces on top of name validation: the folder must really be inside root.
    if path.resolve().parent != base.resolve():
        raise RunError(f"refusing to delete {path}: it is not inside {base}")
    try:
        shutil.rmtree(path)
    except OSError as exc:
        raise RunError(f"could not delete run {name}: {exc.strerror or exc}") from None


__all__ = [
    "BEST",
    "CORRUPT",
    "LATEST",
    "RUN_FORMAT_VERSION",
    "STATUSES",
    "CheckpointError",
    "Run",
    "RunError",
    "RunSummary",
    "create_run",
    "delete_run",
    "generate_run_name",
    "latest_unfinished_run",
    "list_runs",
    "open_run",
    "validate_run_name",
]
