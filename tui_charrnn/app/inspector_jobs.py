"""The inspector's side jobs and the messages they post: opening a model, scoring a text
(with its units), temperature samples and beam search.

A text is scored in pieces (engine score_in_pieces): first what fills the text area, posted at
once so the screen shows it coloured, then the rest in one reading continued from the carried
state, posted as it comes. After the first piece the job waits (boundedly) until the screen has
painted it: a thread that computes holds the GIL, and the UI thread, which gives the GIL up at
every turn of its event loop, then waits up to the switch interval (5 ms) per turn, so its
paint would take several times as long while the rest is being scored.

Each job is a plain function of plain values run in a thread worker; it reports only by posting
messages (thread-safe) and never touches a widget. Every job works on its own `twin` of the
model: the weights are shared read-only, but `CharRNN.frozen()` keeps per-object state and is
not reentrant, so two jobs must never share one model object.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from textual.message import Message

from tui_charrnn.app.controller import describe_failure as describe
from tui_charrnn.app.widgets.coloured_text import wrap_rows
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.engine.models import CharRNN

DEFAULT_TEXT_CHARS = 4_000  # characters of the validation split shown by default
MAX_TEXT_CHARS = 20_000  # longer texts (files, pastes) are cut to this many characters
REST_PIECE = 4_096  # characters scored between two posts after the first piece
MIN_FIRST_PIECE = 256  # the first piece at least (a view estimate of 0 rows still shows some)
PAINT_WAIT = 1.0  # seconds the job waits at most for the first piece to be painted
TOP_K = 10  # candidates kept per position: cursor moves are then array lookups
TEMPERATURES = (0.2, 0.5, 0.8, 1.1)  # the Generate view's side-by-side samples
SAMPLE_CHARS = 300  # characters per sample
BEAM_CHARS = 120  # characters found by beam search

# Posts a message; returns False when the screen no longer wants the job's messages (a newer
# request replaced it), so a long job can stop early.
Post = Callable[[Message], bool | None]
# (columns, rows) of the text area: the first piece scored is what fills it.
View = tuple[int, int]
DEFAULT_VIEW: View = (83, 31)  # the Surprise text area on a 120x40 terminal


# ---------------------------------------------------------------------- sources


@dataclass
class InspectSource:
    """What the inspector looks at: a stored run or checkpoint, or a copy of live weights."""

    label: str  # shown in the title: the run's name, or the checkpoint's path
    stored: str | None = None  # run name or .npz path to load (None: live weights below)
    params: dict[str, np.ndarray] | None = None  # live weights: copies, by parameter name
    config: object = None  # live weights: the run's TrainConfig
    vocab: object = None  # live weights: the run's Vocabulary
    run_name: str | None = None  # the run whose validation text is the default text
    step: int | None = None  # the training step of live weights

    @classmethod
    def stored_run(cls, name: str) -> InspectSource:
        return cls(label=name, stored=name, run_name=name)

    @classmethod
    def live(cls, trainer, run_name: str | None) -> InspectSource:
        """A copy of a training run's weights, taken on the calling (UI) thread.

        The optimizer updates the arrays in place, so a copy taken in the middle of a step may
        mix two neighbouring steps' values; nothing the inspector shows can tell them apart,
        and training never waits for the copy.
        """
        live = dict(trainer.model.params)  # the dict, not the arrays: a restore may swap it
        params = {name: np.array(value, copy=True) for name, value in live.items()}
        step = int(trainer.step_count)
        label = f"{run_name or 'training run'} (live weights, step {step:,})"
        return cls(
            label=label,
            params=params,
            config=trainer.config,
            vocab=trainer.vocab,
            run_name=run_name,
            step=step,
        )

    def load(self):
        """(model, vocabulary, config); raises CharRNNError for a bad run or checkpoint."""
        from tui_charrnn.engine.stored import load_model

        if self.stored is not None:
            return load_model(self.stored)
        # Weights copied from a running trainer: its own shapes, nothing to check.
        config, vocab = self.config, self.vocab
        model = CharRNN(
            config.model, vocab.size, config.hidden_size, config.num_layers, config.dropout
        )
        model.params = dict(self.params)
        return model, vocab, config


def bundled_paths() -> dict:
    """Bundled corpora by name: a run's default text when its own file has moved."""
    from tui_charrnn import paths

    try:
        return {corpus.name: corpus.path for corpus in paths.bundled_corpora()}
    except OSError:
        return {}


def twin(model: CharRNN) -> CharRNN:
    """A model object of its own over the same (read-only) weights."""
    other = CharRNN(
        model.model_type,
        model.vocab_size,
        model.hidden_size,
        model.num_layers,
        model.dropout,
        dtype=model.dtype,
    )
    other.params = model.params
    return other


# ---------------------------------------------------------------------- messages


@dataclass
class ModelOpened(Message):
    """The model to inspect is loaded."""

    model: CharRNN  # the inspector's own copy: never the model a trainer is using
    vocab: object  # its Vocabulary
    config: object  # its TrainConfig


@dataclass
class TextScored(Message):
    """A piece of a text has been scored, with top-10 candidates and activations."""

    result: object  # ScoreResult (top_k=10, activations); partial (result.pending) but the last
    origin: str  # where the text came from, for the title
    cut: bool  # the text was longer than MAX_TEXT_CHARS and was cut
    seconds: float  # time spent scoring so far
    piece: int = 0  # 0 for the first piece of a text, then 1, 2, ... (same text, further on)
    request: int = 0  # the screen's text request it answers (stamped by the screen's post)
    # Set by the screen once the piece is painted (or dropped); the job waits for it.
    painted: threading.Event = field(default_factory=threading.Event)


