"""The streaming loader: turn a text file or a folder of text files into a Corpus (text.py).

Loading streams the input in chunks so that a large file never exists in memory as one
``bytes`` object, one ``str`` and one list of characters at the same time. It makes two passes:

1. read and decode every chunk to validate the input, collect the character set and count
   the characters (nothing decoded is kept);
2. read the same bytes again and encode each chunk straight into a preallocated id array of the
   smallest unsigned dtype that fits the vocabulary, hashing the text as it goes.

Peak memory is therefore the id array plus a few chunks of working space, whatever the text.
"""

from __future__ import annotations

import codecs
import fnmatch
import hashlib
import os
import re
import sysconfig
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tui_charrnn.engine.errors import CorpusError
from tui_charrnn.engine.text import Corpus, Vocabulary, make_source_info
from tui_charrnn.formatting import byte_size

__all__ = [
    "BUILTIN_PYTHON",
    "CHUNK_SIZE",
    "DEFAULT_FILE_MAX_BYTES",
    "DEFAULT_FOLDER_MAX_BYTES",
    "IGNORED_DIR_NAMES",
    "SKIP_REASONS",
    "folder_summary",
    "load_corpus",
    "skipped_summary",
    "python_stdlib_corpus_path",
]

# Bytes read per chunk. Read at call time (not bound as a default argument) so tests can shrink
# it to a few bytes and exercise every chunk boundary.
CHUNK_SIZE = 1 << 20
# Bytes at the start of each file inspected to decide whether it is binary.
SNIFF_BYTES = 8192
# More than this fraction of control characters in the sniffed text means "binary".
BINARY_CONTROL_FRACTION = 0.3

DEFAULT_FILE_MAX_BYTES = 1 << 30  # a single file larger than this is refused
DEFAULT_FOLDER_MAX_BYTES = 50 << 20  # a folder corpus stops (truncated) at this many bytes

FOLDER_SEPARATOR = "\n\n"  # joins the files of a folder corpus
MAX_SKIPPED_EXAMPLES = 5  # how many skipped files are named in source_info

# Name of the built-in "Python code" corpus: the running interpreter's standard library.
BUILTIN_PYTHON = "python-stdlib"
PYTHON_STDLIB_GLOB = "*.py"

# Folders never descended into: hidden ones (by the leading dot) and these vendored, generated
# or tool-owned ones, whose files are someone else's code or a build's output, not the user's text.
# Their contents are ignored, not counted as skipped (like files listed in a .gitignore).
IGNORED_DIR_NAMES = frozenset(
    """
    __pycache__ node_modules bower_components site-packages dist-packages venv
    dist build _build target vendor third_party CVS htmlcov __MACOSX
    """.split()
)
# A folder holding this file is a Python virtual environment, whatever its name.
VENV_MARKER = "pyvenv.cfg"
# Why a file of a folder was left out, in the order they are listed; the keys of
# source_info["skipped_by_reason"].
SKIP_REASONS = ("binary", "undecodable", "unreadable")

ProgressCallback = Callable[[float], Any]


def python_stdlib_corpus_path() -> Path:
    """The running Python's standard library source folder, a large built-in code corpus."""
    return Path(sysconfig.get_paths()["stdlib"])


class _Progress:
    """Turns raw fractions into at most ~100 strictly increasing callback calls ending at 1.0."""

    STEP = 0.01

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._last = 0.0

    def update(self, fraction: float) -> None:
        if self._callback is None:
            return
        fraction = min(max(fraction, 0.0), 1.0)
        if fraction >= self._last + self.STEP and fraction < 1.0:
            self._last = fraction
            self._callback(fraction)

    def done(self) -> None:
        if self._callback is not None and self._last < 1.0:
            self._last = 1.0
            self._callback(1.0)


@dataclass
class _Codec:
    name: str  # canonical codec name, e.g. "utf-8", "iso8859-1"
    label: str  # for messages: "UTF-8" or the name the user gave
    may_contain_nul: bool  # UTF-16/32 text is full of NUL bytes; others are not


