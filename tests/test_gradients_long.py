"""Finite-difference checks over sequences that span several chunks, the last one partial.

The forward and backward passes work in chunks of CHUNK time steps (the unit of side work and
of the summed weight-gradient products); a T below CHUNK never exercises the seams between
chunks. Here T = 2 * CHUNK + 5, with two layers and dropout, in float64, on both the inline
path (threads=1) and the side-thread path (Overlap with two threads).
"""

from __future__ import annotations

import numpy as np
import pytest

from tui_charrnn.engine.models import CHUNK, CharRNN, Overlap, cross_entropy

V, H, B, LAYERS, DROPOUT = 5, 4, 2, 2, 0.25
T = 2 * CHUNK + 5  # two full chunks and a partial third one
EPS = 1e-6


def make_model(kind: str) -> CharRNN:
    model = CharRNN(kind, V, H, LAYERS, dropout=DROPOUT, dtype=np.float64)
    rng = np.random.default_rng(11)
    model.init_params(rng)
    for value in model.params.values():  # away from zero so every nonlinearity matters
        value[...] = rng.normal(0.0, 0.5, size=value.shape)
    return model


def make_batch(kind: str):
    rng = np.random.default_rng(4)
    inputs = rng.integers(0, V, size=(T, B))  # (T, B)
    targets = rng.integers(0, V, size=(T, B))  # (T, B)
    slots = 2 if kind == "lstm" else 1
    state = rng.normal(0.0, 0.5, size=(LAYERS, slots, B, H))  # (L, S, B, H)
    return inputs, targets, state


def plain_loss(model, inputs, targets, state) -> float:
    """The loss with the same dropout masks every time (a fresh generator, same seed)."""
    logits, _ = model.forward(inputs, state, rng=np.random.default_rng(9))
    return cross_entropy(logits, targets)[0]


def analytic_gradients(model, inputs, targets, state, overlap: Overlap) -> dict:
    """Gradients as training makes them: loss and dlogits made during forward, side work on
    `overlap` (inline for threads=1, a helper thread for threads=2)."""
    _, cache = model.forward(
        inputs, state, targets=targets, rng=np.random.default_rng(9), overlap=overlap
    )
    assert cache.loss == pytest.approx(plain_loss(model, inputs, targets, state), rel=1e-12)
    return model.backward(cache.dlogits, cache, overlap=overlap)


def worst_relative_error(model, inputs, targets, state, grads) -> float:
    worst = 0.0
    for name, param in model.params.items():
        numeric = np.zeros_like(param)
        flat = param.reshape(-1)
        for k in range(flat.size):
            saved = flat[k]
            flat[k] = saved + EPS
            plus = plain_loss(model, inputs, targets, state)
            flat[k] = saved - EPS
            minus = plain_loss(model, inputs, targets, state)
            flat[k] = saved
            numeric.reshape(-1)[k] = (plus - minus) / (2 * EPS)
        analytic = grads[name]
        assert analytic.shape == param.shape, name
        gap = np.abs(numeric - analytic)
        relative = gap / np.maximum(np.abs(numeric) + np.abs(analytic), 1e-8)
        # Entries whose gradient is tiny are judged by absolute error instead.
        worst = max(worst, float(np.max(np.where(gap > 1e-9, relative, 0.0))))
    return worst


def test_the_sequence_really_spans_several_chunks_with_a_partial_last_one():
    assert T > 2 * CHUNK and T % CHUNK != 0


# The rnn cell is quick; lstm and gru have four and three times the weights to perturb.
KINDS = [
    "rnn",
    pytest.param("lstm", marks=pytest.mark.slow),
    pytest.param("gru", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("kind", KINDS)
def test_gradients_across_chunk_seams_match_finite_differences(kind, threads):
    model = make_model(kind)
    inputs, targets, state = make_batch(kind)
    overlap = Overlap(threads)
    try:
        grads = analytic_gradients(model, inputs, targets, state, overlap)
    finally:
        overlap.close()
    assert set(grads) == set(model.params)
    assert worst_relative_error(model, inputs, targets, state, grads) < 1e-5


@pytest.mark.parametrize("kind", ["rnn", pytest.param("gru", marks=pytest.mark.slow)])
def test_the_long_check_notices_a_gradient_that_misses_the_partial_last_chunk(kind):
    """The checker must fail for a backward pass that drops the partial last chunk's outputs."""
    model = make_model(kind)
    inputs, targets, state = make_batch(kind)
    cut = (T // CHUNK) * CHUNK  # first step of the partial chunk
    logits, cache = model.forward(inputs, state, rng=np.random.default_rng(9))
    _, dlogits = cross_entropy(logits, targets)
    dlogits[cut:] = 0.0  # (T, B, V): as if the last chunk were forgotten
    grads = model.backward(dlogits, cache)
    assert worst_relative_error(model, inputs, targets, state, grads) > 1e-3
