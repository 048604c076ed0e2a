"""The inspector's Surprise view: the text coloured by -log p, and the readout at the cursor."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui_charrnn.app.widgets.candidate_bars import CandidateBars, char_name
from tui_charrnn.app.widgets.coloured_text import ColouredText
from tui_charrnn.app.widgets.ramp_legend import RampLegend, ramp_styles
from tui_charrnn.colour_ramps import SURPRISE_RAMP, surprise_bin_floor, surprise_bins
from tui_charrnn.engine.inspect import position_info


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

    def show(self, result, vocab, notes: list[str]) -> None:
        """A freshly scored text."""
        self.result, self.vocab = result, vocab
        stats = (
            f"{result.chars_scored:,} chars: {result.nats_per_char:.3f} nats/char, "
            f"{result.bits_per_char:.3f} bits/char"
        )
        self.query_one("#surprise-stats", Static).update(" · ".join([stats, *notes]))
        self.canvas.show(result.text, surprise_bins(result.nll), ramp_styles(SURPRISE_RAMP))
        self.show_position(min(1, len(result.text) - 1))
        self.canvas.move_to(min(1, len(result.text) - 1))

    def show_position(self, index: int) -> None:
        info = position_info(self.result, self.vocab, index)
        self.query_one(CandidateBars).show(
            readout_lines(info, self.vocab.size, len(self.result.text)),
            info.candidates,
            actual=info.char,
        )

    def _cursor_moved(self, index: int) -> None:
        if self.result is not None:
            self.show_position(index)
