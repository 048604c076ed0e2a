"""The inspector's commands: `score` (surprise per file) and `units` (which units track what),
and beam search for `sample --beam`. Thin layers over tui_charrnn.engine.inspect."""

from __future__ import annotations

import argparse
import json
import math
import sys

from tui_charrnn.engine.errors import CharRNNError

UNITS_TEXT_CHARS = 20_000  # default text length for `units`: enough for stable correlations
SHOW_BINS = 9  # colour steps of the surprise ramp
SHOW_MAX_NATS = 6.0  # surprise at or above this gets the hottest colour
# A perceptual ramp (dark blue -> green -> yellow), low surprise to high.
RAMP = [
    (48, 18, 59),
    (70, 68, 172),
    (62, 121, 230),
    (26, 170, 209),
    (42, 207, 139),
    (137, 232, 72),
    (210, 226, 52),
    (250, 176, 43),
    (236, 98, 33),
]


class InspectUsageError(CharRNNError):
    """A bad value for one of the inspector's options."""


def add_inspect_commands(commands) -> None:
    """Add `score` and `units` to the CLI's subcommands."""
    score = commands.add_parser("score", help="how well a model predicts text files")
    score.add_argument("source", metavar="RUN_OR_CHECKPOINT", help="run name or .npz checkpoint")
    score.add_argument("files", metavar="FILE", nargs="+", help="text files to score")
    score.add_argument("--latest", action="store_true", help="use the latest, not the best")
    score.add_argument("--encoding", default="utf-8", help="text encoding (default utf-8)")
    score.add_argument("--json", action="store_true", help="end with one JSON summary line")
    score.add_argument("--show", action="store_true", help="print the text coloured by surprise")

    units = commands.add_parser(
        "units", help="hidden units ranked by how well they track a feature"
    )
    units.add_argument("source", metavar="RUN_OR_CHECKPOINT", help="run name or .npz checkpoint")
    units.add_argument("--text", metavar="FILE", help="text to read (default: validation text)")
    units.add_argument("--top", type=int, default=20, metavar="N", help="units listed (20)")
    units.add_argument("--latest", action="store_true", help="use the latest, not the best")
    units.add_argument("--json", action="store_true", help="end with one JSON line of units")


def _per_file(path: str, result) -> dict:
    return {
        "file": path,
        "chars": len(result.ids),
        "chars_scored": result.chars_scored,
        "unknown_chars": result.unknown_chars,
        "unknown": "".join(sorted(result.unknown)),
        "nats": result.total_nats,
        "nats_per_char": result.nats_per_char,
        "bits_per_char": result.bits_per_char,
    }


def cmd_score(args: argparse.Namespace) -> int:
    from tui_charrnn.engine.inspect import InspectError, read_text, score_text
    from tui_charrnn.engine.stored import load_model
    from tui_charrnn.engine.trainer import single_thread_blas

    model, vocab, _ = load_model(args.source, latest=args.latest)
    files = []
    with single_thread_blas():
        for path in args.files:
            text = read_text(path, encoding=args.encoding)
            try:
                result = score_text(model, vocab, text)
            except InspectError as error:
                raise InspectError(f"{path}: {error}") from None
            if not result.chars_scored:
                raise InspectError(f"{path}: needs at least two characters the model knows")
            files.append(_per_file(path, result))
            if args.show:
                _show(result, path)
    scored = sum(f["chars_scored"] for f in files)
    nats = sum(f["nats"] for f in files) / scored
    summary = {
        "source": str(args.source),
        "chars_scored": scored,
        "unknown_chars": sum(f["unknown_chars"] for f in files),
        "nats_per_char": nats,
        "bits_per_char": nats / math.log(2.0),
        "files": files,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        _score_table(summary)
    return 0


def _score_table(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"scored by {summary['source']}"))
    table.add_column("file", overflow="fold")  # whole paths, folded rather than cut
    for column in ("chars scored", "unknown", "nats/char", "bits/char"):
        table.add_column(column, justify="right")
    rows = (
        [*summary["files"], {**summary, "file": "overall"}]
        if len(summary["files"]) > 1
        else summary["files"]
    )
    for row in rows:
        table.add_row(
            Text(row["file"]),  # a file name is not markup
            f"{row['chars_scored']:,}",
            f"{row['unknown_chars']:,}",
            f"{row['nats_per_char']:.4f}",
            f"{row['bits_per_char']:.4f}",
        )
    Console(soft_wrap=True).print(table)


