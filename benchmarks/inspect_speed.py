"""Speed of the inspector's engine on Tiny Shakespeare with the default model (GRU 256, 1 layer).

Times, on one BLAS thread:
  - scoring 1 MB (one stream from a zero state, nll only), for each --chunks value;
  - scoring the 4,000 characters the inspector opens on, with top-10 candidates and activations
    (what opening the inspector screen costs), and finding the units on them;
  - one key press of guided generation (NextCharStepper.feed) and a beam search.

The weights are a random initialisation: speed does not depend on their values.

    .venv/bin/python benchmarks/inspect_speed.py
    .venv/bin/python benchmarks/inspect_speed.py --chars 200000 --chunks 32,64,128 --json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
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
    score_text,
)
from tui_charrnn.engine.models import CharRNN  # noqa: E402
from tui_charrnn.engine.text import Vocabulary  # noqa: E402
from tui_charrnn.engine.trainer import single_thread_blas  # noqa: E402


def timed(fn, repeats: int) -> float:
    """Median seconds of `repeats` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--chars", type=int, default=1_000_000, help="characters to score")
    parser.add_argument("--chunks", default="64", help="comma-separated chunk lengths to time")
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the small timings")
    parser.add_argument("--json", action="store_true", help="last stdout line is one JSON object")
    args = parser.parse_args()

    text = args.corpus.read_text(encoding="utf-8")
    vocab = Vocabulary.from_text(text)
    config = TrainConfig()
    model = CharRNN(config.model, vocab.size, config.hidden_size, config.num_layers, config.dropout)
    model.init_params(np.random.default_rng(config.seed))
    big = text[: args.chars]
    small = text[:4000]
    figures: dict[str, float] = {}
    with single_thread_blas():
        score_text(model, vocab, small)  # warm-up
        for chunk in [int(c) for c in args.chunks.split(",")]:
            seconds = timed(lambda chunk=chunk: score_text(model, vocab, big, chunk=chunk), 1)
            figures[f"score_{len(big)}_chars_chunk_{chunk}_s"] = seconds
            print(f"score {len(big):,} chars, chunk {chunk}: {seconds:.2f} s "
                  f"({seconds / len(big) * 1e6:.1f} us/char)")  # fmt: skip
        result = None

        def open_screen():
            nonlocal result
            result = score_text(model, vocab, small, top_k=10, activations=True)

        figures["score_4000_top10_activations_s"] = timed(open_screen, args.repeats)
        figures["find_units_4000_s"] = timed(lambda: find_units(result), args.repeats)
        stepper = NextCharStepper(model, vocab, small[:200])
        figures["stepper_feed_ms"] = 1000 * timed(lambda: stepper.copy().feed("e"), 50)
        figures["beam_200_chars_width_5_s"] = timed(
            lambda: beam_search(model, vocab, "ROMEO:", 200, 5), 1
        )
    for name, value in figures.items():
        print(f"{name}: {value:.4f}")
    if args.json:
        print(json.dumps({k: round(v, 5) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
