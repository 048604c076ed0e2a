"""Learning-rate schedule over a training budget: a short linear warm-up, then a decay to a floor.
(And the weight-drop rate's rise with the passes over the text: `weight_drop_rate`.)

A *budget* (a number of steps, or seconds of active training) is a property of the run: it is
stored with the trainer's state, so a resumed run continues the same schedule exactly. Without a
budget the rate is constant, as before (the step decay option still applies).

The user's live learning rate is the *base*: the rate actually used is

    live rate x peak factor x schedule factor(progress) x step decay(step)

where the schedule factor rises to 1 and decays to the floor, and the peak factor (config,
3.3 by default; 1 for the "constant" shape) lets a decaying rate start higher than a rate that
is held forever can (measured: README "Defaults and speed"). Changing the live rate mid-run
rescales the whole remaining schedule instead of being overwritten by it on the next step.

What a training call does with a budget (see `plan_budget`):
- given a step or time limit, it starts a new schedule segment of that length at the current
  step (a resumed run told a new budget therefore warms up and decays again over that budget);
- given no limit, it continues the stored segment to its end, stopping there; a finished or
  absent segment means no schedule: a constant rate until stopped.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from tui_charrnn.engine.optim import decayed_learning_rate

BUDGET_KINDS = ("steps", "time")


@dataclass
class Budget:
    """One schedule segment: the length the learning rate decays over and how far it has got."""

    kind: str  # "steps" or "time": what `amount` counts
    amount: float  # length of the segment: optimizer steps, or seconds of active training
    start_step: int  # the trainer's step count when the segment began
    seconds: float = 0.0  # active training seconds spent in the segment (pauses excluded)

    def progress(self, step: int) -> float:
        """Fraction of the segment done, 0..1: steps done / budget, or seconds / budget."""
        done = step - self.start_step if self.kind == "steps" else self.seconds
        return min(max(done / self.amount, 0.0), 1.0)

    def finished(self, step: int) -> bool:
        return self.progress(step) >= 1.0

    def remaining(self, step: int) -> tuple[int | None, float | None]:
        """(steps, seconds) left in the segment; the unused one is None."""
        if self.kind == "steps":
            return max(int(self.amount) - (step - self.start_step), 0), None
        return None, max(self.amount - self.seconds, 0.0)

    def to_dict(self) -> dict:
        return asdict(self)


def schedule_factor(shape: str, progress: float, warmup: float, floor: float) -> float:
    """Multiplier of the peak rate at `progress` (0..1) through the budget.

    Warm-up rises linearly from `floor` to 1 over the first `warmup` fraction; then "cosine"
    or "linear" decays from 1 to `floor` at progress 1. "constant" is 1 throughout.
    """
    if shape == "constant":
        return 1.0
    p = min(max(progress, 0.0), 1.0)
    if p < warmup:
        return floor + (1.0 - floor) * p / warmup
    q = (p - warmup) / (1.0 - warmup) if warmup < 1.0 else 1.0  # decay progress, 0..1
    if shape == "cosine":
        return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * q))
    if shape == "linear":
        return 1.0 - (1.0 - floor) * q
    raise ValueError(f"unknown schedule {shape!r}")


def peak_multiplier(config) -> float:
    """How far above the live rate a budget's schedule peaks (1 for the constant shape, which
    is what training without a budget does)."""
    return 1.0 if config.schedule == "constant" else config.peak_factor


def scheduled_learning_rate(base: float, config, budget: Budget | None, step: int) -> float:
    """The rate for the update that makes step `step + 1`:
    base x (with a budget: peak factor x schedule) x step decay."""
    # The step decay option applies with or without a budget.
    rate = decayed_learning_rate(base, config.lr_decay, config.lr_decay_every, step)
    if budget is None:
        return rate
    shape = schedule_factor(config.schedule, budget.progress(step), config.warmup, config.lr_floor)
    return rate * peak_multiplier(config) * shape


def weight_drop_rate(config, epochs: float) -> float:
    """The weight-drop rate for a step taken after `epochs` passes over the training text:
    0 before config.weight_drop_start, then rising linearly to config.weight_drop over
    config.weight_drop_ramp more passes (at once when the ramp is 0)."""
    past = epochs - config.weight_drop_start
    if config.weight_drop <= 0.0 or past < 0.0:
        return 0.0
    if past >= config.weight_drop_ramp:
        return config.weight_drop
    return config.weight_drop * past / config.weight_drop_ramp


def plan_budget(
    budget: Budget | None, step: int, max_steps: int | None, time_budget: float | None
) -> tuple[Budget | None, int | None, float | None]:
    """Decide one training call's schedule segment and stopping limits.

    Returns (segment, max_steps, time_budget). A given limit starts a new segment of that
    length (steps win when both are given; both still stop the call). No limit continues an
    unfinished stored segment, with its remainder as the limit; otherwise there is no segment.
    """
    if max_steps is not None and max_steps > 0:
        return Budget("steps", float(max_steps), step), max_steps, time_budget
    if time_budget is not None and time_budget > 0:
        return Budget("time", float(time_budget), step), None, time_budget
    if budget is not None and not budget.finished(step):
        steps_left, seconds_left = budget.remaining(step)
        return budget, steps_left, seconds_left
    return None, None, None
