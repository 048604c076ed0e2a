"""The training budget field of the hyperparameter pane: until stopped, minutes, or steps.

A budget is what the engine's learning-rate schedule spans (engine/schedule.py): given one,
``Session.train`` warms up and decays the rate over it and stops at its end. The field turns
the user's choice into those limits (``limits()``) and says in one line what is wrong with an
amount it cannot use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Select

from tui_charrnn.engine.config import TrainConfig

UNTIL_STOPPED = "until"
MINUTES = "minutes"
STEPS = "steps"
KINDS = ((UNTIL_STOPPED, "until stopped"), (MINUTES, "minutes"), (STEPS, "steps"))
# What the amount field offers when a kind is first chosen (a short run, either way).
SUGGESTED = {MINUTES: "3", STEPS: "2000"}
MAX_MINUTES = 7 * 24 * 60  # a week: anything longer is surely a typo
MAX_STEPS = 1_000_000_000
_DEFAULTS = TrainConfig()
KIND_TOOLTIP = (
    "until stopped: the learning rate stays as set. A budget (minutes or steps): the rate "
    f"warms up to {_DEFAULTS.peak_factor:g} x the lr field, then decays to "
    f"{_DEFAULTS.lr_floor:g} x that peak by the end, where training stops by itself"
)


def parse_budget(kind: str, text: str) -> float | int | None:
    """The amount for ``kind`` (minutes as a float, steps as an int; None until stopped).

    Raises ValueError with one line for the user.
    """
    if kind == UNTIL_STOPPED:
        return None
    text = text.strip()
    if kind == MINUTES:
        try:
            minutes = float(text)
        except ValueError:
            minutes = math.nan
        if not (math.isfinite(minutes) and 0 < minutes <= MAX_MINUTES):
            raise ValueError(f"budget must be minutes between 0 and {MAX_MINUTES}, not {text!r}")
        return minutes
    try:
        steps = int(text)
    except ValueError:
        steps = 0
    if not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"budget must be a whole number of steps, at least 1, not {text!r}")
    return steps


class BudgetField(Horizontal):
    """One row: a label, the kind of budget and its amount."""

    DEFAULT_CSS = """
    BudgetField {
        height: 1;
    }
    BudgetField > Label {
        width: 8;
        margin-right: 1;  /* lines up with the grid's labels and gutter above */
        color: $text-muted;
    }
    BudgetField > Select {
        width: 2fr;  /* "until stopped" must fit at 80 columns */
    }
    BudgetField > Input {
        width: 1fr;
        margin-left: 1;
    }
    BudgetField > Input.-invalid, BudgetField > Input.-invalid:focus {
        background: $error 35%;
    }
    """

    @dataclass
    class Changed(Message):
        """The budget was edited: valid (``error`` is None) or not."""

        error: str | None  # one line saying what is wrong, or None when the budget is usable

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = UNTIL_STOPPED  # one of the KINDS' keys
        self.amount: float | int | None = None  # the last valid amount (None: until stopped)
        self.error: str | None = None  # why the typed amount cannot be used, if it cannot
        self._locked = False  # a run is active: the budget cannot change

    def compose(self) -> ComposeResult:
        yield Label("budget")
        yield Select(
            [(label, key) for key, label in KINDS],
            value=UNTIL_STOPPED,
            allow_blank=False,
            compact=True,
            id="hp-budget-kind",
            tooltip=KIND_TOOLTIP,
        )
        yield Input(
            "",
            compact=True,
            id="hp-budget-amount",
            placeholder="amount",
            tooltip="minutes or steps; training stops by itself at the end",
            select_on_focus=True,
            disabled=True,
        )

    @property
    def amount_input(self) -> Input:
        return self.query_one("#hp-budget-amount", Input)

    @on(Select.Changed, "#hp-budget-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL:
            return
        self.kind = str(event.value)
        field = self.amount_input
        if self.kind in SUGGESTED and not field.value.strip():
            field.value = SUGGESTED[self.kind]  # posts Input.Changed: validated there too
        field.disabled = self._locked or self.kind == UNTIL_STOPPED
        self._validate()

    @on(Input.Changed, "#hp-budget-amount")
    def _amount_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._validate()

    def _validate(self) -> None:
        try:
            self.amount = parse_budget(self.kind, self.amount_input.value)
            self.error = None
        except ValueError as error:
            self.error = str(error)
        self.amount_input.set_class(self.error is not None, "-invalid")
        self.post_message(self.Changed(self.error))

    def limits(self) -> dict:
        """Keyword arguments for ``Session.train``: both limits named, so a budget replaces
        any default limit; none when training until stopped."""
        if self.error is not None:
            raise ValueError(self.error)
        if self.kind == MINUTES:
            return {"max_steps": None, "time_budget": float(self.amount) * 60.0}
        if self.kind == STEPS:
            return {"max_steps": int(self.amount), "time_budget": None}
        return {}

    def set_locked(self, locked: bool) -> None:
        """No edits while a run is active (the run's budget is fixed when it starts)."""
        self._locked = locked
        self.query_one("#hp-budget-kind", Select).disabled = locked
        self.amount_input.disabled = locked or self.kind == UNTIL_STOPPED
