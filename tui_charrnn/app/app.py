"""CharRNNApp: the Textual studio that trains a char-RNN and shows it learning.

The app keeps what is app-wide: the global keys (from the key table in keys.py, working
over any dialog), the command palette, the screens, and the startup arguments. The main
screen (screens/main.py) owns the panes and the training controller (controller.py),
whose docstring states the threading rule.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import ModalScreen, Screen

from tui_charrnn.app import keys
from tui_charrnn.app.screens.help import HelpScreen
from tui_charrnn.app.screens.main import MainScreen
from tui_charrnn.app.screens.resume import ResumeOfferScreen
from tui_charrnn.app.screens.runs import RunBrowserScreen
from tui_charrnn.engine.config import TrainConfig

UI_SWITCH_INTERVAL = 0.001  # seconds; see on_mount


class CharRNNApp(App[int]):
    """Pick a corpus, set hyperparameters, press F5, watch the loss fall and the samples improve."""

    CSS_PATH = "app.tcss"
    TITLE = "charrnn-tui"
    # Narrow terminals (80 columns) get a slimmer left column; short ones drop decoration.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-tall")]
    # Priority bindings fire before the focused widget sees the key, so they work even while
    # an Input has focus. F5 is three bindings; check_action enables exactly one, which also
    # gives the footer the right label (Start / Pause / Resume).
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings()

    def __init__(
        self,
        corpus: str | None = None,
        config: TrainConfig | None = None,
        resume: str | None = None,
        *,
        offer_resume: bool = True,
        train_options: dict | None = None,
    ) -> None:
        """``corpus``: a path or bundled name to open first; ``config``: initial values;
        ``resume``: a run to continue at once. ``train_options`` go to ``Session.train``
        (tests and benchmarks shorten intervals with it)."""
        super().__init__()
        self._initial_corpus = corpus
        self._resume_at_start = resume
        self._offer_resume = offer_resume and resume is None
        self.main = MainScreen(config or TrainConfig(), train_options)
        self._previous_switch_interval = sys.getswitchinterval()

    def get_default_screen(self) -> Screen:
        return self.main

    def on_mount(self) -> None:
        # The trainer thread runs long stretches of Python (sampling, bookkeeping) that
        # hold the GIL; by default the UI thread may wait 5 ms for it each time it needs
        # it. A 1 ms interval keeps keys snappy while training and costs training little.
        self._previous_switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(UI_SWITCH_INTERVAL)

    def on_ready(self) -> None:
        # After the first paint, so every pane has mounted its children.
        self.main.startup(self._initial_corpus, self._resume_at_start, self._offer_resume)

    async def on_unmount(self) -> None:
        sys.setswitchinterval(self._previous_switch_interval)
        # However the app ends (Ctrl+Q has already waited; a signal or a harness has not),
        # let the training thread write its final checkpoint before the app is gone.
        await self.main.controller.shutdown()

    # ------------------------------------------------------------------ global keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.main.allows(action)

    def _close_modals(self) -> None:
        """Global keys act on the main screen, so first close whatever dialog is open."""
        while isinstance(self.screen, ModalScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    def action_start(self) -> None:
        if isinstance(self.screen, ResumeOfferScreen):
            # F5 while the offer is showing means "yes, carry on training that run".
            self.screen.dismiss(True)
            return
        self._close_modals()
        self.main.start()

    def action_pause(self) -> None:
        self._close_modals()
        self.main.pause()

    def action_resume(self) -> None:
        self._close_modals()
        self.main.resume()

    def action_sample_now(self) -> None:
        self._close_modals()
        self.main.sample_now()

    def action_save_now(self) -> None:
        self._close_modals()
        self.main.save_now()

    def action_stop_run(self) -> None:
        self._close_modals()
        self.main.stop()

    def action_browse_runs(self) -> None:
        if isinstance(self.screen, RunBrowserScreen):
            return
        self._close_modals()
        self.main.browse_runs()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self._close_modals()
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        # A running run is stopped first and the app exits once it is saved; a second
        # Ctrl+Q exits at once (on_unmount still lets the final save finish).
        if self.main.quit_when_saved():
            self.exit(0)

    # ------------------------------------------------------------------ palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for row in keys.KEYS:
            if row.palette:
                # F5 from the palette does what the Start button does in each state.
                action = (
                    self.main.start_pause_resume
                    if row.action == "start"
                    else getattr(self, f"action_{row.action}")
                )
                yield SystemCommand(row.palette, f"{row.display}: {row.help}", action)
        yield SystemCommand(
            "Open a corpus file", "Browse for a text file or folder", self.main.browse_files
        )
