"""The four panes of the main screen, one widget per module."""

from tui_charrnn.app.panes.corpus import CorpusChoice, CorpusPane
from tui_charrnn.app.panes.hyperparams import HyperparamPane
from tui_charrnn.app.panes.loss import LossPane
from tui_charrnn.app.panes.sample import SamplePane

__all__ = ["CorpusChoice", "CorpusPane", "HyperparamPane", "LossPane", "SamplePane"]
