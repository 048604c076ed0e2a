"""The relay (engine/inspect/relay.py): a long text read as parallel segments, every segment
checked against its predecessor's final state, must give what one plain stream gives.

References: score_sequential (one stream of batch 1, the scorer's original path), a float64
forward written out step by step, the trainer's own loss, and a planted LSTM that never forgets
(so only the verification, not fast forgetting, can make the answer right).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from engine_helpers import patterned_text, tiny_config, train_steps
from test_inspect import reference_forward, reference_log_probs

from tui_charrnn import paths
from tui_charrnn.engine.inspect import relay as relay_module
from tui_charrnn.engine.inspect.relay import plan_segments, tolerance_for
from tui_charrnn.engine.inspect.scoring import score_relay, score_sequential
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.models import CharRNN
from tui_charrnn.engine.text import Vocabulary
from tui_charrnn.engine.trainer import Trainer, evaluate_loss

KINDS = ("rnn", "gru", "lstm")
TEXT = patterned_text(120)  # ~3,900 chars
SMALL = dict(min_segment=256, max_segments=8, chunk=16)  # 8 segments of ~500 chars


def default_model(kind, vocab, hidden=8, layers=1, seed=0, dtype=np.float32) -> CharRNN:
    model = CharRNN(kind, vocab.size, hidden, layers, dropout=0.2, dtype=dtype)
    model.init_params(np.random.default_rng(seed))
    return model


def assert_agree(fast, slow, *, nll_atol=1e-4, mean_atol=1e-6, state_atol=1e-4):
    """The relay's result against the plain stream's, position by position."""
    assert fast.text == slow.text
    np.testing.assert_array_equal(fast.ids, slow.ids)
    assert np.isnan(fast.nll[0]) and fast.ranks[0] == -1
    np.testing.assert_allclose(fast.nll[1:], slow.nll[1:], rtol=0, atol=nll_atol)
    if slow.chars_scored:
        assert abs(fast.nats_per_char - slow.nats_per_char) <= mean_atol
    # Ranks and candidates can only differ where two probabilities tie within rounding.
    assert (fast.ranks != slow.ranks).mean() <= 2e-3
    if slow.top_probs is not None:
        np.testing.assert_allclose(fast.top_probs, slow.top_probs, rtol=0, atol=nll_atol)
        assert (fast.top_ids != slow.top_ids).mean() <= 2e-3
    if slow.activations is not None:
        for fast_layer, slow_layer in zip(fast.activations, slow.activations, strict=True):
            assert fast_layer.keys() == slow_layer.keys()
            for name in slow_layer:
                np.testing.assert_allclose(
                    fast_layer[name], slow_layer[name], rtol=state_atol, atol=state_atol
                )


# ------------------------------------------------------------------------------ planning
def test_plan_cuts_into_chunk_multiples_and_only_the_last_segment_runs_over():
    for n in (512, 513, 1000, 4000, 100_003):
        segments, length = plan_segments(n, 16, min_segment=256, max_segments=8)
        assert 2 <= segments <= 8 and length % 16 == 0
        assert (segments - 1) * length < n <= segments * length
    assert plan_segments(511, 16, min_segment=256, max_segments=8) == (1, 511)
    assert plan_segments(10**6, 64)[0] >= 2  # the defaults do split a megabyte


def test_tolerance_is_a_few_units_in_the_last_place_of_the_dtype():
    assert 1e-7 < tolerance_for(np.float32) < 2e-6
    assert tolerance_for(np.float64) < 1e-14


# ------------------------------------------------------------------------------ agreement
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("kind", KINDS)
def test_relay_matches_one_stream_on_random_weights(kind, layers):
    vocab = Vocabulary.from_text(TEXT)
    model = default_model(kind, vocab, layers=layers)
    fast = score_relay(model, vocab, TEXT, top_k=5, activations=True, **SMALL)
    slow = score_sequential(model, vocab, TEXT, top_k=5, activations=True)
    assert fast.relay is not None and fast.relay.segments == 8
    # A freshly initialised network forgets its start within a chunk or two: one rerun
    # sweep settles every segment, and only a small part of the text is read twice.
    assert fast.relay.sweeps == 2 and not fast.relay.serial
    assert fast.relay.rerun_fraction < 0.5
    assert_agree(fast, slow)


@cache
def briefly_trained(kind: str, layers: int) -> tuple[CharRNN, Vocabulary, str]:
    """A small network trained for a few dozen steps on the default bundled corpus."""
    corpus = load_corpus(paths.default_corpus().path)
    config = tiny_config(
        model=kind, hidden_size=16, num_layers=layers, seq_len=32, batch_size=8, eval_every=0
    )
    trainer = Trainer(corpus, config, threads=1)
    train_steps(trainer, 40)
    text = corpus.vocab.decode(trainer.val_ids[:6000])
    return trainer.model, corpus.vocab, text


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("kind", KINDS)
def test_relay_matches_one_stream_on_a_briefly_trained_model(kind, layers):
    model, vocab, text = briefly_trained(kind, layers)
    fast = score_relay(model, vocab, text, top_k=10, activations=True, **SMALL)
    slow = score_sequential(model, vocab, text, top_k=10, activations=True)
    assert fast.relay is not None and fast.relay.sweeps <= fast.relay.segments
    assert_agree(fast, slow)
    # and the trainer's own loss over the same targets, one stream from a zero state
    loss = evaluate_loss(model, fast.ids, batch_size=1, seq_len=50)
    assert fast.nats_per_char == pytest.approx(loss, rel=1e-6)


@pytest.mark.parametrize("kind", KINDS)
def test_relay_in_float64_matches_a_step_by_step_reference(kind):
    """In float64 the tolerance is ~2e-15, so the relay must match to ~1e-10 like the stream."""
    vocab = Vocabulary.from_text(TEXT)
    model = default_model(kind, vocab, layers=2, dtype=np.float64)
    text = TEXT[:1200]
    result = score_relay(model, vocab, text, top_k=3, activations=True, **SMALL)
    assert result.relay is not None and result.relay.segments >= 4
    logits, states = reference_forward(model, result.ids)
    logp = reference_log_probs(logits)
    expected = -logp[np.arange(len(text) - 1), result.ids[1:]]
    np.testing.assert_allclose(result.nll[1:], expected, rtol=1e-10)
    for layer in range(model.num_layers):  # activations are kept as float32
        np.testing.assert_allclose(
            result.activations[layer]["h"], states[layer]["h"], rtol=1e-6, atol=1e-7
        )


# ------------------------------------------------------------------------------ verification
def never_forgetting_lstm(vocab: Vocabulary, hidden=6) -> CharRNN:
    """An LSTM whose forget gate is exactly 1: the cell state is the sum of everything read,
    so a segment started anywhere but from its true state never agrees with it."""
    model = default_model("lstm", vocab, hidden=hidden)
    H = hidden
    b = model.params["l0.b"]
    b[H : 2 * H] = 40.0  # forget gate: sigmoid(40) is 1.0 in float32
    # Small candidate inputs of both signs, so the cell wanders but its tanh stays unsaturated.
    rng = np.random.default_rng(3)
    model.params["l0.Wx"][:, 3 * H :] = rng.normal(0, 0.05, size=(vocab.size, H))
    model.params["l0.Wx"][:, 3 * H :] -= model.params["l0.Wx"][:, 3 * H :].mean(axis=0)
    return model


def test_a_model_that_never_forgets_still_gets_the_exact_answer():
    vocab = Vocabulary.from_text(TEXT)
    model = never_forgetting_lstm(vocab)
    fast = score_relay(model, vocab, TEXT, top_k=3, activations=True, **SMALL)
    slow = score_sequential(model, vocab, TEXT, top_k=3, activations=True)
    # No sweep can agree early: the relay must have fallen back to reading in order.
    assert fast.relay.serial and fast.relay.steps >= 2 * len(TEXT)
    assert_agree(fast, slow)
    # The test has teeth: segments read from a zero start are far from the truth.
    cut = len(TEXT) // 2
    second_half = score_sequential(model, vocab, TEXT[cut:])
    assert np.abs(second_half.nll[1:] - slow.nll[cut + 1 :]).max() > 1e-2


def test_without_the_serial_fallback_k_sweeps_are_exact(monkeypatch):
    """The bound alone: after sweep s segments 0..s are exact, whatever the model."""
    vocab = Vocabulary.from_text(TEXT)
    model = never_forgetting_lstm(vocab)
    monkeypatch.setattr(relay_module, "STALL_SHARE", 2.0)  # never a stall: parallel sweeps only
    fast = score_relay(model, vocab, TEXT, **SMALL)
    slow = score_sequential(model, vocab, TEXT)
    assert not fast.relay.serial and fast.relay.sweeps == fast.relay.segments
    assert_agree(fast, slow)


# ------------------------------------------------------------------------------ edge cases
@pytest.mark.parametrize("n", [1, 2, 511, 512, 513, 700])
def test_lengths_around_the_first_split(n):
    """min_segment 256: below 512 chars one stream, from 512 two segments (the last short)."""
    text = (TEXT * 2)[:n]
    vocab = Vocabulary.from_text(TEXT)
    model = default_model("gru", vocab, layers=2)
    fast = score_relay(model, vocab, text, top_k=2, activations=True, **SMALL)
    slow = score_sequential(model, vocab, text, top_k=2, activations=True)
    assert (fast.relay is not None) == (n >= 512)
    assert fast.chars_scored == n - 1
    assert_agree(fast, slow)


def test_unknown_characters_are_removed_before_the_split():
    vocab = Vocabulary.from_text(TEXT)
    model = default_model("rnn", vocab)
    clean = TEXT[:2000]
    noisy = "€" + clean[:700] + "€~" + clean[700:1500] + "~" * 300 + clean[1500:]
    fast = score_relay(model, vocab, noisy, **SMALL)
    assert fast.unknown_chars == 303 and fast.unknown == {"€", "~"}
    assert fast.text == clean and fast.relay is not None
    assert_agree(fast, score_sequential(model, vocab, clean))


def test_score_text_reads_a_long_text_with_the_relay_and_a_short_one_as_a_stream():
    from tui_charrnn.engine.inspect import score_text
    from tui_charrnn.engine.inspect.relay import MIN_SEGMENT

    long_text = patterned_text(1200)
    assert len(long_text) >= 2 * MIN_SEGMENT
    vocab = Vocabulary.from_text(long_text)
    model = default_model("gru", vocab, hidden=4)
    fast = score_text(model, vocab, long_text)
    assert fast.relay is not None and fast.relay.segments >= 2
    assert_agree(fast, score_sequential(model, vocab, long_text))
    assert score_text(model, vocab, long_text[:5000]).relay is None


def test_coarser_comparisons_for_a_long_text_still_agree(monkeypatch):
    """With little room for kept states, segments are compared every few chunks only: reruns
    stop later, never wrongly."""
    vocab = Vocabulary.from_text(TEXT)
    model = default_model("lstm", vocab, layers=2)
    fine = score_relay(model, vocab, TEXT, activations=True, **SMALL)
    monkeypatch.setattr(relay_module, "MARKS_BYTES", 3000)  # every ~8th chunk boundary
    coarse = score_relay(model, vocab, TEXT, activations=True, **SMALL)
    assert coarse.relay.rerun_fraction > fine.relay.rerun_fraction
    assert_agree(coarse, score_sequential(model, vocab, TEXT, activations=True))
