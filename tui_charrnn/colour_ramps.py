"""Colour ramps shared by the CLI (`score --show`) and the app's inspector.

Plain RGB triples and NumPy binning, no terminal library: each front end turns a bin into its
own style. Surprise uses a perceptual sequential ramp (dark blue, through green, to yellow and
orange: lightness rises with the value, so it reads in grey too); activations use a diverging
ramp (blue for -1, near white for 0, red for +1).
"""

from __future__ import annotations

import numpy as np

RGB = tuple[int, int, int]

SURPRISE_MAX_NATS = 6.0  # surprise at or above this gets the hottest colour
# Low surprise to high.
SURPRISE_RAMP: tuple[RGB, ...] = (
    (48, 18, 59),
    (70, 68, 172),
    (62, 121, 230),
    (26, 170, 209),
    (42, 207, 139),
    (137, 232, 72),
    (210, 226, 52),
    (250, 176, 43),
    (236, 98, 33),
)
# -1 to +1, with the middle bin for values near 0.
DIVERGING_RAMP: tuple[RGB, ...] = (
    (5, 48, 97),
    (33, 102, 172),
    (67, 147, 195),
    (146, 197, 222),
    (209, 229, 240),
    (247, 247, 247),
    (253, 219, 199),
    (244, 165, 130),
    (214, 96, 77),
    (178, 24, 43),
    (103, 0, 31),
)


def surprise_bins(nats: np.ndarray) -> np.ndarray:
    """(N,) int index into SURPRISE_RAMP for each surprise in nats; NaN (the first character,
    which nothing predicts) gets the coolest bin."""
    values = np.nan_to_num(np.asarray(nats, dtype=np.float64), nan=0.0)
    steps = len(SURPRISE_RAMP)
    return np.clip((values / SURPRISE_MAX_NATS * steps).astype(np.int64), 0, steps - 1)


def activation_bins(values: np.ndarray) -> np.ndarray:
    """(N,) int index into DIVERGING_RAMP for values in -1..1 (clipped: LSTM cell states
    range wider)."""
    clipped = np.clip(np.nan_to_num(np.asarray(values, dtype=np.float64)), -1.0, 1.0)
    steps = len(DIVERGING_RAMP)
    return np.clip(np.rint((clipped + 1.0) / 2.0 * (steps - 1)).astype(np.int64), 0, steps - 1)


def surprise_bin_floor(index: int) -> float:
    """The lowest surprise (nats) shown in bin `index`, for legends."""
    return index * SURPRISE_MAX_NATS / len(SURPRISE_RAMP)


def ink_for(rgb: RGB) -> str:
    """ "black" or "white": the text colour that reads on a background of `rgb`."""
    r, g, b = rgb
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 140 else "white"
