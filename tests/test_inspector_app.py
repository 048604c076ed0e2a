"""Pilot tests of the inspector screen on a fixed tiny checkpoint (no training in the app)."""

from __future__ import annotations

import asyncio
import math
import threading
from pathlib import Path

import numpy as np
import pytest
from inspector_helpers import SIZE, InspectorHarness, make_checkpoint, settle

from tui_charrnn.app.inspector_jobs import InspectSource
from tui_charrnn.app.widgets.coloured_text import wrap_rows
from tui_charrnn.app.widgets.neuron_view import parse_unit
from tui_charrnn.colour_ramps import activation_bins, surprise_bins
from tui_charrnn.engine.inspect import NextCharStepper, position_info, score_text
from tui_charrnn.engine.stored import load_model
from tui_charrnn.engine.trainer import Trainer


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> str:
    return str(make_checkpoint(tmp_path_factory.mktemp("inspector")))


def _readout(screen) -> str:
    return screen.surprise.query_one("#surprise-readout").text


@pytest.mark.slow  # a Pilot test: seconds
async def test_open_scores_the_validation_text_and_the_cursor_reads_the_engine(checkpoint):
    model, vocab, _ = load_model(checkpoint)
    app = InspectorHarness(InspectSource.stored_run(checkpoint))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        result = screen.result
        assert "validation split" in screen.origin
        # The screen's numbers are the engine's, scored independently here.
        expected = score_text(model, vocab, result.text, top_k=10)
        np.testing.assert_allclose(result.nll[1:], expected.nll[1:], rtol=1e-6)
        canvas = screen.surprise.canvas
        assert canvas.has_focus and canvas.cursor == 1
        seen = set()
        for key, moved in [("right", 2), ("right", 3), ("left", 2), ("end", None), ("down", None)]:
            await pilot.press(key)
            if moved is not None:
                assert canvas.cursor == moved
            info = position_info(expected, vocab, canvas.cursor)
            text = _readout(screen)
            assert f"pos {canvas.cursor:,} of" in text
            assert f"p {info.probability:.4f}" in text
            assert f"rank {info.rank + 1} of {vocab.size}" in text
            assert f"-log p {info.nll:.3f} nats {info.nll / math.log(2):.3f} bits" in text
            seen.add(text)
        assert len(seen) >= 3  # the readout follows the cursor
        rows = wrap_rows(result.text, canvas.scrollable_content_region.width)
        assert canvas.cursor >= rows[1]  # down left the first row
        await pilot.press("home")
        assert canvas.cursor in rows
        stats = str(screen.surprise.query_one("#surprise-stats").render())
        assert f"{result.nats_per_char:.3f} nats/char" in stats
        assert f"{result.bits_per_char:.3f} bits/char" in stats


@pytest.mark.slow  # a Pilot test: seconds
async def test_views_and_picking_a_unit(checkpoint):
    app = InspectorHarness(InspectSource.stored_run(checkpoint))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("n")
        neurons = screen.neurons
        assert neurons.table.has_focus
        first = neurons.units[0]
        assert (neurons.choice.layer, neurons.choice.unit) == (first.layer, first.unit)
        await pilot.press("down")
        second = neurons.units[1]
        assert neurons.choice.unit == second.unit
        values = screen.result.activations[0]["h"][:, second.unit]
        np.testing.assert_array_equal(neurons.canvas.bins, activation_bins(values))
        neurons.query_one("#unit-input").focus()
        await pilot.press("3", "enter")
        assert neurons.choice.unit == 3
        neurons.canvas.focus()
        await pilot.press("right", "right")
        value = screen.result.activations[0]["h"][neurons.canvas.cursor, 3]
        assert f": {value:+.3f} (layer 0 hidden unit 3)" in str(
            neurons.query_one("#neuron-readout").render()
        )
        await pilot.press("c")  # a GRU has no cell state: said inline
        assert "no cell state" in str(screen.query_one("#insp-message").render())
        await pilot.press("s")
        assert screen.surprise.canvas.has_focus
        np.testing.assert_array_equal(screen.surprise.canvas.bins, surprise_bins(screen.result.nll))


