"""The main screen: the four panes, the status bar, and the training controller behind them.

What the user picks and types lives in the panes; what a run is doing lives in the
controller (``TrainingController``). This screen starts and steers runs and wires the panes
together; three helpers of its own do the rest, each fed by the screen's message handlers:
``CorpusLoader`` (corpus_loader.py) the sources and the loading worker, ``TrainingNews``
(training_news.py) what the training worker reports, ``StoredRuns`` (stored_runs.py) the
resume offer, the run browser and sampling outside the active run.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.controller import TrainingController
from tui_charrnn.app.corpus_loader import CorpusLoader
from tui_charrnn.app.messages import (
    CorpusFailed,
    CorpusLoaded,
    CorpusLoadProgress,
    RunSampled,
    RunStopped,
    SampleReady,
    SessionReady,
    TrainingEvent,
    TrainingFailed,
    TrainingProgress,
)
from tui_charrnn.app.panes import CorpusPane, HyperparamPane, LossPane, SamplePane
from tui_charrnn.app.state import RunState
from tui_charrnn.app.stored_runs import StoredRuns
from tui_charrnn.app.training_news import TrainingNews
from tui_charrnn.app.widgets.status_bar import StatusBar
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.session import Session
from tui_charrnn.engine.text import Corpus, check_trainable


class MainScreen(Screen[None]):
    """Pick a corpus, set hyperparameters, press F5, watch the loss fall and the samples improve."""

    # The footer and the buttons follow the run state by themselves: bindings=True refreshes
    # the bindings (App.check_action asks ``allows``), data_bind carries it to the panes.
    run_state: reactive[RunState] = reactive(RunState.IDLE, bindings=True, init=False)

    def __init__(self, config: TrainConfig, train_options: dict | None = None) -> None:
        super().__init__()
        self._initial_config = config
        self.controller = TrainingController(self, self._state_changed, train_options)
        self.corpus_loader = CorpusLoader(self)
        self.news = TrainingNews(self)
        self.stored_runs = StoredRuns(self)
        self._quitting = False  # Ctrl+Q waits for the run's final save, then exits

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
    def corpus(self) -> Corpus | None:
        """The current corpus choice, used by the next new run."""
        return self.corpus_loader.corpus

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
        self.corpus_loader.refresh_sources()
        self.corpus_loader.open_initial(corpus)
        if resume:
            self.resume_run(resume)
        elif offer_resume:
            self.stored_runs.offer_latest()

    # ------------------------------------------------------------------ corpus

    @on(CorpusPane.Requested)
    def _corpus_requested(self, event: CorpusPane.Requested) -> None:
        self.corpus_loader.request(event.choice, event.encoding)

    @on(CorpusPane.BrowseRequested)
    def browse_files(self) -> None:
        self.corpus_loader.browse()

    def on_corpus_load_progress(self, message: CorpusLoadProgress) -> None:
        self.corpus_pane.show_progress(message.fraction)

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.corpus_loader.loaded(message)

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self.corpus_pane.show_error(message.text)

    @on(HyperparamPane.SplitChanged)
    def _split_changed(self, event: HyperparamPane.SplitChanged) -> None:
        self.corpus_pane.update_split(event.val_fraction)

    # ------------------------------------------------------------------ starting and steering

    def allows(self, action: str) -> bool:
        """Exactly one of the three F5 actions is live at a time; save and stop only with a
        run (hidden otherwise, which leaves an 80-column footer room for F4 Inspect)."""
        state = self.run_state
        if action in ("save_now", "stop_run"):
            return state is not RunState.IDLE
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
            limits=self.hyperparams.train_limits(),
            learning_rate=float(self.hyperparams.config_value("learning_rate")),
            clip=float(self.hyperparams.config_value("clip")),
        )

    def resume_run(self, name: str) -> None:
        """Continue a stored run (from the run browser, the offer, or the command line)."""
        if self.run_state is not RunState.IDLE:
            self.notify(f"Stop the current run (F9) before resuming {name}.", severity="warning")
            return
        corpus = self.stored_runs.reusable_corpus(name, self.corpus)
        self._launch(
            lambda controls: Session.resume(name, corpus=corpus, controls=controls), resumed=True
        )

    def _launch(self, build, *, resumed: bool, **options) -> None:
        self.corpus_loader.cancel()  # a corpus still loading must not replace the run's
        self.loss_pane.reset()
        self.set_status("resuming run…" if resumed else "building the model…")
        sample = self.sample_pane
        options.update(temperature=sample.temperature, prime=sample.prime)
        self.controller.launch(build, resumed=resumed, **options)

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

    def _quit_after_stop(self, save_error: str | None, reason: str) -> None:
        """The run Ctrl+Q stopped has ended: exit, unless its final save failed."""
        if save_error is not None and reason != "failed":
            # Never lose work silently: stay, say so, and let a second Ctrl+Q decide.
            self._quitting = False
            self.notify(
                f"The final checkpoint could not be saved ({save_error}). "
                "Press Ctrl+Q again to quit anyway.",
                title="Not saved",
                severity="error",
                timeout=30,
            )
            return
        self.app.exit(0)

    def sample_now(self) -> None:
        if self.controller.request_sample():
            # Feedback on the one-row status bar: repainting the whole sample pane for a
            # caption costs the UI thread tens of milliseconds while the trainer runs.
            self.set_status("sampling…")
        elif self.controller.last_session is not None:
            self.stored_runs.sample(None, self.controller.last_session)
        else:
            self.notify("Nothing to sample yet: start training (F5) or pick a run (F3).")

    def save_now(self) -> None:
        if self.controller.request_save():
            self.set_status("saving a checkpoint…")
        else:
            self.notify("No active run to save: F5 starts one.")

    def browse_runs(self) -> None:
        self.stored_runs.browse()

    def open_inspector(self) -> None:
        self.stored_runs.inspect()

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

    # ------------------------------------------------------------------ worker news

    def on_session_ready(self, message: SessionReady) -> None:
        self.news.session_ready(message)

    def on_training_progress(self, message: TrainingProgress) -> None:
        self.loss_pane.update_progress(message.progress)
        self.status_bar.show_budget(message.progress)

    def on_sample_ready(self, message: SampleReady) -> None:
        self.news.sample_ready(message)

    def on_training_event(self, message: TrainingEvent) -> None:
        self.news.event(message)

    def on_training_failed(self, message: TrainingFailed) -> None:
        self.news.failed(message)

    def on_run_stopped(self, message: RunStopped) -> None:
        save_error = self.controller.save_error  # read before the controller goes idle
        self.news.stopped(message)
        if self._quitting:
            self._quit_after_stop(save_error, message.reason)

    def on_run_sampled(self, message: RunSampled) -> None:
        self.stored_runs.sampled(message)
