"""The inspector's Generate view: samples at several temperatures from one prime and seed,
guided generation, and beam search."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static

from tui_charrnn.app.inspector_jobs import TEMPERATURES
from tui_charrnn.app.widgets.guided_panel import GuidedPanel

DEFAULT_BEAM_WIDTH = 4
MAX_BEAM_WIDTH = 64
SEED = 0  # every sample uses this seed: the temperatures differ, nothing else


class GenerateView(VerticalScroll):
    """Prime and beam width on top; the samples side by side; guided generation; beam."""

    DEFAULT_CSS = """
    GenerateView {
        height: 1fr;
        #gen-controls {
            height: 1;
        }
        #gen-controls Label {
            padding: 0 1;
        }
        #gen-prime {
            width: 1fr;
        }
        #gen-width {
            width: 6;
        }
        #gen-samples {
            grid-size: 4;
            grid-gutter: 0 1;
            height: 1fr;
            min-height: 6;
        }
        .gen-sample {
            border: round $primary 50%;
            border-title-color: $text;
            height: 1fr;
            overflow: hidden;
        }
        #gen-beam {
            height: auto;
            min-height: 3;
            border: round $primary 50%;
            border-title-color: $text;
        }
    }
    """

    @dataclass
    class Requested(Message):
        """The user asked for new samples, a new guided start and a beam search."""

        prime: str  # the prime typed (may be empty)
        width: int  # beam width
        seed: int  # the samples' seed

    def compose(self) -> ComposeResult:
        with Horizontal(id="gen-controls"):
            yield Label("prime")
            yield Input("", placeholder="text to continue; Enter", id="gen-prime", compact=True)
            yield Label("beam width")
            yield Input(str(DEFAULT_BEAM_WIDTH), id="gen-width", compact=True)
        with Grid(id="gen-samples"):
            for t in TEMPERATURES:
                box = Static("", classes="gen-sample", markup=False, id=f"gen-t{round(t * 10)}")
                box.border_title = f"T = {t}"
                yield box
        yield GuidedPanel(id="guided")
        beam = Static("", id="gen-beam", markup=False)
        beam.border_title = "Beam search"
        yield beam

    @property
    def guided(self) -> GuidedPanel:
        return self.query_one(GuidedPanel)

    @on(Input.Submitted)
    def request(self, event: Input.Submitted | None = None) -> None:
        """Enter in either field: generate again from the prime."""
        if event is not None:
            event.stop()
        prime = self.query_one("#gen-prime", Input).value
        raw = self.query_one("#gen-width", Input).value.strip()
        try:
            width = int(raw)
        except ValueError:
            width = 0
        if not 1 <= width <= MAX_BEAM_WIDTH:
            self.show_beam(f"the beam width must be a whole number from 1 to {MAX_BEAM_WIDTH}")
            return
        self.post_message(self.Requested(prime, width, SEED))

    def show_samples(self, samples: list[tuple[float, str]]) -> None:
        for t, text in samples:
            self.query_one(f"#gen-t{round(t * 10)}", Static).update(text)

    def show_beam(self, text: str, width: int | None = None) -> None:
        beam = self.query_one("#gen-beam", Static)
        beam.border_title = "Beam search" if width is None else f"Beam search, width {width}"
        beam.update(text)