@pytest.mark.slow  # a Pilot test: seconds
async def test_guided_generation_pick_undo_and_model_writes(checkpoint):
    model, vocab, _ = load_model(checkpoint)
    app = InspectorHarness(InspectSource.stored_run(checkpoint))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("g")
        guided = screen.generate.guided
        assert guided.has_focus and guided.text == ""
        reference = NextCharStepper(model, vocab, "")
        first = reference.top(9)[0][0]
        await pilot.press("1")
        assert guided.text == first
        reference.feed(first)
        third = reference.top(9)[2][0]
        await pilot.press("3")
        assert guided.text == first + third
        await pilot.press("backspace")
        assert guided.text == first
        await pilot.press("m")
        assert len(guided.text) == 1 + 40
        await pilot.press("backspace", "backspace")
        assert guided.text == ""
        # The side-by-side samples and the beam came from workers.
        for t in ("2", "5", "8", "11"):
            assert str(screen.query_one(f"#gen-t{t}").render()).strip()
        assert "width 4" in str(screen.query_one("#gen-beam").border_title)
        await pilot.press("escape")
        assert not isinstance(app.screen, type(screen))


@pytest.mark.slow  # a Pilot test: seconds
async def test_bad_texts_are_explained_inline_and_the_last_text_stays(checkpoint, tmp_path):
    app = InspectorHarness(InspectSource.stored_run(checkpoint))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        good = screen.result
        binary = tmp_path / "blob.bin"
        binary.write_bytes(bytes(range(256)) * 4)
        message = screen.query_one("#insp-message")
        cases = [
            (lambda: screen.score("", "typed text"), "empty"),
            (lambda: screen.score("ÿÿÿ", "typed text"), "no characters the model knows"),
            (lambda: screen.action_open_file_path(str(tmp_path / "missing.txt")), "missing"),
            (lambda: screen.action_open_file_path(str(binary)), "blob.bin"),
        ]
        for start, needle in cases:
            start()
            await settle(pilot)
            assert message.has_class("-error")
            assert needle in str(message.render())
            assert screen.result is good
        screen.score("ab ÿ ba", "typed text")  # unknown characters are left out and counted
        await settle(pilot)
        assert screen.result.text == "ab  ba"
        assert "1 unknown chars left out" in str(message.render())


@pytest.mark.slow  # a Pilot test: seconds
async def test_live_weights_are_a_copy_and_refresh_takes_a_new_one(tmp_path):
    from inspector_helpers import tiny_text

    from tui_charrnn.engine.config import TrainConfig
    from tui_charrnn.engine.text import Corpus

    corpus = Corpus.from_text(tiny_text(), name="tiny")
    trainer = Trainer(corpus, TrainConfig(model="lstm", hidden_size=8, seq_len=8, batch_size=2))
    source = InspectSource.live(trainer, None)
    name = "l0.Wh"
    before = source.params[name].copy()
    trainer.model.params[name] += 1.0  # the trainer moves on: the copy does not
    np.testing.assert_array_equal(source.params[name], before)
    retakes = []

    def retake():
        retakes.append(InspectSource.live(trainer, None))
        return retakes[-1]

    app = InspectorHarness(source, retake)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot, want_result=False)
        # No run: no default text, said inline; a typed text works.
        assert "no run" in str(screen.query_one("#insp-message").render())
        screen.score("ab ba cab", "typed text")
        screen = await settle(pilot)
        old = screen.result.nll.copy()
        await pilot.press("r")
        screen = await settle(pilot)
        assert len(retakes) == 1 and screen.source is retakes[0]
        assert not np.allclose(screen.result.nll[1:], old[1:])  # scored with the new weights
        await pilot.press("n")
        before = screen.neurons.choice
        await pilot.press("c")  # an LSTM: the other state of the same unit
        after = screen.neurons.choice
        assert (after.layer, after.unit) == (before.layer, before.unit)
        assert {before.state, after.state} == {"h", "c"}
        values = screen.result.activations[after.layer][after.state][:, after.unit]
        np.testing.assert_array_equal(screen.neurons.canvas.bins, activation_bins(values))


