"""The project's one byte-size, duration and learning-rate formatters, shared by the engine,
CLI and app.

Pure functions of the standard library only, so the engine may use them without reaching up
into the app or the CLI.
"""

from __future__ import annotations

import math

MISSING = "–"  # shown for a value that is unknown, not a number, or out of range

# Powers of 1024, spelled the way file managers and the app's corpus pane show them.
_BYTE_UNITS = ("B", "KB", "MB", "GB", "TB", "PB", "EB")


def byte_size(num_bytes: int | float | None) -> str:
    """A size in bytes for people: '0 B', '1023 B', '1.0 KB', '3.4 MB' (1 KB = 1024 bytes).

    Whole bytes below 1 KB, one decimal above; the unit never shows a rounded '1024.0'.
    None, NaN, infinities and negative sizes give '–'.
    """
    if num_bytes is None or not math.isfinite(num_bytes) or num_bytes < 0:
        return MISSING
    if num_bytes < 1024:
        return f"{num_bytes:.0f} B"
    value = float(num_bytes)
    for unit in _BYTE_UNITS[1:]:
        value /= 1024
        # Move up a unit when one decimal would round to 1024.0 (1023.96 KB -> 1.0 MB).
        if round(value, 1) < 1024 or unit == _BYTE_UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable: the last unit always returns")  # pragma: no cover


def duration(seconds: float | None) -> str:
    """A length of time as m:ss below an hour, h:mm:ss above: 65 -> '1:05', 3725 -> '1:02:05'.

    Fractions of a second are cut, not rounded, so an elapsed clock never runs ahead.
    None, NaN, infinities and negative durations give '–'.
    """
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return MISSING
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def learning_rate(value: float | None) -> str:
    """A learning rate in at most 7 characters: 0.003, 0.00285, 2.85e-5; '–' when missing."""
    if value is None or not math.isfinite(value):
        return MISSING
    text = f"{value:.3g}"
    mantissa, _, exponent = text.partition("e")
    # Python writes 2.85e-05; the exponent without its padding reads the same and is shorter.
    return f"{mantissa}e{int(exponent)}" if exponent else text
