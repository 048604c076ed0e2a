"""The run side of the main screen: news from the training worker, samples, the run browser.

A mixin of ``MainScreen`` (screens/main.py), kept apart so each file reads in one go. Its
handlers only turn messages into what the panes and the status bar show; the run state
itself changes in the ``TrainingController``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.inspector_jobs import InspectSource
from tui_charrnn.app.messages import (
    RunSampled,
    RunStopped,
    SampleReady,
    SessionReady,
    TrainingEvent,
    TrainingFailed,
    TrainingProgress,
)
from tui_charrnn.app.screens.inspector import InspectorScreen
from tui_charrnn.app.screens.resume import ResumeOfferScreen
from tui_charrnn.app.screens.runs import RunBrowserScreen, RunChoice
from tui_charrnn.app.workers import sample_job
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine.errors import CharRNNError

if TYPE_CHECKING:
    from tui_charrnn.app.screens.main import MainScreen
    from tui_charrnn.engine.session import Session

    _Base = MainScreen
else:
    _Base = object


class RunsMixin(_Base):
    """Handlers for the training worker's messages and for stored runs."""

    def on_session_ready(self, message: SessionReady) -> None:
        session = message.session
        self.controller.session_ready(session)
        self.status_bar.run_name = session.run.name
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
        verb = "resumed" if message.resumed else "started"
        self.set_status(f"{verb} at step {fmt.count(trainer.step_count)}")

    def on_training_progress(self, message: TrainingProgress) -> None:
        self.loss_pane.update_progress(message.progress)

    def on_sample_ready(self, message: SampleReady) -> None:
        progress = self.loss_pane.progress
        step = f"step {fmt.count(progress.step)} · " if progress else ""
        temperature = fmt.number(self.sample_pane.temperature)
        self.sample_pane.show_sample(message.text, f"{step}temp {temperature}")
        if self.status_text == "sampling…":
            self.set_status("")

    def on_training_event(self, message: TrainingEvent) -> None:
        kind, text = message.kind, message.text
        if kind == "saved":
            self.controller.save_error = None
            if self.controller.save_requested:
                self.controller.save_requested = False
                self.notify(text or "Checkpoint saved.", title="Saved", timeout=3)
            self.set_status(text or "checkpoint saved")
        elif kind in ("paused", "resumed"):
            self.controller.sync_pause()
            self.set_status(text)
        elif kind == "diverged":
            self.controller.diverged()
            advice = "" if "learning rate" in text else " Lower the learning rate (lr) first."
            advice += " F5 resumes."
            self.notify(text + advice, title="Training diverged", severity="error", timeout=15)
            self.set_status(text + advice)
        elif kind == "warning":
            self.notify(text, severity="warning", timeout=8)
            self.set_status(text)
        else:  # "error" (e.g. a failed save) and anything new: never silently dropped
            self.controller.save_error = text
            self.notify(text, title="Training problem", severity="error", timeout=10)
            self.set_status(text)

    def on_training_failed(self, message: TrainingFailed) -> None:
        self.notify(message.text, title="Training stopped", severity="error", timeout=10)
        self.set_status(message.text)

    def on_run_stopped(self, message: RunStopped) -> None:
        controller = self.controller
        save_error, run_name = controller.save_error, controller.run_name
        session = controller.stopped()
        if session is not None:
            step = fmt.count(session.trainer.step_count)
            if save_error is not None:
                self.set_status(f"run {run_name} stopped at step {step}, NOT saved: {save_error}")
            elif message.reason != "failed":
                self.set_status(f"run {run_name} stopped at step {step}; saved")
        if not self._quitting:
            return
        if save_error is not None and message.reason != "failed":
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

    def _offer_latest_run(self) -> None:
        try:
            summary = run_store.latest_unfinished_run()
        except CharRNNError as error:
            self.set_status(f"could not list runs: {error}")
            return
        if summary is not None:
            self.app.push_screen(
                ResumeOfferScreen(summary),
                lambda resume: self.resume_run(summary.name) if resume else None,
            )

    def sample_now(self) -> None:
        if self.controller.request_sample():
            # Feedback on the one-row status bar: repainting the whole sample pane for a
            # caption costs the UI thread tens of milliseconds while the trainer runs.
            self.set_status("sampling…")
        elif self.controller.last_session is not None:
            self._sample_in_background(None, self.controller.last_session)
        else:
            self.notify("Nothing to sample yet: start training (F5) or pick a run (F3).")

    def save_now(self) -> None:
        if self.controller.request_save():
            self.set_status("saving a checkpoint…")
        else:
            self.notify("No active run to save: F5 starts one.")

    # ------------------------------------------------------------------ runs

    def browse_runs(self) -> None:
        active = self.run_name if self.run_state.active else None
        progress = self.loss_pane.progress
        step = progress.step if active and progress else None
        self.app.push_screen(RunBrowserScreen(active, step), self._run_chosen)

    def _run_chosen(self, choice: RunChoice | None) -> None:
        if choice is None:
            return
        if choice.action == "resume":
            self.resume_run(choice.name)
        elif choice.action == "sample":
            self._sample_in_background(choice.name, None)
        elif choice.action == "inspect":
            self.open_inspector(choice.name)

    def open_inspector(self, run_name: str | None = None) -> None:
        """F4: the run being trained, on a copy of its weights taken now (training goes on);
        else the last run of this session, or ``run_name`` from the run browser."""
        session = self.controller.session
        if session is not None and run_name in (None, session.run.name):
            name = session.run.name

            def retake() -> InspectSource | None:
                current = self.controller.session
                if current is None or current.run.name != name:
                    return None
                return InspectSource.live(current.trainer, name)

            source = InspectSource.live(session.trainer, name)
            self.app.push_screen(InspectorScreen(source, retake=retake))
            return
        if run_name is None and self.controller.run_name is not None:
            run_name = self.controller.run_name
        if run_name is None:
            self.notify("Nothing to inspect yet: start training (F5) or pick a run (F3, then i).")
            return
        self.app.push_screen(InspectorScreen(InspectSource.stored_run(run_name)))

    def _sample_in_background(self, run_name: str | None, session: Session | None) -> None:
        self.set_status(f"sampling from {run_name}…" if run_name else "sampling…")
        # Read the widgets here, on the UI thread; the worker gets plain values.
        temperature, prime = self.sample_pane.temperature, self.sample_pane.prime
        self.run_worker(
            lambda: sample_job(self.post_message, run_name, session, temperature, prime),
            group="sample",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def on_run_sampled(self, message: RunSampled) -> None:
        if message.error is not None:
            self.notify(message.error, title=f"Cannot sample {message.run_name}", severity="error")
            self.set_status(message.error)
            return
        self.set_status(f"sampled from {message.run_name}")
        temperature = fmt.number(self.sample_pane.temperature)
        self.sample_pane.show_sample(message.text or "", f"{message.run_name} · temp {temperature}")
