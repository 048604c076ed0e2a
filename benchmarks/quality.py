"""Validation loss reached by default training in a fixed time: Tiny Shakespeare or any corpus.

    python benchmarks/quality.py                         # defaults, 180 s on Tiny Shakespeare
    python benchmarks/quality.py --seconds 900           # the 15-minute figure
    python benchmarks/quality.py --steps 2000 --threads 1  # a step budget: same result under load
    python benchmarks/quality.py --seconds 60 --bundled  # the README's table of bundled corpora
    python benchmarks/quality.py --model lstm --learning-rate 1e-2 --lr-floor 0

Training goes through `Session.train`, the path `charrnn-tui train --time-budget S` (or
`--steps N`) takes: the learning-rate schedule spans the budget, periodic validation and
checkpoints (to a temporary folder) included. The final validation loss is measured over the
whole held-out split (last 10%), in nats and bits per character. `seconds` and `chars_per_sec`
cover the whole training call, that final evaluation and checkpoint included.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

from tui_charrnn.engine.config import TrainConfig, validate_config
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.session import Session
from tui_charrnn.paths import bundled_corpora

SHAKESPEARE = Path(__file__).resolve().parents[1].parent / "shared/corpora/tinyshakespeare.txt"


def measure(path: Path, budget: dict, config: TrainConfig, threads: int | None) -> dict:
    """Train a fresh run for `budget` ({"time_budget": s} or {"max_steps": n}); report it."""
    corpus = load_corpus(path)
    with tempfile.TemporaryDirectory() as root:
        session = Session.create(corpus, config, threads=threads, root=Path(root))
        started = time.monotonic()
        outcome = session.train(**budget, sample_every_seconds=None, pause_on_divergence=False)
        seconds = time.monotonic() - started
    trainer = session.trainer
    return {
        "corpus": corpus.name,
        "chars": corpus.num_chars,
        "vocab": corpus.vocab.size,
        "outcome": outcome,
        "seconds": round(seconds, 1),
        "steps": trainer.step_count,
        "epochs": round(trainer.epoch, 2),
        "chars_per_sec": round(trainer.chars / seconds),
        "train_loss": round(trainer.smoothed_loss, 4),
        "val_loss": round(trainer.val_loss, 4),
        "val_bpc": round(trainer.val_loss / math.log(2), 4),
        # Lowest validation loss of the periodic evaluations (what best.npz holds).
        "best_val_loss": round(trainer.best_val_loss, 4),
        "unigram_entropy": round(_unigram_entropy(trainer.train_ids, corpus.vocab.size), 4),
        "load_average": round(os.getloadavg()[0], 2),  # other work on the machine, 1 min
    }


def _unigram_entropy(ids, vocab_size: int) -> float:
    import numpy as np

    counts = np.bincount(ids, minlength=vocab_size).astype(float)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHAKESPEARE)
    parser.add_argument("--bundled", action="store_true", help="every bundled sample corpus")
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--seconds", type=float, default=180.0, help="time budget (180)")
    limit.add_argument("--steps", type=int, default=None, help="a step budget instead")
    parser.add_argument("--threads", type=int, default=None, help="trainer threads (default 2)")
    for name in ("model", "hidden_size", "num_layers", "seq_len", "batch_size", "dropout",
                 "learning_rate", "optimizer", "schedule", "warmup", "lr_floor", "clip",
                 "eval_every", "seed"):  # fmt: skip
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name)
    args = parser.parse_args()
    fields = TrainConfig.__dataclass_fields__
    changes = {k: v for k, v in vars(args).items() if k in fields and v is not None}
    # Every validation pass, the final one included, covers the whole validation split.
    changes["eval_max_chars"] = 0
    config = validate_config(TrainConfig(**{**TrainConfig().to_dict(), **changes}))
    budget = {"max_steps": args.steps} if args.steps else {"time_budget": args.seconds}
    paths = [c.path for c in bundled_corpora()] if args.bundled else [args.corpus]
    print(f"config: {json.dumps(config.to_dict())}", file=sys.stderr)
    for path in paths:
        result = measure(path, budget, config, args.threads)
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
