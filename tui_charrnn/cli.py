"""Command line: no arguments opens the app; `train`, `sample`, `runs` and `corpora` work headless.

Every user error ends with one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time

from tui_charrnn import __version__
from tui_charrnn.engine.config import (
    LABELS,
    MODEL_TYPES,
    OPTIMIZERS,
    SCHEDULES,
    TrainConfig,
    validate_config,
)
from tui_charrnn.engine.errors import CharRNNError

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class CLIError(CharRNNError):
    """A bad command-line value."""


# ------------------------------------------------------------------------------------- parser
class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (`charrnn-tui: error: ...`) like every other."""

    def error(self, message: str) -> None:  # type: ignore[override]
        text = " ".join(str(message).split())
        self.exit(EXIT_ERROR, f"charrnn-tui: error: {text} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="charrnn-tui",
        description="Train character-level RNNs in pure NumPy and watch them learn. "
        "With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--corpus", help="open the app on this corpus (file, folder or name)")
    parser.add_argument("--resume", metavar="RUN", help="open the app resuming this run")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = commands.add_parser("train", help="train without the app")
    train.add_argument("corpus", nargs="?", help="text file, folder, or a bundled corpus name")
    _add_hyperparameters(train)
    limit = train.add_mutually_exclusive_group()
    # A limit is also the budget the learning-rate schedule (--schedule) decays over.
    limit.add_argument(
        "--steps", type=int, help="train this many steps; the lr schedule spans them"
    )
    limit.add_argument(
        "--time-budget",
        type=float,
        metavar="SECONDS",
        help="train this long; the lr schedule spans it (resume without a limit: finish it)",
    )
    train.add_argument("--run", metavar="NAME", help="name of the new run (default: generated)")
    train.add_argument("--resume", metavar="NAME", help="continue an existing run")
    train.add_argument(
        "--checkpoint-every",
        default="60s",
        metavar="N",
        help="checkpoint every N steps, or every N seconds with an s suffix (default 60s)",
    )
    train.add_argument(
        "--snapshot-every",
        type=int,
        metavar="STEPS",
        help="also keep a numbered snapshot every this many steps",
    )
    train.add_argument(
        "--keep-snapshots", type=int, default=5, metavar="K", help="newest snapshots kept (5)"
    )
    train.add_argument(
        "--threads", type=int, metavar="N", help="training threads, 1 or 2 (default: 2 on 2+ cores)"
    )
    train.add_argument("--encoding", default="utf-8", help="text encoding (default utf-8)")
    train.add_argument("--glob", help="for a folder corpus: which files to read, e.g. '*.py'")
    train.add_argument("--json", action="store_true", help="end with one JSON summary line")
    train.add_argument("--quiet", action="store_true", help="no progress output")

    sample = commands.add_parser("sample", help="generate text from a run or checkpoint file")
    sample.add_argument("source", metavar="RUN_OR_FILE", help="run name or .npz checkpoint")
    sample.add_argument("--length", type=int, default=500, help="characters to generate")
    sample.add_argument("--temperature", type=float, default=0.8, help="0 is greedy")
    sample.add_argument("--top-k", type=int, default=0, help="sample from the k likeliest (0: all)")
    sample.add_argument("--prime", default="", help="text to start from")
    sample.add_argument("--seed", type=int, help="random seed for repeatable samples")
    sample.add_argument("--latest", action="store_true", help="use the latest, not the best")

    runs = commands.add_parser("runs", help="list or delete saved runs")
    runs_commands = runs.add_subparsers(dest="runs_command", metavar="ACTION")
    runs_commands.add_parser("list", help="list runs (the default)")
    delete = runs_commands.add_parser("delete", help="delete a run and its checkpoints")
    delete.add_argument("name")
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    commands.add_parser("corpora", help="list the bundled sample corpora")
    return parser


