"""Where one training step's time goes, for the vanilla RNN, the GRU and the LSTM.

Prints markdown tables (the ones in benchmarks/README.md, "Where the time goes"):

1. Phases. A real `Trainer` (Tiny Shakespeare, the default optimiser) is run for a few steps with
   timers wrapped around its parts: the forward and backward step loops, every piece of side work
   (whatever goes through `Overlap.submit`: input projections, output projection and softmax,
   gate-derivative factors, weight gradients), the clipping, Adam, the batch. Times are
   exclusive (a wrapper's time does not include the wrappers it calls), per training step. With
   threads=2 it also shows how long the side thread was busy and idle, and how long the step
   loop waited for it.
2. The step loops split into GEMM, element-wise work and per-call overhead. GEMM: the
   recurrent products alone, timed in isolation (table 3). Overhead: the same step loops run by
   the same code on a tiny model (H=8, B=2), where the arithmetic is nothing and what is left is
   the interpreter and the ufunc/matmul call cost. Element-wise: the rest.
3. GEMM-only lower bound. Every matrix product one training step needs, with the engine's
   shapes and layouts, timed alone at one thread (NumPy/OpenBLAS, and PyTorch if it imports).
   Their sum bounds the 1-thread speed; the recurrent chain (one product per time step forwards
   and backwards, which no second core can share) bounds the 2-thread speed. Against the
   machine's peak (a 1024^3 product) it also gives the FLOP bound.

    python benchmarks/profile_step.py                    # rnn, gru, lstm at H=256 B=32 T=64
    python benchmarks/profile_step.py --models lstm --steps 20
    PYTHONPATH=. /path/to/torch-venv/bin/python benchmarks/profile_step.py   # adds PyTorch

The machine has 2 cores shared with other work: run it under `nice` and compare figures taken
in the same run.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import threading
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared/corpora/tinyshakespeare.txt"
if importlib.util.find_spec("tui_charrnn") is None:  # pragma: no cover - depends on the install
    sys.path.insert(0, str(REPO_ROOT))

from tui_charrnn.engine import models  # noqa: E402
from tui_charrnn.engine import trainer as trainer_module  # noqa: E402
from tui_charrnn.engine.config import TrainConfig  # noqa: E402
from tui_charrnn.engine.loading import load_corpus  # noqa: E402

CHUNK = getattr(models, "CHUNK", 16)
GATES = {"rnn": 1, "gru": 3, "lstm": 4}

# What each timed function is, in the tables.
LABELS = {
    "_next_batch": "batch (ids of the next chunk)",
    "step": "trainer, rest of step()",
    "forward": "forward, rest",
    "_layer_forward": "forward step loop",
    "make": "input projection (table lookup)",
    "_output_chunk": "output projection, softmax, dlogits, dtop",
    "backward": "backward, rest (partial sums)",
    "_layer_backward": "backward step loop",
    "backward_factors": "gate-derivative factors",
    "_recurrent_grads": "recurrent weight gradient (dWh)",
    "_input_grads": "input weight and bias gradients (dWx, db)",
    "_output_weight_grads": "output layer gradients (dWy, dby)",
    "_output_grad": "dtop (separate path)",
    "_dropout_masks": "dropout masks",
    "clip_gradients": "clip (global norm)",
    "update": "Adam",
}


# ------------------------------------------------------------------------------- 1. phases
class PhaseTimer:
    """Exclusive wall time per (thread, name): each wrapper subtracts its timed callees."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, str], float] = defaultdict(float)
        self._local = threading.local()

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            stack = self._local.__dict__.setdefault("stack", [])
            stack.append(0.0)  # time spent in timed callees
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = stack.pop()
                thread = "main" if threading.current_thread() is threading.main_thread() else "side"
                self.totals[(thread, name)] += elapsed - inner
                if stack:
                    stack[-1] += elapsed

        return timed


