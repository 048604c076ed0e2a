"""The schema of what charrnn-tui stores: run.json and checkpoint metadata, each read in one place.

Everything read back from disk goes through this module and comes out as a typed, frozen object
(`RunInfo`, `CheckpointMeta` with its `TrainerState`), or as the project's own error
(`RunError` for run.json, `CheckpointError` for a checkpoint) whose one line names the field::

    run brisk-otter-0412 is damaged: run.json field 'corpus' must be an object, not 7

Rules, the same for every field:

* Type: JSON numbers where numbers belong (``true`` is not a number, ``"3"`` is not one either),
  strings, objects and lists where those belong; ``null`` only where a field says "or null".
* Range and finiteness: NaN and infinities are refused everywhere; counts are whole numbers
  >= 0 with a ceiling; hyperparameters go through the shared validation in config.py
  (`TrainConfig.from_dict`, `validate_field`), so a field added there is checked here too.
* Consistency: vocabulary characters unique and sorted, the vocabulary size matching the
  arrays' shapes, history lengths that agree (history.py), a data position inside the text,
  ``chars == step * seq_len * batch_size`` and ``optimizer_steps == step`` in a checkpoint.
* Missing fields: required where the writer always wrote them; optional ones (documented in
  docs/ARCHITECTURE.md, "Stored data") get the default an older writer implied. A missing
  hyperparameter takes its default, which is how a field added later reads in an older file.
* Unknown extra fields are ignored, at every level: a newer version may add a field without
  making older runs unreadable; an incompatible change raises ``format_version`` (run.json)
  or ``state_version`` (checkpoints), which is refused with a "newer version" message.

run.json is a description (what the runs list shows); the checkpoint is the authority on the
training state. So run.json's step, chars and history are checked on their own, not against each
other (its history may be bounded differently), while a checkpoint's are checked together.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from tui_charrnn.engine.checkpoint import check_shapes, load_checkpoint
from tui_charrnn.engine.config import ConfigError, TrainConfig, validate_field
from tui_charrnn.engine.errors import CharRNNError, CheckpointError, RunError
from tui_charrnn.engine.history import LossHistory
from tui_charrnn.engine.schedule import BUDGET_KINDS, Budget

RUN_FORMAT_VERSION = 1  # run.json's format_version as written by this version
STATE_VERSION = 1  # a checkpoint's state_version as written by this version
STATUSES = ("running", "paused", "stopped", "finished", "diverged")

MAX_STEP = 10**12 - 1  # snapshot names hold at most 12 digits
MAX_COUNT = 2**63 - 1  # characters and positions fit numpy's int64
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
# The generator behind np.random.default_rng, whose state a checkpoint stores.
_BIT_GENERATOR = type(np.random.default_rng(0).bit_generator).__name__
_REQUIRED = object()  # marks a field without a default


# --------------------------------------------------------------------------------------------
# Typed records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusRecord:
    """What run.json and a checkpoint record of the training text; None where not recorded."""

    path: str | None = None  # absolute path of the file or folder; None for text given directly
    name: str | None = None  # display name (file stem, folder or bundled name)
    sha256: str | None = None  # of the normalised text as UTF-8: 64 lowercase hex digits
    num_chars: int | None = None  # characters in the text, >= 1
    encoding: str | None = None  # codec the text was decoded with (a name codecs knows)

    def to_dict(self) -> dict[str, Any]:
        """The recorded fields only."""
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class RunInfo:
    """run.json, read and checked."""

    format_version: int  # 1 .. RUN_FORMAT_VERSION
    name: str | None  # the name the run was created with (the folder name is what counts)
    config: TrainConfig  # hyperparameters, with the live learning rate and clip of the last save
    corpus: CorpusRecord  # the training text
    vocab: str  # unique characters in sorted order; "" when the run has none recorded
    created: str | None  # ISO 8601 time of creation
    updated: str | None  # ISO 8601 time of the last change
    step: int  # training steps at the last save
    chars: int  # training characters at the last save
    elapsed: float  # seconds of training at the last save
    best_val_loss: float | None  # nats/char; None before any validation
    last_val_loss: float | None  # nats/char
    last_train_loss: float | None  # smoothed training loss, nats/char
    status: str  # one of STATUSES
    history: LossHistory  # bounded loss curves (its own copy, see history.py)

    @property
    def updated_at(self) -> datetime | None:
        return parse_time(self.updated)


@dataclass(frozen=True)
class RngStates:
    """The numpy bit-generator states of the trainer's two random streams."""

    data: dict  # epoch offsets: {"bit_generator": "PCG64", "state": {"state", "inc"}, ...}
    dropout: dict  # dropout masks, same structure


