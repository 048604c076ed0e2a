"""Checkpoints: one ``.npz`` file holding named arrays plus a JSON header, written atomically.

Layout of a checkpoint (a plain, uncompressed zip archive as written by ``np.savez``):

* ``<name>.npy`` for every array (names may contain ``/``, e.g. ``param/layer0/W``);
* ``__meta__.npy``: a 1-D ``uint8`` array holding UTF-8 JSON::

      {"format": "tui_charrnn-checkpoint", "format_version": 1, "meta": {...},
       "arrays": {name: {"dtype": "<f4", "shape": [65, 256]}, ...}, "checksum": "<sha256>"}

Writing goes through storage.atomic_write (a temporary file, fsynced, then ``os.replace``d over
the target), so a crash or a kill at any moment leaves either the old or the new checkpoint,
never a torn one. Reading never unpickles anything: only plain numeric and boolean arrays are
accepted, every header is checked before memory is allocated for it, and every failure becomes
a one-line :class:`CheckpointError`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np

from tui_charrnn.engine.errors import CheckpointError
from tui_charrnn.engine.storage import atomic_write

FORMAT_NAME = "tui_charrnn-checkpoint"
FORMAT_VERSION = 1

META_NAME = "__meta__"
_NPY_SUFFIX = ".npy"
_META_MEMBER = META_NAME + _NPY_SUFFIX

# numpy dtype kinds we accept: bool, signed/unsigned integers, floats, complex numbers.
# Everything else (objects, strings, void/structured, datetimes) is refused on save and load.
_ALLOWED_KINDS = frozenset("biufc")

# Modest zip-bomb guards. A real checkpoint is far below these (the largest model the config
# allows has about 50M parameters, i.e. a few hundred MB including optimizer state).
MAX_MEMBER_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 16 * 1024**3
MAX_MEMBERS = 100_000
MAX_META_BYTES = 64 * 1024**2

# Read array data in chunks so a large member never needs a second full-size buffer.
_READ_CHUNK = 16 * 1024**2
# A fixed timestamp makes identical states produce byte-identical files.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------------------------


def save_checkpoint(
    path: str | os.PathLike[str], arrays: Mapping[str, np.ndarray], meta: dict
) -> None:
    """Write ``arrays`` and the JSON-serialisable ``meta`` to ``path`` atomically.

    Raises :class:`CheckpointError` for unsupported names or dtypes, non-finite float values,
    metadata that is not JSON, and any filesystem failure (the old file is then untouched).
    """
    path = Path(path)
    clean = _prepare_arrays(arrays)
    header = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "meta": meta,
        "arrays": {
            name: {"dtype": array.dtype.str, "shape": list(array.shape)}
            for name, array in clean.items()
        },
        "checksum": arrays_checksum(clean),
    }
    try:
        # NaN/Infinity are allowed in meta (e.g. "best loss so far = inf" before any evaluation);
        # Python's json reads them back, and only this package reads the header.
        header_bytes = json.dumps(header, default=_json_default, sort_keys=True).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        raise CheckpointError(f"checkpoint metadata is not JSON-serialisable: {exc}") from None

    def write(handle: IO[bytes]) -> None:
        _write_archive(handle, clean, header_bytes)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, write)
    except OSError as exc:
        raise CheckpointError(f"could not save checkpoint to {path}: {_reason(exc)}") from None


def _prepare_arrays(arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Validate names and dtypes, refuse non-finite floats; return C-contiguous arrays."""
    if not isinstance(arrays, Mapping):
        raise CheckpointError("checkpoint arrays must be a mapping of names to arrays")
    clean: dict[str, np.ndarray] = {}
    for name, value in arrays.items():
        _check_name(name)
        array = np.asarray(value)
        if array.dtype.kind not in _ALLOWED_KINDS or array.dtype.fields is not None:
            raise CheckpointError(
                f"cannot save array {name!r} with dtype {array.dtype}: only numeric and boolean "
                "arrays can be stored in a checkpoint"
            )
        # Non-finite values mean training diverged; saving them would overwrite a good
        # checkpoint with a useless one.
        if array.dtype.kind in "fc" and not np.isfinite(array).all():
            raise CheckpointError(
                f"refusing to save a checkpoint with non-finite parameters (NaN or inf in {name})"
            )
        # C order on disk keeps the checksum definition simple and loaded arrays contiguous.
        # (Not np.ascontiguousarray: it would turn 0-d arrays into 1-d ones.)
        clean[name] = array if array.flags.c_contiguous else array.copy(order="C")
    return clean


