"""Scoring a text: how surprised the model is by every character, given the ones before it.

Contract: characters outside the vocabulary are removed first (and counted); the rest is read
as one stream from a zero state; character i (i >= 1) is predicted from characters 0..i-1, so
position 0 has no prediction. Forward-only and chunked along time: the state is carried from
one chunk to the next, and only per-position results are kept (never the (N, V) logits).
Dropout is off because forward() applies it only when given a random generator, and none is.

Speed: a text of at least two MIN_SEGMENT lengths is read by the relay (relay.py): cut into up
to MAX_SEGMENTS segments read side by side as one batch, each segment read again from its
predecessor's final state until its state agrees with the earlier reading at a chunk boundary
(within 8 float32 eps, relative above 1). Every position's results come from a trajectory that
starts, up to that tolerance, from the true state, so they equal the one-stream reading to
float32 rounding (the batch-1 and batched products already differ by more); score_sequential
keeps the plain one-stream reading as the reference. score_in_pieces hands that plain reading
out as it goes (a result for what has been read, the state carried to the next piece), so a
screen can show the start of a text before the rest is read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from tui_charrnn.engine.inspect.errors import InspectError
from tui_charrnn.engine.inspect.relay import (
    MAX_SEGMENTS,
    MIN_SEGMENT,
    Relay,
    RelayStats,
    plan_segments,
    tolerance_for,
)

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
    relay: RelayStats | None = None  # how the relay read the text; None: read as one stream
    # The known characters after `text` not read yet (a partial result of score_in_pieces);
    # "" when the whole text is scored.
    pending: str = ""

    @property
    def complete(self) -> bool:
        """The whole text is scored (no characters pending)."""
        return not self.pending

    @property
    def whole_length(self) -> int:
        """Known characters of the whole text: those scored so far and those pending."""
        return len(self.text) + len(self.pending)

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

    Long texts are read by the relay (relay.py), short ones as one plain stream; the results
    agree to float32 rounding. Raises InspectError when no character is in the vocabulary.
    """
    return score_relay(model, vocab, text, top_k=top_k, activations=activations, chunk=chunk)


def score_relay(
    model,
    vocab,
    text: str,
    *,
    top_k: int = 0,
    activations: bool = False,
    chunk: int = DEFAULT_CHUNK,
    min_segment: int = MIN_SEGMENT,
    max_segments: int = MAX_SEGMENTS,
    tolerance: float | None = None,
) -> ScoreResult:
    """score_text with the relay's knobs: segments of at least `min_segment` steps, at most
    `max_segments` of them (fewer than two: the plain stream), states agreeing within
    `tolerance` (None: TOLERANCE_ULPS of the model's dtype). `result.relay` says how it went."""
    result, k = _new_result(model, vocab, text, top_k, activations, chunk)
    N = len(result.ids)
    segments, length = plan_segments(N, chunk, min_segment, max_segments)
    if segments < 2:
        return _read_one_stream(model, result, k, chunk)
    if tolerance is None:
        tolerance = tolerance_for(model.dtype)
    relay = Relay(model, result.ids, segments, length, chunk, _recorder(result, k), tolerance)
    result.relay = relay.run()
    return result


def score_sequential(
    model,
    vocab,
    text: str,
    *,
    top_k: int = 0,
    activations: bool = False,
    chunk: int = DEFAULT_CHUNK,
) -> ScoreResult:
    """score_text read as one plain stream of batch 1, whatever the text's length (the
    reference the relay is checked against)."""
    result, k = _new_result(model, vocab, text, top_k, activations, chunk)
    return _read_one_stream(model, result, k, chunk)


def score_in_pieces(
    model,
    vocab,
    text: str,
    *,
    top_k: int = 0,
    activations: bool = False,
    chunk: int = DEFAULT_CHUNK,
    first: int = DEFAULT_CHUNK,
    piece: int = 4_096,
) -> Iterator[ScoreResult]:
    """score_sequential's reading of `text`, handed out as it goes: a result after the first
    `first` characters and after every `piece` more (both rounded up to whole chunks), the
    last one complete. Each is the result of score_sequential on the characters read so far,
    bit for bit, with the unread rest in `pending`; the state is carried from piece to piece,
    so the text is read once. The arrays of a partial result are views of the whole text's
    arrays, which the reading only writes past them: they do not change once handed out."""
    if first < 1 or piece < 1:
        raise InspectError(f"pieces must be at least 1 char, not first={first}, piece={piece}")
    result, k = _new_result(model, vocab, text, top_k, activations, chunk)
    N = len(result.ids)
    ends = _piece_ends(N, chunk, first, piece)
    reading, read = _stream(model, result, k, chunk), 0
    try:
        for end in ends:
            while read < end:
                read = next(reading)
            yield result if end >= N else _prefix(result, end)
    finally:
        reading.close()  # leaves model.frozen() at once when the caller stops early


