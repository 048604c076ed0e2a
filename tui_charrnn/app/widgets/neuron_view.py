"""The inspector's Neurons view: ranked units, and the text coloured by one unit's activation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from tui_charrnn.app.widgets.candidate_bars import char_name
from tui_charrnn.app.widgets.coloured_text import ColouredText
from tui_charrnn.app.widgets.ramp_legend import RampLegend, ramp_styles
from tui_charrnn.colour_ramps import DIVERGING_RAMP, activation_bins

LEGEND_LABELS = ["-1", "", "", "", "", "0", "", "", "", "", "+1"]
FEATURE_CELLS = 15  # the ranked list's feature column (narrow terminals)
LISTED_UNITS = 200  # rows of the ranked list (a big LSTM has thousands); others by number


@dataclass(frozen=True)
class UnitChoice:
    """The unit whose activations colour the text."""

    layer: int  # 0-based layer
    state: str  # "h" (hidden) or "c" (LSTM cell; clipped to -1..1 for colour)
    unit: int  # 0-based unit within the layer

    def describe(self) -> str:
        kind = "cell" if self.state == "c" else "hidden"
        return f"layer {self.layer} {kind} unit {self.unit}"


def parse_unit(text: str, num_layers: int, hidden: int) -> tuple[int, int] | None:
    """(layer, unit) from "17" (layer 0) or "1:17"; None when it is not a unit of the model."""
    parts = text.strip().split(":")
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        return None
    if len(numbers) == 1:
        numbers = [0, *numbers]
    if len(numbers) != 2:
        return None
    layer, unit = numbers
    return (layer, unit) if 0 <= layer < num_layers and 0 <= unit < hidden else None


def fmt_feature(name: str) -> str:
    return name if len(name) <= FEATURE_CELLS else name[: FEATURE_CELLS - 1] + "…"


class NeuronView(Horizontal):
    """The ranked list (and a unit-number field) beside the coloured text and its readout."""

    DEFAULT_CSS = """
    NeuronView {
        height: 1fr;
        #neuron-pick {
            width: 38;
        }
        #units-table {
            height: 1fr;
        }
        #neuron-stats {
            height: auto;
            max-height: 2;
        }
        #neuron-readout {
            height: 1;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result = None  # ScoreResult with activations
        self.units: list = []  # [UnitMatch], ranked
        self.choice: UnitChoice | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="neuron-pick"):
            yield Input(placeholder="unit: 17 or layer:unit, Enter", id="unit-input", compact=True)
            yield DataTable(id="units-table", cursor_type="row", zebra_stripes=True)
        with Vertical():
            yield Static("", id="neuron-stats", markup=False)
            yield RampLegend(id="neuron-legend")
            yield ColouredText(id="neuron-text")
            yield Static("", id="neuron-readout", markup=False)

    def on_mount(self) -> None:
        self.query_one(RampLegend).show("act", DIVERGING_RAMP, LEGEND_LABELS, cell=3)
        self.canvas.on_move = self.show_position
        self.query_one(DataTable).add_columns("L", "st", "unit", "best feature", "r")

    @property
    def canvas(self) -> ColouredText:
        return self.query_one("#neuron-text", ColouredText)

    @property
    def table(self) -> DataTable:
        return self.query_one("#units-table", DataTable)

    def show_text(self, result) -> None:
        """A freshly scored text, coloured by unit 0 until the ranked units arrive."""
        self.result, self.units = result, []
        self.table.clear()
        self.canvas.show(result.text, activation_bins(result.activations[0]["h"][:, 0]), [])
        self.choose(UnitChoice(0, "h", 0))

    def show_pending(self) -> None:
        """A new text is being scored: nothing of the old one stays (activations come with
        the whole text)."""
        self.result, self.units, self.choice = None, [], None
        self.table.clear()
        self.canvas.show("", np.zeros(0, dtype=np.int64), [])
        self.query_one("#neuron-stats", Static).update("scoring the text …")
        self.query_one("#neuron-readout", Static).update("", layout=False)

    def show_units(self, units: list) -> None:
        """The ranked units of the text shown: list the first ones and pick the best."""
        self.units = units[:LISTED_UNITS]
        table = self.table
        table.clear()
        for m in self.units:
            feature = fmt_feature(m.feature)
            table.add_row(str(m.layer), m.state, str(m.unit), feature, f"{m.correlation:+.2f}")
        if units:
            self.choose(UnitChoice(units[0].layer, units[0].state, units[0].unit))

    def choose(self, choice: UnitChoice) -> None:
        """Colour the text by `choice`'s activation."""
        self.choice = choice
        values = self.result.activations[choice.layer][choice.state][:, choice.unit]
        self.canvas.recolour(activation_bins(values), ramp_styles(DIVERGING_RAMP))
        best = self._match(choice)
        about = f" · best: {best.feature}, r {best.correlation:+.3f}" if best else ""
        self.query_one("#neuron-stats", Static).update(f"{choice.describe()}{about}")
        self.show_position(self.canvas.cursor)

    def _match(self, choice: UnitChoice):
        for m in self.units:
            if (m.layer, m.state, m.unit) == (choice.layer, choice.state, choice.unit):
                return m
        return None

    def toggle_state(self) -> str | None:
        """Cell <-> hidden for the same unit (LSTM); returns a message when there is none."""
        if self.choice is None or self.result is None:
            return "nothing to switch yet"
        states = self.result.activations[self.choice.layer]
        if "c" not in states:
            return "this model has no cell state (only LSTMs do)"
        other = "h" if self.choice.state == "c" else "c"
        self.choose(UnitChoice(self.choice.layer, other, self.choice.unit))
        return None

    def show_position(self, index: int) -> None:
        if self.result is None or self.choice is None or not self.result.text:
            return
        c = self.choice
        value = float(self.result.activations[c.layer][c.state][index, c.unit])
        ch = char_name(self.result.text[index])
        line = f"pos {index:,} {ch}: {value:+.3f} ({c.describe()})"
        self.query_one("#neuron-readout", Static).update(line, layout=False)

    @on(DataTable.RowHighlighted, "#units-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.units):
            m = self.units[event.cursor_row]
            self.choose(UnitChoice(m.layer, m.state, m.unit))

    @on(Input.Submitted, "#unit-input")
    def _unit_typed(self, event: Input.Submitted) -> None:
        event.stop()
        if self.result is None:
            return
        acts = self.result.activations
        picked = parse_unit(event.value, len(acts), acts[0]["h"].shape[1])
        if picked is None:
            self.query_one("#neuron-stats", Static).update(
                f"no unit {event.value!r}: give 0-{acts[0]['h'].shape[1] - 1} or layer:unit"
            )
            return
        state = self.choice.state if self.choice else "h"
        self.choose(UnitChoice(picked[0], state, picked[1]))
