"""Typed, one-line errors that the CLI and the app show to the user as they are."""


class CharRNNError(ValueError):
    """Base of every user-facing failure; ``str(error)`` is a single line."""

    def __init__(self, message: str) -> None:
        # Keep messages to one line whatever the cause text contained.
        super().__init__(" ".join(str(message).split()))


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
