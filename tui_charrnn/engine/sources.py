"""Corpora downloaded on demand: a registry kept as data, and a fetch that verifies before use.

The registry is ``sources.json`` next to this module, a JSON list of objects with the fields of
:class:`CorpusSource`; adding a downloadable corpus is an edit to that file only.

:func:`fetch_corpus` streams the text into a temporary file in the destination folder, hashing
and counting as it goes, and never reads more than one byte past the expected size. Only when
size and SHA-256 both match is the file renamed into place (``storage.atomic_write``); any
failure, a cancel or an interrupt removes the temporary file, so nothing unverified is ever
found under the final name. The caller chooses the destination folder: the engine knows
nothing of the user's data-folder layout. Standard library only (urllib).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from tui_charrnn import __version__
from tui_charrnn.engine.errors import FetchCancelled, FetchError
from tui_charrnn.engine.storage import atomic_write, remove_stale_temp_files

REGISTRY_PATH = Path(__file__).with_name("sources.json")
DEFAULT_TIMEOUT = 30.0  # seconds that connecting, or waiting for any one chunk, may take
CHUNK_BYTES = 64 * 1024  # read size; progress and cancel are checked once per chunk
_HASH_CHUNK_BYTES = 1024 * 1024
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")  # also the stored file's stem: keep it plain
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_FIELDS = ("name", "title", "url", "size", "sha256", "description", "credit")

ProgressCallback = Callable[[int, int], None]  # (bytes received so far, bytes expected)
CancelCheck = Callable[[], bool]  # returns True to stop the download as soon as possible


@dataclass(frozen=True)
class CorpusSource:
    name: str  # what users type and the stored file's stem: "tinyshakespeare"
    title: str  # short display title: "Tiny Shakespeare"
    url: str  # default download address (http or https); a mirror may be given per fetch
    size: int  # exact length of the text in bytes
    sha256: str  # lowercase hex SHA-256 of those bytes
    description: str  # one sentence for listings
    credit: str  # where the text comes from and on what terms it may be used

    @property
    def file_name(self) -> str:
        """The stored file's name inside the destination folder."""
        return f"{self.name}.txt"


# ---- the registry -----------------------------------------------------------------------------


def load_registry(path: str | Path | None = None) -> tuple[CorpusSource, ...]:
    """Every downloadable corpus, in file order, each field checked.

    Reads ``REGISTRY_PATH`` (looked up at call time, so tests can point it elsewhere) unless
    ``path`` is given. A malformed registry raises :class:`FetchError` naming the entry.
    """
    file = REGISTRY_PATH if path is None else Path(path)
    try:
        entries = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FetchError(f"cannot read the corpus registry {file}: {error}") from None
    if not isinstance(entries, list):
        raise FetchError(f"the corpus registry {file} must be a JSON list")
    sources = tuple(_parse_entry(entry, file) for entry in entries)
    names = [source.name for source in sources]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise FetchError(f"the corpus registry {file} lists {', '.join(repeated)} twice")
    return sources