def _add_hyperparameters(parser: argparse.ArgumentParser) -> None:
    defaults = TrainConfig()
    group = parser.add_argument_group("hyperparameters (defaults chosen by measurement)")
    # Values stay strings here: the engine's validate_config gives the one-line errors.
    group.add_argument("--model", choices=MODEL_TYPES, help=f"cell type ({defaults.model})")
    options = [
        ("--hidden", "hidden_size"),
        ("--layers", "num_layers"),
        ("--seq-len", "seq_len"),
        ("--batch-size", "batch_size"),
        ("--dropout", "dropout"),
        ("--lr", "learning_rate"),
        ("--momentum", "momentum"),
        ("--lr-decay", "lr_decay"),
        ("--lr-decay-every", "lr_decay_every"),
        ("--warmup", "warmup"),
        ("--lr-floor", "lr_floor"),
        ("--clip", "clip"),
        ("--seed", "seed"),
        ("--val-fraction", "val_fraction"),
        ("--eval-every", "eval_every"),
    ]
    for flag, field in options:
        group.add_argument(
            flag, dest=field, metavar="N", help=f"{LABELS[field]} ({getattr(defaults, field)})"
        )
    group.add_argument("--optimizer", choices=OPTIMIZERS, help=f"({defaults.optimizer})")
    group.add_argument("--clip-mode", choices=("norm", "value"), help="(norm)")
    group.add_argument(
        "--schedule",
        choices=SCHEDULES,
        help=f"lr shape over --steps / --time-budget ({defaults.schedule})",
    )


def config_from_args(args: argparse.Namespace, base: TrainConfig | None = None) -> TrainConfig:
    changes = {}
    for field in TrainConfig.__dataclass_fields__:
        value = getattr(args, field, None)
        if value is not None:
            changes[field] = value
    base = base or TrainConfig()
    return validate_config(TrainConfig(**{**base.to_dict(), **changes}))


def parse_checkpoint_every(text: str) -> tuple[float | None, int | None]:
    """'500' -> every 500 steps; '60s' / '5m' -> every 60 / 300 seconds; '0' -> never."""
    value = str(text).strip().lower()
    units = {"s": 1.0, "m": 60.0, "h": 3600.0}
    try:
        if value and value[-1] in units:
            seconds = float(value[:-1]) * units[value[-1]]
            if not math.isfinite(seconds) or seconds < 0:
                raise ValueError
            return (seconds or None), None
        steps = int(value)
        if steps < 0:
            raise ValueError
        return None, (steps or None)
    except ValueError:
        raise CLIError(
            f"--checkpoint-every must be steps (500) or a duration (60s, 5m), not {text!r}"
        ) from None


# ------------------------------------------------------------------------------------- commands
def cmd_train(args: argparse.Namespace) -> int:
    from tui_charrnn.engine.corpus import load_corpus
    from tui_charrnn.engine.session import Session
    from tui_charrnn.paths import resolve_corpus_arg

    every_seconds, every_steps = parse_checkpoint_every(args.checkpoint_every)
    if args.threads is not None and args.threads not in (1, 2):
        raise CLIError(f"--threads must be 1 or 2, not {args.threads}")
    if args.snapshot_every is not None and args.snapshot_every < 1:
        raise CLIError(f"--snapshot-every must be at least 1, not {args.snapshot_every}")
    if args.keep_snapshots < 1:
        raise CLIError(f"--keep-snapshots must be at least 1, not {args.keep_snapshots}")
    if args.steps is not None and args.steps < 1:
        raise CLIError(f"--steps must be at least 1, not {args.steps}")
    if args.time_budget is not None and not args.time_budget > 0:
        raise CLIError(
            f"--time-budget must be a positive number of seconds, not {args.time_budget}"
        )
    corpus = None
    if args.corpus:
        corpus = load_corpus(
            resolve_corpus_arg(args.corpus), encoding=args.encoding, glob=args.glob
        )
    if args.resume:
        structural = [
            f for f in TrainConfig.__dataclass_fields__
            if getattr(args, f, None) is not None and f not in ("learning_rate", "clip")
        ]  # fmt: skip
        if structural:
            names = ", ".join(LABELS[f] for f in structural)
            raise CLIError(
                "a resumed run keeps its hyperparameters; only --lr and --clip may change "
                f"({names} given)"
            )
        overrides = {f: getattr(args, f) for f in ("learning_rate", "clip") if getattr(args, f)}
        session = Session.resume(
            args.resume, corpus=corpus, overrides=overrides, threads=args.threads
        )
    else:
        if corpus is None:
            raise CLIError("train needs a CORPUS (a text file, a folder or a bundled name)")
        session = Session.create(
            corpus, config_from_args(args), run_name=args.run, threads=args.threads
        )
    return _run_training(session, args, every_seconds, every_steps)