def _piece_ends(N: int, chunk: int, first: int, piece: int) -> list[int]:
    """Where score_in_pieces hands out a result: ends of whole chunks, the last one N."""
    whole = lambda n: chunk * math.ceil(n / chunk)  # noqa: E731
    ends, end = [], whole(first)
    while end < N:
        ends.append(end)
        end = whole(end + piece)
    return [*ends, N]


def _prefix(result: ScoreResult, end: int) -> ScoreResult:
    """The result of result.text[:end], as views of `result`'s arrays."""
    return replace(
        result,
        text=result.text[:end],
        ids=result.ids[:end],
        nll=result.nll[:end],
        ranks=result.ranks[:end],
        top_ids=None if result.top_ids is None else result.top_ids[:end],
        top_probs=None if result.top_probs is None else result.top_probs[:end],
        activations=None
        if result.activations is None
        else [{name: a[:end] for name, a in layer.items()} for layer in result.activations],
        pending=result.text[end:],
    )


def _new_result(model, vocab, text: str, top_k: int, activations: bool, chunk: int):
    """(an empty ScoreResult for the known characters of `text`, k candidates to keep)."""
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
    return result, k


def _read_one_stream(model, result: ScoreResult, k: int, chunk: int) -> ScoreResult:
    """Read the text as one stream of batch 1, `chunk` steps per forward call."""
    for _ in _stream(model, result, k, chunk):
        pass
    return result


def _stream(model, result: ScoreResult, k: int, chunk: int) -> Iterator[int]:
    """Read the text as one stream of batch 1, `chunk` steps per forward call, recording into
    `result`; yields the number of characters read after each call (the state carried)."""
    ids, record = result.ids, _recorder(result, k)
    N = len(ids)
    state = model.initial_state(1)
    with model.frozen():
        for t0 in range(0, N, chunk):
            t1 = min(t0 + chunk, N)
            logits, cache = model.forward(ids[t0:t1].reshape(-1, 1), state)  # (T, 1, V)
            state = cache.final_state
            record(logits, cache, np.arange(t0, t1)[:, None])
            yield t1


def _slots(model) -> tuple[str, ...]:
    return ("h", "c") if model.state_slots == 2 else ("h",)


def _recorder(result: ScoreResult, k: int):
    """record(logits (T, B, V), cache, positions (T, B)): keep what the forward call that read
    the characters at `positions` says; positions at or past the text's end are skipped."""
    N = len(result.ids)

    def record(logits: np.ndarray, cache, positions: np.ndarray) -> None:
        read = positions.reshape(-1)  # (T*B,) in the (t, b) order of the reshaped arrays
        inside = read < N
        if not inside.all():
            read = read[inside]
        predicts = read + 1  # the state after reading char i predicts char i + 1
        scored = predicts < N
        rows = logits.reshape(-1, logits.shape[-1])
        if not inside.all():
            rows = rows[inside]
        _record_predictions(result, rows[scored], predicts[scored], k)
        if result.activations is not None:
            _record_activations(result, cache, read, inside)

    return record


def _record_predictions(result: ScoreResult, logits: np.ndarray, targets: np.ndarray, k: int):
    """logits (R, V) predict the characters at positions `targets` (R,)."""
    rows = len(targets)
    if not rows:
        return
    logp = log_softmax(logits)  # (R, V)
    picked = logp[np.arange(rows), result.ids[targets]]
    result.nll[targets] = -picked
    result.ranks[targets] = (logp > picked[:, None]).sum(axis=1)
    if k:
        top = np.argpartition(-logp, k - 1, axis=1)[:, :k]  # (R, k) unordered
        top_logp = np.take_along_axis(logp, top, axis=1)
        order = np.argsort(-top_logp, axis=1, kind="stable")
        result.top_ids[targets] = np.take_along_axis(top, order, axis=1)
        result.top_probs[targets] = np.exp(np.take_along_axis(top_logp, order, axis=1))


def _record_activations(result: ScoreResult, cache, read: np.ndarray, inside: np.ndarray):
    """Copy each layer's states after reading the chars at `read` out of the (reused) cache."""
    for layer, lc in enumerate(cache.layers):
        for name, states in (("h", lc.hs), ("c", lc.cs)):
            if name not in result.activations[layer]:
                continue
            after = states[1:].reshape(-1, states.shape[-1])  # (T*B, H)
            result.activations[layer][name][read] = after if inside.all() else after[inside]
