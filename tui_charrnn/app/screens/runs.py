"""The run browser: every saved run, to resume, sample from, or delete."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Label, Static

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.screens.confirm import ConfirmScreen
from tui_charrnn.app.screens.dialog import Dialog
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.runs import RunSummary

# Statuses the engine can resume from (a corrupt folder can only be deleted).
UNUSABLE = {run_store.CORRUPT}
WIDE_COLUMNS = 100  # terminal width from which the table shows every column


@dataclass(frozen=True)
class RunChoice:
    """What the user chose in the browser: ``action`` is "resume" or "sample"."""

    action: str
    name: str


class RunBrowserScreen(Dialog[RunChoice | None]):
    """A table of runs; Enter resumes, s samples, d deletes (after a confirmation)."""

    DEFAULT_CSS = """
    #runs-dialog {
        width: 96%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #runs-table {
        height: 1fr;
    }
    #runs-message {
        height: auto;
        color: $text-muted;
    }
    #runs-dialog .dialog-buttons {
        height: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "resume", "Resume", show=True),
        Binding("s", "sample", "Sample"),
        Binding("d,delete", "delete", "Delete"),
        Binding("r", "refresh", "Refresh"),
    ]

    def __init__(self, active_run: str | None = None, active_step: int | None = None) -> None:
        super().__init__()
        # The run being trained right now can be neither resumed again nor deleted; its
        # run.json only learns the step count at each save, so the live count comes in.
        self.active_run = active_run
        self.active_step = active_step
        self.summaries: list[RunSummary] = []
        self.wide = True

    def compose(self) -> ComposeResult:
        with Vertical(id="runs-dialog"):
            yield Label("Runs", classes="dialog-title")
            yield DataTable(id="runs-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="runs-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume ⏎", id="runs-resume", variant="primary", compact=True)
                yield Button("Sample s", id="runs-sample", compact=True)
                yield Button("Delete d", id="runs-delete", variant="error", compact=True)
                yield Button("Close Esc", id="runs-close", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        # Every column fits from 100 terminal columns; below that (80x24) the table keeps
        # what identifies a run and the line under it details the highlighted one.
        self.wide = self.app.size.width >= WIDE_COLUMNS
        table = self.query_one(DataTable)
        if self.wide:
            table.add_columns("Name", "Model", "Corpus", "Steps", "Best val", "Updated", "Status")
        else:
            table.add_columns("Name", "Model", "Corpus", "Steps", "Best")
        self.action_refresh()
        table.focus()

    # ------------------------------------------------------------------ listing

    def action_refresh(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        try:
            self.summaries = run_store.list_runs()
        except CharRNNError as error:
            self.summaries = []
            self._say(str(error))
            return
        for summary in self.summaries:
            table.add_row(*self._cells(summary), key=summary.name)
        if not self.summaries:
            self._say("No runs yet: close this and press F5 to start one.")
        else:
            self._describe_highlighted()

    def _cells(self, s: RunSummary) -> tuple[str, ...]:
        best = "–" if s.best_val_loss is None else f"{s.best_val_loss:.3f}"
        size = "?" if s.status in UNUSABLE else s.size
        step = s.step
        if s.name == self.active_run and self.active_step is not None:
            step = self.active_step
        corpus_width = 24 if self.wide else 12
        cells = (s.name, size, fmt.one_line(s.corpus or "–", corpus_width), fmt.count(step), best)
        if self.wide:
            cells += (self._updated(s), self._status(s))
        return cells

    @staticmethod
    def _updated(s: RunSummary) -> str:
        moment = s.updated_at
        return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "–"

    def _status(self, s: RunSummary) -> str:
        if s.status in UNUSABLE:
            return "damaged"
        return "training now" if s.name == self.active_run else s.status

    @on(DataTable.RowHighlighted)
    def _describe_highlighted(self) -> None:
        """One line about the highlighted run: what the narrow table leaves out."""
        table = self.query_one(DataTable)
        count = len(self.summaries)
        total = f"{count} run{'s' if count != 1 else ''}"
        if not self.summaries or not 0 <= table.cursor_row < count:
            self._say(total)
            return
        s = self.summaries[table.cursor_row]
        if s.status in UNUSABLE:
            self._say(f"{total} · {self._damaged(s)}")
        else:
            self._say(f"{total} · {s.name}: {self._status(s)}, updated {self._updated(s)}")

    @staticmethod
    def _damaged(s: RunSummary) -> str:
        """Why a damaged run cannot be used: the engine's one line (it names the run)."""
        return s.problem or f"run {s.name} is damaged"

    def _say(self, text: str) -> None:
        self.query_one("#runs-message", Static).update(text)

    def _selected(self) -> RunSummary | None:
        table = self.query_one(DataTable)
        if not self.summaries or table.cursor_row < 0 or table.cursor_row >= len(self.summaries):
            self._say("No run selected.")
            return None
        return self.summaries[table.cursor_row]

    # ------------------------------------------------------------------ actions

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_resume()

    @on(Button.Pressed, "#runs-resume")
    def action_resume(self) -> None:
        summary = self._selected()
        if summary is None:
            return
        if summary.status in UNUSABLE:
            self._say(f"{self._damaged(summary)}; it cannot be resumed, delete it with d.")
        elif summary.name == self.active_run:
            self._say(f"Run {summary.name} is already training.")
        else:
            self.dismiss(RunChoice("resume", summary.name))

    @on(Button.Pressed, "#runs-sample")
    def action_sample(self) -> None:
        summary = self._selected()
        if summary is None:
            return
        if summary.status in UNUSABLE:
            self._say(f"{self._damaged(summary)}; there is nothing to sample from.")
        else:
            self.dismiss(RunChoice("sample", summary.name))

    @on(Button.Pressed, "#runs-delete")
    def action_delete(self) -> None:
        summary = self._selected()
        if summary is None:
            return
        if summary.name == self.active_run:
            self._say(f"Run {summary.name} is training; stop it (F9) before deleting it.")
            return
        name = summary.name

        def deleted(confirmed: bool | None) -> None:
            if not confirmed:
                self._say("Nothing deleted.")
                return
            try:
                run_store.delete_run(name)
            except CharRNNError as error:
                self._say(str(error))
                return
            self.action_refresh()
            self._say(f"Deleted run {name}.")

        self.app.push_screen(
            ConfirmScreen(
                f"Delete run {name}?",
                f"This removes {name} with all its checkpoints ({fmt.count(summary.step)} "
                "steps). It cannot be undone.",
            ),
            deleted,
        )

    @on(Button.Pressed, "#runs-close")
    def action_close(self) -> None:
        self.dismiss(None)
