"""Texts to inspect: a file checked as the corpus loader checks it, or a run's validation text."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.inspect.errors import InspectError
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.runs import open_run
from tui_charrnn.engine.schema import read_checkpoint

DEFAULT_VAL_FRACTION = 0.1  # for runs trained without a validation split


def read_text(path: str | Path, *, encoding: str = "utf-8") -> str:
    """The text of a file, refused (CorpusError, one line) when missing, empty, binary or not
    decodable: the corpus loader's checks. Newlines are normalised as for training."""
    corpus = load_corpus(path, encoding=encoding)
    return corpus.vocab.decode(corpus.ids)


def stored_corpus(source: str | Path, *, root: Path | None = None) -> dict:
    """What a run (run.json) or a checkpoint file records of its training corpus ({} if none)."""
    path = Path(source)
    if path.suffix == ".npz" or path.is_file():
        record = read_checkpoint(path)[1].corpus
    else:
        record = open_run(str(source), root).record.corpus
    return record.to_dict()


def validation_start(
    path: str | Path, *, val_fraction: float, max_chars: int, encoding: str = "utf-8"
) -> str:
    """The first `max_chars` characters of a corpus's validation split (its last fraction)."""
    corpus = load_corpus(path, encoding=encoding)
    fraction = val_fraction if val_fraction > 0 else DEFAULT_VAL_FRACTION
    n_val = math.floor(corpus.num_chars * fraction + 1e-9)
    if n_val < 2:
        raise InspectError(f"the validation split of {path} is too short to inspect")
    val = corpus.ids[corpus.num_chars - n_val :]
    return corpus.vocab.decode(val[:max_chars])


def default_text(
    source: str | Path,
    config,
    *,
    max_chars: int,
    root: Path | None = None,
    bundled: Mapping[str, Path] | None = None,
) -> tuple[str, str]:
    """(text, where it came from) for inspecting a run when no text is given: the start of the
    validation split of the run's stored corpus, or, when that file is gone, of the bundled
    corpus of the same name (`bundled` maps names to paths)."""
    info = stored_corpus(source, root=root)
    encoding = info.get("encoding") if isinstance(info.get("encoding"), str) else "utf-8"
    val_fraction = float(getattr(config, "val_fraction", DEFAULT_VAL_FRACTION))
    candidates = []
    if isinstance(info.get("path"), str):
        candidates.append(Path(info["path"]))
    name = info.get("name")
    if bundled and isinstance(name, str) and name in bundled:
        candidates.append(Path(bundled[name]))
    problems = []
    for path in candidates:
        try:
            text = validation_start(
                path, val_fraction=val_fraction, max_chars=max_chars, encoding=encoding
            )
        except CharRNNError as error:
            problems.append(str(error))
            continue
        return text, f"the start of the validation split of {path}"
    detail = f" ({problems[-1]})" if problems else ""
    raise InspectError(f"the run's training text is not available{detail}; give a text file")
