"""The hyperparameter pane: every training knob, validated as the user types.

Validation is ``engine.config.validate_field``, the very function the CLI uses, so
the app can never accept a value the engine would refuse (or the reverse).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Select, Static

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app import keys
from tui_charrnn.app.panes.base import Pane
from tui_charrnn.app.state import RunState
from tui_charrnn.app.widgets.budget_field import BudgetField
from tui_charrnn.engine.config import (
    LABELS,
    MODEL_TYPES,
    OPTIMIZERS,
    ConfigError,
    TrainConfig,
    validate_config,
    validate_field,
)


@dataclass(frozen=True)
class Field:
    """One knob: the TrainConfig attribute, a short label, and whether it can change live."""

    name: str
    label: str
    choices: tuple[str, ...] = ()
    live: bool = False
    hint: str = ""  # the tooltip, when the field's name alone does not say enough


_DEFAULTS = TrainConfig()

# Grid order (two fields per row). Learning rate and clip are "live": the engine
# picks them up between steps, so they stay editable while a run is active.
FIELDS: tuple[Field, ...] = (
    Field("model", "model", choices=MODEL_TYPES),
    Field("optimizer", "optim", choices=OPTIMIZERS),
    Field("hidden_size", "hidden"),
    Field("num_layers", "layers"),
    Field("seq_len", "seq len"),
    Field("batch_size", "batch"),
    Field("learning_rate", "lr", live=True),
    Field("clip", "clip", live=True),
    Field("dropout", "dropout"),
    Field(
        "weight_drop",
        "wdrop",
        hint="weight drop: the share of the recurrent weights dropped for each batch, "
        f"from pass {_DEFAULTS.weight_drop_start:g} over the training text, rising to full "
        f"by pass {_DEFAULTS.weight_drop_start + _DEFAULTS.weight_drop_ramp:g}",
    ),
    Field("val_fraction", "val"),
    Field("seed", "seed"),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
# The Start button says what F5 does now.
START_LABELS = {
    RunState.IDLE: keys.button_label("start", "▶"),
    RunState.STARTING: "… starting",
    RunState.TRAINING: keys.button_label("pause", "❚❚"),
    RunState.PAUSED: keys.button_label("resume", "▶"),
    RunState.STOPPING: "… saving",
}
LIVE_DELAY = 0.4  # seconds of no typing before a live value reaches the engine


class HyperparamPane(Pane):
    """A grid of validated fields plus the Start/Stop buttons."""

    BORDER_TITLE = "Hyperparameters"
    DEFAULT_CSS = """
    HyperparamPane {
        height: auto;
    }
    #hp-grid {
        grid-size: 4;
        grid-columns: 8 1fr 8 1fr;
        grid-rows: 1;
        grid-gutter: 0 1;
        height: auto;
    }
    .hp-label {
        color: $text-muted;
        padding: 0 0;
    }
    .hp-field {
        width: 1fr;
    }
    Input.-invalid, Input.-invalid:focus {
        background: $error 35%;
    }
    #hp-errors {
        display: none;
        color: $error;
        text-style: bold;
        height: auto;
    }
    #hp-buttons {
        height: 1;
        margin-top: 1;
    }
    #hp-buttons Button {
        width: 1fr;
        margin-right: 1;
    }
    """

    @dataclass
    class LiveChanged(Message):
        """A live field (learning rate, clip) now holds a new valid value."""

        name: str  # the TrainConfig field: "learning_rate" or "clip"
        value: float  # its new, validated value

    @dataclass
    class SplitChanged(Message):
        """The validation fraction changed, so the corpus pane's split numbers must too."""

        val_fraction: float  # the new, validated fraction held out for validation

    run_state: reactive[RunState] = reactive(RunState.IDLE, init=False)  # the screen's

    def __init__(self, config: TrainConfig, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Fields the pane does not show (momentum, decay, eval interval...) come from here.
        self._base = config
        self._values: dict[str, object] = {f.name: getattr(config, f.name) for f in FIELDS}
        self._errors: dict[str, str] = {}
        self._locked = False
        self._pending_live: dict[str, float] = {}
        self._live_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Grid(id="hp-grid"):
            for field in FIELDS:
                yield Label(field.label, classes="hp-label")
                value = self._values[field.name]
                if field.choices:
                    yield Select(
                        [(choice, choice) for choice in field.choices],
                        value=value,
                        allow_blank=False,
                        compact=True,
                        id=f"hp-{field.name}",
                        classes="hp-field",
                        tooltip=field.hint or LABELS[field.name],
                    )
                else:
                    yield Input(
                        fmt.number(value),
                        compact=True,
                        id=f"hp-{field.name}",
                        classes="hp-field",
                        tooltip=(field.hint or LABELS[field.name])
                        + (" (changes live while training)" if field.live else ""),
                        select_on_focus=True,
                    )
        yield BudgetField(id="hp-budget")
        yield Static("", id="hp-errors", markup=False)
        with Horizontal(id="hp-buttons"):
            yield Button(START_LABELS[RunState.IDLE], id="start", variant="success", compact=True)
            yield Button(
                keys.button_label("stop_run", "■"),
                id="stop",
                variant="error",
                compact=True,
                disabled=True,
            )

    # -------------------------------------------------------------- validation

    @on(Input.Changed, ".hp-field")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check(self._field_name(event.input.id), event.value)

    @on(Select.Changed, ".hp-field")
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            self._check(self._field_name(event.select.id), event.value)

    @staticmethod
    def _field_name(widget_id: str | None) -> str:
        return (widget_id or "").removeprefix("hp-")

    def _check(self, name: str, raw: object) -> None:
        try:
            value = validate_field(name, raw)
        except ConfigError as error:
            self._errors[name] = str(error)
        else:
            self._errors.pop(name, None)
            changed = value != self._values.get(name)
            self._values[name] = value
            if changed and FIELD_BY_NAME[name].live:
                self._queue_live(name, float(value))
            if changed and name == "val_fraction":
                self.post_message(self.SplitChanged(float(value)))
        self._check_combination()
        self.query_one(f"#hp-{name}").set_class(name in self._errors, "-invalid")
        self._show_errors()  # also enables or disables Start

    # ------------------------------------------------------------- live values

    def _queue_live(self, name: str, value: float) -> None:
        """Send a live value once typing pauses, not on every keystroke.

        Typing "0.5" into clip passes through "0" (no clipping at all): applying each
        prefix would run real training steps with values nobody asked for.
        """
        self._pending_live[name] = value
        if self._live_timer is not None:
            self._live_timer.stop()
        self._live_timer = self.set_timer(LIVE_DELAY, self.flush_live)

    def flush_live(self) -> None:
        """Post every pending live value now (also on Enter and when the field loses focus)."""
        if self._live_timer is not None:
            self._live_timer.stop()
            self._live_timer = None
        pending, self._pending_live = self._pending_live, {}
        for name, value in pending.items():
            self.post_message(self.LiveChanged(name, value))

    @on(Input.Submitted, ".hp-field")
    @on(Input.Blurred, ".hp-field")
    def _live_field_done(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        self.flush_live()

    @on(BudgetField.Changed)
    def _budget_changed(self, event: BudgetField.Changed) -> None:
        event.stop()
        self._note_budget_error(event.error)
        self._check_combination()
        self._show_errors()

    def _note_budget_error(self, error: str | None) -> None:
        if error is None:
            self._errors.pop("budget", None)
        else:
            self._errors["budget"] = error

    def train_limits(self) -> dict:
        """The budget as ``Session.train`` limits ({} until stopped); ValueError if invalid."""
        return self.query_one(BudgetField).limits()

    def _check_combination(self) -> None:
        """Fields can each be fine yet too big together (e.g. parameter count)."""
        self._errors.pop("", None)
        if any(self._errors):
            return
        try:
            validate_config(self._merged())
        except ConfigError as error:
            self._errors[""] = str(error)

    def _merged(self) -> TrainConfig:
        return dataclasses.replace(self._base, **self._values)

    def _show_errors(self) -> None:
        lines = [f"✗ {text}" for text in self._errors.values()]
        errors = self.query_one("#hp-errors", Static)
        errors.update("\n".join(lines))
        errors.display = bool(lines)
        self.query_one("#start", Button).disabled = not self.is_valid and not self._locked

    @property
    def is_valid(self) -> bool:
        return not self._errors

    @property
    def errors(self) -> dict[str, str]:
        """Field name -> reason, for every invalid field ('' for combinations)."""
        return dict(self._errors)

    def config_value(self, name: str) -> object:
        """The last valid value of one field (what a live change would use)."""
        return self._values[name]

    def config(self) -> TrainConfig:
        """The validated configuration; raises ConfigError naming the first problem."""
        if self._errors:
            raise ConfigError(next(iter(self._errors.values())))
        return validate_config(self._merged())

    # ------------------------------------------------------------------- state

    def show_config(self, config: TrainConfig) -> None:
        """Display a run's configuration (e.g. after resuming it)."""
        self._base = config
        for field in FIELDS:
            value = getattr(config, field.name)
            self._values[field.name] = value
            widget = self.query_one(f"#hp-{field.name}")
            if isinstance(widget, Select):
                widget.value = value
            elif isinstance(widget, Input):
                # Setting the value posts Input.Changed, which re-validates: harmless.
                widget.value = fmt.number(value)
        self._errors.clear()
        self._note_budget_error(self.query_one(BudgetField).error)  # not part of a config
        self._show_errors()

    def set_live_value(self, name: str, value: float) -> None:
        """Reflect a live value the engine is using, without posting LiveChanged back."""
        self._values[name] = value
        self.query_one(f"#hp-{name}", Input).value = fmt.number(value)

    def watch_run_state(self, state: RunState) -> None:
        """Lock structural fields while a run exists and relabel the buttons."""
        self._locked = state.active
        for field in FIELDS:
            self.query_one(f"#hp-{field.name}").disabled = self._locked and not field.live
        self.query_one(BudgetField).set_locked(self._locked)
        start = self.query_one("#start", Button)
        start.label = START_LABELS[state]
        start.disabled = state in (RunState.STARTING, RunState.STOPPING) or (
            state is RunState.IDLE and not self.is_valid
        )
        self.query_one("#stop", Button).disabled = state not in (
            RunState.TRAINING,
            RunState.PAUSED,
        )
