"""Next-character candidates as horizontal bars, with a few lines of numbers above them."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_charrnn.app.widgets.coloured_text import display_char

BAR_CELLS = 12  # width of a bar for probability 1
EIGHTHS = " ▏▎▍▌▋▊▉█"


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


class CandidateBars(Static):
    """Header lines, then one row per candidate: number, character, bar, probability."""

    DEFAULT_CSS = """
    CandidateBars {
        width: 34;
        height: 1fr;
        padding: 0 1;
        border: round $primary 50%;
    }
    """

    def show(
        self,
        header: list[str],
        candidates: list[tuple[str, float]],
        *,
        actual: str | None = None,
        numbered: bool = False,
    ) -> None:
        """`actual` marks that character's row; `numbered` puts the 1-9 keys in front."""
        text = Text("\n".join(header), no_wrap=True, overflow="ellipsis")
        if candidates and header:
            text.append("\n")
        for rank, (ch, p) in enumerate(candidates, start=1):
            mark = actual is not None and ch == actual
            row = Text("\n" if rank > 1 else "")
            row.append(f"{rank}" if numbered else f"{rank:>2}", style="bold" if numbered else "dim")
            row.append(f" {char_name(ch):>6} ", style="bold")
            row.append(bar(p), style="green" if not mark else "bold yellow")
            row.append(f" {p:5.3f}")
            if mark:
                row.append(" ◀", style="bold yellow")
            text.append_text(row)
        self.update(text, layout=False)  # a fixed size: no layout pass on every cursor move
