"""Models from checkpoints, without their corpus: what sampling from a saved run needs.

A checkpoint holds the weights, the vocabulary and the hyperparameters, so a run can be sampled
even when its (perhaps 100 MB) text is no longer where it was. The CLI's `sample` command and
the app's run browser both use this.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from tui_charrnn.engine.models import CharRNN
from tui_charrnn.engine.runs import BEST, LATEST, open_run
from tui_charrnn.engine.schema import CheckpointMeta, as_checkpoint_meta, read_checkpoint
from tui_charrnn.engine.text import Vocabulary


def model_from_state(arrays: dict[str, np.ndarray], meta: CheckpointMeta | Mapping):
    """(model, vocabulary, config) rebuilt from a checkpoint's arrays and metadata (as
    written, or as schema.py read it; the schema checks the parameters' shapes)."""
    stored = as_checkpoint_meta(meta, arrays)
    config, vocab = stored.config, Vocabulary(stored.vocab)
    model = CharRNN(config.model, vocab.size, config.hidden_size, config.num_layers, config.dropout)
    shapes = model.param_shapes()
    model.params = {
        name: np.ascontiguousarray(arrays[f"param/{name}"], dtype=model.dtype) for name in shapes
    }
    return model, vocab, config


def load_model(source: str | Path, *, latest: bool = False, root: Path | None = None):
    """(model, vocabulary, config) from a `.npz` checkpoint file or a run's best (or latest)."""
    path = Path(source)
    if path.suffix == ".npz" or path.is_file():
        arrays, meta = read_checkpoint(path)
    else:
        arrays, meta = open_run(str(source), root).load_state(LATEST if latest else BEST)
    return model_from_state(arrays, meta)
