"""The learning-rate schedule over a budget: its shape, the trainer using it, resume, config."""

from __future__ import annotations

import numpy as np
import pytest
from engine_helpers import small_corpus, tiny_config

from tui_charrnn import cli
from tui_charrnn.engine.config import ConfigError, TrainConfig
from tui_charrnn.engine.errors import CheckpointError
from tui_charrnn.engine.runs import open_run
from tui_charrnn.engine.schedule import (
    Budget,
    plan_budget,
    schedule_factor,
    scheduled_learning_rate,
    weight_drop_rate,
)
from tui_charrnn.engine.session import Session
from tui_charrnn.engine.trainer import Trainer

GRID = np.linspace(0.0, 1.0, 1001)


# ------------------------------------------------------------------------------- shape
@pytest.mark.parametrize("shape", ["cosine", "linear"])
def test_warm_up_rises_then_decay_falls_monotonically_to_the_floor(shape):
    warmup, floor = 0.05, 0.1
    factors = np.array([schedule_factor(shape, p, warmup, floor) for p in GRID])
    rising, falling = factors[GRID <= warmup], factors[GRID >= warmup]
    assert rising[0] == pytest.approx(floor)
    assert np.all(np.diff(rising) > 0)
    assert falling[0] == pytest.approx(1.0)
    assert np.all(np.diff(falling) < 0)
    assert factors[-1] == pytest.approx(floor)
    assert factors.max() == pytest.approx(1.0) and factors.min() == pytest.approx(floor)


def test_cosine_and_linear_differ_in_the_middle():
    assert schedule_factor("cosine", 0.5, 0.0, 0.0) == pytest.approx(0.5)
    assert schedule_factor("cosine", 0.25, 0.0, 0.0) == pytest.approx(0.5 + 0.5 / 2**0.5)
    assert schedule_factor("linear", 0.25, 0.0, 0.0) == pytest.approx(0.75)


def test_constant_schedule_and_no_budget_keep_the_rate():
    config = TrainConfig(learning_rate=0.01)
    assert {schedule_factor("constant", p, 0.05, 0.1) for p in GRID} == {1.0}
    assert {scheduled_learning_rate(0.01, config, None, s) for s in range(0, 5000, 7)} == {0.01}


def test_step_decay_still_applies_and_combines_with_the_schedule():
    config = TrainConfig(lr_decay=0.5, lr_decay_every=10, schedule="linear", warmup=0.0)
    assert scheduled_learning_rate(1.0, config, None, 25) == pytest.approx(0.25)
    budget = Budget("steps", 100.0, start_step=0)
    expected = 0.25 * config.peak_factor * schedule_factor("linear", 0.25, 0.0, config.lr_floor)
    assert scheduled_learning_rate(1.0, config, budget, 25) == pytest.approx(expected)


def test_the_live_rate_scales_the_whole_schedule():
    config = TrainConfig()
    budget = Budget("steps", 200.0, start_step=0)
    for step in (0, 3, 50, 150, 199):
        base = scheduled_learning_rate(1e-3, config, budget, step)
        assert scheduled_learning_rate(4e-3, config, budget, step) == pytest.approx(4 * base)


def test_without_a_budget_the_base_rate_holds_and_a_budget_peaks_above_it():
    config = TrainConfig()
    assert config.learning_rate == 3e-3 and config.peak_factor > 1.0
    held = {
        scheduled_learning_rate(config.learning_rate, config, None, s) for s in range(0, 9000, 9)
    }
    assert held == {config.learning_rate}
    budget = Budget("steps", 1000.0, start_step=0)
    rates = [scheduled_learning_rate(config.learning_rate, config, budget, s) for s in range(1000)]
    assert max(rates) == pytest.approx(config.learning_rate * config.peak_factor, rel=1e-3)
    # The constant shape with a budget is what training without one does: no peak factor.
    flat = config.replace(schedule="constant")
    assert scheduled_learning_rate(flat.learning_rate, flat, budget, 500) == flat.learning_rate


def test_a_config_stored_before_peak_factor_keeps_its_rate_as_the_peak():
    stored = {**TrainConfig().to_dict(), "learning_rate": 0.01}
    del stored["peak_factor"], stored["weight_decay"], stored["weight_drop"]
    old = TrainConfig.from_dict(stored)
    assert old.learning_rate == 0.01 and old.peak_factor == 1.0
    assert TrainConfig.from_dict({**stored, "peak_factor": 2.0}).peak_factor == 2.0
    assert TrainConfig.from_dict({}).peak_factor == TrainConfig().peak_factor
    assert old.weight_decay == 0.0 and TrainConfig().weight_decay > 0.0  # no decay back then
    assert old.weight_drop == 0.0  # nor weight drop
    with pytest.raises(ConfigError, match="peak factor"):
        TrainConfig(peak_factor=0.0).replace()


