"""Session: a trainer bound to a run folder, shared by the CLI and the app."""

from __future__ import annotations

import math
import threading
import time
import types

import numpy as np
import pytest
from engine_helpers import patterned_text, small_corpus, tiny_config

from tui_charrnn.engine.config import ConfigError
from tui_charrnn.engine.controls import LiveControls
from tui_charrnn.engine.errors import RunError
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.runs import latest_unfinished_run, list_runs, open_run
from tui_charrnn.engine.schedule import weight_drop_rate
from tui_charrnn.engine.session import Session

# Every training thread a test starts has a step limit far beyond what the test needs, so a
# failing test cannot leave a thread training forever.
STEP_LIMIT = 100_000


def corpus_file(tmp_path, text=None):
    path = tmp_path / "corpus.txt"
    path.write_text(text or patterned_text(), encoding="utf-8")
    return path


def test_create_train_and_resume_exactly(tmp_path):
    corpus = load_corpus(corpus_file(tmp_path))
    config = tiny_config(model="lstm", eval_every=5)
    straight = Session.create(corpus, config, run_name="straight")
    straight.train(max_steps=20, sample_every_seconds=None)

    # The same 20-step budget (and so the same lr schedule), stopped after 8 steps.
    first = Session.create(corpus, config, run_name="split")

    def stop_at_8(progress):
        if progress.step >= 8:
            first.controls.stop()

    stopped = first.train(
        max_steps=20, on_progress=stop_at_8, report_every=0.0, sample_every_seconds=None
    )
    assert stopped == "stopped"
    resumed = Session.resume("split")  # reloads the corpus from the stored path
    assert resumed.trainer.step_count == 8
    # No limit given: the stored budget's remaining 12 steps, on the same schedule.
    assert resumed.train(sample_every_seconds=None) == "steps"
    assert resumed.trainer.step_count == 20
    for name, value in straight.trainer.model.params.items():
        np.testing.assert_array_equal(resumed.trainer.model.params[name], value)
    assert resumed.trainer.history.val == straight.trainer.history.val
    info = open_run("split").info
    assert info["step"] == 20 and info["status"] == "finished"
    assert info["history"]["steps"][-1] == 20
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


def test_resume_takes_learning_rate_and_clip_set_on_the_controls(tmp_path):
    session = Session.create(load_corpus(corpus_file(tmp_path)), tiny_config(), run_name="r")
    session.train(max_steps=3, sample_every_seconds=None)
    controls = LiveControls()
    controls.learning_rate, controls.clip = "0.003", 2  # as typed: validated and coerced
    resumed = Session.resume("r", controls=controls)
    assert resumed.controls is controls
    assert controls.learning_rate == 0.003 and controls.clip == 2.0
    assert controls.temperature == 0.8 and controls.top_k == 0 and controls.prime == ""
    bad = LiveControls()
    bad.learning_rate = -1
    with pytest.raises(ConfigError):
        Session.resume("r", controls=bad)


def test_create_fills_unset_controls_from_the_config_and_keeps_set_ones():
    controls = LiveControls()
    controls.clip, controls.temperature = 0.5, 1.5
    session = Session.create(
        small_corpus(), tiny_config(learning_rate=0.02), controls=controls, run_name="c2"
    )
    assert session.controls is controls and session.trainer.controls is controls
    assert controls.learning_rate == 0.02 and controls.clip == 0.5
    assert controls.temperature == 1.5 and controls.prime == ""
    assert session.trainer.progress().clip == 0.5


def test_resume_keeps_the_checkpoint_values_without_controls(tmp_path):
    corpus = small_corpus()
    session = Session.create(corpus, tiny_config(), run_name="k")
    session.controls.learning_rate = 0.004  # changed live, saved with the checkpoint
    session.train(max_steps=2, sample_every_seconds=None)
    assert Session.resume("k", corpus=corpus).controls.learning_rate == 0.004
    unset = LiveControls()
    assert Session.resume("k", controls=unset, corpus=corpus).controls.learning_rate == 0.004


