"""Pilot tests of the Textual app, driving it with the same keys a user (or a check) would.

Training in the same process keeps the CPU busy, and ``pilot.press`` waits for the CPU
to go idle (up to ~2 s a key), so the models here are tiny and most keys are pressed
while training is paused or before it starts.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, Sparkline, Static

from tui_charrnn import paths
from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.app import CharRNNApp
from tui_charrnn.app.panes import CorpusPane, HyperparamPane
from tui_charrnn.app.panes import hyperparams as hyperparams_pane
from tui_charrnn.app.panes.sample import SampleText
from tui_charrnn.app.screens.confirm import ConfirmScreen
from tui_charrnn.app.screens.help import HelpScreen
from tui_charrnn.app.screens.picker import FilePickerScreen
from tui_charrnn.app.screens.resume import ResumeOfferScreen
from tui_charrnn.app.screens.runs import RunBrowserScreen
from tui_charrnn.app.state import RunState
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.errors import CharRNNError, CheckpointError
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.session import Session

# Textual pilot tests take seconds each: outside the quick `-m "not slow"` loop.
pytestmark = pytest.mark.slow

SIZE = (120, 40)

# Small enough that a step takes well under a millisecond.
TINY = TrainConfig(
    model="rnn",
    hidden_size=8,
    num_layers=1,
    seq_len=8,
    batch_size=2,
    eval_every=100,
    eval_max_chars=2_000,
)
# Frequent samples so the sample pane fills quickly; no periodic checkpoint noise.
# A step limit far beyond what any test needs, so a failing test cannot train forever.
FAST = {
    "sample_every_seconds": 0.5,
    "checkpoint_every_seconds": None,
    "sample_length": 60,
    "max_steps": 1_000_000,
}

TEXT = (
    "the quick brown fox jumps over the lazy dog. "
    "a stitch in time saves nine. all that glitters is not gold.\n"
) * 60


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    path = tmp_path / "proverbs.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


async def wait_for(condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Poll ``condition`` on the event loop (never blocking it) until true or time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)


async def open_corpus(pilot, path: Path) -> None:
    """Type a path into the corpus pane and press Enter, as a user would."""
    app = pilot.app
    field = app.query_one("#corpus-path", Input)
    field.focus()
    field.value = str(path)
    await pilot.press("enter")
    await wait_for(
        lambda: app.main.corpus is not None and app.main.corpus.path == str(path.resolve()),
        what="the corpus to load",
    )


async def start_paused_run(pilot, app: CharRNNApp, path: Path) -> None:
    """Open a corpus and start a run that pauses before its first step (keys stay fast)."""
    await open_corpus(pilot, path)
    app.main.pause_when_ready()
    await pilot.press("f5")
    await wait_for(lambda: app.main.run_state == RunState.PAUSED, what="a paused run")


def step_of(app: CharRNNApp) -> int:
    progress = app.main.loss_pane.progress
    return -1 if progress is None else progress.step


# ---------------------------------------------------------------------------- the whole story


async def test_train_pause_sample_quit_then_resume(corpus_file: Path, isolated_data_dir: Path):
    app = CharRNNApp(config=TINY, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        pane = app.query_one(CorpusPane)
        assert "vocab" in str(pane.query_one("#corpus-stats", Static).content)

        # An invalid value: the reason appears and Start is disabled; F5 refuses.
        hidden = app.query_one("#hp-hidden_size", Input)
        hidden.focus()
        await pilot.press("0")  # select_on_focus: typing replaces the old value
        hyper = app.query_one(HyperparamPane)
        assert "hidden size must be between 1 and 4096, not 0" in hyper.errors["hidden_size"]
        assert app.query_one("#start", Button).disabled
        await pilot.press("f5")
        assert app.main.run_state == RunState.IDLE
        # A valid value again (the focus is still in the Input: F5 must still work).
        await pilot.press("backspace", "1", "2")
        assert hyper.is_valid and not app.query_one("#start", Button).disabled
        assert hyper.config().hidden_size == 12

        await pilot.press("f5")
        await wait_for(
            lambda: app.main.run_state == RunState.TRAINING and step_of(app) > 0, what="training"
        )
        assert app.main.session is not None and app.main.session.trainer.config.hidden_size == 12
        assert hidden.disabled  # structural values are locked while a run is active
        assert not app.query_one("#hp-learning_rate", Input).disabled  # live ones are not
        first = step_of(app)
        await wait_for(lambda: step_of(app) > first + 50, what="more steps")
        spark = app.query_one("#train-spark", Sparkline)
        await wait_for(lambda: len(spark.data or []) >= 2, what="the sparkline")
        loss_text = str(app.query_one("#loss-stats", Static).content)
        assert "–" not in loss_text.split("\n")[0]

        # Pause: once the engine confirms, not a single step more.
        await pilot.press("f5")
        await wait_for(lambda: app.main.run_state == RunState.PAUSED, what="pause")
        await wait_for(lambda: "paused at step" in app.main.status_text, what="the paused event")
        paused_at = app.main.session.trainer.step_count
        await asyncio.sleep(0.4)
        assert app.main.session.trainer.step_count == paused_at
        assert step_of(app) == paused_at

        # Temperature changes live; F6 samples while paused.
        temperature = app.query_one("#temperature", Input)
        temperature.focus()
        await pilot.press("1", ".", "5")
        assert app.main.session.controls.temperature == 1.5
        sample = app.main.sample_pane
        before = sample.text
        await pilot.press("f6")
        await wait_for(lambda: sample.text and sample.text != before, what="a sample")
        assert "temp 1.5" in str(sample.border_subtitle)

        # Resume and keep going.
        await pilot.press("f5")
        await wait_for(lambda: step_of(app) > paused_at + 20, what="steps after resuming")
        run_name = app.main.run_name

        # Quit while training: the final checkpoint is written, then the app exits.
        trainer = app.main.session.trainer
        started = time.monotonic()
        await pilot.press("ctrl+q")
        await wait_for(lambda: not app.is_running, what="the app to exit")
        quit_seconds = time.monotonic() - started
    assert quit_seconds < 5.0  # one second plus the final save, with slack for a busy CI box
    saved = run_store.open_run(run_name)
    assert saved.has_checkpoint()
    saved_step = saved.info["step"]
    assert saved_step > paused_at
    # The step the trainer stopped at when quitting, not an earlier best-validation save.
    assert saved_step == trainer.step_count
    assert saved.load("latest")[1]["step"] == trainer.step_count

    # Start again: the app offers to resume the run, with its step count and loss history.
    app = CharRNNApp(config=TINY, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: isinstance(app.screen, ResumeOfferScreen), what="the offer")
        assert app.screen.summary.name == run_name
        app.main.pause_when_ready()  # before its first step: keeps the count exact, keys fast
        await pilot.press("enter")  # the focused button is "Resume"
        await wait_for(lambda: app.main.run_state == RunState.PAUSED, what="the resumed run")
        assert app.main.run_name == run_name
        loss = app.main.loss_pane
        assert loss.progress is not None and loss.progress.step == saved_step
        assert loss.history_length > 0
        assert app.query_one("#hp-hidden_size", Input).value == "12"
        # F9 stops the run, saving it.
        await pilot.press("f9")
        await wait_for(lambda: app.main.run_state == RunState.IDLE, what="the stop")
        assert "stopped at step" in app.main.status_text
        assert not app.query_one("#hp-hidden_size", Input).disabled


# ---------------------------------------------------------------------------- corpus errors


async def test_bad_corpus_shows_one_line_and_keeps_the_previous(corpus_file: Path, tmp_path):
    app = CharRNNApp(config=TINY)
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        previous = app.main.corpus
        binary = tmp_path / "blob.bin"
        binary.write_bytes(bytes(range(256)) * 40)
        pane = app.query_one(CorpusPane)
        for bad, reason in ((tmp_path / "missing.txt", "no such file"), (binary, "binary")):
            app.query_one("#corpus-path", Input).value = str(bad)
            await pilot.press("enter")
            await wait_for(lambda r=reason: r in pane.error_text, what=f"the {reason} error")
            assert app.main.corpus is previous
            assert "\n" not in pane.error_text and pane.error_text.startswith("✗")
        # F5 still trains on the previous choice.
        assert app.main.run_state == RunState.IDLE


async def test_live_learning_rate_and_clip_reach_the_engine(corpus_file: Path, monkeypatch):
    app = CharRNNApp(config=TINY, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await start_paused_run(pilot, app, corpus_file)
        lr = app.query_one("#hp-learning_rate", Input)
        lr.focus()
        await pilot.press("0", ".", "0", "1")
        controls = app.main.session.controls
        await wait_for(lambda: controls.learning_rate == pytest.approx(0.01), what="the new lr")
        clip = app.query_one("#hp-clip", Input)
        clip.focus()
        await pilot.press("x")
        assert "clip" in app.query_one(HyperparamPane).errors["clip"]
        assert app.main.session.controls.clip == TINY.clip  # an invalid value never reaches it
        # Values go live when typing pauses (or on Enter), never as half-typed prefixes:
        # "0.5" passes through "0", which would switch clipping off.
        clips_set: list[float] = []

        class RecordingControls(type(controls)):
            clip = property(
                lambda self: self.__dict__["clip"],
                lambda self, value: (clips_set.append(value), self.__dict__.update(clip=value)),
            )

        controls.__class__ = RecordingControls
        # A loaded machine may pause between two simulated keys for longer than the typing
        # pause (that made this test flaky): here only Enter may send the value.
        monkeypatch.setattr(hyperparams_pane, "LIVE_DELAY", 3600.0)
        await pilot.press("backspace", "0", ".", "5", "enter")
        assert controls.clip == 0.5
        assert clips_set == [0.5]


async def test_divergence_pauses_and_tells_the_user(corpus_file: Path):
    # A learning rate of 10 without clipping blows the loss up after about 100 steps.
    wild = TINY.replace(learning_rate=10.0, clip=0.0, optimizer="sgd")
    app = CharRNNApp(config=wild, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        await pilot.press("f5")
        await wait_for(lambda: "diverged" in app.main.status_text, what="the divergence")
        assert app.main.run_state == RunState.PAUSED and app.main.session.controls.paused
        assert "learning rate" in app.main.status_text
        # Textual has no public list of the notifications shown; its own is read here.
        assert any("diverged" in str(n.message) for n in app._notifications)
        # The last good state was restored: every weight is finite.
        import numpy as np

        params = app.main.session.trainer.model.params.values()
        assert all(np.isfinite(p).all() for p in params)


# ---------------------------------------------------------------------------- screens


async def test_help_and_palette_open_from_an_input(corpus_file: Path):
    app = CharRNNApp(config=TINY)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#prime", Input).focus()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+p")
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("escape")


async def test_run_browser_samples_and_deletes(corpus_file: Path):
    # Two stored runs made headlessly, as the CLI would.
    corpus = load_corpus(corpus_file)
    for name in ("first-run", "second-run"):
        session = Session.create(corpus, TINY, run_name=name)
        session.train(max_steps=20, sample_every_seconds=None, checkpoint_every_seconds=None)

    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        assert isinstance(app.screen, RunBrowserScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        names = [s.name for s in app.screen.summaries]
        # Sample from the highlighted run (without loading its corpus).
        await pilot.press("s")
        sample = app.main.sample_pane
        await wait_for(lambda: bool(sample.text), what="a sample from the stored run")
        assert names[0] in str(sample.border_subtitle)

        # Delete asks first; "n" keeps the run, "y" deletes it.
        await pilot.press("f3", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert len(run_store.list_runs()) == 2
        await pilot.press("d", "y")
        await wait_for(lambda: len(run_store.list_runs()) == 1, what="the deletion")
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("escape")
        assert not isinstance(app.screen, RunBrowserScreen)


async def test_resume_from_the_run_browser(corpus_file: Path):
    corpus = load_corpus(corpus_file)
    session = Session.create(corpus, TINY, run_name="kept-run")
    session.train(max_steps=30, sample_every_seconds=None, checkpoint_every_seconds=None)
    session.mark("stopped")  # not "unfinished": no resume offer at start

    app = CharRNNApp(config=TrainConfig(), train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        assert not isinstance(app.screen, ResumeOfferScreen)
        app.main.pause_when_ready()
        await pilot.press("f3", "enter")
        await wait_for(lambda: app.main.run_state == RunState.PAUSED, what="the resumed run")
        assert app.main.run_name == "kept-run"
        assert step_of(app) == 30
        assert app.query_one(HyperparamPane).config().hidden_size == TINY.hidden_size
        await pilot.press("ctrl+q")
        await wait_for(lambda: not app.is_running, what="exit")


async def test_resume_offer_can_be_dismissed(corpus_file: Path):
    corpus = load_corpus(corpus_file)
    session = Session.create(corpus, TINY, run_name="left-open")
    session.train(max_steps=5, sample_every_seconds=None, checkpoint_every_seconds=None)
    session.mark("paused")

    app = CharRNNApp(config=TINY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(lambda: isinstance(app.screen, ResumeOfferScreen), what="the offer")
        await pilot.press("escape")
        assert not isinstance(app.screen, ResumeOfferScreen)
        assert app.main.run_state == RunState.IDLE


async def test_corrupt_run_is_reported_not_fatal(corpus_file: Path, isolated_data_dir: Path):
    broken = isolated_data_dir / "runs" / "broken-run"
    broken.mkdir(parents=True)
    (broken / "run.json").write_text("{ not json", encoding="utf-8")
    app = CharRNNApp(config=TINY)
    async with app.run_test(size=SIZE) as pilot:
        app.main.resume_run("broken-run")
        await wait_for(
            lambda: app.main.run_state == RunState.IDLE and app.main.status_text, what="the failure"
        )
        assert "broken-run" in app.main.status_text
        # Still alive and usable.
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_file_picker_loads_a_file(corpus_file: Path):
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the first corpus load moves the pane's rows
        await pilot.pause()
        await pilot.click("#corpus-browse")
        assert isinstance(app.screen, FilePickerScreen)
        field = app.screen.query_one("#picker-path", Input)
        field.value = str(corpus_file)
        field.focus()
        await pilot.press("enter")
        assert not isinstance(app.screen, FilePickerScreen)
        await wait_for(
            lambda: (
                app.main.corpus is not None and app.main.corpus.path == str(corpus_file.resolve())
            ),
            what="the picked corpus",
        )
        # A file opened by the user becomes a recent file, listed (and marked) in the pane.
        assert str(corpus_file.resolve()) in paths.load_recent()


def test_formatting_helpers():
    assert fmt.count(1234567) == "1,234,567"
    assert fmt.size(1536) == "1.5 KB"
    assert fmt.duration(3725) == "1:02:05" and fmt.duration(65) == "1:05"
    assert fmt.bpc(math.log(2)) == "1.000"
    assert fmt.loss(float("nan")) == "–"
    assert fmt.rate(123_456) == "123k"
    assert fmt.number(0.002) == "0.002" and fmt.number(256) == "256"
    assert fmt.one_line("a\n b   c", 4) == "a b…"


async def test_failed_save_is_shown_and_quit_waits_for_the_user(corpus_file: Path):
    app = CharRNNApp(config=TINY, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await start_paused_run(pilot, app, corpus_file)

        def full_disk(*args, **kwargs) -> None:
            raise CheckpointError("could not write latest.npz: No space left on device")

        app.main.session.save_checkpoint = full_disk
        await pilot.press("f2")
        await wait_for(lambda: "No space left" in app.main.status_text, what="the save error")
        # Quitting tries the final save, fails, and stays open saying so.
        await pilot.press("ctrl+q")
        await wait_for(lambda: app.main.run_state == RunState.IDLE, what="the stop")
        assert app.is_running and "NOT saved" in app.main.status_text
        await pilot.press("ctrl+q")  # a second Ctrl+Q quits anyway
        await wait_for(lambda: not app.is_running, what="exit")


async def test_run_app_resume_argument_continues_a_run(corpus_file: Path):
    corpus = load_corpus(corpus_file)
    session = Session.create(corpus, TINY, run_name="from-cli")
    session.train(max_steps=25, sample_every_seconds=None, checkpoint_every_seconds=None)

    app = CharRNNApp(resume="from-cli", train_options=FAST)  # what `run_app(resume=...)` does
    async with app.run_test(size=SIZE):
        await wait_for(lambda: app.main.run_name == "from-cli", what="the resumed run")
        assert not isinstance(app.screen, ResumeOfferScreen)
        await wait_for(lambda: step_of(app) > 25, what="training to continue")
        trainer = app.main.session.trainer
    # Leaving the app (here: the test harness) stops the thread and saves the run.
    saved = run_store.open_run("from-cli")
    assert saved.info["step"] > 25
    # The step the trainer stopped at on leaving, not an earlier best-validation save.
    assert saved.info["step"] == trainer.step_count
    assert saved.load("latest")[1]["step"] == trainer.step_count


async def test_sample_text_scrolls_without_moving_the_layout():
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        text = "\n".join(f"line {n} of a long sample" for n in range(40))
        await pilot.pause()
        app.main.sample_pane.show_sample(text, "test")
        await pilot.pause()
        view = app.main.sample_pane.query_one(SampleText)
        before = view.region
        view.focus()
        await pilot.press("down", "down", "pagedown")
        assert view.top == 12
        assert view.region == before  # same size: new samples never trigger a layout pass
        await pilot.press("home")
        assert view.top == 0


async def test_encoding_field_reloads_the_chosen_file(tmp_path: Path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("café crème, déjà vu. " * 200).encode("latin-1"))
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        pane = app.query_one(CorpusPane)
        app.query_one("#corpus-path", Input).value = str(latin)
        app.query_one("#corpus-path", Input).focus()
        await pilot.press("enter")
        await wait_for(lambda: "latin-1" in pane.error_text, what="the decoding error")
        assert "another encoding in the corpus pane" in pane.error_text
        assert "--" not in pane.error_text  # no command-line flags in the app
        encoding = app.query_one("#corpus-encoding", Input)
        encoding.focus()
        await pilot.press(*"latin-1", "enter")  # select_on_focus: replaces "utf-8"
        await wait_for(
            lambda: app.main.corpus is not None and app.main.corpus.path == str(latin.resolve()),
            what="the file decoded as latin-1",
        )
        assert "é" in app.main.corpus.vocab.chars and pane.error_text == ""


# ---------------------------------------------------------------------------- the controller


async def test_settings_made_before_the_model_is_ready_reach_the_run(corpus_file: Path):
    app = CharRNNApp(config=TINY, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        main = app.main
        main.start()  # F5: the worker builds the model
        assert main.run_state == RunState.STARTING
        # While it builds: a pause, a learning rate and a temperature, each set once.
        main.pause_when_ready()
        main.controller.set_live("learning_rate", 0.0123)
        main.controller.set_sampling(1.25, "the")
        await wait_for(lambda: main.run_state == RunState.PAUSED, what="the paused run")
        controls = main.session.controls
        assert controls is main.controller.controls
        assert controls.learning_rate == 0.0123 and controls.clip == TINY.clip
        assert (controls.temperature, controls.prime) == (1.25, "the")
        assert main.session.trainer.step_count == 0


async def test_weight_drop_field_reaches_the_run(corpus_file: Path):
    app = CharRNNApp(config=TINY, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        hyper = app.query_one(HyperparamPane)
        field = app.query_one("#hp-weight_drop", Input)
        assert field.value == fmt.number(TINY.weight_drop)
        assert "recurrent weights" in str(field.tooltip)
        field.focus()
        await pilot.press("2")  # select_on_focus: typing replaces the old value
        assert "weight drop must be between 0 and 0.9, not 2" in hyper.errors["weight_drop"]
        assert app.query_one("#start", Button).disabled
        field.value = "0.3"
        await pilot.pause()
        assert hyper.is_valid and hyper.config().weight_drop == 0.3
        main = app.main
        main.start()
        main.pause_when_ready()
        await wait_for(lambda: main.run_state == RunState.PAUSED, what="the paused run")
        assert main.session.trainer.config.weight_drop == 0.3
        assert field.disabled  # structural: fixed while the run lasts


async def test_weight_drop_beginning_is_news_not_an_error(corpus_file: Path):
    config = TINY.replace(weight_drop=0.2, weight_drop_start=0.05, weight_drop_ramp=0.1)
    app = CharRNNApp(config=config, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        app.main.start()

        def noted():
            # Textual has no public list of the notifications shown; its own is read here.
            return [n for n in app._notifications if "weight drop begins" in str(n.message)]

        await wait_for(lambda: noted(), what="the weight-drop note")
        assert [n.severity for n in noted()] == ["information"]
        assert app.main.controller.save_error is None  # not taken for a failed save
        await pilot.press("f9")
        await wait_for(lambda: app.main.run_state == RunState.IDLE, what="the stop")
        assert len(noted()) == 1


async def test_stop_before_the_model_is_ready_records_a_stopped_run(corpus_file: Path):
    app = CharRNNApp(config=TINY, train_options=FAST)
    async with app.run_test(size=SIZE) as pilot:
        await open_corpus(pilot, corpus_file)
        main = app.main
        main.start()
        main.stop()  # F9 at once: no await between, so the model is not ready yet
        assert main.run_state == RunState.STOPPING
        await wait_for(lambda: main.run_state == RunState.IDLE, what="the stop")
        run = run_store.open_run(main.run_name)
        assert run.info["status"] == "stopped"
        assert run.info["step"] == 0


def test_engine_errors_get_the_apps_hint():
    from tui_charrnn.app.controller import describe_failure
    from tui_charrnn.engine.errors import CorpusError

    error = CorpusError("could not decode poem.txt as utf-8")
    error.hint = "encoding"
    assert describe_failure(error) == (
        "could not decode poem.txt as utf-8; choose another encoding in the corpus pane"
    )
    assert describe_failure(CorpusError("no such file")) == "no such file"
    assert describe_failure(ValueError("boom")) == "ValueError: boom"
    with pytest.raises(CharRNNError) as missing:
        Session.resume("ghost")
    assert describe_failure(missing.value) == (
        "no run named ghost; the run browser (F3) lists the runs"
    )