# ------------------------------------------------------------------------------- budget
def test_budget_progress_by_steps_and_by_time():
    steps = Budget("steps", 100.0, start_step=40)
    assert steps.progress(40) == 0.0 and steps.progress(90) == 0.5 and steps.progress(500) == 1.0
    assert steps.remaining(90) == (50, None) and not steps.finished(139) and steps.finished(140)
    clock = Budget("time", 60.0, start_step=0, seconds=15.0)
    assert clock.progress(10**6) == 0.25 and clock.remaining(0) == (None, 45.0)


def test_plan_a_new_limit_starts_a_segment_and_no_limit_continues_it():
    budget, steps, seconds = plan_budget(None, 30, 100, None)
    assert budget == Budget("steps", 100.0, 30) and (steps, seconds) == (100, None)
    assert plan_budget(budget, 70, None, None) == (budget, 60, None)  # the remaining 60
    assert plan_budget(budget, 130, None, None) == (None, None, None)  # finished: no schedule
    timed, steps, seconds = plan_budget(budget, 70, None, 60.0)  # a new budget: a new segment
    assert timed == Budget("time", 60.0, 70) and (steps, seconds) == (None, 60.0)
    timed.seconds = 20.0
    assert plan_budget(timed, 99, None, None) == (timed, None, 40.0)
    assert plan_budget(None, 0, None, None) == (None, None, None)


def test_a_stored_budget_round_trips_and_bad_fields_are_refused():
    trainer = Trainer(small_corpus(), tiny_config(eval_every=0))
    for _ in range(12):
        trainer.step()
    trainer.budget = Budget("time", 90.0, 12, 30.5)
    arrays, meta = trainer.state()
    assert Trainer.from_state(small_corpus(), arrays, meta).budget == trainer.budget
    meta["budget"] = None
    assert Trainer.from_state(small_corpus(), arrays, meta).budget is None
    for bad in (
        [],
        {"kind": "epochs", "amount": 5, "start_step": 0},
        {"kind": "steps", "amount": 0, "start_step": 0},
        {"kind": "steps", "amount": 2.5, "start_step": 0},
        {"kind": "time", "amount": float("nan"), "start_step": 0},
        {"kind": "time", "amount": 5, "start_step": -1},
        {"kind": "time", "amount": 5, "start_step": 13},  # after the checkpoint's step
        {"kind": "time", "amount": 5, "start_step": 0, "seconds": -3},
        {"kind": "time", "amount": 5, "start_step": True},
        {"kind": "steps"},
    ):
        meta["budget"] = bad
        with pytest.raises(CheckpointError, match="budget") as error:
            Trainer.from_state(small_corpus(), arrays, meta)
        assert "\n" not in str(error.value)


# ------------------------------------------------------------------------------- trainer
def stop_at(session: Session, step: int) -> dict:
    """`Session.train` options that stop the call once the trainer reaches `step`."""

    def check(progress) -> None:
        if progress.step >= step:
            session.controls.stop()

    return {"on_progress": check, "report_every": 0.0}


def test_the_trainer_steps_with_the_scheduled_rate(tmp_path):
    config = tiny_config(eval_every=0, schedule="cosine", warmup=0.2, lr_floor=0.05)
    session = Session.create(small_corpus(), config, run_name="lr")
    used, shown = [], []
    update = session.trainer.optimizer.update
    session.trainer.optimizer.update = lambda p, g, lr: (used.append(lr), update(p, g, lr))
    session.train(
        max_steps=20,
        sample_every_seconds=None,
        report_every=0.0,
        on_progress=lambda p: shown.append((p.step, p.learning_rate)),
    )
    peak = config.learning_rate * config.peak_factor
    expected = [peak * schedule_factor("cosine", k / 20, 0.2, 0.05) for k in range(20)]
    np.testing.assert_allclose(used, expected, rtol=1e-12)
    assert used[0] == pytest.approx(0.05 * peak) and max(used) == pytest.approx(peak)
    # Progress carries the rate the next step will use (the schedule's end: the floor).
    assert shown[-1] == (20, pytest.approx(0.05 * peak))


def test_a_live_rate_change_rescales_the_rest_of_the_schedule():
    trainer = Trainer(small_corpus(), tiny_config(eval_every=0, warmup=0.0))
    trainer.budget = Budget("steps", 10.0, 0)
    for _ in range(5):
        trainer.step()
    before = trainer.learning_rate
    trainer.controls.learning_rate *= 0.5
    assert trainer.learning_rate == pytest.approx(before * 0.5)


def test_a_time_budget_is_a_clock_of_active_seconds_that_resume_continues():
    config = tiny_config(eval_every=0)
    session = Session.create(small_corpus(), config, run_name="t")
    session.train(time_budget=30.0, sample_every_seconds=None, **stop_at(session, 5))
    stored = session.trainer.budget
    assert stored.kind == "time" and stored.amount == 30.0 and 0 < stored.seconds < 30
    resumed = Session.resume("t", corpus=small_corpus())
    assert resumed.trainer.budget == stored
    trainer = resumed.trainer
    # No limit: the rest of the stored 30 s, on the same clock (stopped early here).
    resumed.train(sample_every_seconds=None, **stop_at(resumed, 8))
    assert trainer.budget.seconds > stored.seconds
    assert open_run("t").load("latest")[1]["budget"]["seconds"] == trainer.budget.seconds


