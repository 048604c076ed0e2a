"""A long text with one background colour per character and a cursor: the inspector's canvas.

The text is laid out once per width (hard-wrapped at the widget's width and at every newline)
and drawn a visible line at a time (a line API ScrollView), so a cursor move redraws a few rows
of spans and never re-wraps the whole text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

NEWLINE_GLYPH = "↵"  # a newline is a character with its own surprise: it gets a visible cell
TAB_GLYPH = "→"
OTHER_GLYPH = "·"  # control and double-width characters (the readout names them exactly)


def display_char(ch: str) -> str:
    """The one-cell glyph drawn for a character."""
    if ch == "\n":
        return NEWLINE_GLYPH
    if ch == "\t":
        return TAB_GLYPH
    if not ch.isprintable() or cell_len(ch) != 1:
        return OTHER_GLYPH
    return ch


def glyphs_of(text: str) -> str:
    """display_char of every character; printable ASCII (the usual text) in one pass."""
    plain = text.replace("\n", NEWLINE_GLYPH).replace("\t", TAB_GLYPH)
    if text.isascii() and plain.replace(NEWLINE_GLYPH, "").replace(TAB_GLYPH, "").isprintable():
        return plain
    return "".join(display_char(ch) for ch in text)


def wrap_rows(text: str, width: int) -> list[int]:
    """Start index of every display row: a row ends after a newline or after `width` chars."""
    width = max(1, width)
    starts = [0]
    line_start = 0
    for line in text.split("\n"):
        length = len(line) + 1  # the newline glyph (one past the end on the last line)
        for offset in range(width, length, width):
            starts.append(line_start + offset)
        line_start += length
        if line_start < len(text):
            starts.append(line_start)
    return starts


class ColouredText(ScrollView, can_focus=True):
    """Characters coloured by bin (an index into a palette of styles), with a cursor."""

    DEFAULT_CSS = """
    ColouredText {
        height: 1fr;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        border: round $primary 50%;
        &:focus {
            border: round $accent;
        }
    }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "Left", show=False),
        Binding("right", "move(1)", "Right", show=False),
        Binding("up", "move_row(-1)", "Up", show=False),
        Binding("down", "move_row(1)", "Down", show=False),
        Binding("pageup", "move_row(-10)", "Page up", show=False),
        Binding("pagedown", "move_row(10)", "Page down", show=False),
        Binding("home", "row_edge(0)", "Line start", show=False),
        Binding("end", "row_edge(1)", "Line end", show=False),
    ]

    @dataclass
    class CursorMoved(Message):
        """The cursor is on a new character."""

        widget: ColouredText  # which canvas (the screen has one per view)
        index: int  # position in the text

        @property
        def control(self) -> ColouredText:
            """The canvas, so handlers can pick theirs with @on(..., "#id")."""
            return self.widget

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.glyphs = ""  # one display glyph per character of text
        self.bins = np.zeros(0, dtype=np.int64)  # (N,) palette index per character
        self.palette: list[Style] = []
        self.cursor = 0
        self._row_starts: list[int] = [0]
        self._layout_width = 0
        self._base = Style()  # the widget's rich style, looked up once per paint
        # Called with the new index in the same turn as the move, so the view's readout and
        # these rows are painted in one frame (a posted message would wait for the next).
        self.on_move: Callable[[int], None] | None = None

    # ------------------------------------------------------------------ content

    def show(self, text: str, bins: np.ndarray, palette: list[Style]) -> None:
        """A new text (the cursor goes back to its start)."""
        self.text = text
        self.glyphs = glyphs_of(text)
        self.cursor = 0
        self._layout_width = 0
        self.recolour(bins, palette)
        self.scroll_to(0, 0, animate=False)

    def recolour(self, bins: np.ndarray, palette: list[Style]) -> None:
        """Same text, new colours (another unit, another state)."""
        self.bins = np.asarray(bins, dtype=np.int64)
        self.palette = palette
        self._relayout()
        self.refresh()

    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _relayout(self) -> None:
        width = self._content_width()
        if width != self._layout_width:
            self._layout_width = width
            self._row_starts = wrap_rows(self.text, width)
        self.virtual_size = Size(width, len(self._row_starts))

    def on_resize(self) -> None:
        self._relayout()
        self._scroll_to_cursor()

    def row_of(self, index: int) -> int:
        return bisect_right(self._row_starts, index) - 1

    def visible_end(self) -> int:
        """One past the last character of the rows in view."""
        below = self.scroll_offset.y + self.scrollable_content_region.height
        return self._row_starts[below] if below < len(self._row_starts) else len(self.text)

    def _row_span(self, row: int) -> tuple[int, int]:
        start = self._row_starts[row]
        end = self._row_starts[row + 1] if row + 1 < len(self._row_starts) else len(self.text)
        return start, end

    # ------------------------------------------------------------------ drawing

    def render_lines(self, crop):
        # The widget's own style once per paint: looking it up costs more than a whole row.
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._content_width()
        if width != self._layout_width:  # shown for the first time (a tab) or resized
            self._relayout()
        row = y + self.scroll_offset.y
        if not self.text or row >= len(self._row_starts):
            return Strip.blank(width, self._base)
        start, end = self._row_span(row)
        segments = self._segments(start, end)
        return Strip(segments).extend_cell_length(width, self._base)

    def _segments(self, start: int, end: int) -> list[Segment]:
        """One segment per run of equal colour in text[start:end], the cursor on its own."""
        bins = self.bins[start:end]
        changes = np.flatnonzero(np.diff(bins)) + 1  # run boundaries, relative to start
        cuts = sorted({0, end - start, *changes.tolist()} | self._cursor_cuts(start, end))
        segments = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            style = self.palette[int(bins[a])] if self.palette else Style()
            if start + a == self.cursor:
                style = style + Style(reverse=True, bold=True, underline=True)
            segments.append(Segment(self.glyphs[start + a : start + b], style))
        return segments

    def _cursor_cuts(self, start: int, end: int) -> set[int]:
        if start <= self.cursor < end:
            return {self.cursor - start, self.cursor - start + 1}
        return set()

    # ------------------------------------------------------------------ cursor

    def move_to(self, index: int) -> None:
        """Put the cursor on character `index` (clamped), scroll it into view, announce it."""
        if not self.text:
            return
        index = min(max(0, index), len(self.text) - 1)
        old_row, self.cursor = self.row_of(self.cursor), index
        new_row = self.row_of(index)
        self._refresh_row(old_row)
        self._refresh_row(new_row)
        self._scroll_to_cursor()
        if self.on_move is not None:
            self.on_move(index)
        self.post_message(self.CursorMoved(self, index))

    def _refresh_row(self, row: int) -> None:
        y = row - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh_line(y)

    def _scroll_to_cursor(self) -> None:
        if not self.text:
            return
        row = self.row_of(self.cursor)
        top, height = self.scroll_offset.y, max(1, self.scrollable_content_region.height)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_move_row(self, delta: int) -> None:
        if not self.text:
            return
        row = self.row_of(self.cursor)
        column = self.cursor - self._row_starts[row]
        target = min(max(0, row + delta), len(self._row_starts) - 1)
        start, end = self._row_span(target)
        self.move_to(min(start + column, end - 1))

    def action_row_edge(self, which: int) -> None:
        if not self.text:
            return
        start, end = self._row_span(self.row_of(self.cursor))
        self.move_to(end - 1 if which else start)
