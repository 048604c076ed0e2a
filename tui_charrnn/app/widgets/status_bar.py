"""The status bar: a badge for the run state, the run's name, and the latest news or a hint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui_charrnn.app.formatting import budget_left
from tui_charrnn.app.keys import key_for
from tui_charrnn.app.state import RunState

if TYPE_CHECKING:
    from tui_charrnn.engine.trainer import Progress

# (badge text, CSS class) per state.
BADGES = {
    RunState.IDLE: ("■ READY", "status-idle"),
    RunState.STARTING: ("… STARTING", "status-busy"),
    RunState.TRAINING: ("● TRAINING", "status-training"),
    RunState.PAUSED: ("❚❚ PAUSED", "status-paused"),
    RunState.STOPPING: ("… SAVING", "status-busy"),
}


def _keys(*pairs: tuple[str, str]) -> str:
    """ "F5 pauses · F6 samples" from (action, verb) pairs, with keys from the key table."""
    return " · ".join(f"{key_for(action).display} {verb}" for action, verb in pairs)


class StatusBar(Widget):
    """One row under the panes. Every change is a repaint of this row, never a layout pass."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 0;
        background: $panel;
        &.status-training { color: $success; }
        &.status-paused { color: $warning; }
        &.status-busy { color: $accent; }
    }
    """

    run_state: reactive[RunState] = reactive(RunState.IDLE)  # bound to the screen's
    run_name: reactive[str | None] = reactive(None)  # the active run's name
    message: reactive[str] = reactive("")  # the latest news; "" shows a hint instead
    corpus_name: reactive[str] = reactive("")  # named in the idle hint
    budget: reactive[str] = reactive("")  # what is left of the run's budget ("2:55 left")

    def watch_run_state(self, state: RunState) -> None:
        style_class = BADGES[state][1]
        if not self.has_class(style_class):
            # Only on a real change: restyling a node costs more than repainting one row.
            self.set_classes(style_class)
        if state is RunState.IDLE:
            self.budget = ""

    def show_budget(self, progress: Progress) -> None:
        """What is left of the run's budget, from a progress report (repaints on a change)."""
        self.budget = budget_left(progress.budget_kind, progress.budget_remaining)

    def hint(self) -> str:
        """What the keys do now, when there is no news to show."""
        state = self.run_state
        if state is RunState.IDLE:
            name = self.corpus_name or "a corpus"
            return _keys(("start", f"trains on {name}"), ("browse_runs", "runs"), ("help", "help"))
        if state is RunState.TRAINING:
            return _keys(
                ("pause", "pauses"), ("sample_now", "samples"), ("save_now", "saves"),
                ("stop_run", "stops"),
            )  # fmt: skip
        if state is RunState.PAUSED:
            return _keys(("resume", "resumes"), ("stop_run", "stops"))
        return ""

    def render(self) -> Text:
        badge = BADGES[self.run_state][0]
        line = Text()
        line.append(f" {badge} ", style="bold reverse")
        if self.run_name and self.run_state is not RunState.IDLE:
            line.append(f" run {self.run_name}", style="bold")
        if self.budget and self.run_state is not RunState.IDLE:
            line.append(f" · {self.budget}", style="bold")
        line.append("  ")
        line.append(self.message or self.hint())
        return line
