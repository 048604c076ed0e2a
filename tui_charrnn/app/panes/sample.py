"""The sample pane: text generated from the model, with temperature and prime controls."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tui_charrnn.app.panes.base import Pane

# Temperatures above this only produce noise; 0 means greedy (always the likeliest character).
MAX_TEMPERATURE = 5.0
DEFAULT_TEMPERATURE = 0.8


def parse_temperature(text: str) -> float:
    """A temperature from an Input's text; ValueError with a one-line reason if unusable."""
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"temperature must be a number, not {text.strip()!r}") from None
    if not math.isfinite(value) or not 0.0 <= value <= MAX_TEMPERATURE:
        raise ValueError(f"temperature must be between 0 and {MAX_TEMPERATURE:g}")
    return value


class SamplePane(Pane):
    """Generated text, refreshed by the engine every few seconds and on demand (F6)."""

    BORDER_TITLE = "Sample"
    DEFAULT_CSS = """
    SamplePane {
        height: 1fr;
        min-height: 7;
    }
    #sample-controls {
        height: 1;
    }
    .sample-label {
        color: $text-muted;
        padding-right: 1;
    }
    Input.-invalid, Input.-invalid:focus {
        background: $error 35%;
    }
    #temperature {
        width: 6;
        margin-right: 2;
    }
    #prime {
        width: 1fr;
    }
    #sample-error {
        display: none;
        color: $error;
        height: 1;
    }
    #sample-text {
        height: 1fr;
    }
    #sample-text:focus {
        background: $boost;
    }
    """

    @dataclass
    class SettingsChanged(Message):
        """Temperature or prime changed to valid values; the app forwards them to the engine."""

        temperature: float  # 0 is greedy
        prime: str  # the text the model continues from

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.temperature = DEFAULT_TEMPERATURE
        self.prime = ""
        self.text = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="sample-controls"):
            yield Label("temp", classes="sample-label")
            yield Input(
                f"{DEFAULT_TEMPERATURE:g}",
                id="temperature",
                compact=True,
                select_on_focus=True,
                tooltip="Sampling temperature: 0 is greedy, higher is wilder (changes live)",
            )
            yield Label("prime", classes="sample-label")
            yield Input(
                placeholder="text to continue",
                id="prime",
                compact=True,
                tooltip="Text the model continues from (unknown characters are skipped)",
            )
        yield Static("", id="sample-error", markup=False)
        yield SampleText(id="sample-text")

    @on(Input.Changed, "#temperature")
    def _temperature_changed(self, event: Input.Changed) -> None:
        event.stop()
        error = self.query_one("#sample-error", Static)
        try:
            value = parse_temperature(event.value)
        except ValueError as problem:
            event.input.add_class("-invalid")
            error.update(f"✗ {problem}")
            error.display = True
            return
        event.input.remove_class("-invalid")
        error.display = False
        if value != self.temperature:
            self.temperature = value
            self.post_message(self.SettingsChanged(self.temperature, self.prime))

    @on(Input.Changed, "#prime")
    def _prime_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.prime:
            self.prime = event.value
            self.post_message(self.SettingsChanged(self.temperature, self.prime))

    def show_sample(self, text: str, caption: str = "") -> None:
        """Replace the text; the caption (e.g. the step) goes on the border."""
        self.text = text
        if not self.query(SampleText):
            return  # the app is closing: a last sample arrived after the widgets went
        self.query_one(SampleText).show(text)
        self.border_subtitle = caption


class SampleText(Widget, can_focus=True):
    """Wrapped text in a fixed-size area, scrolled with the arrow keys or the mouse wheel.

    A new sample arrives every few seconds while training. A Static inside a scrolling
    container would change height each time, and in Textual that means a layout pass of
    the whole screen, paid for by the trainer (same CPU, same GIL). This widget keeps its
    size and only repaints itself.
    """

    BINDINGS = [
        Binding("up", "scroll_by(-1)", "Up", show=False),
        Binding("down", "scroll_by(1)", "Down", show=False),
        Binding("pageup", "scroll_by(-10)", "Page up", show=False),
        Binding("pagedown", "scroll_by(10)", "Page down", show=False),
        Binding("home", "scroll_to_top", "Top", show=False),
    ]

    PLACEHOLDER = "samples appear here while training (F6 for one now)"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._top = 0  # first wrapped line shown
        self._wrapped: tuple[int, list[str]] = (-1, [])  # (width, lines) cache

    @property
    def top(self) -> int:
        """The first wrapped line shown (0: the text's start)."""
        return self._top

    def show(self, text: str) -> None:
        self._text = text
        self._top = 0
        self._wrapped = (-1, [])
        self.refresh()

    def _lines(self, width: int) -> list[str]:
        if self._wrapped[0] != width:
            lines: list[str] = []
            for paragraph in self._text.split("\n"):
                # Keep the model's spacing exactly (it is part of what it learned).
                lines += textwrap.wrap(
                    paragraph, width, drop_whitespace=False, replace_whitespace=False
                ) or [""]
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def render(self) -> Content:
        width, height = self.content_size
        if not self._text:
            return Content.styled(self.PLACEHOLDER, "dim italic")
        lines = self._lines(max(width, 1))
        height = max(height, 1)
        self._top = max(0, min(self._top, len(lines) - height))
        if self._top + height >= len(lines):
            return Content("\n".join(lines[self._top :]))
        # More below: the last row says so (and how to see it) instead of a text line.
        shown = "\n".join(lines[self._top : self._top + height - 1])
        hidden = len(lines) - (self._top + height - 1)
        return Content.assemble(shown, (f"\n↓ {hidden} more lines (scroll)", "dim italic"))

    def action_scroll_by(self, lines: int) -> None:
        self._top = max(0, self._top + lines)
        self.refresh()

    def action_scroll_to_top(self) -> None:
        self._top = 0
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.action_scroll_by(2)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.action_scroll_by(-2)
