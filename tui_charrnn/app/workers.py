"""The app's side jobs, run in thread workers: loading or downloading a corpus, and sampling a
finished run.

Each is a plain function of plain values that reports by posting messages, so it never
touches a widget; the main screen starts them with ``run_worker(..., thread=True)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from tui_charrnn import paths
from tui_charrnn.app.controller import describe_failure
from tui_charrnn.app.messages import (
    CorpusDownloadFinished,
    CorpusDownloadProgress,
    CorpusFailed,
    CorpusLoaded,
    CorpusLoadProgress,
    RunSampled,
)
from tui_charrnn.engine.errors import FetchCancelled
from tui_charrnn.engine.loading import load_corpus
from tui_charrnn.engine.sampling import sample_text
from tui_charrnn.engine.sources import fetch_corpus
from tui_charrnn.engine.stored import load_model

if TYPE_CHECKING:
    from tui_charrnn.app.panes import CorpusChoice
    from tui_charrnn.engine.session import Session

SAMPLE_LENGTH = 400  # characters per sample from a stored or stopped run

Post = Callable[[Message], object]


class _Superseded(Exception):
    """Raised inside a corpus load that a newer request has replaced."""


def load_corpus_job(post: Post, choice: CorpusChoice, encoding: str, resolve: bool) -> None:
    """Load a corpus; a newer request cancels this one (its worker is exclusive)."""
    worker = get_current_worker()

    def progress(fraction: float) -> None:
        if worker.is_cancelled:
            # Raising abandons the load (load_corpus allows it): nobody wants it now.
            raise _Superseded
        post(CorpusLoadProgress(fraction))

    try:
        path = str(paths.resolve_corpus_arg(choice.path)) if resolve else choice.path
        corpus = load_corpus(path, encoding=encoding, progress=progress)
    except _Superseded:
        return
    except Exception as error:  # noqa: BLE001 - every failure is shown, none crashes
        if not worker.is_cancelled:
            post(CorpusFailed(choice.title, describe_failure(error)))
        return
    if not worker.is_cancelled:
        post(CorpusLoaded(corpus, choice.title, remember=not choice.bundled))


def fetch_corpus_job(post: Post, name: str, dest_dir: Path, cancel: threading.Event) -> None:
    """Download and verify the registry corpus ``name``; ``cancel`` stops it between chunks."""

    def progress(received: int, expected: int) -> None:
        post(CorpusDownloadProgress(received, expected))

    try:
        path = fetch_corpus(name, dest_dir, progress=progress, should_cancel=cancel.is_set)
    except FetchCancelled as error:
        post(CorpusDownloadFinished(name, None, str(error)))
    except Exception as error:  # noqa: BLE001 - offline, checksum, disk: shown, never fatal
        # After a cancel, a transfer cut short is the cancel's doing, not a network fault.
        text = f"download of {name} cancelled" if cancel.is_set() else describe_failure(error)
        post(CorpusDownloadFinished(name, None, text))
    else:
        post(CorpusDownloadFinished(name, str(path)))


def sample_job(
    post: Post, run_name: str | None, session: Session | None, temperature: float, prime: str
) -> None:
    """Sample from a stored run's best checkpoint, or from a stopped session's weights."""
    label = run_name or (session.run.name if session else "")
    try:
        if session is not None:
            text = session.trainer.sample(SAMPLE_LENGTH, temperature=temperature, prime=prime)
        else:
            assert run_name is not None
            model, vocab, _ = load_model(run_name)
            text = sample_text(model, vocab, SAMPLE_LENGTH, temperature=temperature, prime=prime)
    except Exception as error:  # noqa: BLE001 - a corrupt run is reported, not fatal
        post(RunSampled(label, None, describe_failure(error)))
        return
    post(RunSampled(label, text))
