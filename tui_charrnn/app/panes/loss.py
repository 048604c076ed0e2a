"""The loss pane: live numbers and sparklines of the training and validation loss, the learning
rate under the training curve, and one line of advice when the curves say something is wrong."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from statistics import fmean
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Sparkline, Static

from tui_charrnn.app import formatting as fmt
from tui_charrnn.app.panes.base import Pane
from tui_charrnn.app.widgets.lr_track import LrTrack
from tui_charrnn.engine.advice import Advisor

if TYPE_CHECKING:
    from tui_charrnn.engine.trainer import Progress

# The sparkline squeezes its data into the widget's width anyway; keeping more
# points than a wide terminal has columns only costs time on every redraw.
MAX_POINTS = 600
MAX_RATES = 4000  # (step, learning rate) samples kept for the lr track; then thinned


def finite_points(steps: Sequence[int], values: Sequence[object]) -> list[tuple[int, float]]:
    """(step, loss) pairs of a training history, skipping gaps and non-finite losses."""
    return [
        (int(step), float(value))
        for step, value in zip(steps, values, strict=True)
        if isinstance(value, (int, float)) and math.isfinite(value)
    ]


def finite_losses(values: Iterable[object]) -> list[float]:
    """Plain floats from a history, skipping gaps (None) and non-finite values.

    Entries may be numbers or (step, loss) pairs; the loss is the last element.
    """
    result: list[float] = []
    for value in values:
        if isinstance(value, (tuple, list)):
            value = value[-1] if value else None
        if isinstance(value, (int, float)) and math.isfinite(value):
            result.append(float(value))
    return result


class LossSparkline(Sparkline):
    """A sparkline whose highs warn and whose lows are good news (it is a loss)."""

    DEFAULT_CSS = """
    LossSparkline > .sparkline--max-color {
        color: $warning;
    }
    LossSparkline > .sparkline--min-color {
        color: $success;
    }
    """


class LossPane(Pane):
    """Step, epoch, losses, bits per character, speed and elapsed time, plus history.

    Drawing is the app thread's main cost while training, and every bit of it is taken
    from the trainer (they share the CPU, and the GIL). So updates never trigger a
    layout pass (every child has a fixed height), the numbers are plain text rather
    than a table, and the sparklines, which change slowly, redraw at most once a second.
    """

    BORDER_TITLE = "Loss"
    DEFAULT_CSS = """
    LossPane {
        height: 1fr;
        min-height: 14;
    }
    #loss-stats {
        height: 5;
    }
    #advice {
        display: none;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $warning;
    }
    .spark-label {
        margin-top: 0;
        color: $text-muted;
    }
    #train-spark {
        height: 1fr;
        min-height: 2;
    }
    #val-spark {
        height: 2;
    }
    """
    SPARK_INTERVAL = 1.0  # seconds between sparkline redraws

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.progress: Progress | None = None
        self._train_points: list[float] = []
        self._val_points: list[float] = []
        self._last_spark = -math.inf
        self._rates: list[tuple[int, float]] = []  # (step, scheduled lr) as reported
        self._changes: list[tuple[int, int]] = []  # (step, +1 or -1): the user changed the lr
        self._advisor = Advisor()  # its hysteresis keeps the advice line from flickering
        self._advice: str | None = None  # the advice line shown, if any

    def compose(self) -> ComposeResult:
        yield Static(self._stats_text(None), id="loss-stats")
        yield Static("", id="advice", markup=False)
        yield Static(self._range_label("train", []), id="train-label", classes="spark-label")
        yield LossSparkline([], id="train-spark", summary_function=fmean)
        yield LrTrack(id="lr-track")
        yield Static(self._range_label("validation", []), id="val-label", classes="spark-label")
        yield LossSparkline([], id="val-spark", summary_function=fmean)

    def reset(self) -> None:
        """Forget the previous run's numbers (a new run starts from nothing)."""
        self.progress = None
        self.query_one("#loss-stats", Static).update(self._stats_text(None), layout=False)
        self._rates, self._changes, self._advisor = [], [], Advisor()
        self._show_history([], [], [])
        self._show_advice(None)

    def update_progress(self, progress: Progress) -> None:
        """Show a snapshot: the numbers at once, the history at most every SPARK_INTERVAL."""
        previous, self.progress = self.progress, progress
        if not self.query("#loss-stats"):
            return  # the app is closing: a last report arrived after the widgets went
        self.query_one("#loss-stats", Static).update(self._stats_text(progress), layout=False)
        self._note_learning_rate(previous, progress)
        now = time.monotonic()
        if previous is None or now - self._last_spark >= self.SPARK_INTERVAL:
            self._last_spark = now
            train = finite_points(progress.history_steps, progress.train_history)
            shown = train[-MAX_POINTS:]
            self._show_history(
                [loss for _, loss in shown],
                [step for step, _ in shown],
                finite_losses(progress.val_history)[-MAX_POINTS:],
            )
            # The advisor judges the whole curves (it thins them itself); ~1 call a second.
            self._show_advice(self._advisor.update(train, progress.val_history))

    def _note_learning_rate(self, previous: Progress | None, progress: Progress) -> None:
        """Keep the rate each report shows, and where the user's live rate changed."""
        if self._rates and self._rates[-1][0] >= progress.step:
            self._rates[-1] = (progress.step, progress.learning_rate)  # same step: newest wins
        else:
            self._rates.append((progress.step, progress.learning_rate))
        if len(self._rates) > MAX_RATES:
            self._rates = self._rates[:-1:2] + self._rates[-1:]  # every other one, and the last
        live, before = progress.live_learning_rate, previous and previous.live_learning_rate
        if before is not None and live is not None and live != before:
            # The first step that may have used the new rate.
            self._changes.append((previous.step + 1, 1 if live > before else -1))

    def _show_advice(self, text: str | None) -> None:
        """One line of advice, or none; the layout changes only when it comes or goes."""
        if text == self._advice:
            return
        self._advice = text
        line = self.query_one("#advice", Static)
        if text:
            line.update(f"⚠ {text}", layout=False)
            line.tooltip = text  # the whole line, when the pane is too narrow for it
        line.display = bool(text)

    @property
    def advice(self) -> str | None:
        """The advice line shown now (None when hidden)."""
        return self._advice

    @property
    def lr_track(self) -> LrTrack:
        return self.query_one("#lr-track", LrTrack)

    def _show_history(self, train: list[float], steps: list[int], val: list[float]) -> None:
        # Textual's Sparkline redraws only when ``data`` is assigned a new, different list.
        self.lr_track.show(steps, self._rates, self._changes)  # repaints only on a change
        if train != self._train_points:
            self._train_points = train
            self.query_one("#train-spark", Sparkline).data = list(train)
            self.query_one("#train-label", Static).update(
                self._range_label("train", train), layout=False
            )
        if val != self._val_points:
            self._val_points = val
            self.query_one("#val-spark", Sparkline).data = list(val)
            self.query_one("#val-label", Static).update(
                self._range_label("validation", val), layout=False
            )

    @staticmethod
    def _range_label(name: str, points: Sequence[float]) -> Content:
        if not points:
            return Content.assemble((f"{name} loss", "bold"), ("  no points yet", "dim"))
        return Content.assemble(
            (f"{name} loss", "bold"),
            (f"  {len(points)} pts  {min(points):.3f}…{max(points):.3f}", "dim"),
        )

    @property
    def history_length(self) -> int:
        """How many training-loss points are on the sparkline (for tests and checks)."""
        return len(self._train_points)

    @staticmethod
    def _stats_text(progress: Progress | None) -> Content:
        """Five rows of two label/value pairs, 34 columns wide: fits the narrowest pane."""
        if progress is None:
            rows = [
                ("step", "–", "epoch", "–"),
                ("train", "–", "val", "–"),
                ("bpc", "–", "val bpc", "–"),
                ("chars/s", "–", "elapsed", "–"),
                ("lr", "–", "best val", "–"),
            ]
        else:
            rows = [
                ("step", fmt.count(progress.step), "epoch", f"{progress.epoch:.2f}"),
                ("train", fmt.loss(progress.train_loss), "val", fmt.loss(progress.val_loss)),
                ("bpc", fmt.bpc(progress.train_loss), "val bpc", _bpc_text(progress.val_bpc)),
                (
                    "chars/s",
                    fmt.rate(progress.chars_per_sec),
                    "elapsed",
                    fmt.duration(progress.elapsed),
                ),
                (
                    "lr",
                    fmt.learning_rate(progress.learning_rate),
                    "best val",
                    fmt.loss(progress.best_val_loss),
                ),
            ]
        parts: list[tuple[str, str] | str] = []
        for index, (label1, value1, label2, value2) in enumerate(rows):
            if index:
                parts.append("\n")
            parts += [
                (f"{label1:<8}", "dim"),
                (f"{value1:<9}", "bold"),
                (f"{label2:<9}", "dim"),
                (value2, "bold"),
            ]
        return Content.assemble(*parts)


def _bpc_text(bits: float | None) -> str:
    if bits is None or not math.isfinite(bits):
        return "–"
    return f"{bits:.3f}"
