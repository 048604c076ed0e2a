"""The budget field, the remaining budget, the live learning rate with its track under the loss
sparkline, and the advice line: Pilot tests on a tiny trainer, and the loss pane driven with
planted progress reports (no training, so every number is known)."""

from __future__ import annotations

import math

import pytest
from rich.console import Console
from test_app import FAST, SIZE, TEXT, TINY, open_corpus, wait_for
from textual.renderables.sparkline import Sparkline as SparklineRenderable
from textual.widgets import Button, Input, Select, Static

from tui_charrnn.app.app import CharRNNApp
from tui_charrnn.app.panes import HyperparamPane, LossPane
from tui_charrnn.app.state import RunState
from tui_charrnn.app.widgets.budget_field import parse_budget
from tui_charrnn.app.widgets.lr_track import sparkline_columns, track_cells
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine.advice import LR_TOO_LOW, MESSAGES
from tui_charrnn.engine.trainer import Progress

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "proverbs.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


async def set_budget(pilot, kind: str, amount: str | None = None) -> None:
    app = pilot.app
    app.query_one("#hp-budget-kind", Select).value = kind
    await pilot.pause()
    if amount is not None:
        field = app.query_one("#hp-budget-amount", Input)
        field.focus()
        field.value = amount
        await pilot.pause()


# ---------------------------------------------------------------------------- the budget field


async def test_budget_field_validates_and_becomes_the_runs_limits():
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(HyperparamPane)
        amount = app.query_one("#hp-budget-amount", Input)
        assert pane.train_limits() == {} and amount.disabled  # until stopped, by default

        await set_budget(pilot, "minutes")
        assert amount.value == "3" and not amount.disabled  # a suggestion to start from
        assert pane.train_limits() == {"max_steps": None, "time_budget": 180.0}

        for bad in ("abc", "0", "-2", "nan", "20000"):
            await set_budget(pilot, "minutes", bad)
            assert "budget must be minutes" in pane.errors["budget"]
            assert app.query_one("#start", Button).disabled and amount.has_class("-invalid")
            shown = str(app.query_one("#hp-errors", Static).content)
            assert shown.count("\n") == 0 and "budget" in shown  # one line in the pane
        await pilot.press("f5")
        assert app.main.run_state is RunState.IDLE  # F5 refuses too

        await set_budget(pilot, "steps", "2.5")
        assert "whole number of steps" in pane.errors["budget"]
        await set_budget(pilot, "steps", "250")
        assert "budget" not in pane.errors and pane.is_valid
        assert pane.train_limits() == {"max_steps": 250, "time_budget": None}
        assert not app.query_one("#start", Button).disabled

        await set_budget(pilot, "steps", "x")
        await set_budget(pilot, "until")  # an unusable amount does not matter until stopped
        assert pane.is_valid and pane.train_limits() == {} and amount.disabled


def test_parse_budget():
    assert parse_budget("until", "anything") is None
    assert parse_budget("minutes", " 1.5 ") == 1.5
    assert parse_budget("steps", "300") == 300
    for kind, text in (("minutes", "inf"), ("minutes", ""), ("steps", "0"), ("steps", "1e3")):
        with pytest.raises(ValueError):
            parse_budget(kind, text)


async def test_a_steps_budget_finishes_the_run_by_itself(corpus_file):
    app = CharRNNApp(config=TINY, train_options=FAST)  # FAST's safety limit is replaced
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        await set_budget(pilot, "steps", "300")
        shown: list[str] = []
        bar = app.main.status_bar
        show_budget = bar.show_budget

        def recording(progress) -> None:
            show_budget(progress)
            shown.append(bar.budget)

        bar.show_budget = recording
        app.main.pause_when_ready()
        await pilot.press("f5")
        await wait_for(lambda: bar.budget == "300 steps left", what="the budget, paused")
        assert app.main.run_state is RunState.PAUSED
        assert "· 300 steps left" in str(bar.render())
        assert app.query_one("#hp-budget-kind", Select).disabled  # fixed while the run lasts
        run_name = app.main.run_name
        await pilot.press("f5")  # resume: it runs to the end of its budget and stops
        await wait_for(lambda: app.main.run_state is RunState.IDLE, what="the end of the budget")
        assert "finished at step 300" in app.main.status_text
        assert bar.budget == ""  # nothing left to count once idle
    info = run_store.open_run(run_name).info
    assert info["status"] == "finished" and info["step"] == 300
    # (The report sent before training begins has no budget yet: "".)
    left = [int(text.split()[0].replace(",", "")) for text in shown if text]
    assert left[0] == 300 and left[-1] == 0 and len(set(left)) >= 3
    assert left == sorted(left, reverse=True)  # counts down, never up