def _lookup_codec(encoding: str) -> _Codec:
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise CorpusError(f"unknown encoding {encoding!r}") from None
    # bytes-to-bytes codecs (base64, zlib...) exist in the registry but cannot decode text.
    if not getattr(info, "_is_text_encoding", True):
        raise CorpusError(f"{encoding!r} is not a text encoding")
    label = "UTF-8" if info.name in ("utf-8", "utf-8-sig") else encoding
    return _Codec(info.name, label, info.name.startswith(("utf-16", "utf-32")))


class _Unusable(Exception):
    """A file cannot be part of a corpus (internal).

    ``kind`` is "binary", "unreadable" or "undecodable"; ``reason`` is a short phrase for lists
    of skipped files. A single-file load turns it into a full CorpusError message.
    """

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason

    def message(self, display: str, codec: _Codec) -> str:
        if self.kind == "binary":
            return f"{display} looks like a binary file, not text"
        if self.kind == "undecodable":
            # latin-1 decodes any bytes, so it is the useful suggestion after UTF-8 fails.
            other = "another encoding such as latin-1" if codec.label == "UTF-8" else "another one"
            return f"{display} is {self.reason}; it may be in {other}"
        return f"cannot read {display}: {self.reason}"


def _unreadable(error: OSError) -> _Unusable:
    reason = (
        "permission denied"
        if isinstance(error, PermissionError)
        else (error.strerror or str(error))
    )
    return _Unusable("unreadable", reason)


# C0 and C1 control characters other than the whitespace ones (\t \n \v \f \r).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _sniff(head: bytes, codec: _Codec, *, whole_file: bool) -> None:
    """Judge a file by its first bytes; raise _Unusable("binary" or "undecodable") if not text.

    Binary: a NUL byte (impossible in text outside UTF-16/32), or more than
    BINARY_CONTROL_FRACTION control characters. Undecodable: bytes invalid in the encoding.
    The prefix is decoded incrementally and, unless it is the whole file, not flushed, so a
    multi-byte character cut at the end of the prefix is held back, not mistaken for an error.
    """
    if not head:
        return
    if not codec.may_contain_nul and b"\x00" in head:
        raise _Unusable("binary", "binary")
    # Lenient first: a binary file is called binary even when it is also invalid text.
    lenient = codecs.getincrementaldecoder(codec.name)("replace").decode(head, whole_file)
    if len(_BINARY_CONTROLS.findall(lenient)) > BINARY_CONTROL_FRACTION * len(lenient):
        raise _Unusable("binary", "binary")
    try:
        codecs.getincrementaldecoder(codec.name)("strict").decode(head, whole_file)
    except UnicodeDecodeError as error:
        raise _undecodable(codec, error.start, head[error.start : error.start + 1]) from None


def _undecodable(codec: _Codec, offset: int, bad: bytes) -> _Unusable:
    shown = f" (0x{bad[0]:02x})" if bad else ""
    return _Unusable("undecodable", f"not valid {codec.label} at byte {offset}{shown}")


def _decoded_chunks(
    handle: Any,
    codec: _Codec,
    *,
    limit: int | None,
    complete: bool,
    on_bytes: Callable[[int], None],
) -> Iterator[str]:
    """Decode an open binary file chunk by chunk into normalised text.

    Reads at most ``limit`` bytes (all when None). ``complete`` says whether those bytes are the
    whole file: only then is the decoder flushed, so a multi-byte character cut by the limit is
    dropped instead of reported as an error. A leading BOM is removed and ``\\r\\n`` becomes
    ``\\n`` even when the pair straddles two chunks. Raises _Unusable("undecodable") naming the
    absolute byte offset of the first bad byte.
    """
    decoder = codecs.getincrementaldecoder(codec.name)("strict")
    fed = 0  # bytes passed to the decoder so far
    at_start = True  # no character produced yet: strip a BOM from the first ones
    held_cr = False  # a trailing "\r" waits to see whether the next chunk starts with "\n"
    chunk_size = max(1, int(CHUNK_SIZE))
    while True:
        want = chunk_size if limit is None else min(chunk_size, limit - fed)
        data = handle.read(want) if want > 0 else b""
        # The decoder may hold the start of a multi-byte character from the previous chunk;
        # error positions count from that pending data, not from the new bytes.
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(data, not data and complete)
        except UnicodeDecodeError as error:
            offset = fed - pending + error.start
            bad = error.object[error.start : error.start + 1]
            raise _undecodable(codec, offset, bad) from None
        fed += len(data)
        if data:
            on_bytes(len(data))
        if at_start and text:
            at_start = False
            if text[0] == "\ufeff":
                text = text[1:]
        if held_cr:
            text = "\r" + text
            held_cr = False
        if data and text.endswith("\r"):
            held_cr = True
            text = text[:-1]
        if text:
            yield text.replace("\r\n", "\n")
        if not data:
            return