@pytest.mark.timeout(30)
def test_a_run_paused_before_it_starts_starts_paused():
    controls = LiveControls()
    controls.pause()
    session = Session.create(small_corpus(), tiny_config(eval_every=0), controls=controls)
    events = []
    thread = threading.Thread(
        target=session.train,
        kwargs=dict(
            max_steps=100_000, sample_every_seconds=None, on_event=lambda k, m: events.append(k)
        ),
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 5
    while "paused" not in events and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert events.count("paused") == 1 and session.trainer.step_count == 0
    controls.stop(status="paused")
    thread.join(3)
    assert not thread.is_alive() and session.trainer.step_count == 0
    assert open_run(session.run.name).info["status"] == "paused"


@pytest.mark.parametrize("status", ["stopped", "paused"])
def test_a_run_stopped_before_it_starts_returns_at_once(status):
    controls = LiveControls()
    controls.stop(status=status)
    session = Session.create(small_corpus(), tiny_config(), controls=controls, run_name="sb")
    assert session.train(max_steps=5, sample_every_seconds=None) == status
    assert session.trainer.step_count == 0
    assert open_run("sb").info["status"] == status


@pytest.mark.timeout(30)
def test_pause_and_stop_from_another_thread():
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="ps")
    result = {}
    # A step limit far beyond what the test needs, so a failing test cannot train forever.
    thread = threading.Thread(
        target=lambda: result.setdefault(
            "r", session.train(max_steps=100_000, sample_every_seconds=None)
        ),
        daemon=True,
    )
    thread.start()
    trainer = session.trainer
    deadline = time.monotonic() + 5
    while trainer.step_count < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    session.controls.pause()
    time.sleep(0.1)
    paused_at = trainer.step_count
    time.sleep(0.3)
    assert trainer.step_count == paused_at, "no steps while paused"
    session.controls.resume()
    deadline = time.monotonic() + 5
    while trainer.step_count <= paused_at and time.monotonic() < deadline:
        time.sleep(0.01)
    assert trainer.step_count > paused_at
    session.controls.stop()
    thread.join(2)
    assert not thread.is_alive() and result["r"] == "stopped"


def test_run_limits_and_stop():
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="lim")
    quiet = dict(sample_every_seconds=None)
    assert session.train(max_steps=5, **quiet) == "steps" and session.trainer.step_count == 5
    assert session.train(time_budget=0.2, **quiet) == "time"

    def stop_after_three(progress):
        seen.append(progress.step)
        if len(seen) == 3:
            session.controls.stop()

    seen = []
    stopped = session.train(
        max_steps=100_000, on_progress=stop_after_three, report_every=0.0, **quiet
    )
    assert stopped == "stopped"
    assert session.trainer.step_count == seen[2]  # no step after the stop


def test_progress_reports_are_rate_limited_and_complete():
    reports = []
    session = Session.create(small_corpus(), tiny_config(eval_every=5), run_name="rep")
    session.train(
        max_steps=20, report_every=10.0, sample_every_seconds=None, on_progress=reports.append
    )
    # The very first report, one per evaluation (forced) and the final one.
    assert 4 <= len(reports) <= 6
    last = reports[-1]
    assert last.step == 20 and last.val_loss is not None
    assert last.val_bpc == pytest.approx(last.val_loss / math.log(2))
    assert last.train_history and last.history_steps[-1] == 20
    assert [s for s, _ in last.val_history] == [5, 10, 15, 20]


@pytest.mark.timeout(30)
def test_pause_saves_and_requests_are_served_while_paused(tmp_path):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="p")
    events, samples = [], []
    thread = threading.Thread(
        target=session.train,
        daemon=True,
        kwargs=dict(
            max_steps=STEP_LIMIT,
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
    deadline = time.monotonic() + 5
    while not (samples and events.count("saved") >= 2) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert session.trainer.step_count == step
    assert samples and events.count("saved") >= 2
    session.controls.resume()
    time.sleep(0.1)
    session.controls.stop()
    thread.join(3)
    assert not thread.is_alive()
    assert "resumed" in events
    assert session.run.load("latest")[1]["step"] == session.trainer.step_count


@pytest.mark.timeout(30)
def test_divergence_pauses_and_restores_the_last_good_checkpoint(tmp_path):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="d")
    session.train(max_steps=5, sample_every_seconds=None)
    good = {k: v.copy() for k, v in session.trainer.model.params.items()}
    session.trainer.model.params["Wy"][:] = np.inf  # what a wild learning rate leads to
    events = []
    thread = threading.Thread(
        target=session.train,
        daemon=True,
        kwargs=dict(
            max_steps=STEP_LIMIT,
            sample_every_seconds=None,
            on_event=lambda k, m: events.append((k, m)),
        ),
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
    "how,status", [("stop", "stopped"), ("stop-paused", "paused"), ("steps", "finished")]
)
def test_how_training_ends_decides_the_run_status(how, status):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="x")

    def after_report(progress):
        if progress.step == 3 and how == "stop":
            session.controls.stop()
        elif progress.step == 3 and how == "stop-paused":
            session.controls.stop(status="paused")

    returned = session.train(
        max_steps=5 if how == "steps" else None,
        on_progress=after_report,
        report_every=0.0,
        sample_every_seconds=None,
    )
    assert returned == ("steps" if how == "steps" else status)
    assert open_run("x").info["status"] == status
    assert (latest_unfinished_run() is not None) == (status == "paused")


def test_training_leaves_no_helper_thread_behind():
    import threading as _threading

    session = Session.create(small_corpus(), tiny_config(eval_every=3), run_name="t")
    session.trainer.overlap.threads = 2  # as on a two-core machine
    session.train(max_steps=6, sample_every_seconds=None)
    names = [t.name for t in _threading.enumerate()]
    assert not any(name.startswith("charrnn-side") for name in names), names