@dataclass(frozen=True)
class TrainerState:
    """The trainer's counters and random state in a checkpoint: where training continues.

    To store a new piece of trainer state: add a field here, write it in `Trainer.state()`,
    read it in `_read_trainer_state` below (with a default for older checkpoints), and use
    it in `Trainer._load`.
    """

    step: int  # optimizer updates applied, 0 .. MAX_STEP
    chars: int  # training characters consumed: step * seq_len * batch_size
    position: int  # offset of the next chunk within each stream's segment (inside the text)
    elapsed: float  # seconds spent training, across sessions
    optimizer_steps: int  # the optimizer's update count (bias correction): equals step
    learning_rate: float  # the live base learning rate (before decay), validated as config's
    clip: float  # the live gradient clip, validated as config's
    smoothed_loss: float | None  # nats/char, None before the first step
    last_loss: float | None  # the last batch's loss, nats/char
    val_loss: float | None  # the latest validation loss, nats/char
    best_val_loss: float | None  # the lowest validation loss, <= val_loss
    chars_per_sec: float  # smoothed training speed
    rng: RngStates  # random streams
    history: LossHistory  # loss curves; no point after `step`
    budget: Budget | None = None  # the learning-rate schedule's segment (schedule.py), if any


@dataclass(frozen=True)
class CheckpointMeta:
    """A checkpoint's metadata (written by `Trainer.state()`), read and checked."""

    state_version: int  # 1 .. STATE_VERSION
    config: TrainConfig  # the model's and the training's hyperparameters
    vocab: str  # unique sorted characters; its length is the arrays' vocabulary dimension
    corpus: CorpusRecord  # the training text
    trainer: TrainerState  # where training continues


# --------------------------------------------------------------------------------------------
# Reading fields
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """What is being read, for the one-line errors: "<subject> is damaged: <document> field..."."""

    subject: str  # "run NAME", "checkpoint PATH" or "checkpoint metadata"
    document: str  # "run.json", "latest.npz", or "" when the subject is the document
    error: type[CharRNNError]  # RunError or CheckpointError

    def fail(self, path: str, problem: str) -> CharRNNError:
        return self.error(f"{self.subject} is damaged: {self._doc()}field '{path}' {problem}")

    def wrap(self, path: str, message: str) -> CharRNNError:
        """A nested validator's message (history, hyperparameters) under the field's name."""
        return self.error(f"{self.subject} is damaged: {self._doc()}field '{path}': {message}")

    def damaged(self, problem: str) -> CharRNNError:
        return self.error(f"{self.subject} is damaged: {self._doc()}{problem}")

    def label(self) -> str:
        """The subject and document together: "run NAME latest.npz"."""
        return f"{self.subject} {self.document}".strip()

    def _doc(self) -> str:
        return f"{self.document} " if self.document else ""


def _shown(value: object, limit: int = 60) -> str:
    """A value from a hostile file, made safe and short for a message."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return "a number too large to use"
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        text = type(value).__name__
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _finite_float(value: object) -> float | None:
    """The value as a finite float, or None when it is not a finite JSON number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


