"""Session: a trainer bound to a run folder, shared by the CLI and the app."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from engine_helpers import patterned_text, small_corpus, tiny_config

from tui_charrnn.engine.corpus import load_corpus
from tui_charrnn.engine.errors import RunError
from tui_charrnn.engine.runs import latest_unfinished_run, list_runs, open_run
from tui_charrnn.engine.session import Session


def corpus_file(tmp_path, text=None):
    path = tmp_path / "corpus.txt"
    path.write_text(text or patterned_text(), encoding="utf-8")
    return path


def test_create_train_and_resume_exactly(tmp_path):
    corpus = load_corpus(corpus_file(tmp_path))
    config = tiny_config(model="lstm", eval_every=5)
    straight = Session.create(corpus, config, run_name="straight")
    straight.train(max_steps=20, sample_every_seconds=None)

    # The same 20-step budget (and so the same lr schedule), interrupted after 8 steps.
    first = Session.create(corpus, config, run_name="split")
    stop_at_8 = lambda: first.trainer.step_count >= 8  # noqa: E731
    assert first.train(max_steps=20, should_stop=stop_at_8, sample_every_seconds=None) == "stopped"
    resumed = Session.resume("split")  # reloads the corpus from the stored path
    assert resumed.trainer.step_count == 8
    # No limit given: the stored budget's remaining 12 steps, on the same schedule.
    assert resumed.train(sample_every_seconds=None) == "steps"
    assert resumed.trainer.step_count == 20
    for name, value in straight.trainer.model.params.items():
        np.testing.assert_array_equal(resumed.trainer.model.params[name], value)
    assert resumed.trainer.val_history == straight.trainer.val_history
    info = open_run("split").info
    assert info["step"] == 20 and info["status"] == "finished"
    assert info["history"]["step"][-1] == 20
    assert {r.name for r in list_runs()} == {"straight", "split"}


def test_best_checkpoint_tracks_lowest_validation_loss(tmp_path):
    corpus = load_corpus(corpus_file(tmp_path))
    session = Session.create(corpus, tiny_config(eval_every=5), run_name="best")
    session.train(max_steps=30, sample_every_seconds=None)
    best_arrays, best_meta = session.run.load("best")
    assert best_meta["val_loss"] == pytest.approx(session.trainer.best_val_loss)
    _, latest_meta = session.run.load("latest")
    assert latest_meta["step"] == 30


def test_changed_corpus_same_vocabulary_warns_and_other_vocabulary_is_refused(tmp_path):
    path = corpus_file(tmp_path)
    session = Session.create(load_corpus(path), tiny_config(), run_name="r")
    session.train(max_steps=3, sample_every_seconds=None)
    path.write_text(patterned_text(seed=1), encoding="utf-8")  # same characters, new text
    resumed = Session.resume("r")
    assert resumed.warnings and "changed" in resumed.warnings[0]
    events = []
    resumed.train(max_steps=1, sample_every_seconds=None, on_event=lambda k, m: events.append(k))
    assert "warning" in events
    path.write_text(patterned_text() + "§", encoding="utf-8")
    with pytest.raises(RunError, match="vocabulary"):
        Session.resume("r")


def test_resume_overrides_only_learning_rate_and_clip(tmp_path):
    session = Session.create(load_corpus(corpus_file(tmp_path)), tiny_config(), run_name="r")
    session.train(max_steps=2, sample_every_seconds=None)
    resumed = Session.resume("r", overrides={"learning_rate": "0.003", "clip": 2})
    assert resumed.controls.learning_rate == 0.003 and resumed.controls.clip == 2.0
    with pytest.raises(RunError):
        Session.resume("r", overrides={"hidden_size": 8})


def test_pause_saves_and_requests_are_served_while_paused(tmp_path):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="p")
    events, samples = [], []
    thread = threading.Thread(
        target=session.train,
        kwargs=dict(
            sample_every_seconds=None,
            on_event=lambda k, m: events.append(k),
            on_sample=samples.append,
        ),
    )
    thread.start()
    deadline = time.monotonic() + 5
    while session.trainer.step_count < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    session.controls.pause()
    deadline = time.monotonic() + 5
    while "paused" not in events and time.monotonic() < deadline:
        time.sleep(0.01)
    step = session.trainer.step_count
    assert open_run("p").info["status"] == "paused"
    assert latest_unfinished_run().name == "p"
    session.controls.request_sample()
    session.controls.request_save()
    time.sleep(0.3)
    assert session.trainer.step_count == step
    assert samples and events.count("saved") >= 2
    session.controls.resume()
    time.sleep(0.1)
    session.controls.stop()
    thread.join(3)
    assert not thread.is_alive()
    assert "resumed" in events
    assert session.run.load("latest")[1]["step"] == session.trainer.step_count


def test_divergence_pauses_and_restores_the_last_good_checkpoint(tmp_path):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="d")
    session.train(max_steps=5, sample_every_seconds=None)
    good = {k: v.copy() for k, v in session.trainer.model.params.items()}
    session.trainer.model.params["Wy"][:] = np.inf  # what a wild learning rate leads to
    events = []
    thread = threading.Thread(
        target=session.train,
        kwargs=dict(sample_every_seconds=None, on_event=lambda k, m: events.append((k, m))),
    )
    thread.start()
    deadline = time.monotonic() + 5
    while not any(k == "diverged" for k, _ in events) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert session.controls.paused
    message = next(m for k, m in events if k == "diverged")
    assert "restored the checkpoint from step 5" in message and "learning rate" in message
    for name, value in good.items():
        np.testing.assert_array_equal(session.trainer.model.params[name], value)
    session.controls.stop()
    thread.join(3)
    assert not thread.is_alive()


def test_headless_divergence_returns_and_keeps_checkpoint(tmp_path):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="h")
    session.train(max_steps=3, sample_every_seconds=None)
    session.trainer.model.params["Wy"][:] = np.nan
    assert session.train(max_steps=5, pause_on_divergence=False) == "diverged"
    arrays, meta = open_run("h").load("latest")
    assert meta["step"] == 3 and np.all(np.isfinite(arrays["param/Wy"]))
    assert open_run("h").info["status"] == "diverged"


def test_periodic_checkpoints_by_steps(tmp_path):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="c")
    saved = []
    session.train(
        max_steps=10,
        checkpoint_every_seconds=None,
        checkpoint_every_steps=4,
        sample_every_seconds=None,
        on_event=lambda k, m: saved.append(m) if k == "saved" else None,
    )
    assert [m for m in saved if "periodic" in m] == [
        "checkpoint saved at step 4 (periodic)",
        "checkpoint saved at step 8 (periodic)",
    ]


def test_snapshots_every_n_steps_keep_the_newest(tmp_path):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="s")
    session.train(
        max_steps=12,
        checkpoint_every_seconds=None,
        snapshot_every_steps=3,
        keep_snapshots=2,
        sample_every_seconds=None,
    )
    names = [p.stem for p in session.run.snapshots()]
    assert names == ["step-00000009", "step-00000012"]
    arrays, meta = session.run.load("step-00000009")
    assert meta["step"] == 9


@pytest.mark.parametrize(
    "how,status",
    [("stop", "stopped"), ("stop-paused", "paused"), ("cancel", "paused"), ("steps", "finished")],
)
def test_how_training_ends_decides_the_run_status(how, status):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="x")
    calls = []

    def should_stop():
        calls.append(1)
        if len(calls) == 3:
            if how == "stop":
                session.controls.stop()
            elif how == "stop-paused":
                session.controls.stop(status="paused")
        return how == "cancel" and len(calls) >= 3

    session.train(
        max_steps=5 if how == "steps" else None,
        should_stop=should_stop,
        sample_every_seconds=None,
    )
    assert open_run("x").info["status"] == status
    assert (latest_unfinished_run() is not None) == (status == "paused")


def test_training_leaves_no_helper_thread_behind():
    import threading as _threading

    session = Session.create(small_corpus(), tiny_config(eval_every=3), run_name="t")
    session.trainer.overlap.threads = 2  # as on a two-core machine
    session.train(max_steps=6, sample_every_seconds=None)
    names = [t.name for t in _threading.enumerate()]
    assert not any(name.startswith("charrnn-side") for name in names), names