class TimedTask:
    """A side task whose result() counts the time spent blocked as 'wait:<name>'."""

    def __init__(self, task, timer: PhaseTimer, name: str) -> None:
        self._task, self._timer, self._name = task, timer, name

    def steal(self) -> None:
        if hasattr(self._task, "steal"):  # work the caller takes over is timed as itself
            self._task.steal()

    def done(self) -> bool:
        return self._task.done()

    def result(self):
        self.steal()
        if self._task.done():
            return self._task.result()
        return self._timer.wrap(f"wait:{self._name}", self._task.result)()


def instrument(trainer, timer: PhaseTimer) -> ExitStack:
    """Wrap the trainer's parts (instance attributes, so nothing global changes for long)."""
    stack = ExitStack()
    model, overlap = trainer.model, trainer.overlap
    for owner, name in (
        (trainer, "_next_batch"),
        (trainer, "step"),
        (model, "forward"),
        (model, "backward"),
        (model, "_layer_forward"),
        (model, "_layer_backward"),
        (trainer.optimizer, "update"),
    ):
        stack.enter_context(mock.patch.object(owner, name, timer.wrap(name, getattr(owner, name))))
    clip = trainer_module.clip_gradients
    stack.enter_context(
        mock.patch.object(trainer_module, "clip_gradients", timer.wrap("clip_gradients", clip))
    )
    submit = overlap.submit

    def timed_submit(fn, *args):
        name = getattr(fn, "__name__", "side")
        return TimedTask(submit(timer.wrap(name, fn), *args), timer, name)

    stack.enter_context(mock.patch.object(overlap, "submit", timed_submit))
    return stack


def make_trainer(corpus, shape: tuple, threads: int, dropout: float):
    kind, hidden, batch, seq_len = shape
    config = TrainConfig(
        model=kind,
        hidden_size=hidden,
        batch_size=batch,
        seq_len=seq_len,
        dropout=dropout,
        learning_rate=2e-3,  # as benchmarks/throughput.py
        eval_every=0,
    )
    return trainer_module.Trainer(corpus, config, threads=threads)


_MATMUL = np.matmul


def _no_matmul(a, b, out=None, **kwargs):
    """np.matmul that does nothing when given out= (as every product of the step loops is):
    what is left of a step loop is its non-GEMM work."""
    return out if out is not None else _MATMUL(a, b, **kwargs)


def profile_phases(corpus, shape, threads, steps, dropout=0.0, no_gemm=False) -> dict:
    """Seconds per step for every (thread, name), plus 'wall' for the whole step. shape is
    (cell, H, B, T). no_gemm: np.matmul does nothing (every product the engine writes with
    out=; the numbers become meaningless, the timing of the rest does not)."""
    trainer = make_trainer(corpus, shape, threads, dropout)
    timer = PhaseTimer()
    with trainer_module.single_thread_blas():
        for _ in range(3):  # warm-up: workspace, thread start, caches
            trainer.step()
        with instrument(trainer, timer), ExitStack() as patches:
            if no_gemm:
                patches.enter_context(mock.patch.object(np, "matmul", _no_matmul))
            started = time.perf_counter()
            for _ in range(steps):
                trainer.step()
            wall = time.perf_counter() - started
    trainer.overlap.close()
    result = {key: value / steps for key, value in timer.totals.items()}
    result["wall"] = wall / steps
    return result


