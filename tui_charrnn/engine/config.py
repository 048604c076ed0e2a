"""Training configuration: one dataclass and the one validation function the CLI and app share."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, fields
from typing import Any

from tui_charrnn.engine.cells import CELLS
from tui_charrnn.engine.errors import CharRNNError

MODEL_TYPES = tuple(CELLS)  # the cell kinds, in the registry's order: ("rnn", "lstm", "gru")
OPTIMIZERS = ("adam", "adagrad", "sgd")
CLIP_MODES = ("norm", "value")
SCHEDULES = ("cosine", "linear", "constant")  # learning-rate shapes over a budget (schedule.py)


class ConfigError(CharRNNError):
    """A hyperparameter is out of range. The message is one line, fit to show a user."""


@dataclass
class TrainConfig:
    # Defaults chosen by measurement (benchmarks/quality.py, README "Defaults and speed"): told
    # to train 180 s on Tiny Shakespeare (2 cores), GRU 384 with a cosine schedule peaking at
    # 1e-2 beat GRU 256, LSTM 256, other batch sizes and dropouts at equal time; a 1.3e-2 peak
    # was as good at 180 s but unstable over 900 s.
    model: str = "gru"  # cell type: rnn (tanh), lstm or gru
    hidden_size: int = 384  # units per layer
    num_layers: int = 1  # stacked recurrent layers, 1..3
    seq_len: int = 64  # T: steps of truncated backpropagation through time
    batch_size: int = 32  # B: parallel streams through the training text
    dropout: float = 0.15  # dropout between layers and before the output (0 disables)
    # DropConnect on the recurrent weights: the share of Wh's entries zeroed for each batch,
    # once the training text has been read weight_drop_start times; it rises linearly to this
    # over weight_drop_ramp more passes. Memorising starts after several passes, and before
    # that it only slows learning (README "Defaults and speed"): over 15 min 0.15 gave 1.435
    # against 1.495 without (0.25 1.447, 0.35 1.471); from the first step it cost 0.035 at 180 s.
    weight_drop: float = 0.15
    weight_drop_start: float = 6.0  # epochs (passes over the training text) before it begins
    weight_drop_ramp: float = 4.0  # epochs over which it then rises to full (0: at once)
    optimizer: str = "adam"  # adam, adagrad or sgd (with momentum)
    # Step size without a budget (held constant, as before budgets existed); may be changed
    # live between steps. With a budget the schedule rises to peak_factor x this, then decays.
    learning_rate: float = 3e-3
    momentum: float = 0.9  # SGD momentum (ignored by adam and adagrad)
    # Adam only (AdamW; ignored by sgd and adagrad): per update, weight matrices shrink by
    # lr x this. 0.1 measured 1.491 against 1.513 at 180 s, 1.485 against 1.503 over 15 min.
    weight_decay: float = 0.1
    lr_decay: float = 1.0  # multiply the learning rate by this every lr_decay_every steps
    lr_decay_every: int = 1000  # steps between decays
    # With a budget (steps or seconds) the rate warms up then decays over it; see schedule.py.
    schedule: str = "cosine"  # shape over a budget: cosine, linear or constant
    warmup: float = 0.03  # fraction of the budget spent rising linearly to the peak rate
    lr_floor: float = 0.1  # the rate at the end of the budget, as a fraction of the peak
    # The schedule's peak as a multiple of learning_rate: a decaying rate may start higher
    # than one held forever (3e-3 x 3.3 = 1e-2 measured best for 180 s; 1e-2 held is worse).
    peak_factor: float = 3.3
    clip: float = 5.0  # gradient clip threshold (0 disables); may be changed live
    clip_mode: str = "norm"  # norm: rescale by global L2 norm; value: clamp each element
    seed: int = 1337  # seeds initialisation, stream offsets, dropout and sampling
    val_fraction: float = 0.1  # tail of the corpus held out for validation
    eval_every: int = 200  # steps between validation passes (0 disables)
    eval_max_chars: int = 250_000  # cap on validation characters scored per pass (0: whole split)

    @property
    def applied_weight_decay(self) -> float:
        """The decay the optimizer uses: Adam's (AdamW); sgd and adagrad ignore the field."""
        return self.weight_decay if self.optimizer == "adam" else 0.0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Build from stored JSON, ignoring unknown keys and validating everything."""
        if not isinstance(data, dict):
            raise ConfigError("hyperparameters must be a JSON object")
        known = {f.name: f for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        if "learning_rate" in data:
            # Stored before these fields existed: keep what training did then (learning_rate
            # was the schedule's peak; no weight decay), so an old run resumes exactly.
            kwargs.setdefault("peak_factor", 1.0)
            kwargs.setdefault("weight_decay", 0.0)
            kwargs.setdefault("weight_drop", 0.0)
            kwargs.setdefault("weight_drop_start", 0.0)
            kwargs.setdefault("weight_drop_ramp", 0.0)
        return validate_config(cls(**kwargs))

    def replace(self, **changes: Any) -> TrainConfig:
        return validate_config(dataclasses.replace(self, **changes))


# (field, low, high) inclusive ranges for numeric fields; chosen to refuse the absurd, not the odd.
_INT_RANGES = {
    "hidden_size": (1, 4096),
    "num_layers": (1, 3),
    "seq_len": (1, 2048),
    "batch_size": (1, 4096),
    "lr_decay_every": (1, 10**9),
    "seed": (0, 2**32 - 1),
    "eval_every": (0, 10**9),
    "eval_max_chars": (0, 10**12),
}
_FLOAT_RANGES = {
    "dropout": (0.0, 0.9),
    "weight_drop": (0.0, 0.9),
    "weight_drop_start": (0.0, 1e6),
    "weight_drop_ramp": (0.0, 1e6),
    "learning_rate": (1e-8, 10.0),
    "momentum": (0.0, 0.999),
    "weight_decay": (0.0, 10.0),
    "lr_decay": (0.01, 1.0),
    "warmup": (0.0, 0.5),
    "lr_floor": (0.0, 1.0),
    "peak_factor": (0.01, 100.0),
    "clip": (0.0, 1e6),
    "val_fraction": (0.0, 0.5),
}
_CHOICES = {
    "model": MODEL_TYPES,
    "optimizer": OPTIMIZERS,
    "clip_mode": CLIP_MODES,
    "schedule": SCHEDULES,
}

# Human names for messages.
LABELS = {
    "model": "model",
    "hidden_size": "hidden size",
    "num_layers": "layers",
    "seq_len": "sequence length",
    "batch_size": "batch size",
    "dropout": "dropout",
    "weight_drop": "weight drop",
    "weight_drop_start": "weight-drop start (epochs)",
    "weight_drop_ramp": "weight-drop ramp (epochs)",
    "optimizer": "optimizer",
    "learning_rate": "learning rate",
    "momentum": "momentum",
    "weight_decay": "weight decay",
    "lr_decay": "learning-rate decay",
    "lr_decay_every": "decay interval",
    "schedule": "learning-rate schedule",
    "warmup": "warm-up fraction",
    "lr_floor": "final learning-rate fraction",
    "peak_factor": "peak factor",
    "clip": "clip",
    "clip_mode": "clip mode",
    "seed": "seed",
    "val_fraction": "validation fraction",
    "eval_every": "evaluation interval",
    "eval_max_chars": "validation character cap",
}

# Above this many parameters a model would not train at a useful speed on a CPU.
MAX_PARAMETERS = 50_000_000


def validate_field(name: str, value: Any) -> Any:
    """Check and coerce one field; return the clean value or raise ConfigError.

    Accepts strings (from an Input widget or argparse) as well as numbers.
    """
    label = LABELS.get(name, name)
    if name in _CHOICES:
        text = str(value).strip().lower()
        if text not in _CHOICES[name]:
            raise ConfigError(f"{label} must be one of {', '.join(_CHOICES[name])}, not {value!r}")
        return text
    if name in _INT_RANGES:
        low, high = _INT_RANGES[name]
        number = _to_int(value, label)
        if not low <= number <= high:
            raise ConfigError(f"{label} must be between {low} and {high}, not {number}")
        return number
    if name in _FLOAT_RANGES:
        low, high = _FLOAT_RANGES[name]
        number = _to_float(value, label)
        if not low <= number <= high:
            raise ConfigError(f"{label} must be between {low:g} and {high:g}, not {number:g}")
        return number
    raise ConfigError(f"unknown hyperparameter {name!r}")


def validate_config(config: TrainConfig) -> TrainConfig:
    """Validate every field and the combinations; return a cleaned copy."""
    clean = {f.name: validate_field(f.name, getattr(config, f.name)) for f in fields(config)}
    result = TrainConfig(**clean)
    count = parameter_count(result, vocab_size=256)
    if count > MAX_PARAMETERS:
        raise ConfigError(
            f"model too large: about {count / 1e6:.0f}M parameters (limit "
            f"{MAX_PARAMETERS / 1e6:.0f}M); use a smaller hidden size or fewer layers"
        )
    if result.applied_weight_decay * result.learning_rate * result.peak_factor > 0.1:
        raise ConfigError(
            "weight decay x learning rate (at the schedule's peak) must stay under 0.1, "
            "or the weights would shrink by more than a tenth in one step"
        )
    if result.batch_size * result.seq_len > 4_000_000:
        raise ConfigError("batch size x sequence length is too large (limit 4,000,000 characters)")
    return result


def parameter_count(config: TrainConfig, vocab_size: int) -> int:
    """Number of trainable parameters for a vocabulary of the given size (nothing allocated)."""
    from tui_charrnn.engine.models import CharRNN

    model = CharRNN(config.model, vocab_size, config.hidden_size, config.num_layers)
    return sum(math.prod(shape) for shape in model.param_shapes().values())


def _to_int(value: Any, label: str) -> int:
    if isinstance(value, bool):
        raise ConfigError(f"{label} must be a whole number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise ConfigError(f"{label} must be a whole number, not {value!r}")
    text = str(value).strip().replace("_", "").replace(",", "")
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"{label} must be a whole number, not {value!r}") from None


def _to_float(value: Any, label: str) -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{label} must be a number, not {value!r}")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        raise ConfigError(f"{label} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise ConfigError(f"{label} must be a finite number, not {value!r}")
    return number
