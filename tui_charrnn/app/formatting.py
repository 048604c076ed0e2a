"""Small, pure formatting helpers shared by the panes (kept separate so they are easy to test)."""

from __future__ import annotations

import math
import os

# Sizes and durations have one formatter for the whole project (tui_charrnn.formatting); the
# panes reach them as fmt.size and fmt.duration.
from tui_charrnn.formatting import byte_size
from tui_charrnn.formatting import duration as duration
from tui_charrnn.formatting import learning_rate as learning_rate

size = byte_size

BITS_PER_NAT = 1.0 / math.log(2.0)


def count(value: int | float | None) -> str:
    """1234567 -> '1,234,567'; None -> '–'."""
    if value is None:
        return "–"
    return f"{int(value):,}"


def loss(value: float | None) -> str:
    """A loss in nats with three decimals; '–' when missing or not finite."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.3f}"


def bpc(nats: float | None) -> str:
    """Bits per character from a loss in nats."""
    if nats is None or not math.isfinite(nats):
        return "–"
    return f"{nats * BITS_PER_NAT:.3f}"


def rate(chars_per_sec: float | None) -> str:
    """Throughput, compact: '12.3k chars/s'."""
    if chars_per_sec is None or not math.isfinite(chars_per_sec):
        return "–"
    if chars_per_sec >= 10_000:
        return f"{chars_per_sec / 1000:,.0f}k"
    if chars_per_sec >= 1_000:
        return f"{chars_per_sec / 1000:.1f}k"
    return f"{chars_per_sec:.0f}"


def number(value: float) -> str:
    """A hyperparameter value as the user would type it (no float noise)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    # The shortest text that reads back as the same float: 0.003, 5, 0.0012345678.
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def short_path(path: str, width: int = 40) -> str:
    """A path shortened for display: home as '~', long middles elided."""
    home = os.path.expanduser("~")
    text = path
    if home and home != "/" and (text == home or text.startswith(home + os.sep)):
        text = "~" + text[len(home) :]
    if len(text) <= width:
        return text
    keep = max(width - 1, 4)
    return "…" + text[-keep:]


def one_line(text: str, width: int) -> str:
    """Collapse whitespace and cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"


def budget_left(kind: str | None, remaining: float | None) -> str:
    """What is left of a training budget: '2:55 left', '1,200 steps left'; '' without one."""
    if kind is None or remaining is None:
        return ""
    if kind == "steps":
        return f"{count(remaining)} steps left"
    return f"{duration(remaining)} left"
