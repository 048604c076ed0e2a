"""The math of one recurrent cell kind: forward steps, backward factors and backward steps.

`CharRNN` (models.py) owns the parameters, the input and output projections, the chunking and
the side thread; it hands each cell a layer's buffers and an iterator over the time steps, chunk
by chunk. Between two chunks that iterator waits for side work and submits more, so a cell's
loops look like plain loops over t. Adding a cell kind is one `Cell` subclass here plus its
entry in CELLS; config.MODEL_TYPES (the settings check, the CLI and the app) follows CELLS.

Shapes: T steps, B streams, H hidden units, G gates. A layer's weights are Wx (in, G*H),
Wh (H, G*H), b (G*H,) plus any `extra_params`. The forward pass gets xproj (T, B, G*H): the
input projections plus bias, with the sigmoid gates' columns halved (see `Cell.gate_scale`),
and overwrites it with the activated gates. The backward pass fills dpre (T, B, G*H), the
gradient of the pre-activations, and dhw, that of the recurrent products hs[t] @ Wh (the same
array as dpre except for the GRU).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

# scratch(name, shape) -> a reusable array of the model's dtype (see models.Workspace)
Scratch = Callable[[str, tuple[int, ...]], np.ndarray]
# An iterator of step ranges, one per chunk: forward in time order, backward last step first.
Steps = Iterable[Iterable[int]]


@dataclass
class LayerCache:
    hs: np.ndarray  # (T+1, B, H) hidden states, hs[0] is the incoming state
    acts: np.ndarray  # (T, B, G*H) activated gates (rnn: unused alias of hs)
    cs: np.ndarray | None = None  # lstm: (T+1, B, H) cell states
    tanh_c: np.ndarray | None = None  # lstm: (T, B, H) tanh of the cell state
    hwn: np.ndarray | None = None  # gru: (T, B, H) recurrent part of the candidate, h @ Whn + bhn
    x: np.ndarray | None = None  # (T*B, H) layer input (after dropout) for layers above the first
    mask: np.ndarray | None = None  # dropout mask applied to this layer's input


class Cell:
    """One kind of recurrent cell. Subclasses set the class attributes and the three steps."""

    gates = 1  # G: blocks of H columns in the layer's weights
    sigmoid_gates = 0  # the leading gate blocks that are sigmoids (evaluated through tanh)
    state_slots = 1  # S: arrays of state carried between batches (lstm: h and c)
    separate_recurrent_grad = False  # True when dhw differs from dpre (the GRU's reset gate)
    # forward_steps gets Wh as (G, H, H) gate blocks and makes h @ Wh one product per gate
    # (see gate_products).
    gate_blocks = False

    def extra_params(self, H: int) -> dict[str, tuple[int, ...]]:
        """Per-layer parameters beyond Wx, Wh and b, by short name."""
        return {}

    def init_bias(self, b: np.ndarray, H: int) -> None:
        """Set a layer's (G*H,) bias after the zero initialisation."""

    def gate_scale(self, H: int, dtype) -> np.ndarray | None:
        """Per-column factor applied to the pre-activations before one tanh over all gates.

        sigmoid(a) = (1 + tanh(a / 2)) / 2, so halving the sigmoid gates' columns of the
        (tiny) weight tables lets a single contiguous tanh evaluate every gate of a step.
        """
        if not self.sigmoid_gates:
            return None
        scale = np.ones(self.gates * H, dtype=dtype)
        scale[: self.sigmoid_gates * H] = 0.5
        return scale

    def layer_buffers(self, xproj, hs, scratch: Scratch, layer: int) -> LayerCache:
        """The layer's cache, holding every array its step loop fills: hs (T+1, B, H) with
        hs[0] set, acts = xproj (T, B, G*H), and the cell's own. Made before the loop, so the
        side work on a finished chunk can read it while later chunks run."""
        return LayerCache(hs=hs, acts=xproj)

    def forward_steps(
        self, lc: LayerCache, state, Wh, extra: dict, scratch: Scratch, steps: Steps
    ) -> None:
        """The step loop, filling lc. state (S, B, H) is the layer's incoming state; Wh is
        (H, G*H), or its (G, H, H) gate blocks when the cell sets `gate_blocks`."""
        raise NotImplementedError

    def factor_buffers(self, scratch: Scratch, T: int, B: int, H: int):
        """(k, kc): arrays for the backward factors; k is (T, B, G*H), kc is cell-specific."""
        return scratch("kgate", (T, B, self.gates * H)), None

    def backward_factors(self, lc: LayerCache, k, kc, t0: int, t1: int) -> None:
        """The factors of steps t0..t1 that do not depend on the incoming gradient."""
        raise NotImplementedError

    def backward_steps(self, dhs, lc: LayerCache, k, kc, WhT, dpre, dhw, steps: Steps) -> None:
        """Walk the steps from last to first: dhs (T, B, H) is the gradient reaching each h
        from above; fills dpre and dhw. No gradient flows into the incoming state."""
        raise NotImplementedError

    def extra_grads(self, dhw, t0: int, t1: int, H: int) -> dict[str, np.ndarray]:
        """One chunk's share of the gradients of `extra_params`."""
        return {}


