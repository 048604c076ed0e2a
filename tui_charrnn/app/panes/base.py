"""What the four panes share: a rounded border with a title, lit while the focus is inside."""

from __future__ import annotations

from textual.containers import Vertical


class Pane(Vertical):
    """A titled box of the main screen (``BORDER_TITLE`` names it)."""

    DEFAULT_CSS = """
    Pane {
        border: round $primary 60%;
        border-title-color: $text;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        &:focus-within {
            border: round $accent;
        }
    }
    """
