"""How quickly does the inspector open and follow the cursor, and what does it cost training?

    python benchmarks/inspector_latency.py                     # default config, bundled corpus
    python benchmarks/inspector_latency.py --seconds 20 --model gru --hidden 128
    nice -n -15 python benchmarks/inspector_latency.py         # as root: less noise from others

It measures, with Textual's headless driver (the same app, compositor and rendering; only the
final write to a terminal is skipped):

* open (first paint): from pushing the inspector on a stored run (its checkpoint, config and
  the first 4,000 characters of its validation split) to the first screen update that shows
  the text coloured. The text is scored in pieces, what fills the text area first, so that
  update may show only the visible part scored (the rest grey, the mean marked partial); the
  benchmark checks at that update that every visible character is scored and that the cursor's
  readout has numbers, and prints how many opens met that. It covers loading the checkpoint,
  reading the corpus, scoring the first piece (top-10 candidates and activations), building
  the screen and painting. (Until 2026-11-30 the text was scored whole before it showed, so
  "open" was what "fully scored" is now.)
* fully scored: from the same push to the first update that shows the whole text scored (the
  units are ranked after that and not waited for). Median and p95 over the opens.
* cursor: a Right key goes into the app's driver (as a terminal's would); the clock stops at
  the first screen update that shows the readout for the new position. Median and p95.
  Also the handler alone (key binding to readout updated), without the paint.
* training with the inspector open: a run trains in a thread (Session.train, as the app's
  worker does) while the inspector is open on a copy of its weights and the cursor moves
  every 0.25 s; its characters per second are compared with the same run headless. Rounds
  alternate (H A H A H) so drift on a shared machine favours neither side.

Targets: open < 300 ms, cursor p95 < 30 ms, training with the inspector open >= 90% of
headless. Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import tempfile
import threading
import time

# Runs go to a throwaway folder, never the user's data directory.
os.environ.setdefault("CHARRNN_TUI_DATA_DIR", tempfile.mkdtemp(prefix="charrnn-bench-"))

from textual.app import App  # noqa: E402
from ui_latency import ScreenWatch, percentile, rate_between  # noqa: E402  (benchmarks/)

from tui_charrnn import paths  # noqa: E402
from tui_charrnn.app.inspector_jobs import InspectSource  # noqa: E402
from tui_charrnn.app.screens.inspector import InspectorScreen  # noqa: E402
from tui_charrnn.app.widgets.surprise_view import SurpriseView  # noqa: E402
from tui_charrnn.engine.config import TrainConfig, validate_config  # noqa: E402
from tui_charrnn.engine.loading import load_corpus  # noqa: E402
from tui_charrnn.engine.session import Session  # noqa: E402
from tui_charrnn.engine.trainer import single_thread_blas  # noqa: E402

WARMUP = 3.0  # seconds of training before the throughput window
PRESS_GAP = 0.25  # seconds between cursor keys while training
CURSOR_GAP = 0.04  # seconds between cursor keys when measuring latency
SIZE = (120, 40)


def _scored(screen: InspectorScreen):
    """Shown: some of the text scored and on the canvas (all of it or the first piece)."""
    return lambda: screen.result is not None and screen.surprise.canvas.text != ""


def _complete(screen: InspectorScreen):
    return lambda: screen.result is not None and screen.result.complete


def visible_part_scored(screen: InspectorScreen) -> bool:
    """Every character in the visible rows of the text is scored, and the readout has the
    numbers of the cursor's position."""
    canvas, result = screen.surprise.canvas, screen.result
    readout = screen.surprise.query_one("#surprise-readout").text
    return canvas.visible_end() <= len(result.text) and "-log p" in readout


async def open_and_cursor(source: InspectSource, opens: int, presses: int) -> dict:
    app = App()
    watch = ScreenWatch(app)
    open_times, key_times, handler_times = [], [], []
    complete_times, useful = [], 0
    original = SurpriseView.show_position
    marks: dict = {}

    def timed_show(view, index):  # the handler: key binding -> readout updated
        original(view, index)
        if "key" in marks:
            handler_times.append(time.perf_counter() - marks.pop("key"))

    SurpriseView.show_position = timed_show  # type: ignore[method-assign]
    try:
        async with app.run_test(size=SIZE):
            for _ in range(opens):
                screen = InspectorScreen(source)
                started = time.perf_counter()
                complete = asyncio.ensure_future(watch.until_screen_shows(_complete(screen), 30))
                await app.push_screen(screen)
                shown = await watch.until_screen_shows(_scored(screen), 30)
                useful += visible_part_scored(screen)
                open_times.append(shown - started)
                complete_times.append(await complete - started)
                await app.workers.wait_for_complete()
                if len(open_times) < opens:
                    app.pop_screen()
            canvas = screen.surprise.canvas
            readout = screen.surprise.query_one("#surprise-readout")
            for _ in range(presses):
                await asyncio.sleep(CURSOR_GAP)
                target = min(canvas.cursor + 1, len(canvas.text) - 1)

                def moved(target=target) -> bool:
                    return canvas.cursor == target and f"pos {target:,} " in readout.text

                sent = marks["key"] = watch.send_key("right")
                key_times.append(await watch.until_screen_shows(moved, 30) - sent)
            app.exit()
    finally:
        SurpriseView.show_position = original  # type: ignore[method-assign]
    return {
        "open": open_times,
        "complete": complete_times,
        "useful": useful,
        "keys": key_times,
        "handler": handler_times,
    }


