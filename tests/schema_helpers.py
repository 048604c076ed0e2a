"""A real, valid run to damage, and the tools to damage it: shared by the schema tests.

`make_template` trains a tiny run once; `install` copies it into a data folder under a new
name; `mutate_info` / `mutate_meta` rewrite run.json or the checkpoints' metadata (through
`save_checkpoint`, so the checksum stays valid and the damage reaches the schema).
"""

from __future__ import annotations

import copy
import json
import math
import shutil
from collections.abc import Callable
from pathlib import Path

from tui_charrnn.engine.checkpoint import load_checkpoint, save_checkpoint
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.session import Session

TEMPLATE_NAME = "good"
CHECKPOINTS = ("latest.npz", "best.npz")
# Small enough that a resume, a step and a sample take milliseconds.
TINY = TrainConfig(
    model="gru", hidden_size=8, seq_len=6, batch_size=3, eval_every=3, learning_rate=1e-2, seed=3
)


class _Delete:
    """Marks a mutation that removes the field."""

    def __repr__(self) -> str:
        return "DELETE"


class _Extra:
    """Marks a mutation that adds an unknown field next to it (or an item to a list)."""

    def __repr__(self) -> str:
        return "EXTRA"


DELETE, EXTRA = _Delete(), _Extra()

# What a hostile or damaged file may hold instead of a field's value.
MUTATIONS: dict[str, object] = {
    "missing": DELETE,
    "extra": EXTRA,
    "null": None,
    "true": True,
    "string": "seven",
    "numeric string": "3",
    "empty string": "",
    "list": [1, 2],
    "object": {"unexpected": 1},
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "negative": -1,
    "negative float": -0.5,
    "zero": 0,
    "fraction": 0.5,
    "huge int": 10**30,
    "huge float": 1e308,
}
# Mutations that put a value of another JSON type in place (not always wrong: a name may be
# any string), as opposed to out-of-range values of the right type.
TYPE_MUTATIONS = ("true", "string", "list", "object")

FieldPath = tuple  # a path into a JSON document: keys and list indexes


def make_template(folder: Path) -> Path:
    """Train a tiny run (with validation, so every field is filled) on a corpus file in
    `folder`; return the run's folder."""
    text = "".join(f"line {i}: the quick brown fox jumps over the lazy dog.\n" for i in range(60))
    corpus_file = folder / "corpus.txt"
    corpus_file.write_text(text, encoding="utf-8")
    session = Session.create(
        load_corpus(corpus_file), TINY, run_name=TEMPLATE_NAME, root=folder / "runs"
    )
    session.train(max_steps=7, sample_every_seconds=None, checkpoint_every_seconds=None)
    session.run.update_info(status="paused")
    return session.run.path


def install(template: Path, data_dir: Path, name: str) -> Path:
    """A copy of the template run in `data_dir`'s runs folder, named `name`."""
    target = data_dir / "runs" / name
    shutil.copytree(template, target)
    info = json.loads((target / "run.json").read_text("utf-8"))
    info["name"] = name
    (target / "run.json").write_text(json.dumps(info), encoding="utf-8")
    return target


def leaf_paths(document: object, prefix: FieldPath = ()) -> list[FieldPath]:
    """Every field of a JSON document, nested ones too; of a list, its first and last items."""
    paths: list[FieldPath] = []
    if isinstance(document, dict):
        for key, value in document.items():
            paths.append((*prefix, key))
            paths.extend(leaf_paths(value, (*prefix, key)))
    elif isinstance(document, list) and document:
        for index in sorted({0, len(document) - 1}):
            paths.append((*prefix, index))
            paths.extend(leaf_paths(document[index], (*prefix, index)))
    return paths


def mutated(document: object, path: FieldPath, value: object) -> object:
    """A deep copy of `document` with the field at `path` replaced, deleted or given a
    neighbour (see MUTATIONS)."""
    result = copy.deepcopy(document)
    parent = result
    for key in path[:-1]:
        parent = parent[key]  # type: ignore[index]
    last = path[-1]
    if value is DELETE:
        del parent[last]  # type: ignore[index,union-attr]
    elif value is EXTRA:
        if isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        else:
            parent["unexpected_field"] = [1, {"a": None}]  # type: ignore[index]
        inner = parent[last]  # type: ignore[index]
        if isinstance(inner, dict):
            inner["unexpected_field"] = "x"
    else:
        parent[last] = copy.deepcopy(value)  # type: ignore[index]
    return result


def dotted(path: FieldPath) -> str:
    """A path as the schema's messages name fields: config.learning_rate, history.val.0."""
    return ".".join(str(key) for key in path)


def read_info(run_dir: Path) -> dict:
    return json.loads((run_dir / "run.json").read_text("utf-8"))


def write_info(run_dir: Path, info: object) -> None:
    # allow_nan: the mutation must reach the reader as written (NaN, Infinity tokens).
    (run_dir / "run.json").write_text(json.dumps(info, allow_nan=True), encoding="utf-8")


def mutate_info(run_dir: Path, change: Callable[[dict], object]) -> None:
    write_info(run_dir, change(read_info(run_dir)))


def read_meta(run_dir: Path, which: str = "latest.npz") -> dict:
    return load_checkpoint(run_dir / which)[1]


def mutate_meta(run_dir: Path, change: Callable[[dict], object]) -> None:
    """Rewrite both checkpoints with changed metadata and a valid checksum."""
    for which in CHECKPOINTS:
        arrays, meta = load_checkpoint(run_dir / which)
        save_checkpoint(run_dir / which, arrays, change(meta))  # type: ignore[arg-type]


def snapshot_files(run_dir: Path) -> dict[Path, bytes]:
    """The bytes of run.json and the checkpoints, to put back after a mutation."""
    return {run_dir / name: (run_dir / name).read_bytes() for name in ("run.json", *CHECKPOINTS)}


def restore_files(saved: dict[Path, bytes]) -> None:
    for path, data in saved.items():
        path.unlink(missing_ok=True)  # best.npz may be a hard link to latest.npz
        path.write_bytes(data)
