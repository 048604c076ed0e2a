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
    from tui_charrnn.engine.trainer import single_thread_blas

    app = CharRNNApp(corpus=corpus, config=config, resume=resume)
    # Every product in the app is RNN-sized (training, the inspector's scoring, sampling), where
    # two BLAS threads are slower than one. Pinned for the whole process, so that one thread
    # leaving its own pin (training does) cannot hand another two threads mid-work.
    with single_thread_blas():
        app.run()
    return app.return_code or 0


__all__ = ["run_app"]
