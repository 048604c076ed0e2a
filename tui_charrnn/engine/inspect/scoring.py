"""Scoring a text: how surprised the model is by every character, given the ones before it.

Contract: characters outside the vocabulary are removed first (and counted); the rest is read
as one stream from a zero state; character i (i >= 1) is predicted from characters 0..i-1, so
position 0 has no prediction. Forward-only and chunked along time: the state is carried from
one chunk to the next, and only per-position results are kept (never the (N, V) logits).
Dropout is off because forward() applies it only when given a random generator, and none is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from tui_charrnn.engine.inspect.errors import InspectError

LN2 = math.log(2.0)
DEFAULT_CHUNK = 64  # time steps per forward call; measured fastest for B=1 (see benchmarks)


@dataclass
class ScoreResult:
    text: str  # the scored text: the input with unknown characters removed
    ids: np.ndarray  # (N,) intp character ids of `text`
    nll: np.ndarray  # (N,) float64 -log p(char i | chars < i) in nats; nll[0] is NaN (no context)
    ranks: np.ndarray  # (N,) int32 rank of the actual char among all V (0 = likeliest); -1 at 0
    unknown_chars: int  # how many characters of the input were removed as unknown
    unknown: set[str] = field(default_factory=set)  # which characters those were
    # (N, k) int32 / float32, the k likeliest next characters predicted for position i from
    # the chars before it, likeliest first; row 0 is -1 / 0.0. None unless top_k was asked.
    top_ids: np.ndarray | None = None
    top_probs: np.ndarray | None = None
    # Per layer {"h": (N, H) float32} (and "c" for LSTM): the state after reading char i.
    # None unless activations were asked.
    activations: list[dict[str, np.ndarray]] | None = None

    @property
    def chars_scored(self) -> int:
        """Characters with a prediction: all but the first."""
        return max(0, len(self.ids) - 1)

    @property
    def total_nats(self) -> float:
        return float(self.nll[1:].sum()) if self.chars_scored else 0.0

    @property
    def nats_per_char(self) -> float:
        if not self.chars_scored:
            return math.nan
        return self.total_nats / self.chars_scored

    @property
    def bits_per_char(self) -> float:
        return self.nats_per_char / LN2


@dataclass(frozen=True)
class PositionInfo:
    """What the inspector's cursor readout shows for one position of a ScoreResult."""

    index: int  # position in the scored text
    char: str  # the actual character there
    nll: float  # -log p of it in nats (NaN at position 0: nothing predicts it)
    probability: float  # p of it (NaN at position 0)
    rank: int  # its rank among all characters, 0 = likeliest (-1 at position 0)
    candidates: list[tuple[str, float]]  # the top-k (char, probability), likeliest first


def position_info(result: ScoreResult, vocab, index: int) -> PositionInfo:
    """The readout for position `index` (top-k candidates only if the result has them)."""
    if not 0 <= index < len(result.ids):
        raise InspectError(f"position {index} is outside the text of {len(result.ids)} chars")
    candidates = []
    if result.top_ids is not None and index > 0:
        candidates = [
            (vocab.decode(int(i)), float(p))
            for i, p in zip(result.top_ids[index], result.top_probs[index], strict=True)
        ]
    nll = float(result.nll[index])
    return PositionInfo(
        index=index,
        char=result.text[index],
        nll=nll,
        probability=math.exp(-nll) if index else math.nan,
        rank=int(result.ranks[index]),
        candidates=candidates,
    )


def known_ids(vocab, text: str) -> tuple[str, np.ndarray, int, set[str]]:
    """(kept text, its ids (N,) intp, number of removed chars, set of removed chars)."""
    kept, ids, unknown = [], [], {}
    index = vocab.index
    for ch in text:
        i = index(ch)
        if i is None:
            unknown[ch] = unknown.get(ch, 0) + 1
        else:
            kept.append(ch)
            ids.append(i)
    return "".join(kept), np.asarray(ids, dtype=np.intp), sum(unknown.values()), set(unknown)


