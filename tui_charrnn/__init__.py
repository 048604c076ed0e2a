"""tui_charrnn: train character-level RNNs in pure NumPy and watch them learn live."""

__version__ = "0.1.0"