@dataclass
class _Source:
    """One file that made it into the corpus, and exactly which of its bytes."""

    path: Path
    display: str  # the path as shown in messages
    num_bytes: int  # bytes consumed in the first pass; the second pass reads the same ones
    complete: bool  # those bytes are the whole file (else it was cut at the size cap)
    num_chars: int  # characters they decode to, after normalisation


def _scan_file(
    path: Path,
    display: str,
    codec: _Codec,
    *,
    limit: int | None,
    on_bytes: Callable[[int], None],
) -> tuple[_Source, set[str]]:
    """First pass over one file: sniff, decode everything, collect and count its characters.

    Reads at most ``limit`` bytes. Raises _Unusable for unreadable, binary or undecodable files.
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(SNIFF_BYTES if limit is None else min(SNIFF_BYTES, limit))
            complete = limit is None or size <= limit
            _sniff(head, codec, whole_file=complete and len(head) >= size)
            handle.seek(0)
            chars: set[str] = set()
            num_chars = 0
            for text in _decoded_chunks(
                handle, codec, limit=limit, complete=complete, on_bytes=on_bytes
            ):
                chars.update(text)  # set(str) runs in C: fast enough per chunk
                num_chars += len(text)
            num_bytes = handle.tell()
    except OSError as error:
        raise _unreadable(error) from None
    return _Source(path, display, num_bytes, complete, num_chars), chars


def _encode_source(
    source: _Source,
    codec: _Codec,
    vocab: Vocabulary,
    out: np.ndarray,
    position: int,
    hasher: Any,
    on_bytes: Callable[[int], None],
) -> int:
    """Second pass over one file: encode its text into ``out`` from ``position``; return the end.

    Reads exactly the bytes the first pass read, so a difference means the file changed.
    """
    changed = CorpusError(f"{source.display} changed while it was being loaded; try again")
    try:
        with source.path.open("rb") as handle:
            for text in _decoded_chunks(
                handle, codec, limit=source.num_bytes, complete=source.complete, on_bytes=on_bytes
            ):
                end = position + len(text)
                if end > out.size:
                    raise changed
                try:
                    out[position:end] = vocab.encode(text)
                except CorpusError:
                    raise changed from None
                hasher.update(text.encode("utf-8", "surrogatepass"))
                position = end
    except _Unusable:
        raise changed from None
    except OSError as error:
        raise CorpusError(_unreadable(error).message(source.display, codec)) from None
    return position


def _build(
    name: str,
    path: Path,
    sources: Sequence[_Source],
    chars: set[str],
    codec: _Codec,
    progress: _Progress,
    info: dict[str, Any],
) -> Corpus:
    """Second pass shared by files and folders: encode all sources into one id array."""
    vocab = Vocabulary("".join(sorted(chars)))
    num_separators = len(sources) - 1
    total_chars = sum(s.num_chars for s in sources) + len(FOLDER_SEPARATOR) * num_separators
    ids = np.empty(total_chars, dtype=vocab.dtype)
    hasher = hashlib.sha256()
    total_bytes = max(1, sum(s.num_bytes for s in sources))
    done = 0

    def on_bytes(count: int) -> None:
        nonlocal done
        done += count
        progress.update(0.5 + 0.5 * done / total_bytes)

    separator_ids = vocab.encode(FOLDER_SEPARATOR) if num_separators else None
    position = 0
    for i, source in enumerate(sources):
        if i and separator_ids is not None:
            ids[position : position + separator_ids.size] = separator_ids
            position += separator_ids.size
            hasher.update(FOLDER_SEPARATOR.encode("utf-8"))
        position = _encode_source(source, codec, vocab, ids, position, hasher, on_bytes)
    if position != total_chars:
        raise CorpusError(f"{sources[-1].display} changed while it was being loaded; try again")
    progress.done()
    return Corpus(
        name=name, path=str(path), ids=ids, vocab=vocab, sha256=hasher.hexdigest(), source_info=info
    )


def load_corpus(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8",
    glob: str | Sequence[str] | None = None,
    max_bytes: int | None = None,
    progress: ProgressCallback | None = None,
) -> Corpus:
    """Load a text file or a folder of text files as a Corpus.

    A file is decoded with ``encoding`` (a leading BOM is dropped, ``\\r\\n`` becomes ``\\n``);
    one larger than ``max_bytes`` (default 1 GiB) is refused.

    A folder is searched recursively, in sorted order, for regular files whose first bytes
    look like text in ``encoding``, whatever their names (README, Makefile, .log and .csv files
    included); ``glob`` (a pattern such as ``"*.py"`` or ``"src/**/*.py"``, or a list of them)
    narrows the choice. Hidden files and folders and vendored or generated folders
    (IGNORED_DIR_NAMES, virtual environments) are never looked into. Binary, undecodable and
    unreadable files are skipped and counted by reason in ``source_info["skipped_by_reason"]``
    (``skipped_summary`` puts them in words). Their texts are joined with a blank line.
    Loading stops once ``max_bytes`` (default 50 MiB) of text is read, cutting the last file,
    and ``source_info["truncated"]`` is set. The Python standard library folder (see
    python_stdlib_corpus_path) defaults to ``*.py`` and is named "python-stdlib".

    ``progress(fraction)`` is called at most about 100 times with increasing fractions, the last
    being 1.0; it runs on the calling thread and may raise to abandon the load.

    Raises CorpusError with a one-line message for anything unusable.
    """
    codec = _lookup_codec(encoding)
    if max_bytes is not None and max_bytes <= 0:
        raise CorpusError(f"size limit must be positive, not {max_bytes}")
    raw = Path(os.path.expanduser(os.fspath(path)))
    display = str(raw)
    try:
        is_dir = raw.is_dir()
        is_file = not is_dir and raw.is_file()
        exists = is_dir or is_file or raw.exists()
    except OSError as error:
        raise CorpusError(_unreadable(error).message(display, codec)) from None
    if not exists:
        raise CorpusError(f"no such file: {display}")
    if not (is_dir or is_file):
        # A FIFO or device could block forever or never end.
        raise CorpusError(f"{display} is not a regular file or folder")
    # Absolute but not resolved: a symlinked file keeps the name the user gave it.
    absolute = Path(os.path.abspath(raw))
    reporter = _Progress(progress)
    if is_dir:
        return _load_folder(absolute, display, codec, glob, max_bytes, reporter)
    if glob is not None:
        raise CorpusError(f"a file pattern only applies to folders, and {display} is a file")
    return _load_file(absolute, display, codec, max_bytes, reporter)


def _load_file(
    path: Path, display: str, codec: _Codec, max_bytes: int | None, progress: _Progress
) -> Corpus:
    limit = DEFAULT_FILE_MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CorpusError(_unreadable(error).message(display, codec)) from None
    if size > limit:
        raise CorpusError(
            f"{display} is {byte_size(size)}, over the {byte_size(limit)} limit for one "
            "file; raise the size limit or use part of the file"
        )
    done = 0

    def on_bytes(count: int) -> None:
        nonlocal done
        done += count
        progress.update(0.5 * done / max(1, size))

    try:
        source, chars = _scan_file(path, display, codec, limit=None, on_bytes=on_bytes)
    except _Unusable as error:
        hint = "encoding" if error.kind == "undecodable" else None
        raise CorpusError(error.message(display, codec), hint=hint) from None
    if source.num_chars == 0:
        raise CorpusError(f"{display} is empty")
    if all(ch.isspace() for ch in chars):
        raise CorpusError(f"{display} contains only whitespace")
    info = make_source_info(
        encoding=codec.name, files_used=1, bytes_read=source.num_bytes, folder=False
    )
    return _build(path.stem or path.name, path, [source], chars, codec, progress, info)


# ---- folders ---------------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a path glob: ``**/`` spans any folders, ``*`` and ``?`` stay within one name."""
    parts: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            parts.append(".*")
            i += 2
        elif pattern[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            parts.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (close := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : close].replace("\\", "\\\\")
            parts.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = close + 1
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(parts) + r"\Z")


