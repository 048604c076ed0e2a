"""Speed of the inspector's engine on Tiny Shakespeare, GRU 384 (the default) and GRU 256.

Times, on one BLAS thread, for each --hidden size:
  - scoring --chars characters (1 MB by default, nll only) with score_text, which reads a long
    text with the relay (segments side by side, checked: engine/inspect/relay.py), against the
    plain stream of batch 1 (score_sequential); with the relay's sweeps and the share of the
    text it read twice, and the largest difference between the two results;
  - scoring the 4,000 characters the inspector opens on, with top-10 candidates and activations
    (what opening the inspector screen costs): score_text (one stream at this length), and the
    relay forced onto it (--small-segment characters per segment) to show what it would do;
and for the first size only: finding the units on those 4,000 characters, one key press of
guided generation (NextCharStepper.feed) and a beam search.

The weights are a random initialisation unless --train-steps is given: speed per step does not
depend on them, but how soon a segment agrees with its predecessor does (a trained network
remembers longer), so the relay's figures should be taken on a trained model too.

    .venv/bin/python benchmarks/inspect_speed.py                       # ~5 minutes
    .venv/bin/python benchmarks/inspect_speed.py --train-steps 200     # + ~1 minute per size
    .venv/bin/python benchmarks/inspect_speed.py --chars 200000 --hidden 384 --json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared/corpora/tinyshakespeare.txt"
if importlib.util.find_spec("tui_charrnn") is None:  # pragma: no cover - depends on the install
    sys.path.insert(0, str(REPO_ROOT))

from tui_charrnn.engine.config import TrainConfig  # noqa: E402
from tui_charrnn.engine.inspect import (  # noqa: E402
    NextCharStepper,
    beam_search,
    find_units,
)
from tui_charrnn.engine.inspect.scoring import (  # noqa: E402
    score_relay,
    score_sequential,
    score_text,
)
from tui_charrnn.engine.loading import load_corpus  # noqa: E402
from tui_charrnn.engine.models import CharRNN  # noqa: E402
from tui_charrnn.engine.trainer import Trainer, single_thread_blas  # noqa: E402


def timed(fn, repeats: int) -> tuple[float, object]:
    """(median seconds of `repeats` calls, the last call's result)."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def make_model(corpus, hidden: int, train_steps: int) -> CharRNN:
    """The default config at this hidden size: random weights, or trained for a few steps."""
    config = TrainConfig(hidden_size=hidden, eval_every=0)
    if train_steps:
        trainer = Trainer(corpus, config, threads=1)
        started = time.perf_counter()
        with single_thread_blas():
            for _ in range(train_steps):
                trainer.step()
        print(f"  trained {train_steps} steps in {time.perf_counter() - started:.0f} s, "
              f"last batch loss {trainer.last_loss:.3f}")  # fmt: skip
        return trainer.model
    model = CharRNN(config.model, corpus.vocab.size, hidden, config.num_layers, config.dropout)
    model.init_params(np.random.default_rng(config.seed))
    return model


def long_text_figures(model, vocab, big: str, figures: dict, tag: str, sequential: bool) -> None:
    seconds, fast = timed(lambda: score_text(model, vocab, big), 1)
    stats = fast.relay
    per_char = seconds / len(big) * 1e6
    figures[f"{tag}_relay_s_per_mb"] = seconds * 1e6 / len(big)
    figures[f"{tag}_relay_us_per_char"] = per_char
    split = "one stream (too short to split)"
    if stats is not None:
        figures[f"{tag}_relay_sweeps"] = stats.sweeps
        figures[f"{tag}_relay_rerun_fraction"] = stats.rerun_fraction
        split = (f"{stats.segments} segments of {stats.segment_len:,}, {stats.sweeps} sweeps, "
                 f"{stats.rerun_fraction:.1%} read twice, serial pass: {stats.serial}")  # fmt: skip
    print(f"  relay    {len(big):,} chars: {seconds:6.1f} s = {per_char:5.1f} us/char "
          f"= {seconds * 1e6 / len(big):5.1f} s/MB  ({split}; {load()})")  # fmt: skip
    if not sequential:
        return
    seconds, slow = timed(lambda: score_sequential(model, vocab, big), 1)
    per_char = seconds / len(big) * 1e6
    figures[f"{tag}_stream_us_per_char"] = per_char
    gap = np.abs(fast.nll[1:] - slow.nll[1:]).max() if len(big) > 1 else 0.0
    figures[f"{tag}_max_nll_difference"] = gap
    print(f"  stream   {len(big):,} chars: {seconds:6.1f} s = {per_char:5.1f} us/char "
          f"= {seconds * 1e6 / len(big):5.1f} s/MB  ({load()})")  # fmt: skip
    speedup = figures[f"{tag}_stream_us_per_char"] / figures[f"{tag}_relay_us_per_char"]
    mean_gap = abs(fast.nats_per_char - slow.nats_per_char)
    print(f"  relay vs stream: speed-up {speedup:.2f}x, max |nll difference| {gap:.2e} nats, "
          f"mean {mean_gap:.1e}")  # fmt: skip


def small_text_figures(model, vocab, small, figures, tag, repeats, small_segment) -> object:
    def opened(fn):
        return lambda: fn(model, vocab, small, top_k=10, activations=True)

    seconds, result = timed(opened(score_text), repeats)
    figures[f"{tag}_score_4000_top10_activations_s"] = seconds
    seconds_stream, _ = timed(opened(score_sequential), repeats)
    forced, relayed = timed(
        lambda: score_relay(
            model, vocab, small, top_k=10, activations=True, min_segment=small_segment
        ),
        repeats,
    )
    stats = relayed.relay
    figures[f"{tag}_forced_relay_4000_s"] = forced
    print(f"  4,000 chars, top-10 + activations: score_text {seconds * 1000:.0f} ms, "
          f"stream {seconds_stream * 1000:.0f} ms, relay forced to {stats.segments} segments "
          f"{forced * 1000:.0f} ms ({stats.sweeps} sweeps, {stats.rerun_fraction:.0%} read "
          f"twice, serial pass: {stats.serial}; {load()})")  # fmt: skip
    return result


def other_figures(model, vocab, small: str, result, figures: dict, repeats: int) -> None:
    figures["find_units_4000_s"] = timed(lambda: find_units(result), repeats)[0]
    stepper = NextCharStepper(model, vocab, small[:200])
    figures["stepper_feed_ms"] = 1000 * timed(lambda: stepper.copy().feed("e"), 50)[0]
    figures["beam_200_chars_width_5_s"] = timed(
        lambda: beam_search(model, vocab, "ROMEO:", 200, 5), 1
    )[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--chars", type=int, default=1_000_000, help="characters to score")
    parser.add_argument("--hidden", default="384,256", help="comma-separated GRU sizes")
    parser.add_argument("--train-steps", type=int, default=0, help="train first (0: random)")
    parser.add_argument("--no-stream", action="store_true", help="skip the slow 1 MB stream")
    parser.add_argument("--small-segment", type=int, default=500, help="forced relay, 4k text")
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the small timings")
    parser.add_argument("--json", action="store_true", help="last stdout line is one JSON object")
    args = parser.parse_args()

    corpus = load_corpus(args.corpus)
    vocab = corpus.vocab
    text = vocab.decode(corpus.ids[: max(args.chars, 4000)])
    big, small = text[: args.chars], text[:4000]
    figures: dict[str, float] = {}
    for number, hidden in enumerate(int(h) for h in args.hidden.split(",")):
        tag = f"gru{hidden}"
        weights = f"trained {args.train_steps} steps" if args.train_steps else "random weights"
        print(f"GRU {hidden}, 1 layer, {weights}:")
        model = make_model(corpus, hidden, args.train_steps)
        with single_thread_blas():
            score_text(model, vocab, small)  # warm-up
            long_text_figures(model, vocab, big, figures, tag, not args.no_stream)
            result = small_text_figures(
                model, vocab, small, figures, tag, args.repeats, args.small_segment
            )
            if not number:
                other_figures(model, vocab, small, result, figures, args.repeats)
    for name, value in figures.items():
        print(f"{name}: {value:.4f}")
    if args.json:
        print(json.dumps({k: round(float(v), 5) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
