"""How responsive is the app while it trains, and what does the UI cost the trainer?

    python benchmarks/ui_latency.py                    # default config, first bundled corpus
    python benchmarks/ui_latency.py --seconds 30 --corpus ../shared/corpora/tinyshakespeare.txt
    python benchmarks/ui_latency.py --model rnn --hidden 128
    python benchmarks/ui_latency.py --suite --seconds 10 --rounds 1   # default, 1024 wide, 3 deep

It measures, with training running at full speed:

* key-press-to-screen latency: a key event goes into the app's driver (as a terminal's
  would) and the clock stops when the app hands the screen an update that shows its
  effect. Two kinds of key: a character typed into the prime field, and F6 (sample now),
  whose effect is "sampling…" on the status line. Median and p95 over many presses.
* training throughput inside the app vs. headless (``Session.train`` alone, with the same
  config, sampling and checkpoint intervals), over the same wall-clock window after the
  same warm-up. Both sides time the trainer's own progress reports (the clock and the
  character count at each report, taken in the training thread), so a big model's
  second-long steps do not round the window to whole steps. Headless and in-app rounds
  alternate (H A H A H) and the means are compared, so drift on a shared machine does not
  favour either side. F6 presses make the engine sample (work headless does not do), so
  they are timed after the window.

The app runs with Textual's headless driver (the same app, compositor and rendering; only
the final write to a terminal is skipped). Targets: p95 < 50 ms and >= 90% of headless,
also for big models (``--suite`` adds hidden 1024 and 3 layers to the default).
Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import tempfile
import time

# Runs go to a throwaway folder, never the user's data directory.
os.environ.setdefault("CHARRNN_TUI_DATA_DIR", tempfile.mkdtemp(prefix="charrnn-bench-"))

from textual import events  # noqa: E402

from tui_charrnn import paths  # noqa: E402
from tui_charrnn.app.app import CharRNNApp  # noqa: E402
from tui_charrnn.app.state import RunState  # noqa: E402
from tui_charrnn.engine.config import TrainConfig, validate_config  # noqa: E402
from tui_charrnn.engine.loading import load_corpus  # noqa: E402
from tui_charrnn.engine.session import Session  # noqa: E402

WARMUP = 3.0  # seconds of training before any measurement (allocation, first evaluation)
PRESS_GAP = 0.25  # seconds between key presses, so each one meets a busy trainer


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def rate_between(marks: list[tuple[float, int]], start: float, end: float) -> float:
    """Characters per second between the first and last (clock, chars) mark in [start, end]."""
    window = [(t, c) for t, c in marks if start <= t <= end]
    if len(window) < 2:
        # Not a figure (the suite goes on to the next configuration): steps were too slow.
        print("  too few progress reports in the window: use a longer --seconds", flush=True)
        return math.nan
    (t0, c0), (t1, c1) = window[0], window[-1]
    return (c1 - c0) / (t1 - t0)


def mean_of_figures(rates: list[float]) -> float:
    """The mean of the rounds that gave a figure (nan when none did)."""
    figures = [rate for rate in rates if not math.isnan(rate)]
    return statistics.fmean(figures) if figures else math.nan


def headless_rate(corpus, config: TrainConfig, seconds: float) -> float:
    """Characters per second of Session.train alone over [WARMUP, WARMUP + seconds]."""
    session = Session.create(corpus, config)
    marks: list[tuple[float, int]] = []

    def on_progress(progress) -> None:
        marks.append((time.perf_counter(), progress.chars))
        # Stopped, not a time budget: a finished run would end with a validation pass,
        # which takes a big model a minute on a busy machine and measures nothing here.
        if marks[-1][0] - marks[0][0] >= WARMUP + seconds:
            session.controls.stop()

    # The warm-up counts from the first step (a big model's first step is slow).
    session.train(on_progress=on_progress, on_sample=lambda _: None)
    started = marks[0][0]
    return rate_between(marks, started + WARMUP, started + WARMUP + seconds)


def record_reports(trainer) -> list[tuple[float, int]]:
    """Wrap the trainer's progress callback (the app's) to note (clock, chars) at each report,
    in the training thread, exactly as headless_rate does."""
    marks: list[tuple[float, int]] = []
    forward = trainer.on_progress

    def on_progress(progress) -> None:
        marks.append((time.perf_counter(), progress.chars))
        forward(progress)

    trainer.on_progress = on_progress
    return marks


async def app_figures(corpus_path: str, config: TrainConfig, seconds: float, samples: int) -> dict:
    app = CharRNNApp(corpus=corpus_path, config=config, offer_resume=False)
    displays: list[float] = []  # perf_counter of every screen update handed to the driver
    watchers: list = []  # (predicate, future) pairs resolved at the first matching update

    # Textual hands every screen update to its private _display; wrapping it is the only
    # way to time key press -> screen from inside the process.
    original_display = app._display

    def display(screen, renderable) -> None:
        original_display(screen, renderable)
        if renderable is None:
            return
        now = time.perf_counter()
        displays.append(now)
        for predicate, future in list(watchers):
            if predicate() and not future.done():
                future.set_result(now)
                watchers.remove((predicate, future))

    app._display = display  # type: ignore[method-assign]

    async def until_screen_shows(predicate) -> float:
        future = asyncio.get_running_loop().create_future()
        watchers.append((predicate, future))
        return await asyncio.wait_for(future, timeout=5.0)

    def send_key(key: str, character: str | None) -> float:
        event = events.Key(key, character)
        event.set_sender(app)
        sent = time.perf_counter()
        app._driver.send_message(event)
        return sent

    typing: list[float] = []
    sampling: list[float] = []
    async with app.run_test(size=(120, 40)):
        while app.main.corpus is None:
            await asyncio.sleep(0.05)
        send_key("f5", None)
        while not (app.main.run_state is RunState.TRAINING and app.main.session is not None):
            await asyncio.sleep(0.05)
        trainer = app.main.session.trainer
        trained = trainer.config
        if (trained.model, trained.hidden_size, trained.num_layers) != (
            config.model,
            config.hidden_size,
            config.num_layers,
        ):
            raise SystemExit(f"the app trains {trained}, not the benchmark's model")
        while trainer.step_count == 0:  # train() has installed the app's callback
            await asyncio.sleep(0.05)
        marks = record_reports(trainer)
        await asyncio.sleep(WARMUP)

        prime = app.query_one("#prime")
        prime.focus()

        # Phase 1, throughput: train for the window while typing into an input (work the
        # UI does for the user without asking the engine for anything extra).
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            await asyncio.sleep(PRESS_GAP)
            expected = prime.value + "x"
            sent = send_key("x", "x")
            shown = await until_screen_shows(lambda e=expected: prime.value == e)
            typing.append(shown - sent)
            if len(prime.value) > 20:
                prime.value = ""
        rate = rate_between(marks, started, time.perf_counter())

        # Phase 2, F6: each press makes the engine sample (work headless would not do), so
        # it is kept out of the throughput window. Its effect on screen is the status line.
        for _ in range(samples):
            # Clear the line well before the press: a repaint forced just before it would
            # make the press wait for the next frame (Textual paints at most 60 per second).
            app.main.set_status("")
            await asyncio.sleep(PRESS_GAP * 2)
            sent = send_key("f6", None)
            shown = await until_screen_shows(lambda: app.main.status_text == "sampling…")
            sampling.append(shown - sent)
        app.exit()
    return {"typing": typing, "sampling": sampling, "rate": rate}


# The --suite: the default model, and the two big ones that must stay usable.
SUITE = (
    ("default", {}),
    ("hidden 1024", {"hidden_size": 1024}),
    ("3 layers", {"num_layers": 3}),
)


def measure(corpus, corpus_path: str, config: TrainConfig, args) -> dict:
    """Alternate headless and in-app rounds (H A H A ... H) so that a machine that speeds up
    or slows down during the benchmark affects both sides alike; print and return the figures."""
    print(
        f"corpus {corpus.name} ({corpus.num_chars:,} chars), {config.model} "
        f"{config.num_layers}x{config.hidden_size}, B={config.batch_size} T={config.seq_len}, "
        f"window {args.seconds:g} s after {WARMUP:g} s warm-up",
        flush=True,
    )
    headless: list[float] = [headless_rate(corpus, config, args.seconds)]
    in_app: list[float] = []
    figures = {"typing": [], "sampling": []}
    for _ in range(args.rounds):
        result = asyncio.run(app_figures(corpus_path, config, args.seconds, args.samples))
        in_app.append(result["rate"])
        figures["typing"] += result["typing"]
        figures["sampling"] += result["sampling"]
        headless.append(headless_rate(corpus, config, args.seconds))

    for name, values in (
        ("type into an input", figures["typing"]),
        ("F6 sample now", figures["sampling"]),
    ):
        ms = [v * 1000 for v in values]
        print(
            f"key-press-to-screen, {name:18}: n={len(ms):3d}  median {statistics.median(ms):6.1f}"
            f" ms  p95 {percentile(ms, 95):6.1f} ms  max {max(ms):6.1f} ms"
        )
    every = [v * 1000 for v in figures["typing"] + figures["sampling"]]
    p95 = percentile(every, 95)
    print(
        f"key-press-to-screen, all keys          : median {statistics.median(every):6.1f} ms"
        f"  p95 {p95:6.1f} ms   (target p95 < 50 ms)"
    )
    app_rate, headless_mean = mean_of_figures(in_app), mean_of_figures(headless)
    print(
        f"throughput: in app {app_rate:,.0f} chars/s, headless {headless_mean:,.0f} chars/s "
        f"-> {app_rate / headless_mean:.1%} (target >= 90%)"
    )
    print(
        "  rounds: headless "
        + ", ".join(f"{r:,.0f}" for r in headless)
        + " | in app "
        + ", ".join(f"{r:,.0f}" for r in in_app),
        flush=True,
    )
    return {"p95": p95, "in_app": app_rate, "headless": headless_mean}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="text file (default: the first bundled corpus)")
    parser.add_argument("--seconds", type=float, default=12.0, help="measurement window")
    parser.add_argument("--samples", type=int, default=15, help="F6 presses to time per round")
    parser.add_argument("--rounds", type=int, default=2, help="in-app rounds (headless: +1)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--hidden", type=int, default=None)
    parser.add_argument("--layers", type=int, default=None)
    parser.add_argument(
        "--suite", action="store_true", help="the default, hidden 1024 and 3 layers in turn"
    )
    args = parser.parse_args(argv)

    corpus_path = args.corpus or str(paths.default_corpus().path)
    changes = {}
    if args.model:
        changes["model"] = args.model
    if args.hidden:
        changes["hidden_size"] = args.hidden
    if args.layers:
        changes["num_layers"] = args.layers
    corpus = load_corpus(corpus_path)
    runs = SUITE if args.suite else (("as given", {}),)
    results = []
    for name, extra in runs:
        print(f"== {name}")
        settings = {**TrainConfig().to_dict(), **changes, **extra}
        config = validate_config(TrainConfig(**settings))
        results.append((name, measure(corpus, corpus_path, config, args)))
    if len(results) > 1:
        print("\nconfiguration   key p95   in app / headless chars/s")
        for name, r in results:
            print(
                f"{name:14} {r['p95']:6.1f} ms   {r['in_app']:8,.0f} / {r['headless']:8,.0f}"
                f"  = {r['in_app'] / r['headless']:.1%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
