"""On start: offer to resume the most recent unfinished run."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.screens.dialog import Dialog
from tui_charrnn.engine.runs import RunSummary


class ResumeOfferScreen(Dialog[bool]):
    """Dismisses with True to resume the run, False to start fresh (Escape)."""

    BINDINGS = [Binding("escape", "decline", "Not now")]

    def __init__(self, summary: RunSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        s = self.summary
        best = "–" if s.best_val_loss is None else f"{s.best_val_loss:.3f}"
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Label("Resume where you left off?", classes="dialog-title")
            yield Static(
                f"Run {s.name} ({s.size}) on {s.corpus or 'an unknown corpus'} "
                f"left off at step {fmt.count(s.step)}, best validation loss {best}.",
                markup=False,
                classes="dialog-body",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume", id="resume-yes", variant="primary")
                yield Button("Not now", id="resume-no")

    def on_mount(self) -> None:
        self.query_one("#resume-yes", Button).focus()

    @on(Button.Pressed, "#resume-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#resume-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_decline(self) -> None:
        self.dismiss(False)
