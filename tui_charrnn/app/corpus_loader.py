"""The main screen's corpus: the list of sources, loading a choice in a worker, showing it.

``CorpusLoader`` keeps the corpus that the next new run trains on. Its worker runs on the
screen, so the worker's messages reach the screen, whose handlers pass them here; what
arrives is shown in the corpus pane and the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui_charrnn import paths
from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.panes import CorpusChoice
from tui_charrnn.app.panes.corpus import downloadable_choices
from tui_charrnn.app.screens.picker import FilePickerScreen
from tui_charrnn.app.state import RunState
from tui_charrnn.app.workers import load_corpus_job
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.loading import BUILTIN_PYTHON
from tui_charrnn.engine.loading import python_stdlib_corpus_path as stdlib_path

if TYPE_CHECKING:
    from tui_charrnn.app.messages import CorpusLoaded
    from tui_charrnn.app.screens.main import MainScreen
    from tui_charrnn.engine.text import Corpus

WORKER_GROUP = "corpus"  # the loading worker's group; a new load or a run start cancels it


class CorpusLoader:
    """Sources, the loading worker and the current corpus, for the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen  # runs the worker, receives its messages, holds the panes
        self.corpus: Corpus | None = None  # the current choice, used by the next new run

    def refresh_sources(self) -> None:
        """Fill the pane's list: the bundled corpora, Python's own library, recent files."""
        pane = self._screen.corpus_pane
        bundled: list[CorpusChoice] = []
        try:
            for item in paths.bundled_corpora():
                bundled.append(CorpusChoice(str(item.path), item.title, item.description, True))
            bundled.extend(downloadable_choices())  # Tiny Shakespeare: loads or offers a download
        except CharRNNError as error:
            pane.show_error(str(error))
        python = CorpusChoice(
            str(stdlib_path()), BUILTIN_PYTHON, "Python's standard library, as code", True
        )
        bundled.append(python)
        recent = [
            CorpusChoice(path, fmt.short_path(path, 40))
            for path in paths.load_recent()
            if path != BUILTIN_PYTHON
        ]
        pane.set_sources(bundled, recent)

    def open_initial(self, text: str | None) -> None:
        """At startup: the corpus named on the command line, else the default one."""
        if text:
            self.load(CorpusChoice(text, text), "utf-8", resolve=True)
            return
        try:
            default = paths.default_corpus()
        except CharRNNError as error:
            self._screen.corpus_pane.show_error(str(error))
            return
        choice = CorpusChoice(str(default.path), default.title, default.description, True)
        self.load(choice, "utf-8")

    def request(self, choice: CorpusChoice, encoding: str) -> None:
        """The user picked a source: load it, unless a run is using the current one."""
        if self._screen.run_state is not RunState.IDLE:
            self._screen.corpus_pane.show_error("stop the run (F9) before changing the corpus")
            return
        self.load(choice, encoding)

    def browse(self) -> None:
        """Open the file picker; the picked path goes through the pane like a typed one."""
        # Start where the current corpus lives: the next file is often a neighbour.
        folder = None
        if self.corpus is not None and self.corpus.path:
            current = Path(self.corpus.path)
            folder = current.parent if current.is_file() else current
        pane = self._screen.corpus_pane
        self._screen.app.push_screen(
            FilePickerScreen(folder), lambda path: pane.request_path(path) if path else None
        )

    def load(self, choice: CorpusChoice, encoding: str, resolve: bool = False) -> None:
        """Load in a thread worker; a newer load replaces this one (the worker is exclusive)."""
        screen = self._screen
        screen.corpus_pane.show_loading(choice)
        screen.run_worker(
            lambda: load_corpus_job(screen.post_message, choice, encoding, resolve),
            group=WORKER_GROUP,
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def cancel(self) -> None:
        """A run is starting: a corpus still loading must not replace the one it trains on."""
        self._screen.workers.cancel_group(self._screen, WORKER_GROUP)

    def loaded(self, message: CorpusLoaded) -> None:
        if self._screen.run_state is not RunState.IDLE:
            return  # finished loading after a run started: the run's corpus stays shown
        corpus = message.corpus
        self.show(corpus)
        if message.remember and corpus.path:
            paths.remember_recent(corpus.path)
            self.refresh_sources()

    def show(self, corpus: Corpus) -> None:
        """Make ``corpus`` the current one and show it (also a resumed run's own text)."""
        screen = self._screen
        self.corpus = corpus
        screen.status_bar.corpus_name = corpus.name
        val_fraction = float(screen.hyperparams.config_value("val_fraction"))
        info = corpus.source_info
        screen.corpus_pane.show_corpus(corpus, corpus.path, info.get("bytes_read"), val_fraction)
        if info.get("truncated"):
            screen.notify(f"{corpus.name} was cut at the folder size limit", severity="warning")
