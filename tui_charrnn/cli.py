"""Command line: no arguments opens the app; `train`, `sample`, `runs` and `corpora` work headless.

Every user error ends with one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import math
import os
import signal
import sys
import time

from tui_charrnn import __version__
from tui_charrnn.cli_inspect import INSPECT_COMMANDS, add_inspect_commands, beam_sample
from tui_charrnn.engine.config import (
    LABELS,
    MODEL_TYPES,
    OPTIMIZERS,
    SCHEDULES,
    TrainConfig,
    validate_config,
)
from tui_charrnn.engine.errors import CharRNNError
from tui_charrnn.formatting import byte_size, duration, learning_rate

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
    sample.add_argument(
        "--beam", type=int, metavar="K", help="beam search of width K instead of sampling"
    )

    runs = commands.add_parser("runs", help="list or delete saved runs")
    runs_commands = runs.add_subparsers(dest="runs_command", metavar="ACTION")
    runs_commands.add_parser("list", help="list runs (the default)")
    delete = runs_commands.add_parser("delete", help="delete a run and its checkpoints")
    delete.add_argument("name")
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    corpora = commands.add_parser("corpora", help="list or download corpora")
    corpora_commands = corpora.add_subparsers(dest="corpora_command", metavar="ACTION")
    corpora_commands.add_parser("list", help="list bundled and downloadable corpora (default)")
    fetch = corpora_commands.add_parser("fetch", help="download a corpus and verify its checksum")
    fetch.add_argument("name", help="a downloadable corpus, e.g. tinyshakespeare")
    fetch.add_argument("--url", help="download from this mirror instead (same checksum)")
    add_inspect_commands(commands)
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
        ("--weight-drop", "weight_drop"),
        ("--weight-drop-start", "weight_drop_start"),
        ("--weight-drop-ramp", "weight_drop_ramp"),
        ("--lr", "learning_rate"),
        ("--momentum", "momentum"),
        ("--weight-decay", "weight_decay"),
        ("--lr-decay", "lr_decay"),
        ("--lr-decay-every", "lr_decay_every"),
        ("--warmup", "warmup"),
        ("--lr-floor", "lr_floor"),
        ("--peak-factor", "peak_factor"),
        ("--clip", "clip"),
        ("--seed", "seed"),
        ("--val-fraction", "val_fraction"),
        ("--eval-every", "eval_every"),
    ]
    helps = {
        "learning_rate": "learning rate: held without a budget, the schedule's base with one",
        "peak_factor": "with --steps or --time-budget the lr peaks at this x --lr",
        "weight_decay": "adam's decoupled weight decay (AdamW): matrices shrink by lr x this",
        "weight_drop": "share of the recurrent weights dropped for each batch (DropConnect)",
        "weight_drop_start": "passes over the training text before weight drop begins",
        "weight_drop_ramp": "passes over which weight drop then rises to its full share",
    }
    for flag, field in options:
        words = helps.get(field, LABELS[field])
        group.add_argument(
            flag, dest=field, metavar="N", help=f"{words} ({getattr(defaults, field)})"
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
    from tui_charrnn.engine.controls import LiveControls
    from tui_charrnn.engine.loading import load_corpus
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
        controls = LiveControls()  # --lr and --clip win over the run's stored values
        controls.learning_rate, controls.clip = args.learning_rate, args.clip
        session = Session.resume(
            args.resume, controls=controls, corpus=corpus, threads=args.threads
        )
    else:
        if corpus is None:
            raise CLIError("train needs a CORPUS (a text file, a folder or a bundled name)")
        session = Session.create(
            corpus, config_from_args(args), run_name=args.run, threads=args.threads
        )
    return _run_training(session, args, every_seconds, every_steps)


def _run_training(session, args, every_seconds, every_steps) -> int:
    from tui_charrnn.engine.loading import folder_summary

    trainer = session.trainer
    reporter = progress_reporter(
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
    if trainer.corpus.source_info.get("folder"):
        reporter.line(folder_summary(trainer.corpus.source_info))
    events = []

    def on_event(kind: str, message: str) -> None:
        events.append((kind, message))
        if kind in ("warning", "error", "diverged", "note"):
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
    finally:
        # Whatever ends the loop (a second Ctrl+C, a full disk), the bar is closed and the
        # cursor given back before main() prints its one line.
        reporter.finish()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    interrupted = bool(interrupts)
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

    history = trainer.history
    return advice_for(list(zip(history.steps, history.train, strict=True)), history.val)


def _summary_line(summary: dict) -> str:
    val = summary["val_loss"]
    val_text = "n/a" if val is None else f"{val:.4f} nats ({summary['val_bpc']:.3f} bits)/char"
    train = summary["train_loss"]
    train_text = "n/a" if train is None else f"{train:.4f}"
    return (
        f"done: {summary['steps']:,} steps, {summary['chars_per_sec']:,.0f} chars/s, "
        f"train loss {train_text}, validation {val_text}; saved as run {summary['run']}"
    )


# ------------------------------------------------------------------------------------- output
# rich is imported inside these functions: `charrnn-tui sample` and the app never pay for it.


def progress_reporter(total_steps, time_budget, start_step, *, enabled=True, stream=None):
    """How `train` shows progress on stderr: a rich bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    if enabled and stream.isatty():
        from rich.console import Console

        console = Console(file=stream, highlight=False)
        return RichProgressReporter(total_steps, time_budget, start_step, console)
    return PlainProgressReporter(stream if enabled else None)


