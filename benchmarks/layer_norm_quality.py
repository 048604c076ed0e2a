"""Does layer normalisation make a GRU learn more per step here? Measured in PyTorch.

The engine has no layer-normalised cell; before writing one (new step loops, gradient checks)
this answers whether it would pay. It trains the same small GRU twice in PyTorch (an optional
dependency, as in throughput.py), once plain and once with layer norm on the input and the
recurrent products of every gate (Ba et al.'s layer-normalised GRU, reset gate after the
recurrent product as in the engine), with the engine's default recipe: H=384, B=32, T=64,
dropout 0.15 before the output, Adam with decoupled weight decay 0.1, a cosine schedule with 3%
warm-up to a 9.9e-3 peak and down to a tenth of it, clipping at norm 5, and the same seed. It
prints the validation loss (nats/char, the whole last tenth of the text) after an equal number
of steps: 2,130 is what the engine's defaults do in 180 s on this machine. Layer norm's cost
per step in the engine is measured separately (layer_norm_cost.py): it would get fewer steps.

    PYTHONPATH=. /path/to/torch-venv/bin/python benchmarks/layer_norm_quality.py
    PYTHONPATH=. /path/to/torch-venv/bin/python benchmarks/layer_norm_quality.py --steps 500
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np

SHAKESPEARE = Path(__file__).resolve().parents[1].parent / "shared/corpora/tinyshakespeare.txt"


def build(torch, nn, vocab: int, hidden: int, layer_norm: bool, dropout: float):
    class GRU(nn.Module):
        """One GRU layer over a character lookup table, then dropout and a softmax layer."""

        def __init__(self) -> None:
            super().__init__()
            self.table = nn.Embedding(vocab, 3 * hidden)  # one-hot input times Wx, plus bias
            self.recurrent = nn.Linear(hidden, 3 * hidden)  # h @ Wh + (0, 0, bhn)
            self.output = nn.Linear(hidden, vocab)
            self.drop = nn.Dropout(dropout)
            bound = 1.0 / math.sqrt(hidden)
            for p in self.parameters():
                nn.init.uniform_(p, -bound, bound)
            self.norm_x = nn.LayerNorm(hidden) if layer_norm else None
            self.norm_h = nn.LayerNorm(hidden) if layer_norm else None

        def _gates(self, part, norm):
            if norm is None:
                return part
            *lead, _ = part.shape
            return norm(part.reshape(*lead, 3, hidden)).reshape(*lead, 3 * hidden)

        def forward(self, ids, h):
            xs = self._gates(self.table(ids), self.norm_x)  # (T, B, 3H)
            outs = []
            for x in xs:
                hw = self._gates(self.recurrent(h), self.norm_h)
                r, z = torch.sigmoid(x[:, : 2 * hidden] + hw[:, : 2 * hidden]).chunk(2, dim=1)
                n = torch.tanh(x[:, 2 * hidden :] + r * hw[:, 2 * hidden :])
                h = n + z * (h - n)
                outs.append(h)
            return self.output(self.drop(torch.stack(outs))), h

    return GRU()


def learning_rate(step: int, steps: int, peak: float, warmup=0.03, floor=0.1) -> float:
    p = step / steps
    if p < warmup:
        return peak * (floor + (1 - floor) * p / warmup)
    q = (p - warmup) / (1 - warmup)
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * q)))


def train(ids, val, vocab: int, args, layer_norm: bool) -> tuple[float, float]:
    import torch
    from torch import nn

    torch.manual_seed(args.seed)
    model = build(torch, nn, vocab, args.hidden, layer_norm, args.dropout)
    # As the engine does: weight decay on the matrices (the lookup table too), not on vectors.
    matrices = [p for p in model.parameters() if p.dim() == 2]
    others = [p for p in model.parameters() if p.dim() != 2]
    optimizer = torch.optim.AdamW(
        [{"params": matrices, "weight_decay": 0.1}, {"params": others, "weight_decay": 0.0}],
        lr=args.peak,
    )
    B, T = args.batch, args.seq_len
    segment = len(ids) // B
    starts = np.arange(B) * segment
    data = torch.from_numpy(ids)
    h = torch.zeros(B, args.hidden)
    position, started = 0, time.perf_counter()
    for step in range(args.steps):
        if position + T + 1 > segment:
            position, h = 0, torch.zeros(B, args.hidden)
        offsets = torch.from_numpy(starts[None, :] + position + np.arange(T + 1)[:, None])
        chunk = data[offsets]
        position += T
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, args.steps, args.peak)
        logits, h = model(chunk[:-1], h.detach())
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), chunk[1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
    seconds = time.perf_counter() - started
    model.eval()
    with torch.no_grad():
        # The validation text as B streams read in order, the state carried through.
        length = (len(val) - 1) // B
        streams = torch.from_numpy(val[: length * B + 1])
        inputs = streams[:-1].reshape(B, length).T
        targets = streams[1:].reshape(B, length).T
        logits, _ = model(inputs, torch.zeros(B, args.hidden))
        val_loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1))
    return float(val_loss), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHAKESPEARE)
    parser.add_argument("--steps", type=int, default=2130)
    parser.add_argument("--hidden", type=int, default=384)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seq-len", type=int, default=64)
    parser.add_argument("--dropout", type=float, default=0.15)
    parser.add_argument("--peak", type=float, default=9.9e-3)
    parser.add_argument("--seed", type=int, default=1337)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    text = args.corpus.read_text(encoding="utf-8")
    chars = sorted(set(text))
    ids = np.array([chars.index(c) for c in text], dtype=np.int64)
    cut = len(ids) - len(ids) // 10
    print(f"GRU H={args.hidden} B={args.batch} T={args.seq_len}, {args.steps} steps, PyTorch")
    print("| cell | validation nats/char | seconds |")
    print("|---|---|---|")
    for layer_norm in (False, True):
        loss, seconds = train(ids[:cut], ids[cut:], len(chars), args, layer_norm)
        name = "layer-normalised GRU" if layer_norm else "GRU"
        print(f"| {name} | {loss:.3f} | {seconds:.0f} |", flush=True)


if __name__ == "__main__":
    main()