def _clock_following_the_steps(monkeypatch, session: Session, seconds_per_step: float) -> None:
    """Make the training loop's clock read `seconds_per_step` per trained step: time-based decisions
    become exact and no test has to wait for a real clock."""
    import tui_charrnn.engine.loop as loop_module

    real = loop_module.time
    fake = types.SimpleNamespace(
        **{name: getattr(real, name) for name in dir(real) if not name.startswith("_")}
    )
    fake.monotonic = lambda: session.trainer.step_count * seconds_per_step
    monkeypatch.setattr(loop_module, "time", fake)


def test_periodic_checkpoints_by_time_with_a_fake_clock(monkeypatch):
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="clock")
    _clock_following_the_steps(monkeypatch, session, seconds_per_step=10.0)
    saved = []
    session.train(
        max_steps=10,
        checkpoint_every_seconds=25.0,  # due after every third step of 10 "seconds"
        sample_every_seconds=None,
        on_event=lambda k, m: saved.append(m) if k == "saved" else None,
    )
    assert saved == [
        "checkpoint saved at step 3 (periodic)",
        "checkpoint saved at step 6 (periodic)",
        "checkpoint saved at step 9 (periodic)",
        "checkpoint saved at step 10 (end of training)",
    ]


def test_periodic_checkpoint_by_time_with_a_tiny_real_interval():
    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="tiny")
    events = []
    session.train(
        max_steps=3,
        checkpoint_every_seconds=1e-9,  # any step takes longer: a save after each one
        sample_every_seconds=None,
        on_event=lambda k, m: events.append((k, m)),
    )
    periodic = [m for k, m in events if k == "saved" and "(periodic)" in m]
    assert periodic and periodic[0] == "checkpoint saved at step 1 (periodic)"
    assert session.run.load("latest")[1]["step"] == 3


def test_slow_preview_samples_come_less_often(monkeypatch):
    """A preview that takes long (a big model) is spaced out to stay a tenth of the time."""
    import tui_charrnn.engine.loop as loop_module

    session = Session.create(small_corpus(), tiny_config(eval_every=0), run_name="previews")
    spent = {"sampling": 0.0}  # "seconds" the fake samples took
    real = loop_module.time
    fake = types.SimpleNamespace(
        **{name: getattr(real, name) for name in dir(real) if not name.startswith("_")}
    )
    fake.monotonic = lambda: session.trainer.step_count * 1.0 + spent["sampling"]
    monkeypatch.setattr(loop_module, "time", fake)
    sample = session.trainer.sample

    def slow_sample(length):
        spent["sampling"] += 2.0  # each preview takes 2 "seconds"
        return sample(length)

    session.trainer.sample = slow_sample
    sampled_at: list[int] = []
    session.train(
        max_steps=60,
        sample_every_seconds=3.0,
        sample_length=5,
        checkpoint_every_seconds=None,
        on_sample=lambda text: sampled_at.append(session.trainer.step_count),
    )
    # Every 2 / 0.1 = 20 "seconds" (18 steps of 1 s plus the sample's own 2), not every 3.
    assert sampled_at == [1, 19, 37, 55]


def test_the_step_weight_drop_begins_at_is_announced_once(tmp_path):
    config = tiny_config(model="gru", weight_drop=0.3, weight_drop_start=0.5, weight_drop_ramp=1)
    session = Session.create(load_corpus(corpus_file(tmp_path)), config, run_name="r")
    trainer = session.trainer
    chars_per_step = config.seq_len * config.batch_size
    per_pass = len(trainer.train_ids) / chars_per_step  # steps in one pass over the text
    # The first step whose rate, read from the passes made before it, is above zero.
    first = next(
        step
        for step in range(1, 10_000)
        if weight_drop_rate(config, (step - 1) * chars_per_step / len(trainer.train_ids)) > 0
    )
    assert first > 2
    events = []
    session.train(
        max_steps=first - 1,
        sample_every_seconds=None,
        on_event=lambda kind, text: events.append((kind, text)),
    )
    assert not [text for kind, text in events if kind == "note"]  # not yet
    session.train(
        max_steps=3, sample_every_seconds=None, on_event=lambda k, t: events.append((k, t))
    )
    notes = [text for kind, text in events if kind == "note"]
    assert notes == [
        f"weight drop begins at step {first:,} (pass {first / per_pass:.1f} over "
        "the text), rising to 0.3 by pass 1.5"
    ]
    assert trainer.model.weight_drop > 0.0
    # A resumed run already past the start says nothing more.
    resumed = Session.resume("r")
    later = []
    resumed.train(max_steps=3, sample_every_seconds=None, on_event=lambda k, t: later.append(k))
    assert "note" not in later
