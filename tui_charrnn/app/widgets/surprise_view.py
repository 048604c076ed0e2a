"""The inspector's Surprise view: the text coloured by -log p, and the readout at the cursor.

A text arrives in pieces: the characters not scored yet are drawn grey, the stats say the mean
is partial, and the readout says "scoring…" there.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui_charrnn.app.widgets.candidate_bars import CandidateBars, char_name
from tui_charrnn.app.widgets.coloured_text import ColouredText
from tui_charrnn.app.widgets.ramp_legend import RampLegend, ramp_styles
from tui_charrnn.colour_ramps import SURPRISE_RAMP, surprise_bin_floor, surprise_bins
from tui_charrnn.engine.inspect import position_info

PENDING_STYLE = Style(color="grey50", bgcolor="grey11")  # characters not scored yet
PENDING_BIN = len(SURPRISE_RAMP)  # their palette index, after the ramp's colours


@cache
def palette() -> list[Style]:
    """The ramp's styles, then the pending one: built once (parsing styles is not free)."""
    return [*ramp_styles(SURPRISE_RAMP), PENDING_STYLE]


def text_bins(result) -> np.ndarray:
    """(N + pending,) palette index per character: the surprise bins, then PENDING_BIN."""
    bins = surprise_bins(result.nll)
    if not result.pending:
        return bins
    return np.concatenate([bins, np.full(len(result.pending), PENDING_BIN, dtype=bins.dtype)])


def stats_line(result) -> str:
    """Characters scored and the mean surprise; marked partial while the text is scored."""
    mean = f"{result.nats_per_char:.3f} nats/char, {result.bits_per_char:.3f} bits/char"
    if result.complete:
        return f"{result.chars_scored:,} chars: {mean}"
    total = result.whole_length - 1
    return f"scoring… {result.chars_scored:,} of {total:,} chars so far: {mean} (partial)"


def update_line(line: Static, text: str) -> None:
    """Update a Static of one or two lines (height auto), with a layout of the screen (tens of
    milliseconds) only when its height may change: the new text wraps, or the old one did."""
    width = line.content_region.width
    wraps = not width or len(text) > width or len(str(line.content)) > width
    line.update(text, layout=wraps)


def readout_lines(info, vocab_size: int, total: int) -> list[str]:
    """The cursor readout's numbers: readable without any colour."""
    lines = [f"pos {info.index:,} of {total:,}", f"char {char_name(info.char)}"]
    if info.index == 0:
        return [*lines, "first char: nothing", "predicts it", ""]
    return [
        *lines,
        f"rank {info.rank + 1} of {vocab_size}  p {info.probability:.4f}",
        f"-log p {info.nll:.3f} nats {info.nll / math.log(2):.3f} bits",
        "next-char candidates:",
    ]


class SurpriseView(Horizontal):
    """Stats and legend over the coloured text; the top-10 candidates at the cursor beside it."""

    DEFAULT_CSS = """
    SurpriseView {
        height: 1fr;
        #surprise-stats {
            height: auto;
            max-height: 2;
        }
        #surprise-readout {
            width: 34;
        }
    }
    """

    # (columns, rows) of the view around its text area: the readout (34), the text's border
    # (2) and scrollbar (1); the stats line (1 or 2), the legend (1) and the border (2).
    TEXT_CHROME = (37, 4)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result = None  # the ScoreResult shown
        self.vocab = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="surprise-stats", markup=False)
            yield RampLegend(id="surprise-legend")
            yield ColouredText(id="surprise-text")
        yield CandidateBars(id="surprise-readout")

    def on_mount(self) -> None:
        labels = [f"{surprise_bin_floor(i):.1f}" for i in range(len(SURPRISE_RAMP))]
        self.query_one(RampLegend).show("nats", SURPRISE_RAMP, labels)
        self.canvas.on_move = self._cursor_moved

    @property
    def canvas(self) -> ColouredText:
        return self.query_one("#surprise-text", ColouredText)

    def show(self, result, vocab, notes: list[str], *, fresh: bool = True) -> None:
        """A scored text, or (not `fresh`) more of the text shown: the cursor stays."""
        self.result, self.vocab = result, vocab
        update_line(
            self.query_one("#surprise-stats", Static), " · ".join([stats_line(result), *notes])
        )
        if fresh:
            self.canvas.show(result.text + result.pending, text_bins(result), palette())
            self.canvas.move_to(min(1, len(self.canvas.text) - 1))
        else:
            self.canvas.recolour(text_bins(result), palette())
            self.show_position(self.canvas.cursor)

    def show_position(self, index: int) -> None:
        total = self.result.whole_length
        if index >= len(self.result.text):  # not scored yet
            ch = self.result.pending[index - len(self.result.text)]
            lines = [f"pos {index:,} of {total:,}", f"char {char_name(ch)}", "scoring…"]
            self.query_one(CandidateBars).show(lines, [])
            return
        info = position_info(self.result, self.vocab, index)
        self.query_one(CandidateBars).show(
            readout_lines(info, self.vocab.size, total), info.candidates, actual=info.char
        )

    def _cursor_moved(self, index: int) -> None:
        if self.result is not None:
            self.show_position(index)