def test_parse_unit():
    assert parse_unit("7", 2, 16) == (0, 7)
    assert parse_unit("1:15", 2, 16) == (1, 15)
    for bad in ("16", "2:0", "x", "1:2:3", "-1"):
        assert parse_unit(bad, 2, 16) is None


def test_wrap_rows_breaks_at_newlines_and_width():
    assert wrap_rows("abcdef\ngh", 4) == [0, 4, 7]
    assert wrap_rows("abc\n", 4) == [0]
    assert wrap_rows("abcd\n", 4) == [0, 4]


# ---------------------------------------------------------------------------- in the app


@pytest.mark.slow  # a Pilot test: seconds
async def test_f4_opens_the_inspector_on_a_copy_of_the_live_weights(tmp_path):
    from inspector_helpers import tiny_text
    from test_app import TINY, start_paused_run

    from tui_charrnn.app.app import CharRNNApp
    from tui_charrnn.app.screens.inspector import InspectorScreen

    corpus = tmp_path / "tiny.txt"
    corpus.write_text(tiny_text(), encoding="utf-8")
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")  # nothing to inspect yet: said, and nothing opens
        assert not isinstance(app.screen, InspectorScreen)
        await start_paused_run(pilot, app, corpus)
        trainer = app.main.session.trainer
        await pilot.press("f4")
        screen = app.screen
        assert isinstance(screen, InspectorScreen)
        assert screen.source.params is not None  # live weights ...
        for name, value in trainer.model.params.items():  # ... copied, not shared
            copied = screen.source.params[name]
            assert copied is not value and not np.shares_memory(copied, value)
            np.testing.assert_array_equal(copied, value)
        screen = await settle(pilot)
        assert "validation split" in screen.origin
        await pilot.press("escape")
        assert app.screen is app.main


@pytest.mark.slow  # a Pilot test: seconds
async def test_i_in_the_run_browser_opens_the_inspector_on_that_run(checkpoint):
    from test_app import TINY

    from tui_charrnn.app.app import CharRNNApp
    from tui_charrnn.app.screens.inspector import InspectorScreen
    from tui_charrnn.engine.loading import load_corpus
    from tui_charrnn.engine.session import Session

    corpus = load_corpus(str(Path(checkpoint).parent.parent / "tiny.txt"))
    session = Session.create(corpus, TINY, run_name="stored-run")
    session.train(max_steps=10, sample_every_seconds=None, checkpoint_every_seconds=None)
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "i")
        screen = app.screen
        assert isinstance(screen, InspectorScreen)
        assert screen.source.stored == "stored-run"
        screen = await settle(pilot)
        assert screen.result is not None and screen.result.chars_scored > 0


# ---------------------------------------------------------------------------- in pieces


class Gate:
    """Holds a scoring job after its first piece until the test opens the gate (bounded)."""

    def __init__(self, monkeypatch) -> None:
        from tui_charrnn.engine.inspect import scoring

        self.reached = threading.Semaphore(0)  # one release per job that reached the gate
        self.open = threading.Event()
        original = scoring.score_in_pieces

        def gated(*args, **kwargs):
            for number, result in enumerate(original(*args, **kwargs)):
                yield result
                if number == 0:  # the job comes back only once the piece is painted
                    self.reached.release()
                    self.open.wait(GATE_SECONDS)

        monkeypatch.setattr(scoring, "score_in_pieces", gated)

    async def wait(self) -> None:
        assert await asyncio.to_thread(self.reached.acquire, True, GATE_SECONDS)


GATE_SECONDS = 20  # a stuck test fails after this, never hangs


def long_text() -> str:
    from inspector_helpers import tiny_text

    return tiny_text(400)  # ~5,000 chars: many screens