def surprise_bin(nats: float) -> int:
    """Index into RAMP for a surprise in nats (NaN, the first character, gets the coolest)."""
    if not math.isfinite(nats):
        return 0
    return min(SHOW_BINS - 1, max(0, int(nats / SHOW_MAX_NATS * SHOW_BINS)))


def _show(result, path: str) -> None:
    """Print the scored text with each character's background coloured by its surprise."""
    from rich.console import Console
    from rich.text import Text

    styles = [
        f"black on rgb({r},{g},{b})" if i >= 5 else f"white on rgb({r},{g},{b})"
        for i, (r, g, b) in enumerate(RAMP)
    ]
    shown = Text()
    bins = [surprise_bin(x) for x in result.nll.tolist()]
    start = 0
    for i in range(1, len(bins) + 1):  # one span per run of equal colour
        if i == len(bins) or bins[i] != bins[start]:
            shown.append(result.text[start:i], style=styles[bins[start]])
            start = i
    legend = Text(f"{path}: surprise, nats/char  ")
    for i, style in enumerate(styles):
        legend.append(f" {i * SHOW_MAX_NATS / SHOW_BINS:.1f} ", style=style)
    console = Console(soft_wrap=True, highlight=False)
    console.print(legend)
    console.print(shown)


def cmd_units(args: argparse.Namespace) -> int:
    from tui_charrnn.engine.inspect import default_text, find_units, read_text, score_text
    from tui_charrnn.engine.stored import load_model
    from tui_charrnn.engine.trainer import single_thread_blas
    from tui_charrnn.paths import bundled_corpora

    if args.top < 1:
        raise InspectUsageError(f"--top must be at least 1, not {args.top}")
    model, vocab, config = load_model(args.source, latest=args.latest)
    if args.text:
        text, origin = read_text(args.text), args.text
    else:
        bundled = {corpus.name: corpus.path for corpus in bundled_corpora()}
        text, origin = default_text(
            args.source, config, max_chars=UNITS_TEXT_CHARS, bundled=bundled
        )
    with single_thread_blas():
        result = score_text(model, vocab, text, activations=True)
    print(f"units: {len(result.ids):,} characters of {origin}", file=sys.stderr)
    matches = find_units(result, top=args.top)
    rows = [
        {"layer": m.layer, "state": m.state, "unit": m.unit, "feature": m.feature,
         "correlation": round(m.correlation, 6)}
        for m in matches
    ]  # fmt: skip
    if args.json:
        print(json.dumps({"units": rows}))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"units of {args.source}, by |r| with their best feature"))
    for column in ("layer", "state", "unit", "feature", "r"):
        table.add_column(column, justify="left" if column in ("state", "feature") else "right")
    for row in rows:
        table.add_row(
            str(row["layer"]), row["state"], str(row["unit"]), row["feature"],
            f"{row['correlation']:+.3f}",
        )  # fmt: skip
    Console(soft_wrap=True).print(table)
    return 0


def beam_sample(args: argparse.Namespace, model, vocab) -> int:
    """`sample --beam K`: the likeliest continuation found by a beam of K hypotheses."""
    from tui_charrnn.engine.inspect import beam_search

    if args.beam < 1:
        raise InspectUsageError(f"--beam must be at least 1, not {args.beam}")
    print(beam_search(model, vocab, args.prime, args.length, args.beam))
    return 0


INSPECT_COMMANDS = {"score": cmd_score, "units": cmd_units}
