"""A file picker for any text file or folder, for users who would rather browse than type."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DirectoryTree, Input, Label

from tui_charrnn.app.screens.dialog import Dialog


class _VisibleTree(DirectoryTree):
    """A directory tree without hidden files (dot-files are rarely corpora and add clutter)."""

    def filter_paths(self, paths):  # type: ignore[no-untyped-def]
        return [path for path in paths if not path.name.startswith(".")]


class FilePickerScreen(Dialog[str | None]):
    """Choose a file (or a folder: its text files are joined). Dismisses with the path."""

    DEFAULT_CSS = """
    #picker-dialog {
        width: 80%;
        height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #picker-tree {
        height: 1fr;
    }
    #picker-path {
        margin: 1 0;
    }
    #picker-dialog .dialog-buttons {
        height: 1;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: str | Path | None = None) -> None:
        super().__init__()
        self._start = Path(start or Path.cwd())

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Label("Choose a text file or a folder", classes="dialog-title")
            yield _VisibleTree(self._start, id="picker-tree")
            yield Input(str(self._start), id="picker-path", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Load", id="picker-load", variant="primary", compact=True)
                yield Button("Cancel", id="picker-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#picker-tree", DirectoryTree).focus()

    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        # Selecting a file is a clear choice: load it straight away.
        event.stop()
        self.dismiss(str(event.path))

    @on(DirectoryTree.DirectorySelected)
    def _directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        # A folder may be the corpus itself, or just a step on the way: offer it, don't load it.
        event.stop()
        self.query_one("#picker-path", Input).value = str(event.path)

    @on(Input.Submitted, "#picker-path")
    @on(Button.Pressed, "#picker-load")
    def _load(self) -> None:
        path = self.query_one("#picker-path", Input).value.strip()
        if path:
            self.dismiss(path)

    @on(Button.Pressed, "#picker-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