def _file_matcher(glob: str | Sequence[str] | None) -> Callable[[str], bool]:
    """A predicate on a file's path relative to the folder, with ``/`` separators."""
    if glob is None:
        return lambda rel: True  # every file; the content decides (see _sniff)
    patterns = [glob] if isinstance(glob, str) else list(glob)
    patterns = [p.strip().replace("\\", "/") for p in patterns if p and p.strip()]
    if not patterns:
        raise CorpusError("the file pattern is empty")
    checks: list[Callable[[str], bool]] = []
    for pattern in patterns:
        if "/" in pattern:
            regex = _glob_regex(pattern.lstrip("/"))
            checks.append(lambda rel, regex=regex: regex.match(rel) is not None)
        else:
            # A bare name pattern ("*.py") matches in every folder, like "**/*.py".
            checks.append(lambda rel, p=pattern: fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], p))
    return lambda rel: any(check(rel) for check in checks)


@dataclass
class _Listing:
    """What a folder walk found."""

    files: list[str]  # relative paths of candidate files, "/"-separated, sorted
    ignored: int  # hidden files and hidden, vendored or generated folders not looked into


def _ignored_folder(folder: str, name: str) -> bool:
    if name.startswith(".") or name in IGNORED_DIR_NAMES:
        return True
    return os.path.isfile(os.path.join(folder, name, VENV_MARKER))