def _progress_text(progress) -> tuple[str, str, str]:
    """(loss, val, rate) as the progress output shows them."""
    loss = "-" if progress.train_loss is None else f"{progress.train_loss:.3f}"
    val = "-" if progress.val_loss is None else f"{progress.val_loss:.3f}"
    return loss, val, f"{progress.chars_per_sec:,.0f} chars/s"


class PlainProgressReporter:
    """A plain line every few seconds, for a log file or pipe; silent when ``stream`` is None."""

    EVERY_SECONDS = 5.0

    def __init__(self, stream) -> None:
        self.stream = stream  # where lines go; None for --quiet
        self.last_line = -math.inf  # monotonic time of the last progress line

    def update(self, progress) -> None:
        if self.stream is None or time.monotonic() - self.last_line < self.EVERY_SECONDS:
            return
        self.last_line = time.monotonic()
        loss, val, rate = _progress_text(progress)
        self.line(
            f"step {progress.step:,}  loss {loss}  val {val}  {rate}  "
            f"lr {learning_rate(progress.learning_rate)}  epoch {progress.epoch:.2f}"
        )

    def line(self, text: str) -> None:
        if self.stream is not None:
            self.stream.write(text + "\n")
            self.stream.flush()

    def finish(self) -> None:
        """Nothing to close: every line is already whole."""


class RichProgressReporter:
    """A live rich progress bar; messages print above it and it stays on screen when done.

    Elapsed and remaining time are measured with ``clock`` from construction, so a test can
    drive the bar with a fake clock. The bar and the remaining time show only when a step or
    time budget gives an end.
    """

    REFRESH_SECONDS = 0.1  # redraw at most this often: a step can take well under a millisecond

    def __init__(self, total_steps, time_budget, start_step, console, clock=time.monotonic):
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        self.total_steps = total_steps  # steps this run will take, or None
        self.time_budget = time_budget  # seconds this run may take, or None
        self.start_step = start_step  # the trainer's step count before this run
        self.clock = clock
        self.started = clock()
        self.last_refresh = -math.inf  # clock() of the last redraw
        bounded = bool(total_steps or time_budget)
        columns = [TextColumn("step {task.fields[step]}")]
        if bounded:
            columns += [BarColumn(bar_width=24), TaskProgressColumn()]
        columns.append(TextColumn("{task.fields[elapsed]} [dim]elapsed[/]"))
        if bounded:
            columns.append(TextColumn("{task.fields[remaining]} [dim]left[/]"))
        columns += [
            TextColumn("{task.fields[rate]}"),
            TextColumn("[dim]loss[/] {task.fields[loss]} [dim]val[/] {task.fields[val]}"),
            TextColumn("[dim]lr[/] {task.fields[lr]}"),  # the live rate, schedule included
        ]
        self.progress = Progress(*columns, console=console, auto_refresh=False)
        fields = dict(step="-", elapsed="0:00", remaining="-", rate="", loss="-", val="-", lr="-")
        self.task = self.progress.add_task("train", total=1.0, **fields)
        self.live = False  # whether the bar is on screen

    def fraction_and_remaining(self, progress, elapsed: float) -> tuple[float, float | None]:
        """How much of the budget is spent (0..1) and the seconds left (None: unknown)."""
        if self.time_budget:
            left = max(self.time_budget - elapsed, 0.0)
            return min(elapsed / self.time_budget, 1.0), left
        if not self.total_steps:
            return 0.0, None
        done = min(max(progress.step - self.start_step, 0), self.total_steps)
        # The average pace so far; unknown until the first step is done.
        left = elapsed * (self.total_steps - done) / done if done else None
        return done / self.total_steps, left

    def update(self, progress) -> None:
        elapsed = self.clock() - self.started
        fraction, remaining = self.fraction_and_remaining(progress, elapsed)
        loss, val, rate = _progress_text(progress)
        self.progress.update(
            self.task,
            completed=fraction,
            step=f"{progress.step:,}",
            elapsed=duration(elapsed),
            remaining=duration(remaining),
            rate=rate,
            loss=loss,
            val=val,
            lr=learning_rate(progress.learning_rate),
        )
        if not self.live:
            self.progress.start()  # draws the first frame
            self.live = True
        elif self.clock() - self.last_refresh >= self.REFRESH_SECONDS:
            self.progress.refresh()
        else:
            return
        self.last_refresh = self.clock()

    def line(self, text: str) -> None:
        self.progress.console.print(text, markup=False, soft_wrap=True)

    def finish(self) -> None:
        """Draw the last state and leave the bar on screen; safe to call more than once."""
        if self.live:
            self.progress.refresh()
            self.progress.stop()
            self.live = False