def headless_rate(corpus, config: TrainConfig, seconds: float) -> float:
    """Characters per second of Session.train alone over [WARMUP, WARMUP + seconds]."""
    session = Session.create(corpus, config)
    marks: list[tuple[float, int]] = []
    started = time.perf_counter()
    session.train(
        time_budget=WARMUP + seconds,
        on_progress=lambda p: marks.append((time.perf_counter(), p.chars)),
        on_sample=lambda _: None,
    )
    return rate_between(marks, started + WARMUP, math.inf)


async def inspected_rate(corpus, config: TrainConfig, seconds: float) -> float:
    """Characters per second of the same training while the inspector is open on a copy of
    its weights (taken after the warm-up) and the cursor moves every PRESS_GAP seconds."""
    session = Session.create(corpus, config)
    marks: list[tuple[float, int]] = []
    started = time.perf_counter()
    thread = threading.Thread(
        target=lambda: session.train(
            time_budget=WARMUP + seconds,
            on_progress=lambda p: marks.append((time.perf_counter(), p.chars)),
            on_sample=lambda _: None,
        )
    )
    thread.start()
    app = App()
    watch = ScreenWatch(app)
    async with app.run_test(size=SIZE):
        await asyncio.sleep(WARMUP / 2)
        screen = InspectorScreen(
            InspectSource.live(session.trainer, session.run.name),
            retake=lambda: InspectSource.live(session.trainer, session.run.name),
        )
        await app.push_screen(screen)
        await watch.until_screen_shows(_scored(screen), 30)
        while thread.is_alive():
            await asyncio.sleep(PRESS_GAP)
            watch.send_key("right")
        app.exit()
    thread.join()
    return rate_between(marks, started + WARMUP, math.inf)


def stored_run(corpus, config: TrainConfig) -> str:
    """A run with a checkpoint to open (trained for a few steps; the weights do not matter
    for timing, the model's size does)."""
    session = Session.create(corpus, config)
    session.train(max_steps=5, sample_every_seconds=None, checkpoint_every_seconds=None)
    return session.run.name


def ms(values: list[float]) -> str:
    values = [v * 1000 for v in values]
    return (
        f"n={len(values):3d}  median {statistics.median(values):6.1f} ms  "
        f"p95 {percentile(values, 95):6.1f} ms  max {max(values):6.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="text file (default: the first bundled corpus)")
    parser.add_argument("--seconds", type=float, default=10.0, help="training window")
    parser.add_argument("--opens", type=int, default=5, help="times the inspector is opened")
    parser.add_argument("--presses", type=int, default=200, help="cursor keys timed")
    parser.add_argument("--rounds", type=int, default=2, help="inspector rounds (headless: +1)")
    parser.add_argument("--no-training", action="store_true", help="skip the training figures")
    parser.add_argument("--model", default=None)
    parser.add_argument("--hidden", type=int, default=None)
    args = parser.parse_args(argv)
    # As run_app does: the whole app process on one BLAS thread.
    with single_thread_blas():
        return measure(args)


def measure(args: argparse.Namespace) -> int:
    corpus_path = args.corpus or str(paths.default_corpus().path)
    changes = {"model": args.model, "hidden_size": args.hidden}
    changes = {k: v for k, v in changes.items() if v is not None}
    config = validate_config(TrainConfig(**{**TrainConfig().to_dict(), **changes}))
    corpus = load_corpus(corpus_path)
    print(
        f"corpus {corpus.name} ({corpus.num_chars:,} chars), {config.model} "
        f"{config.num_layers}x{config.hidden_size}, screen {SIZE[0]}x{SIZE[1]}"
    )
    source = InspectSource.stored_run(stored_run(corpus, config))
    figures = asyncio.run(open_and_cursor(source, args.opens, args.presses))
    print(f"open on 4,000 chars, to first paint : {ms(figures['open'])}  (target < 300 ms)")
    print(f"  visible part scored at first paint: {figures['useful']} of {args.opens} opens")
    print(f"open on 4,000 chars, fully scored   : {ms(figures['complete'])}")
    print(f"cursor key to screen                : {ms(figures['keys'])}  (target p95 < 30 ms)")
    print(f"cursor handler alone                : {ms(figures['handler'])}")
    if args.no_training:
        return 0

    headless = [headless_rate(corpus, config, args.seconds)]
    inspected = []
    for _ in range(args.rounds):
        inspected.append(asyncio.run(inspected_rate(corpus, config, args.seconds)))
        headless.append(headless_rate(corpus, config, args.seconds))
    with_inspector, alone = statistics.fmean(inspected), statistics.fmean(headless)
    print(
        f"training: inspector open {with_inspector:,.0f} chars/s, headless {alone:,.0f} "
        f"chars/s -> {with_inspector / alone:.1%} (target >= 90%)"
    )
    print(
        "  rounds: headless "
        + ", ".join(f"{r:,.0f}" for r in headless)
        + "; inspector open "
        + ", ".join(f"{r:,.0f}" for r in inspected)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