def _collect_files(root: Path, display: str, matches: Callable[[str], bool]) -> _Listing:
    """Matching regular files under ``root``, sorted, never following folder links."""
    try:
        os.scandir(root).close()  # surface an unreadable top folder; deeper ones are skipped
    except OSError as error:
        raise CorpusError(f"cannot read {display}: {_unreadable(error).reason}") from None
    found: list[str] = []
    ignored = 0
    # followlinks=False: symlinked folders are listed but not entered, so no loops.
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        kept = [d for d in dirnames if not _ignored_folder(folder, d)]
        ignored += len(dirnames) - len(kept)
        dirnames[:] = kept
        rel_folder = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel_folder == "." else rel_folder + "/"
        for filename in filenames:
            rel = prefix + filename
            if filename.startswith("."):
                ignored += 1
            elif matches(rel) and os.path.isfile(os.path.join(folder, filename)):
                found.append(rel)  # isfile: no FIFOs, sockets or devices (they may block)
    # Sort by path components so the order is the same on every platform and file system.
    found.sort(key=lambda rel: rel.split("/"))
    return _Listing(found, ignored)


def skipped_summary(info: dict[str, Any]) -> str:
    """The skipped files of a folder corpus in words: "2 binary, 1 not UTF-8" ("" if none)."""
    encoding = str(info.get("encoding") or "utf-8")
    not_valid = "not UTF-8" if encoding in ("utf-8", "utf-8-sig") else f"not {encoding}"
    words = {"binary": "binary", "undecodable": not_valid, "unreadable": "unreadable"}
    counts = info.get("skipped_by_reason") or {}
    return ", ".join(f"{counts[key]} {words[key]}" for key in SKIP_REASONS if counts.get(key))


def folder_summary(info: dict[str, Any]) -> str:
    """One line on a folder corpus: "using 41 files (2.1 MB); skipped 3: 2 binary, 1 not UTF-8"."""
    used = int(info.get("files_used") or 0)
    line = f"using {used} file{'s' if used != 1 else ''} ({byte_size(info.get('bytes_read') or 0)})"
    skipped = int(info.get("files_skipped") or 0)
    if skipped:
        line += f"; skipped {skipped}: {skipped_summary(info)}"
    if info.get("files_empty"):
        line += f"; {info['files_empty']} empty"
    if info.get("truncated"):
        line += "; cut at the size limit"
    return line


