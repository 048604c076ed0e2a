"""A dialog to type or paste a text for the inspector to read."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea


class InspectTextScreen(ModalScreen[str | None]):
    """Dismisses with the text typed (Ctrl+S or the button), or None (Escape)."""

    DEFAULT_CSS = """
    InspectTextScreen {
        align: center middle;
    }
    #inspect-text-dialog {
        width: 90%;
        height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #inspect-text-area {
        height: 1fr;
    }
    #inspect-text-dialog .dialog-buttons {
        height: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "use", "Inspect this text", priority=True),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="inspect-text-dialog"):
            yield Label("Type or paste a text to inspect (Ctrl+S: inspect it, Esc: cancel)")
            yield TextArea(self._text, id="inspect-text-area", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Inspect  Ctrl+S", id="inspect-text-use", compact=True)
                yield Button("Cancel  Esc", id="inspect-text-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#inspect-text-use")
    def action_use(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    @on(Button.Pressed, "#inspect-text-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
