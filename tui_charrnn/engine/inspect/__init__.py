"""See what a trained network has learned: per-character surprise, next-character candidates,
hidden-unit activations matched with features of the text, guided generation and beam search.

Everything here is forward-only and works on a model from engine/stored.py `load_model` (or a
trainer's model), through CharRNN's public API.
"""

from tui_charrnn.engine.inspect.errors import InspectError
from tui_charrnn.engine.inspect.features import text_features
from tui_charrnn.engine.inspect.scoring import (
    PositionInfo,
    ScoreResult,
    known_ids,
    position_info,
    score_in_pieces,
    score_relay,
    score_sequential,
    score_text,
)
from tui_charrnn.engine.inspect.search import NextCharStepper, beam_search, next_char_distribution
from tui_charrnn.engine.inspect.texts import default_text, read_text, stored_corpus
from tui_charrnn.engine.inspect.units import UnitMatch, correlations, find_units

__all__ = [
    "InspectError",
    "NextCharStepper",
    "PositionInfo",
    "ScoreResult",
    "UnitMatch",
    "beam_search",
    "correlations",
    "default_text",
    "find_units",
    "known_ids",
    "next_char_distribution",
    "position_info",
    "read_text",
    "score_in_pieces",
    "score_relay",
    "score_sequential",
    "score_text",
    "stored_corpus",
    "text_features",
]