def _filter_fast(vocab, text: str) -> tuple[str, np.ndarray, int, set[str]]:
    """known_ids, but vectorised when every character is known (the common case)."""
    if all(ch in vocab for ch in set(text)):
        return text, vocab.encode(text).astype(np.intp), 0, set()
    return known_ids(vocab, text)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Rows of float64 log-probabilities from a (T, V) block of logits."""
    z = logits.astype(np.float64)
    z -= z.max(axis=1, keepdims=True)
    z -= np.log(np.exp(z).sum(axis=1, keepdims=True))
    return z


def score_text(
    model,
    vocab,
    text: str,
    *,
    top_k: int = 0,
    activations: bool = False,
    chunk: int = DEFAULT_CHUNK,
) -> ScoreResult:
    """Score `text` as one stream from a zero state (see the module's contract).

    Raises InspectError when no character of the text is in the vocabulary.
    """
    if top_k < 0:
        raise InspectError(f"top-k must be 0 (off) or more, not {top_k}")
    if chunk < 1:
        raise InspectError(f"chunk must be at least 1 step, not {chunk}")
    kept, ids, n_unknown, unknown = _filter_fast(vocab, text)
    if not len(ids):
        raise InspectError("the text has no characters the model knows")
    N, V = len(ids), vocab.size
    k = min(top_k, V)
    result = ScoreResult(
        text=kept,
        ids=ids,
        nll=np.full(N, np.nan),
        ranks=np.full(N, -1, dtype=np.int32),
        unknown_chars=n_unknown,
        unknown=unknown,
    )
    if k:
        result.top_ids = np.full((N, k), -1, dtype=np.int32)
        result.top_probs = np.zeros((N, k), dtype=np.float32)
    if activations:
        result.activations = [
            {name: np.empty((N, model.hidden_size), dtype=np.float32) for name in _slots(model)}
            for _ in range(model.num_layers)
        ]
    state = model.initial_state(1)
    with model.frozen():
        for t0 in range(0, N, chunk):
            t1 = min(t0 + chunk, N)
            logits, cache = model.forward(ids[t0:t1].reshape(-1, 1), state)  # (T, 1, V)
            state = cache.final_state
            _record_predictions(result, logits[:, 0, :], t0, t1, k)
            if activations:
                _record_activations(result, cache, t0, t1)
    return result


def _slots(model) -> tuple[str, ...]:
    return ("h", "c") if model.state_slots == 2 else ("h",)


def _record_predictions(result: ScoreResult, logits: np.ndarray, t0: int, t1: int, k: int):
    """logits (T, V) after reading chars t0..t1-1 predict chars t0+1..t1."""
    stop = min(t1 + 1, len(result.ids))
    rows = stop - (t0 + 1)  # the last chunk's final row predicts past the end
    if rows <= 0:
        return
    logp = log_softmax(logits[:rows])  # (rows, V)
    targets = result.ids[t0 + 1 : stop]
    picked = logp[np.arange(rows), targets]
    result.nll[t0 + 1 : stop] = -picked
    result.ranks[t0 + 1 : stop] = (logp > picked[:, None]).sum(axis=1)
    if k:
        top = np.argpartition(-logp, k - 1, axis=1)[:, :k]  # (rows, k) unordered
        top_logp = np.take_along_axis(logp, top, axis=1)
        order = np.argsort(-top_logp, axis=1, kind="stable")
        result.top_ids[t0 + 1 : stop] = np.take_along_axis(top, order, axis=1)
        result.top_probs[t0 + 1 : stop] = np.exp(np.take_along_axis(top_logp, order, axis=1))


def _record_activations(result: ScoreResult, cache, t0: int, t1: int) -> None:
    """Copy each layer's states after steps t0..t1-1 out of the (reused) forward cache."""
    for layer, lc in enumerate(cache.layers):
        result.activations[layer]["h"][t0:t1] = lc.hs[1:, 0, :]
        if "c" in result.activations[layer]:
            result.activations[layer]["c"][t0:t1] = lc.cs[1:, 0, :]
