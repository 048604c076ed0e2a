"""Messages that carry news from background workers to the app thread.

Workers run in threads and must never touch widgets; they post these with
``App.post_message`` (thread-safe) and the app's handlers update the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui_charrnn.engine.session import Session
    from tui_charrnn.engine.text import Corpus
    from tui_charrnn.engine.trainer import Progress


class TrainingProgress(Message):
    """A fresh snapshot of the trainer's counters and loss history."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        # Only the newest snapshot matters: if the app falls behind, a queued
        # snapshot is dropped in favour of the one behind it.
        return isinstance(message, TrainingProgress)


class SessionReady(Message):
    """The worker built (or resumed) a session and is about to train it."""

    def __init__(self, session: Session, resumed: bool) -> None:
        super().__init__()
        self.session = session
        self.resumed = resumed


class SampleReady(Message):
    """Generated text from the current (or a stored) model."""

    def __init__(self, text: str, source: str = "") -> None:
        super().__init__()
        self.text = text
        self.source = source


class TrainingEvent(Message):
    """Something the engine reported: saved, paused, resumed, diverged, warning, error."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__()
        self.kind = kind
        self.text = text


class RunStopped(Message):
    """The training loop returned ("steps", "time" or "stopped") after its final save."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class TrainingFailed(Message):
    """The session could not be built, or training raised; ``text`` is one line."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class CorpusLoadProgress(Message):
    """How far a corpus load has got, as a fraction in [0, 1]."""

    def __init__(self, fraction: float) -> None:
        super().__init__()
        self.fraction = fraction

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CorpusLoadProgress)


class CorpusLoaded(Message):
    """A corpus finished loading and is now the current choice."""

    def __init__(self, corpus: Corpus, source: str, remember: bool) -> None:
        super().__init__()
        self.corpus = corpus
        self.source = source
        self.remember = remember


class CorpusFailed(Message):
    """A corpus could not be used; the previous choice stays."""

    def __init__(self, source: str, text: str) -> None:
        super().__init__()
        self.source = source
        self.text = text


class RunSampled(Message):
    """Text sampled from a stored run (from the run browser), or why it failed."""

    def __init__(self, run_name: str, text: str | None, error: str | None = None) -> None:
        super().__init__()
        self.run_name = run_name
        self.text = text
        self.error = error