def _check_name(name: object) -> None:
    if not isinstance(name, str) or not name:
        raise CheckpointError(f"checkpoint array names must be non-empty strings, not {name!r}")
    if name == META_NAME:
        raise CheckpointError(f"{META_NAME!r} is reserved for the checkpoint header")
    if "\x00" in name or "\\" in name or name.startswith("/") or len(name) > 255:
        raise CheckpointError(f"unsupported checkpoint array name {name!r}")


def _write_archive(handle: IO[bytes], arrays: dict[str, np.ndarray], header: bytes) -> None:
    # The same layout np.savez produces, written member by member through our own open file
    # so that atomic_write controls flushing and fsync. Members are stored, not compressed:
    # checkpoints are written every minute and compression would cost far more than disk.
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        _write_member(archive, _META_MEMBER, np.frombuffer(header, dtype=np.uint8))
        for name, array in arrays.items():
            _write_member(archive, name + _NPY_SUFFIX, array)


def _write_member(archive: zipfile.ZipFile, member: str, array: np.ndarray) -> None:
    info = zipfile.ZipInfo(member, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    # force_zip64: the size is not known up front and may exceed 2 GiB (numpy does the same).
    with archive.open(info, "w", force_zip64=True) as out:
        np.lib.format.write_array(out, array, allow_pickle=False)


def arrays_checksum(arrays: Mapping[str, np.ndarray]) -> str:
    """SHA-256 over every array's name, dtype, shape and C-order bytes, in name order.

    ``reshape(-1)`` yields the elements in C order whatever the memory layout (copying only
    when it must), so the checksum depends on values, not on how an array is strided.
    """
    digest = hashlib.sha256()
    for name in sorted(arrays):
        array = arrays[name]
        descriptor = json.dumps([name, array.dtype.str, list(array.shape)])
        digest.update(len(descriptor).to_bytes(8, "little"))
        digest.update(descriptor.encode("utf-8"))
        # A flat uint8 view hashes any dtype (bool and complex included) without a copy.
        digest.update(array.reshape(-1).view(np.uint8).data)
    return digest.hexdigest()


def _json_default(value: Any) -> Any:
    # Be forgiving about numpy scalars/small arrays sneaking into metadata (e.g. a loss that
    # is an np.float32): store them as plain JSON numbers/lists.
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray) and value.dtype.kind in _ALLOWED_KINDS:
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")


def _reason(exc: OSError) -> str:
    if exc.strerror:
        return exc.strerror
    if exc.errno is not None:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

# Everything a hostile or damaged file can make zipfile/numpy/json raise while being read.
_READ_ERRORS = (
    OSError,
    EOFError,
    ValueError,
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    KeyError,
    TypeError,
    OverflowError,
    NotImplementedError,
    RuntimeError,
    MemoryError,
)


class _Invalid(Exception):
    """Internal: the file is readable but not a valid checkpoint (message completes a phrase)."""


