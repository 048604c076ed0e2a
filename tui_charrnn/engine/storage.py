"""Atomic, durable file replacement, shared by checkpoints, run folders and the recent list.

A write goes to a temporary file in the target's folder, is fsynced, then ``os.replace``d over
the target, so a crash or a kill at any moment leaves either the old or the new file, never a
torn one. Temporary files a killed writer left behind are recognisable by their name and are
cleaned up later by remove_stale_temp_files.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = [
    "atomic_write",
    "atomic_write_bytes",
    "fsync_directory",
    "remove_stale_temp_files",
    "temp_path_for",
]

# Prefix of the temporary files written next to a target (see temp_path_for).
_TEMP_MARKER = ".tmp-"


def temp_path_for(path: Path) -> Path:
    """A unique temporary name in ``path``'s folder: ``.<name>.tmp-<pid>-<random>``.

    Same folder, so the final ``os.replace`` is a rename within one filesystem (atomic); the
    pid and random token keep concurrent writers (threads or processes) from colliding.
    """
    return path.parent / f".{path.name}{_TEMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}"


def atomic_write(path: str | os.PathLike[str], write: Callable[[IO[bytes]], Any]) -> None:
    """Replace ``path`` with what ``write(file)`` writes, atomically and durably.

    Raises whatever ``write`` or the filesystem raised (typically ``OSError``) after removing
    the temporary file; the previous contents of ``path`` are then untouched.
    """
    path = Path(path)
    temp = temp_path_for(path)
    # O_EXCL: never clobber somebody else's file; mode 0o666 lets the umask decide permissions.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            # The data must be on disk before the rename makes it visible under the real name,
            # otherwise a power cut could leave a renamed-but-empty file.
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        # BaseException as well: a KeyboardInterrupt mid-write must not leave litter behind.
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_directory(path.parent)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`atomic_write`)."""
    atomic_write(path, lambda handle: handle.write(data))


def fsync_directory(folder: Path) -> None:
    """Persist a rename by fsyncing its directory; best effort (impossible on some platforms).

    Failing here is not reported: the new file is already in place and readable, only its
    durability across a power cut is in doubt, and there is nothing useful a caller could do.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: str | os.PathLike[str], *, min_age: float = 600.0) -> int:
    """Delete temporary files a killed writer left in ``folder``; return how many went.

    Only files older than ``min_age`` seconds are removed, so a save in progress in another
    thread or process is never disturbed.
    """
    removed = 0
    cutoff = time.time() - min_age
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(".") and _TEMP_MARKER in entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed
