"""Advice from the loss curves: at most one line saying what looks wrong and what to try.

`diagnose` scores four conditions on the recent part of the curves; every measure is relative
(a fraction of the loss level, or of the loss at the start), so it means the same for any
vocabulary or model. `Advisor` adds hysteresis so the line does not flicker: a condition must
clear a higher bar to appear than to stay, and a change of verdict (including back to none)
must hold for several fresh points in a row. It is cheap enough to call every second: it only
looks at the last few hundred points.

Curves are sequences of (step, loss) pairs: the smoothed training loss and the validation loss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

OVERFITTING = "overfitting"
UNDERFITTING = "underfitting"
LR_TOO_HIGH = "lr_too_high"
LR_TOO_LOW = "lr_too_low"

MESSAGES = {
    OVERFITTING: "Overfitting: validation loss rises as training loss falls; "
    "try more dropout or weight drop, a smaller model, more text.",
    UNDERFITTING: "Underfitting: training and validation loss are flat and close together; "
    "try a bigger model or a higher learning rate.",
    LR_TOO_HIGH: "The learning rate looks too high: the loss spikes or climbs; try lowering it "
    "(say, halve it).",
    LR_TOO_LOW: "The learning rate looks too low: the loss has barely moved since the start; "
    "try raising it.",
}

MIN_TRAIN_POINTS = 20  # no verdict on fewer training points...
MIN_STEPS = 100  # ...or before this many steps (the smoothed loss lags its batches ~20 steps)
MIN_VAL_POINTS = 4  # the validation-based verdicts need this many evaluations
WINDOW_FRACTION = 1 / 3  # the recent part of the training curve that is judged
MAX_WINDOW = 300  # points judged at most (a longer window is thinned); bounds the work

# Thresholds, each a relative change; a score of 1 means "at the threshold".
REBOUND = 0.06  # a climb of 6% of the loss above its running minimum: a spike
RISE = 0.02  # the recent training curve rising by 2% overall
BARELY_MOVED = 0.15  # less than 15% below the first smoothed loss
FLAT = 0.01  # both curves changed by under 1% over the recent window
CLOSE = 0.02  # validation within 2% of training: no gap to overfit into
VAL_RISE = 0.01  # validation 1% above its best, by the last few points and by trend
RISEN_FOR = 3  # evaluations after the best that must all be that far above it


@dataclass
class Scores:
    """How strongly each condition shows; 1.0 is the threshold for saying it."""

    values: dict[str, float] = field(default_factory=dict)  # condition -> score

    def best(self) -> tuple[str | None, float]:
        if not self.values:
            return None, 0.0
        name = max(self.values, key=self.values.__getitem__)
        return name, self.values[name]


def diagnose(train: Sequence[tuple[int, float]], val: Sequence[tuple[int, float]]) -> Scores:
    """Score every condition from the curves (no hysteresis; see Advisor)."""
    scores = Scores()
    if len(train) < MIN_TRAIN_POINTS or train[-1][0] < MIN_STEPS:
        return scores
    start = float(train[0][1])
    size = max(int(len(train) * WINDOW_FRACTION), MIN_TRAIN_POINTS)
    stride = -(-size // MAX_WINDOW)  # thin a long window; keep the newest point
    recent = np.asarray(train[-size:], dtype=np.float64)[::-1][::stride][::-1]  # (n, 2)
    losses = recent[:, 1]
    if not np.all(np.isfinite(losses)) or start <= 0:
        return scores
    level = float(losses.mean())
    change = _relative_change(recent)
    rebound = float(np.max(losses - np.minimum.accumulate(losses))) / level
    scores.values[LR_TOO_HIGH] = max(rebound / REBOUND, change / RISE)
    moved = 1.0 - float(losses[-1]) / start
    if change <= 0 and rebound < REBOUND:
        scores.values[LR_TOO_LOW] = BARELY_MOVED / max(moved, 1e-9)
    if len(val) >= MIN_VAL_POINTS:
        _score_validation(scores, recent, np.asarray(val[-MAX_WINDOW:], dtype=np.float64))
    return scores


def _score_validation(scores: Scores, recent: np.ndarray, val: np.ndarray) -> None:
    """Overfitting and underfitting both need the validation curve."""
    val_losses = val[:, 1]
    if not np.all(np.isfinite(val_losses)):
        return
    best = int(np.argmin(val_losses))
    train_at = np.interp(val[:, 0], recent[:, 0], recent[:, 1])  # train loss at val steps
    if best <= len(val) - 1 - RISEN_FOR and train_at[-1] < train_at[best]:
        # The last few evaluations all well above the best, and the line through the points
        # since the best rising: one or two noisy evaluations are not a trend.
        risen = min(
            float(val_losses[-RISEN_FOR:].min() / val_losses[best]) - 1.0,
            _relative_change(val[best:]),
        )
        scores.values[OVERFITTING] = max(risen, 0.0) / VAL_RISE
    span = val[val[:, 0] >= recent[0, 0]]  # evaluations inside the recent window
    if len(span) >= 3:
        val_change = abs(float(span[-1, 1] / span[0, 1]) - 1.0)
        train_change = abs(_relative_change(recent))
        gap = float(val_losses[-1] / recent[-1, 1]) - 1.0
        if gap < CLOSE and scores.values.get(LR_TOO_LOW, 0.0) < 1.0:
            scores.values[UNDERFITTING] = FLAT / max(val_change, train_change, 1e-9)


def _relative_change(points: np.ndarray) -> float:
    """Change of a least-squares line over the points' step span, relative to their mean."""
    steps, losses = points[:, 0], points[:, 1]
    span = float(steps[-1] - steps[0])
    if span <= 0:
        return 0.0
    x = steps - steps.mean()
    slope = float(np.dot(x, losses - losses.mean()) / np.dot(x, x))  # least-squares slope
    return slope * span / float(losses.mean())


