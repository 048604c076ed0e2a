"""The Trainer: owns the model, optimizer, data streams and random state, and trains step by step.

It never prints. Progress goes out through a callback as a `Progress` snapshot; learning rate,
clip and the preview's sampling options come in through `LiveControls` (controls.py), which
another thread may change at any time (the trainer reads them between steps). The loop that
calls `step()` lives in loop.py.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from tui_charrnn.engine.checkpoint import check_shapes
from tui_charrnn.engine.config import TrainConfig, validate_config
from tui_charrnn.engine.controls import SAMPLING_DEFAULTS, LiveControls
from tui_charrnn.engine.errors import CheckpointError
from tui_charrnn.engine.history import LossHistory
from tui_charrnn.engine.models import CharRNN, Overlap, Workspace
from tui_charrnn.engine.optim import clip_gradients, make_optimizer
from tui_charrnn.engine.sampling import sample_text
from tui_charrnn.engine.schedule import Budget, scheduled_learning_rate, weight_drop_rate
from tui_charrnn.engine.schema import STATE_VERSION, CheckpointMeta, TrainerState
from tui_charrnn.engine.schema import as_checkpoint_meta as _checked

LN2 = math.log(2.0)


def default_threads() -> int:
    """Two threads where this process may use two cores: the step loop and its side work."""
    try:
        cores = len(os.sched_getaffinity(0))  # honours taskset and container CPU sets
    except AttributeError:  # pragma: no cover - macOS and Windows
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


@contextmanager
def single_thread_blas():
    """Pin BLAS to one thread: on RNN-sized products two OpenBLAS threads are far slower."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@dataclass
class Progress:
    """A snapshot of training, safe to hand to another thread (it holds copies)."""

    step: int
    epoch: float  # passes over the training split
    chars: int  # training characters consumed
    train_loss: float | None  # smoothed, nats/char
    last_loss: float | None  # the latest batch's loss
    val_loss: float | None  # latest validation loss, nats/char
    best_val_loss: float | None
    chars_per_sec: float
    elapsed: float  # seconds spent training, across sessions
    learning_rate: float  # the rate the next step uses: live rate x schedule x step decay
    clip: float
    live_learning_rate: float | None = None  # the user's (base) rate that the schedule scales
    budget_kind: str | None = None  # "steps" or "time" while a schedule budget runs, else None
    budget_progress: float | None = None  # fraction of that budget done, 0..1
    budget_remaining: float | None = None  # steps ("steps") or active seconds ("time") left
    history_steps: list[int] = field(default_factory=list)
    train_history: list[float] = field(default_factory=list)
    val_history: list[tuple[int, float]] = field(default_factory=list)

    @property
    def train_bpc(self) -> float | None:
        return None if self.train_loss is None else self.train_loss / LN2

    @property
    def val_bpc(self) -> float | None:
        return None if self.val_loss is None else self.val_loss / LN2


