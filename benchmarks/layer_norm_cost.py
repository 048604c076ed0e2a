"""What layer normalisation inside the recurrence would cost a GRU step, at the least.

A layer-normalised GRU normalises the recurrent products h @ Wh of every gate at every time
step. The input side can be normalised for all T steps at once, outside the loop, but the
recurrent side cannot: it sits on the chain from one step to the next, forwards and backwards.
This script times (1) a real training step of the engine's GRU (forward with targets, backward,
one thread) and (2) only the extra element-wise work that normalising each step's (B, 3, H)
recurrent products needs, in the fewest NumPy calls we know, forwards (mean, centre, variance,
scale, gain and bias) and backwards (the normalisation's gradient), T times. The gain and bias
gradients are left out: they can be summed after the loop. So (2) is a lower bound on what
layer norm adds, before any gain in quality per step.

    python benchmarks/layer_norm_cost.py                  # H=384 B=32 T=64, the defaults
    python benchmarks/layer_norm_cost.py --hidden 256 --repeats 30

The machine has 2 cores shared with other work: run it when it is quiet, or under `nice`.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from tui_charrnn.engine.models import CharRNN, Overlap, Workspace
from tui_charrnn.engine.trainer import single_thread_blas

EPS = 1e-5


def best_of(repeats: int, fn) -> float:
    """The fastest of `repeats` timed calls of fn(), in seconds (the least disturbed by load)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def training_step(hidden: int, batch: int, steps: int, vocab: int = 65):
    """fn() running one forward (with targets) and backward pass of the engine's GRU."""
    rng = np.random.default_rng(0)
    model = CharRNN("gru", vocab, hidden, 1, dropout=0.15)
    model.init_params(rng)
    inputs = rng.integers(0, vocab, size=(steps, batch))
    targets = rng.integers(0, vocab, size=(steps, batch))
    state = model.initial_state(batch)
    workspace, overlap = Workspace(), Overlap(1)

    def run():
        _, cache = model.forward(
            inputs,
            state,
            targets=targets,
            rng=rng,
            workspace=workspace,
            overlap=overlap,
            for_training=True,
        )
        model.backward(cache.dlogits, cache, overlap=overlap)

    return run


def layer_norm_steps(hidden: int, batch: int, steps: int):
    """fn() doing, T times, the forward and backward normalisation of one step's (B, 3, H)
    recurrent products: the work layer norm would add to the step loops."""
    rng = np.random.default_rng(1)
    shape = (batch, 3, hidden)
    hw = rng.standard_normal(shape).astype(np.float32)
    dy = rng.standard_normal(shape).astype(np.float32)
    gain = np.ones((3, hidden), dtype=np.float32)
    bias = np.zeros((3, hidden), dtype=np.float32)
    xhat, out, work = (np.empty(shape, dtype=np.float32) for _ in range(3))
    dx = np.empty(shape, dtype=np.float32)
    inv = np.empty((batch, 3, 1), dtype=np.float32)

    def forward():
        mean = hw.mean(axis=-1, keepdims=True)
        np.subtract(hw, mean, out=xhat)
        np.multiply(xhat, xhat, out=work)
        variance = work.mean(axis=-1, keepdims=True)
        np.add(variance, EPS, out=inv)
        np.sqrt(inv, out=inv)
        np.divide(1.0, inv, out=inv)
        np.multiply(xhat, inv, out=xhat)
        np.multiply(xhat, gain, out=out)
        np.add(out, bias, out=out)

    def backward():
        np.multiply(dy, gain, out=work)  # the gradient reaching xhat
        mean_d = work.mean(axis=-1, keepdims=True)
        np.multiply(work, xhat, out=dx)
        mean_dx = dx.mean(axis=-1, keepdims=True)
        np.multiply(xhat, mean_dx, out=dx)
        np.subtract(work, dx, out=dx)
        np.subtract(dx, mean_d, out=dx)
        np.multiply(dx, inv, out=dx)

    def run():
        for _ in range(steps):
            forward()
        for _ in range(steps):
            backward()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, default=384)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=64, help="T, time steps per batch")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with single_thread_blas():
        step = training_step(args.hidden, args.batch, args.steps)
        extra = layer_norm_steps(args.hidden, args.batch, args.steps)
        step(), extra()  # warm up: buffers, pages, BLAS
        step_s = best_of(args.repeats, step)
        extra_s = best_of(args.repeats, extra)
    print(f"GRU H={args.hidden} B={args.batch} T={args.steps}, one thread, best of {args.repeats}")
    print(f"| training step (forward + backward) | {step_s * 1e3:.1f} ms |")
    print(f"| layer norm on the recurrent products, forward + backward | {extra_s * 1e3:.1f} ms |")
    print(f"| added to the step, at the least | {extra_s / step_s:.0%} |")


if __name__ == "__main__":
    main()