# ------------------------------------------------------------------------------- 3. GEMMs
def step_products(kind: str, H: int, B: int, T: int, V: int) -> list[tuple]:
    """(what, count per step, on the recurrent chain, make(xp) -> (a, b)) for one training step
    of a one-layer model, with the engine's shapes and layouts (a transposed operand is a .T
    view, as in the engine)."""
    G = GATES[kind]
    GH = G * H
    chunks = -(-T // CHUNK)
    rows = CHUNK * B  # rows of one chunk of side work
    # LSTM and GRU make the forward product one GEMM per gate (cells.gate_products).
    forward = ("forward recurrent (B,H)@(H,GH)", T, True, lambda r: (r(B, H), r(H, GH)))
    if G > 1:
        forward = ("forward recurrent G x (B,H)@(H,H)", T * G, True, lambda r: (r(B, H), r(H, H)))
    return [
        forward,
        ("backward recurrent (B,GH)@(GH,H)", T - 1, True, lambda r: (r(B, GH), r(GH, H))),
        ("output projection (CB,H)@(H,V)", chunks, False, lambda r: (r(rows, H), r(H, V))),
        ("dtop (CB,V)@(V,H)", chunks, False, lambda r: (r(rows, V), r(V, H))),
        ("dWh (H,CB)@(CB,GH)", chunks, False, lambda r: (r(rows, H).T, r(rows, GH))),
        ("dWx one-hot (V,CB)@(CB,GH)", chunks, False, lambda r: (r(V, rows), r(rows, GH))),
        ("dWy (H,TB)@(TB,V)", 1, False, lambda r: (r(T * B, H).T, r(T * B, V))),
    ]


def flops(a_shape, b_shape) -> float:
    return 2.0 * a_shape[0] * a_shape[1] * b_shape[1]


def best_of(repeats: int, count: int, product) -> float:
    """Best-of-repeats seconds for `count` back-to-back calls of `product()`."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(count):
            product()
        best = min(best, time.perf_counter() - started)
    return best


def time_numpy_product(make, count: int, repeats: int) -> float:
    """Best-of-repeats seconds for `count` back-to-back products into a preallocated output."""
    rng = np.random.default_rng(0)

    def rand(*shape):
        return rng.standard_normal(shape).astype(np.float32)

    a, b = make(rand)
    out = np.empty((a.shape[0], b.shape[1]), dtype=np.float32)
    return best_of(repeats, count, lambda: np.matmul(a, b, out=out))


def time_torch_product(make, count: int, repeats: int) -> float | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    a, b = make(lambda *shape: torch.randn(*shape))
    out = torch.empty(a.shape[0], b.shape[1])
    with torch.no_grad():
        return best_of(repeats, count, lambda: torch.matmul(a, b, out=out))


def gemm_table(kind, H, B, T, V, repeats) -> list[dict]:
    rows = []
    for what, count, chain, make in step_products(kind, H, B, T, V):
        a, b = make(lambda *shape: np.empty(shape, dtype=np.float32))
        with trainer_module.single_thread_blas():
            numpy_s = time_numpy_product(make, count, repeats)
        torch_s = time_torch_product(make, count, repeats)
        rows.append(
            {
                "what": what,
                "count": count,
                "chain": chain,
                "flops": flops(a.shape, b.shape) * count,
                "numpy": numpy_s,
                "torch": torch_s,
            }
        )
    return rows


def peak_gflops(repeats: int) -> tuple[float, float | None]:
    """The machine's 1-thread float32 GEMM peak, from a 1024^3 product (NumPy, PyTorch)."""
    n = 1024

    def make(r):
        return r(n, n), r(n, n)

    with trainer_module.single_thread_blas():
        numpy_s = time_numpy_product(make, 2, repeats)
    torch_s = time_torch_product(make, 2, repeats)
    work = 2 * 2.0 * n**3 / 1e9
    return work / numpy_s, (work / torch_s if torch_s else None)


# ------------------------------------------------------------------------------- reporting
def phase_rows(one: dict, two: dict) -> list[tuple[str, str, str, str]]:
    """(phase, ms/step at threads=1, main ms/step at threads=2, side ms/step at threads=2)."""
    keys = [key for key in (*one, *two) if isinstance(key, tuple)]
    names = sorted({name for _, name in keys}, key=_phase_order)
    rows = []
    for name in names:
        t1 = one.get(("main", name), 0.0) + one.get(("side", name), 0.0)
        main2, side2 = two.get(("main", name), 0.0), two.get(("side", name), 0.0)
        label = LABELS.get(name, name)
        if name.startswith("wait:"):
            label = f"waits for: {LABELS.get(name[5:], name[5:])}"
        rows.append((label, _ms(t1), _ms(main2), _ms(side2)))
    side_busy = sum(v for key, v in two.items() if isinstance(key, tuple) and key[0] == "side")
    rows.append(("**step (wall)**", _ms(one["wall"]), _ms(two["wall"]), _ms(side_busy)))
    rows.append(("side thread idle", "", "", _ms(max(two["wall"] - side_busy, 0.0))))
    return rows


def _phase_order(name: str) -> int:
    order = list(LABELS)
    if name.startswith("wait:"):
        return len(order) + 1 + _phase_order(name[5:])
    return order.index(name) if name in order else len(order)


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f}" if seconds else "-"


