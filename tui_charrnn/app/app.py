"""CharRNNApp: the Textual studio that trains a char-RNN and shows it learning.

Threading model (the one rule that keeps this app correct):

* Training runs ``Session.train`` in one thread worker. It talks to the UI only by
  posting messages (``App.post_message`` is thread-safe) and never touches a widget.
* The app thread steers training only through ``session.controls`` (thread-safe
  flags and plain attributes the engine reads between steps): pause, resume, stop,
  save, sample, learning rate, clip, temperature and prime.
* Corpus loading and sampling from stored runs run in their own thread workers,
  with the same messages-only rule.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Static
from textual.worker import Worker, get_current_worker

from tui_charrnn import paths
from tui_charrnn.app import formatting as fmt
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
from tui_charrnn.app.panes import CorpusChoice, CorpusPane, HyperparamPane, LossPane, SamplePane
from tui_charrnn.app.screens.help import HelpScreen
from tui_charrnn.app.screens.picker import FilePickerScreen
from tui_charrnn.app.screens.resume import ResumeOfferScreen
from tui_charrnn.app.screens.runs import RunBrowserScreen, RunChoice
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.controls import LiveControls
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.loading import BUILTIN_PYTHON, load_corpus, python_stdlib_corpus_path
from tui_charrnn.engine.runs import open_run
from tui_charrnn.engine.sampling import sample_text
from tui_charrnn.engine.session import Session
from tui_charrnn.engine.stored import load_model
from tui_charrnn.engine.text import Corpus, check_trainable

# Run states, in the order a run moves through them.
IDLE, STARTING, TRAINING, PAUSED, STOPPING = "idle", "starting", "training", "paused", "stopping"
ACTIVE_STATES = (STARTING, TRAINING, PAUSED, STOPPING)

SAMPLE_LENGTH = 400  # characters per sample, from the engine and from stored runs
UI_SWITCH_INTERVAL = 0.001  # seconds; see on_mount
FINAL_SAVE_TIMEOUT = 60.0  # seconds the app waits, when closing, for the last checkpoint

STATE_BADGES = {
    IDLE: ("■ READY", "status-idle"),
    STARTING: ("… STARTING", "status-busy"),
    TRAINING: ("● TRAINING", "status-training"),
    PAUSED: ("❚❚ PAUSED", "status-paused"),
    STOPPING: ("… SAVING", "status-busy"),
}


class _Superseded(Exception):
    """Raised inside a corpus load that a newer request has replaced."""


# The app's way out of an engine error, by its hint key (the CLI has its own, with flags).
APP_HINTS = {"encoding": "choose another encoding in the corpus pane"}


def _describe_failure(error: BaseException) -> str:
    """One line for the user: our own errors as they are, anything else with its type."""
    if isinstance(error, CharRNNError):
        hint = APP_HINTS.get(error.hint or "")
        return f"{error}; {hint}" if hint else str(error)
    return fmt.one_line(f"{type(error).__name__}: {error}", 300)


class CharRNNApp(App[int]):
    """Pick a corpus, set hyperparameters, press F5, watch the loss fall and the samples improve."""

    CSS_PATH = "app.tcss"
    TITLE = "charrnn-tui"
    # Narrow terminals (80 columns) get a slimmer left column; short ones drop decoration.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-tall")]

    # Priority bindings fire before the focused widget sees the key, so they work even
    # while an Input has focus. F5 is three bindings; check_action enables exactly one,
    # which also gives the footer the right label (Start / Pause / Resume).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "start", "Start", priority=True),
        Binding("f5", "pause", "Pause", priority=True),
        Binding("f5", "resume", "Resume", priority=True),
        Binding("f6", "sample_now", "Sample", priority=True),
        Binding("f2", "save_now", "Save", priority=True),
        Binding("f9", "stop_run", "Stop", priority=True),
        Binding("f3", "browse_runs", "Runs", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    run_state: reactive[str] = reactive(IDLE, init=False)

    def __init__(
        self,
        corpus: str | None = None,
        config: TrainConfig | None = None,
        resume: str | None = None,
        *,
        offer_resume: bool = True,
        train_options: dict | None = None,
    ) -> None:
        """``corpus``: a path or bundled name to open first; ``config``: initial values;
        ``resume``: a run to continue at once. ``train_options`` go to ``Session.train``
        (tests and benchmarks shorten intervals with it)."""
        super().__init__()
        self._initial_corpus = corpus
        self._initial_config = config or TrainConfig()
        self._resume_at_start = resume
        self._offer_resume = offer_resume and resume is None
        self._train_options = dict(train_options or {})

        self.corpus: Corpus | None = None  # the current choice, used by the next new run
        self.session: Session | None = None  # the run being trained (None when idle)
        self.last_session: Session | None = None  # the last run, kept to sample from
        self.run_name: str | None = None
        self._train_worker: Worker | None = None
        # What a stopped run records: "stopped" (F9) or "paused" (quit, offered next time).
        self._stop_status = "stopped"
        self._training_done = threading.Event()  # clear while a training thread runs
        self._training_done.set()
        self._quitting = False
        self._save_requested = False
        self._save_error: str | None = None  # the last failed save of this run, if any
        # F5 pressed again while a run is starting: the worker pauses before the first step.
        self._pause_at_start = threading.Event()
        # The controls of the run being started or trained: made here, passed to the session.
        self._controls: LiveControls | None = None
        self._status_text = ""
        self._previous_switch_interval = sys.getswitchinterval()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # Keep references: ``App.query_one`` searches the *active* screen, which is a
        # dialog whenever one is open, yet training news must still reach these panes.
        self.corpus_pane = CorpusPane(id="corpus")
        self.hyperparams = HyperparamPane(self._initial_config, id="hyperparams")
        self.loss_pane = LossPane(id="loss")
        self.sample_pane = SamplePane(id="sample")
        self.status_line = Static("", id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield self.corpus_pane
                yield self.hyperparams
            with Vertical(id="right"):
                yield self.loss_pane
                yield self.sample_pane
        yield self.status_line
        yield Footer()

    def on_mount(self) -> None:
        # The trainer thread runs long stretches of Python (sampling, bookkeeping) that
        # hold the GIL; by default the UI thread may wait 5 ms for it each time it needs
        # it. A 1 ms interval keeps keys snappy while training and costs training little.
        self._previous_switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(UI_SWITCH_INTERVAL)

    def on_ready(self) -> None:
        # After the first paint, so every pane has mounted its children.
        self._refresh_sources()
        self._render_status()
        self._open_initial_corpus()
        if self._resume_at_start:
            self._resume_run(self._resume_at_start)
        elif self._offer_resume:
            self._offer_latest_run()

    async def on_unmount(self) -> None:
        sys.setswitchinterval(self._previous_switch_interval)
        # However the app ends (Ctrl+Q has already waited; a signal or a harness has not),
        # let the training thread write its final checkpoint before the app is gone.
        if not self._training_done.is_set():
            if self._controls is not None:
                self._controls.stop(status="paused")  # offered for resuming next time
            await asyncio.to_thread(self._training_done.wait, FINAL_SAVE_TIMEOUT)

    def _refresh_sources(self) -> None:
        bundled: list[CorpusChoice] = []
        try:
            for item in paths.bundled_corpora():
                bundled.append(CorpusChoice(str(item.path), item.title, item.description, True))
        except CharRNNError as error:
            self.corpus_pane.show_error(str(error))
        bundled.append(
            CorpusChoice(
                str(python_stdlib_corpus_path()),
                BUILTIN_PYTHON,
                "Python's standard library, as code",
                True,
            )
        )
        recent = [
            CorpusChoice(path, fmt.short_path(path, 40))
            for path in paths.load_recent()
            if path != BUILTIN_PYTHON
        ]
        self.corpus_pane.set_sources(bundled, recent)

    def _open_initial_corpus(self) -> None:
        if self._initial_corpus:
            text = self._initial_corpus
            self._load_corpus(CorpusChoice(text, text), "utf-8", resolve=True)
            return
        try:
            default = paths.default_corpus()
        except CharRNNError as error:
            self.corpus_pane.show_error(str(error))
            return
        self._load_corpus(
            CorpusChoice(str(default.path), default.title, default.description, True), "utf-8"
        )

    def _offer_latest_run(self) -> None:
        try:
            summary = run_store.latest_unfinished_run()
        except CharRNNError as error:
            self._set_status(f"could not list runs: {error}")
            return
        if summary is None:
            return

        def answered(resume: bool | None) -> None:
            if resume:
                self._resume_run(summary.name)

        self.push_screen(ResumeOfferScreen(summary), answered)

    # ------------------------------------------------------------------ status line

    def watch_run_state(self, state: str) -> None:
        self.hyperparams.set_run_state(state)
        self.corpus_pane.set_locked(state != IDLE)
        self._render_status()
        self.refresh_bindings()

    def _set_status(self, text: str) -> None:
        self._status_text = text
        self._render_status()

    def _render_status(self) -> None:
        badge, style_class = STATE_BADGES[self.run_state]
        line = Text()
        line.append(f" {badge} ", style="bold reverse")
        if self.run_name and self.run_state != IDLE:
            line.append(f" run {self.run_name}", style="bold")
        line.append("  ")
        line.append(self._status_text or self._hint())
        status = self.status_line
        if not status.has_class(style_class):
            # Only on a real change: restyling a node costs more than repainting one row.
            status.set_classes(style_class)
        status.update(line, layout=False)  # one fixed row: no layout pass needed

    def _hint(self) -> str:
        if self.run_state == IDLE:
            name = self.corpus.name if self.corpus else "a corpus"
            return f"F5 trains on {name} · F3 runs · F1 help"
        if self.run_state == TRAINING:
            return "F5 pauses · F6 samples · F2 saves · F9 stops"
        if self.run_state == PAUSED:
            return "F5 resumes · F9 stops"
        return ""

    # ------------------------------------------------------------------ corpus

    @on(CorpusPane.Requested)
    def _corpus_requested(self, event: CorpusPane.Requested) -> None:
        if self.run_state != IDLE:
            self.corpus_pane.show_error("stop the run (F9) before changing the corpus")
            return
        self._load_corpus(event.choice, event.encoding)

    @on(CorpusPane.BrowseRequested)
    def _browse_files(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.corpus_pane.request_path(path)

        # Start where the current corpus lives: the next file is often a neighbour.
        folder = None
        if self.corpus is not None and self.corpus.path:
            current = Path(self.corpus.path)
            folder = current.parent if current.is_file() else current
        self.push_screen(FilePickerScreen(folder), chosen)

    def _load_corpus(self, choice: CorpusChoice, encoding: str, resolve: bool = False) -> None:
        self.corpus_pane.show_loading(choice)
        self._corpus_worker(choice, encoding, resolve)

    @work(thread=True, exclusive=True, exit_on_error=False, group="corpus")
    def _corpus_worker(self, choice: CorpusChoice, encoding: str, resolve: bool) -> None:
        """Load a corpus off the UI thread; a newer request cancels this one."""
        worker = get_current_worker()

        def progress(fraction: float) -> None:
            if worker.is_cancelled:
                # Raising abandons the load (load_corpus allows it): nobody wants it now.
                raise _Superseded
            self.post_message(CorpusLoadProgress(fraction))

        try:
            path = str(paths.resolve_corpus_arg(choice.path)) if resolve else choice.path
            corpus = load_corpus(path, encoding=encoding, progress=progress)
        except _Superseded:
            return
        except Exception as error:  # noqa: BLE001 - every failure is shown, none crashes
            if not worker.is_cancelled:
                self.post_message(CorpusFailed(choice.title, _describe_failure(error)))
            return
        if not worker.is_cancelled:
            self.post_message(CorpusLoaded(corpus, choice.title, remember=not choice.bundled))

    def on_corpus_load_progress(self, message: CorpusLoadProgress) -> None:
        self.corpus_pane.show_progress(message.fraction)

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        if self.run_state != IDLE:
            return  # finished loading after a run started: the run's corpus stays shown
        corpus = message.corpus
        self._show_corpus(corpus)
        if message.remember and corpus.path:
            paths.remember_recent(corpus.path)
            self._refresh_sources()
        self._render_status()

    def _show_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        val_fraction = self.hyperparams.config_value("val_fraction")
        self.corpus_pane.show_corpus(
            corpus, corpus.path, corpus.source_info.get("bytes_read"), float(val_fraction)
        )
        if corpus.source_info.get("truncated"):
            self.notify(f"{corpus.name} was cut at the folder size limit", severity="warning")

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self.corpus_pane.show_error(message.text)

    @on(HyperparamPane.SplitChanged)
    def _split_changed(self, event: HyperparamPane.SplitChanged) -> None:
        self.corpus_pane.update_split(event.val_fraction)

    # ------------------------------------------------------------------ training

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Exactly one of the three F5 actions is live at a time.
        if action == "start":
            return self.run_state in (IDLE, STARTING, STOPPING)
        if action == "pause":
            return self.run_state == TRAINING
        if action == "resume":
            return self.run_state == PAUSED
        return True

    def action_start(self) -> None:
        if isinstance(self.screen, ResumeOfferScreen):
            # F5 while the offer is showing means "yes, carry on training that run".
            self.screen.dismiss(True)
            return
        self._close_modals()
        if self.run_state == STARTING:
            # F5 twice in a row: start, then pause as soon as the model is ready.
            if self._pause_at_start.is_set():
                self._pause_at_start.clear()
                if self._controls is not None:
                    self._controls.resume()
                self._set_status("starting…")
            else:
                self.pause_when_ready()
            return
        if self.run_state != IDLE:
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
        self.loss_pane.reset()
        self._launch(
            lambda controls: Session.create(corpus, config, controls=controls), resumed=False
        )

    def action_pause(self) -> None:
        self._close_modals()
        if self.session is not None:
            self.session.controls.pause()
            self._set_status("pausing (saving a checkpoint)…")
        self.run_state = PAUSED

    def action_resume(self) -> None:
        self._close_modals()
        if self.session is not None:
            self.session.controls.resume()
        self._set_status("")
        self.run_state = TRAINING

    @on(Button.Pressed, "#start")
    def _start_button(self) -> None:
        {IDLE: self.action_start, TRAINING: self.action_pause, PAUSED: self.action_resume}.get(
            self.run_state, lambda: None
        )()

    @on(Button.Pressed, "#stop")
    def _stop_button(self) -> None:
        self.action_stop_run()

    def _refuse(self, reason: str) -> None:
        self.notify(reason, title="Cannot start", severity="error")
        self._set_status(reason)

    def _resume_run(self, name: str) -> None:
        if self.run_state != IDLE:
            self.notify(f"Stop the current run (F9) before resuming {name}.", severity="warning")
            return
        self.loss_pane.reset()
        # The text already loaded serves when it is the run's own (same SHA-256): a large
        # corpus is then not read from disk again. Otherwise the engine reloads it.
        loaded = self.corpus
        try:
            stored_sha = (open_run(name).info.get("corpus") or {}).get("sha256")
        except CharRNNError:
            stored_sha = None  # the worker reports the problem when it resumes
        corpus = loaded if loaded is not None and loaded.sha256 == stored_sha else None
        self._launch(
            lambda controls: Session.resume(name, controls=controls, corpus=corpus), resumed=True
        )

    def pause_when_ready(self) -> None:
        """Have the next run to start (or the one starting) pause before its first step.

        F5 pressed twice in a row does this; tests use it to keep step counts exact.
        """
        self._pause_at_start.set()
        if self._controls is not None:
            self._controls.pause()
        self._set_status("will pause as soon as the model is ready")

    def _launch(self, build: Callable[[LiveControls], Session], *, resumed: bool) -> None:
        # A corpus still loading must not replace the one this run trains on.
        self.workers.cancel_group(self, "corpus")
        self._save_requested = False
        self._save_error = None
        self._set_status("resuming run…" if resumed else "building the model…")
        self.run_state = STARTING
        # Set once, here: what the worker's session starts with, whenever it is ready.
        controls = self._controls = LiveControls()
        controls.temperature, controls.prime = self.sample_pane.temperature, self.sample_pane.prime
        if self._pause_at_start.is_set():
            controls.pause()
        self._training_done.clear()
        self._train_worker = self._training_worker(build, resumed, controls)

    @work(thread=True, exclusive=True, exit_on_error=False, group="training")
    def _training_worker(
        self, build: Callable[[LiveControls], Session], resumed: bool, controls: LiveControls
    ) -> None:
        """Build (or resume) a session and train it until stopped. Runs in its own thread;
        it reads no app state: pause, stop and settings arrive through `controls`."""
        post = self.post_message
        reason = "failed"
        try:
            session = build(controls)
            post(SessionReady(session, resumed))
            post(TrainingProgress(session.trainer.progress()))
            reason = session.train(
                on_progress=lambda progress: post(TrainingProgress(progress)),
                on_sample=lambda text: post(SampleReady(text)),
                on_event=lambda kind, text: post(TrainingEvent(kind, text)),
                **self._train_options,
            )
        except Exception as error:  # noqa: BLE001 - shown in the app, which keeps running
            post(TrainingFailed(_describe_failure(error)))
        finally:
            # Always last, so the app can leave the active states whatever happened.
            self._training_done.set()
            post(RunStopped(reason))

    def on_session_ready(self, message: SessionReady) -> None:
        session = message.session
        self.session = session
        self.run_name = session.run.name
        controls = session.controls
        if controls.stopped:
            return  # quit or stop was pressed while the model was being built
        trainer = session.trainer
        if message.resumed:
            # Show what is actually being trained: the run's corpus and hyperparameters.
            self.hyperparams.show_config(trainer.config)
            self._show_corpus(trainer.corpus)
            self.hyperparams.set_live_value("learning_rate", controls.learning_rate)
            self.hyperparams.set_live_value("clip", controls.clip)
        # session.warnings (e.g. "the corpus changed") arrive as "warning" events from train().
        self._pause_at_start.clear()  # a pause asked for while starting is on the controls
        verb = "resumed" if message.resumed else "started"
        self._set_status(f"{verb} at step {fmt.count(trainer.step_count)}")
        self.run_state = PAUSED if controls.paused else TRAINING

    def on_training_progress(self, message: TrainingProgress) -> None:
        if not self.is_running:
            return  # the final report of a run stopped by shutting down: the panes are gone
        self.loss_pane.update_progress(message.progress)

    def on_sample_ready(self, message: SampleReady) -> None:
        progress = self.loss_pane.progress
        step = f"step {fmt.count(progress.step)} · " if progress else ""
        self.sample_pane.show_sample(
            message.text, f"{step}temp {fmt.number(self.sample_pane.temperature)}"
        )
        if self._status_text == "sampling…":
            self._set_status("")

    def on_training_event(self, message: TrainingEvent) -> None:
        kind, text = message.kind, message.text
        if kind == "saved":
            self._save_error = None
            if self._save_requested:
                self._save_requested = False
                self.notify(text or "Checkpoint saved.", title="Saved", timeout=3)
            self._set_status(text or "checkpoint saved")
        elif kind in ("paused", "resumed"):
            # Events can trail the keys (a pause saves first): the controls say what is true
            # now, so a quick pause-resume never leaves the wrong label behind.
            paused = self.session.controls.paused if self.session else kind == "paused"
            if self.run_state in (TRAINING, PAUSED):
                self.run_state = PAUSED if paused else TRAINING
            self._set_status(text)
        elif kind == "diverged":
            # The engine has restored the last good weights and paused itself.
            if self.run_state == TRAINING:
                self.run_state = PAUSED
            advice = "" if "learning rate" in text else " Lower the learning rate (lr) first."
            advice += " F5 resumes."
            self.notify(text + advice, title="Training diverged", severity="error", timeout=15)
            self._set_status(text + advice)
        elif kind == "warning":
            self.notify(text, severity="warning", timeout=8)
            self._set_status(text)
        else:  # "error" (e.g. a failed save) and anything new: never silently dropped
            self._save_error = text
            self.notify(text, title="Training problem", severity="error", timeout=10)
            self._set_status(text)

    def on_training_failed(self, message: TrainingFailed) -> None:
        self.notify(message.text, title="Training stopped", severity="error", timeout=10)
        self._set_status(message.text)

    def on_run_stopped(self, message: RunStopped) -> None:
        if self.session is not None:
            self.last_session = self.session
            step = fmt.count(self.session.trainer.step_count)
            if self._save_error is not None:
                self._set_status(
                    f"run {self.run_name} stopped at step {step}, NOT saved: {self._save_error}"
                )
            elif message.reason != "failed":
                self._set_status(f"run {self.run_name} stopped at step {step}; saved")
        self.session = None
        self._controls = None
        self._train_worker = None
        self._pause_at_start.clear()
        self.run_state = IDLE
        if self._quitting:
            if self._save_error is not None and message.reason != "failed":
                # Never lose work silently: stay, say so, and let a second Ctrl+Q decide.
                self._quitting = False
                self.notify(
                    f"The final checkpoint could not be saved ({self._save_error}). "
                    "Press Ctrl+Q again to quit anyway.",
                    title="Not saved",
                    severity="error",
                    timeout=30,
                )
                return
            self.exit(0)

    # ------------------------------------------------------------------ live controls

    @on(HyperparamPane.LiveChanged)
    def _live_changed(self, event: HyperparamPane.LiveChanged) -> None:
        if self._controls is None:
            return
        setattr(self._controls, event.name, event.value)  # a starting run takes it too
        self._set_status(f"{event.name.replace('_', ' ')} now {fmt.number(event.value)}")

    @on(SamplePane.SettingsChanged)
    def _sample_settings_changed(self, event: SamplePane.SettingsChanged) -> None:
        if self._controls is not None:
            self._controls.temperature = event.temperature
            self._controls.prime = event.prime

    # ------------------------------------------------------------------ actions

    def action_sample_now(self) -> None:
        self._close_modals()
        if self.session is not None:
            self.session.controls.request_sample()
            # Feedback on the one-row status line: repainting the whole sample pane for a
            # caption costs the UI thread tens of milliseconds while the trainer runs.
            self._set_status("sampling…")
        elif self.last_session is not None:
            self._sample_in_background(None, self.last_session)
        else:
            self.notify("Nothing to sample yet: start training (F5) or pick a run (F3).")

    def action_save_now(self) -> None:
        self._close_modals()
        if self.session is None:
            self.notify("No active run to save: F5 starts one.")
            return
        self._save_requested = True
        self.session.controls.request_save()
        self._set_status("saving a checkpoint…")

    def action_stop_run(self) -> None:
        self._close_modals()
        if self.run_state not in (STARTING, TRAINING, PAUSED):
            self.notify("No run to stop.")
            return
        self._stop_training()
        self._set_status("stopping: saving a final checkpoint…")

    def _stop_training(self, status: str = "stopped") -> None:
        """status: what the run records; "paused" keeps it on offer for resuming. A stop
        already under way keeps the status it was given (Ctrl+Q after F9 stays "stopped")."""
        if self.run_state != STOPPING:
            self._stop_status = status
        if self._controls is not None:
            self._controls.stop(status=self._stop_status)
        self.run_state = STOPPING

    def action_browse_runs(self) -> None:
        if isinstance(self.screen, RunBrowserScreen):
            return
        self._close_modals()
        active = self.run_name if self.run_state in ACTIVE_STATES else None
        progress = self.loss_pane.progress
        step = progress.step if active and progress else None
        self.push_screen(RunBrowserScreen(active, step), self._run_chosen)

    def _run_chosen(self, choice: RunChoice | None) -> None:
        if choice is None:
            return
        if choice.action == "resume":
            self._resume_run(choice.name)
        elif choice.action == "sample":
            self._sample_in_background(choice.name, None)

    def _sample_in_background(self, run_name: str | None, session: Session | None) -> None:
        pane = self.sample_pane
        self._set_status(f"sampling from {run_name}…" if run_name else "sampling…")
        # Read the widgets here, on the app thread; the worker gets plain values.
        self._sample_worker(run_name, session, pane.temperature, pane.prime)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sample")
    def _sample_worker(
        self, run_name: str | None, session: Session | None, temperature: float, prime: str
    ) -> None:
        """Sample from a stored run's best checkpoint, or from a stopped session's weights."""
        label = run_name or (session.run.name if session else "")
        try:
            if session is not None:
                text = session.trainer.sample(SAMPLE_LENGTH, temperature=temperature, prime=prime)
            else:
                assert run_name is not None
                model, vocab, _ = load_model(run_name)
                text = sample_text(
                    model, vocab, SAMPLE_LENGTH, temperature=temperature, prime=prime
                )
        except Exception as error:  # noqa: BLE001 - a corrupt run is reported, not fatal
            self.post_message(RunSampled(label, None, _describe_failure(error)))
            return
        self.post_message(RunSampled(label, text))

    def on_run_sampled(self, message: RunSampled) -> None:
        if message.error is not None:
            self.notify(message.error, title=f"Cannot sample {message.run_name}", severity="error")
            self._set_status(message.error)
            return
        self._set_status(f"sampled from {message.run_name}")
        self.sample_pane.show_sample(
            message.text or "",
            f"{message.run_name} · temp {fmt.number(self.sample_pane.temperature)}",
        )

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self._close_modals()
        self.push_screen(HelpScreen())

    def _close_modals(self) -> None:
        """Global keys act on the main screen, so first close whatever dialog is open."""
        while isinstance(self.screen, ModalScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    async def action_quit(self) -> None:
        if self.run_state in ACTIVE_STATES and self._train_worker is not None:
            if self._quitting:
                # A second Ctrl+Q: stop waiting. Shutdown still cancels the worker, and the
                # engine's loop sees that within one step.
                self.exit(0)
                return
            self._quitting = True
            self._stop_training(status="paused")  # quitting mid-run: offer it next time
            self._set_status("saving a checkpoint before quitting…")
            return  # on_run_stopped exits once the final checkpoint is written
        self.exit(0)

    # ------------------------------------------------------------------ palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Start / pause / resume training", "F5", self._palette_f5)
        yield SystemCommand(
            "Sample now", "F6: generate text from the model", self.action_sample_now
        )
        yield SystemCommand("Save checkpoint", "F2", self.action_save_now)
        yield SystemCommand("Stop the run", "F9: saves a final checkpoint", self.action_stop_run)
        yield SystemCommand(
            "Browse runs", "F3: resume, sample or delete runs", self.action_browse_runs
        )
        yield SystemCommand(
            "Open a corpus file", "Browse for a text file or folder", self._browse_files
        )
        yield SystemCommand("Keys and help", "F1", self.action_help)

    def _palette_f5(self) -> None:
        self._start_button()
