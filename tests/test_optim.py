"""Optimizer behaviour, clipping and learning-rate decay."""

from __future__ import annotations

import numpy as np
import pytest

from tui_charrnn.engine.optim import (
    SGD,
    Adagrad,
    Adam,
    clip_gradients,
    decayed_learning_rate,
    global_norm,
    make_optimizer,
)


def quadratic_grads(params):
    # f(p) = 0.5 * sum((p - 3)^2) -> grad = p - 3; minimum at 3.
    return {k: v - 3.0 for k, v in params.items()}


@pytest.mark.parametrize("name,lr", [("sgd", 0.1), ("adagrad", 0.5), ("adam", 0.1)])
def test_each_optimizer_minimises_a_quadratic(name, lr):
    params = {"w": np.zeros((3, 2)), "b": np.array([10.0, -4.0])}
    opt = make_optimizer(name, params)
    for _ in range(500):
        opt.update(params, quadratic_grads(params), lr)
    for value in params.values():
        np.testing.assert_allclose(value, 3.0, atol=1e-2)
    assert opt.steps == 500


def test_sgd_momentum_persists_between_steps():
    """The seed notebook rebuilt its momentum every step; ours accumulates."""
    params = {"w": np.zeros(1)}
    opt = SGD(params, momentum=0.9)
    grads = {"w": np.ones(1)}
    opt.update(params, grads, 1.0)
    assert params["w"][0] == pytest.approx(-1.0)
    opt.update(params, grads, 1.0)
    # velocity = 0.9 * 1 + 1 = 1.9 -> w = -1 - 1.9
    assert params["w"][0] == pytest.approx(-2.9)


def test_adam_first_step_moves_each_weight_by_the_learning_rate():
    params = {"w": np.array([0.0, 0.0, 0.0])}
    Adam(params).update(params, {"w": np.array([5.0, -0.01, 1e3])}, 0.01)
    np.testing.assert_allclose(params["w"], [-0.01, 0.01, -0.01], rtol=1e-5)


def test_adagrad_rate_shrinks_with_history():
    params = {"w": np.zeros(1)}
    opt = Adagrad(params)
    moves = []
    for _ in range(3):
        before = params["w"][0]
        opt.update(params, {"w": np.ones(1)}, 1.0)
        moves.append(before - params["w"][0])
    np.testing.assert_allclose(moves, [1.0, 1 / np.sqrt(2), 1 / np.sqrt(3)], rtol=1e-6)


def test_state_round_trip_continues_identically():
    rng = np.random.default_rng(0)
    for name in ("sgd", "adagrad", "adam"):
        a = {"w": rng.normal(size=(4, 4))}
        b = {"w": a["w"].copy()}
        opt_a = make_optimizer(name, a)
        grads = [{"w": rng.normal(size=(4, 4))} for _ in range(6)]
        for g in grads[:3]:
            opt_a.update(a, {"w": g["w"].copy()}, 0.05)
        opt_b = make_optimizer(name, b)
        b["w"][...] = a["w"]
        opt_b.load_state_arrays({k: v.copy() for k, v in opt_a.state_arrays().items()}, opt_a.steps)
        for g in grads[3:]:
            opt_a.update(a, {"w": g["w"].copy()}, 0.05)
            opt_b.update(b, {"w": g["w"].copy()}, 0.05)
        np.testing.assert_array_equal(a["w"], b["w"])


def test_clip_by_global_norm():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    norm = clip_gradients(grads, 1.0, "norm")
    assert norm == pytest.approx(5.0)
    assert global_norm(grads) == pytest.approx(1.0)
    np.testing.assert_allclose(grads["a"], [0.6, 0.0])
    small = {"a": np.array([0.1, 0.2])}
    clip_gradients(small, 1.0, "norm")
    np.testing.assert_allclose(small["a"], [0.1, 0.2])


def test_clip_by_value_and_disabled():
    grads = {"a": np.array([-7.0, 0.5, 9.0])}
    clip_gradients(grads, 1.0, "value")
    np.testing.assert_allclose(grads["a"], [-1.0, 0.5, 1.0])
    grads = {"a": np.array([-7.0, 9.0])}
    clip_gradients(grads, 0.0, "norm")
    np.testing.assert_allclose(grads["a"], [-7.0, 9.0])


def test_learning_rate_decay_steps():
    assert decayed_learning_rate(1.0, 1.0, 10, 1000) == 1.0
    assert decayed_learning_rate(1.0, 0.5, 10, 9) == 1.0
    assert decayed_learning_rate(1.0, 0.5, 10, 10) == 0.5
    assert decayed_learning_rate(2.0, 0.5, 10, 35) == pytest.approx(0.25)


@pytest.mark.parametrize("name", ["adam", "sgd", "adagrad"])
def test_weight_decay_shrinks_the_matrices_only_and_is_off_by_default(name):
    rng = np.random.default_rng(3)
    params = {"W": rng.standard_normal((4, 5)), "b": rng.standard_normal(5)}
    zero = {k: np.zeros_like(v) for k, v in params.items()}
    plain = {k: v.copy() for k, v in params.items()}
    make_optimizer(name, plain).update(plain, zero, 0.1)
    for key in params:  # no gradient, no decay: nothing moves
        np.testing.assert_array_equal(plain[key], params[key])
    decayed = {k: v.copy() for k, v in params.items()}
    make_optimizer(name, decayed, weight_decay=0.5).update(decayed, zero, 0.1)
    np.testing.assert_allclose(decayed["W"], params["W"] * (1 - 0.1 * 0.5), rtol=1e-15)
    np.testing.assert_array_equal(decayed["b"], params["b"])


def test_weight_decay_is_refused_when_it_would_wipe_the_weights():
    from tui_charrnn.engine.config import ConfigError, TrainConfig

    assert TrainConfig(weight_decay=0.1).replace().weight_decay == 0.1
    with pytest.raises(ConfigError, match="weight decay"):
        TrainConfig(weight_decay=5.0, learning_rate=0.1).replace()
    # SGD's usual rates are far above Adam's; the decay is Adam's alone (AdamW).
    assert TrainConfig(optimizer="sgd", learning_rate=1.0).replace().weight_decay == 0.1


def test_only_adam_decays_in_the_trainer():
    from engine_helpers import small_corpus, tiny_config

    from tui_charrnn.engine.trainer import Trainer

    for name, expected in (("adam", 0.25), ("sgd", 0.0), ("adagrad", 0.0)):
        trainer = Trainer(small_corpus(), tiny_config(optimizer=name, weight_decay=0.25))
        assert trainer.optimizer.weight_decay == expected
