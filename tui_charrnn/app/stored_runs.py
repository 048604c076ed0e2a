"""Stored runs, seen from the main screen: the offer to resume, the run browser, samples.

``StoredRuns`` opens the resume offer and the run browser over the main screen and acts on
the choice: resuming goes back to the screen (which owns starting runs); sampling from a
stored run, or from the run that last stopped, happens in a thread worker on the screen,
whose ``RunSampled`` message the screen passes back here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.screens.resume import ResumeOfferScreen
from tui_charrnn.app.screens.runs import RunBrowserScreen, RunChoice
from tui_charrnn.app.workers import sample_job
from tui_charrnn.engine import runs as run_store
from tui_charrnn.engine.errors import CharRNNError

if TYPE_CHECKING:
    from tui_charrnn.app.messages import RunSampled
    from tui_charrnn.app.screens.main import MainScreen
    from tui_charrnn.engine.session import Session
    from tui_charrnn.engine.text import Corpus


class StoredRuns:
    """The resume offer, the run browser and sampling outside the active run."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen  # resumes runs, runs the sampling worker, holds the panes

    def offer_latest(self) -> None:
        """At startup: offer to continue the latest run that did not finish."""
        screen = self._screen
        try:
            summary = run_store.latest_unfinished_run()
        except CharRNNError as error:
            screen.set_status(f"could not list runs: {error}")
            return
        if summary is not None:
            screen.app.push_screen(
                ResumeOfferScreen(summary),
                lambda resume: screen.resume_run(summary.name) if resume else None,
            )

    def reusable_corpus(self, name: str, loaded: Corpus | None) -> Corpus | None:
        """``loaded`` when it is run ``name``'s own text (same SHA-256), else None.

        Resuming with it spares reading a large corpus from disk again; with None the engine
        reloads the run's text.
        """
        try:
            stored_sha = (run_store.open_run(name).info.get("corpus") or {}).get("sha256")
        except CharRNNError:
            stored_sha = None  # the worker reports the problem when it resumes
        return loaded if loaded is not None and loaded.sha256 == stored_sha else None

    def browse(self) -> None:
        """Open the run browser; the active run is marked with its current step."""
        screen = self._screen
        active = screen.run_name if screen.run_state.active else None
        progress = screen.loss_pane.progress
        step = progress.step if active and progress else None
        screen.app.push_screen(RunBrowserScreen(active, step), self._chosen)

    def _chosen(self, choice: RunChoice | None) -> None:
        if choice is None:
            return
        if choice.action == "resume":
            self._screen.resume_run(choice.name)
        elif choice.action == "sample":
            self.sample(choice.name, None)

    def sample(self, run_name: str | None, session: Session | None) -> None:
        """Sample a stored run (by name) or a stopped session, in the background."""
        screen = self._screen
        screen.set_status(f"sampling from {run_name}…" if run_name else "sampling…")
        # Read the widgets here, on the UI thread; the worker gets plain values.
        temperature, prime = screen.sample_pane.temperature, screen.sample_pane.prime
        screen.run_worker(
            lambda: sample_job(screen.post_message, run_name, session, temperature, prime),
            group="sample",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def sampled(self, message: RunSampled) -> None:
        screen = self._screen
        if message.error is not None:
            title = f"Cannot sample {message.run_name}"
            screen.notify(message.error, title=title, severity="error")
            screen.set_status(message.error)
            return
        screen.set_status(f"sampled from {message.run_name}")
        temperature = fmt.number(screen.sample_pane.temperature)
        caption = f"{message.run_name} · temp {temperature}"
        screen.sample_pane.show_sample(message.text or "", caption)
