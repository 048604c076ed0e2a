"""LossHistory: the bounded loss curves that the trainer keeps, checkpoints store and run.json
shows, in one format.

Training points are recorded every ``stride`` steps. When a curve grows past ``limit`` points
it is thinned to every other point, always keeping the first and the last, and from then on the
training curve is recorded half as often: the whole curve stays visible, from its start, at a
bounded size. Validation points are added whenever validation runs and thinned the same way.

``to_dict()``::

    {"stride": 2, "steps": [2, 4, ...], "train": [4.1, 3.9, ...], "val": [[100, 3.2], ...]}

``from_dict`` also reads the older spellings (run.json's ``"step"`` list, no ``"stride"``) and
validates every field, raising the caller's error type with one line naming the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from tui_charrnn.engine.errors import CharRNNError, CheckpointError

HISTORY_LIMIT = 2000  # points kept per curve


class LossHistory:
    """Training loss every `stride` steps, and validation loss at each evaluation."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self.limit = max(2, int(limit))  # most points a curve holds after any change
        self.stride = 1  # a training point is recorded when step % stride == 0
        self.steps: list[int] = []  # the steps of the training points
        self.train: list[float] = []  # smoothed training loss at those steps, nats/char
        self.val: list[tuple[int, float]] = []  # (step, validation loss in nats/char)

    def record_train(self, step: int, loss: float) -> None:
        if step % self.stride:
            return
        self.steps.append(int(step))
        self.train.append(float(loss))
        if len(self.steps) > self.limit:
            self.steps = _thin(self.steps)
            self.train = _thin(self.train)
            self.stride *= 2

    def record_val(self, step: int, loss: float) -> None:
        self.val.append((int(step), float(loss)))
        if len(self.val) > self.limit:
            self.val = _thin(self.val)

    @property
    def last_val_step(self) -> int | None:
        return self.val[-1][0] if self.val else None

    def copy(self) -> LossHistory:
        other = LossHistory(self.limit)
        other.stride = self.stride
        other.steps, other.train, other.val = list(self.steps), list(self.train), list(self.val)
        return other

    def __eq__(self, other: object) -> bool:
        # Equal curves, so typed records holding a history (schema.py) compare by value.
        if not isinstance(other, LossHistory):
            return NotImplemented
        return self.limit == other.limit and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable

    def to_dict(self) -> dict:
        return {
            "stride": self.stride,
            "steps": list(self.steps),
            "train": list(self.train),
            "val": [[step, loss] for step, loss in self.val],
        }

    @classmethod
    def from_dict(
        cls,
        data: object,
        *,
        error: type[CharRNNError] = CheckpointError,
        limit: int = HISTORY_LIMIT,
    ) -> LossHistory:
        """Read `to_dict()` output (or an older spelling); None or {} is an empty history.

        Raises `error` with one line naming the first bad field.
        """
        history = cls(limit)
        if data is None:
            return history
        if not isinstance(data, Mapping):
            raise error("loss history is not an object")
        stride = data.get("stride", 1)
        if not _is_int(stride) or stride < 1:
            raise error(f"loss history field 'stride' must be a whole number >= 1, not {stride!r}")
        key = "steps" if "steps" in data else "step"  # run.json used to say "step"
        steps = _list(data, key, error)
        train = _list(data, "train", error)
        val = _list(data, "val", error)
        if not all(_is_int(step) and step >= 0 for step in steps):
            raise error(f"loss history field {key!r} must hold whole numbers >= 0")
        if not all(_is_finite(loss) for loss in train):
            raise error("loss history field 'train' must hold finite numbers")
        if len(steps) != len(train):
            raise error(
                f"loss history fields {key!r} and 'train' differ in length "
                f"({len(steps)} and {len(train)})"
            )
        if not all(_is_val_point(point) for point in val):
            raise error("loss history field 'val' must hold [step, finite loss] pairs")
        history.stride = stride
        history.steps = list(steps)
        history.train = [float(loss) for loss in train]
        history.val = [(int(step), float(loss)) for step, loss in val]
        # An older file may hold more points than this limit: thin it the usual way.
        while len(history.steps) > history.limit:
            history.steps, history.train = _thin(history.steps), _thin(history.train)
            history.stride *= 2
        while len(history.val) > history.limit:
            history.val = _thin(history.val)
        return history


def _thin(points: list) -> list:
    """Every other point from the first, and the last point whatever its index."""
    kept = points[::2]
    if len(points) % 2 == 0:
        kept.append(points[-1])
    return kept


def _list(data: Mapping, key: str, error: type[CharRNNError]) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise error(f"loss history field {key!r} must be a list")
    return value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_val_point(point: object) -> bool:
    return (
        isinstance(point, (list, tuple))
        and len(point) == 2
        and _is_int(point[0])
        and point[0] >= 0
        and _is_finite(point[1])
    )