@dataclass
class _FolderScan:
    """The first pass over a folder's candidate files."""

    sources: list[_Source]  # the files used, in order
    chars: set[str]  # every character they contain
    skipped: dict[str, int]  # files left out, by reason (the keys of SKIP_REASONS)
    examples: list[str]  # the first few skipped files: "blob.png (binary)"
    empty: int  # empty or whitespace-only files (nothing to learn from; not "skipped")
    used_bytes: int  # bytes of the files used
    truncated: bool  # the size cap was reached before the last candidate's end


def _scan_folder(
    root: Path, display: str, relpaths: list[str], codec: _Codec, cap: int, progress: _Progress
) -> _FolderScan:
    # First-pass progress: bytes read over the bytes we expect to read, at most the cap.
    expected = 0
    for rel in relpaths:
        try:
            expected += (root / rel).stat().st_size
        except OSError:
            pass  # reported when the file is opened
    expected = max(1, min(expected, cap))
    scanned = 0

    def on_bytes(count: int) -> None:
        nonlocal scanned
        scanned += count
        progress.update(0.5 * scanned / expected)

    scan = _FolderScan([], set(), dict.fromkeys(SKIP_REASONS, 0), [], 0, 0, False)
    for rel in relpaths:
        if scan.used_bytes >= cap:
            scan.truncated = True  # files remain, but the cap is reached
            break
        file_display = os.path.join(display, *rel.split("/"))
        try:
            source, file_chars = _scan_file(
                root / rel, file_display, codec, limit=cap - scan.used_bytes, on_bytes=on_bytes
            )
        except _Unusable as error:
            scan.skipped[error.kind] += 1
            if len(scan.examples) < MAX_SKIPPED_EXAMPLES:
                scan.examples.append(f"{rel} ({error.reason})")
            continue
        if source.num_chars and not all(ch.isspace() for ch in file_chars):
            scan.sources.append(source)
            scan.chars |= file_chars
            scan.used_bytes += source.num_bytes
        else:
            scan.empty += 1
        if not source.complete:
            scan.truncated = True  # this file was cut at the cap
            break
    return scan


def _load_folder(
    root: Path,
    display: str,
    codec: _Codec,
    glob: str | Sequence[str] | None,
    max_bytes: int | None,
    progress: _Progress,
) -> Corpus:
    name = root.name or str(root)
    if glob is None and _is_python_stdlib(root):
        glob = PYTHON_STDLIB_GLOB
        name = BUILTIN_PYTHON
    cap = DEFAULT_FOLDER_MAX_BYTES if max_bytes is None else max_bytes
    listing = _collect_files(root, display, _file_matcher(glob))
    if not listing.files:
        if glob is not None:
            raise CorpusError(f"no files matching {glob!r} in folder {display}")
        hidden = f" ({listing.ignored} hidden or vendored ignored)" if listing.ignored else ""
        raise CorpusError(f"no files in folder {display}{hidden}")
    scan = _scan_folder(root, display, listing.files, codec, cap, progress)
    info = make_source_info(
        encoding=codec.name,
        files_used=len(scan.sources),
        files_skipped=sum(scan.skipped.values()),
        skipped_by_reason=scan.skipped,
        skipped_examples=scan.examples,
        files_empty=scan.empty,
        bytes_read=scan.used_bytes,
        truncated=scan.truncated,
        folder=True,
    )
    if not scan.sources:
        raise CorpusError(_nothing_usable(display, glob, info, scan.examples))
    if len(scan.sources) > 1:
        scan.chars.update(FOLDER_SEPARATOR)
    return _build(name, root, scan.sources, scan.chars, codec, progress, info)


def _nothing_usable(
    display: str, glob: str | Sequence[str] | None, info: dict[str, Any], examples: list[str]
) -> str:
    """One line: "no text files in folder X (2 binary, 1 not UTF-8, 1 empty; e.g. a.png ...)"."""
    parts = [skipped_summary(info)] if info["files_skipped"] else []
    if info["files_empty"]:
        parts.append(f"{info['files_empty']} empty")
    detail = ", ".join(parts)
    if examples:
        detail += "; e.g. " + ", ".join(examples)
    looked_for = f"text files matching {glob!r}" if glob is not None else "text files"
    return f"no {looked_for} in folder {display} ({detail})"


def _is_python_stdlib(folder: Path) -> bool:
    try:
        return folder.resolve() == python_stdlib_corpus_path().resolve()
    except OSError:
        return False
