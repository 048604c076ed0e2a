"""Train a bare Trainer (no run folder, no checkpoints) for a while, for the benchmarks.

`Session.train` adds checkpoint writes and previews on top of the same `Trainer.step()`; the
benchmarks measure the step itself, with the BLAS pinned to one thread as the session does.
"""

from __future__ import annotations

import time

from tui_charrnn.engine.trainer import Trainer, single_thread_blas


def train_for(trainer: Trainer, seconds: float) -> str:
    """Steps (and validation when due) for about `seconds`, at least one step.

    Returns "time", or "diverged" when a step diverged (`trainer.diverged` says how).
    """
    deadline = time.monotonic() + seconds
    with single_thread_blas():
        while True:
            trainer.step()
            if trainer.diverged:
                return "diverged"
            if trainer.due_for_evaluation():
                trainer.evaluate()
            if time.monotonic() >= deadline:
                return "time"
