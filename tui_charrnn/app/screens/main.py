"""The main screen: the four panes, the status bar, and the training controller behind them.

What the user picks and types lives in the panes; what a run is doing lives in the
controller (``TrainingController``); this screen connects the two and turns the workers'
messages into what the panes show.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer

from tui_charrnn import paths
from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.controller import TrainingController
from tui_charrnn.app.messages import CorpusFailed, CorpusLoaded, CorpusLoadProgress
from tui_charrnn.app.panes import CorpusChoice, CorpusPane, HyperparamPane, LossPane, SamplePane
from tui_charrnn.app.panes.corpus import downloadable_choices
from tui_charrnn.app.screens.main_runs import RunsMixin
from tui_charrnn.app.screens.picker import FilePickerScreen
from tui_charrnn.app.state import RunState
from tui_charrnn.app.widgets.status_bar import StatusBar
from tui_charrnn.app.workers import load_corpus_job
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.loading import BUILTIN_PYTHON
from tui_charrnn.engine.loading import python_stdlib_corpus_path as stdlib_path
from tui_charrnn.engine.session import Session
from tui_charrnn.engine.text import Corpus, check_trainable


class MainScreen(RunsMixin, Screen[None]):
    """Pick a corpus, set hyperparameters, press F5, watch the loss fall and the samples improve."""

    # The footer and the buttons follow the run state by themselves: bindings=True refreshes
    # the bindings (App.check_action asks ``allows``), data_bind carries it to the panes.
    run_state: reactive[RunState] = reactive(RunState.IDLE, bindings=True, init=False)

    def __init__(self, config: TrainConfig, train_options: dict | None = None) -> None:
        super().__init__()
        self._initial_config = config
        self.controller = TrainingController(self, self._state_changed, train_options)
        self.corpus: Corpus | None = None  # the current choice, used by the next new run
        self._quitting = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield CorpusPane(id="corpus").data_bind(MainScreen.run_state)
                yield HyperparamPane(self._initial_config, id="hyperparams").data_bind(
                    MainScreen.run_state
                )
            with Vertical(id="right"):
                yield LossPane(id="loss")
                yield SamplePane(id="sample")
        yield StatusBar(id="status").data_bind(MainScreen.run_state)
        yield Footer()

    # ------------------------------------------------------------------ parts

    @property
    def corpus_pane(self) -> CorpusPane:
        return self.query_one("#corpus", CorpusPane)

    @property
    def hyperparams(self) -> HyperparamPane:
        return self.query_one("#hyperparams", HyperparamPane)

    @property
    def loss_pane(self) -> LossPane:
        return self.query_one("#loss", LossPane)

    @property
    def sample_pane(self) -> SamplePane:
        return self.query_one("#sample", SamplePane)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def session(self) -> Session | None:
        """The run being trained, once its model is ready."""
        return self.controller.session

    @property
    def run_name(self) -> str | None:
        return self.controller.run_name

    @property
    def status_text(self) -> str:
        """The latest news on the status bar ("" when it shows the keys' hint)."""
        return self.status_bar.message

    def set_status(self, text: str) -> None:
        self.status_bar.message = text

    def _state_changed(self, state: RunState) -> None:
        self.run_state = state
        self.status_bar.run_name = self.controller.run_name

    # ------------------------------------------------------------------ startup

    def startup(self, corpus: str | None, resume: str | None, offer_resume: bool) -> None:
        """After the first paint: sources, the first corpus, and a run to resume."""
        self.refresh_sources()
        self._open_initial_corpus(corpus)
        if resume:
            self.resume_run(resume)
        elif offer_resume:
            self._offer_latest_run()

    def refresh_sources(self) -> None:
        bundled: list[CorpusChoice] = []
        try:
            for item in paths.bundled_corpora():
                bundled.append(CorpusChoice(str(item.path), item.title, item.description, True))
            bundled.extend(downloadable_choices())  # Tiny Shakespeare: loads or offers a download
        except CharRNNError as error:
            self.corpus_pane.show_error(str(error))
        python = CorpusChoice(
            str(stdlib_path()), BUILTIN_PYTHON, "Python's standard library, as code", True
        )
        bundled.append(python)
        recent = [
            CorpusChoice(path, fmt.short_path(path, 40))
            for path in paths.load_recent()
            if path != BUILTIN_PYTHON
        ]
        self.corpus_pane.set_sources(bundled, recent)

    def _open_initial_corpus(self, text: str | None) -> None:
        if text:
            self.load_corpus(CorpusChoice(text, text), "utf-8", resolve=True)
            return
        try:
            default = paths.default_corpus()
        except CharRNNError as error:
            self.corpus_pane.show_error(str(error))
            return
        choice = CorpusChoice(str(default.path), default.title, default.description, True)
        self.load_corpus(choice, "utf-8")

    # ------------------------------------------------------------------ corpus

    @on(CorpusPane.Requested)
    def _corpus_requested(self, event: CorpusPane.Requested) -> None:
        if self.run_state is not RunState.IDLE:
            self.corpus_pane.show_error("stop the run (F9) before changing the corpus")
            return
        self.load_corpus(event.choice, event.encoding)

    @on(CorpusPane.BrowseRequested)
    def browse_files(self) -> None:
        # Start where the current corpus lives: the next file is often a neighbour.
        folder = None
        if self.corpus is not None and self.corpus.path:
            current = Path(self.corpus.path)
            folder = current.parent if current.is_file() else current
        self.app.push_screen(
            FilePickerScreen(folder),
            lambda path: self.corpus_pane.request_path(path) if path else None,
        )

    def load_corpus(self, choice: CorpusChoice, encoding: str, resolve: bool = False) -> None:
        self.corpus_pane.show_loading(choice)
        self.run_worker(
            lambda: load_corpus_job(self.post_message, choice, encoding, resolve),
            group="corpus",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def on_corpus_load_progress(self, message: CorpusLoadProgress) -> None:
        self.corpus_pane.show_progress(message.fraction)

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        if self.run_state is not RunState.IDLE:
            return  # finished loading after a run started: the run's corpus stays shown
        corpus = message.corpus
        self._show_corpus(corpus)
        if message.remember and corpus.path:
            paths.remember_recent(corpus.path)
            self.refresh_sources()

    def _show_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.status_bar.corpus_name = corpus.name
        val_fraction = float(self.hyperparams.config_value("val_fraction"))
        info = corpus.source_info
        self.corpus_pane.show_corpus(corpus, corpus.path, info.get("bytes_read"), val_fraction)
        if info.get("truncated"):
            self.notify(f"{corpus.name} was cut at the folder size limit", severity="warning")

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self.corpus_pane.show_error(message.text)

    @on(HyperparamPane.SplitChanged)
    def _split_changed(self, event: HyperparamPane.SplitChanged) -> None:
        self.corpus_pane.update_split(event.val_fraction)

    # ------------------------------------------------------------------ starting and steering

    def allows(self, action: str) -> bool:
        """Exactly one of the three F5 actions is live at a time."""
        state = self.run_state
        if action == "start":
            return state in (RunState.IDLE, RunState.STARTING, RunState.STOPPING)
        if action == "pause":
            return state is RunState.TRAINING
        if action == "resume":
            return state is RunState.PAUSED
        return True

    def start(self) -> None:
        state = self.run_state
        if state is RunState.STARTING:
            # F5 twice in a row: start, then pause as soon as the model is ready.
            pausing = self.controller.toggle_pause_at_start()
            self.set_status("will pause as soon as the model is ready" if pausing else "starting…")
            return
        if state is not RunState.IDLE:
            self.notify("The run is still saving; try again in a moment.")
            return
        if self.corpus is None:
            self._refuse("Choose a corpus first: the corpus pane could not load one.")
            return
        try:
            config = self.hyperparams.config()
            check_trainable(self.corpus, config)
        except CharRNNError as error:
            self._refuse(str(error))
            return
        corpus = self.corpus
        self._launch(
            lambda controls: Session.create(corpus, config, controls=controls),
            resumed=False,
            learning_rate=float(self.hyperparams.config_value("learning_rate")),
            clip=float(self.hyperparams.config_value("clip")),
        )

    def resume_run(self, name: str) -> None:
        """Continue a stored run (from the run browser, the offer, or the command line)."""
        if self.run_state is not RunState.IDLE:
            self.notify(f"Stop the current run (F9) before resuming {name}.", severity="warning")
            return
        # The text already loaded serves when it is the run's own (same SHA-256): a large
        # corpus is then not read from disk again. Otherwise the engine reloads it.
        loaded = self.corpus
        try:
            stored_sha = (run_store.open_run(name).info.get("corpus") or {}).get("sha256")
        except CharRNNError:
            stored_sha = None  # the worker reports the problem when it resumes
        corpus = loaded if loaded is not None and loaded.sha256 == stored_sha else None
        self._launch(
            lambda controls: Session.resume(name, corpus=corpus, controls=controls), resumed=True
        )

    def _launch(self, build, *, resumed: bool, **live: float) -> None:
        # A corpus still loading must not replace the one this run trains on.
        self.workers.cancel_group(self, "corpus")
        self.loss_pane.reset()
        self.set_status("resuming run…" if resumed else "building the model…")
        sample = self.sample_pane
        self.controller.launch(
            build, resumed=resumed, temperature=sample.temperature, prime=sample.prime, **live
        )

    def _refuse(self, reason: str) -> None:
        self.notify(reason, title="Cannot start", severity="error")
        self.set_status(reason)

    def pause_when_ready(self) -> None:
        """Have the next run to start (or the one starting) pause before its first step.

        F5 pressed twice in a row does this; tests use it to keep step counts exact.
        """
        self.controller.pause_when_ready()
        self.set_status("will pause as soon as the model is ready")

    def pause(self) -> None:
        self.controller.pause()
        self.set_status("pausing (saving a checkpoint)…")

    def resume(self) -> None:
        self.controller.resume()
        self.set_status("")

    def stop(self) -> None:
        if not self.run_state.steerable:
            self.notify("No run to stop.")
            return
        self.controller.stop()
        self.set_status("stopping: saving a final checkpoint…")

    def quit_when_saved(self) -> bool:
        """Ctrl+Q: True when the app may exit now; else the run is stopping and the app exits
        once its final checkpoint is written (a second Ctrl+Q exits at once)."""
        if not self.run_state.active or not self.controller.thread_running or self._quitting:
            return True
        self._quitting = True
        self.controller.stop("paused")  # quitting mid-run: offer it next time
        self.set_status("saving a checkpoint before quitting…")
        return False

    @on(Button.Pressed, "#start")
    def start_pause_resume(self) -> None:
        """The Start button (and F5 in the palette): whatever F5 means now."""
        action = {RunState.IDLE: self.start, RunState.TRAINING: self.pause}
        action[RunState.PAUSED] = self.resume
        action.get(self.run_state, lambda: None)()

    @on(Button.Pressed, "#stop")
    def _stop_button(self) -> None:
        self.stop()

    @on(HyperparamPane.LiveChanged)
    def _live_changed(self, event: HyperparamPane.LiveChanged) -> None:
        if self.controller.set_live(event.name, event.value):
            self.set_status(f"{event.name.replace('_', ' ')} now {fmt.number(event.value)}")

    @on(SamplePane.SettingsChanged)
    def _sample_settings_changed(self, event: SamplePane.SettingsChanged) -> None:
        self.controller.set_sampling(event.temperature, event.prime)
