"""How responsive is the app while it trains, and what does the UI cost the trainer?

    python benchmarks/ui_latency.py                    # default config, first bundled corpus
    python benchmarks/ui_latency.py --seconds 30 --corpus ../shared/corpora/tinyshakespeare.txt
    python benchmarks/ui_latency.py --model rnn --hidden 128
    python benchmarks/ui_latency.py --suite --seconds 10 --rounds 1   # default, 1024 wide, 3 deep
    python benchmarks/ui_latency.py --controls --hidden 1024 --rounds 2 --samples 6 \
        --corpus ../shared/corpora/tinyshakespeare.txt        # pause / stop response

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

``--controls`` measures instead how fast training answers F5 (pause) and F9 (stop): key press
to the screen showing the engine's answer ("paused at step N", sent once the loop has paused
and saved; "run ... stopped at step N", once the run has ended and written its final
checkpoint). Presses land at a random moment inside a validation pass (``--eval-every``,
default 5 here, makes passes frequent) or between passes, during ordinary steps; each round
pauses and resumes ``--samples`` times, then stops (inside a pass in even rounds, during steps
in odd ones).

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
import random
import statistics
import sys
import tempfile
import threading
import time

# Runs go to a throwaway folder, never the user's data directory.
os.environ.setdefault("CHARRNN_TUI_DATA_DIR", tempfile.mkdtemp(prefix="charrnn-bench-"))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402

from tui_charrnn import paths  # noqa: E402
from tui_charrnn.app.app import CharRNNApp  # noqa: E402
from tui_charrnn.app.state import RunState  # noqa: E402
from tui_charrnn.engine.config import TrainConfig, validate_config  # noqa: E402
from tui_charrnn.engine.loading import load_corpus  # noqa: E402
from tui_charrnn.engine.session import Session  # noqa: E402

WARMUP = 3.0  # seconds of training before any measurement (allocation, first evaluation)
PRESS_GAP = 0.25  # seconds between key presses, so each one meets a busy trainer
CONTROL_TIMEOUT = 180.0  # longest wait for a pause or stop to be answered (before the fix: ~10 s)


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
    cpu: list[tuple[float, dict[str, float]]] = []  # (clock, thread CPU) at the window's ends

    def on_progress(progress) -> None:
        marks.append((time.perf_counter(), progress.chars))
        # Stopped, not a time budget: a finished run would end with a validation pass,
        # which takes a big model a minute on a busy machine and measures nothing here.
        if not cpu and marks[-1][0] - marks[0][0] >= WARMUP:
            cpu.append((marks[-1][0], thread_cpu_seconds()))
        if marks[-1][0] - marks[0][0] >= WARMUP + seconds and not session.controls.stopped:
            cpu.append((marks[-1][0], thread_cpu_seconds()))
            session.controls.stop()

    # The warm-up counts from the first step (a big model's first step is slow).
    session.train(on_progress=on_progress, on_sample=lambda _: None)
    if len(cpu) == 2:
        (t0, before), (t1, after) = cpu
        print(f"  headless: CPU per thread: {cpu_shares(before, after, t1 - t0)}", flush=True)
    started = marks[0][0]
    return rate_between(marks, started + WARMUP, started + WARMUP + seconds)


def thread_cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) each live thread of this process has used, by thread name
    (Linux /proc; empty elsewhere). Tells what the UI thread costs while training runs."""
    ticks = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for thread in threading.enumerate():
        try:
            with open(f"/proc/self/task/{thread.native_id}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = thread.name.split("_")[0]  # "charrnn-side_0" -> "charrnn-side"
        used[name] = used.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return used


def cpu_shares(before: dict[str, float], after: dict[str, float], seconds: float) -> str:
    """Each thread's CPU use over a window, as a share of one core."""
    return ", ".join(
        f"{name} {(after[name] - before.get(name, 0.0)) / seconds:.0%}" for name in sorted(after)
    )


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


class ScreenWatch:
    """Times a running app's screen updates and sends it keys as a terminal would."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.watchers: list = []  # (predicate, future) pairs resolved at the first matching update
        # Textual hands every screen update to its private _display; wrapping it is the only
        # way to time key press -> screen from inside the process.
        original_display = app._display

        def display(screen, renderable) -> None:
            original_display(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            for predicate, future in list(self.watchers):
                if predicate() and not future.done():
                    future.set_result(now)
                    self.watchers.remove((predicate, future))

        app._display = display  # type: ignore[method-assign]

    async def until_screen_shows(self, predicate, timeout: float = 5.0) -> float:
        """The clock at the first screen update after which `predicate()` holds."""
        future = asyncio.get_running_loop().create_future()
        self.watchers.append((predicate, future))
        return await asyncio.wait_for(future, timeout=timeout)

    def send_key(self, key: str, character: str | None = None) -> float:
        event = events.Key(key, character)
        event.set_sender(self.app)
        sent = time.perf_counter()
        self.app._driver.send_message(event)
        return sent


async def start_training(app: CharRNNApp, watch: ScreenWatch, config: TrainConfig):
    """Press F5 once the corpus is loaded; return the trainer once it has taken a step."""
    while app.main.corpus is None:
        await asyncio.sleep(0.05)
    watch.send_key("f5")
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
    return trainer


async def app_figures(corpus_path: str, config: TrainConfig, seconds: float, samples: int) -> dict:
    app = CharRNNApp(corpus=corpus_path, config=config, offer_resume=False)
    watch = ScreenWatch(app)
    typing: list[float] = []
    sampling: list[float] = []
    async with app.run_test(size=(120, 40)):
        trainer = await start_training(app, watch, config)
        marks = record_reports(trainer)
        await asyncio.sleep(WARMUP)

        prime = app.query_one("#prime")
        prime.focus()

        # Phase 1, throughput: train for the window while typing into an input (work the
        # UI does for the user without asking the engine for anything extra).
        started = time.perf_counter()
        cpu_before, reports_before = thread_cpu_seconds(), len(marks)
        while time.perf_counter() - started < seconds:
            await asyncio.sleep(PRESS_GAP)
            expected = prime.value + "x"
            sent = watch.send_key("x", "x")
            shown = await watch.until_screen_shows(lambda e=expected: prime.value == e)
            typing.append(shown - sent)
            if len(prime.value) > 20:
                prime.value = ""
        ended = time.perf_counter()
        rate = rate_between(marks, started, ended)
        shares = cpu_shares(cpu_before, thread_cpu_seconds(), ended - started)
        reports = (len(marks) - reports_before) / (ended - started)
        print(f"  in app: {reports:.1f} reports/s; CPU per thread: {shares}", flush=True)

        # Phase 2, F6: each press makes the engine sample (work headless would not do), so
        # it is kept out of the throughput window. Its effect on screen is the status line.
        for _ in range(samples):
            # Clear the line well before the press: a repaint forced just before it would
            # make the press wait for the next frame (Textual paints at most 60 per second).
            app.main.set_status("")
            await asyncio.sleep(PRESS_GAP * 2)
            sent = watch.send_key("f6")
            shown = await watch.until_screen_shows(lambda: app.main.status_text == "sampling…")
            sampling.append(shown - sent)
        app.exit()
    return {"typing": typing, "sampling": sampling, "rate": rate}


class EvaluationWatch:
    """Knows whether the training thread is inside a validation pass (wraps trainer.evaluate,
    whatever its signature) and how long whole passes took."""

    def __init__(self, trainer) -> None:
        self.running = threading.Event()
        self.passes: list[float] = []  # seconds of each pass that returned a loss
        evaluate = trainer.evaluate

        def watched(*args, **kwargs):
            started = time.perf_counter()
            self.running.set()
            try:
                loss = evaluate(*args, **kwargs)
            finally:
                self.running.clear()
            if loss is not None:
                self.passes.append(time.perf_counter() - started)
            return loss

        trainer.evaluate = watched


async def at_a_random_moment(evaluation: EvaluationWatch, inside: bool, rng: random.Random):
    """Return at a random moment inside a validation pass (`inside`) or during steps."""
    for _ in range(1000):  # bounded: a pass comes every few steps
        while evaluation.running.is_set() != inside:
            await asyncio.sleep(0.01)
        await asyncio.sleep(rng.uniform(0.1, 1.0) if inside else rng.uniform(0.0, 0.5))
        if evaluation.running.is_set() == inside:
            return
    raise SystemExit("no moment found to press the key: is validation enabled?")


async def control_figures(corpus_path: str, config: TrainConfig, samples: int, round_number: int):
    """One app round: pause and resume `samples` times (alternately inside a validation pass
    and during steps), then stop (inside a pass in even rounds); seconds from each key press
    to the screen's answer, by kind of press."""
    app = CharRNNApp(corpus=corpus_path, config=config, offer_resume=False)
    watch = ScreenWatch(app)
    rng = random.Random(round_number)  # the same moments for the same round, before and after
    stop_inside = round_number % 2 == 0
    figures: dict[str, list[float]] = {"pause in pass": [], "pause in steps": []}
    status = lambda: app.main.status_text  # noqa: E731
    async with app.run_test(size=(120, 40)):
        trainer = await start_training(app, watch, config)
        evaluation = EvaluationWatch(trainer)
        for press in range(samples):
            inside = press % 2 == 0
            await at_a_random_moment(evaluation, inside, rng)
            sent = watch.send_key("f5")
            shown = await watch.until_screen_shows(
                lambda: status().startswith("paused at step"), CONTROL_TIMEOUT
            )
            figures["pause in pass" if inside else "pause in steps"].append(shown - sent)
            watch.send_key("f5")
            await watch.until_screen_shows(
                lambda: status().startswith("resumed at step"), CONTROL_TIMEOUT
            )
        await at_a_random_moment(evaluation, stop_inside, rng)
        sent = watch.send_key("f9")
        shown = await watch.until_screen_shows(lambda: "stopped at step" in status(), 600.0)
        figures["stop in pass" if stop_inside else "stop in steps"] = [shown - sent]
        figures["pass seconds"] = evaluation.passes
        figures["step seconds"] = [
            trainer.config.batch_size * trainer.config.seq_len / trainer.chars_per_sec
        ]
        app.exit()
    return figures


def measure_controls(corpus_path: str, config: TrainConfig, args) -> None:
    """Rounds of control_figures; print each kind of press: n, median and max."""
    print(
        f"controls: {config.model} {config.num_layers}x{config.hidden_size}, "
        f"B={config.batch_size} T={config.seq_len}, validation every {config.eval_every} steps, "
        f"load {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    totals: dict[str, list[float]] = {}
    for round_number in range(args.rounds):
        result = asyncio.run(control_figures(corpus_path, config, args.samples, round_number))
        for name, values in result.items():
            totals.setdefault(name, []).extend(values)
    for name, values in totals.items():
        ms = [v * 1000 for v in values]
        print(
            f"  {name:15}: n={len(ms):3d}  median {statistics.median(ms):8.0f} ms"
            f"  max {max(ms):8.0f} ms"
        )
    print(f"  load average after: {os.getloadavg()[0]:.2f}", flush=True)


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
    parser.add_argument(
        "--controls", action="store_true", help="time the answers to pause (F5) and stop (F9)"
    )
    parser.add_argument(
        "--eval-every", type=int, default=None, help="steps between validation passes"
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
    if args.eval_every is not None or args.controls:
        changes["eval_every"] = args.eval_every if args.eval_every is not None else 5
    if args.controls:
        settings = {**TrainConfig().to_dict(), **changes}
        measure_controls(corpus_path, validate_config(TrainConfig(**settings)), args)
        return 0
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
