"""The help screen: what each pane does and every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from tui_charrnn.app import keys
from tui_charrnn.app.screens.dialog import Dialog

HELP_TEXT = (
    """\
# charrnn-tui

Train a character-level recurrent network on any text and watch it learn.
Esc, F1 or q closes this page.

## Keys (they work wherever the focus is)

"""
    + keys.markdown_list()
    + """

## Panes

- **Corpus**: pick a bundled text or a recent file, or type the path of any text
  file or folder and press Enter (**…** opens a file picker). Shows size,
  characters, vocabulary and the train/validation split.
- **Hyperparameters**: checked as you type; Start stays disabled while a value
  is invalid. Model shape is locked while a run is active; the learning rate
  (**lr**) and **clip** change live.
- **Loss**: step, epoch, training and validation loss in nats and bits per
  character, speed, and sparklines of the loss history.
- **Sample**: text from the current weights, refreshed every few seconds.
  **temp** (0 = greedy) and **prime** (the text to continue) change live.

Runs and checkpoints are saved every minute and on pause, stop and quit; if the
loss diverges the run pauses and keeps its last good weights.
"""
)


class HelpScreen(Dialog[None]):
    """A scrollable page of help; Escape, F1, ? or q closes it."""

    DEFAULT_CSS = """
    #help-body {
        width: 84;
        max-width: 95%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP_TEXT)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
