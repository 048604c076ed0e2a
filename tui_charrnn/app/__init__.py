"""The Textual app: ``run_app`` is what ``charrnn-tui`` with no arguments calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_charrnn.engine.config import TrainConfig


def run_app(
    corpus: str | None = None,
    config: TrainConfig | None = None,
    resume: str | None = None,
) -> int:
    """Run the studio until the user quits; return the process exit status.

    ``corpus`` is a path or bundled corpus name to open first (default: the first bundled
    corpus), ``config`` the initial hyperparameters, ``resume`` a run to continue at once.
    """
    # Imported here so that importing the package (e.g. by the CLI) does not load Textual.
    from tui_charrnn.app.app import CharRNNApp

    app = CharRNNApp(corpus=corpus, config=config, resume=resume)
    app.run()
    return app.return_code or 0


__all__ = ["run_app"]
