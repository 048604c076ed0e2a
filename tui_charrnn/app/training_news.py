"""What the training worker's messages mean on the main screen.

The worker posts to the screen (the controller's docstring states the threading rule); the
screen's handlers pass each message to ``TrainingNews``, which tells the controller what
happened and turns the news into what the panes, the status bar and the notifications show.
The run state itself changes only in the ``TrainingController``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_charrnn.app import formatting as fmt

if TYPE_CHECKING:
    from tui_charrnn.app.messages import (
        RunStopped,
        SampleReady,
        SessionReady,
        TrainingEvent,
        TrainingFailed,
    )
    from tui_charrnn.app.screens.main import MainScreen


class TrainingNews:
    """Shows the active run's news: ready, samples, events, failure and the end."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen  # holds the panes, the status bar and the controller

    def session_ready(self, message: SessionReady) -> None:
        screen = self._screen
        session = message.session
        screen.controller.session_ready(session)
        screen.status_bar.run_name = session.run.name
        controls = session.controls
        if controls.stopped:
            return  # quit or stop was pressed while the model was being built
        trainer = session.trainer
        if message.resumed:
            # Show what is actually being trained: the run's corpus and hyperparameters.
            screen.hyperparams.show_config(trainer.config)
            screen.corpus_loader.show(trainer.corpus)
            screen.hyperparams.set_live_value("learning_rate", controls.learning_rate)
            screen.hyperparams.set_live_value("clip", controls.clip)
        # session.warnings (e.g. "the corpus changed") arrive as "warning" events from train().
        verb = "resumed" if message.resumed else "started"
        screen.set_status(f"{verb} at step {fmt.count(trainer.step_count)}")

    def sample_ready(self, message: SampleReady) -> None:
        screen = self._screen
        progress = screen.loss_pane.progress
        step = f"step {fmt.count(progress.step)} · " if progress else ""
        temperature = fmt.number(screen.sample_pane.temperature)
        screen.sample_pane.show_sample(message.text, f"{step}temp {temperature}")
        if screen.status_text == "sampling…":
            screen.set_status("")

    def event(self, message: TrainingEvent) -> None:
        screen, controller = self._screen, self._screen.controller
        kind, text = message.kind, message.text
        if kind == "saved":
            controller.save_error = None
            if controller.save_requested:
                controller.save_requested = False
                screen.notify(text or "Checkpoint saved.", title="Saved", timeout=3)
            screen.set_status(text or "checkpoint saved")
        elif kind in ("paused", "resumed"):
            controller.sync_pause()
            screen.set_status(text)
        elif kind == "diverged":
            controller.diverged()
            advice = "" if "learning rate" in text else " Lower the learning rate (lr) first."
            advice += " F5 resumes."
            screen.notify(text + advice, title="Training diverged", severity="error", timeout=15)
            screen.set_status(text + advice)
        elif kind == "warning":
            screen.notify(text, severity="warning", timeout=8)
            screen.set_status(text)
        elif kind == "note":  # news about the run that needs no action (weight drop begins)
            screen.notify(text, timeout=6)
            screen.set_status(text)
        else:  # "error" (e.g. a failed save) and anything new: never silently dropped
            controller.save_error = text
            screen.notify(text, title="Training problem", severity="error", timeout=10)
            screen.set_status(text)

    def failed(self, message: TrainingFailed) -> None:
        self._screen.notify(message.text, title="Training stopped", severity="error", timeout=10)
        self._screen.set_status(message.text)

    def stopped(self, message: RunStopped) -> None:
        """The worker has ended: back to idle, and say where the run was left."""
        screen, controller = self._screen, self._screen.controller
        save_error, run_name = controller.save_error, controller.run_name
        session = controller.stopped()
        if session is None:
            return
        step = fmt.count(session.trainer.step_count)
        if save_error is not None:
            screen.set_status(f"run {run_name} stopped at step {step}, NOT saved: {save_error}")
        elif message.reason in ("steps", "time"):  # the budget ran out: the run is finished
            screen.set_status(f"run {run_name} finished at step {step}: budget used up; saved")
        elif message.reason != "failed":
            screen.set_status(f"run {run_name} stopped at step {step}; saved")
