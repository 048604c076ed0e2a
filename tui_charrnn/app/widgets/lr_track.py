"""The learning-rate track: one row under the loss sparkline, column for column.

Each column shows the learning rate in use at the training points the sparkline column above
it summarises, as a faint ramp (the schedule's warm-up and decay), and marks with ▲ or ▼ the
column where the user raised or lowered the live rate. The track is only as long as the app
has watched the run: columns from before it (an earlier session of a resumed run) stay blank.

``sparkline_columns`` reproduces how Textual's Sparkline assigns points to columns, so the
marks sit exactly under the part of the curve they belong to.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from fractions import Fraction

from textual.content import Content
from textual.widget import Widget

RAMP = "▁▂▃▄▅▆▇█"
RAISED, LOWERED = "▲", "▼"
FLAT = 1e-3  # rates within this fraction of the highest draw as a flat floor


def sparkline_columns(points: int, width: int) -> list[tuple[int, int]]:
    """(start, end) indices of the points that each of ``width`` Sparkline columns shows.

    Textual cuts the data into ``width`` buckets at Fraction boundaries, drops the empty
    ones (fewer points than columns), and spreads the rest evenly over the columns.
    """
    if points <= 0 or width <= 0:
        return []
    size = Fraction(points, width)
    buckets = [(int(size * b), int(size * (b + 1))) for b in range(width)]
    buckets = [(start, end) for start, end in buckets if end > start]
    per_column = len(buckets) / width
    return [buckets[int(column * per_column)] for column in range(width)]


def track_cells(
    steps: Sequence[int],
    rates: Sequence[tuple[int, float]],
    changes: Sequence[tuple[int, int]],
    width: int,
) -> tuple[tuple[str, str], ...]:
    """(character, kind) per column; kind is "ramp", "raised", "lowered" or "" (blank).

    ``steps``: the step of each sparkline point; ``rates``: (step, learning rate) as seen,
    in step order; ``changes``: (step, +1 or -1) where the user changed the live rate.
    """
    columns = sparkline_columns(len(steps), width)
    if not columns:
        return ()
    rate_steps = [step for step, _ in rates]
    column_rates: list[float | None] = []
    for _, end in columns:
        # The last rate seen up to the column's last step; none yet: blank.
        seen = bisect_right(rate_steps, steps[end - 1])
        column_rates.append(rates[seen - 1][1] if seen else None)
    known = [rate for rate in column_rates if rate is not None]
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    spread = high - low if high - low > FLAT * high else 0.0
    cells = [
        ("", "") if rate is None else (_ramp(rate, low, spread), "ramp") for rate in column_rates
    ]
    marked = _marked_columns(steps, changes, columns)
    for column, direction in marked.items():
        cells[column] = (RAISED, "raised") if direction > 0 else (LOWERED, "lowered")
    return tuple(cells)


def _ramp(rate: float, low: float, spread: float) -> str:
    return RAMP[round((rate - low) / spread * (len(RAMP) - 1))] if spread else RAMP[0]


def _marked_columns(steps, changes, columns) -> dict[int, int]:
    """Column -> direction of the latest change there. A change belongs to the first point
    at or after its step (the newest column when no point has reached it yet)."""
    first_column: dict[tuple[int, int], int] = {}
    for column, bucket in enumerate(columns):
        first_column.setdefault(bucket, column)  # with few points, columns repeat a bucket
    marked: dict[int, int] = {}
    for step, direction in changes:
        if step < steps[0]:
            continue  # before the curve's shown part (the sparkline keeps the latest points)
        point = min(bisect_left(steps, step), len(steps) - 1)
        bucket = next(b for b in columns if b[0] <= point < b[1])
        marked[first_column[bucket]] = direction
    return marked


STYLES = {"ramp": "$text-muted 60%", "raised": "bold $success", "lowered": "bold $warning"}


class LrTrack(Widget):
    """The row itself: repaints only when what it would draw changes."""

    DEFAULT_CSS = """
    LrTrack {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._steps: Sequence[int] = ()  # steps of the sparkline's points
        self._rates: Sequence[tuple[int, float]] = ()  # (step, rate) as seen, in order
        self._changes: Sequence[tuple[int, int]] = ()  # (step, +1/-1) user changes
        self._cells: tuple[tuple[str, str], ...] = ()  # what the row shows now
        self._width = 0  # the width `_cells` was made for

    def show(self, steps, rates, changes) -> bool:
        """New data; repaint only if the row would look different. True when it repainted."""
        self._steps, self._rates, self._changes = steps, rates, changes
        cells = track_cells(steps, rates, changes, self.size.width)
        if cells == self._cells and self._width == self.size.width:
            return False
        self._cells, self._width = cells, self.size.width
        self.refresh()
        return True

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        return self._cells

    def render(self) -> Content:
        if self._width != self.size.width:  # resized: the columns moved
            self._width = self.size.width
            self._cells = track_cells(self._steps, self._rates, self._changes, self._width)
        return Content.assemble(
            *((char or " ", STYLES.get(kind, "")) for char, kind in self._cells)
        )
