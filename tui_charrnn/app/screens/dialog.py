"""What every dialog of the app shares: a bordered box, a bold title, buttons on the right."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen with the app's dialog look (the ``dialog*`` classes)."""

    DEFAULT_CSS = """
    .dialog {
        width: 64;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    .dialog-title {
        text-style: bold;
        margin-bottom: 1;
    }
    .dialog-body {
        margin-bottom: 1;
    }
    .dialog-buttons {
        height: auto;
        align-horizontal: right;
    }
    .dialog-buttons Button {
        margin-left: 1;
    }
    """
