"""Small deterministic corpora and configs shared by the engine tests."""

from __future__ import annotations

import random

from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.text import Corpus
from tui_charrnn.engine.trainer import Trainer, single_thread_blas


def patterned_text(n_lines: int = 120, seed: int = 0) -> str:
    """Lines with strong structure (names, a verb table, punctuation) and some randomness."""
    rng = random.Random(seed)
    names = ["ANNA", "BORIS", "CLARA"]
    verbs = ["sings", "reads", "walks", "cooks"]
    things = ["a song", "the book", "home", "soup"]
    lines = []
    for _ in range(n_lines):
        k = rng.randrange(4)
        lines.append(f"{rng.choice(names)}: I {verbs[k][:-1]}, she {verbs[k]} {things[k]}.")
    return "\n".join(lines) + "\n"


def small_corpus(n_lines: int = 120, seed: int = 0) -> Corpus:
    return Corpus.from_text(patterned_text(n_lines, seed), name="patterned")


def train_steps(trainer: Trainer, steps: int) -> None:
    """`steps` steps with validation when due, for trainer tests that need no run folder."""
    with single_thread_blas():
        for _ in range(steps):
            trainer.step()
            assert not trainer.diverged, trainer.diverged
            if trainer.due_for_evaluation():
                trainer.evaluate()


def tiny_config(**changes) -> TrainConfig:
    base = dict(
        model="rnn",
        hidden_size=12,
        seq_len=6,
        batch_size=3,
        eval_every=4,
        learning_rate=1e-2,
        seed=7,
    )
    base.update(changes)
    return TrainConfig(**base)