def _parse_entry(entry: Any, file: Path) -> CorpusSource:
    if not isinstance(entry, dict) or set(entry) != set(_FIELDS):
        raise FetchError(
            f"each entry of the corpus registry {file} needs exactly the fields "
            f"{', '.join(_FIELDS)}: {str(entry)[:80]}"
        )

    def invalid(field: str) -> FetchError:
        return FetchError(f"the corpus registry {file} has an invalid {field}: {entry[field]!r}")

    for field in ("name", "title", "url", "sha256", "description", "credit"):
        if not isinstance(entry[field], str) or not entry[field].strip():
            raise invalid(field)
    if not _NAME.match(entry["name"]):
        raise invalid("name")
    if urlsplit(entry["url"]).scheme not in ("http", "https"):
        raise invalid("url")
    size = entry["size"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise invalid("size")
    if not _SHA256.match(entry["sha256"]):
        raise invalid("sha256")
    return CorpusSource(**{field: entry[field] for field in _FIELDS})


def find_source(name: str, registry: Sequence[CorpusSource] | None = None) -> CorpusSource:
    """The registry entry called ``name``; an unknown name raises, listing the known ones."""
    sources = load_registry() if registry is None else registry
    for source in sources:
        if source.name == name:
            return source
    known = ", ".join(source.name for source in sources) or "none"
    raise FetchError(f"no downloadable corpus named {name!r} (known: {known})")


def matches_source(path: str | Path, source: CorpusSource) -> bool:
    """Whether ``path`` is a regular file with exactly the registry's size and SHA-256."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size != source.size:
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_HASH_CHUNK_BYTES):
                digest.update(chunk)
    except OSError:
        return False
    return digest.hexdigest() == source.sha256


# ---- fetching ---------------------------------------------------------------------------------


def fetch_corpus(
    name: str,
    dest_dir: str | Path,
    *,
    url: str | None = None,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    registry: Sequence[CorpusSource] | None = None,
) -> Path:
    """Download the registry corpus ``name`` into ``dest_dir``/<name>.txt and return that path.

    A file already there with the right size and SHA-256 is returned without any download.
    ``url`` replaces the registry's address (a mirror); the registry's size and checksum still
    apply. ``progress(received, expected)`` is called from the calling thread after every
    chunk (first with 0); ``should_cancel()`` is polled before connecting and between chunks,
    so a cancel takes effect within one chunk or one ``timeout``. Every failure raises
    :class:`FetchError` (:class:`FetchCancelled` for a cancel) with one line, and leaves no
    temporary file and nothing under the final name that was not there before.
    """
    source = find_source(name, registry)
    address = source.url if url is None else url
    host = _host_of(address, source)  # a bad address is refused even when nothing is needed
    folder = Path(dest_dir)
    target = folder / source.file_name
    if matches_source(target, source):
        return target
    _check_cancel(should_cancel, source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FetchError(f"cannot save {source.name} in {folder}: {_reason(error)}") from None
    remove_stale_temp_files(folder)  # litter from a download that was killed outright
    download = _Download(source, host, timeout, progress, should_cancel)
    with download.open(address) as response:
        download.check_length(response)
        try:
            atomic_write(target, lambda handle: download.stream(response, handle))
        except OSError as error:
            # Network errors were turned into FetchError while streaming: this is the disk.
            raise FetchError(f"cannot save {source.name} in {folder}: {_reason(error)}") from None
    return target


@dataclass
class _Download:
    """One transfer's settings, so each step can word its errors the same way."""

    source: CorpusSource  # what is expected: name, size, checksum
    host: str  # shown in messages: "raw.githubusercontent.com" or "127.0.0.1:8000"
    timeout: float  # seconds per connect or read
    progress: ProgressCallback | None  # see fetch_corpus
    should_cancel: CancelCheck | None  # see fetch_corpus

    def failed(self, reason: str) -> FetchError:
        return FetchError(f"could not download {self.source.name} from {self.host}: {reason}")

    def open(self, address: str) -> http.client.HTTPResponse:
        request = urllib.request.Request(
            address, headers={"User-Agent": f"charrnn-tui/{__version__}"}
        )
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            error.close()
            raise self.failed(f"HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise self.failed(self.reason(error.reason)) from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise self.failed(self.reason(error)) from None

    def check_length(self, response: http.client.HTTPResponse) -> None:
        """Refuse early when the server announces a length other than the expected one."""
        announced = response.headers.get("Content-Length")
        if announced is not None and announced.strip().isdigit():
            length = int(announced)
            if length != self.source.size:
                raise self.failed(
                    f"the server sends {length:,} bytes, expected {self.source.size:,}"
                )

    def stream(self, response: http.client.HTTPResponse, handle: IO[bytes]) -> None:
        """Copy the body to ``handle``; raise unless it is exactly the expected text."""
        expected = self.source.size
        digest = hashlib.sha256()
        received = 0
        self.report(received)
        while True:
            _check_cancel(self.should_cancel, self.source)
            # Ask for at most one byte past the expected size: enough to notice a longer text.
            chunk = self.read(response, min(CHUNK_BYTES, expected + 1 - received))
            if not chunk:
                break
            received += len(chunk)
            if received > expected:
                raise self.failed(f"the text is longer than the expected {expected:,} bytes")
            handle.write(chunk)
            digest.update(chunk)
            self.report(received)
        if received < expected:
            raise self.failed(f"the transfer stopped after {received:,} of {expected:,} bytes")
        got = digest.hexdigest()
        if got != self.source.sha256:
            raise FetchError(
                f"checksum mismatch for {self.source.name} from {self.host}: expected SHA-256 "
                f"{self.source.sha256[:16]}..., got {got[:16]}...; nothing was kept"
            )

    def read(self, response: http.client.HTTPResponse, size: int) -> bytes:
        try:
            return response.read(size)
        except (OSError, http.client.HTTPException) as error:
            raise self.failed(self.reason(error)) from None

    def report(self, received: int) -> None:
        if self.progress is not None:
            self.progress(received, self.source.size)

    def reason(self, error: object) -> str:
        if isinstance(error, TimeoutError):
            return f"no answer within {self.timeout:g} s (timed out)"
        return _reason(error)


def _check_cancel(should_cancel: CancelCheck | None, source: CorpusSource) -> None:
    if should_cancel is not None and should_cancel():
        raise FetchCancelled(f"download of {source.name} cancelled; nothing was kept")


def _host_of(address: str, source: CorpusSource) -> str:
    """The host[:port] of an http(s) address, for messages; anything else is refused."""
    parts = urlsplit(address)
    host = parts.netloc.rpartition("@")[2]  # never show credentials written into a URL
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(
            f"cannot download {source.name} from {address!r}: "
            "only http:// and https:// addresses are supported"
        )
    return host


def _reason(error: object) -> str:
    """The readable part of an error: "Connection refused", not "[Errno 111] ..."."""
    if isinstance(error, OSError) and error.strerror:
        return str(error.strerror)
    if isinstance(error, http.client.IncompleteRead):
        return "the connection closed mid-transfer"
    text = str(error).strip()
    return text or type(error).__name__