class _Object:
    """One JSON object being read: typed getters whose errors name the field's path."""

    def __init__(self, where: _Where, data: Mapping, path: str = "") -> None:
        self.where = where
        self.data = data
        self.path = path

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> CharRNNError:
        return self.where.fail(self.name(key), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def _absent(self, key: str, default: Any) -> Any:
        if default is _REQUIRED:
            raise self.fail(key, "is missing")
        return default

    def object(self, key: str, default: Any = _REQUIRED) -> _Object:
        if key not in self.data:
            return _Object(self.where, self._absent(key, default), self.name(key))
        value = self.data[key]
        if not isinstance(value, Mapping):
            raise self.fail(key, f"must be an object, not {_shown(value)}")
        return _Object(self.where, value, self.name(key))

    def integer(
        self, key: str, *, low: int = 0, high: int = MAX_COUNT, default: Any = _REQUIRED
    ) -> int:
        if key not in self.data:
            return self._absent(key, default)
        value = self.data[key]
        if not _is_int(value):
            raise self.fail(key, f"must be a whole number, not {_shown(value)}")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high}, not {_shown(value)}")
        return value

    def number(
        self, key: str, *, low: float = 0.0, nullable: bool = False, default: Any = _REQUIRED
    ) -> float | None:
        """A finite JSON number >= low (or null when nullable)."""
        if key not in self.data:
            return self._absent(key, default)
        value = self.data[key]
        if value is None and nullable:
            return None
        number = _finite_float(value)
        if number is None:
            kind = "a finite number or null" if nullable else "a finite number"
            raise self.fail(key, f"must be {kind}, not {_shown(value)}")
        if number < low:
            raise self.fail(key, f"must be at least {low:g}, not {_shown(value)}")
        return number

    def text(
        self, key: str, *, nullable: bool = False, empty: bool = True, default: Any = _REQUIRED
    ) -> str | None:
        if key not in self.data:
            return self._absent(key, default)
        value = self.data[key]
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            kind = "a string or null" if nullable else "a string"
            raise self.fail(key, f"must be {kind}, not {_shown(value)}")
        if not value and not empty:
            raise self.fail(key, "must not be empty")
        return value

    def hyperparameter(self, key: str) -> float:
        """A live hyperparameter stored next to the config (learning rate, clip): a JSON number
        checked by the shared validation."""
        if key not in self.data:
            raise self.fail(key, "is missing")
        value = self.data[key]
        if _finite_float(value) is None:
            raise self.fail(key, f"must be a finite number, not {_shown(value)}")
        try:
            return validate_field(key, value)
        except ConfigError as error:
            raise self.where.wrap(self.name(key), str(error)) from None


def _read_config(obj: _Object, key: str = "config") -> TrainConfig:
    """Hyperparameters: JSON types as the dataclass's defaults say, then TrainConfig.from_dict
    (the shared validation, which fills missing fields with defaults and ignores unknown ones)."""
    config = obj.object(key)
    for field in dataclasses.fields(TrainConfig):
        if config.has(field.name):
            _check_json_type(config, field.name, field.default)
    try:
        return TrainConfig.from_dict(dict(config.data))
    except ConfigError as error:
        raise obj.where.wrap(_guilty_field(config), str(error)) from None


def _check_json_type(config: _Object, key: str, default: object) -> None:
    value = config.data[key]
    if isinstance(default, bool):
        ok, kind = isinstance(value, bool), "true or false"
    elif isinstance(default, int):
        ok, kind = _is_int(value), "a whole number"
    elif isinstance(default, float):
        ok, kind = _finite_float(value) is not None, "a finite number"
    elif isinstance(default, str):
        ok, kind = isinstance(value, str), "a string"
    else:
        return  # no default to go by: the shared validation decides
    if not ok:
        raise config.fail(key, f"must be {kind}, not {_shown(value)}")


def _guilty_field(config: _Object) -> str:
    """The first hyperparameter that the shared validation refuses on its own (else the
    config as a whole: a combination, such as a model too large, is refused)."""
    known = {field.name for field in dataclasses.fields(TrainConfig)}
    for key, value in config.data.items():
        if key in known:
            try:
                TrainConfig.from_dict({key: value})
            except ConfigError:
                return config.name(key)
    return config.path


def _read_vocab(obj: _Object, *, empty: bool) -> str:
    vocab = obj.text("vocab", empty=empty)
    assert vocab is not None
    if "".join(sorted(set(vocab))) != vocab:
        raise obj.fail("vocab", "must hold unique characters in sorted order")
    return vocab


