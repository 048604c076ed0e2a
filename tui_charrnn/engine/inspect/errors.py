"""The inspector's own error type."""

from __future__ import annotations

from tui_charrnn.engine.errors import CharRNNError


class InspectError(CharRNNError):
    """A text or option the inspector cannot use (no known characters, a bad beam width...)."""
