"""Corpus data types: a character Vocabulary and a Corpus (a text as ids over it).

Files and folders are turned into a Corpus by the streaming loader in loading.py.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.errors import CorpusError

__all__ = [
    "Corpus",
    "Vocabulary",
    "check_trainable",
    "ids_dtype",
    "make_source_info",
    "split_sizes",
]


def ids_dtype(vocab_size: int) -> np.dtype:
    """The smallest unsigned integer dtype that can hold ids ``0 .. vocab_size - 1``."""
    if vocab_size <= 1 << 8:
        return np.dtype(np.uint8)
    if vocab_size <= 1 << 16:
        return np.dtype(np.uint16)
    return np.dtype(np.uint32)


def _codepoints(text: str) -> np.ndarray:
    """Code points of ``text`` as a uint32 array, without a Python loop over the characters."""
    # surrogatepass keeps lone surrogates (possible in str built by hand) instead of failing.
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _describe_char(ch: str) -> str:
    name = unicodedata.name(ch, "")
    shown = repr(ch)
    return f"{shown} (U+{ord(ch):04X}{' ' + name if name else ''})"


# --------------------------------------------------------------------------------------------
# Vocabulary


class Vocabulary:
    """An ordered character set mapping characters to ids ``0 .. size - 1``.

    ``chars`` is a string of unique characters in sorted (code point) order, so it can be stored
    as JSON next to a checkpoint and rebuilt exactly.
    """

    __slots__ = ("_chars", "_index", "_codepoints", "_table", "_known", "dtype")

    def __init__(self, chars: str) -> None:
        if not isinstance(chars, str):
            raise CorpusError(f"vocabulary must be a string of characters, not {type(chars)}")
        if not chars:
            raise CorpusError("vocabulary is empty")
        if "".join(sorted(set(chars))) != chars:
            raise CorpusError("vocabulary characters must be unique and in sorted order")
        self._chars = chars
        self._index = {ch: i for i, ch in enumerate(chars)}
        self.dtype = ids_dtype(len(chars))
        # id -> code point, used by decode.
        self._codepoints = _codepoints(chars).copy()
        # code point -> id, a dense table up to the largest code point in the vocabulary. Even
        # for the last Unicode plane that is 1.1M entries, so no sparse fallback is needed.
        top = int(self._codepoints[-1])
        self._table = np.zeros(top + 1, dtype=self.dtype)
        self._table[self._codepoints] = np.arange(len(chars), dtype=self.dtype)
        self._known = np.zeros(top + 1, dtype=bool)
        self._known[self._codepoints] = True

    @classmethod
    def from_text(cls, text: str) -> Vocabulary:
        """The vocabulary of every distinct character in ``text``."""
        return cls("".join(sorted(set(text))))

    @property
    def chars(self) -> str:
        return self._chars

    @property
    def size(self) -> int:
        return len(self._chars)

    def __len__(self) -> int:
        return len(self._chars)

    def __contains__(self, ch: object) -> bool:
        return ch in self._index

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Vocabulary):
            return NotImplemented
        return self._chars == other._chars

    def __hash__(self) -> int:
        return hash(self._chars)

    def __repr__(self) -> str:
        preview = self._chars if len(self._chars) <= 40 else self._chars[:40] + "..."
        return f"Vocabulary(size={self.size}, chars={preview!r})"

    def index(self, ch: str) -> int | None:
        """The id of ``ch``, or None when it is not in the vocabulary."""
        return self._index.get(ch)

    def encode(self, text: str) -> np.ndarray:
        """Ids of every character of ``text`` as a 1-D array of ``self.dtype``.

        Raises CorpusError naming the first character that is not in the vocabulary.
        """
        cps = _codepoints(text)
        if cps.size == 0:
            return np.zeros(0, dtype=self.dtype)
        top = self._table.size - 1
        if int(cps.max()) <= top and bool(self._known[cps].all()):
            return self._table[cps]
        # Slow path, only to build the error message.
        bad = cps > top
        inside = ~bad
        bad[inside] = ~self._known[cps[inside]]
        position = int(np.argmax(bad))
        raise CorpusError(
            f"character {_describe_char(text[position])} at position {position} "
            "is not in the vocabulary"
        )

    def decode(self, ids: Iterable[int] | np.ndarray | int) -> str:
        """The text for a sequence of ids (or a single id)."""
        array = np.asarray(ids)
        if array.size == 0:
            return ""
        if not np.issubdtype(array.dtype, np.integer):
            raise CorpusError(f"character ids must be integers, not {array.dtype}")
        array = array.reshape(-1)
        low, high = int(array.min()), int(array.max())
        if low < 0 or high >= self.size:
            wrong = low if low < 0 else high
            raise CorpusError(f"character id {wrong} is outside the vocabulary of size {self.size}")
        return self._codepoints[array].tobytes().decode("utf-32-le", "surrogatepass")


# --------------------------------------------------------------------------------------------
# Corpus


@dataclass(eq=False)
class Corpus:
    """A loaded text as ids over its vocabulary, with where it came from."""

    name: str  # display name: file stem or folder name
    path: str | None  # absolute source path, None for text given directly
    ids: np.ndarray = field(repr=False)  # 1-D, dtype = vocab.dtype
    vocab: Vocabulary
    sha256: str  # of the decoded (normalised) text encoded as UTF-8
    source_info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ids.ndim != 1:
            raise CorpusError("corpus ids must be a 1-D array")

    @classmethod
    def from_text(cls, text: str, name: str = "text") -> Corpus:
        """A corpus from a string, used as-is (no newline or BOM normalisation)."""
        if not text:
            raise CorpusError(f"{name} is empty")
        vocab = Vocabulary.from_text(text)
        encoded = text.encode("utf-8", "surrogatepass")
        info = make_source_info(encoding="utf-8", files_used=0, bytes_read=len(encoded))
        return cls(
            name=name,
            path=None,
            ids=vocab.encode(text),
            vocab=vocab,
            sha256=hashlib.sha256(encoded).hexdigest(),
            source_info=info,
        )

    @property
    def num_chars(self) -> int:
        return int(self.ids.shape[0])

    def split(self, val_fraction: float) -> tuple[np.ndarray, np.ndarray]:
        """``(train_ids, val_ids)``: validation is the last ``val_fraction`` of the text.

        Both are views of ``self.ids``; the validation size is rounded down.
        """
        if not 0.0 <= val_fraction < 1.0:
            raise CorpusError(f"validation fraction must be in [0, 1), not {val_fraction}")
        cut, _ = split_sizes(self.num_chars, val_fraction)
        return self.ids[:cut], self.ids[cut:]

    def preview(self, n: int = 400) -> str:
        """The first ``n`` characters of the text."""
        return self.vocab.decode(self.ids[: max(0, n)])


def split_sizes(num_chars: int, val_fraction: float) -> tuple[int, int]:
    """(training, validation) character counts of a text split as ``Corpus.split`` does."""
    # The tiny epsilon stops 0.29 * 100 = 28.999999999999996 from rounding down to 28.
    num_val = math.floor(num_chars * val_fraction + 1e-9)
    return num_chars - num_val, num_val


def make_source_info(
    *,
    encoding: str,
    files_used: int,
    bytes_read: int,
    files_skipped: int = 0,
    skipped_examples: list[str] | None = None,
    truncated: bool = False,
    files_empty: int = 0,
    skipped_by_reason: dict[str, int] | None = None,
    folder: bool = False,
) -> dict[str, Any]:
    """How a corpus was read, for display. Hidden files and vendored or generated folders of a
    folder corpus are never looked into, so they are counted nowhere; files looked at and left
    out are ``files_skipped``, split by reason in ``skipped_by_reason`` ("binary",
    "undecodable", "unreadable")."""
    return {
        "encoding": encoding,
        "folder": folder,  # True for a folder of files, False for one file or a text
        "files_used": files_used,
        "files_skipped": files_skipped,
        "skipped_by_reason": dict(skipped_by_reason or {}),
        "skipped_examples": list(skipped_examples or []),
        "files_empty": files_empty,  # empty or whitespace-only files left out of a folder
        "bytes_read": bytes_read,
        "truncated": truncated,
    }


def check_trainable(corpus: Corpus, config: TrainConfig) -> None:
    """Raise CorpusError when ``config`` cannot train on ``corpus``.

    Only ``config.seq_len`` and ``config.val_fraction`` are read.
    """
    seq_len = int(config.seq_len)
    val_fraction = float(config.val_fraction)
    train, val = corpus.split(val_fraction)
    if train.size < seq_len + 1:
        raise CorpusError(
            f"corpus too short: {train.size:,} training characters, need at least "
            f"{seq_len + 1:,} for sequence length {seq_len}; use a longer text or a shorter "
            "sequence length"
        )
    if val_fraction > 0 and val.size < 2:
        raise CorpusError(
            f"validation split too small: {val.size} characters from validation fraction "
            f"{val_fraction:g}; use a longer text, a larger validation fraction, "
            "or 0 to disable validation"
        )