def _read_corpus(obj: _Object) -> CorpusRecord:
    corpus = obj.object("corpus", default={})
    sha256 = corpus.text("sha256", nullable=True, default=None)
    if sha256 is not None and not _SHA256_RE.fullmatch(sha256):
        raise corpus.fail("sha256", f"must be 64 lowercase hex digits, not {_shown(sha256)}")
    encoding = corpus.text("encoding", nullable=True, empty=False, default=None)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except (LookupError, ValueError):
            raise corpus.fail("encoding", f"is not a known encoding: {_shown(encoding)}") from None
    num_chars = None
    if corpus.data.get("num_chars") is not None:
        num_chars = corpus.integer("num_chars", low=1)
    path = corpus.text("path", nullable=True, empty=False, default=None)
    if path is not None and not os.path.isabs(path):
        raise corpus.fail("path", f"must be an absolute path, not {_shown(path)}")
    return CorpusRecord(
        path=path,
        name=corpus.text("name", nullable=True, default=None),
        sha256=sha256,
        num_chars=num_chars,
        encoding=encoding,
    )


def _read_history(obj: _Object) -> LossHistory:
    """The loss curves (history.py checks them); missing or null: an empty history."""
    data = obj.object("history").data if obj.data.get("history") is not None else None
    try:
        return LossHistory.from_dict(data, error=obj.where.error)
    except CharRNNError as error:
        raise obj.where.wrap(obj.name("history"), str(error)) from None


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time (a trailing Z allowed; no zone means UTC), or None."""
    if not isinstance(value, str):
        return None
    try:
        # Python 3.10's fromisoformat does not accept a trailing "Z".
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _read_time(obj: _Object, key: str) -> str | None:
    value = obj.text(key, default=None)
    if value is not None and parse_time(value) is None:
        raise obj.fail(key, f"must be an ISO 8601 time, not {_shown(value)}")
    return value


# --------------------------------------------------------------------------------------------
# run.json
# --------------------------------------------------------------------------------------------


def decode_run_json(raw: bytes, run_name: str) -> tuple[dict, RunInfo]:
    """run.json's bytes -> (the JSON object, its checked RunInfo); RunError on anything wrong."""
    where = _Where(f"run {run_name}", "run.json", RunError)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # ValueError covers bad JSON and integers with more digits than Python converts.
        raise where.damaged("is not valid JSON") from None
    return data, parse_run_info(data, run_name)


def parse_run_info(data: object, run_name: str) -> RunInfo:
    """Check run.json's object field by field; RunError naming the first bad field."""
    where = _Where(f"run {run_name}", "run.json", RunError)
    if not isinstance(data, Mapping):
        raise where.damaged("is not a JSON object")
    obj = _Object(where, data)
    version = obj.integer("format_version", low=1, high=MAX_COUNT, default=1)
    if version > RUN_FORMAT_VERSION:
        raise RunError(
            f"run {run_name} was written by a newer version of charrnn-tui "
            f"(run.json format_version {version}, this version reads {RUN_FORMAT_VERSION})"
        )
    status = obj.text("status")
    if status not in STATUSES:
        raise obj.fail("status", f"must be one of {', '.join(STATUSES)}, not {_shown(status)}")
    return RunInfo(
        format_version=version,
        name=obj.text("name", default=None),
        config=_read_config(obj),
        corpus=_read_corpus(obj),
        vocab=_read_vocab(obj, empty=True),
        created=_read_time(obj, "created"),
        updated=_read_time(obj, "updated"),
        step=obj.integer("step", high=MAX_STEP),
        chars=obj.integer("chars"),
        elapsed=obj.number("elapsed", default=0.0),
        best_val_loss=obj.number("best_val_loss", nullable=True, default=None),
        last_val_loss=obj.number("last_val_loss", nullable=True, default=None),
        last_train_loss=obj.number("last_train_loss", nullable=True, default=None),
        status=status,
        history=_read_history(obj),
    )