class RNNCell(Cell):
    """h' = tanh(x Wx + h Wh + b)."""

    def forward_steps(self, lc, state, Wh, extra, scratch, steps):
        hs, xproj = lc.hs, lc.acts
        for span in steps:
            for t in span:
                h = hs[t + 1]
                np.matmul(hs[t], Wh, out=h)
                h += xproj[t]
                np.tanh(h, out=h)

    def backward_factors(self, lc, k, kc, t0, t1):
        h = lc.hs[1 + t0 : 1 + t1]
        np.multiply(h, h, out=k[t0:t1])
        np.subtract(1.0, k[t0:t1], out=k[t0:t1])  # tanh' = 1 - h^2

    def backward_steps(self, dhs, lc, k, kc, WhT, dpre, dhw, steps):
        T, B, H = dhs.shape
        dh_next = np.zeros((B, H), dtype=dpre.dtype)
        for span in steps:
            for t in span:
                d = dpre[t]
                np.add(dhs[t], dh_next, out=d)
                d *= k[t]
                if t:
                    np.matmul(d, WhT, out=dh_next)


class LSTMCell(Cell):
    """Gates [i, f, o, g]: c' = f c + i g, h' = o tanh(c'); the state is (h, c)."""

    gates = 4
    sigmoid_gates = 3
    state_slots = 2
    gate_blocks = True

    def init_bias(self, b, H):
        b[H : 2 * H] = 1.0  # forget gate: remember by default early in training

    def layer_buffers(self, xproj, hs, scratch, layer):
        T, B, GH = xproj.shape
        H = GH // 4
        cs = scratch(f"cs{layer}", (T + 1, B, H))
        tanh_c = scratch(f"tanhc{layer}", (T, B, H))
        return LayerCache(hs=hs, acts=xproj, cs=cs, tanh_c=tanh_c)

    def forward_steps(self, lc, state, Wh, extra, scratch, steps):
        hs, acts, cs, tanh_c = lc.hs, lc.acts, lc.cs, lc.tanh_c
        B, GH = acts.shape[1:]
        H = GH // 4
        hw = scratch("hw", (B, GH))
        products = gate_products(Wh, hw)
        tmp = scratch("tmp", (B, H))
        cs[0] = state[1]
        for span in steps:
            for t in span:
                z = acts[t]  # becomes [i, f, o, g]
                for w, out in products:  # hw = hs[t] @ Wh
                    np.matmul(hs[t], w, out=out)
                z += hw
                np.tanh(z, out=z)
                gates = z[:, : 3 * H]
                gates *= 0.5
                gates += 0.5
                c = cs[t + 1]
                np.multiply(z[:, H : 2 * H], cs[t], out=c)
                np.multiply(z[:, :H], z[:, 3 * H :], out=tmp)
                c += tmp
                np.tanh(c, out=tanh_c[t])
                np.multiply(z[:, 2 * H : 3 * H], tanh_c[t], out=hs[t + 1])

    def factor_buffers(self, scratch, T, B, H):
        return scratch("kgate", (T, B, 4 * H)), scratch("kcell", (T, B, H))

    def backward_factors(self, lc, k, kc, t0, t1):
        """k = [g i(1-i), c_prev f(1-f), tanh(c) o(1-o), i(1-g^2)]: how dc (for i, f, g) or
        dh (for o) becomes each gate's pre-activation gradient; kc = o (1 - tanh(c)^2): dh -> dc."""
        H = kc.shape[-1]
        a, tc, kk, kcc = lc.acts[t0:t1], lc.tanh_c[t0:t1], k[t0:t1], kc[t0:t1]
        i, f, o, g = (a[..., j * H : (j + 1) * H] for j in range(4))
        # s(1-s) over all four blocks in two contiguous passes (g's block is replaced below),
        # then each sigmoid gate's factor: fewer, larger ops on the side thread, which then
        # takes the interpreter lock from the step loop less often.
        np.subtract(1.0, a, out=kk)
        kk *= a
        kk[..., :H] *= g
        kk[..., H : 2 * H] *= lc.cs[t0:t1]
        kk[..., 2 * H : 3 * H] *= tc
        np.multiply(g, g, out=kcc)
        np.subtract(1.0, kcc, out=kcc)
        np.multiply(kcc, i, out=kk[..., 3 * H :])
        np.multiply(tc, tc, out=kcc)
        np.subtract(1.0, kcc, out=kcc)
        kcc *= o

    def backward_steps(self, dhs, lc, k, kc, WhT, dpre, dhw, steps):
        T, B, H = dhs.shape
        dtype = dpre.dtype
        f = lc.acts[..., H : 2 * H]
        dh, dc = np.empty((B, H), dtype=dtype), np.zeros((B, H), dtype=dtype)
        tmp, dh_next = np.empty((B, H), dtype=dtype), np.zeros((B, H), dtype=dtype)
        for span in steps:
            for t in span:
                np.add(dhs[t], dh_next, out=dh)
                np.multiply(dh, kc[t], out=tmp)
                dc += tmp
                d = dpre[t]
                # [di, df, do, dg] = dc * k in one broadcast product; then do = dh * k_o.
                np.multiply(dc[:, None, :], k[t].reshape(B, 4, H), out=d.reshape(B, 4, H))
                np.multiply(dh, k[t, :, 2 * H : 3 * H], out=d[:, 2 * H : 3 * H])
                dc *= f[t]
                if t:
                    np.matmul(d, WhT, out=dh_next)


