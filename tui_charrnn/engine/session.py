"""A Session binds a Trainer to a run folder: the one training loop the CLI and the app share.

It decides nothing about presentation. It saves checkpoints (periodically, after a validation
improvement, on pause, on request and at the end), produces preview samples, restores the last
good state when training diverges, and reports through callbacks, all from the thread that
calls `train()` (the loop itself is `TrainingLoop` in loop.py). Other threads steer it through
the `LiveControls` passed in (controls.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui_charrnn.engine.config import TrainConfig, validate_field
from tui_charrnn.engine.controls import SAMPLING_DEFAULTS, LiveControls
from tui_charrnn.engine.errors import CharRNNError, CheckpointError, RunError
from tui_charrnn.engine.loop import LoopOptions, TrainingLoop
from tui_charrnn.engine.runs import Run, create_run, open_run
from tui_charrnn.engine.schedule import plan_budget
from tui_charrnn.engine.trainer import Progress, Trainer, corpus_info

ProgressCallback = Callable[[Progress], None]
SampleCallback = Callable[[str], None]
# (kind, one line): saved, paused, resumed, diverged, warning, error, note (news, no action)
EventCallback = Callable[[str, str], None]


class Session:
    def __init__(self, trainer: Trainer, run: Run, warnings: list[str] | None = None) -> None:
        self.trainer = trainer
        self.run = run
        self.warnings = list(warnings or [])
        self.controls = trainer.controls  # the caller's, when create/resume was given them
        self._saved_best: float | None = trainer.best_val_loss
        self.last_saved_step: int | None = None

    # ----------------------------------------------------------------------------- creation
    @classmethod
    def create(
        cls,
        corpus,
        config: TrainConfig,
        *,
        controls: LiveControls | None = None,
        run_name: str | None = None,
        threads: int | None = None,
        root: Path | None = None,
    ) -> Session:
        """Start a new run folder with a freshly initialised model.

        Values already set on `controls` win over `config`; unset ones are filled from it.
        `root` is the folder holding runs (None: the user's data folder, see datadir.py).
        """
        trainer = Trainer(corpus, config, threads=threads)
        if controls is not None:
            _bind_controls(controls, trainer)  # a bad learning rate fails before any folder
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
        *,
        controls: LiveControls | None = None,
        corpus=None,
        threads: int | None = None,
        root: Path | None = None,
    ) -> Session:
        """Continue a run exactly where its latest checkpoint left it.

        Without `corpus`, the run's corpus is loaded again from its stored path. A corpus
        whose vocabulary differs is refused; the same vocabulary with different text resumes
        with a warning in `session.warnings`. Values already set on `controls` (a new learning
        rate or clip) win over the checkpoint's; unset ones are filled from it.
        """
        run = open_run(run_name, root)
        arrays, meta = run.load_state("latest")
        warnings = []
        if corpus is None:
            corpus = _reload_corpus(run)
        stored_sha = meta.corpus.sha256
        if stored_sha and stored_sha != corpus.sha256:
            if meta.vocab == corpus.vocab.chars:
                warnings.append(
                    f"the corpus has changed since run {run.name} was saved (same characters); "
                    "training continues on the new text"
                )
        try:
            trainer = Trainer.from_state(corpus, arrays, meta, threads=threads)
        except CheckpointError as error:
            raise RunError(f"cannot resume run {run.name}: {error}", hint=error.hint) from None
        if controls is not None:
            _bind_controls(controls, trainer)
        session = cls(trainer, run, warnings)
        run.update_info(status="running", corpus=corpus_info(corpus))
        return session

    @property
    def saved_best_val_loss(self) -> float | None:
        """The validation loss of best.npz as this session last wrote it (or found it)."""
        return self._saved_best

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
            "history": trainer.history,  # run.json stores its to_dict()
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
        """Train in the calling thread until a limit or `controls.stop(status)`.

        Returns "steps" or "time" (a limit was reached; the run is "finished"), the status
        given to `controls.stop()` ("stopped", "paused", ...; recorded by the run), or, when
        not pausing on divergence, "diverged". A run whose controls are already stopped
        returns that status at once, without a step; already paused, it starts paused.
        Always tries a final checkpoint; a failed save is reported as an "error" event.
        """
        self.trainer.on_progress = on_progress
        # A limit starts a new learning-rate schedule segment; none continues a stored one.
        self.trainer.budget, max_steps, time_budget = plan_budget(
            self.trainer.budget, self.trainer.step_count, max_steps, time_budget
        )
        options = LoopOptions(
            max_steps=max_steps,
            time_budget=time_budget,
            checkpoint_every_seconds=checkpoint_every_seconds,
            checkpoint_every_steps=checkpoint_every_steps,
            snapshot_every_steps=snapshot_every_steps,
            keep_snapshots=keep_snapshots,
            sample_every_seconds=sample_every_seconds,
            sample_length=sample_length,
            pause_on_divergence=pause_on_divergence,
            report_every=report_every,
            on_sample=on_sample,
            on_event=on_event,
        )
        return TrainingLoop(self, options).run()

    def restore_after_divergence(self) -> str:
        """Reload the latest checkpoint (the last good state) in place; explain what happened.

        The live controls keep their values: the user is about to lower the learning rate.
        """
        trainer = self.trainer
        message = f"training diverged at step {trainer.step_count}: {trainer.diverged}"
        learning_rate, clip = trainer.controls.learning_rate, trainer.controls.clip
        budget = trainer.budget  # the schedule's clock goes on from now, not from the checkpoint
        try:
            trainer.restore(*self.run.load_state("latest"))
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


def _bind_controls(controls: LiveControls, trainer: Trainer) -> None:
    """Make `controls` the trainer's: values the caller set win (validated, ConfigError),
    unset ones take the trainer's (its config's, or its checkpoint's)."""
    for name in ("learning_rate", "clip"):
        value = getattr(controls, name)
        if value is not None:
            setattr(controls, name, validate_field(name, value))
    own = trainer.controls
    controls.fill_unset(
        learning_rate=own.learning_rate,
        clip=own.clip,
        **{name: getattr(own, name) for name in SAMPLING_DEFAULTS},
    )
    trainer.controls = controls


def _reload_corpus(run: Run):
    from tui_charrnn.engine.loading import load_corpus

    stored = run.record.corpus
    if not stored.path:
        raise RunError(f"run {run.name} does not record where its corpus is; pass the corpus")
    try:
        return load_corpus(stored.path, encoding=stored.encoding or "utf-8")
    except CharRNNError as error:
        raise RunError(f"cannot reload the corpus of run {run.name}: {error}") from None
