"""The training controller: starts, steers and stops the one training thread of the app.

Threading model (the one rule that keeps the app correct):

* ``Session.train`` runs in one thread worker. It talks to the UI only by posting messages
  (``post_message`` is thread-safe) and never touches a widget or reads the screen's state.
* The controller creates the run's ``LiveControls`` before the worker starts and passes them
  to ``Session.create`` / ``Session.resume``. Everything the user asks for, before or during
  the run (pause, stop, learning rate, clip, temperature, prime, save, sample), is set on
  those controls, once, from the UI thread; the engine reads them between steps.
* A run ends one way: ``controls.stop(status)``. The worker then posts ``RunStopped`` last.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app import keys
from tui_charrnn.app.messages import (
    RunStopped,
    SampleReady,
    SessionReady,
    TrainingEvent,
    TrainingFailed,
    TrainingProgress,
)
from tui_charrnn.app.state import RunState
from tui_charrnn.engine.controls import LiveControls
from tui_charrnn.engine.errors import CharRNNError

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui_charrnn.engine.session import Session

# Builds the session in the worker thread, with the controller's controls.
SessionBuilder = Callable[[LiveControls], "Session"]

FINAL_SAVE_TIMEOUT = 60.0  # seconds the app waits, when closing, for the last checkpoint
# The app's words for the engine's hint keys (engine/errors.py lists them).
HINTS = {
    "encoding": "choose another encoding in the corpus pane",
    "unknown-run": f"the run browser ({keys.key_for('browse_runs').display}) lists the runs",
}


def describe_failure(error: BaseException) -> str:
    """One line for the user: our own errors as they are (plus the app's hint), anything else
    with its type."""
    if isinstance(error, CharRNNError):
        hint = HINTS.get(error.hint or "")
        return f"{error}; {hint}" if hint else str(error)
    return fmt.one_line(f"{type(error).__name__}: {error}", 300)


class TrainingController:
    """The run state machine and the training worker, for one screen."""

    def __init__(
        self,
        owner: DOMNode,
        on_state: Callable[[RunState], None],
        train_options: dict | None = None,
    ) -> None:
        """``owner`` runs the worker and receives its messages; ``on_state`` hears every
        change of state; ``train_options`` go to ``Session.train`` (tests shorten intervals)."""
        self._owner = owner
        self._on_state = on_state
        self._train_options = dict(train_options or {})
        self._state = RunState.IDLE
        self.controls: LiveControls | None = None  # the active run's, from launch to stop
        self.session: Session | None = None  # the run being trained (None until ready)
        self.last_session: Session | None = None  # the last run, kept to sample from
        self.run_name: str | None = None  # the active (or last) run's name
        self.save_requested = False  # F2 was pressed: the next "saved" is announced
        self.save_error: str | None = None  # the last failed save of this run, if any
        self._pause_next = False  # pause_when_ready() before any run was launched
        self._done = threading.Event()  # clear while a training thread runs
        self._done.set()

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> RunState:
        return self._state

    @state.setter
    def state(self, state: RunState) -> None:
        self._state = state
        self._on_state(state)

    @property
    def thread_running(self) -> bool:
        return not self._done.is_set()

    # ------------------------------------------------------------------ starting

    def launch(
        self,
        build: SessionBuilder,
        *,
        resumed: bool,
        temperature: float,
        prime: str,
        learning_rate: float | None = None,
        clip: float | None = None,
        limits: dict | None = None,
    ) -> None:
        """Start the worker. Values given here (and anything set on ``self.controls`` while
        the model is built) win over the run's config; the rest comes from it. ``limits``
        (``max_steps``, ``time_budget``: the budget field's) override the train options'."""
        controls = LiveControls()
        controls.temperature, controls.prime = temperature, prime
        if learning_rate is not None:
            controls.learning_rate = learning_rate
        if clip is not None:
            controls.clip = clip
        if self._pause_next:
            controls.pause()  # the engine then starts paused
        self._pause_next = False
        self.controls = controls
        self.save_requested = False
        self.save_error = None
        self._done.clear()
        self.state = RunState.STARTING
        options = {**self._train_options, **(limits or {})}
        self._owner.run_worker(
            lambda: self._train(build, controls, resumed, options),
            name="training",
            group="training",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _train(
        self, build: SessionBuilder, controls: LiveControls, resumed: bool, options: dict
    ) -> None:
        """The worker: build (or resume) a session and train it until it stops. It sees only
        its arguments and the thread-safe controls."""
        post = self._owner.post_message
        reason = "failed"
        try:
            session = build(controls)
            post(SessionReady(session, resumed))
            post(TrainingProgress(session.trainer.progress()))
            reason = session.train(
                on_progress=lambda progress: post(TrainingProgress(progress)),
                on_sample=lambda text: post(SampleReady(text)),
                on_event=lambda kind, text: post(TrainingEvent(kind, text)),
                **options,
            )
        except Exception as error:  # noqa: BLE001 - shown in the app, which keeps running
            post(TrainingFailed(describe_failure(error)))
        finally:
            # Always last, so the screen can leave the active states whatever happened.
            self._done.set()
            post(RunStopped(reason))

    def pause_when_ready(self) -> None:
        """Have the run that is starting (or the next one) pause before its first step."""
        if self.controls is not None:
            self.controls.pause()
        else:
            self._pause_next = True

    def toggle_pause_at_start(self) -> bool:
        """F5 again while starting: pause when ready, or take that back. True when pausing."""
        assert self.controls is not None
        if self.controls.paused:
            self.controls.resume()
            return False
        self.controls.pause()
        return True

    def session_ready(self, session: Session) -> None:
        """The worker has its session: show the run as training (or paused)."""
        self.session = session
        self.run_name = session.run.name
        if self.state is RunState.STARTING:
            self.state = RunState.PAUSED if session.controls.paused else RunState.TRAINING

    # ------------------------------------------------------------------ steering

    def pause(self) -> None:
        if self.controls is not None:
            self.controls.pause()
        self.state = RunState.PAUSED

    def resume(self) -> None:
        if self.controls is not None:
            self.controls.resume()
        self.state = RunState.TRAINING

    def sync_pause(self) -> None:
        """After a paused/resumed event: the controls say what is true now (events can trail
        the keys, and a quick pause-resume must not leave the wrong state behind)."""
        if self.controls is not None and self.state in (RunState.TRAINING, RunState.PAUSED):
            self.state = RunState.PAUSED if self.controls.paused else RunState.TRAINING

    def diverged(self) -> None:
        """The engine restored the last good weights and paused itself."""
        if self.state is RunState.TRAINING:
            self.state = RunState.PAUSED

    def stop(self, status: str = "stopped") -> None:
        """The one way to end a run. ``status`` is what it records: "stopped", or "paused" to
        offer it for resuming next time. A stop under way keeps the status it was given."""
        if self.controls is None:
            return
        if self.state is not RunState.STOPPING:
            self.controls.stop(status)
        self.state = RunState.STOPPING

    def request_save(self) -> bool:
        if self.session is None or self.controls is None:
            return False
        self.save_requested = True
        self.controls.request_save()
        return True

    def request_sample(self) -> bool:
        if self.session is None or self.controls is None:
            return False
        self.controls.request_sample()
        return True

    def set_live(self, name: str, value: float) -> bool:
        """A learning rate or clip typed by the user; True when a run will use it."""
        if self.controls is None:
            return False
        setattr(self.controls, name, value)
        return True

    def set_sampling(self, temperature: float, prime: str) -> None:
        if self.controls is not None:
            self.controls.temperature, self.controls.prime = temperature, prime

    # ------------------------------------------------------------------ ending

    def stopped(self) -> Session | None:
        """The worker has ended; back to idle. Returns the session that ran, if any."""
        session = self.session
        if session is not None:
            self.last_session = session
        self.session = None
        self.controls = None
        self.state = RunState.IDLE
        return session

    async def shutdown(self) -> None:
        """However the app ends, let the training thread write its final checkpoint first."""
        if self.thread_running:
            if self.controls is not None and not self.controls.stopped:
                self.controls.stop("paused")  # offered for resuming next time
            await asyncio.to_thread(self._done.wait, FINAL_SAVE_TIMEOUT)
