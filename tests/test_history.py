"""LossHistory: one bounded loss-curve format for the trainer, checkpoints and run.json."""

from __future__ import annotations

import math

import pytest

from tui_charrnn.engine.errors import CheckpointError, RunError
from tui_charrnn.engine.history import HISTORY_LIMIT, LossHistory


def filled(steps: int, limit: int = HISTORY_LIMIT) -> LossHistory:
    history = LossHistory(limit)
    for step in range(1, steps + 1):
        history.record_train(step, 4.0 / step)
        if step % 2 == 0:
            history.record_val(step, 3.0 - step / 10_000)
    return history


def test_round_trip_keeps_every_field():
    history = filled(5000, limit=300)
    again = LossHistory.from_dict(history.to_dict(), limit=300)
    assert again.to_dict() == history.to_dict()
    assert again.stride == history.stride > 1
    assert set(history.to_dict()) == {"stride", "steps", "train", "val"}


def test_bounded_thinned_evenly_and_keeps_first_and_last_points():
    history = filled(5000)
    assert HISTORY_LIMIT // 2 <= len(history.steps) <= HISTORY_LIMIT
    assert len(history.steps) == len(history.train)
    assert len(history.val) <= HISTORY_LIMIT
    assert history.steps[0] == 1 and history.steps[-1] == 5000  # first and newest kept
    assert history.train[0] == 4.0 and history.train[-1] == 4.0 / 5000
    assert history.val[0][0] == 2 and history.val[-1] == (5000, 3.0 - 0.5)
    # Thinned, not truncated: the curve still starts at the beginning, and no stretch of it
    # is coarser than the recording stride.
    gaps = [b - a for a, b in zip(history.steps, history.steps[1:], strict=False)]
    assert max(gaps) == history.stride == 4


def test_small_limit_thins_both_curves():
    history = LossHistory(limit=4)
    for step in range(1, 12):
        history.record_train(step, float(step))
        history.record_val(step, float(step))
    assert history.steps[0] == 1 and len(history.steps) <= 4
    assert history.steps[-1] == 11 - 11 % history.stride  # the newest point on the stride
    assert history.val[0][0] == 1 and history.val[-1][0] == 11 and len(history.val) <= 4


def test_old_spellings_load():
    # run.json before LossHistory: "step", no stride.
    old_run = {"step": [1, 2, 3], "train": [3.0, 2.5, 2.0], "val": [[2, 2.7]]}
    history = LossHistory.from_dict(old_run, error=RunError)
    assert history.steps == [1, 2, 3] and history.stride == 1 and history.val == [(2, 2.7)]
    # Checkpoint metadata: "steps" and "stride".
    old_checkpoint = {"stride": 4, "steps": [4, 8], "train": [2, 1.5], "val": []}
    assert LossHistory.from_dict(old_checkpoint).to_dict() == {
        "stride": 4,
        "steps": [4, 8],
        "train": [2.0, 1.5],
        "val": [],
    }
    assert LossHistory.from_dict(None).to_dict() == LossHistory().to_dict()
    assert LossHistory.from_dict({}).to_dict() == LossHistory().to_dict()


def test_an_old_longer_history_is_bounded_on_load():
    data = {"step": list(range(1, 5001)), "train": [1.0] * 5000, "val": [[1, 1.0]] * 3000}
    history = LossHistory.from_dict(data)
    assert len(history.steps) <= HISTORY_LIMIT and history.steps[-1] == 5000
    assert len(history.val) <= HISTORY_LIMIT and history.stride == 4


@pytest.mark.parametrize(
    "data,field",
    [
        ([1, 2], "history"),
        ({"stride": 0}, "stride"),
        ({"stride": 1.5}, "stride"),
        ({"stride": True}, "stride"),
        ({"stride": "2"}, "stride"),
        ({"steps": "1,2", "train": []}, "steps"),
        ({"steps": [1, "2"], "train": [1.0, 2.0]}, "steps"),
        ({"steps": [-1], "train": [1.0]}, "steps"),
        ({"steps": [1.0], "train": [1.0]}, "steps"),
        ({"steps": [1], "train": [math.nan]}, "train"),
        ({"steps": [1], "train": [math.inf]}, "train"),
        ({"steps": [1], "train": [None]}, "train"),
        ({"steps": [1], "train": [True]}, "train"),
        ({"steps": [1, 2], "train": [1.0]}, "length"),
        ({"step": [1, 2, 3], "train": [0.5]}, "length"),
        ({"val": {"1": 2.0}}, "val"),
        ({"val": [[1]]}, "val"),
        ({"val": [[1, 2.0, 3]]}, "val"),
        ({"val": [[1, None]]}, "val"),
        ({"val": [["1", 2.0]]}, "val"),
        ({"val": [1, 2]}, "val"),
    ],
)
@pytest.mark.parametrize("error", [CheckpointError, RunError])
def test_bad_dicts_raise_the_projects_error_naming_the_field(data, field, error):
    with pytest.raises(error) as caught:
        LossHistory.from_dict(data, error=error)
    message = str(caught.value)
    assert field in message and "\n" not in message