def load_checkpoint(
    path: str | os.PathLike[str], *, expect_arrays: Mapping[str, tuple] | None = None
) -> tuple[dict[str, np.ndarray], dict]:
    """Read a checkpoint written by :func:`save_checkpoint`; return ``(arrays, meta)``.

    ``expect_arrays`` maps names to the shapes the caller's model needs; any missing name or
    different shape is refused with a message naming both shapes. Nothing in the file is ever
    executed: object arrays (pickles) are refused before they are read.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            # One open file for every step, so a concurrent atomic replace of ``path`` cannot
            # make us read the header of one checkpoint and the arrays of another.
            arrays, meta = _read_checkpoint(handle)
    except FileNotFoundError:
        raise CheckpointError(f"no checkpoint at {path}") from None
    except IsADirectoryError:
        raise CheckpointError(f"{path} is a folder, not a checkpoint") from None
    except PermissionError as exc:
        raise CheckpointError(f"could not read checkpoint {path}: {_reason(exc)}") from None
    except CheckpointError:
        raise
    except _Invalid as exc:
        raise CheckpointError(f"checkpoint {path} {_printable(str(exc))}") from None
    except RecursionError:
        raise CheckpointError(f"checkpoint {path} is corrupt: header nested too deeply") from None
    except _READ_ERRORS as exc:
        detail = _printable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        if "pickle" in detail.lower():
            raise CheckpointError(
                f"checkpoint {path} contains pickled data; refusing to load"
            ) from None
        raise CheckpointError(f"checkpoint {path} is truncated or damaged ({detail})") from None
    if expect_arrays is not None:
        check_shapes(arrays, expect_arrays, f"checkpoint {path}")
    return arrays, meta


def _printable(text: str, limit: int = 200) -> str:
    """Defuse text taken from a hostile file (entry names, parser messages) for display:
    control characters, which could drive the terminal, become '?', and length is capped."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _read_checkpoint(handle: IO[bytes]) -> tuple[dict[str, np.ndarray], dict]:
    if not zipfile.is_zipfile(handle):
        handle.seek(0)
        # A zip's first bytes with no readable directory at the end: a cut-off checkpoint.
        if handle.read(4) == b"PK\x03\x04":
            raise _Invalid("is truncated or damaged (incomplete .npz archive)")
        raise _Invalid("is not a charrnn-tui checkpoint (not an .npz archive)")
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        members = _vet_members(archive)
        if _META_MEMBER not in members:
            raise _Invalid("is not a charrnn-tui checkpoint (no __meta__ header)")
        header = _parse_header(_read_member(archive, members.pop(_META_MEMBER)))
        declared: dict[str, dict] = header["arrays"]

        present = {member[: -len(_NPY_SUFFIX)]: info for member, info in members.items()}
        for name in declared:
            if name not in present:
                raise _Invalid(f"is corrupt: array {name} listed in the header is missing")
        for name in present:
            if name not in declared:
                raise _Invalid(f"is corrupt: unexpected entry {name}")

        arrays: dict[str, np.ndarray] = {}
        for name, spec in declared.items():
            array = _read_member(archive, present[name])
            found = {"dtype": array.dtype.str, "shape": list(array.shape)}
            if found != spec:
                raise _Invalid(
                    f"is corrupt: array {name} is {found['dtype']} {tuple(found['shape'])}, "
                    f"but the header says {spec['dtype']} {tuple(spec['shape'])}"
                )
            arrays[name] = array

    if arrays_checksum(arrays) != header["checksum"]:
        raise _Invalid("is corrupt: checksum mismatch")
    return arrays, header["meta"]


