"""A Session binds a Trainer to a run folder: the one training loop the CLI and the app share.

It decides nothing about presentation. It saves checkpoints (periodically, after a validation
improvement, on pause, on request and at the end), produces preview samples, restores the last
good state when training diverges, and reports through callbacks, all from the thread that
calls `train()`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

from tui_charrnn.engine.config import TrainConfig, validate_field
from tui_charrnn.engine.errors import CharRNNError, CheckpointError, RunError
from tui_charrnn.engine.runs import Run, create_run, open_run
from tui_charrnn.engine.schedule import plan_budget
from tui_charrnn.engine.trainer import Progress, Trainer, corpus_info

ProgressCallback = Callable[[Progress], None]
SampleCallback = Callable[[str], None]
EventCallback = Callable[[str, str], None]

# Overrides allowed when resuming: the values the app also changes live.
RESUME_OVERRIDES = ("learning_rate", "clip")


class Session:
    def __init__(self, trainer: Trainer, run: Run, warnings: list[str] | None = None) -> None:
        self.trainer = trainer
        self.run = run
        self.warnings = list(warnings or [])
        self.controls = trainer.controls
        self._saved_best: float | None = trainer.best_val_loss
        self.last_saved_step: int | None = None

    # ----------------------------------------------------------------------------- creation
    @classmethod
    def create(
        cls,
        corpus,
        config: TrainConfig,
        run_name: str | None = None,
        root: Path | None = None,
        *,
        threads: int | None = None,
    ) -> Session:
        """Start a new run folder with a freshly initialised model."""
        trainer = Trainer(corpus, config, threads=threads)
        info = {
            "config": trainer.config.to_dict(),
            "corpus": corpus_info(corpus),
            "vocab": corpus.vocab.chars,
            "step": 0,
            "chars": 0,
            "status": "running",
            "best_val_loss": None,
        }
        run = create_run(run_name, info, root)
        session = cls(trainer, run)
        # A step-0 checkpoint: the run can be resumed, and divergence restored, from the start.
        session.save_checkpoint("created", status="running")
        return session

    @classmethod
    def resume(
        cls,
        run_name: str,
        corpus=None,
        overrides: dict | None = None,
        root: Path | None = None,
        *,
        threads: int | None = None,
    ) -> Session:
        """Continue a run exactly where its latest checkpoint left it.

        Without `corpus`, the run's corpus is loaded again from its stored path. A corpus
        whose vocabulary differs is refused; the same vocabulary with different text resumes
        with a warning in `session.warnings`.
        """
        run = open_run(run_name, root)
        arrays, meta = run.load("latest")
        warnings = []
        if corpus is None:
            corpus = _reload_corpus(run)
        stored = meta.get("corpus") or {}
        if stored.get("sha256") and stored.get("sha256") != corpus.sha256:
            if meta.get("vocab") == corpus.vocab.chars:
                warnings.append(
                    f"the corpus has changed since run {run.name} was saved (same characters); "
                    "training continues on the new text"
                )
        try:
            trainer = Trainer.from_state(corpus, arrays, meta, threads=threads)
        except CheckpointError as error:
            raise RunError(f"cannot resume run {run.name}: {error}") from None
        for name, value in (overrides or {}).items():
            if name not in RESUME_OVERRIDES:
                raise RunError(f"only {', '.join(RESUME_OVERRIDES)} can change on resume")
            setattr(trainer.controls, name, validate_field(name, value))
        session = cls(trainer, run, warnings)
        run.update_info(status="running", corpus=corpus_info(corpus))
        return session

    # ----------------------------------------------------------------------------- saving
    def save_checkpoint(
        self,
        reason: str = "manual",
        *,
        status: str | None = None,
        snapshot: bool = False,
        keep_snapshots: int = 5,
    ) -> None:
        """Write latest (and best when the latest validation loss is the best saved so far,
        and a numbered snapshot, of which the newest `keep_snapshots` are kept, if asked).

        Raises CheckpointError (the previous checkpoint stays intact).
        """
        trainer = self.trainer
        arrays, meta = trainer.state(copy=False)  # written before the next step changes them
        val = trainer.val_loss
        is_best = val is not None and (self._saved_best is None or val < self._saved_best)
        fields = {
            "step": trainer.step_count,
            "chars": trainer.chars,
            "best_val_loss": trainer.best_val_loss,
            "last_val_loss": trainer.val_loss,
            "last_train_loss": trainer.smoothed_loss,
            "elapsed": trainer.elapsed,
            "history": {
                "step": list(trainer.history_steps),
                "train": list(trainer.train_history),
                "val": [list(p) for p in trainer.val_history],
            },
            # The live values, so `runs` and a later resume show what training last used.
            "config": {
                **trainer.config.to_dict(),
                "learning_rate": trainer.controls.learning_rate,
                "clip": trainer.controls.clip,
            },
        }
        if status is not None:
            fields["status"] = status
        self.run.save(
            arrays,
            meta,
            is_best=is_best,
            snapshot=snapshot,
            keep_snapshots=keep_snapshots,
            **fields,
        )
        if is_best:
            self._saved_best = val
        self.last_saved_step = trainer.step_count

    def mark(self, status: str) -> None:
        """Record the run's status without writing a checkpoint."""
        self.run.update_info(status=status)

    # ----------------------------------------------------------------------------- training
    def train(
        self,
        *,
        max_steps: int | None = None,
        time_budget: float | None = None,
        should_stop: Callable[[], bool] | None = None,
        checkpoint_every_seconds: float | None = 60.0,
        checkpoint_every_steps: int | None = None,
        snapshot_every_steps: int | None = None,
        keep_snapshots: int = 5,
        sample_every_seconds: float | None = 3.0,
        sample_length: int = 400,
        pause_on_divergence: bool = True,
        on_progress: ProgressCallback | None = None,
        on_sample: SampleCallback | None = None,
        on_event: EventCallback | None = None,
        report_every: float = 0.1,
    ) -> str:
        """Train in the calling thread until a limit or a stop.

        Returns "steps", "time", "stopped" or (when not pausing on divergence) "diverged".
        Always tries a final checkpoint; a failed save is reported as an "error" event.
        """
        trainer = self.trainer
        controls = self.controls
        emit = on_event or (lambda kind, message: None)
        trainer.on_progress = on_progress
        # SCHEDULE HOOK 6: a limit starts a new lr-schedule segment; none continues a stored one.
        trainer.budget, max_steps, time_budget = plan_budget(
            trainer.budget, trainer.step_count, max_steps, time_budget
        )
        for warning in self.warnings:
            emit("warning", warning)
        self.warnings.clear()
        clock = {
            "checkpoint": time.monotonic(),
            "sample": -math.inf if sample_every_seconds else math.inf,
        }
        paused = [False]  # whether the pause has been reported (and saved)

        def save(reason: str, status: str | None = None, snapshot: bool = False) -> None:
            try:
                self.save_checkpoint(
                    reason, status=status, snapshot=snapshot, keep_snapshots=keep_snapshots
                )
            except CharRNNError as error:
                emit("error", str(error))
            else:
                emit("saved", f"checkpoint saved at step {trainer.step_count} ({reason})")
            clock["checkpoint"] = time.monotonic()

        def mark(status: str) -> None:
            """Record the status; a failure (say, a full disk) is reported, not fatal."""
            try:
                self.mark(status)
            except CharRNNError as error:
                emit("error", str(error))

        def sample() -> None:
            clock["sample"] = time.monotonic()
            if on_sample is None:
                return
            try:
                on_sample(trainer.sample(sample_length))
            except CharRNNError as error:
                emit("warning", str(error))

        def on_tick() -> None:
            """Requests from other threads, and pause transitions; also runs while paused."""
            if controls.take_save_request():
                save("requested")
            if controls.take_sample_request():
                sample()
            if controls.paused and not paused[0]:
                paused[0] = True
                save("paused", status="paused")
                trainer.report(force=True)
                emit("paused", f"paused at step {trainer.step_count}")
            elif not controls.paused and paused[0]:
                paused[0] = False
                mark("running")
                emit("resumed", f"resumed at step {trainer.step_count}")

        def after_step(evaluated: bool) -> None:
            if evaluated and (self._saved_best is None or trainer.val_loss < self._saved_best):
                save("new best validation loss")
            since = time.monotonic() - clock["checkpoint"]
            if self._checkpoint_due(since, checkpoint_every_seconds, checkpoint_every_steps):
                save("periodic")
            if snapshot_every_steps and trainer.step_count % snapshot_every_steps == 0:
                save("snapshot", snapshot=True)
            if sample_every_seconds and time.monotonic() - clock["sample"] >= sample_every_seconds:
                sample()

        def on_diverged() -> bool:
            reason = self._recover_from_divergence()
            emit("diverged", reason)
            if not pause_on_divergence:
                return False
            controls.pause()
            paused[0] = True  # the restored checkpoint is the saved state: no pause save
            mark("paused")
            trainer.report(force=True)
            return True

        mark("running")
        try:
            outcome = trainer.run(
                max_steps,
                time_budget,
                should_stop,
                report_every,
                on_tick=on_tick,
                after_step=after_step,
                on_diverged=on_diverged,
            )
            if outcome == "diverged":
                mark("diverged")
                return outcome
            finished = outcome in ("steps", "time")
            if finished and trainer.has_validation and not self._evaluated_now():
                trainer.evaluate()  # a finished run ends with a current validation loss
            if finished:
                status = "finished"
            else:
                # controls.stop(status) says why; a bare cancellation leaves it resumable.
                status = controls.stop_status or "paused"
            save("end of training", status=status)
            trainer.report(force=True)
            return outcome
        finally:
            trainer.overlap.close()  # no idle helper thread outlives training

    def _evaluated_now(self) -> bool:
        history = self.trainer.val_history
        return bool(history) and history[-1][0] == self.trainer.step_count

    def _checkpoint_due(self, since: float, every_seconds, every_steps) -> bool:
        step = self.trainer.step_count
        if every_steps and step % every_steps == 0 and step != self.last_saved_step:
            return True
        return bool(every_seconds) and since >= every_seconds

    def _recover_from_divergence(self) -> str:
        """Reload the latest checkpoint (the last good state) in place; explain what happened.

        The live controls keep their values: the user is about to lower the learning rate.
        """
        trainer = self.trainer
        message = f"training diverged at step {trainer.step_count}: {trainer.diverged}"
        learning_rate, clip = trainer.controls.learning_rate, trainer.controls.clip
        budget = trainer.budget  # SCHEDULE HOOK 7: the run's schedule outlives a restore
        try:
            trainer.restore(*self.run.load("latest"))
        except CharRNNError as error:
            trainer.diverged = None
            return (
                f"{message}; the weights were not updated (no checkpoint to restore: {error}); "
                "lower the learning rate to go on"
            )
        finally:
            trainer.controls.learning_rate, trainer.controls.clip = learning_rate, clip
            trainer.budget = budget
        return (
            f"{message}; restored the checkpoint from step {trainer.step_count}. "
            f"Lower the learning rate (now {learning_rate:g}) before resuming"
        )


def _reload_corpus(run: Run):
    from tui_charrnn.engine.corpus import load_corpus

    corpus_info = run.info.get("corpus") or {}
    path = corpus_info.get("path")
    if not path:
        raise RunError(f"run {run.name} does not record where its corpus is; pass the corpus")
    try:
        return load_corpus(path, encoding=corpus_info.get("encoding") or "utf-8")
    except CharRNNError as error:
        raise RunError(f"cannot reload the corpus of run {run.name}: {error}") from None
