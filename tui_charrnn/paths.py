"""Where things live: the user data folder, the bundled and downloaded corpora, recent files.

Nothing here creates folders on import; functions that write create what they need.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from tui_charrnn.engine.datadir import APP_NAME, DATA_DIR_ENV, data_dir, runs_dir  # noqa: F401
from tui_charrnn.engine.errors import CorpusError
from tui_charrnn.engine.loading import BUILTIN_PYTHON, python_stdlib_corpus_path
from tui_charrnn.engine.sources import CorpusSource, load_registry
from tui_charrnn.engine.storage import atomic_write_bytes

# data_dir, runs_dir, APP_NAME and DATA_DIR_ENV are the engine's (datadir.py), re-exported here.
CORPORA_INDEX = "corpora.json"
MAX_RECENT = 10


def recent_files_path() -> Path:
    return data_dir() / "recent.json"


def fetched_corpora_dir() -> Path:
    """Where downloaded corpora are stored, one ``<name>.txt`` each (not created here)."""
    return data_dir() / "corpora"


# ---- bundled corpora --------------------------------------------------------------------------


def bundled_corpora_dir() -> Path:
    """The folder holding the sample corpora shipped with the app.

    An installed wheel has it inside the package (pyproject force-includes it there); a source
    checkout has it next to the package at the repository root.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "sample_corpora", package.parent / "sample_corpora"):
        if candidate.is_dir():
            return candidate
    return package / "sample_corpora"  # missing: callers then see no bundled corpora


@dataclass(frozen=True)
class BundledCorpus:
    name: str  # file stem, what users type: "dialogue"
    title: str  # short display title
    description: str  # one sentence for the corpus picker
    path: Path


def bundled_corpora(directory: Path | None = None) -> list[BundledCorpus]:
    """The bundled corpora in display order; the first is the default.

    Read from ``corpora.json`` (a list of ``{"file", "title", "description"}``) when present,
    else every ``*.txt`` in the folder, alphabetically. Listed files that are missing are left
    out so a half-installed folder still offers what it has.
    """
    folder = bundled_corpora_dir() if directory is None else Path(directory)
    index = folder / CORPORA_INDEX
    if not index.is_file():
        if not folder.is_dir():
            return []
        return [
            BundledCorpus(name=p.stem, title=p.stem, description="", path=p)
            for p in sorted(folder.glob("*.txt"))
            if p.is_file()
        ]
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CorpusError(f"cannot read the bundled corpus list {index}: {error}") from None
    if not isinstance(entries, list):
        raise CorpusError(f"the bundled corpus list {index} must be a JSON list")
    corpora: list[BundledCorpus] = []
    for entry in entries:
        file = entry.get("file") if isinstance(entry, dict) else None
        # Only plain file names: the index must not point outside its folder.
        if not isinstance(file, str) or not file or Path(file).name != file:
            raise CorpusError(f"the bundled corpus list {index} has an invalid entry: {entry!r}")
        path = folder / file
        if not path.is_file():
            continue
        name = Path(file).stem
        corpora.append(
            BundledCorpus(
                name=name,
                title=str(entry.get("title") or name),
                description=str(entry.get("description") or ""),
                path=path,
            )
        )
    return corpora


def default_corpus() -> BundledCorpus:
    """The corpus used when none is chosen: the first bundled one."""
    corpora = bundled_corpora()
    if not corpora:
        raise CorpusError(f"no bundled corpora found in {bundled_corpora_dir()}")
    return corpora[0]


def resolve_corpus_arg(arg: str) -> Path:
    """Turn a user's corpus argument into a path.

    ``python-stdlib`` is the standard library folder; a bundled corpus name ("dialogue", or its
    file name "dialogue.txt") wins over a same-named file in the current folder (write
    ``./dialogue`` for that), and so does a downloadable corpus name ("tinyshakespeare"), which
    must have been fetched first; anything else is a file or folder path, which must exist.
    """
    text = str(arg).strip()
    if not text:
        raise CorpusError("no corpus given")
    if text == BUILTIN_PYTHON:
        return python_stdlib_corpus_path()
    corpora = bundled_corpora()
    for corpus in corpora:
        if text == corpus.name:
            return corpus.path
    downloadable = downloadable_corpora()
    for entry in downloadable:
        if text == entry.source.name:
            return _fetched_path(entry)
    path = Path(text).expanduser()
    if path.exists():
        return path.resolve()
    for corpus in corpora:
        if text == corpus.path.name:
            return corpus.path
    for entry in downloadable:
        if text == entry.path.name:
            return _fetched_path(entry)
    names = ", ".join([c.name for c in corpora] + [BUILTIN_PYTHON])
    extra = ", ".join(entry.source.name for entry in downloadable)
    extra = f"; downloadable: {extra}" if extra else ""
    raise CorpusError(f"no such file or bundled corpus: {text} (bundled corpora: {names}{extra})")


# ---- downloadable corpora ---------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadableCorpus:
    source: CorpusSource  # the registry entry: name, URL, size, SHA-256, description, credit
    path: Path  # where the verified text lives once fetched: <data dir>/corpora/<name>.txt
    fetched: bool  # whether that file is there now (it only ever appears after verification)


def downloadable_corpora() -> list[DownloadableCorpus]:
    """Every registry corpus in registry order, with where it is stored and whether it is."""
    folder = fetched_corpora_dir()
    entries = []
    for source in load_registry():
        path = folder / source.file_name
        entries.append(DownloadableCorpus(source=source, path=path, fetched=path.is_file()))
    return entries


def _fetched_path(entry: DownloadableCorpus) -> Path:
    if entry.path.is_file():
        return entry.path
    name = entry.source.name
    raise CorpusError(
        f"{name} is not downloaded yet; get it with: charrnn-tui corpora fetch {name}"
    )


# ---- recent files -----------------------------------------------------------------------------


def load_recent() -> list[str]:
    """Recently opened corpus paths, most recent first; a missing or corrupt list is empty."""
    try:
        data = json.loads(recent_files_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    seen: set[str] = set()
    recent: list[str] = []
    for item in data:
        if isinstance(item, str) and item and item not in seen:
            seen.add(item)
            recent.append(item)
    return recent[:MAX_RECENT]


def remember_recent(path: str | os.PathLike[str]) -> list[str]:
    """Put ``path`` first in the recent list (absolute, no duplicates, at most 10); return it.

    Best effort: a list that cannot be written is not worth failing a training run over.
    """
    text = os.fspath(path)
    entry = text if text == BUILTIN_PYTHON else os.path.abspath(os.path.expanduser(text))
    recent = [entry] + [item for item in load_recent() if item != entry]
    recent = recent[:MAX_RECENT]
    target = recent_files_path()
    data = json.dumps(recent, indent=1, ensure_ascii=False).encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)  # a crash mid-write never leaves half a list
    except OSError:
        pass
    return recent
