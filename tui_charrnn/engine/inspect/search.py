"""Next-character distributions for guided generation, and beam search.

Both follow the sampler's convention (engine/sampling.py `generate`): from a zero state the
model first reads a newline (when the vocabulary has one), then the prime's known characters.
With after_newline=False the prefix is read as it is, which matches the scorer: the
distribution after text[:i] is the one score_text predicts for position i.
"""

from __future__ import annotations

import numpy as np

from tui_charrnn.engine.inspect.errors import InspectError
from tui_charrnn.engine.inspect.scoring import log_softmax
from tui_charrnn.engine.sampling import pick, prime_ids


class NextCharStepper:
    """A model state that reads one character at a time and gives the next one's distribution.

    Guided generation keeps one of these instead of rescoring its text at every key press;
    `copy()` is cheap (one (L, S, 1, H) array), so an undo stack is a list of copies.
    """

    def __init__(self, model, vocab, prime: str = "", *, after_newline: bool = True) -> None:
        self.model = model
        self.vocab = vocab
        self.text = ""  # the characters read so far (the prime's known ones and those fed)
        self.state = model.initial_state(1)  # (L, S, 1, H)
        self.logits: np.ndarray | None = None  # (V,) float32 after the last character read
        ids, _ = prime_ids(vocab, prime)
        start = _start_ids(vocab, after_newline, bool(ids))
        self._read(start + ids)
        self.text = vocab.decode(ids)

    def _read(self, ids: list[int]) -> None:
        if not ids:
            raise InspectError("the prefix has no characters the model knows")
        logits, cache = self.model.forward(
            np.asarray(ids, dtype=np.intp).reshape(-1, 1), self.state
        )
        self.state = cache.final_state
        self.logits = logits[-1, 0].copy()

    def probabilities(self) -> np.ndarray:
        """(V,) float64 distribution of the next character."""
        return np.exp(log_softmax(self.logits[None, :])[0])

    def top(self, k: int) -> list[tuple[str, float]]:
        """The k likeliest next characters with their probabilities, likeliest first."""
        probs = self.probabilities()
        order = np.argsort(-probs, kind="stable")[: max(0, k)]
        return [(self.vocab.decode(int(i)), float(probs[i])) for i in order]

    def feed(self, ch: str) -> np.ndarray:
        """Read one character (or several); return the new next-character distribution."""
        ids, unknown = prime_ids(self.vocab, ch)
        if unknown or not ids:
            raise InspectError(f"{ch!r} is not in the model's vocabulary")
        self._read(ids)
        self.text += ch
        return self.probabilities()

    def sample(self, temperature: float, top_k: int, rng: np.random.Generator) -> str:
        """Pick the next character as the sampler does (temperature 0: greedy) and read it."""
        ch = self.vocab.decode(pick(self.logits, temperature, top_k, rng))
        self.feed(ch)
        return ch

    def copy(self) -> NextCharStepper:
        twin = object.__new__(NextCharStepper)
        twin.model, twin.vocab, twin.text = self.model, self.vocab, self.text
        twin.state, twin.logits = self.state.copy(), self.logits.copy()
        return twin


def _start_ids(vocab, after_newline: bool, have_prime: bool) -> list[int]:
    newline = vocab.index("\n")
    if after_newline and newline is not None:
        return [newline]
    if not have_prime:
        raise InspectError("an empty prefix needs a newline in the vocabulary to start from")
    return []


def next_char_distribution(model, vocab, prefix: str, *, after_newline: bool = True) -> np.ndarray:
    """(V,) float64 probabilities of the character after `prefix` (unknown chars skipped)."""
    with model.frozen():
        return NextCharStepper(model, vocab, prefix, after_newline=after_newline).probabilities()


def beam_search(model, vocab, prime: str, length: int, width: int) -> str:
    """The prime's known characters and the `length` characters that follow them with the
    highest total log-probability found by a beam of `width` hypotheses.

    Width 1 is greedy decoding: the same text as sampling at temperature 0.
    """
    if length < 0:
        raise InspectError(f"length must be zero or more, not {length}")
    if width < 1:
        raise InspectError(f"beam width must be at least 1, not {width}")
    ids, _ = prime_ids(vocab, prime)
    start = _start_ids(vocab, True, bool(ids))
    with model.frozen():
        logits, cache = model.forward(
            np.asarray(start + ids, dtype=np.intp).reshape(-1, 1), model.initial_state(1)
        )
        state, last = cache.final_state, logits[-1]  # (L, S, 1, H), (1, V)
        scores = np.zeros(1)  # (W,) total log-probability of each live hypothesis
        tokens, parents = [], []  # per step: (W,) chosen ids and the beam each extends
        for _ in range(length):
            total = scores[:, None] + log_softmax(last)  # (W, V)
            flat = total.reshape(-1)
            keep = np.argsort(-flat, kind="stable")[:width]  # ties: lowest id, like argmax
            beam, chosen = np.divmod(keep, total.shape[1])
            tokens.append(chosen)
            parents.append(beam)
            scores = flat[keep]
            state = np.ascontiguousarray(state[:, :, beam, :])
            logits, cache = model.forward(chosen.reshape(1, -1), state)
            state, last = cache.final_state, logits[0]
    return vocab.decode(ids) + vocab.decode(_backtrack(tokens, parents))


def _backtrack(tokens: list[np.ndarray], parents: list[np.ndarray]) -> list[int]:
    """The ids of the best final hypothesis (index 0), read back through the parent links."""
    out, beam = [], 0
    for step in reversed(range(len(tokens))):
        out.append(int(tokens[step][beam]))
        beam = int(parents[step][beam])
    return out[::-1]