@pytest.mark.slow  # a Pilot test: seconds
async def test_a_long_text_shows_its_first_piece_then_the_rest(checkpoint, monkeypatch):
    model, vocab, _ = load_model(checkpoint)
    app = InspectorHarness(InspectSource.stored_run(checkpoint))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        gate, text = Gate(monkeypatch), long_text()
        try:
            screen.score(text, "typed text")
            await gate.wait()
            await pilot.pause()
            partial, canvas = screen.result, screen.surprise.canvas
            assert not partial.complete and partial.text + partial.pending == text
            assert canvas.text == text and canvas.visible_end() <= len(partial.text)
            stats = str(screen.surprise.query_one("#surprise-stats").render())
            assert "(partial)" in stats and f"{partial.nats_per_char:.3f} nats/char" in stats
            assert "-log p" in _readout(screen)  # the cursor reads the scored part ...
            for _ in range(40):
                if canvas.cursor >= len(partial.text):
                    break
                await pilot.press("pagedown")
            beyond = canvas.cursor
            assert beyond >= len(partial.text)  # ... and says where it cannot yet
            assert "scoring…" in _readout(screen) and "-log p" not in _readout(screen)
            assert f"pos {beyond:,} of {len(text):,}" in _readout(screen)
            assert (canvas.bins[len(partial.text) :] == canvas.bins[-1]).all()
            await pilot.press("n")  # the Neurons view waits for the whole text's activations
            assert screen.neurons.result is None and screen.neurons.canvas.text == ""
            assert "scoring" in str(screen.neurons.query_one("#neuron-stats").render())
            await pilot.press("s")
        finally:
            gate.open.set()
        screen = await settle(pilot)
        whole = screen.result
        assert whole.complete and whole.text == text and canvas.cursor == beyond
        expected = score_text(model, vocab, text, top_k=10)
        np.testing.assert_array_equal(whole.nll, expected.nll)
        np.testing.assert_array_equal(whole.nll[: len(partial.text)], partial.nll)
        info = position_info(expected, vocab, beyond)
        assert f"-log p {info.nll:.3f} nats" in _readout(screen)
        stats = str(screen.surprise.query_one("#surprise-stats").render())
        assert "(partial)" not in stats and f"{whole.nats_per_char:.3f} nats/char" in stats
        np.testing.assert_array_equal(canvas.bins, surprise_bins(whole.nll))
        assert screen.neurons.result is whole and screen.neurons.units == screen.units[:200]


@pytest.mark.slow  # a Pilot test: seconds
async def test_a_new_text_during_a_refresh_never_mixes_with_it(checkpoint, monkeypatch):
    from tui_charrnn.app import inspector_jobs as jobs
    from tui_charrnn.app.widgets.surprise_view import SurpriseView

    app = InspectorHarness(InspectSource.stored_run(checkpoint))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        first, second = long_text(), long_text()[::-1]
        screen.score(first, "typed text")
        screen = await settle(pilot)
        old = screen.result
        gate = Gate(monkeypatch)
        shown: list[str] = []
        original = SurpriseView.show

        def recording(view, result, *args, **kwargs):
            shown.append(result.text + result.pending)
            return original(view, result, *args, **kwargs)

        monkeypatch.setattr(SurpriseView, "show", recording)
        try:
            await pilot.press("r")  # reload and rescore `first`: held after its first piece
            await gate.wait()
            await pilot.pause()
            assert not screen.result.complete and shown == [first]
            screen.score(second, "typed text")  # a new text while the refresh is under way
            await gate.wait()
            await pilot.pause()
            assert shown[-1] == second
            # A piece of the replaced request still on its way is dropped when it arrives.
            stale = jobs.TextScored(old, "typed text", False, 0.0, 1, screen._text_request - 1)
            screen.post_message(stale)
            await pilot.pause()
            assert stale.painted.is_set() and screen.result is not old
        finally:
            gate.open.set()
        screen = await settle(pilot)
        assert screen.result.complete and screen.result.text == second
        assert shown[shown.index(second) :] == [second] * (len(shown) - shown.index(second))
        assert screen.units and screen.units[0].layer == 0  # ranked for the text shown