def print_table(table, file=None) -> None:
    """Print a rich table: styled on a terminal; plain and unwrapped into a file or pipe."""
    from rich.console import Console
    from rich.measure import Measurement

    file = file or sys.stdout
    console = Console(file=file, highlight=False)
    if console.is_terminal:
        console.print(table)
        return
    # A file gets each row on one line however wide it is, no colour and no trailing blanks,
    # so `charrnn-tui runs > runs.txt` and `| grep` read like the old aligned text.
    wide = Console(width=10_000, color_system=None)
    width = Measurement.get(wide, wide.options, table).maximum
    plain = Console(file=io.StringIO(), width=max(width, 1), color_system=None, highlight=False)
    with plain.capture() as captured:
        plain.print(table)
    for row in captured.get().splitlines():
        file.write(row.rstrip() + "\n")


STATUS_STYLES = {"running": "green", "paused": "yellow", "diverged": "red", "damaged": "red"}


def status_word(summary) -> str:
    """The status a person reads: a run whose files cannot be used is "damaged" (as in the app)."""
    from tui_charrnn.engine.runs import CORRUPT

    return "damaged" if summary.status == CORRUPT else summary.status


def runs_table(summaries):
    """The `runs` table: one row per run folder, newest first as list_runs gives them."""
    from rich.table import Table
    from rich.text import Text

    from tui_charrnn.engine.runs import CORRUPT

    table = Table(box=None, pad_edge=False, header_style="bold")
    for title in ("NAME", "MODEL", "CORPUS"):
        # On a narrow terminal a long name folds onto a second line rather than losing its end
        # to an ellipsis: the name is what `sample` and `--resume` need.
        table.add_column(title, overflow="fold")
    table.add_column("STEPS", justify="right")
    table.add_column("BEST VAL", justify="right")
    table.add_column("UPDATED", no_wrap=True)
    table.add_column("STATUS")
    for s in summaries:
        moment = s.updated_at
        cells = (
            s.name,
            s.size if s.status != CORRUPT else "?",
            s.corpus or "-",
            f"{s.step:,}",
            f"{s.best_val_loss:.4f}" if s.best_val_loss is not None else "-",
            moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "-",
        )
        # Text, not markup: a corpus named "notes [draft]" must print as it is.
        status = status_word(s)
        table.add_row(*map(Text, cells), Text(status, style=STATUS_STYLES.get(status, "")))
    return table


