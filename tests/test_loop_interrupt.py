"""A pause or a stop cuts a validation pass short between its chunks; nothing partial is
recorded, and training stays bit for bit the same as an uninterrupted run.

The pause and the stop are requested from inside the pass (a wrapped model.forward counts the
evaluation chunks), so every test is deterministic: no threads, no sleeps.
"""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import patterned_text, small_corpus, tiny_config

from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.runs import open_run
from tui_charrnn.engine.session import Session
from tui_charrnn.engine.trainer import Trainer, evaluate_loss

EVAL_EVERY = 5
CONFIG = tiny_config(model="gru", eval_every=EVAL_EVERY)


class EvaluationChunks:
    """Wraps a trainer's model.forward: counts the evaluation chunks per step and calls
    `when(step, chunk)` after each one (chunk counts from 1 within that step)."""

    def __init__(self, trainer: Trainer, when=lambda step, chunk: None) -> None:
        self.trainer = trainer
        self.when = when
        self.per_step: dict[int, int] = {}  # step -> evaluation chunks run at that step
        self.steps_seen: list[int] = []  # the step of each chunk, in order
        model = trainer.model
        forward = model.forward

        def counting_forward(inputs, state, **options):
            result = forward(inputs, state, **options)
            if options.get("targets") is not None and not options.get("for_training"):
                step = trainer.step_count
                self.per_step[step] = self.per_step.get(step, 0) + 1
                self.steps_seen.append(step)
                self.when(step, self.per_step[step])
            return result

        model.forward = counting_forward


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(patterned_text(), encoding="utf-8")
    return load_corpus(path)


def straight_run(corpus, max_steps: int) -> Session:
    session = Session.create(corpus, CONFIG, run_name="straight")
    chunks = EvaluationChunks(session.trainer)
    assert session.train(max_steps=max_steps, sample_every_seconds=None) == "steps"
    session.chunks_per_pass = chunks.per_step[EVAL_EVERY]
    assert session.chunks_per_pass > 4  # a pass has chunks enough to be cut
    return session


def assert_same_training(session: Session, straight: Session) -> None:
    one, two = session.trainer, straight.trainer
    assert one.step_count == two.step_count
    for name, value in two.model.params.items():
        np.testing.assert_array_equal(one.model.params[name], value, err_msg=name)
    for name, value in two.optimizer.state_arrays().items():
        np.testing.assert_array_equal(one.optimizer.state_arrays()[name], value, err_msg=name)
    np.testing.assert_array_equal(one.hidden, two.hidden)
    assert one.history.to_dict() == two.history.to_dict()  # every validation point, exactly
    assert one.val_loss == two.val_loss and one.best_val_loss == two.best_val_loss


def stored_validation(session: Session) -> tuple[int, float, list]:
    """(step, val_loss, validation history) of the run's latest checkpoint."""
    _, meta = session.run.load("latest")
    return meta["step"], meta["val_loss"], [list(point) for point in meta["history"]["val"]]


def test_a_stop_during_evaluation_ends_after_that_chunk_and_resume_is_exact(corpus):
    straight = straight_run(corpus, 20)
    first_val = straight.trainer.history.val[0]  # (5, loss)

    session = Session.create(corpus, CONFIG, run_name="split")

    def stop_in_the_second_pass(step, chunk):
        if step == 2 * EVAL_EVERY and chunk == 3:
            session.controls.stop()

    chunks = EvaluationChunks(session.trainer, stop_in_the_second_pass)
    assert session.train(max_steps=20, sample_every_seconds=None) == "stopped"
    assert chunks.per_step == {EVAL_EVERY: straight.chunks_per_pass, 2 * EVAL_EVERY: 3}
    # Nothing of the cut pass was recorded, in memory or on disk.
    assert session.trainer.history.val == [first_val]
    assert session.trainer.val_loss == first_val[1]
    assert stored_validation(session) == (10, first_val[1], [list(first_val)])
    assert open_run("split").info["status"] == "stopped"

    resumed = Session.resume("split")
    again = EvaluationChunks(resumed.trainer)
    assert resumed.train(sample_every_seconds=None) == "steps"  # the stored 20-step budget
    # The owed pass comes first, whole, at the step where it was cut.
    assert again.steps_seen[: straight.chunks_per_pass] == [10] * straight.chunks_per_pass
    assert again.per_step[10] == straight.chunks_per_pass
    assert_same_training(resumed, straight)
    assert open_run("split").info["status"] == "finished"


