"""TrainingLoop: one call of `Session.train`, read top to bottom in `run()`.

Each turn of the loop: stop?  serve save/sample requests;  follow a pause or resume;  wait while
paused;  an evaluation owed?  a step or time limit?  one step;  divergence?  evaluate when due;
checkpoints due;  a preview sample due.  Everything runs in the thread that called
`Session.train`; other threads steer only through the session's LiveControls.

A validation pass over a big model takes seconds, so a pause or a stop cuts it short between
two of its chunks. Nothing of a cut pass is recorded: after a pause the pass is done again, whole,
before the next step (with the checkpoints and preview that follow it); a stop ends the run
without it, and a resumed run owes it and does it before its first step. Evaluation leaves the
weights and the random state alone, so the training itself stays bit for bit the same.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.trainer import single_thread_blas

PAUSE_POLL_SECONDS = 0.05  # how often a paused loop serves requests
# Timed preview samples take at most this share of training time: a big model's sample takes
# long (hidden 1024: ~0.5 s for 400 characters), so its previews come less often.
PREVIEW_SHARE = 0.1


@dataclass
class LoopOptions:
    """Limits and schedules of one training call (see `Session.train` for the defaults)."""

    max_steps: int | None  # steps this call may take; None: no limit
    time_budget: float | None  # seconds of training (paused time not counted); None: no limit
    checkpoint_every_seconds: float | None  # periodic checkpoint by wall time
    checkpoint_every_steps: int | None  # periodic checkpoint by step count
    snapshot_every_steps: int | None  # a numbered snapshot every N steps
    keep_snapshots: int  # newest snapshots kept
    sample_every_seconds: float | None  # preview sample cadence; None: only on request
    sample_length: int  # characters per preview sample
    pause_on_divergence: bool  # restore and pause (the app) or end with "diverged" (the CLI)
    report_every: float  # seconds between progress reports (evaluations always report)
    on_sample: Callable[[str], None] | None  # receives each preview sample
    on_event: Callable[[str, str], None] | None  # receives (kind, one-line message)


class TrainingLoop:
    """The state of one training call, and the loop that drives the trainer."""

    def __init__(self, session, options: LoopOptions) -> None:
        self.session = session
        self.trainer = session.trainer
        self.controls = session.controls
        self.options = options
        now = time.monotonic()
        self.started = now  # when this call began (for the time budget)
        self.paused_for = 0.0  # seconds spent paused, not counted against the time budget
        self.steps_done = 0  # steps taken by this call
        self.last_checkpoint = now  # when a checkpoint was last written (or the call began)
        # When the last preview sample was made; -inf makes the first one due at once.
        self.last_sample = -math.inf if options.sample_every_seconds else math.inf
        self.pause_reported = False  # whether the current pause was saved and announced
        self.sample_seconds = 0.0  # how long the last preview sample took to generate
        # Active seconds the lr schedule's segment had spent before this call (schedule.py).
        budget = self.trainer.budget
        self.schedule_seconds = budget.seconds if budget is not None else 0.0

    # ----------------------------------------------------------------------------- the loop
    def run(self) -> str:
        """Train until a limit or a stop; returns "steps", "time", "diverged" or, when
        stopped, the status given to `controls.stop()`."""
        for warning in self.session.warnings:
            self.emit("warning", warning)
        self.session.warnings.clear()
        if self.controls.stopped:  # stopped before training could begin: take no step
            status = self.controls.stop_status or "stopped"
            self.mark(status)
            return status
        self.mark("running")
        try:
            with single_thread_blas():
                outcome = self._train()
            return self._finish(outcome)
        finally:
            self.trainer.overlap.close()  # no idle helper thread outlives training

    def _train(self) -> str:
        """Step until a limit, a stop or a divergence that is not repaired; say which."""
        trainer, controls = self.trainer, self.controls
        while True:
            if controls.stopped:
                return "stopped"
            self._serve_requests()
            self._follow_pause()
            if controls.paused:
                self._wait_while_paused()
                continue
            if self._evaluation_owed():  # cut short by a pause, or by the stop of a stored run
                self._after_step()
                continue
            limit = self._limit_reached()
            if limit is not None:
                if self._final_evaluation_owed():
                    self._evaluate()  # cut short: the next turn pauses or stops
                    continue
                return limit
            self._advance_schedule_clock()
            trainer.step()
            if trainer.diverged:
                if self._recover_from_divergence():
                    continue
                return "diverged"
            self.steps_done += 1
            if trainer.weight_drop_began:
                self._announce_weight_drop()
            self._after_step()

    def _finish(self, outcome: str) -> str:
        """Record how training ended and write the final checkpoint."""
        trainer = self.trainer
        if outcome == "diverged":
            self.mark("diverged")  # the last good checkpoint stays as it was
            return outcome
        if outcome == "stopped":
            status = self.controls.stop_status or "stopped"
        else:
            status = "finished"  # with a current validation loss: see _final_evaluation_owed
        self.save("end of training", status=status)
        trainer.report(force=True)
        return outcome if outcome != "stopped" else status

    # ----------------------------------------------------------------------------- each turn
    def _serve_requests(self) -> None:
        """Save and sample requests from other threads; served while paused too."""
        if self.controls.take_save_request():
            self.save("requested")
        if self.controls.take_sample_request():
            self.sample()

    def _follow_pause(self) -> None:
        """Report (and save at) a pause once, and a resume once."""
        trainer = self.trainer
        if self.controls.paused and not self.pause_reported:
            self.pause_reported = True
            self.save("paused", status="paused")
            trainer.report(force=True)
            self.emit("paused", f"paused at step {trainer.step_count}")
        elif not self.controls.paused and self.pause_reported:
            self.pause_reported = False
            self.mark("running")
            self.emit("resumed", f"resumed at step {trainer.step_count}")

    def _wait_while_paused(self) -> None:
        waited_from = time.monotonic()
        self.controls.wait_while_paused(PAUSE_POLL_SECONDS)
        self.paused_for += time.monotonic() - waited_from

    def _limit_reached(self) -> str | None:
        options = self.options
        if options.max_steps is not None and self.steps_done >= options.max_steps:
            return "steps"
        if options.time_budget is not None:
            if self._trained_for() >= options.time_budget:
                return "time"
        return None

    def _trained_for(self) -> float:
        """Seconds of training in this call, paused time not counted."""
        return time.monotonic() - self.started - self.paused_for

    def _advance_schedule_clock(self) -> None:
        """A time-budget schedule follows active training time, also across resumes."""
        if self.trainer.budget is not None:
            self.trainer.budget.seconds = self.schedule_seconds + self._trained_for()

    def _recover_from_divergence(self) -> bool:
        """Restore the last good checkpoint; True when training goes on (paused)."""
        self.emit("diverged", self.session.restore_after_divergence())
        if not self.options.pause_on_divergence:
            return False
        self.controls.pause()
        self.pause_reported = True  # the restored checkpoint is the saved state: no pause save
        self.mark("paused")
        self.trainer.report(force=True)
        return True

    def _after_step(self) -> None:
        """Evaluate when due, then the checkpoints and the preview that are due. An evaluation
        cut short leaves the rest to its redo (the same work, at the same step)."""
        evaluated = False
        if self._evaluation_owed():
            if not self._evaluate():
                return
            evaluated = True
        else:
            self.trainer.report(every=self.options.report_every)
        self._save_if_due(evaluated)
        self._sample_if_due()

    def _evaluation_owed(self) -> bool:
        """This step is due for evaluation and has none recorded: it was just taken, or its
        pass was cut short (in this call, or before a stored run was stopped)."""
        trainer = self.trainer
        return (
            trainer.step_count > 0
            and trainer.due_for_evaluation()
            and trainer.history.last_val_step != trainer.step_count
        )

    def _final_evaluation_owed(self) -> bool:
        """A finished run ends with a current validation loss."""
        trainer = self.trainer
        return trainer.has_validation and trainer.history.last_val_step != trainer.step_count

    def _evaluate(self) -> bool:
        """One validation pass, abandoned between chunks at a pause or a stop; True when done
        (and reported), False when cut short (nothing recorded)."""
        controls = self.controls
        loss = self.trainer.evaluate(interrupted=lambda: controls.stopped or controls.paused)
        if loss is None:
            return False
        self.trainer.report(force=True)
        return True

    def _save_if_due(self, evaluated: bool) -> None:
        """A new best validation loss, the periodic checkpoint, a snapshot: each saves."""
        options, trainer = self.options, self.trainer
        step = trainer.step_count
        best = self.session.saved_best_val_loss
        if evaluated and (best is None or trainer.val_loss < best):
            self.save("new best validation loss")
        every_steps = options.checkpoint_every_steps
        by_steps = every_steps and step % every_steps == 0
        if by_steps and step != self.session.last_saved_step:
            self.save("periodic")
        elif options.checkpoint_every_seconds and (
            time.monotonic() - self.last_checkpoint >= options.checkpoint_every_seconds
        ):
            self.save("periodic")
        if options.snapshot_every_steps and step % options.snapshot_every_steps == 0:
            self.save("snapshot", snapshot=True)

    def _sample_if_due(self) -> None:
        every = self.options.sample_every_seconds
        if not every:
            return
        every = max(every, self.sample_seconds / PREVIEW_SHARE)
        if time.monotonic() - self.last_sample >= every:
            self.sample()

    # ----------------------------------------------------------------------------- actions
    def save(self, reason: str, status: str | None = None, snapshot: bool = False) -> None:
        """Write a checkpoint; a failure (say, a full disk) is reported, not fatal."""
        try:
            self.session.save_checkpoint(
                reason, status=status, snapshot=snapshot, keep_snapshots=self.options.keep_snapshots
            )
        except CharRNNError as error:
            self.emit("error", str(error))
        else:
            self.emit("saved", f"checkpoint saved at step {self.trainer.step_count} ({reason})")
        self.last_checkpoint = time.monotonic()

    def mark(self, status: str) -> None:
        """Record the run's status; a failure is reported, not fatal."""
        try:
            self.session.mark(status)
        except CharRNNError as error:
            self.emit("error", str(error))

    def sample(self) -> None:
        self.last_sample = time.monotonic()
        if self.options.on_sample is None:
            return
        try:
            text = self.trainer.sample(self.options.sample_length)
            self.sample_seconds = time.monotonic() - self.last_sample
            self.options.on_sample(text)
        except CharRNNError as error:
            self.emit("warning", str(error))

    def _announce_weight_drop(self) -> None:
        """A "note" event: weight drop has begun (it changes how the training loss reads)."""
        trainer, config = self.trainer, self.trainer.config
        full = config.weight_drop_start + config.weight_drop_ramp
        self.emit(
            "note",
            f"weight drop begins at step {trainer.step_count:,} (pass {trainer.epoch:.1f} over "
            f"the text), rising to {config.weight_drop:g} by pass {full:g}",
        )

    def emit(self, kind: str, message: str) -> None:
        if self.options.on_event is not None:
            self.options.on_event(kind, message)