def corpora_table(rows):
    """The `corpora` table from (name, size in bytes, vocabulary size, description) rows."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("NAME", no_wrap=True)
    table.add_column("SIZE", justify="right", no_wrap=True)
    table.add_column("VOCAB", justify="right")
    table.add_column("DESCRIPTION")
    for name, num_bytes, vocab_size, description in rows:
        table.add_row(*map(Text, (name, byte_size(num_bytes), str(vocab_size), description)))
    return table


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
    if args.beam is not None:
        return beam_sample(args, model, vocab)
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
    from tui_charrnn.engine.runs import delete_run, list_runs, open_run

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
    print_table(runs_table(summaries))
    damaged = [s for s in summaries if status_word(s) == "damaged"]
    if damaged:
        # Why each damaged run cannot be used: the schema's one line, which names the run.
        print()
        for s in damaged:
            print(s.problem or f"run {s.name} is damaged")
        print("delete a damaged run with: charrnn-tui runs delete NAME")
    return 0


def cmd_corpora(args: argparse.Namespace) -> int:
    from tui_charrnn.engine.loading import load_corpus
    from tui_charrnn.paths import bundled_corpora

    if args.corpora_command == "fetch":
        return cmd_corpora_fetch(args)
    rows = [
        (c.name, c.path.stat().st_size, load_corpus(c.path).vocab.size, c.description)
        for c in bundled_corpora()
    ]
    rows.extend(_downloadable_rows())
    print_table(corpora_table(rows))
    print("\nAlso: python-stdlib (this Python's standard library source, no download needed)")
    return 0


def _downloadable_rows() -> list[tuple[str, int, int | str, str]]:
    """`corpora` rows for the registry: fetched ones like bundled ones, others with the command."""
    from tui_charrnn.engine.loading import load_corpus
    from tui_charrnn.paths import downloadable_corpora

    rows = []
    for entry in downloadable_corpora():
        name, size = entry.source.name, entry.source.size
        if entry.fetched:
            vocab = load_corpus(entry.path).vocab.size
            rows.append((name, size, vocab, f"{entry.source.description} (fetched)"))
        else:
            rows.append((name, size, "-", f"not downloaded — charrnn-tui corpora fetch {name}"))
    return rows


def cmd_corpora_fetch(args: argparse.Namespace) -> int:
    """Download a registry corpus into the data folder and verify it; print its path.

    On a terminal a rich progress bar runs on stderr while the text arrives; otherwise there
    is no live output. Either way one plain line on stderr confirms a completed download, so a
    failure is still a single stderr line.
    """
    from tui_charrnn.engine.sources import fetch_corpus, find_source
    from tui_charrnn.paths import fetched_corpora_dir

    source = find_source(args.name)
    folder = fetched_corpora_dir()
    reported = []  # byte counts seen; stays empty when a verified copy was already there
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )

        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(source.name, total=source.size)

            def show(received: int, _expected: int) -> None:
                reported.append(received)
                bar.update(task, completed=received)

            path = fetch_corpus(source.name, folder, url=args.url, progress=show)
    else:
        path = fetch_corpus(
            source.name, folder, url=args.url, progress=lambda got, _: reported.append(got)
        )
    if reported:
        print(f"downloaded {source.name}: {source.size:,} bytes, SHA-256 verified", file=sys.stderr)
    print(path)
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from tui_charrnn.app import run_app

    return run_app(corpus=args.corpus, resume=args.resume) or 0


def flag_hint(error: CharRNNError, args: argparse.Namespace) -> str:
    """The command-line way out of an engine error with a hint key ("" when there is none)."""
    if error.hint == "encoding":
        # latin-1 decodes any bytes, so it is the useful suggestion after UTF-8 fails.
        if _is_utf8(getattr(args, "encoding", None) or "utf-8"):
            return "; try --encoding latin-1 or another encoding"
        return "; try another --encoding"
    if error.hint == "run-exists":
        return f"; use --resume {getattr(args, 'run', None) or 'NAME'} to continue it"
    if error.hint == "unknown-run":
        return "; `charrnn-tui runs` lists them"
    if error.hint == "vocabulary":
        return "; leave CORPUS out to resume on the run's own text, or start a new run"
    return ""


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


COMMANDS = {"train": cmd_train, "sample": cmd_sample, "runs": cmd_runs, "corpora": cmd_corpora}
COMMANDS.update(INSPECT_COMMANDS)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_app)
    try:
        return handler(args)
    except CharRNNError as error:
        print(f"charrnn-tui: error: {error}{flag_hint(error, args)}", file=sys.stderr)
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
