"""Validation loss reached by default training in a fixed time: Tiny Shakespeare or any corpus.

    python benchmarks/quality.py                         # defaults, 180 s on Tiny Shakespeare
    python benchmarks/quality.py --seconds 60 --bundled  # the README's table of bundled corpora
    python benchmarks/quality.py --model rnn --hidden 256 --threads 1

The validation loss is measured over the whole held-out split (last 10%) at the end, in nats and
bits per character. Training time excludes that final evaluation. Pass `--threads 1` and run
under `taskset -c 0` to measure on one core.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from bare_loop import train_for

from tui_charrnn.engine.config import TrainConfig, validate_config
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.trainer import Trainer
from tui_charrnn.paths import bundled_corpora

SHAKESPEARE = Path(__file__).resolve().parents[1].parent / "shared/corpora/tinyshakespeare.txt"


def measure(path: Path, seconds: float, config: TrainConfig, threads: int | None) -> dict:
    corpus = load_corpus(path)
    # Score the whole validation split, once, at the end.
    config = validate_config(TrainConfig(**{**config.to_dict(), "eval_max_chars": 0}))
    trainer = Trainer(corpus, config, threads=threads)
    started = time.monotonic()
    train_for(trainer, seconds)
    trained_for = time.monotonic() - started
    val = trainer.evaluate()
    return {
        "corpus": corpus.name,
        "chars": corpus.num_chars,
        "vocab": corpus.vocab.size,
        "seconds": round(trained_for, 1),
        "steps": trainer.step_count,
        "epochs": round(trainer.epoch, 2),
        "chars_per_sec": round(trainer.chars / trained_for),
        "train_loss": round(trainer.smoothed_loss, 4),
        "val_loss": round(val, 4),
        "val_bpc": round(val / math.log(2), 4),
        # Lowest validation loss of the periodic evaluations (what best.npz holds).
        "best_val_loss": round(trainer.best_val_loss, 4),
        "unigram_entropy": round(_unigram_entropy(trainer.train_ids, corpus.vocab.size), 4),
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
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--threads", type=int, default=None, help="trainer threads (default 2)")
    for name in ("model", "hidden_size", "num_layers", "seq_len", "batch_size", "dropout",
                 "learning_rate", "optimizer"):  # fmt: skip
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name)
    args = parser.parse_args()
    changes = {k: v for k, v in vars(args).items() if k in TrainConfig.__dataclass_fields__ and v}
    config = validate_config(TrainConfig(**{**TrainConfig().to_dict(), **changes}))
    paths = [c.path for c in bundled_corpora()] if args.bundled else [args.corpus]
    print(f"config: {json.dumps(config.to_dict())}", file=sys.stderr)
    for path in paths:
        result = measure(path, args.seconds, config, args.threads)
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
