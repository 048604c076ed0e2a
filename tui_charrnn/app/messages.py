"""Messages that carry news from background workers to the main screen.

Workers run in threads and must never touch widgets; they post these with
``post_message`` (thread-safe) and the screen's handlers update the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui_charrnn.engine.session import Session
    from tui_charrnn.engine.text import Corpus
    from tui_charrnn.engine.trainer import Progress


@dataclass
class TrainingProgress(Message):
    """A fresh snapshot of the trainer's counters and loss history (at most ~10 a second)."""

    progress: Progress  # copies, safe to read on the UI thread

    def can_replace(self, message: Message) -> bool:
        # Only the newest snapshot matters: if the screen falls behind, a queued
        # snapshot is dropped in favour of the one behind it.
        return isinstance(message, TrainingProgress)


@dataclass
class SessionReady(Message):
    """The worker built (or resumed) a session and is about to train it."""

    session: Session  # the run now training; its controls are the controller's
    resumed: bool  # True when an existing run continues


@dataclass
class SampleReady(Message):
    """Generated text from the model being trained."""

    text: str  # the sample, exactly as generated


@dataclass
class TrainingEvent(Message):
    """Something the engine reported: saved, paused, resumed, diverged, warning, error, note."""

    kind: str  # the engine's event name
    text: str  # one line for the user


@dataclass
class RunStopped(Message):
    """The training thread ended ("steps", "time", "stopped" or "failed") after its final save."""

    reason: str  # what Session.train returned, or "failed"


@dataclass
class TrainingFailed(Message):
    """The session could not be built, or training raised."""

    text: str  # one line for the user


@dataclass
class CorpusLoadProgress(Message):
    """How far a corpus load has got."""

    fraction: float  # in [0, 1]

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CorpusLoadProgress)


@dataclass
class CorpusLoaded(Message):
    """A corpus finished loading and is now the current choice."""

    corpus: Corpus  # the loaded text
    source: str  # what the user picked, as shown
    remember: bool  # True to add it to the recent files (not for bundled corpora)


@dataclass
class CorpusFailed(Message):
    """A corpus could not be used; the previous choice stays."""

    source: str  # what the user picked, as shown
    text: str  # one line: why


@dataclass
class RunSampled(Message):
    """Text sampled from a stored (or stopped) run, or why that failed."""

    run_name: str  # the run sampled from
    text: str | None  # the sample, None on failure
    error: str | None = None  # one line when sampling failed


@dataclass
class CorpusDownloadProgress(Message):
    """How far a corpus download has got."""

    received: int  # bytes received so far
    expected: int  # the registry's size of the text

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CorpusDownloadProgress)


@dataclass
class CorpusDownloadFinished(Message):
    """A corpus download ended: verified and in place, or failed, or cancelled."""

    name: str  # the registry name ("tinyshakespeare")
    path: str | None  # the verified text, None when the download did not succeed
    error: str = ""  # one line when it did not