def test_a_checkpoint_with_a_damaged_budget_is_refused():
    trainer = Trainer(small_corpus(), tiny_config(eval_every=0))
    trainer.budget = Budget("steps", 10.0, 0)
    arrays, meta = trainer.state()
    meta["budget"]["kind"] = "forever"
    with pytest.raises(CheckpointError, match="budget.kind"):
        Trainer.from_state(small_corpus(), arrays, meta)


@pytest.mark.parametrize("model", ["gru", "rnn"])
def test_exact_resume_within_a_step_budget(model):
    """A 16-step budget stopped at 6 and resumed == 16 straight, bit for bit."""
    config = tiny_config(model=model, eval_every=4, warmup=0.25)
    straight = Session.create(small_corpus(), config, run_name=f"a-{model}")
    straight.train(max_steps=16, sample_every_seconds=None)
    split = Session.create(small_corpus(), config, run_name=f"b-{model}")
    split.train(max_steps=16, sample_every_seconds=None, **stop_at(split, 6))
    resumed = Session.resume(f"b-{model}", corpus=small_corpus())
    assert resumed.train(sample_every_seconds=None) == "steps"
    assert resumed.trainer.step_count == 16
    for name, value in straight.trainer.model.params.items():
        np.testing.assert_array_equal(resumed.trainer.model.params[name], value)
    assert open_run(f"b-{model}").info["status"] == "finished"


# ------------------------------------------------------------------------------- config
@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"schedule": "exponential"}, "learning-rate schedule"),
        ({"warmup": 0.9}, "warm-up fraction"),
        ({"warmup": "soon"}, "warm-up fraction"),
        ({"lr_floor": -0.1}, "final learning-rate fraction"),
        ({"lr_floor": 2}, "final learning-rate fraction"),
    ],
)
def test_absurd_schedule_settings_are_one_line_config_errors(changes, label):
    with pytest.raises(ConfigError, match=label) as error:
        TrainConfig().replace(**changes)
    assert "\n" not in str(error.value)


def test_schedule_settings_are_accepted_and_case_folded():
    config = TrainConfig().replace(schedule="LINEAR", warmup="0", lr_floor="0.05")
    assert (config.schedule, config.warmup, config.lr_floor) == ("linear", 0.0, 0.05)


def test_cli_schedule_flags(capsys, tmp_path):
    corpus = tmp_path / "c.txt"
    corpus.write_text("the cat sat on the mat\n" * 40, encoding="utf-8")
    tiny = ["--model", "rnn", "--hidden", "8", "--seq-len", "8", "--batch-size", "2"]
    code = cli.main(["train", str(corpus), *tiny, "--steps", "3", "--warmup", "0.7"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "warm-up fraction" in err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["train", str(corpus), *tiny, "--steps", "3", "--schedule", "nope"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and "--schedule" in err


# ------------------------------------------------------------------------------- weight drop
def test_weight_drop_waits_for_its_start_then_rises_over_the_ramp():
    config = TrainConfig(weight_drop=0.3, weight_drop_start=6.0, weight_drop_ramp=4.0)
    assert [weight_drop_rate(config, e) for e in (0.0, 5.99, 6.0)] == [0.0, 0.0, 0.0]
    assert weight_drop_rate(config, 7.0) == pytest.approx(0.075)
    assert weight_drop_rate(config, 8.0) == pytest.approx(0.15)
    assert weight_drop_rate(config, 10.0) == weight_drop_rate(config, 50.0) == 0.3
    at_once = config.replace(weight_drop_ramp=0.0)
    assert weight_drop_rate(at_once, 5.9) == 0.0 and weight_drop_rate(at_once, 6.0) == 0.3
    assert weight_drop_rate(config.replace(weight_drop=0.0), 50.0) == 0.0


def test_weight_drop_before_its_start_changes_nothing():
    """Until the start the trainer draws no masks: every loss is bit for bit that of a run
    without weight drop (so short runs keep their measured figures); after it they part."""
    corpus = small_corpus(n_lines=12)
    runs = []
    for rate in (0.0, 0.4):
        config = tiny_config(model="gru", weight_drop=rate, weight_drop_start=1.0)
        trainer = Trainer(corpus, config, threads=1)
        losses = []
        while trainer.epoch < 1.5:
            losses.append((trainer.epoch, trainer.step()))
        runs.append(losses)
    plain, dropped = runs
    before = [loss for epoch, loss in plain if epoch <= 1.0]
    assert len(before) > 5 and before == [loss for epoch, loss in dropped if epoch <= 1.0]
    assert plain[-1] != dropped[-1]
