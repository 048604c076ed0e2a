"""Sampling: temperature, top-k, prime text, seeds and streaming."""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import small_corpus, tiny_config, train_steps

from tui_charrnn.engine.sampling import SamplingError, generate, pick, prime_ids, sample_text
from tui_charrnn.engine.trainer import Trainer


@pytest.fixture(scope="module")
def trained():
    trainer = Trainer(small_corpus(200), tiny_config(hidden_size=32, seq_len=16, batch_size=8))
    train_steps(trainer, 150)
    return trainer


def test_seeded_samples_repeat_and_differ_by_seed(trained):
    a = sample_text(trained.model, trained.vocab, 80, seed=1)
    b = sample_text(trained.model, trained.vocab, 80, seed=1)
    c = sample_text(trained.model, trained.vocab, 80, seed=2)
    assert a == b and a != c
    assert len(a) == 80 and set(a) <= set(trained.vocab.chars)


def test_greedy_ignores_the_seed_and_equals_top_k_one(trained):
    greedy = [sample_text(trained.model, trained.vocab, 60, temperature=0, seed=s) for s in (1, 2)]
    assert greedy[0] == greedy[1]
    top1 = sample_text(trained.model, trained.vocab, 60, temperature=1.0, top_k=1, seed=3)
    assert top1 == greedy[0]


def test_trained_model_writes_the_corpus_structure(trained):
    text = sample_text(trained.model, trained.vocab, 400, temperature=0.5, seed=0)
    assert ": I " in text and "she " in text


def test_prime_is_echoed_then_continued_and_streams_one_char_at_a_time(trained):
    pieces = list(generate(trained.model, trained.vocab, 20, prime="ANNA: ", seed=4))
    assert all(len(p) == 1 for p in pieces)
    text = "".join(pieces)
    assert text.startswith("ANNA: ") and len(text) == 26


def test_unknown_prime_characters_are_skipped_or_refused(trained):
    ids, unknown = prime_ids(trained.vocab, "AN€NA~")
    assert unknown == "€~" and trained.vocab.decode(ids) == "ANNA"
    text = sample_text(trained.model, trained.vocab, 5, prime="AN€", seed=0)
    assert text.startswith("AN") and "€" not in text
    with pytest.raises(SamplingError, match="not in the vocabulary"):
        sample_text(trained.model, trained.vocab, 5, prime="AN€", strict_prime=True)


def test_bad_sampling_options_are_refused(trained):
    for options in ({"temperature": -1}, {"top_k": -2}, {"temperature": float("nan")}):
        with pytest.raises(SamplingError):
            sample_text(trained.model, trained.vocab, 5, **options)
    with pytest.raises(SamplingError):
        sample_text(trained.model, trained.vocab, -1)


def test_pick_respects_top_k_and_temperature():
    rng = np.random.default_rng(0)
    logits = np.array([0.0, 5.0, 4.9, -3.0])
    picks = {pick(logits, 1.0, 2, rng) for _ in range(300)}
    assert picks == {1, 2}
    assert pick(logits, 0.0, 0, rng) == 1
    cold = [pick(logits, 0.01, 0, rng) for _ in range(50)]
    assert set(cold) == {1}


def test_trainer_preview_continues_the_stream_without_touching_training(trained):
    hidden = trained.hidden.copy()
    text = trained.sample(50, seed=5)
    assert len(text) == 50
    np.testing.assert_array_equal(trained.hidden, hidden)
    trained.controls.temperature = 0.0
    trained.controls.prime = "CLARA"
    assert trained.sample(10).startswith("CLARA")
    trained.controls.prime = ""
