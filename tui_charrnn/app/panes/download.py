"""The corpus pane's download row: a progress bar and a Cancel button while a registry corpus
(Tiny Shakespeare) downloads in a thread worker.

The bar owns the worker and its cancel flag. A cancel takes effect in the UI at once; the thread
stops at its next chunk (or its read timeout) and removes its temporary file, and whatever it
reports after that is ignored. When a download ends the bar hides and lets the worker's
``CorpusDownloadFinished`` bubble up to the pane.
"""

from __future__ import annotations

import threading

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, ProgressBar, Static
from textual.worker import Worker

from tui_charrnn import paths
from tui_charrnn.app.messages import CorpusDownloadFinished, CorpusDownloadProgress
from tui_charrnn.app.screens.confirm import ConfirmScreen
from tui_charrnn.app.workers import fetch_corpus_job
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.formatting import byte_size


class DownloadBar(Horizontal):
    """Hidden until ``start``; then a label, a progress bar and a Cancel button."""

    DEFAULT_CSS = """
    DownloadBar {
        display: none;
        height: 1;
    }
    DownloadBar.-active {
        display: block;
    }
    #download-label {
        width: auto;
        margin-right: 1;
    }
    #download-progress {
        width: 1fr;
        & Bar {
            width: 1fr;
        }
    }
    #download-cancel {
        width: auto;
        min-width: 8;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._name: str | None = None  # the corpus downloading now, None when idle
        self._cancel = threading.Event()  # the current download's cancel flag
        self.worker: Worker[None] | None = None  # the latest download's thread worker

    def compose(self) -> ComposeResult:
        yield Static("", id="download-label", markup=False)  # a download arrow
        yield ProgressBar(id="download-progress", total=None, show_eta=False)
        yield Button("Cancel", id="download-cancel", compact=True, tooltip="Cancel (Escape)")

    @property
    def active(self) -> bool:
        """Whether a download is in progress (as far as the user is concerned)."""
        return self._name is not None

    def offer(self, name: str) -> None:
        """Ask before downloading the registry corpus ``name`` (it comes from the network)."""
        if self.active:
            self.post_message(CorpusDownloadFinished("", None, "a download is already running"))
            return
        try:
            entry = next(e for e in paths.downloadable_corpora() if e.source.name == name)
        except (CharRNNError, StopIteration):
            text = f"{name} is no longer in the corpus registry"
            self.post_message(CorpusDownloadFinished("", None, text))
            return
        source = entry.source
        body = (
            f"{source.description}\n\n{byte_size(source.size)} from {source.url}\n"
            f"Checked against its SHA-256, then kept in {entry.path.parent}.\n\n{source.credit}"
        )
        self.app.push_screen(
            ConfirmScreen(f"Download {source.title}?", body, "Download"),
            lambda yes: self.start(name) if yes else None,
        )

    def start(self, name: str) -> None:
        """Download the registry corpus ``name`` into the data folder."""
        self._name = name
        self._cancel = cancel = threading.Event()  # a fresh flag: an old thread keeps its own
        self.query_one("#download-label", Static).update("↓")  # the list shows what
        self.query_one("#download-progress", ProgressBar).update(total=None, progress=0)
        self.add_class("-active")
        self.query_one("#download-cancel", Button).focus()
        dest = paths.fetched_corpora_dir()

        def post(message: Message) -> None:
            if not cancel.is_set():  # a cancelled download's news was already given
                self.post_message(message)

        self.worker = self.run_worker(
            lambda: fetch_corpus_job(post, name, dest, cancel),
            group="download",
            thread=True,
            exit_on_error=False,
        )

    def cancel(self) -> str | None:
        """Stop the download; return the one line to show, or None when none was running."""
        name = self._name
        if name is None:
            return None
        self._cancel.set()
        self._finish()
        return f"download of {name} cancelled; nothing was kept"

    def _finish(self) -> None:
        self._name = None
        self.remove_class("-active")

    @on(Button.Pressed, "#download-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        text = self.cancel()
        if text is not None:
            self.post_message(CorpusDownloadFinished("", None, text))

    def on_corpus_download_progress(self, message: CorpusDownloadProgress) -> None:
        message.stop()
        if self.active and not self._cancel.is_set():
            bar = self.query_one("#download-progress", ProgressBar)
            bar.update(total=max(1, message.expected), progress=message.received)

    def on_corpus_download_finished(self, message: CorpusDownloadFinished) -> None:
        if message.name and message.name != self._name:
            message.stop()  # a cancelled download's late news: already reported
            return
        if message.name:
            self._finish()  # let it bubble to the pane

    def on_unmount(self) -> None:
        self._cancel.set()  # the app is closing: let the thread stop at its next chunk
