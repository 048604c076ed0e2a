"""The run state: one Enum shared by the controller, the main screen and the panes."""

from __future__ import annotations

from enum import Enum


class RunState(Enum):
    """Where a run is, in the order a run moves through these."""

    IDLE = "idle"  # no run: the corpus and every hyperparameter can change
    STARTING = "starting"  # the model is being built (or a run reloaded) in the worker
    TRAINING = "training"  # steps are being taken
    PAUSED = "paused"  # the run exists but takes no steps
    STOPPING = "stopping"  # the final checkpoint is being written

    @property
    def active(self) -> bool:
        """True while a training thread exists for this run."""
        return self is not RunState.IDLE

    @property
    def steerable(self) -> bool:
        """True when the user can pause, resume or stop it."""
        return self in (RunState.STARTING, RunState.TRAINING, RunState.PAUSED)