def markdown(header: tuple, rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def loop_split(big: dict, big_no_gemm: dict, tiny: dict, gemms: list[dict], T: int) -> list:
    """The step loops' time per time step, threads=1: the loop as it runs; its GEMMs (the loop
    minus the same loop with np.matmul doing nothing) and the same products timed alone;
    element-wise work (the loop without GEMMs minus the tiny model's loop) and call overhead
    (the same code on H=8, B=2, where only the interpreter and the call cost are left)."""
    rows = []
    for name, gemm_what in (
        ("_layer_forward", "forward recurrent"),
        ("_layer_backward", "backward recurrent"),
    ):
        loop = big.get(("main", name), 0.0) / T
        rest = big_no_gemm.get(("main", name), 0.0) / T
        alone = next(g["numpy"] for g in gemms if g["what"].startswith(gemm_what)) / T
        overhead = tiny.get(("main", name), 0.0) / T
        cells = (loop, loop - rest, alone, max(rest - overhead, 0.0), overhead)
        rows.append((LABELS[name], *(f"{value * 1e6:.1f}" for value in cells)))
    return rows


def bound_rows(gemms: list[dict], T: int, B: int, peak: tuple) -> list[tuple]:
    rows = []
    for g in gemms:
        torch_ms = f"{g['torch'] * 1e3:.2f}" if g["torch"] else "-"
        rows.append(
            (
                g["what"] + (" *chain*" if g["chain"] else ""),
                g["count"],
                f"{g['flops'] / 1e6:.1f}",
                f"{g['numpy'] * 1e3:.2f}",
                f"{g['flops'] / g['numpy'] / 1e9:.0f}",
                torch_ms,
            )
        )
    chars = T * B
    total = {
        lib: sum(g[lib] for g in gemms) if all(g[lib] for g in gemms) else None
        for lib in ("numpy", "torch")
    }
    chain = {lib: sum(g[lib] for g in gemms if g["chain"]) if total[lib] else None for lib in total}
    all_flops = sum(g["flops"] for g in gemms)

    def rate(seconds):
        return f"{chars / seconds:,.0f} chars/s" if seconds else "-"

    rows.append(
        (
            "**all products, 1 thread**",
            "",
            f"{all_flops / 1e6:.1f}",
            _ms(total["numpy"]),
            "",
            _ms(total["torch"] or 0.0),
        )
    )
    rows.append(("= 1-thread bound", "", "", rate(total["numpy"]), "", rate(total["torch"])))
    two = {lib: max(chain[lib], total[lib] / 2) if total[lib] else None for lib in total}
    rows.append(
        ("2-thread bound: max(chain, all/2)", "", "", rate(two["numpy"]), "", rate(two["torch"]))
    )
    flop_s = all_flops / (peak[0] * 1e9)
    rows.append(
        (f"FLOP bound at the 1-thread peak ({peak[0]:.0f} GFLOP/s)", "", "", rate(flop_s), "", "")
    )
    return rows


def report(kind, args, corpus) -> None:
    H, B, T, V = args.hidden, args.batch, args.seq_len, corpus.vocab.size
    print(f"\n### {kind} H={H} B={B} T={T} (V={V}, dropout {args.dropout:g})\n", flush=True)
    shape = (kind, H, B, T)
    one = profile_phases(corpus, shape, 1, args.steps, args.dropout)
    two = profile_phases(corpus, shape, 2, args.steps, args.dropout)
    no_gemm = profile_phases(corpus, shape, 1, args.steps, args.dropout, no_gemm=True)
    tiny = profile_phases(corpus, (kind, 8, 2, T), 1, args.steps, args.dropout)
    gemms = gemm_table(kind, H, B, T, V, args.repeats)
    header = ("phase", "threads=1 ms/step", "threads=2 main ms/step", "threads=2 side ms/step")
    print(markdown(header, phase_rows(one, two)))
    print(f"\nthreads=1: {T * B / one['wall']:,.0f} chars/s; threads=2: {T * B / two['wall']:,.0f}")
    print("\nStep loops, per time step (threads=1):\n")
    header = ("loop", "total us", "GEMM us", "GEMM alone us", "element-wise us", "overhead us")
    print(markdown(header, loop_split(one, no_gemm, tiny, gemms, T)))
    print("\nMatrix products of one training step, timed alone at 1 thread:\n")
    header = ("product", "per step", "MFLOP", "numpy ms", "numpy GFLOP/s", "torch ms")
    print(markdown(header, bound_rows(gemms, T, B, args.peak)))


# ------------------------------------------------------------------------------- 4. the lock
def lock_probe(H: int, B: int, T: int, repeats: int = 60) -> list[tuple[str, str]]:
    """A vanilla RNN's forward step loop (matmul, add, tanh per step: the engine's) timed alone
    and while a second thread works: on big products (which hold Python's interpreter lock
    rarely) or on many small element-wise ops (which take it back after every op)."""
    rng = np.random.default_rng(0)
    Wh = (rng.standard_normal((H, H)) * 0.05).astype(np.float32)
    xproj = rng.standard_normal((T, B, H)).astype(np.float32)
    hs = np.zeros((T + 1, B, H), dtype=np.float32)

    def step_loop() -> None:
        for t in range(T):
            h = hs[t + 1]
            np.matmul(hs[t], Wh, out=h)
            h += xproj[t]
            np.tanh(h, out=h)

    big = rng.random((512, 1024), dtype=np.float32), rng.random((1024, 1024), dtype=np.float32)
    small = rng.random((512, 256), dtype=np.float32)
    loads = {
        "alone": None,
        "side thread: 512x1024x1024 products": lambda: np.matmul(*big),
        "side thread: element-wise ops on 512x256": lambda: [small * 1.5 for _ in range(50)],
    }
    rows = []
    with trainer_module.single_thread_blas():
        for label, work in loads.items():
            stop = threading.Event()
            side = threading.Thread(target=_repeat_until, args=(work, stop)) if work else None
            if side:
                side.start()
            try:
                times = sorted(_timed(step_loop) for _ in range(repeats))
            finally:
                stop.set()
                if side:
                    side.join(timeout=10)
            rows.append((label, f"{times[len(times) // 2] * 1e3:.2f}"))
    return rows


def _repeat_until(work, stop: threading.Event) -> None:
    while not stop.is_set():
        work()


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="rnn,gru,lstm", help="comma-separated cells")
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seq-len", type=int, default=64)
    parser.add_argument("--steps", type=int, default=20, help="timed training steps per profile")
    parser.add_argument("--repeats", type=int, default=5, help="best of N for each product")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--dropout", type=float, default=0.0, help="0 as in throughput.py (engine default 0.15)"
    )
    args = parser.parse_args(argv)
    corpus = load_corpus(str(args.corpus))
    args.peak = peak_gflops(args.repeats)
    torch_peak = f", PyTorch {args.peak[1]:.0f}" if args.peak[1] else ""
    print(f"1-thread float32 GEMM peak (1024^3): NumPy {args.peak[0]:.0f} GFLOP/s{torch_peak}")
    for kind in args.models.split(","):
        report(kind.strip(), args, corpus)
    print(f"\n### The interpreter lock (rnn step loop, H={args.hidden} B={args.batch})\n")
    header = ("forward step loop", "ms (median)")
    print(markdown(header, lock_probe(args.hidden, args.batch, args.seq_len)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