class Trainer:
    """Trains a CharRNN on a corpus with B streams and truncated BPTT over T steps."""

    def __init__(
        self,
        corpus,
        config: TrainConfig,
        on_progress: Callable[[Progress], None] | None = None,
        *,
        threads: int | None = None,
        _initialise: bool = True,
    ) -> None:
        from tui_charrnn.engine.text import check_trainable

        self.config = config = validate_config(config)
        check_trainable(corpus, config)
        self.corpus = corpus
        self.vocab = corpus.vocab
        self.train_ids, self.val_ids = corpus.split(config.val_fraction)
        self.on_progress = on_progress
        # Session.create/resume swap in the caller's controls, filled from these.
        self.controls = LiveControls()
        self.controls.fill_unset(
            learning_rate=config.learning_rate, clip=config.clip, **SAMPLING_DEFAULTS
        )
        self.model = CharRNN(
            config.model,
            self.vocab.size,
            config.hidden_size,
            config.num_layers,
            config.dropout,
            weight_drop=config.weight_drop,
        )
        seeds = np.random.SeedSequence(config.seed).spawn(3)
        init_rng = np.random.default_rng(seeds[0])
        self.data_rng = np.random.default_rng(seeds[1])
        self.dropout_rng = np.random.default_rng(seeds[2])
        self.model.init_params(init_rng)
        self.optimizer = make_optimizer(
            config.optimizer, self.model.params, config.momentum, config.applied_weight_decay
        )
        self.workspace = Workspace()
        self.eval_workspace = Workspace()  # validation batches have their own shapes
        # A second thread takes the output projection and weight-gradient products off the
        # step loop's path. Results do not depend on the thread count (see models.py).
        self.threads = default_threads() if threads is None else max(1, int(threads))
        self.overlap = Overlap(self.threads)
        B = config.batch_size
        self.hidden = self.model.initial_state(B)
        # Stream b reads the training split from b * segment onwards, circularly, so even a text
        # shorter than B * T gives every stream a full chunk.
        self.segment = max(len(self.train_ids) // B, 1)
        self.stream_starts = np.arange(B, dtype=np.int64) * self.segment
        self.position = 0  # offset of the next chunk within each stream's segment
        self.step_count = 0
        self.chars = 0
        self.elapsed = 0.0
        self.smoothed_loss: float | None = None
        self.last_loss: float | None = None
        self.val_loss: float | None = None
        self.best_val_loss: float | None = None
        self.chars_per_sec = 0.0
        self.history = LossHistory()
        self.diverged: str | None = None
        self.budget: Budget | None = None  # the lr schedule's segment (schedule.py), if any
        self.weight_drop_began = False  # whether the last step was the first with weight drop
        self._last_report = 0.0
        if _initialise:
            self._start_epoch()

    # ----------------------------------------------------------------------------- data
    def _start_epoch(self) -> None:
        """Begin a pass: a random shift so chunk boundaries move between epochs; fresh state."""
        T = self.config.seq_len
        self.position = int(self.data_rng.integers(0, min(T, self.segment)))
        self.hidden[...] = 0.0

    def _next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        T = self.config.seq_len
        if self.position >= self.segment:
            self._start_epoch()
        offsets = self.stream_starts[None, :] + self.position + np.arange(T + 1)[:, None]
        chunk = np.take(self.train_ids, offsets, mode="wrap").astype(np.intp)  # (T+1, B)
        self.position += T
        return chunk[:-1], chunk[1:]

    @property
    def epoch(self) -> float:
        return self._passes(self.chars)

    def _passes(self, chars: int) -> float:
        """Passes over the training split that `chars` training characters make."""
        return chars / max(len(self.train_ids), 1)

    @property
    def learning_rate(self) -> float:
        """The rate the next step uses: live (base) rate x schedule (peak factor in it) x decay."""
        return scheduled_learning_rate(
            self.controls.learning_rate, self.config, self.budget, self.step_count
        )

    # ----------------------------------------------------------------------------- training
    def step(self) -> float:
        """Train on one batch of B x T characters; return its mean loss in nats per character.

        A non-finite or exploding loss sets `self.diverged` and leaves the weights untouched.
        """
        started = time.perf_counter()
        config = self.config
        inputs, targets = self._next_batch()
        self._set_weight_drop()
        rng = self.dropout_rng if config.dropout > 0 or self.model.weight_drop > 0 else None
        # Overflow in a diverging model is detected below; it must not print warnings.
        with np.errstate(over="ignore", invalid="ignore"):
            _, cache = self.model.forward(
                inputs,
                self.hidden,
                targets=targets,
                rng=rng,
                workspace=self.workspace,
                overlap=self.overlap,
                for_training=True,
            )
            loss = cache.loss
            grads = self.model.backward(cache.dlogits, cache, overlap=self.overlap)
            norm = clip_gradients(grads, self.controls.clip, config.clip_mode)
        if not math.isfinite(loss) or not math.isfinite(norm):
            self.diverged = f"loss became {loss:.4g} (gradient norm {norm:.4g})"
            return loss
        if self.step_count > 100 and loss > 2.5 * math.log(self.vocab.size) + 1.0:
            self.diverged = f"loss exploded to {loss:.3f} nats/char"
            return loss
        self.optimizer.update(self.model.params, grads, self.learning_rate)
        self.hidden = cache.final_state
        T, B = inputs.shape
        self.step_count += 1
        self.chars += T * B
        self.last_loss = loss
        self.smoothed_loss = (
            loss if self.smoothed_loss is None else (0.95 * self.smoothed_loss + 0.05 * loss)
        )
        seconds = time.perf_counter() - started
        self.elapsed += seconds
        rate = T * B / max(seconds, 1e-9)
        self.chars_per_sec = (
            rate if self.chars_per_sec == 0 else 0.9 * self.chars_per_sec + 0.1 * rate
        )
        self.history.record_train(self.step_count, self.smoothed_loss)
        return loss

    def _set_weight_drop(self) -> None:
        """The model's weight-drop rate for the next step (schedule.weight_drop_rate), and
        whether that step is the first with weight drop: `weight_drop_began`."""
        config = self.config
        rate = weight_drop_rate(config, self.epoch)
        before = self._passes(self.chars - config.seq_len * config.batch_size)  # last step's
        self.weight_drop_began = rate > 0.0 and (
            self.chars == 0 or weight_drop_rate(config, before) == 0.0
        )
        self.model.weight_drop = rate

    def evaluate(self, interrupted: Callable[[], bool] | None = None) -> float | None:
        """Mean loss in nats/char over the validation split (capped at eval_max_chars).

        `interrupted` is asked before each chunk of the pass; when it says True the pass is
        abandoned, nothing is recorded and None is returned (the weights, streams and random
        state are untouched by evaluation, so it can simply be done again later).
        """
        ids = self.val_ids
        cap = self.config.eval_max_chars
        if cap and len(ids) > cap + 1:
            ids = ids[: cap + 1]
        loss = evaluate_loss(
            self.model,
            ids,
            self.config.batch_size,
            self.config.seq_len,
            self.overlap,
            self.eval_workspace,
            interrupted=interrupted,
        )
        if loss is None:
            return None
        self.val_loss = loss
        if self.best_val_loss is None or loss < self.best_val_loss:
            self.best_val_loss = loss
        self.history.record_val(self.step_count, loss)
        return loss

    @property
    def has_validation(self) -> bool:
        return len(self.val_ids) >= 2

    def progress(self) -> Progress:
        budget, step = self.budget, self.step_count
        steps_left, seconds_left = budget.remaining(step) if budget else (None, None)
        return Progress(
            step=self.step_count,
            epoch=self.epoch,
            chars=self.chars,
            train_loss=self.smoothed_loss,
            last_loss=self.last_loss,
            val_loss=self.val_loss,
            best_val_loss=self.best_val_loss,
            chars_per_sec=self.chars_per_sec,
            elapsed=self.elapsed,
            learning_rate=self.learning_rate,
            clip=self.controls.clip,
            live_learning_rate=self.controls.learning_rate,
            budget_kind=None if budget is None else budget.kind,
            budget_progress=None if budget is None else budget.progress(step),
            budget_remaining=steps_left if steps_left is not None else seconds_left,
            history_steps=list(self.history.steps),
            train_history=list(self.history.train),
            val_history=list(self.history.val),
        )

    def report(self, force: bool = False, every: float = 0.1) -> None:
        """Send a Progress to the callback, at most once per `every` seconds unless forced."""
        now = time.monotonic()
        if self.on_progress is not None and (force or now - self._last_report >= every):
            self._last_report = now
            self.on_progress(self.progress())

    def due_for_evaluation(self) -> bool:
        every = self.config.eval_every
        return bool(every) and self.has_validation and self.step_count % every == 0

    # ----------------------------------------------------------------------------- sampling
    def sample(
        self,
        length: int = 400,
        temperature: float | None = None,
        top_k: int | None = None,
        prime: str | None = None,
        seed: int | None = None,
    ) -> str:
        """Text from the current weights. Without a prime it continues stream 0's hidden state."""
        c = self.controls
        temperature = c.temperature if temperature is None else temperature
        top_k = c.top_k if top_k is None else top_k
        prime = c.prime if prime is None else prime
        options = dict(temperature=temperature, top_k=top_k, prime=prime, seed=seed)
        if not prime and self.step_count > 0:
            options["state"] = self.hidden[:, :, :1].copy()
            # The state has read stream 0 up to its last target, which is the next input.
            following = (self.stream_starts[0] + self.position) % len(self.train_ids)
            options["last_id"] = int(self.train_ids[following])
        return sample_text(self.model, self.vocab, length, **options)

    # ----------------------------------------------------------------------------- state
    def state(self, copy: bool = True) -> tuple[dict[str, np.ndarray], dict]:
        """Everything needed to continue bit for bit: arrays plus JSON-serialisable metadata.

        copy=False hands out the live arrays, for a caller that writes them out before the
        next step (a checkpoint save in the training thread) and so needs no copy.
        """
        take = np.copy if copy else (lambda array: array)
        arrays = {f"param/{k}": take(v) for k, v in self.model.params.items()}
        arrays.update({f"optim/{k}": take(v) for k, v in self.optimizer.state_arrays().items()})
        arrays["hidden"] = take(self.hidden)
        meta = {
            "state_version": STATE_VERSION,
            "config": self.config.to_dict(),
            "vocab": self.vocab.chars,
            "corpus": corpus_info(self.corpus),
            "step": self.step_count,
            "chars": self.chars,
            "position": self.position,
            "elapsed": self.elapsed,
            "optimizer_steps": self.optimizer.steps,
            "learning_rate": self.controls.learning_rate,
            "clip": self.controls.clip,
            "smoothed_loss": self.smoothed_loss,
            "last_loss": self.last_loss,
            "val_loss": self.val_loss,
            "best_val_loss": self.best_val_loss,
            "chars_per_sec": self.chars_per_sec,
            "budget": None if self.budget is None else self.budget.to_dict(),
            "rng": {
                "data": self.data_rng.bit_generator.state,
                "dropout": self.dropout_rng.bit_generator.state,
            },
            "history": self.history.to_dict(),
        }
        return arrays, meta

    def expected_arrays(self) -> dict[str, tuple[int, ...]]:
        shapes = {f"param/{k}": tuple(v.shape) for k, v in self.model.params.items()}
        for k, v in self.optimizer.state_arrays().items():
            shapes[f"optim/{k}"] = tuple(v.shape)
        shapes["hidden"] = tuple(self.hidden.shape)
        return shapes

    @classmethod
    def from_state(
        cls,
        corpus,
        arrays: dict[str, np.ndarray],
        meta: CheckpointMeta | Mapping,
        on_progress: Callable[[Progress], None] | None = None,
        *,
        threads: int | None = None,
    ) -> Trainer:
        """Rebuild a trainer from `state()` output (`meta` as written, or as schema.py read
        it); refuses a corpus with another vocabulary."""
        stored = _checked(meta, arrays)
        if stored.vocab != corpus.vocab.chars:
            message = _vocab_difference(stored.vocab, corpus.vocab.chars)
            raise CheckpointError(message, hint="vocabulary")
        trainer = cls(corpus, stored.config, on_progress, threads=threads, _initialise=False)
        trainer.restore(arrays, stored)
        return trainer

    def restore(self, arrays: dict[str, np.ndarray], meta: CheckpointMeta | Mapping) -> None:
        """Load a `state()` of this same model into this trainer, in place."""
        stored = _checked(meta, arrays)
        check_shapes(arrays, self.expected_arrays())
        self._load(arrays, stored.trainer)
        self.diverged = None

    def _load(self, arrays: dict[str, np.ndarray], state: TrainerState) -> None:
        """Every field has been checked by schema.py; this only assigns."""
        for name, value in self.model.params.items():
            value[...] = arrays[f"param/{name}"]
        optim = {k[len("optim/") :]: v for k, v in arrays.items() if k.startswith("optim/")}
        self.optimizer.load_state_arrays(optim, state.optimizer_steps)
        self.hidden = arrays["hidden"].astype(self.model.dtype, copy=True)
        self.step_count = state.step
        self.chars = state.chars
        self.position = state.position
        self.elapsed = state.elapsed
        self.controls.learning_rate = state.learning_rate
        self.controls.clip = state.clip
        self.smoothed_loss = state.smoothed_loss
        self.last_loss = state.last_loss
        self.val_loss = state.val_loss
        self.best_val_loss = state.best_val_loss
        self.chars_per_sec = state.chars_per_sec
        self.budget = state.budget
        self.data_rng.bit_generator.state = state.rng.data
        self.dropout_rng.bit_generator.state = state.rng.dropout
        self.history = state.history.copy()


def corpus_info(corpus) -> dict:
    """What checkpoints and run.json record of a corpus: enough to find and check it again."""
    return {
        "path": corpus.path,
        "name": corpus.name,
        "sha256": corpus.sha256,
        "num_chars": int(corpus.num_chars),
        "encoding": (corpus.source_info or {}).get("encoding", "utf-8"),
    }


def _vocab_difference(stored: str, current: str) -> str:
    missing = "".join(sorted(set(stored) - set(current)))
    extra = "".join(sorted(set(current) - set(stored)))
    parts = []
    if extra:
        parts.append(f"the corpus has {len(extra)} new character(s) {extra[:20]!r}")
    if missing:
        parts.append(f"it lacks {len(missing)} the model knows {missing[:20]!r}")
    detail = " and ".join(parts) or "the character order differs"
    return (
        f"this corpus's vocabulary differs from the checkpoint's ({detail}); a model can only "
        "continue on text with the same characters"
    )


def evaluate_loss(
    model: CharRNN,
    ids: np.ndarray,
    batch_size: int,
    seq_len: int,
    overlap: Overlap | None = None,
    workspace: Workspace | None = None,
    *,
    interrupted: Callable[[], bool] | None = None,
) -> float | None:
    """Mean next-character loss over `ids`, read as up to `batch_size` contiguous streams.

    Every target after the first character is scored exactly once; each stream starts from a
    zero state. The loss is made chunk by chunk as side work of the forward pass. `interrupted`
    is asked before each chunk (of `seq_len` steps); True abandons the pass and returns None,
    so that a pause or stop need not wait for a big model's whole pass.
    """
    n_targets = len(ids) - 1
    if n_targets < 1:
        raise ValueError("need at least two characters to evaluate")
    streams = max(1, min(batch_size, n_targets // max(seq_len, 1)))
    length = n_targets // streams
    workspace = workspace if workspace is not None else Workspace()
    leftover = n_targets - streams * length
    parts = [(ids, streams, length)]  # (ids, streams, targets per stream)
    if leftover:
        parts.append((ids[streams * length :], 1, leftover))
    total = 0.0
    with single_thread_blas():
        for part_ids, part_streams, part_length in parts:
            scored = _score_streams(
                model, part_ids, part_streams, part_length, seq_len, overlap, workspace, interrupted
            )
            if scored is None:
                return None
            total += scored
    return total / n_targets


def _score_streams(
    model, ids, streams, length, seq_len, overlap, workspace, interrupted
) -> float | None:
    """Summed loss of `streams` contiguous streams of `length` targets each; None when
    `interrupted` said so before a chunk."""
    starts = np.arange(streams) * length
    state = model.initial_state(streams)
    total = 0.0
    for offset in range(0, length, seq_len):
        if interrupted is not None and interrupted():
            return None
        T = min(seq_len, length - offset)
        index = starts[None, :] + offset + np.arange(T + 1)[:, None]
        chunk = ids[index].astype(np.intp)  # (T+1, streams)
        _, cache = model.forward(
            chunk[:-1], state, targets=chunk[1:], workspace=workspace, overlap=overlap
        )
        total += cache.loss * T * streams
        state = cache.final_state
    return total