async def test_a_live_lr_edit_during_training_is_marked_at_its_step(corpus_file):
    """End to end and deterministic: the engine pauses itself at step 20 (a wrapped step), the
    user types a new rate, and the run trains on to its 60-step limit. 60 steps keep every
    point on the sparkline, so the mark cannot scroll off the chart; and with no redraw
    throttle, the report that first carries the new rate is drawn, whatever the timing.

    (The old version let a tiny trainer run free: the sparkline keeps its latest 600 points
    and redraws at most once a second, so by the first redraw after the edit the trainer was
    often 600 steps further and the change lay off the chart, or scrolled off soon after.)
    """
    app = CharRNNApp(config=TINY, train_options={**FAST, "max_steps": 60})
    async with app.run_test(size=SIZE) as pilot:
        pane = app.main.loss_pane
        pane.SPARK_INTERVAL = 0.0  # every report redraws the curve and its track
        await open_corpus(pilot, corpus_file)
        app.main.pause_when_ready()
        await pilot.press("f5")
        await wait_for(lambda: "paused at step 0" in app.main.status_text, what="a paused run")
        session = app.main.session
        trainer, step = session.trainer, session.trainer.step

        def pause_at_step_20():  # runs in the training thread, as the loop's own step
            step()
            if trainer.step_count == 20:
                session.controls.pause()

        trainer.step = pause_at_step_20
        await pilot.press("f5")
        await wait_for(lambda: "paused at step 20" in app.main.status_text, what="the step 20")
        assert app.main.run_state is RunState.PAUSED  # the app follows the engine's pause
        raised = f"{session.controls.learning_rate * 2:g}"  # whatever the default rate is
        lr = app.query_one("#hp-learning_rate", Input)
        lr.focus()
        await pilot.press(*raised, "enter")
        await wait_for(lambda: session.controls.learning_rate == float(raised), what="the rate")
        await pilot.press("f5")
        await wait_for(lambda: app.main.run_state is RunState.IDLE, what="the 60-step limit")
        assert "finished at step 60" in app.main.status_text
        await pilot.pause()

        assert pane.history_length == 60
        cells, width = pane.lr_track.cells, pane.lr_track.size.width
        marks = [column for column, (_, kind) in enumerate(cells) if kind in ("raised", "lowered")]
        # Under the column that shows step 21 (point 20), the first that used the new rate.
        columns = sparkline_columns(60, width)
        expected = next(c for c, (start, end) in enumerate(columns) if start <= 20 < end)
        assert marks == [expected] and cells[expected][1] == "raised"


# ---------------------------------------------------------------------------- planted progress


def planted(losses: list[float], rates: list[float] | None = None, live: float = 0.003) -> Progress:
    """A progress report after len(losses) steps, with the given smoothed training curve."""
    steps = list(range(1, len(losses) + 1))
    rate = rates[-1] if rates else live
    return Progress(
        step=steps[-1],
        epoch=0.0,
        chars=0,
        train_loss=losses[-1],
        last_loss=losses[-1],
        val_loss=None,
        best_val_loss=None,
        chars_per_sec=0.0,
        elapsed=0.0,
        learning_rate=rate,
        clip=5.0,
        live_learning_rate=live,
        history_steps=steps,
        train_history=list(losses),
    )


def barely_moving(steps: int) -> list[float]:
    return [4.0 - 0.0001 * t for t in range(1, steps + 1)]


def healthy(steps: int) -> list[float]:
    return [1.2 + 3.0 / math.sqrt(1.0 + t / 50.0) for t in range(1, steps + 1)]


