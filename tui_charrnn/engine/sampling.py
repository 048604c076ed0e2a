"""Generating text: temperature, top-k, a prime text, streaming one character at a time."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.models import CharRNN


class SamplingError(CharRNNError):
    """Bad sampling options, such as a prime made only of unknown characters."""


def prime_ids(vocab, prime: str, *, strict: bool = False) -> tuple[list[int], str]:
    """Ids of the prime's characters and the characters skipped as unknown (strict: refuse)."""
    ids, skipped = [], []
    for ch in prime:
        index = vocab.index(ch)
        if index is None:
            skipped.append(ch)
        else:
            ids.append(index)
    unknown = "".join(dict.fromkeys(skipped))
    if unknown and strict:
        raise SamplingError(f"prime text has characters not in the vocabulary: {unknown!r}")
    return ids, unknown


def pick(logits: np.ndarray, temperature: float, top_k: int, rng: np.random.Generator) -> int:
    """Choose one id from a (V,) row of logits. Temperature 0 is greedy; top_k 0 keeps all."""
    if temperature <= 0:
        return int(np.argmax(logits))
    scaled = logits.astype(np.float64) / temperature
    if 0 < top_k < scaled.size:
        cutoff = np.partition(scaled, -top_k)[-top_k]
        scaled = np.where(scaled >= cutoff, scaled, -np.inf)
    scaled -= scaled.max()
    cumulative = np.cumsum(np.exp(scaled))
    # One uniform draw against the cumulative weights (much cheaper than rng.choice).
    index = int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))
    return min(index, scaled.size - 1)


def generate(
    model: CharRNN,
    vocab,
    length: int,
    *,
    temperature: float = 1.0,
    top_k: int = 0,
    prime: str = "",
    seed: int | None = None,
    state: np.ndarray | None = None,
    last_id: int | None = None,
    strict_prime: bool = False,
) -> Iterator[str]:
    """Yield the prime's known characters, then `length` generated characters, one at a time.

    `state` (L, S, 1, H) and `last_id` continue from a given model state (for example a copy of
    a training stream's); otherwise generation starts from a zero state after a newline.
    """
    if length < 0:
        raise SamplingError(f"length must be zero or more, not {length}")
    if temperature < 0 or not np.isfinite(temperature):
        raise SamplingError(f"temperature must be 0 (greedy) or more, not {temperature}")
    if top_k < 0:
        raise SamplingError(f"top-k must be 0 (off) or more, not {top_k}")
    rng = np.random.default_rng(seed)
    ids, _ = prime_ids(vocab, prime, strict=strict_prime)
    h = model.initial_state(1) if state is None else state.astype(model.dtype, copy=True)
    if last_id is None:
        newline = vocab.index("\n")
        last_id = newline if newline is not None else int(rng.integers(vocab.size))
    feed = [last_id] + ids
    logits = None
    for i, current in enumerate(feed):
        logits, cache = model.forward(np.array([[current]]), h)
        h = cache.final_state
        if i > 0:
            yield vocab.decode([current])
    for _ in range(length):
        current = pick(logits[0, 0], temperature, top_k, rng)
        yield vocab.decode([current])
        logits, cache = model.forward(np.array([[current]]), h)
        h = cache.final_state


def sample_text(model: CharRNN, vocab, length: int, **options) -> str:
    """The whole sample at once; the weights are prepared once for all its steps."""
    with model.frozen():
        return "".join(generate(model, vocab, length, **options))
