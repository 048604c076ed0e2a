"""Bit-exact resume across an epoch boundary for every cell, and live clip changes."""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import small_corpus, tiny_config

from tui_charrnn.engine.checkpoint import load_checkpoint, save_checkpoint
from tui_charrnn.engine.trainer import Trainer

# A short text: an epoch of each stream's segment is about twenty steps.
CORPUS = small_corpus(n_lines=12)


def config_for(kind: str, weight_drop: float = 0.0):
    # Two layers and dropout (or weight drop alone, rising over the first epoch: the save
    # falls after it), so the dropout generator's state must survive the round trip too.
    dropout = 0.0 if weight_drop else 0.2
    return tiny_config(
        model=kind,
        num_layers=2,
        dropout=dropout,
        weight_drop=weight_drop,
        weight_drop_start=0.2,
        weight_drop_ramp=0.5,
        eval_every=4,
    )


def train_steps(trainer: Trainer, steps: int) -> list[tuple[float, int]]:
    """Take `steps` steps (evaluations included, as the training loop does them); the loss and
    position after each."""
    seen = []
    for _ in range(steps):
        trainer.step()
        assert not trainer.diverged
        if trainer.due_for_evaluation():
            trainer.evaluate()
        seen.append((trainer.last_loss, trainer.position))
    return seen


def first_epoch_wrap(kind: str, limit: int = 200) -> int:
    """The step (1-based) at which the first new epoch begins: its position restarts."""
    trainer = Trainer(CORPUS, config_for(kind), threads=1)
    for step in range(1, limit + 1):
        before = trainer.position
        trainer.step()
        if trainer.position <= before:
            return step
    raise AssertionError("no epoch boundary within the step limit")


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("weight_drop", [0.0, 0.3])
def test_exact_resume_across_an_epoch_wrap(kind, weight_drop, tmp_path):
    wrap = first_epoch_wrap(kind)
    k = wrap - 2  # save two steps before the boundary, continue past it
    total = wrap + 6
    assert 0 < k < wrap < total

    config = config_for(kind, weight_drop)
    straight = Trainer(CORPUS, config, threads=2)  # the thread count must not matter
    try:
        straight_seen = train_steps(straight, total)
    finally:
        straight.overlap.close()

    first = Trainer(CORPUS, config, threads=1)
    split_seen = train_steps(first, k)
    path = tmp_path / "mid.npz"
    save_checkpoint(path, *first.state())
    del first
    resumed = Trainer.from_state(CORPUS, *load_checkpoint(path), threads=1)
    assert resumed.step_count == k
    split_seen += train_steps(resumed, total - k)

    # The straight run did cross the boundary where expected, after the save.
    positions = [p for _, p in straight_seen]
    assert positions[wrap - 1] <= positions[wrap - 2]
    assert split_seen == straight_seen  # every loss, bit for bit, and the data positions
    assert resumed.step_count == straight.step_count == total
    for name, value in straight.model.params.items():
        np.testing.assert_array_equal(resumed.model.params[name], value, err_msg=name)
    for name, value in straight.optimizer.state_arrays().items():
        np.testing.assert_array_equal(resumed.optimizer.state_arrays()[name], value, err_msg=name)
    np.testing.assert_array_equal(resumed.hidden, straight.hidden)
    assert resumed.history.to_dict() == straight.history.to_dict()


def _twin_trainers(**changes) -> tuple[Trainer, Trainer]:
    config = tiny_config(model="gru", eval_every=0, **changes)
    return Trainer(CORPUS, config, threads=1), Trainer(CORPUS, config, threads=1)


def _params(trainer: Trainer) -> dict[str, np.ndarray]:
    return {name: value.copy() for name, value in trainer.model.params.items()}


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
@pytest.mark.parametrize("clip_mode", ["norm", "value"])
def test_a_live_clip_change_changes_the_next_step(optimizer, clip_mode):
    one, two = _twin_trainers(optimizer=optimizer, clip_mode=clip_mode, clip=5.0)
    train_steps(one, 3)
    train_steps(two, 3)
    before = _params(one)
    for name, value in _params(two).items():
        np.testing.assert_array_equal(value, before[name])  # same seed, same clip so far

    one.controls.clip = 1e-4  # what the clip field in the app does, between two steps
    train_steps(one, 1)
    train_steps(two, 1)
    assert one.last_loss == two.last_loss  # same batch, same weights before the update
    changed = [n for n in before if not np.array_equal(one.model.params[n], two.model.params[n])]
    assert changed, "the tiny clip did not change the update"
    # Each weight moved less than under the normal clip.
    for name in before:
        moved_clipped = np.abs(one.model.params[name] - before[name]).sum()
        moved_free = np.abs(two.model.params[name] - before[name]).sum()
        assert moved_clipped <= moved_free, name


def test_the_same_live_clip_on_both_twins_keeps_them_identical():
    one, two = _twin_trainers(clip=5.0)
    train_steps(one, 2)
    train_steps(two, 2)
    one.controls.clip = two.controls.clip = 1e-4
    train_steps(one, 2)
    train_steps(two, 2)
    for name, value in _params(two).items():
        np.testing.assert_array_equal(one.model.params[name], value, err_msg=name)


def test_weight_drop_alone_reaches_the_model():
    """With dropout 0 the trainer still hands the model its generator when weight drop is on."""
    plain, dropped = (
        Trainer(
            CORPUS,
            tiny_config(model="gru", dropout=0.0, weight_drop=rate, weight_drop_start=0.0),
            threads=1,
        )
        for rate in (0.0, 0.5)
    )
    assert dropped.model.weight_drop == 0.5
    assert [plain.step() for _ in range(3)] != [dropped.step() for _ in range(3)]
