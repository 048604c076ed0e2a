"""Backward passes against central finite differences in float64, and model behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from tui_charrnn.engine.models import CharRNN, Workspace, cross_entropy

V, H, T, B = 7, 5, 4, 3


def make_model(
    kind: str, layers: int, dropout: float = 0.0, seed: int = 0, weight_drop: float = 0.0
) -> CharRNN:
    model = CharRNN(kind, V, H, layers, dropout=dropout, dtype=np.float64, weight_drop=weight_drop)
    rng = np.random.default_rng(seed)
    model.init_params(rng)
    # Scale weights up and give biases values so every nonlinearity works away from zero.
    for value in model.params.values():
        value[...] = rng.normal(0.0, 0.6, size=value.shape)
    return model


def loss_of(model, inputs, targets, state, dropout_seed=None):
    rng = None if dropout_seed is None else np.random.default_rng(dropout_seed)
    logits, cache = model.forward(inputs, state, rng=rng)
    loss, dlogits = cross_entropy(logits, targets)
    return loss, dlogits, cache


def max_relative_error(model, inputs, targets, state, dropout_seed=None, eps=1e-6):
    _, dlogits, cache = loss_of(model, inputs, targets, state, dropout_seed)
    grads = model.backward(dlogits, cache)
    assert set(grads) == set(model.params)
    worst = 0.0
    for name, param in model.params.items():
        assert grads[name].shape == param.shape, name
        numeric = np.zeros_like(param)
        flat = param.reshape(-1)
        for k in range(flat.size):
            saved = flat[k]
            flat[k] = saved + eps
            plus = loss_of(model, inputs, targets, state, dropout_seed)[0]
            flat[k] = saved - eps
            minus = loss_of(model, inputs, targets, state, dropout_seed)[0]
            flat[k] = saved
            numeric.reshape(-1)[k] = (plus - minus) / (2 * eps)
        analytic = grads[name]
        denom = np.maximum(np.abs(numeric) + np.abs(analytic), 1e-8)
        err = np.max(np.abs(numeric - analytic) / denom)
        # Entries whose gradient is tiny are judged by absolute error instead.
        err_abs = np.max(np.abs(numeric - analytic))
        worst = max(worst, err if err_abs > 1e-9 else 0.0)
    return worst


def random_batch(seed=1, layers=1, kind="rnn"):
    rng = np.random.default_rng(seed)
    inputs = rng.integers(0, V, size=(T, B))
    targets = rng.integers(0, V, size=(T, B))
    slots = 2 if kind == "lstm" else 1
    state = rng.normal(0, 0.5, size=(layers, slots, B, H))
    return inputs, targets, state


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("layers", [1, 2, 3])
def test_gradients_match_finite_differences(kind, layers):
    model = make_model(kind, layers)
    inputs, targets, state = random_batch(layers=layers, kind=kind)
    assert max_relative_error(model, inputs, targets, state) < 1e-5


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_gradients_with_dropout_match_finite_differences(kind):
    model = make_model(kind, 2, dropout=0.3)
    inputs, targets, state = random_batch(layers=2, kind=kind)
    assert max_relative_error(model, inputs, targets, state, dropout_seed=5) < 1e-5


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("dropout", [0.0, 0.3])
def test_gradients_with_weight_drop_match_finite_differences(kind, dropout):
    model = make_model(kind, 2, dropout=dropout, weight_drop=0.4)
    inputs, targets, state = random_batch(layers=2, kind=kind)
    assert max_relative_error(model, inputs, targets, state, dropout_seed=5) < 1e-5


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_weight_drop_zeroes_a_share_of_each_recurrent_matrix_per_batch(kind):
    """The forward pass runs on Wh * mask: the same loss as a model without weight drop whose
    Wh has those entries zeroed and the rest scaled by 1 / (1 - rate); and the dropped entries
    get no gradient."""
    rate = 0.4
    model = make_model(kind, 2, weight_drop=rate)
    inputs, targets, state = random_batch(layers=2, kind=kind)
    loss, dlogits, cache = loss_of(model, inputs, targets, state, dropout_seed=5)
    masks = cache.wh_masks
    assert masks is not None and len(masks) == 2
    for layer, mask in enumerate(masks):
        assert mask.shape == model.params[f"l{layer}.Wh"].shape
        assert set(np.unique(mask)) == {0.0, 1.0 / (1.0 - rate)}
        assert 0.2 < np.mean(mask == 0.0) < 0.6
    assert not np.array_equal(masks[0], masks[1])
    grads = model.backward(dlogits, cache)
    for layer, mask in enumerate(masks):
        assert np.all(grads[f"l{layer}.Wh"][mask == 0.0] == 0.0)
    plain = make_model(kind, 2)
    for name, value in model.params.items():
        plain.params[name] = value.copy()
    for layer, mask in enumerate(masks):
        plain.params[f"l{layer}.Wh"] *= mask
    assert loss == pytest.approx(loss_of(plain, inputs, targets, state)[0], rel=1e-12)
    # Without a generator (evaluation, sampling) nothing is dropped.
    assert loss_of(model, inputs, targets, state)[2].wh_masks is None
    assert loss_of(model, inputs, targets, state)[0] != pytest.approx(loss, rel=1e-6)


def test_finite_difference_check_catches_a_wrong_gradient():
    """The checker itself must fail when a gradient is wrong."""
    model = make_model("lstm", 1)
    inputs, targets, state = random_batch(kind="lstm")
    original = model.backward

    def broken_backward(dlogits, cache):
        grads = original(dlogits, cache)
        grads["l0.Wh"] = grads["l0.Wh"] * 1.01
        return grads

    model.backward = broken_backward
    assert max_relative_error(model, inputs, targets, state) > 1e-4


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_float32_matches_float64_and_workspace_reuse(kind):
    model64 = make_model(kind, 2)
    model32 = CharRNN(kind, V, H, 2, dtype=np.float32)
    model32.params = {k: v.astype(np.float32) for k, v in model64.params.items()}
    inputs, targets, state = random_batch(layers=2, kind=kind)
    logits64, cache64 = model64.forward(inputs, state)
    ws = Workspace()
    for _ in range(2):  # the second pass reuses every scratch buffer
        logits32, cache32 = model32.forward(inputs, state.astype(np.float32), workspace=ws)
        _, d32 = cross_entropy(logits32, targets)
        g32 = model32.backward(d32, cache32)
    _, d64 = cross_entropy(logits64, targets)
    g64 = model64.backward(d64, cache64)
    assert logits32.dtype == np.float32
    np.testing.assert_allclose(logits32, logits64, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(cache32.final_state, cache64.final_state, rtol=1e-4, atol=1e-5)
    for name in g64:
        assert g32[name].dtype == np.float32
        np.testing.assert_allclose(g32[name], g64[name], rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_state_carries_across_chunks(kind):
    """Two chunks of T steps with the carried state equal one chunk of 2T steps."""
    model = make_model(kind, 2)
    rng = np.random.default_rng(3)
    inputs = rng.integers(0, V, size=(2 * T, B))
    state = model.initial_state(B)
    whole, cache = model.forward(inputs, state)
    first, c1 = model.forward(inputs[:T], state)
    second, c2 = model.forward(inputs[T:], c1.final_state)
    np.testing.assert_allclose(np.concatenate([first, second]), whole, atol=1e-12)
    np.testing.assert_allclose(c2.final_state, cache.final_state, atol=1e-12)


def test_cross_entropy_is_stable_and_correct():
    logits = np.array([[[1000.0, 0.0, -1000.0]]])
    loss, d = cross_entropy(logits.copy(), np.array([[0]]))
    assert loss == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.isfinite(d))
    uniform = np.zeros((2, 3, 4))
    loss, d = cross_entropy(uniform, np.zeros((2, 3), dtype=int))
    assert loss == pytest.approx(np.log(4))
    np.testing.assert_allclose(d.sum(axis=-1), 0.0, atol=1e-12)


def test_lstm_forget_bias_starts_at_one():
    model = CharRNN("lstm", V, H, 2)
    model.init_params(np.random.default_rng(0))
    for layer in range(2):
        b = model.params[f"l{layer}.b"]
        assert np.all(b[H : 2 * H] == 1.0) and np.all(b[:H] == 0.0)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("threads", [1, 2])
def test_loss_made_during_forward_matches_the_separate_path(kind, threads):
    """forward(targets=...) computes the loss and dlogits as side work; same numbers."""
    from tui_charrnn.engine.models import Overlap

    model = make_model(kind, 2, dropout=0.2)
    inputs, targets, state = random_batch(layers=2, kind=kind)
    inputs = np.tile(inputs, (10, 1))  # several chunks of side work
    targets = np.tile(targets, (10, 1))
    overlap = Overlap(threads)
    logits, cache = model.forward(inputs, state, rng=np.random.default_rng(3))
    loss, dlogits = cross_entropy(logits, targets)
    grads = model.backward(dlogits, cache)
    fused_logits, fused = model.forward(
        inputs, state, targets=targets, rng=np.random.default_rng(3), overlap=overlap
    )
    fused_grads = model.backward(fused.dlogits, fused, overlap=overlap)
    overlap.close()
    np.testing.assert_array_equal(fused_logits, logits)
    np.testing.assert_array_equal(fused.dlogits, dlogits)
    assert fused.loss == pytest.approx(loss, rel=1e-12)
    for name, value in grads.items():
        np.testing.assert_array_equal(fused_grads[name], value, err_msg=name)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("threads", [1, 2])
def test_forward_for_training_gives_the_same_gradients(kind, threads):
    """for_training makes the backward factors during forward: where, not what, changes."""
    from tui_charrnn.engine.models import Overlap

    model = make_model(kind, 2, dropout=0.2)
    inputs, targets, state = random_batch(layers=2, kind=kind)
    inputs = np.tile(inputs, (10, 1))[:37]  # several chunks, the last one short
    targets = np.tile(targets, (10, 1))[:37]
    results = []
    for for_training, overlap in ((False, Overlap(1)), (True, Overlap(threads))):
        _, cache = model.forward(
            inputs,
            state,
            targets=targets,
            rng=np.random.default_rng(3),
            workspace=Workspace(),
            overlap=overlap,
            for_training=for_training,
        )
        results.append(model.backward(cache.dlogits, cache, overlap=overlap))
        overlap.close()
    assert set(results[1]) == set(model.params)
    for name, value in results[0].items():
        np.testing.assert_array_equal(results[1][name], value, err_msg=name)


def test_a_queued_side_task_is_done_by_the_thread_that_needs_it():
    """The step loop does queued side work itself rather than wait behind the helper."""
    import threading

    from tui_charrnn.engine.models import Overlap

    overlap = Overlap(2)
    release = threading.Event()
    busy = overlap.submit(release.wait, 10.0)  # occupies the helper thread
    queued = [overlap.submit(threading.current_thread) for _ in range(3)]
    try:
        assert overlap.gather(queued) == [threading.main_thread()] * 3
    finally:
        release.set()
    assert busy.result() is True
    overlap.close()


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_parameter_count_matches_the_model(kind):
    from tui_charrnn.engine.config import TrainConfig, parameter_count

    model = CharRNN(kind, 65, 32, 3)
    model.init_params(np.random.default_rng(0))
    config = TrainConfig(model=kind, hidden_size=32, num_layers=3)
    assert parameter_count(config, 65) == model.num_parameters()


def test_frozen_weights_give_the_same_forward():
    model = make_model("lstm", 2)
    inputs, _, state = random_batch(layers=2, kind="lstm")
    plain, _ = model.forward(inputs, state)
    with model.frozen():
        prepared, _ = model.forward(inputs, state)
    np.testing.assert_array_equal(prepared, plain)
    # Leaving frozen() drops the prepared weights: a change to the weights counts again.
    model.params["l0.Wh"] *= 0.5
    changed, _ = model.forward(inputs, state)
    assert not np.array_equal(changed, plain)
