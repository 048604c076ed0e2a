"""Which hidden units track which features: Pearson r of every unit with every text feature."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui_charrnn.engine.inspect.errors import InspectError
from tui_charrnn.engine.inspect.features import text_features

ROWS_PER_BLOCK = 65536  # positions summed at a time: bounded memory on long texts


@dataclass(frozen=True)
class UnitMatch:
    layer: int  # 0-based layer index
    state: str  # "h" (hidden state) or "c" (LSTM cell state)
    unit: int  # 0-based unit index within the layer
    feature: str  # name of the feature (see text_features) best correlated with the unit
    correlation: float  # Pearson r with that feature, in [-1, 1]; 0 for a constant unit


def correlations(units: np.ndarray, features: np.ndarray) -> np.ndarray:
    """(U, F) Pearson r between the columns of units (N, U) and features (N, F).

    Sums are taken in float64 a block of rows at a time. A constant column has r = 0 with
    everything (rather than NaN).
    """
    N = units.shape[0]
    if features.shape[0] != N:
        raise InspectError(f"{N} activations but {features.shape[0]} feature values")
    if N < 2:
        return np.zeros((units.shape[1], features.shape[1]))
    # Centre on the means first: the cross products then need no cancelling subtraction.
    mean_u = units.mean(axis=0, dtype=np.float64)
    mean_f = features.mean(axis=0, dtype=np.float64)
    cross = np.zeros((units.shape[1], features.shape[1]))
    ss_u = np.zeros(units.shape[1])
    ss_f = np.zeros(features.shape[1])
    for r0 in range(0, N, ROWS_PER_BLOCK):
        u = units[r0 : r0 + ROWS_PER_BLOCK].astype(np.float64) - mean_u
        f = features[r0 : r0 + ROWS_PER_BLOCK].astype(np.float64) - mean_f
        cross += u.T @ f
        ss_u += np.einsum("ij,ij->j", u, u)
        ss_f += np.einsum("ij,ij->j", f, f)
    scale = np.sqrt(np.outer(ss_u, ss_f))
    tiny = 1e-12 * N  # below this a column is constant up to rounding
    valid = (ss_u[:, None] > tiny) & (ss_f[None, :] > tiny)
    r = np.divide(cross, scale, out=np.zeros_like(cross), where=valid)
    return np.clip(r, -1.0, 1.0)


def find_units(result_or_activations, text: str | None = None, *, top: int | None = None):
    """Every hidden unit with its best-correlated feature, ranked by |r| (highest first).

    Takes a ScoreResult made with activations=True (its own text is used when `text` is None)
    or the activations themselves (a list per layer of {"h": (N, H), "c": (N, H)}) with the
    text they were made from. `top` keeps only the first `top` units. Returns [UnitMatch].
    """
    activations = getattr(result_or_activations, "activations", result_or_activations)
    if text is None:
        text = getattr(result_or_activations, "text", None)
    if activations is None or text is None:
        raise InspectError("finding units needs activations and the text they were made from")
    if top is not None and top < 1:
        raise InspectError(f"the number of units to keep must be at least 1, not {top}")
    features = text_features(text)
    names = list(features)
    feature_matrix = np.stack([features[name] for name in names], axis=1)  # (N, F)
    matches = []
    for layer, states in enumerate(activations):
        for state, values in states.items():
            r = correlations(values, feature_matrix)  # (H, F)
            best = np.argmax(np.abs(r), axis=1)
            for unit, index in enumerate(best):
                matches.append(UnitMatch(layer, state, unit, names[index], float(r[unit, index])))
    matches.sort(key=lambda m: (-abs(m.correlation), m.layer, m.state, m.unit))
    return matches[:top] if top is not None else matches
