"""Next-character candidates as horizontal bars, with a few lines of numbers above them.

Drawn with the line API (one strip of segments per row): it changes on every cursor move, and
a rich Text of the same rows costs the UI thread over ten times as much to lay out.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from tui_charrnn.app.widgets.coloured_text import display_char

BAR_CELLS = 12  # width of a bar for probability 1
EIGHTHS = " ▏▎▍▌▋▊▉█"
BOLD = Style(bold=True)
DIM = Style(dim=True)
BAR = Style(color="green")
MARKED = Style(color="yellow", bold=True)


def bar(probability: float, cells: int = BAR_CELLS) -> str:
    """A bar of `cells` * probability cells, in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, probability)) * cells * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(cells)


def char_name(ch: str) -> str:
    """A character as the readout writes it: quoted, with newline and tab spelled out."""
    named = {"\n": "\\n", "\t": "\\t", " ": "space"}
    if ch in named:
        return named[ch]
    return repr(ch) if display_char(ch) == ch else ascii(ch)


class CandidateBars(Widget):
    """Header lines, then one row per candidate: number, character, bar, probability."""

    DEFAULT_CSS = """
    CandidateBars {
        width: 34;
        height: 1fr;
        padding: 0 1;
        border: round $primary 50%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[list[Segment]] = []  # one list of segments per line shown
        self._base = Style()  # the widget's rich style, looked up once per paint

    def show(
        self,
        header: list[str],
        candidates: list[tuple[str, float]],
        *,
        actual: str | None = None,
        numbered: bool = False,
    ) -> None:
        """`actual` marks that character's row; `numbered` puts the 1-9 keys in front."""
        rows = [[Segment(line)] for line in header]
        for rank, (ch, p) in enumerate(candidates, start=1):
            mark = actual is not None and ch == actual
            rows.append(
                [
                    Segment(f"{rank}" if numbered else f"{rank:>2}", BOLD if numbered else DIM),
                    Segment(f" {char_name(ch):>6} ", BOLD),
                    Segment(bar(p), MARKED if mark else BAR),
                    Segment(f" {p:5.3f}"),
                    Segment(" ◀" if mark else "", MARKED),
                ]
            )
        self.rows = rows
        self.refresh()

    @property
    def text(self) -> str:
        """What the widget shows, as plain text (for tests and readers without colour)."""
        return "\n".join("".join(segment.text for segment in row) for row in self.rows)

    def render_lines(self, crop):
        # The widget's own style once per paint: looking it up costs more than a whole row.
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self._base
        if y >= len(self.rows):
            return Strip.blank(width, base)
        segments = [Segment(s.text, base + s.style) for s in self.rows[y] if s.text]
        return Strip(segments).crop_extend(0, width, base)
