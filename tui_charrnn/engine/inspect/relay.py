"""Reading one long stream in parallel pieces, with every piece checked: the relay.

A recurrent network reads a text one step after another, so one stream is a batch of one: a
(1, H) x (H, G*H) product per step, bound by memory and interpreter overhead. The relay cuts the
text into K segments and reads them side by side as one batch of K streams, so that each step
is one (K, H) x (H, G*H) product, which does K times the work in a little more time.

Only the first segment's start state (zero) is known. The first sweep starts every other
segment from zero too. Each later sweep hands segment k the final state of segment k-1 and reads
k again from it, one chunk of steps at a time; at every chunk boundary the new state is compared
with the one the previous sweep left there, and as soon as they agree within `tolerance` (the
largest difference over layers, state slots and units, relative to the value where that exceeds
1) the rest of the segment is kept as it was. A segment whose start did not change is not
read again, and only the segments still reading take rows in the batch. After sweep s segments
0..s are exact (induction from segment 0), so K sweeps always suffice. If a sweep shows that
the model remembers longer than a segment (more than STALL_SHARE of its segments read to their
end without agreeing), a serial pass reads the remaining segments one after another from exact
starts, still stopping each where it agrees. Either way every segment ends up read from (within
the tolerance) its true start state.

Why that is exact to float32 rounding: the accepted trajectory of every segment starts from
its predecessor's accepted final state, or from a state that differs from it by at most the
tolerance, 8 eps (9.5e-7 for float32). Reading the same stream with batch 1 or in a batch
already moves the states by more than that (a (1, H) and a (B, H) product round differently:
up to 2.4e-6 on a GRU 384 trained for 200 steps), and a perturbation of that size fades as the
network forgets, or grows only as ordinary rounding would. Two readings of one stream from
different starts settle to about 1-3e-7 apart, not to zero (units that integrate over thousands
of steps keep a rounding-level difference), so the tolerance stays a few times above that floor.

The relay knows nothing of scores: `record(logits, cache, positions)` is called after every
forward call with the positions read at each step, and whatever it writes for a later trajectory
of the same positions overwrites the earlier one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tui_charrnn.engine.models import Workspace

MIN_SEGMENT = 16_384  # steps per segment at least: longer than a trained model's memory
MAX_SEGMENTS = 48  # rows of the batch; more gain little once the product is compute bound
TOLERANCE_ULPS = 8  # agreement threshold, in units of the model dtype's eps (float32: 9.5e-7)
MARKS_BYTES = 64 << 20  # states kept at chunk boundaries for comparison, at most
STALL_SHARE = 0.25  # a sweep in which more of its segments than this ran to their end unagreed
# shows a memory longer than a segment: the rest is read serially

# record(logits (T, R, V), cache, positions (T, R) intp text positions read at each step)
Record = Callable[[np.ndarray, object, np.ndarray], None]


@dataclass
class RelayStats:
    """How a relay went (the figures the benchmarks print)."""

    segments: int  # K: pieces of the text read side by side
    segment_len: int  # steps per segment (the last one may run past the text's end)
    chars: int  # characters of the text
    steps: int  # segment-steps computed in all sweeps (the first sweep alone: ~chars)
    sweeps: int  # passes that computed something: the first, parallel reruns, the serial pass
    serial: bool  # the serial pass was needed
    tolerance: float  # state difference accepted as agreement (relative where |x| > 1)

    @property
    def rerun_fraction(self) -> float:
        """Segment-steps computed beyond one reading of the text, per character."""
        return max(0, self.steps - self.chars) / self.chars


def tolerance_for(dtype) -> float:
    return TOLERANCE_ULPS * float(np.finfo(dtype).eps)


def plan_segments(
    n: int, chunk: int, min_segment: int = MIN_SEGMENT, max_segments: int = MAX_SEGMENTS
) -> tuple[int, int]:
    """(K, segment length) for a text of n characters; K = 1 means: read it as one stream.

    The length is a multiple of `chunk` (chunk boundaries are where states are compared), and
    K * length - n < length: only the last segment reads past the end."""
    segments = min(max_segments, n // max(1, min_segment))
    if segments < 2:
        return 1, n
    length = chunk * math.ceil(math.ceil(n / segments) / chunk)
    return math.ceil(n / length), length


class Relay:
    """The sweeps over one text; `run()` reads it, and `stats` then says how."""

    def __init__(
        self,
        model,
        ids: np.ndarray,
        segments: int,
        length: int,
        chunk: int,
        record: Record,
        tolerance: float,
    ) -> None:
        self.model, self.record, self.tolerance = model, record, tolerance
        n = len(ids)
        self.begins = np.arange(segments) * length  # (K,) first position of each segment
        self.padded = np.zeros(segments * length, dtype=np.intp)  # the last segment's tail
        self.padded[:n] = ids  # reads id 0 past the end; nothing is recorded there
        self.spans = [(t0, min(t0 + chunk, length)) for t0 in range(0, length, chunk)]
        L, S, H = model.num_layers, model.state_slots, model.hidden_size
        # States are compared at every `every`-th chunk boundary and at the end, so that the
        # marks stay within MARKS_BYTES however long the text.
        per_mark = L * S * segments * H * np.dtype(model.dtype).itemsize
        every = max(1, math.ceil(len(self.spans) * per_mark / MARKS_BYTES))
        ends = [j for j in range(1, len(self.spans) + 1) if j % every == 0 or j == len(self.spans)]
        self.mark_at = {end: i + 1 for i, end in enumerate(ends)}  # chunk boundary -> mark
        # marks[i] (L, S, K, H): each segment's state at its i-th compared boundary on the
        # trajectory accepted so far; marks[0] is the start it was read from, marks[-1] its end.
        self.marks = np.zeros((len(ends) + 1, L, S, segments, H), dtype=model.dtype)
        self.workspace = Workspace()
        self.stats = RelayStats(segments, length, n, 0, 0, False, tolerance)

    def run(self) -> RelayStats:
        K = len(self.begins)
        with self.model.frozen():
            self._read(np.arange(K), self.model.initial_state(K), compare=False)
            self.stats.sweeps = 1
            stalled = False
            for _ in range(1, K):  # after sweep s segments 0..s are exact: K sweeps suffice
                waiting = self._changed_starts(np.arange(1, K))
                if not len(waiting):
                    break
                if stalled:
                    self._serial(waiting[0])
                    break
                unagreed = self._read(waiting, self._finals_before(waiting), compare=True)
                self.stats.sweeps += 1
                stalled = len(unagreed) > STALL_SHARE * len(waiting)
        return self.stats

    def _changed_starts(self, rows: np.ndarray) -> np.ndarray:
        """Those of `rows` whose start differs from their predecessor's final state."""
        starts = self.marks[0][:, :, rows]  # (L, S, R, H)
        return rows[_gaps(self._finals_before(rows), starts) > self.tolerance]

    def _finals_before(self, rows: np.ndarray) -> np.ndarray:
        return self.marks[-1][:, :, rows - 1]  # (L, S, R, H), a copy

    def _serial(self, first: int) -> None:
        """Read the segments from `first` on one after another, each from its predecessor's
        final state (exact by then), skipping those whose start already agrees."""
        self.stats.sweeps += 1
        self.stats.serial = True
        for k in range(first, len(self.begins)):
            row = self._changed_starts(np.array([k]))
            if len(row):
                self._read(row, self._finals_before(row), compare=True)

    def _read(self, rows: np.ndarray, state: np.ndarray, compare: bool) -> np.ndarray:
        """Read segments `rows` (R,) from `state` (L, S, R, H) chunk by chunk. With `compare`,
        a segment stops at the first chunk boundary where its state agrees with the mark
        there: from that point its earlier trajectory (and what was recorded from it) stands.
        Returns the segments that read to their end without agreeing."""
        self.marks[0][:, :, rows] = state
        for j, (t0, t1) in enumerate(self.spans):
            positions = self.begins[rows][None, :] + np.arange(t0, t1)[:, None]  # (T, R)
            logits, cache = self.model.forward(
                self.padded[positions], state, workspace=self.workspace
            )
            self.stats.steps += positions.size
            self.record(logits, cache, positions)
            state = cache.final_state
            mark = self.mark_at.get(j + 1)
            if mark is None:
                continue
            if compare:
                going = _gaps(state, self.marks[mark][:, :, rows]) > self.tolerance
                if not going.all():
                    rows, state = rows[going], state[:, :, going]
            self.marks[mark][:, :, rows] = state
            if not len(rows):
                break
        return rows


def _gaps(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """Per segment (R,), the largest difference between two (L, S, R, H) states, relative to
    the old value where it exceeds 1: an LSTM's cell state can grow far beyond 1, and there the
    spacing of float32 numbers, and so the rounding noise, grows with it."""
    scale = np.maximum(np.abs(old), 1.0)
    return (np.abs(new - old) / scale).max(axis=(0, 1, 3))