def _run_training(session, args, every_seconds, every_steps) -> int:
    trainer = session.trainer
    reporter = ProgressReporter(
        total_steps=args.steps,
        time_budget=args.time_budget,
        start_step=trainer.step_count,
        enabled=not args.quiet,
    )
    config = trainer.config
    reporter.line(
        f"run {session.run.name}: {config.model} {config.num_layers}x{config.hidden_size} on "
        f"{trainer.corpus.name} ({trainer.corpus.num_chars:,} chars, vocabulary "
        f"{trainer.vocab.size}), {trainer.model.num_parameters():,} parameters"
    )
    events = []

    def on_event(kind: str, message: str) -> None:
        events.append((kind, message))
        if kind in ("warning", "error", "diverged"):
            reporter.line(f"{kind}: {message}")

    # SIGTERM and a first Ctrl+C ask the loop to stop between two steps, so the final
    # checkpoint is a whole, exactly resumable state (a KeyboardInterrupt raised mid-step would
    # save a batch drawn but never applied). A second Ctrl+C quits at once and saves nothing:
    # the last checkpoint written stays as it was.
    interrupts: list[int] = []

    def request_stop(signum, _frame) -> None:
        if signum == signal.SIGINT:
            if interrupts:
                raise KeyboardInterrupt
            interrupts.append(signum)
        session.controls.stop()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    started_chars, started = trainer.chars, time.monotonic()
    try:
        outcome = session.train(
            max_steps=args.steps,
            time_budget=args.time_budget,
            checkpoint_every_seconds=every_seconds,
            checkpoint_every_steps=every_steps,
            snapshot_every_steps=args.snapshot_every,
            keep_snapshots=args.keep_snapshots,
            sample_every_seconds=None,
            pause_on_divergence=False,
            on_progress=reporter.update,
            on_event=on_event,
        )
    except KeyboardInterrupt:
        reporter.finish()
        raise  # main() reports it and exits 130
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    interrupted = bool(interrupts)
    reporter.finish()
    trainer = session.trainer
    seconds = time.monotonic() - started
    summary = {
        "run": session.run.name,
        "outcome": outcome,
        "steps": trainer.step_count,
        "chars": trainer.chars,
        "seconds": round(seconds, 3),
        "chars_per_sec": round((trainer.chars - started_chars) / max(seconds, 1e-9), 1),
        "train_loss": trainer.smoothed_loss,
        "val_loss": trainer.val_loss,
        "val_bpc": trainer.progress().val_bpc,
        "best_val_loss": trainer.best_val_loss,
        "checkpoint": str(session.run.checkpoint_path("latest")),
        "advice": _advice(trainer),  # ADVICE HOOK: one line or None
    }
    if args.json:
        print(json.dumps(summary))
    else:
        reporter.line(_summary_line(summary))
        if summary["advice"]:
            reporter.line(f"advice: {summary['advice']}")
    errors = [message for kind, message in events if kind == "error"]
    if outcome == "diverged":
        message = next(m for k, m in events if k == "diverged")
        raise CLIError(f"{message}; try a lower --lr")
    if errors:
        raise CLIError(errors[-1])
    return EXIT_INTERRUPTED if interrupted else 0


def _advice(trainer) -> str | None:
    """What the loss curves suggest trying, as the live advisor would say it at the end."""
    from tui_charrnn.engine.advice import advice_for

    train = list(zip(trainer.history_steps, trainer.train_history, strict=True))
    return advice_for(train, trainer.val_history)


def _summary_line(summary: dict) -> str:
    val = summary["val_loss"]
    val_text = "n/a" if val is None else f"{val:.4f} nats ({summary['val_bpc']:.3f} bits)/char"
    train = summary["train_loss"]
    train_text = "n/a" if train is None else f"{train:.4f}"
    return (
        f"done: {summary['steps']:,} steps, {summary['chars_per_sec']:,.0f} chars/s, "
        f"train loss {train_text}, validation {val_text}; saved as run {summary['run']}"
    )


