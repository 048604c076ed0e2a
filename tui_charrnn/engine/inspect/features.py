"""Named features of a text, computed from the text alone, one value per character.

Every feature describes the situation after reading character i (what a hidden state that has
just read it could know): an opening quote is inside quotes, a closing one is not.
"""

from __future__ import annotations

import unicodedata

import numpy as np

OPENERS, CLOSERS = "([{", ")]}"
VOWELS = "aeiouAEIOU"
SENTENCE_ENDS = ".!?"


def _per_char(text: str, predicate) -> np.ndarray:
    """(N,) float64 of predicate(ch), evaluated once per distinct character."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    uniques, inverse = np.unique(cps, return_inverse=True)
    values = np.array([float(predicate(chr(int(cp)))) for cp in uniques])
    return values[inverse] if len(cps) else np.zeros(0)


def _since_last(mark: np.ndarray) -> np.ndarray:
    """(N,) characters since the last position where mark is true, strictly before i
    (counting from the text's start when there is none)."""
    n = len(mark)
    index = np.arange(n)
    last = np.where(mark, index, -1)
    last = np.maximum.accumulate(last)  # last marked position at or before i
    previous = np.concatenate(([-1], last[:-1])) if n else last
    return (index - previous - 1).astype(np.float64)


def _clamped_depth(steps: np.ndarray) -> np.ndarray:
    """Running sum of +1/-1 steps that never goes below zero (a stray closer is ignored)."""
    total = np.cumsum(steps)
    floor = np.minimum.accumulate(np.minimum(total, 0))
    return (total - floor).astype(np.float64)


def _line_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(indent depth, inside comment), constant over each line except the comment's start."""
    indent = np.zeros(len(text))
    comment = np.zeros(len(text))
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        stripped = line.lstrip(" \t")
        indent[start : end + 1] = len(line) - len(stripped)
        marks = [p for p in (line.find("#"), line.find("//")) if p >= 0]
        if marks:
            comment[start + min(marks) : end] = 1.0
        start = end + 1
    return indent[: len(text)], comment


def text_features(text: str) -> dict[str, np.ndarray]:
    """name -> (N,) float64 feature of each character of `text`."""
    if not text:
        return {}
    chars = np.array(list(text))
    quote = chars == '"'
    newline = chars == "\n"
    steps = np.isin(chars, list(OPENERS)).astype(np.int64) - np.isin(chars, list(CLOSERS))
    depth = _clamped_depth(steps)
    wordy = _per_char(text, lambda ch: ch.isalnum() or ch == "_")
    column = _since_last(newline)
    indent, comment = _line_features(text)
    sentence_end = np.isin(chars, list(SENTENCE_ENDS))
    return {
        "inside quotes": (np.cumsum(quote) % 2).astype(np.float64),
        "inside brackets": (depth > 0).astype(np.float64),
        "bracket depth": depth,
        "column": column,
        "line start": (column == 0).astype(np.float64),
        "newline": newline.astype(np.float64),
        "chars to line end": _chars_to_next(newline),
        "inside word": wordy,
        "position in word": _since_last(wordy == 0) * wordy,
        "uppercase": _per_char(text, str.isupper),
        "digit": _per_char(text, str.isdigit),
        "whitespace": _per_char(text, str.isspace),
        "vowel": _per_char(text, lambda ch: ch in VOWELS),
        "punctuation": _per_char(text, lambda ch: unicodedata.category(ch).startswith("P")),
        "indent depth": indent,
        "inside comment": comment,
        "chars since sentence end": _since_last(sentence_end),
    }


def _chars_to_next(mark: np.ndarray) -> np.ndarray:
    """(N,) characters from i to the next marked position at or after i (to the end if none)."""
    return _since_last(mark[::-1])[::-1].copy()