# --------------------------------------------------------------------------------------------
# Checkpoint metadata
# --------------------------------------------------------------------------------------------


def read_checkpoint(
    path: str | os.PathLike[str], *, subject: str | None = None, document: str = ""
) -> tuple[dict[str, np.ndarray], CheckpointMeta]:
    """Load a trainer checkpoint: (arrays, checked metadata); CheckpointError otherwise.

    ``subject``/``document`` word the errors ("run NAME", "latest.npz"); by default the
    checkpoint's path is the subject.
    """
    arrays, meta = load_checkpoint(path)
    where = _Where(subject or f"checkpoint {Path(path)}", document, CheckpointError)
    return arrays, _parse_meta(meta, arrays, where)


def as_checkpoint_meta(
    meta: CheckpointMeta | Mapping, arrays: Mapping[str, np.ndarray] | None = None
) -> CheckpointMeta:
    """`meta` itself when already checked, else `meta` (a `Trainer.state()` dict) checked
    against `arrays` (shapes are not compared when None)."""
    if isinstance(meta, CheckpointMeta):
        return meta
    return _parse_meta(meta, arrays, _Where("checkpoint metadata", "", CheckpointError))


def _parse_meta(
    meta: object, arrays: Mapping[str, np.ndarray] | None, where: _Where
) -> CheckpointMeta:
    if not isinstance(meta, Mapping):
        raise where.damaged("metadata is not a JSON object")
    obj = _Object(where, meta)
    version = obj.integer("state_version", low=1, default=1)
    if version > STATE_VERSION:
        raise CheckpointError(
            f"{where.label()} was saved by a newer version of charrnn-tui "
            f"(state_version {version}, this version reads {STATE_VERSION})"
        )
    config = _read_config(obj)
    vocab = _read_vocab(obj, empty=False)
    corpus = _read_corpus(obj)
    if arrays is not None:
        _check_arrays(where, arrays, config, vocab)
    return CheckpointMeta(
        state_version=version,
        config=config,
        vocab=vocab,
        corpus=corpus,
        trainer=_read_trainer_state(obj, config, corpus),
    )


def _check_arrays(
    where: _Where, arrays: Mapping[str, np.ndarray], config: TrainConfig, vocab: str
) -> None:
    """The arrays are finite floats, and the parameters have the shapes that the config and
    the vocabulary size give."""
    from tui_charrnn.engine.models import CharRNN

    for name, array in arrays.items():
        if array.dtype.kind != "f":
            raise where.damaged(f"array {name} holds {array.dtype}, not floating-point numbers")
        if not np.isfinite(array).all():
            raise where.damaged(f"array {name} holds NaN or infinite values")
    model = CharRNN(config.model, len(vocab), config.hidden_size, config.num_layers)
    shapes = model.param_shapes()
    output_bias = arrays.get("param/by")
    if output_bias is not None and output_bias.shape != shapes["by"]:
        raise where.fail(
            "vocab",
            f"holds {len(vocab)} characters, but array param/by has shape {output_bias.shape}",
        )
    try:
        check_shapes(arrays, {f"param/{name}": shape for name, shape in shapes.items()})
    except CheckpointError as error:
        detail = str(error).removeprefix("checkpoint does not fit this model: ")
        raise where.damaged(f"arrays do not fit fields 'config' and 'vocab': {detail}") from None