def _vet_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Check the archive's directory before reading any data; return members by name."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _Invalid(f"is not a plausible checkpoint ({len(infos)} entries)")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if not info.filename.endswith(_NPY_SUFFIX) or len(info.filename) <= len(_NPY_SUFFIX):
            raise _Invalid(f"is corrupt: unexpected entry {info.filename}")
        if info.filename in members:
            raise _Invalid(f"is corrupt: duplicate entry {info.filename}")
        # The declared size bounds what zipfile will ever decompress for this member, so
        # checking it here is enough to stop a zip bomb before it inflates.
        if info.file_size > MAX_MEMBER_BYTES:
            raise _Invalid(f"is not a plausible checkpoint ({info.filename} is too large)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _Invalid("is not a plausible checkpoint (too large in total)")
        members[info.filename] = info
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    """Read one ``.npy`` member, vetting its header before allocating anything."""
    with archive.open(info) as stream:
        version = np.lib.format.read_magic(stream)
        # np.save only writes 3.0 headers for structured dtypes with non-ASCII field names,
        # which are never valid here.
        if version == (1, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(stream)
        else:
            raise _Invalid(f"is corrupt: unsupported array format {version} in {info.filename}")
        if dtype.hasobject:
            # Object arrays are stored as pickles; unpickling can run arbitrary code.
            raise _Invalid("contains pickled data; refusing to load")
        if dtype.kind not in _ALLOWED_KINDS or dtype.fields is not None or dtype.subdtype:
            raise _Invalid(f"is corrupt: unsupported dtype {dtype} in {info.filename}")
        if any(dim < 0 for dim in shape):
            raise _Invalid(f"is corrupt: negative dimension in {info.filename}")
        count = math.prod(shape)
        nbytes = count * dtype.itemsize
        # The header could claim a huge shape; the member cannot hold more than its size.
        if nbytes > info.file_size:
            raise _Invalid(f"is truncated or damaged ({info.filename} is shorter than declared)")

        flat = np.empty(count, dtype=dtype)
        raw = flat.view(np.uint8)
        filled = 0
        while filled < nbytes:
            chunk = stream.read(min(_READ_CHUNK, nbytes - filled))
            if not chunk:
                raise _Invalid(f"is truncated or damaged ({info.filename} ends early)")
            raw[filled : filled + len(chunk)] = np.frombuffer(chunk, dtype=np.uint8)
            filled += len(chunk)
        # Reading to the end of the member makes zipfile verify its CRC-32.
        if stream.read(1):
            raise _Invalid(f"is corrupt: trailing data in {info.filename}")

    if fortran_order:
        return flat.reshape(shape[::-1]).T.copy(order="C")
    return flat.reshape(shape)


def _parse_header(raw: np.ndarray) -> dict:
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise _Invalid("is corrupt: malformed __meta__ header")
    if raw.size > MAX_META_BYTES:
        raise _Invalid("is not a plausible checkpoint (__meta__ header too large)")
    try:
        header = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _Invalid("is corrupt: __meta__ header is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise _Invalid("is not a charrnn-tui checkpoint (unknown format)")

    version = header.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Invalid(f"is corrupt: invalid format version {version!r}")
    if version > FORMAT_VERSION:
        raise _Invalid(
            f"cannot be loaded: checkpoint format {version} is newer than this version of "
            f"charrnn-tui supports ({FORMAT_VERSION})"
        )

    if not isinstance(header.get("meta"), dict):
        raise _Invalid("is corrupt: header has no metadata")
    if not isinstance(header.get("checksum"), str):
        raise _Invalid("is corrupt: header has no checksum")
    declared = header.get("arrays")
    if not isinstance(declared, dict):
        raise _Invalid("is corrupt: header has no array list")
    for name, spec in declared.items():
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("dtype"), str)
            or not isinstance(spec.get("shape"), list)
            or not all(isinstance(d, int) and not isinstance(d, bool) for d in spec["shape"])
            or set(spec) != {"dtype", "shape"}
        ):
            raise _Invalid(f"is corrupt: malformed header entry for {name}")
    return header


def check_shapes(
    arrays: Mapping[str, np.ndarray], expected: Mapping[str, tuple], where: str = "checkpoint"
) -> None:
    """Refuse arrays that lack a name in `expected` or have another shape (one-line error)."""
    for name, shape in expected.items():
        want = tuple(int(d) for d in shape)
        if name not in arrays:
            raise CheckpointError(f"{where} has no array {name}")
        found = tuple(arrays[name].shape)
        if found != want:
            raise CheckpointError(
                f"{where} does not fit this model: wrong shape for {name}: "
                f"expected {want}, found {found}"
            )


__all__ = [
    "check_shapes",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "load_checkpoint",
    "save_checkpoint",
]
