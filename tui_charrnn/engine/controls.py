"""LiveControls: how another thread steers training while it runs.

Whoever starts training (the app, the CLI, a script) creates one, may set values on it before
the run exists (a learning rate typed early, a pause or a stop requested while the corpus
loads), and passes it to ``Session.create`` / ``Session.resume``. Values left unset (``None``)
are filled from the run when the session binds the controls. The training thread reads them
between steps.
"""

from __future__ import annotations

import threading

# What the preview sample uses when nobody chose otherwise.
SAMPLING_DEFAULTS = {"temperature": 0.8, "top_k": 0, "prime": ""}


class LiveControls:
    """Thread-safe values and requests: plain attribute assignment of Python floats and strings
    is atomic, so the values need no lock; events carry pause and stop, and the one-shot
    request flags are consumed by the training thread."""

    def __init__(self) -> None:
        self.learning_rate: float | None = None  # base rate before decay; None: the run's
        self.clip: float | None = None  # gradient clip threshold; None: the run's
        self.temperature: float | None = None  # preview sampling temperature
        self.top_k: int | None = None  # preview top-k (0: all characters)
        self.prime: str | None = None  # preview prime text ("" continues the training state)
        self.stop_status: str | None = None  # what a stopped run records; None until stop()
        self._running = threading.Event()
        self._running.set()
        self._stop = threading.Event()
        self._save = threading.Event()
        self._sample = threading.Event()

    def fill_unset(self, **values) -> None:
        """Give each named attribute that is still ``None`` the value passed for it."""
        for name, value in values.items():
            if getattr(self, name) is None:
                setattr(self, name, value)

    # pause / resume
    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_while_paused(self, timeout: float) -> bool:
        """Block up to `timeout` seconds while paused; True when running."""
        return self._running.wait(timeout)

    # stop: the one way to end a run early
    def stop(self, status: str = "stopped") -> None:
        """End training; `status` is what the run records and what `Session.train` returns:
        "stopped" when the user ended it, "paused" when it should be offered for resuming
        (the app quitting mid-run)."""
        self.stop_status = status
        self._stop.set()
        self._running.set()  # wake a paused loop so it can see the stop

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # one-shot requests
    def request_save(self) -> None:
        self._save.set()

    def request_sample(self) -> None:
        self._sample.set()

    def take_save_request(self) -> bool:
        return _take(self._save)

    def take_sample_request(self) -> bool:
        return _take(self._sample)


def _take(event: threading.Event) -> bool:
    if event.is_set():
        event.clear()
        return True
    return False
