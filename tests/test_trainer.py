"""Trainer behaviour: learning, determinism, exact resume, pausing and stopping, evaluation."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from engine_helpers import patterned_text, small_corpus, tiny_config, train_steps

from tui_charrnn.engine.checkpoint import load_checkpoint, save_checkpoint
from tui_charrnn.engine.errors import CheckpointError, CorpusError
from tui_charrnn.engine.models import CharRNN, cross_entropy
from tui_charrnn.engine.stored import model_from_state
from tui_charrnn.engine.text import Corpus
from tui_charrnn.engine.trainer import Trainer, evaluate_loss


def unigram_entropy(text: str) -> float:
    counts = np.array(list(Counter(text).values()), dtype=float)
    p = counts / counts.sum()
    return float(-(p * np.log(p)).sum())


def test_loss_falls_well_below_the_unigram_entropy():
    corpus = small_corpus(300)
    config = tiny_config(hidden_size=48, seq_len=24, batch_size=8, learning_rate=1e-2, eval_every=0)
    trainer = Trainer(corpus, config)
    train_steps(trainer, 400)
    assert trainer.step_count == 400
    val = trainer.evaluate()
    entropy = unigram_entropy(patterned_text(300))
    assert val < 0.5 * entropy, (val, entropy)
    assert trainer.smoothed_loss < 0.5 * entropy


@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
def test_same_seed_same_run_other_seed_other_run(model):
    corpus = small_corpus()
    runs = []
    for seed in (7, 7, 8):
        trainer = Trainer(corpus, tiny_config(model=model, seed=seed, dropout=0.1, num_layers=2))
        losses = [trainer.step() for _ in range(6)]
        runs.append((losses, trainer.model.params["Wy"].copy()))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert runs[0][0] != runs[2][0]


OPTIMIZERS = ["sgd", "adagrad", "adam"]


@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_exact_resume_through_a_checkpoint_file(tmp_path, model, optimizer):
    """N + M steps straight equals N steps, save, load from disk, M steps."""
    corpus = small_corpus()
    config = tiny_config(
        model=model, optimizer=optimizer, num_layers=2, dropout=0.2, lr_decay=0.9, lr_decay_every=3
    )
    n, m = 7, 9
    straight = Trainer(corpus, config)
    straight_losses = [straight.step() for _ in range(n + m)]
    straight.evaluate()

    first = Trainer(corpus, config)
    first_losses = [first.step() for _ in range(n)]
    save_checkpoint(tmp_path / "c.npz", *first.state())
    arrays, meta = load_checkpoint(tmp_path / "c.npz")
    resumed = Trainer.from_state(corpus, arrays, meta)
    resumed_losses = [resumed.step() for _ in range(m)]
    resumed.evaluate()

    assert first_losses + resumed_losses == straight_losses
    for name, value in straight.model.params.items():
        np.testing.assert_array_equal(resumed.model.params[name], value, err_msg=name)
    np.testing.assert_array_equal(resumed.hidden, straight.hidden)
    assert resumed.step_count == straight.step_count and resumed.chars == straight.chars
    assert resumed.val_loss == straight.val_loss
    assert resumed.history.to_dict() == straight.history.to_dict()


def test_epochs_wrap_and_reset_state():
    corpus = small_corpus(20)
    trainer = Trainer(corpus, tiny_config(eval_every=0))
    train_len = len(trainer.train_ids)
    steps = 2 * math.ceil(train_len / (trainer.config.batch_size * trainer.config.seq_len)) + 3
    for _ in range(steps):
        trainer.step()
    assert trainer.epoch > 1.5


def test_tiny_corpus_shorter_than_one_batch_still_trains():
    corpus = Corpus.from_text("abcabcabcabcabcabcabcabcabcab\n" * 2)
    trainer = Trainer(corpus, tiny_config(seq_len=8, batch_size=16, val_fraction=0.1))
    for _ in range(3):
        assert np.isfinite(trainer.step())


def test_corpus_too_short_is_refused_clearly():
    with pytest.raises(CorpusError, match="too short"):
        Trainer(Corpus.from_text("abcdefgh"), tiny_config(seq_len=64))


def test_live_learning_rate_and_clip_take_effect_next_step():
    trainer = Trainer(small_corpus(), tiny_config(optimizer="sgd", momentum=0.0, clip=0))
    before = trainer.model.params["Wy"].copy()
    trainer.controls.learning_rate = 0.0
    trainer.step()
    np.testing.assert_array_equal(trainer.model.params["Wy"], before)
    trainer.controls.learning_rate = 0.5
    trainer.step()
    assert not np.array_equal(trainer.model.params["Wy"], before)
    assert trainer.progress().learning_rate == 0.5


def test_divergence_is_detected_and_weights_are_kept():
    trainer = Trainer(small_corpus(), tiny_config())
    trainer.step()
    before = {k: v.copy() for k, v in trainer.model.params.items()}
    trainer.model.params["Wy"][0, 0] = np.nan
    before["Wy"][0, 0] = np.nan
    trainer.step()
    assert trainer.diverged and "loss" in trainer.diverged
    for name, value in before.items():
        np.testing.assert_array_equal(trainer.model.params[name], value)


def test_evaluation_scores_every_character_once_whatever_the_chunking():
    model = CharRNN("gru", 5, 6, 1, dtype=np.float64)
    model.init_params(np.random.default_rng(0))
    ids = np.random.default_rng(1).integers(0, 5, size=101)
    logits, _ = model.forward(ids[:-1].reshape(-1, 1), model.initial_state(1))
    reference, _ = cross_entropy(logits, ids[1:].reshape(-1, 1))
    assert evaluate_loss(model, ids, batch_size=1, seq_len=7) == pytest.approx(reference)
    assert evaluate_loss(model, ids, batch_size=1, seq_len=1000) == pytest.approx(reference)
    # More streams restart the state at stream starts, so only approximately equal.
    assert evaluate_loss(model, ids, batch_size=4, seq_len=5) == pytest.approx(reference, rel=0.1)


def test_resume_refuses_a_corpus_with_another_vocabulary():
    trainer = Trainer(small_corpus(), tiny_config())
    trainer.step()
    arrays, meta = trainer.state()
    other = Corpus.from_text(patterned_text().replace("A", "Z") + "#", name="other")
    with pytest.raises(CheckpointError, match="vocabulary differs"):
        Trainer.from_state(other, arrays, meta)


def test_model_from_state_samples_like_the_trainer():
    trainer = Trainer(small_corpus(), tiny_config())
    for _ in range(5):
        trainer.step()
    model, vocab, config = model_from_state(*trainer.state())
    assert vocab == trainer.vocab and config == trainer.config
    for name, value in trainer.model.params.items():
        np.testing.assert_array_equal(model.params[name], value)
    arrays, meta = trainer.state()
    arrays["param/Wy"] = arrays["param/Wy"][:, :-1]
    with pytest.raises(CheckpointError, match="wrong shape"):
        model_from_state(arrays, meta)


@pytest.mark.parametrize("model", ["rnn", "lstm", "gru"])
def test_results_do_not_depend_on_the_thread_count(model):
    """The side thread only changes when work happens, never the arithmetic."""
    corpus = small_corpus()
    config = tiny_config(model=model, num_layers=2, dropout=0.1, seq_len=37, eval_every=5)
    results = []
    for threads in (1, 2):
        trainer = Trainer(corpus, config, threads=threads)
        losses = [trainer.step() for _ in range(6)]
        results.append((losses, trainer.evaluate(), trainer.model.params))
    assert results[0][0] == results[1][0] and results[0][1] == results[1][1]
    for name, value in results[0][2].items():
        np.testing.assert_array_equal(results[1][2][name], value, err_msg=name)


def test_preview_sample_continues_from_the_next_unread_character(monkeypatch):
    """The stream's state has read up to its last target; that target is the next input."""
    from tui_charrnn.engine import trainer as trainer_module

    trainer = Trainer(small_corpus(), tiny_config(eval_every=0))
    batches = []
    # The batches a step reads are not public: the private method is wrapped to record them.
    real_next_batch = trainer._next_batch

    def recording_next_batch():
        inputs, targets = real_next_batch()
        batches.append(targets)
        return inputs, targets

    trainer._next_batch = recording_next_batch
    for _ in range(3):
        trainer.step()
    seen = {}
    monkeypatch.setattr(
        trainer_module, "sample_text", lambda model, vocab, length, **kw: seen.update(kw) or ""
    )
    trainer.sample(10)
    assert seen["last_id"] == int(batches[-1][-1, 0])
    np.testing.assert_array_equal(seen["state"], trainer.hidden[:, :, :1])


def test_checkpoint_history_old_spelling_loads_and_damage_is_a_checkpoint_error():
    corpus = small_corpus()
    trainer = Trainer(corpus, tiny_config(eval_every=2))
    train_steps(trainer, 4)
    arrays, meta = trainer.state()
    assert meta["history"] == trainer.history.to_dict()
    # A checkpoint written before LossHistory had the same keys; run.json's spelling also loads.
    meta["history"] = {"step": [1, 2], "train": [3.0, 2.5], "val": [[2, 2.75]]}
    assert Trainer.from_state(corpus, arrays, meta).history.steps == [1, 2]
    meta["history"] = {"stride": 1, "steps": [1, 2], "train": [3.0, float("nan")], "val": []}
    with pytest.raises(CheckpointError, match="'train'"):
        Trainer.from_state(corpus, arrays, meta)
