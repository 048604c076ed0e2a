"""A one-line legend of a colour ramp: each colour step with the value it starts at."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui_charrnn.colour_ramps import RGB, ink_for


def ramp_styles(ramp: tuple[RGB, ...]) -> list[Style]:
    """One style per step: the step's colour as background, with ink that reads on it."""
    return [Style.parse(f"{ink_for(rgb)} on rgb({rgb[0]},{rgb[1]},{rgb[2]})") for rgb in ramp]


class RampLegend(Static):
    """e.g. ``nats  0.0 0.7 1.3 ... 5.3+`` with each number on its colour."""

    DEFAULT_CSS = """
    RampLegend {
        height: 1;
        width: 1fr;
    }
    """

    def show(self, title: str, ramp: tuple[RGB, ...], labels: list[str], cell: int = 4) -> None:
        """`labels` (one per step, "" for none) centred in `cell` columns each."""
        line = Text(f"{title} ", style="dim")
        for style, label in zip(ramp_styles(ramp), labels, strict=True):
            line.append(f"{label:^{cell}}", style=style)
        self.update(line)
