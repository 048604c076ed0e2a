"""Training throughput of tui_charrnn's NumPy engine, with PyTorch on the CPU as a yardstick.

Trains on Tiny Shakespeare and prints characters per second for a few model shapes:

    rnn-256   vanilla tanh RNN, H=256, B=32, T=64
    rnn-512   vanilla tanh RNN, H=512, B=64, T=64
    lstm-256  LSTM,             H=256, B=32, T=64
    gru-256   GRU,              H=256, B=32, T=64

The NumPy figures use the engine exactly as the CLI and the app do: `load_corpus`, a
`TrainConfig` with the default optimiser (Adam, global-norm clip 5), no dropout and lr 2e-3
(the model PyTorch trains) and `Trainer.step()` driven by bare_loop.train_for, which pins the
BLAS to one thread (as `Session.train` does, minus its checkpoint writes). When PyTorch is
importable the
same models are trained with it at 1 and at 2 threads, and the table shows NumPy / PyTorch (best).

Each measurement runs in a fresh process (multiprocessing "spawn"), one after another, so that
its peak RSS is its own and no two measurements compete for the 2 cores. Within a process: a
short warm-up, then `--repeats` timed runs of `--seconds` each; the figure is their median.

    python benchmarks/throughput.py                      # the full run, about 9 minutes
    python benchmarks/throughput.py --seconds 2 --repeats 1 --configs rnn-256
    python benchmarks/throughput.py --json               # last stdout line is one JSON object

See benchmarks/README.md for what each column means.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# The corpus lives in the shared folder beside the repository; it is never copied into it.
DEFAULT_CORPUS = REPO_ROOT.parent / "shared/corpora/tinyshakespeare.txt"

# Let the script run from a checkout where the package is not installed (spawned workers inherit
# sys.path from this process, so they find it too).
if importlib.util.find_spec("tui_charrnn") is None:  # pragma: no cover - depends on the install
    sys.path.insert(0, str(REPO_ROOT))


@dataclass(frozen=True)
class Shape:
    """One benchmark configuration: cell type, hidden size, batch (streams) and BPTT length."""

    name: str
    model: str
    hidden: int
    batch: int
    seq_len: int

    def describe(self) -> str:
        return f"{self.model} H={self.hidden} B={self.batch} T={self.seq_len}"


SHAPES = {
    shape.name: shape
    for shape in (
        Shape("rnn-256", "rnn", 256, 32, 64),
        Shape("rnn-512", "rnn", 512, 64, 64),
        Shape("lstm-256", "lstm", 256, 32, 64),
        Shape("gru-256", "gru", 256, 32, 64),
    )
}
TORCH_THREADS = (1, 2)
NUMPY_THREADS = (1, 2)  # the trainer's own threads: the step loop, and its side work
LEARNING_RATE = 2e-3  # used for both engines (the speed does not depend on it)
CLIP_NORM = 5.0  # the engine's default global-norm clip, used for PyTorch too
VAL_FRACTION = 0.1  # the engine's default split: PyTorch trains on the same 90%


# --------------------------------------------------------------------------------------------
# Measurement helpers (run inside the worker processes)


def peak_rss_bytes() -> int:
    """This process's peak resident set size in bytes.

    On Linux this reads VmHWM from /proc: `getrusage(RUSAGE_SELF).ru_maxrss` in a freshly spawned
    process also counts the parent's peak (the kernel carries it over the fork and exec), which
    would charge every worker with the launcher's memory. Elsewhere ru_maxrss is all there is
    (kilobytes on Linux and BSD, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024


def timed_runs(
    train_for: Callable[[float], None],
    chars_done: Callable[[], int],
    warmup: float,
    seconds: float,
    repeats: int,
) -> list[float]:
    """Warm up, then return chars/s of `repeats` runs of about `seconds` each.

    `train_for(s)` trains for about s seconds (always at least one step); `chars_done()` is the
    running count of training characters. Each rate is the count's increase over wall time.
    """
    train_for(warmup)
    rates = []
    for _ in range(repeats):
        chars_before = chars_done()
        started = time.perf_counter()
        train_for(seconds)
        elapsed = time.perf_counter() - started
        rates.append((chars_done() - chars_before) / elapsed)
    return rates


def summary(rates: list[float], **extra) -> dict:
    """What a worker sends back: the median, every run, and the process's peak RSS."""
    return {
        "chars_per_sec": statistics.median(rates),
        "runs": [round(rate, 1) for rate in rates],
        "peak_rss_bytes": peak_rss_bytes(),
        **extra,
    }


# --------------------------------------------------------------------------------------------
# The NumPy engine, used exactly as users use it


def numpy_worker(
    shape: Shape, corpus_path: str, warmup: float, seconds: float, repeats: int, threads: int
):
    from bare_loop import train_for as train_bare

    from tui_charrnn.engine.config import TrainConfig
    from tui_charrnn.engine.loading import load_corpus
    from tui_charrnn.engine.trainer import Trainer

    corpus = load_corpus(corpus_path)
    config = TrainConfig(
        model=shape.model,
        hidden_size=shape.hidden,
        batch_size=shape.batch,
        seq_len=shape.seq_len,
        # The same model as PyTorch's below: no dropout (the default's masks are extra work
        # PyTorch would not do), the same learning rate.
        dropout=0.0,
        learning_rate=LEARNING_RATE,
        eval_every=0,  # no validation passes: they would count as time without training chars
    )
    trainer = Trainer(corpus, config, threads=threads)
    outcomes = []

    def train_for(budget: float) -> None:
        # train_for() pins OpenBLAS to one thread for its duration, as the CLI and the app do.
        outcomes.append(train_bare(trainer, budget))

    rates = timed_runs(train_for, lambda: trainer.chars, warmup, seconds, repeats)
    if "diverged" in outcomes:
        raise RuntimeError(f"training diverged: {trainer.diverged}")
    return summary(rates, steps=trainer.step_count, train_loss=trainer.smoothed_loss)


# --------------------------------------------------------------------------------------------
# The same models in PyTorch


def torch_worker(
    shape: Shape,
    corpus_path: str,
    warmup: float,
    seconds: float,
    repeats: int,
    threads: int,
    input_mode: str,
):
    import numpy as np
    import torch
    from torch import nn

    from tui_charrnn.engine.loading import load_corpus

    torch.set_num_threads(threads)
    torch.manual_seed(1337)
    corpus = load_corpus(corpus_path)
    train_ids, _ = corpus.split(VAL_FRACTION)
    vocab_size = corpus.vocab.size
    H, B, T = shape.hidden, shape.batch, shape.seq_len

    class CharModel(nn.Module):
        """Input layer, one recurrent layer, linear read-out: the engine's model in PyTorch.

        "onehot" feeds one-hot vectors to the cell, so its input weights are a (V, G*H) matrix
        exactly like the engine's lookup table; "embedding" is the usual nn.Embedding(V, H)
        followed by an H-to-G*H input projection inside the cell (more work per character).
        """

        def __init__(self) -> None:
            super().__init__()
            width = vocab_size if input_mode == "onehot" else H
            self.embed = None if input_mode == "onehot" else nn.Embedding(vocab_size, H)
            if shape.model == "rnn":
                self.cell = nn.RNN(width, H, nonlinearity="tanh")
            else:
                self.cell = {"lstm": nn.LSTM, "gru": nn.GRU}[shape.model](width, H)
            self.head = nn.Linear(H, vocab_size)

        def forward(self, ids, state):  # ids: (T, B) int64
            if self.embed is None:
                x = nn.functional.one_hot(ids, vocab_size).to(torch.float32)
            else:
                x = self.embed(ids)
            out, state = self.cell(x, state)  # out: (T, B, H)
            return self.head(out), state

    model = CharModel()  # float32 by default
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss()

    # B streams over the same text, as in the engine: stream b starts at b * segment and reads
    # forward circularly; each batch is the next T+1 characters of every stream.
    ids = np.ascontiguousarray(train_ids, dtype=np.int64)
    segment = len(ids) // B
    starts = np.arange(B, dtype=np.int64) * segment
    steps_ahead = np.arange(T + 1, dtype=np.int64)[:, None]
    zeros = torch.zeros(1, B, H)
    position = 0
    state = (zeros, zeros.clone()) if shape.model == "lstm" else zeros.clone()
    count = {"chars": 0, "steps": 0}
    last_loss = [float("nan")]

    def train_step() -> None:
        nonlocal position, state
        if position + T >= segment:  # end of the pass: back to the start with a fresh state
            position = 0
            state = (zeros, zeros.clone()) if shape.model == "lstm" else zeros.clone()
        chunk = torch.from_numpy(np.take(ids, starts + position + steps_ahead, mode="wrap"))
        position += T
        logits, new_state = model(chunk[:-1], state)
        loss = loss_fn(logits.reshape(-1, vocab_size), chunk[1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)
        optimizer.step()
        # Truncated BPTT: carry the state into the next chunk, cut from this chunk's graph.
        if isinstance(new_state, tuple):
            state = tuple(s.detach() for s in new_state)
        else:
            state = new_state.detach()
        count["chars"] += T * B
        count["steps"] += 1
        last_loss[0] = loss.item()

    def train_for(budget: float) -> None:
        deadline = time.perf_counter() + budget
        train_step()
        while time.perf_counter() < deadline:
            train_step()

    rates = timed_runs(train_for, lambda: count["chars"], warmup, seconds, repeats)
    return summary(
        rates,
        steps=count["steps"],
        train_loss=last_loss[0],
        threads=threads,
        torch_version=torch.__version__,
    )


# --------------------------------------------------------------------------------------------
# Orchestration (the launching process)


def in_fresh_process(function, *args) -> dict:
    """Run function(*args) in a new spawned interpreter and return its result or its error."""
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            return pool.submit(function, *args).result()
    except Exception as error:  # a failed measurement is reported, not fatal to the rest
        return {"error": f"{type(error).__name__}: {error}"}


def blas_report() -> dict:
    """The BLAS numpy uses here: library, version, kernel ("architecture") and the env override."""
    info: dict = {"openblas_coretype": os.environ.get("OPENBLAS_CORETYPE")}
    try:
        import numpy  # noqa: F401 - loads the BLAS so threadpoolctl can see it
        from threadpoolctl import threadpool_info
    except ImportError:
        return info
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            keys = ("internal_api", "version", "architecture", "num_threads")
            info.update({key: pool.get(key) for key in keys})
            break
    return info


def describe_blas(blas: dict) -> list[str]:
    """Human-readable lines about the BLAS kernel and OPENBLAS_CORETYPE."""
    lines = [
        f"BLAS: {blas.get('internal_api', 'unknown')} {blas.get('version') or ''}, "
        f"kernel (threadpoolctl 'architecture'): {blas.get('architecture') or 'unknown'}"
    ]
    coretype = blas["openblas_coretype"]
    if coretype:
        lines.append(
            f"OPENBLAS_CORETYPE={coretype} is set by the environment and forces that kernel; "
            "for the machine's own best kernel run with "
            "`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE`."
        )
    else:
        lines.append("OPENBLAS_CORETYPE is not set: OpenBLAS chose its kernel for this CPU.")
    return lines


def parse_configs(text: str) -> list[Shape]:
    """Comma-separated names from SHAPES, or custom MODEL:H:B:T specs (e.g. rnn:128:32:64)."""
    shapes = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        if item in SHAPES:
            shapes.append(SHAPES[item])
            continue
        parts = item.split(":")
        if len(parts) != 4 or parts[0] not in ("rnn", "lstm", "gru"):
            names = ", ".join(SHAPES)
            raise argparse.ArgumentTypeError(
                f"unknown config {item!r}: use one of {names} or MODEL:H:B:T"
            )
        try:
            hidden, batch, seq_len = (int(p) for p in parts[1:])
        except ValueError:
            raise argparse.ArgumentTypeError(f"H, B and T must be integers in {item!r}") from None
        shapes.append(Shape(item, parts[0], hidden, batch, seq_len))
    if not shapes:
        raise argparse.ArgumentTypeError("no configs given")
    return shapes


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None


def ratio_and_target(shape: Shape, numpy_rate, torch_rates: dict) -> tuple:
    """NumPy / PyTorch at its best thread count, and the project's target for this model.

    Targets: a vanilla RNN at least 1.5x PyTorch's best; a GRU or an LSTM at least 1.0x.
    Returns (ratio, target text, met) with None where a figure is missing.
    """
    valid = {n: r for n, r in torch_rates.items() if r}
    if not numpy_rate or not valid:
        return None, None, None
    ratio = numpy_rate / max(valid.values())
    needed = 1.5 if shape.model == "rnn" else 1.0
    return ratio, f">= {needed:g}x PyTorch best", ratio >= needed


def fmt_rate(result: dict | None) -> str:
    if result is None:
        return "-"
    if "error" in result:
        return "failed"
    return f"{result['chars_per_sec']:,.0f}"


def fmt_mib(result: dict | None) -> str:
    if not result or "peak_rss_bytes" not in result:
        return "-"
    return f"{result['peak_rss_bytes'] / 2**20:.0f}"


def render_table(rows: list[dict]) -> str:
    header = (
        "config",
        "numpy 1 thread",
        "numpy 2 threads",
        "torch 1 thread",
        "torch 2 threads",
        "ratio",
        "peak RSS MiB np/torch",
    )
    body = []
    for row in rows:
        torch_results = row["torch"] or {}
        torch_rss = [fmt_mib(r) for r in torch_results.values() if r and "error" not in r]
        rss = fmt_mib(row["numpy"]) + "/" + (max(torch_rss, key=float) if torch_rss else "-")
        ratio = row["ratio"]
        body.append(
            (
                f"{row['config']} ({row['shape']})",
                fmt_rate(row["numpy_by_threads"].get("1")),
                fmt_rate(row["numpy_by_threads"].get("2")),
                fmt_rate(torch_results.get("1")),
                fmt_rate(torch_results.get("2")),
                "-" if ratio is None else f"{ratio:.2f}x",
                rss,
            )
        )
    widths = [max(len(r[i]) for r in (header, *body)) for i in range(len(header))]

    def line(cells) -> str:
        # First column left-aligned, the numbers right-aligned.
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join((first, *rest))

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(cells) for cells in body)])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Characters per second of tui_charrnn's NumPy trainer (and PyTorch, if "
        "installed) on Tiny Shakespeare.",
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help=f"text to train on ({DEFAULT_CORPUS})"
    )
    parser.add_argument(
        "--configs",
        type=parse_configs,
        default=list(SHAPES.values()),
        help=f"comma-separated: {', '.join(SHAPES)} or MODEL:H:B:T (default: all four)",
    )
    parser.add_argument(
        "--seconds", type=float, default=12.0, help="length of each timed run (default 12)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="timed runs per measurement; median (default 3)"
    )
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="untimed training first, seconds (default 2)"
    )
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    parser.add_argument(
        "--torch-input",
        choices=("onehot", "embedding"),
        default="onehot",
        help="PyTorch input layer: one-hot (the engine's parameterisation, default) or "
        "nn.Embedding(V, H)",
    )
    parser.add_argument(
        "--json", action="store_true", help="end stdout with one JSON object on one line"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.seconds <= 0 or args.warmup < 0 or args.repeats < 1:
        print("error: --seconds must be > 0, --warmup >= 0, --repeats >= 1", file=sys.stderr)
        return 2
    corpus_path = args.corpus.expanduser().resolve()
    if not corpus_path.is_file():
        print(f"error: corpus not found: {corpus_path} (use --corpus PATH)", file=sys.stderr)
        return 2

    blas = blas_report()
    use_torch = not args.no_torch and torch_available()
    print(f"corpus: {corpus_path} ({corpus_path.stat().st_size:,} bytes)")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    for text in describe_blas(blas):
        print(text)
    print(
        f"each figure: median of {args.repeats} run(s) of {args.seconds:g} s after a "
        f"{args.warmup:g} s warm-up, in a fresh process"
    )
    if args.no_torch:
        print("PyTorch skipped (--no-torch)")
    elif not use_torch:
        print("PyTorch not installed, skipping")
    else:
        print(
            f"PyTorch {importlib.metadata.version('torch')} on the CPU at "
            f"{' and '.join(map(str, TORCH_THREADS))} threads, input layer: {args.torch_input}"
        )
    print(flush=True)

    # Progress goes to stderr so that stdout holds just the report (and the JSON line).
    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    timing = (args.warmup, args.seconds, args.repeats)
    rows = []
    for shape in args.configs:
        numpy_results = {}
        for threads in NUMPY_THREADS:
            progress(f"{shape.name}: numpy {threads} thread(s) ...")
            result = in_fresh_process(numpy_worker, shape, str(corpus_path), *timing, threads)
            numpy_results[str(threads)] = result
            progress(f"{shape.name}: numpy {threads} thread(s) {fmt_rate(result)} chars/s")
        # The engine's figure is its best thread count, as PyTorch's is.
        numpy_result = max(
            (r for r in numpy_results.values() if "error" not in r),
            key=lambda r: r["chars_per_sec"],
            default=numpy_results[str(NUMPY_THREADS[0])],
        )
        torch_results = None
        if use_torch:
            torch_results = {}
            for threads in TORCH_THREADS:
                progress(f"{shape.name}: torch {threads} thread(s) ...")
                result = in_fresh_process(
                    torch_worker, shape, str(corpus_path), *timing, threads, args.torch_input
                )
                torch_results[str(threads)] = result
                progress(f"{shape.name}: torch {threads} thread(s) {fmt_rate(result)} chars/s")
        numpy_rate = numpy_result.get("chars_per_sec")
        torch_rates = {int(n): r.get("chars_per_sec") for n, r in (torch_results or {}).items()}
        ratio, target, met = ratio_and_target(shape, numpy_rate, torch_rates)
        rows.append(
            {
                "config": shape.name,
                "shape": shape.describe(),
                **{k: v for k, v in asdict(shape).items() if k != "name"},
                "numpy": numpy_result,
                "numpy_by_threads": numpy_results,
                "torch": torch_results,
                "ratio": ratio,
                "target": target,
                "target_met": met,
            }
        )

    print(render_table(rows))
    print()
    print("ratio = NumPy / PyTorch, each at its best thread count (1 or 2).")
    for row in rows:
        if row["target"]:
            verdict = "met" if row["target_met"] else "NOT met"
            print(f"target for {row['config']}: {row['target']}: {verdict}")
    failures = [
        (row["config"], name, result["error"])
        for row in rows
        for name, result in [
            *((f"numpy-{n}", r) for n, r in row["numpy_by_threads"].items()),
            *((row["torch"] or {}).items()),
        ]
        if result and "error" in result
    ]
    for config, name, error in failures:
        label = name if name.startswith("numpy") else f"torch {name} thread(s)"
        print(f"{config} {label} failed: {error}")

    if args.json:
        report = {
            "corpus": str(corpus_path),
            "seconds": args.seconds,
            "repeats": args.repeats,
            "warmup": args.warmup,
            "cpus": os.cpu_count(),
            "blas": blas,
            "torch": "skipped" if args.no_torch else ("used" if use_torch else "not installed"),
            "torch_input": args.torch_input if use_torch else None,
            "results": rows,
        }
        print(json.dumps(report))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