@dataclass
class UnitsRanked(Message):
    """The units of a scored text, ranked (after the text is on screen)."""

    result: object  # the ScoreResult they belong to
    units: list  # [UnitMatch], highest |r| first


@dataclass
class InspectFailed(Message):
    """A job failed; the message is shown in the screen, which keeps running."""

    text: str  # one line


@dataclass
class SamplesReady(Message):
    """Samples at several temperatures from one prime and seed."""

    prime: str  # the prime they continue
    samples: list[tuple[float, str]]  # (temperature, text)


@dataclass
class BeamReady(Message):
    """The continuation found by beam search."""

    width: int  # the beam width used
    text: str  # prime plus continuation


# ---------------------------------------------------------------------- jobs


def open_job(
    post: Post,
    source: InspectSource,
    bundled: dict,
    text: str | None = None,
    origin: str = "",
    view: View = DEFAULT_VIEW,
) -> None:
    """Load the model, then score `text` (the run's default text when None)."""
    try:
        model, vocab, config = source.load()
    except Exception as error:  # noqa: BLE001 - shown in the screen, never fatal
        post(InspectFailed(f"cannot open {source.label}: {describe(error)}"))
        return
    if post(ModelOpened(model, vocab, config)) is False:
        return
    if text is None:
        default_text_job(post, model, vocab, config, source, bundled, view)
    else:
        score_job(post, model, vocab, text, origin, view)


def default_text_job(
    post: Post, model, vocab, config, source: InspectSource, bundled, view: View = DEFAULT_VIEW
) -> None:
    """Score the start of the run's validation split."""
    from tui_charrnn.engine.inspect import default_text

    origin_source = source.run_name or source.stored
    try:
        if origin_source is None:
            raise CharRNNError("no run to take a default text from; open a file (o) or type (t)")
        text, origin = default_text(
            origin_source, config, max_chars=DEFAULT_TEXT_CHARS, bundled=bundled
        )
    except Exception as error:  # noqa: BLE001
        post(InspectFailed(f"{describe(error)} (o: open a file, t: type a text)"))
        return
    score_job(post, model, vocab, text, origin, view)


def file_job(post: Post, model, vocab, path: str, view: View = DEFAULT_VIEW) -> None:
    """Read a text file (refused when missing, empty or binary) and score it."""
    from tui_charrnn.engine.inspect import read_text

    try:
        text = read_text(path)
    except Exception as error:  # noqa: BLE001
        post(InspectFailed(describe(error)))
        return
    score_job(post, model, vocab, text, path, view)


def first_piece(text: str, view: View) -> int:
    """Characters of `text` that fill a text area of `view` (columns, rows), as it wraps."""
    columns, rows = view
    starts = wrap_rows(text, columns)
    end = starts[rows] if 0 <= rows < len(starts) else len(text)
    return max(MIN_FIRST_PIECE, end)


def score_job(post: Post, model, vocab, text: str, origin: str, view: View = DEFAULT_VIEW) -> None:
    """Score a text with everything the cursor needs (top-10 candidates, activations): what
    fills `view` first, then the rest, a TextScored per piece; stops once a newer text wins."""
    from tui_charrnn.engine.inspect.scoring import score_in_pieces

    started = time.perf_counter()
    cut = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    try:
        if not text:
            raise CharRNNError("the text is empty")
        pieces = score_in_pieces(
            twin(model), vocab, text, top_k=TOP_K, activations=True,
            first=first_piece(text, view), piece=REST_PIECE,
        )  # fmt: skip
        for number, result in enumerate(pieces):
            if result.chars_scored < 1:  # only a complete result can be this short
                raise CharRNNError("the text needs at least two characters the model knows")
            message = TextScored(result, origin, cut, time.perf_counter() - started, number)
            if post(message) is False:
                pieces.close()
                return
            if number == 0 and not result.complete:
                message.painted.wait(PAINT_WAIT)  # the first paint before the rest
    except Exception as error:  # noqa: BLE001
        post(InspectFailed(describe(error)))


def units_job(post: Post, result) -> None:
    """Rank the units of a scored text (started once the text is on screen)."""
    from tui_charrnn.engine.inspect import find_units

    try:
        units = find_units(result)
    except Exception as error:  # noqa: BLE001
        post(InspectFailed(describe(error)))
        return
    post(UnitsRanked(result, units))


def samples_job(post: Post, model, vocab, prime: str, seed: int) -> None:
    """One sample per temperature, all from the same prime and seed."""
    from tui_charrnn.engine.sampling import sample_text

    try:
        copy = twin(model)
        samples = [
            (t, sample_text(copy, vocab, SAMPLE_CHARS, temperature=t, prime=prime, seed=seed))
            for t in TEMPERATURES
        ]
    except Exception as error:  # noqa: BLE001
        post(InspectFailed(describe(error)))
        return
    post(SamplesReady(prime, samples))


def beam_job(post: Post, model, vocab, prime: str, width: int) -> None:
    from tui_charrnn.engine.inspect import beam_search

    try:
        text = beam_search(twin(model), vocab, prime, BEAM_CHARS, width)
    except Exception as error:  # noqa: BLE001
        post(InspectFailed(describe(error)))
        return
    post(BeamReady(width, text))