class GRUCell(Cell):
    """Gates [r, z, n]: n = tanh(x Wxn + r (h Whn + bhn)), h' = n + z (h - n).

    The reset gate is applied after the recurrent product (as cuDNN and PyTorch do), so the
    whole recurrent product is one GEMM per step.
    """

    gates = 3
    sigmoid_gates = 2
    separate_recurrent_grad = True
    gate_blocks = True

    def extra_params(self, H):
        return {"bhn": (H,)}  # the candidate's recurrent bias, inside the reset gate

    def layer_buffers(self, xproj, hs, scratch, layer):
        T, B, GH = xproj.shape
        hwn = scratch(f"hwn{layer}", (T, B, GH // 3))
        return LayerCache(hs=hs, acts=xproj, hwn=hwn)

    def forward_steps(self, lc, state, Wh, extra, scratch, steps):
        hs, acts, hwn = lc.hs, lc.acts, lc.hwn
        B, GH = acts.shape[1:]
        H = GH // 3
        bhn = extra["bhn"]
        hw = scratch("hw", (B, GH))
        products = gate_products(Wh, hw)
        tmp = scratch("tmp", (B, H))
        for span in steps:
            for t in span:
                for w, out in products:  # hw = hs[t] @ Wh
                    np.matmul(hs[t], w, out=out)
                a = acts[t]  # becomes [r, z, n]
                gates = a[:, : 2 * H]
                gates += hw[:, : 2 * H]
                np.tanh(gates, out=gates)
                gates *= 0.5
                gates += 0.5
                np.add(hw[:, 2 * H :], bhn, out=hwn[t])
                n = a[:, 2 * H :]
                np.multiply(a[:, :H], hwn[t], out=tmp)
                n += tmp
                np.tanh(n, out=n)
                h = hs[t + 1]
                np.subtract(hs[t], n, out=h)  # h' = n + z * (h - n)
                h *= a[:, H : 2 * H]
                h += n

    def backward_factors(self, lc, k, kc, t0, t1):
        """With dh the total gradient reaching h_t: dz_pre = dh * kz, kz = (h_prev - n) z(1-z);
        dn_pre = dh * kn, kn = (1-z)(1-n^2); dr_pre = dn_pre * kr, kr = hwn r(1-r);
        d(h Whn) = dn_pre * r; dh_prev = dh z + dhw Wh^T."""
        H = lc.hwn.shape[-1]
        a, kk = lc.acts[t0:t1], k[t0:t1]
        r, z, n = (a[..., j * H : (j + 1) * H] for j in range(3))
        kr, kz, kn = kk[..., :H], kk[..., H : 2 * H], kk[..., 2 * H :]
        np.subtract(lc.hs[t0:t1], n, out=kz)
        _sigmoid_grad(z, kz, kz)
        np.multiply(n, n, out=kn)
        np.subtract(1.0, kn, out=kn)
        np.subtract(1.0, z, out=kr)
        kn *= kr
        _sigmoid_grad(r, kr, lc.hwn[t0:t1])

    def backward_steps(self, dhs, lc, k, kc, WhT, dpre, dhw, steps):
        T, B, H = dhs.shape
        dtype = dpre.dtype
        r, z = lc.acts[..., :H], lc.acts[..., H : 2 * H]
        dh, dh_next = np.empty((B, H), dtype=dtype), np.zeros((B, H), dtype=dtype)
        tmp = np.empty((B, H), dtype=dtype)
        for span in steps:
            for t in span:
                np.add(dhs[t], dh_next, out=dh)
                d = dpre[t]
                # [dz_pre, dn_pre] in one broadcast product, then dr_pre from dn_pre.
                np.multiply(
                    dh[:, None, :], k[t, :, H:].reshape(B, 2, H), out=d[:, H:].reshape(B, 2, H)
                )
                np.multiply(d[:, 2 * H :], k[t, :, :H], out=d[:, :H])
                w = dhw[t]
                w[:, : 2 * H] = d[:, : 2 * H]
                np.multiply(d[:, 2 * H :], r[t], out=w[:, 2 * H :])
                np.multiply(dh, z[t], out=dh_next)
                if t:
                    np.matmul(w, WhT, out=tmp)
                    dh_next += tmp

    def extra_grads(self, dhw, t0, t1, H):
        return {"bhn": dhw[t0:t1, :, 2 * H :].sum(axis=(0, 1))}


# Every cell kind by the name used in settings, checkpoints and run folders.
CELLS: dict[str, Cell] = {"rnn": RNNCell(), "lstm": LSTMCell(), "gru": GRUCell()}


def gate_products(Wh_blocks: np.ndarray, hw: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(weights, output) pairs that make hw (B, G*H) = h @ Wh as one (B, H) @ (H, H) product
    per gate, from Wh's (G, H, H) gate blocks.

    Why: with B around 32, OpenBLAS takes about 20% longer for one (B, H) @ (H, 4H) product
    than for the four (B, H) @ (H, H) ones (benchmarks/README.md, "Where the time goes"), and
    the recurrent product is most of the step loop. Each output element is the same dot
    product either way.
    """
    H = Wh_blocks.shape[-1]
    return [(w, hw[:, j * H : (j + 1) * H]) for j, w in enumerate(Wh_blocks)]


def _sigmoid_grad(s: np.ndarray, out: np.ndarray, factor: np.ndarray) -> None:
    """out = factor * s * (1 - s) for a sigmoid output s (out may alias factor)."""
    product = s * factor
    np.subtract(1.0, s, out=out)
    out *= product