async def test_advice_line_appears_and_goes_without_flicker():
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(LossPane)
        pane.SPARK_INTERVAL = 0.0  # every report is "a second later"
        line = pane.query_one("#advice", Static)
        assert pane.advice is None and not line.display

        seen: list[str | None] = []
        for end in range(120, 600, 20):  # a curve that has barely moved since the start
            pane.update_progress(planted(barely_moving(end)))
            seen.append(pane.advice)
        assert seen[0] is None and seen[-1] == MESSAGES[LR_TOO_LOW]
        assert sum(a != b for a, b in zip(seen, seen[1:], strict=False)) == 1  # came once
        assert seen.index(MESSAGES[LR_TOO_LOW]) >= 4  # only after it held for a while
        await pilot.pause()
        assert line.display and line.region.height == 1
        assert str(line.content) == f"⚠ {MESSAGES[LR_TOO_LOW]}"  # one line, cut if too wide

        seen = []
        for end in range(600, 1200, 20):  # the curve now falls as it should
            pane.update_progress(planted(healthy(end)))
            seen.append(pane.advice)
        assert seen[0] == MESSAGES[LR_TOO_LOW] and seen[-1] is None
        assert sum(a != b for a, b in zip(seen, seen[1:], strict=False)) == 1  # went once
        await pilot.pause()
        assert not line.display

        pane.reset()  # a new run starts with no advice
        assert pane.advice is None


async def test_live_lr_is_shown_and_a_users_change_is_marked_under_the_sparkline():
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(LossPane)
        pane.SPARK_INTERVAL = 0.0
        losses = healthy(400)
        # A warm-up to 0.003 over 100 steps; at step 201 the user lowers the rate to 0.001.
        rates = [0.003 * min(t / 100, 1.0) for t in range(1, 401)]
        for end in range(10, 401, 10):
            live = 0.003 if end <= 200 else 0.001
            scheduled = [r if t < 200 else r / 3 for t, r in enumerate(rates[:end])]
            pane.update_progress(planted(losses[:end], scheduled, live=live))
        await pilot.pause()
        stats = str(pane.query_one("#loss-stats", Static).content)
        assert "lr      0.001 " in stats

        track = pane.lr_track
        width = track.size.width
        assert width == pane.query_one("#train-spark").size.width
        cells = track.cells
        assert len(cells) == width
        marks = [i for i, (_, kind) in enumerate(cells) if kind in ("raised", "lowered")]
        assert [cells[i][1] for i in marks] == ["lowered"]
        # Under the column that shows step 201 (the first point after the change).
        expected = next(c for c, (a, b) in enumerate(sparkline_columns(400, width)) if a <= 200 < b)
        assert marks == [expected]
        ramp = [char for char, kind in cells if kind == "ramp"]
        assert ramp[0] == "▁" and "█" in ramp  # the warm-up rises from the floor
        # The same data again: the row does not repaint.
        assert not track.show(list(range(1, 401)), pane._rates, pane._changes)


# ---------------------------------------------------------------------------- the lr track


@pytest.mark.parametrize("points", [1, 5, 37, 80, 81, 600])
def test_columns_match_textuals_sparkline(points):
    """A single high point lights exactly the columns sparkline_columns gives it."""
    width = 80
    console = Console(width=width, color_system=None, file=None)
    for spike in {0, points // 3, points - 1}:
        data = [0.0] * points
        data[spike] = 1.0
        renderable = SparklineRenderable(data, width=width, height=1, summary_function=max)
        with console.capture() as captured:
            console.print(renderable, end="")
        row = captured.get()
        lit = [column for column, char in enumerate(row) if char == "█"]
        columns = sparkline_columns(points, width)
        assert lit == [c for c, (a, b) in enumerate(columns) if a <= spike < b]


def test_track_cells_blank_before_the_first_rate_and_flat_without_a_schedule():
    steps = list(range(1, 101))
    cells = track_cells(steps, [(50, 0.003), (100, 0.003)], [], 10)
    assert [kind for _, kind in cells[:4]] == ["", "", "", ""]  # before anything was seen
    assert {char for char, kind in cells[5:]} == {"▁"}  # a constant rate is a flat floor
    raised = track_cells(steps, [(1, 0.001), (100, 0.002)], [(61, 1)], 10)
    assert raised[6] == ("▲", "raised")
    # A change older than the first point shown is off the chart, not on its first column.
    later = list(range(500, 600))
    assert all(kind == "ramp" for _, kind in track_cells(later, [(1, 0.001)], [(61, 1)], 10))