def test_a_pause_during_evaluation_abandons_the_pass_and_redoes_it_on_resume(corpus):
    straight = straight_run(corpus, 20)
    session = Session.create(corpus, CONFIG, run_name="paused")
    controls = session.controls

    def pause_in_the_second_pass(step, chunk):
        if step == 2 * EVAL_EVERY and chunk == 2 and not stored_at_pause:
            controls.pause()

    events: list[tuple[str, str]] = []
    stored_at_pause = []

    def on_event(kind, text):
        events.append((kind, text))
        if kind == "paused":  # the loop saved at the pause: what does the stored run say?
            stored_at_pause.append(stored_validation(session))
            controls.resume()

    chunks = EvaluationChunks(session.trainer, pause_in_the_second_pass)
    returned = session.train(max_steps=20, sample_every_seconds=None, on_event=on_event)
    assert returned == "steps"
    assert ("paused", "paused at step 10") in events
    first_val = straight.trainer.history.val[0]
    assert stored_at_pause == [(10, first_val[1], [list(first_val)])]
    # Two chunks of the cut pass, then the whole pass again.
    assert chunks.per_step[10] == 2 + straight.chunks_per_pass
    assert_same_training(session, straight)


@pytest.mark.parametrize("how", ["stop", "pause"])
def test_the_final_evaluation_can_be_cut_short_too(corpus, how):
    straight = straight_run(corpus, 12)  # 12 is no multiple of 5: the final pass is extra
    assert straight.trainer.history.last_val_step == 12
    session = Session.create(corpus, CONFIG, run_name="final")
    controls = session.controls

    def cut(step, chunk):
        if step == 12 and chunk == 1 and not controls.paused and not cut_once:
            cut_once.append(True)
            controls.stop() if how == "stop" else controls.pause()

    cut_once: list[bool] = []
    chunks = EvaluationChunks(session.trainer, cut)
    returned = session.train(
        max_steps=12,
        sample_every_seconds=None,
        on_event=lambda kind, _: controls.resume() if kind == "paused" else None,
    )
    if how == "stop":
        # Stopped, not finished: the run says so, and it has no validation loss at step 12.
        assert returned == "stopped" and chunks.per_step[12] == 1
        assert open_run("final").info["status"] == "stopped"
        assert session.trainer.history.last_val_step == 10
        assert stored_validation(session)[:2] == (12, straight.trainer.history.val[1][1])
    else:
        assert returned == "steps" and chunks.per_step[12] == 1 + straight.chunks_per_pass
        assert open_run("final").info["status"] == "finished"
        assert_same_training(session, straight)


def test_an_interrupted_pass_returns_none_and_records_nothing():
    trainer = Trainer(small_corpus(), CONFIG, threads=1)
    for _ in range(3):
        trainer.step()
    asked = []

    def after_two(*_):
        asked.append(True)
        return len(asked) > 2

    assert trainer.evaluate(interrupted=after_two) is None
    assert len(asked) == 3  # asked before each chunk: two ran, the third was refused
    assert trainer.val_loss is None and trainer.best_val_loss is None
    assert trainer.history.val == []
    whole = trainer.evaluate(interrupted=lambda: False)
    assert whole == trainer.evaluate() == trainer.val_loss
    assert trainer.history.val == [(3, whole), (3, whole)]


def test_evaluate_loss_with_a_leftover_tail_can_be_cut_in_the_tail():
    trainer = Trainer(small_corpus(), CONFIG, threads=1)
    ids = trainer.val_ids[:101]  # 100 targets in 3 streams of 33, and a tail of 1
    whole = evaluate_loss(trainer.model, ids, batch_size=3, seq_len=6)
    chunks = -(-33 // 6)  # the streams' chunks, then the tail's one
    calls = []

    def cut_at(n):
        calls.clear()
        return lambda: calls.append(True) or len(calls) > n

    assert evaluate_loss(trainer.model, ids, 3, 6, interrupted=cut_at(chunks)) is None
    assert evaluate_loss(trainer.model, ids, 3, 6, interrupted=cut_at(chunks + 1)) == whole
