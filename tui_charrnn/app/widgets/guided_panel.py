"""Guided generation: the user picks every next character from the model's top 9 (keys 1-9),
or lets the model write a stretch (m), and takes characters back (Backspace)."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from tui_charrnn.app.inspector_jobs import twin
from tui_charrnn.app.widgets.candidate_bars import CandidateBars
from tui_charrnn.engine.inspect import NextCharStepper

CHOICES = 9  # number keys 1-9
MODEL_WRITES = 40  # characters the model adds on m
MODEL_TEMPERATURE = 0.8
SHOWN_CHARS = 400  # the end of the text that is shown
HELP = "1-9: pick · m: model writes 40 · Backspace: undo"


class GuidedPanel(Horizontal, can_focus=True):
    """The text written so far beside the numbered candidates for its next character."""

    DEFAULT_CSS = """
    GuidedPanel {
        height: 11;
        border: round $primary 50%;
        border-title-color: $text;
        &:focus {
            border: round $accent;
        }
        #guided-text {
            width: 1fr;
            height: 1fr;
        }
        #guided-bars {
            width: 34;
            border: none;
        }
    }
    """

    BINDINGS = [
        *[Binding(str(n), f"pick({n})", f"Pick {n}", show=False) for n in range(1, CHOICES + 1)],
        Binding("m", "model_writes", "Model writes", show=False),
        Binding("backspace", "undo", "Undo", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stepper: NextCharStepper | None = None
        self.history: list[NextCharStepper] = []  # the states before each step, for undo
        self.prime = ""  # the known characters the text started with
        self.seed = 0
        self.border_title = f"Guided · {HELP}"

    def compose(self) -> ComposeResult:
        yield Static("", id="guided-text")
        yield CandidateBars(id="guided-bars")

    @property
    def text(self) -> str:
        return self.stepper.text if self.stepper else ""

    def start(self, model, vocab, prime: str, seed: int) -> str | None:
        """Start over from `prime`; returns a message when the model cannot read it."""
        from tui_charrnn.engine.errors import CharRNNError

        try:
            self.stepper = NextCharStepper(twin(model), vocab, prime)
        except CharRNNError as error:
            self.stepper = None
            self._render_state()
            return str(error)
        self.history.clear()
        self.prime, self.seed = self.stepper.text, seed
        self._render_state()
        return None

    def action_pick(self, number: int) -> None:
        if self.stepper is None:
            return
        candidates = self.stepper.top(CHOICES)
        if not 1 <= number <= len(candidates):
            return
        self.history.append(self.stepper.copy())
        self.stepper.feed(candidates[number - 1][0])
        self._render_state()

    def action_model_writes(self) -> None:
        if self.stepper is None:
            return
        self.history.append(self.stepper.copy())
        # Seeded by the length so far: the same text always continues the same way.
        rng = np.random.default_rng([self.seed, len(self.stepper.text)])
        for _ in range(MODEL_WRITES):
            self.stepper.sample(MODEL_TEMPERATURE, 0, rng)
        self._render_state()

    def action_undo(self) -> None:
        if self.history:
            self.stepper = self.history.pop()
            self._render_state()

    def _render_state(self) -> None:
        shown = Text(no_wrap=False)
        if self.stepper is None:
            self.query_one("#guided-text", Static).update("(no model yet)")
            self.query_one(CandidateBars).show([], [])
            return
        text = self.stepper.text
        start = max(0, len(text) - SHOWN_CHARS)
        prime_end = len(self.prime)
        if start < prime_end:
            shown.append(text[start:prime_end], style="dim")
        shown.append(text[max(start, prime_end) :], style="bold")
        shown.append("▏", style="reverse")
        self.query_one("#guided-text", Static).update(shown)
        added = len(text) - prime_end
        self.border_subtitle = f"{added} chars added · {len(self.history)} to undo"
        self.query_one(CandidateBars).show([], self.stepper.top(CHOICES), numbered=True)