class ProgressReporter:
    """A one-line progress bar on a terminal (stderr), a plain line every few seconds otherwise."""

    def __init__(self, total_steps, time_budget, start_step, enabled=True, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.total_steps = total_steps
        self.time_budget = time_budget
        self.start_step = start_step
        self.started = time.monotonic()
        self.last_plain = 0.0
        self.drawn = False

    def fraction(self, progress) -> float | None:
        if self.total_steps:
            return (progress.step - self.start_step) / self.total_steps
        if self.time_budget:
            return (time.monotonic() - self.started) / self.time_budget
        return None

    def update(self, progress) -> None:
        if not self.enabled:
            return
        loss = "-" if progress.train_loss is None else f"{progress.train_loss:.3f}"
        val = "-" if progress.val_loss is None else f"{progress.val_loss:.3f}"
        text = (
            f"step {progress.step:,}  loss {loss}  val {val}  "
            f"{progress.chars_per_sec:,.0f} chars/s  epoch {progress.epoch:.2f}"
        )
        fraction = self.fraction(progress)
        if self.tty:
            bar = ""
            if fraction is not None:
                fraction = min(max(fraction, 0.0), 1.0)
                filled = int(fraction * 24)
                bar = f"[{'#' * filled}{'.' * (24 - filled)}] {fraction:4.0%}  "
            self.stream.write("\r\x1b[2K" + bar + text)
            self.stream.flush()
            self.drawn = True
        elif time.monotonic() - self.last_plain >= 5.0:
            self.last_plain = time.monotonic()
            self.stream.write(text + "\n")
            self.stream.flush()

    def line(self, text: str) -> None:
        if not self.enabled:
            return
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.drawn = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def cmd_sample(args: argparse.Namespace) -> int:
    from tui_charrnn.engine.sampling import generate, prime_ids
    from tui_charrnn.engine.stored import load_model

    if args.length < 0:
        raise CLIError(f"--length must be zero or more, not {args.length}")
    model, vocab, _ = load_model(args.source, latest=args.latest)
    _, unknown = prime_ids(vocab, args.prime)
    if unknown:
        print(
            f"charrnn-tui: warning: skipped prime characters not in the vocabulary: {unknown!r}",
            file=sys.stderr,
        )
    stream = generate(
        model,
        vocab,
        args.length,
        temperature=args.temperature,
        top_k=args.top_k,
        prime=args.prime,
        seed=args.seed,
    )
    out = sys.stdout
    for ch in stream:
        out.write(ch)
        if ch == "\n":
            out.flush()
    out.write("\n")
    out.flush()
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    from tui_charrnn.engine.runs import delete_run, format_runs_table, list_runs, open_run

    if args.runs_command == "delete":
        run = open_run(args.name)  # fails clearly when it does not exist
        if not args.yes:
            if not sys.stdin.isatty():
                raise CLIError(f"not deleting run {run.name} without confirmation; add --yes")
            try:
                answer = input(f"Delete run {run.name} and all its checkpoints? [y/N] ")
            except EOFError:  # Ctrl+D: no
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                print("kept")
                return 1
        delete_run(run.name)
        print(f"deleted run {run.name}")
        return 0
    summaries = list_runs()
    if not summaries:
        print("no runs yet; start one with: charrnn-tui train dialogue")
        return 0
    print(format_runs_table(summaries))
    return 0


def cmd_corpora(args: argparse.Namespace) -> int:
    from tui_charrnn.engine.corpus import load_corpus
    from tui_charrnn.paths import bundled_corpora

    rows = []
    for corpus in bundled_corpora():
        loaded = load_corpus(corpus.path)
        size = corpus.path.stat().st_size
        rows.append(
            (corpus.name, f"{size / 1024:.0f} KB", str(loaded.vocab.size), corpus.description)
        )
    header = ("NAME", "SIZE", "VOCAB", "DESCRIPTION")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        cells = "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
        print(f"{cells}  {row[3]}")
    print("\nAlso: python-stdlib (this Python's standard library source, no download needed)")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from tui_charrnn.app import run_app

    return run_app(corpus=args.corpus, resume=args.resume) or 0


COMMANDS = {"train": cmd_train, "sample": cmd_sample, "runs": cmd_runs, "corpora": cmd_corpora}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_app)
    try:
        return handler(args)
    except CharRNNError as error:
        print(f"charrnn-tui: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("charrnn-tui: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `charrnn-tui sample RUN | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"charrnn-tui: error: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except MemoryError:
        print("charrnn-tui: error: out of memory; try a smaller model or corpus", file=sys.stderr)
        return EXIT_ERROR