def _read_trainer_state(obj: _Object, config: TrainConfig, corpus: CorpusRecord) -> TrainerState:
    """Every trainer field of a checkpoint, checked alone and against the others."""
    step = obj.integer("step", high=MAX_STEP)
    chars = obj.integer("chars")
    if chars != step * config.seq_len * config.batch_size:
        expected = step * config.seq_len * config.batch_size
        raise obj.fail(
            "chars", f"must be step x config.seq_len x config.batch_size = {expected}, not {chars}"
        )
    optimizer_steps = obj.integer("optimizer_steps", high=MAX_STEP)
    if optimizer_steps != step:
        raise obj.fail("optimizer_steps", f"must equal step ({step}), not {optimizer_steps}")
    val_loss = obj.number("val_loss", nullable=True, default=None)
    best_val_loss = obj.number("best_val_loss", nullable=True, default=None)
    if val_loss is not None and best_val_loss is not None and best_val_loss > val_loss:
        raise obj.fail("best_val_loss", f"must not exceed val_loss, not {best_val_loss!r}")
    history = _read_history(obj)
    _check_history_steps(obj, history, step)
    return TrainerState(
        step=step,
        chars=chars,
        position=obj.integer("position", high=_position_limit(config, corpus)),
        elapsed=obj.number("elapsed", default=0.0),
        optimizer_steps=optimizer_steps,
        learning_rate=obj.hyperparameter("learning_rate"),
        clip=obj.hyperparameter("clip"),
        smoothed_loss=obj.number("smoothed_loss", nullable=True, default=None),
        last_loss=obj.number("last_loss", nullable=True, default=None),
        val_loss=val_loss,
        best_val_loss=best_val_loss,
        chars_per_sec=obj.number("chars_per_sec", default=0.0),
        rng=RngStates(data=_read_rng(obj, "data"), dropout=_read_rng(obj, "dropout")),
        history=history,
        budget=_read_budget(obj, step),
    )


def _read_budget(obj: _Object, step: int) -> Budget | None:
    """The schedule segment: kind, a positive length, a start no later than `step`."""
    if obj.data.get("budget") is None:
        return None
    budget = obj.object("budget")
    kind = budget.text("kind")
    if kind not in BUDGET_KINDS:
        raise budget.fail("kind", f"must be one of {', '.join(BUDGET_KINDS)}, not {_shown(kind)}")
    amount = budget.number("amount")
    if amount <= 0 or (kind == "steps" and not amount.is_integer()):
        whole = "a whole number of steps" if kind == "steps" else "a number of seconds"
        raise budget.fail("amount", f"must be {whole} above 0, not {_shown(amount)}")
    return Budget(
        kind=kind,
        amount=amount,
        start_step=budget.integer("start_step", high=step),
        seconds=budget.number("seconds", default=0.0),
    )


def _position_limit(config: TrainConfig, corpus: CorpusRecord) -> int:
    """The largest offset the trainer can hold: its streams' segment plus one chunk, less one
    (a chunk is read while the offset is inside the segment). Unknown text: no text bound."""
    if corpus.num_chars is None:
        return MAX_COUNT
    from tui_charrnn.engine.text import split_sizes

    train_chars, _ = split_sizes(corpus.num_chars, config.val_fraction)
    segment = max(train_chars // config.batch_size, 1)
    return segment + config.seq_len - 1


def _check_history_steps(obj: _Object, history: LossHistory, step: int) -> None:
    latest = max([*history.steps, *(point for point, _ in history.val)], default=0)
    if latest > step:
        raise obj.where.wrap(
            obj.name("history"), f"has a point at step {latest}, after the checkpoint's {step}"
        )


def _read_rng(obj: _Object, key: str) -> dict:
    """A numpy PCG64 state, with every number inside the range numpy accepts."""
    rng = obj.object("rng").object(key)
    name = rng.text("bit_generator")
    if name != _BIT_GENERATOR:
        raise rng.fail("bit_generator", f"must be {_BIT_GENERATOR!r}, not {_shown(name)}")
    inner = rng.object("state")
    return {
        "bit_generator": name,
        "state": {
            "state": inner.integer("state", high=2**128 - 1),
            "inc": inner.integer("inc", high=2**128 - 1),
        },
        "has_uint32": rng.integer("has_uint32", high=1),
        "uinteger": rng.integer("uinteger", high=2**32 - 1),
    }


__all__ = [
    "RUN_FORMAT_VERSION",
    "STATE_VERSION",
    "STATUSES",
    "CheckpointMeta",
    "CorpusRecord",
    "RngStates",
    "RunInfo",
    "TrainerState",
    "as_checkpoint_meta",
    "decode_run_json",
    "parse_run_info",
    "parse_time",
    "read_checkpoint",
]