class Advisor:
    """Turns scores into a steady verdict: at most one advice line, and no flicker.

    A condition appears at a score of `enter` and stays while above `stay`; a change of
    verdict (to another condition or to none) happens only after the candidate has held for
    `hold` consecutive fresh points. Calls with no new training point change nothing.
    """

    def __init__(self, enter: float = 1.0, stay: float = 0.6, hold: int = 5) -> None:
        self.enter = enter  # score a condition needs to become the candidate
        self.stay = stay  # score the current verdict needs to remain the candidate
        self.hold = hold  # fresh points a new candidate must persist before it is shown
        self.verdict: str | None = None  # the condition currently advised, or None
        self._candidate: str | None = None  # what the evidence points to now
        self._streak = 0  # fresh points in a row the candidate has held
        self._last_step: int | None = None  # last training step seen (freshness)

    @property
    def advice(self) -> str | None:
        """The advice line for the current verdict (one line), or None."""
        return None if self.verdict is None else MESSAGES[self.verdict]

    def update(
        self, train: Sequence[tuple[int, float]], val: Sequence[tuple[int, float]] = ()
    ) -> str | None:
        """Look at the curves again; return the advice line (or None)."""
        if not train or train[-1][0] == self._last_step:
            return self.advice
        self._last_step = train[-1][0]
        candidate = self._candidate_from(diagnose(train, val))
        if candidate == self.verdict:
            self._candidate, self._streak = candidate, 0
            return self.advice
        self._streak = self._streak + 1 if candidate == self._candidate else 1
        self._candidate = candidate
        if self._streak >= self.hold:
            self.verdict, self._streak = candidate, 0
        return self.advice

    def _candidate_from(self, scores: Scores) -> str | None:
        current = scores.values.get(self.verdict, 0.0) if self.verdict else 0.0
        name, score = scores.best()
        if name is not None and score >= self.enter and (name == self.verdict or score > current):
            return name
        if self.verdict is not None and current >= self.stay:
            return self.verdict
        return None


def advice_for(
    train: Sequence[tuple[int, float]], val: Sequence[tuple[int, float]] = ()
) -> str | None:
    """The advice a live Advisor would show at the end, replaying the curves point by point."""
    advisor = Advisor()
    val_index = 0
    for end in range(1, len(train) + 1):
        while val_index < len(val) and val[val_index][0] <= train[end - 1][0]:
            val_index += 1
        advisor.update(train[:end], val[:val_index])
    return advisor.advice
