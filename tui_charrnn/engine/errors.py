"""Typed, one-line errors that the CLI and the app show to the user as they are.

An error may carry a ``hint``: a short key saying what the user can do about it. The engine
never words that advice in terms of one front end (no command-line flags); the CLI and the app
each turn the key into their own words. Keys in use:

* ``"encoding"``: the text could not be decoded in the chosen encoding;
* ``"run-exists"``: a run of that name exists; resuming it is the way to continue it;
* ``"unknown-run"``: no run has that name; the list of stored runs shows the names;
* ``"vocabulary"``: a resumed run was given a text whose characters differ from its own.
"""

from __future__ import annotations


class CharRNNError(ValueError):
    """Base of every user-facing failure; ``str(error)`` is a single line."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        # Keep messages to one line whatever the cause text contained.
        super().__init__(" ".join(str(message).split()))
        self.hint = hint  # a key such as "encoding", or None: see the module docstring


class CorpusError(CharRNNError):
    """The text could not be used as a corpus."""


class CheckpointError(CharRNNError):
    """A checkpoint could not be written, or is unsafe, corrupt or incompatible."""


class RunError(CharRNNError):
    """A run folder is missing, ambiguous or cannot be changed."""


class FetchError(CharRNNError):
    """A corpus could not be downloaded, or what arrived is not the expected text."""


class FetchCancelled(FetchError):
    """The caller asked a download to stop; nothing was kept."""
