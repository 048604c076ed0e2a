"""The corpus pane: choose the text to learn from and see what it is made of.

The pane never loads files itself (a 100 MB file takes seconds): it posts
``CorpusPane.Requested`` and the app loads in a thread worker, then calls
``show_loading`` / ``show_progress`` / ``show_corpus`` / ``show_error`` back.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from tui_charrnn import paths
from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.messages import CorpusDownloadFinished
from tui_charrnn.app.panes.base import Pane
from tui_charrnn.app.panes.download import DownloadBar
from tui_charrnn.app.state import RunState
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.loading import skipped_summary
from tui_charrnn.formatting import byte_size

if TYPE_CHECKING:
    from tui_charrnn.engine.text import Corpus


def _same_file_key(path: str) -> str:
    """Compare paths the way the filesystem does (symlinks and ``..`` resolved)."""
    return os.path.realpath(os.path.expanduser(path))


@dataclass(frozen=True)
class CorpusChoice:
    """One entry of the source list: a bundled or downloaded corpus, or a recently used file."""

    path: str  # what to load (a path, or a name the app resolves)
    title: str  # shown in the list
    description: str = ""  # shown dimmed after the title
    bundled: bool = False  # shipped or downloaded with the app: listed first, never "recent"
    download: str = ""  # a registry corpus not downloaded yet: choosing it offers the download


def downloadable_choices() -> list[CorpusChoice]:
    """The registry corpora: downloaded ones like bundled ones, others offering the download.

    Raises the engine's FetchError when the registry cannot be read.
    """
    choices = []
    for entry in paths.downloadable_corpora():
        source = entry.source
        if entry.fetched:
            choices.append(CorpusChoice(str(entry.path), source.title, source.description, True))
        else:
            title = f"{source.title} ({byte_size(source.size)}, download)"
            choices.append(CorpusChoice("", title, source.description, True, source.name))
        # an unfetched entry has no path: it is never loaded or remembered as it is
    return choices


class CorpusPane(Pane):
    """Bundled corpora, recent files, a path field, and facts about the loaded text."""

    BORDER_TITLE = "Corpus"
    # Escape cancels a download wherever the focus is in the pane; otherwise it is not ours.
    BINDINGS = [Binding("escape", "cancel_download", "Cancel download", show=False)]
    DEFAULT_CSS = """
    CorpusPane {
        height: 1fr;
        min-height: 10;
    }
    #corpus-sources {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        height: auto;
        max-height: 60%;
        min-height: 2;
        border: none;
        padding: 0;
        background: transparent;
    }
    #corpus-path-row {
        height: 1;
        margin-top: 0;
    }
    #corpus-path {
        width: 1fr;
    }
    #corpus-encoding {
        width: 8;
        margin-left: 1;
    }
    #corpus-browse {
        width: 3;
        min-width: 3;
        margin-left: 1;
    }
    #corpus-progress {
        display: none;
        height: 1;
    }
    CorpusPane.-loading #corpus-progress {
        display: block;
    }
    #corpus-error {
        display: none;
        height: auto;
        max-height: 2;
        color: $error;
        text-style: bold;
    }
    CorpusPane.-error #corpus-error {
        display: block;
    }
    #corpus-stats {
        height: auto;
        max-height: 4;
    }
    /* The preview takes whatever the list leaves: a few lines at 80x24, many at 120x40. */
    #corpus-preview {
        height: 1fr;
        min-height: 1;
        margin-top: 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    @dataclass
    class Requested(Message):
        """The user asked for a corpus; the app loads it in the background."""

        choice: CorpusChoice  # what to load
        encoding: str  # the text encoding to decode it with

    class BrowseRequested(Message):
        """The user wants the file picker."""

    run_state: reactive[RunState] = reactive(RunState.IDLE, init=False)  # the screen's

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: list[CorpusChoice] = []
        self._bundled_count = 0
        self._corpus: Corpus | None = None
        self._size_bytes: int | None = None
        self._current_path: str | None = None
        self._error_text = ""
        self._last_choice: CorpusChoice | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="corpus-sources")
        with Horizontal(id="corpus-path-row"):
            yield Input(
                placeholder="file or folder path ⏎",
                id="corpus-path",
                compact=True,
            )
            yield Input(value="utf-8", id="corpus-encoding", compact=True, tooltip="Encoding")
            yield Button("…", id="corpus-browse", compact=True, tooltip="Browse for a file")
        yield ProgressBar(id="corpus-progress", total=1.0, show_eta=False)
        yield DownloadBar(id="corpus-download")
        yield Static("", id="corpus-error", markup=False)
        yield Static("no corpus loaded", id="corpus-stats", markup=False)
        yield Static("", id="corpus-preview", markup=False)

    # ----------------------------------------------------------------- sources

    def set_sources(self, bundled: list[CorpusChoice], recent: list[CorpusChoice]) -> None:
        """Fill the source list: bundled corpora first, then recent files."""
        bundled_paths = {_same_file_key(choice.path) for choice in bundled}
        recent = [c for c in recent if _same_file_key(c.path) not in bundled_paths]
        self._bundled_count = len(bundled)
        self._choices = [*bundled, *recent]
        self._render_sources()

    def _render_sources(self) -> None:
        """(Re)build the list; the loaded corpus is marked so it is visible without focus."""
        current = _same_file_key(self._current_path) if self._current_path else None
        options: list[Option | None] = []
        current_id: str | None = None
        for index, choice in enumerate(self._choices):
            if index == self._bundled_count and index > 0:
                options.append(None)  # a divider between bundled corpora and recent files
            is_current = (
                current is not None and bool(choice.path) and _same_file_key(choice.path) == current
            )
            if is_current:
                current_id = f"source-{index}"
            options.append(Option(self._prompt(choice, is_current), id=f"source-{index}"))
        sources = self.query_one("#corpus-sources", OptionList)
        sources.set_options(options)
        if current_id is not None:
            # Highlighting also scrolls it into view (a recent file may be far down).
            sources.highlighted = sources.get_option_index(current_id)

    @staticmethod
    def _prompt(choice: CorpusChoice, is_current: bool) -> Content:
        return Content.assemble(
            ("● ", "bold $success") if is_current else "  ",
            (choice.title, "bold" if choice.bundled else ""),
            (f"  {choice.description}", "dim") if choice.description else "",
        )

    @on(OptionList.OptionSelected, "#corpus-sources")
    def _source_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("source-"):
            choice = self._choices[int(option_id.removeprefix("source-"))]
            if choice.download:
                self.query_one(DownloadBar).offer(choice.download)
            else:
                self._request(choice)

    @on(Input.Submitted, "#corpus-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            self.show_error("type the path of a text file or a folder of text files")
            return
        self._request(CorpusChoice(path=path, title=path))

    @on(Input.Submitted, "#corpus-encoding")
    def _encoding_submitted(self, event: Input.Submitted) -> None:
        # A new encoding applies to the last file asked for, usually the one that just
        # failed to decode ("try latin-1"), not to the corpus still loaded from before.
        event.stop()
        if self._last_choice is not None:
            self._request(self._last_choice)

    @on(Button.Pressed, "#corpus-browse")
    def _browse(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.BrowseRequested())

    def request_path(self, path: str) -> None:
        """Load ``path`` as if the user had typed it (used by the file picker)."""
        self.query_one("#corpus-path", Input).value = path
        self._request(CorpusChoice(path=path, title=path))

    def _request(self, choice: CorpusChoice) -> None:
        self._last_choice = choice
        encoding = self.query_one("#corpus-encoding", Input).value.strip() or "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            self.show_error(f"unknown encoding {encoding!r}")
            return
        self.post_message(self.Requested(choice, encoding))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_download":
            return self.query_one(DownloadBar).active
        return True

    def action_cancel_download(self) -> None:
        text = self.query_one(DownloadBar).cancel()
        if text is not None:
            self.show_error(text)

    def on_corpus_download_finished(self, message: CorpusDownloadFinished) -> None:
        """A download ended: load the verified text, or say in one line why there is none."""
        message.stop()
        if message.path is None:
            self.show_error(message.error)
            return
        loaded = CorpusChoice(message.path, message.name, bundled=True)
        try:  # the registry's entry, now as a downloaded corpus (its title, no size)
            loaded = next(c for c in downloadable_choices() if c.path == message.path)
        except (CharRNNError, StopIteration):
            pass
        self._choices = [loaded if c.download == message.name else c for c in self._choices]
        self._render_sources()
        self._request(loaded)

    # ------------------------------------------------------------------ status

    def show_loading(self, choice: CorpusChoice) -> None:
        """A load has begun: show a progress bar under the path row."""
        self._last_choice = choice  # what a new encoding would reload
        label = choice.title
        self._error_text = ""
        self.query_one("#corpus-error", Static).update("")
        self.remove_class("-error")
        bar = self.query_one("#corpus-progress", ProgressBar)
        bar.update(total=1.0, progress=0.0)
        self.add_class("-loading")
        self.border_subtitle = f"loading {fmt.one_line(label, 30)}…"

    def show_progress(self, fraction: float) -> None:
        self.query_one("#corpus-progress", ProgressBar).update(progress=min(max(fraction, 0), 1))

    def show_error(self, text: str) -> None:
        """One line in the pane; the previous corpus (if any) stays in place."""
        self.remove_class("-loading")
        self.add_class("-error")
        self.border_subtitle = fmt.one_line(self._corpus.name, 30) if self._corpus else ""
        self._error_text = fmt.one_line(f"✗ {text}", 300)
        self.query_one("#corpus-error", Static).update(self._error_text)

    def show_corpus(
        self, corpus: Corpus, path: str | None, size_bytes: int | None, val_fraction: float
    ) -> None:
        """Facts and preview of a freshly loaded corpus."""
        self._corpus = corpus
        self._size_bytes = size_bytes
        self._current_path = path
        self.remove_class("-loading", "-error")
        self._error_text = ""
        self.query_one("#corpus-error", Static).update("")
        self.border_subtitle = fmt.one_line(corpus.name, 30)
        self._render_sources()
        self.update_split(val_fraction)
        preview = corpus.preview(600)
        self.query_one("#corpus-preview", Static).update(
            Text(preview, no_wrap=True, overflow="ellipsis", style="italic")
        )

    def update_split(self, val_fraction: float) -> None:
        """Recompute the train/validation numbers (the fraction is a hyperparameter)."""
        corpus = self._corpus
        if corpus is None:
            return
        total = corpus.num_chars
        # The engine's own split (views, no copy), so the numbers match training exactly.
        val = len(corpus.split(val_fraction)[1])
        # Two lines that fit a 36-column pane even for a 100 MB corpus.
        chars = fmt.count(total) if total < 10_000_000 else f"{total / 1e6:.1f}M"
        stats = Text()
        stats.append(fmt.size(self._size_bytes), style="bold")
        stats.append(f" · {chars} chars · vocab {corpus.vocab.size}\n")
        stats.append(f"train {fmt.count(total - val)} · val {fmt.count(val)}")
        info = corpus.source_info
        if info.get("folder"):
            # "41 files · skipped 3: 2 binary, 1 not UTF-8" (wraps in a narrow pane)
            stats.append(f"\n{fmt.count(info.get('files_used'))} files · ")
            skipped = info.get("files_skipped") or 0
            stats.append(
                f"skipped {skipped}: {skipped_summary(info)}" if skipped else "none skipped"
            )
        self.query_one("#corpus-stats", Static).update(stats)

    @property
    def corpus(self) -> Corpus | None:
        return self._corpus

    @property
    def error_text(self) -> str:
        """The one-line error shown, or '' when the last request succeeded."""
        return self._error_text

    def watch_run_state(self, state: RunState) -> None:
        """The corpus cannot change under a running model."""
        for widget in self.query("#corpus-sources, #corpus-path, #corpus-encoding, #corpus-browse"):
            widget.disabled = state.active
