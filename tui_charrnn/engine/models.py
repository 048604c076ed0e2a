"""Character-level recurrent networks in NumPy: vanilla tanh RNN, LSTM and GRU, 1-3 layers.

Shapes: T time steps, B parallel streams, H hidden units, V vocabulary size, G gates per cell
(rnn 1, gru 3, lstm 4). Inputs are character ids of shape (T, B).

Speed comes from doing as little as possible inside the step loop: the input projection of every
time step is one GEMM (or, for the first layer, a row lookup in a (V, G*H) table, which is what a
one-hot input times a weight matrix computes), the weight gradients are one GEMM over all steps,
and the loop itself does only the recurrent product and the element-wise cell math, writing into
preallocated buffers.

The work that does not lie on the recurrence (the output projection and the weight-gradient
products) is cut into chunks of CHUNK steps. With an `Overlap` of two threads it runs on the
second core while the step loop goes on; the chunks and the order of their sums are the same
with one thread or two, so the results are bit for bit identical either way.

`forward(inputs, state) -> (logits, cache)`; `backward(dlogits, cache) -> grads` (same keys and
shapes as `params`). State is one array of shape (L, S, B, H): S is 2 for LSTM (h, c), else 1.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

GATES = {"rnn": 1, "gru": 3, "lstm": 4}
CHUNK = 16  # time steps per chunk of side work


class Overlap:
    """Runs side work on one helper thread (threads=2) or at once in the caller (threads=1)."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, fn, *args) -> Future:
        if self.threads > 1:
            if self._pool is None:  # started on first use, and again after close()
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="charrnn-side")
            # Floating-point error settings are per thread: carry the caller's over.
            return self._pool.submit(_with_errstate, np.geterr(), fn, *args)
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def close(self) -> None:
        """Let the helper thread go; a later submit starts a new one."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


_INLINE = Overlap(1)


def _with_errstate(settings: dict, fn, *args):
    with np.errstate(**settings):
        return fn(*args)


def _chunks(T: int) -> list[tuple[int, int]]:
    return [(t0, min(t0 + CHUNK, T)) for t0 in range(0, T, CHUNK)]


class Workspace:
    """Reusable scratch arrays, so a training step does not fault in fresh pages every batch."""

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        array = self._arrays.get(name)
        if array is None or array.shape != shape or array.dtype != dtype:
            array = np.empty(shape, dtype=dtype)
            self._arrays[name] = array
        return array


def _scratch(ws: Workspace | None, name: str, shape: tuple[int, ...], dtype) -> np.ndarray:
    return ws.get(name, shape, dtype) if ws is not None else np.empty(shape, dtype=dtype)


@dataclass
class LayerCache:
    hs: np.ndarray  # (T+1, B, H) hidden states, hs[0] is the incoming state
    acts: np.ndarray  # (T, B, G*H) activated gates (rnn: unused alias of hs)
    cs: np.ndarray | None = None  # lstm: (T+1, B, H) cell states
    tanh_c: np.ndarray | None = None  # lstm: (T, B, H) tanh of the cell state
    hwn: np.ndarray | None = None  # gru: (T, B, H) recurrent part of the candidate, h @ Whn + bhn
    x: np.ndarray | None = None  # (T*B, H) layer input (after dropout) for layers above the first
    mask: np.ndarray | None = None  # dropout mask applied to this layer's input


@dataclass
class Cache:
    inputs: np.ndarray  # (T, B) character ids
    layers: list[LayerCache] = field(default_factory=list)
    top: np.ndarray | None = None  # (T*B, H) input of the output projection (after dropout)
    top_mask: np.ndarray | None = None  # dropout mask on the top layer's output
    final_state: np.ndarray | None = None  # (L, S, B, H) state to carry into the next chunk
    workspace: Workspace | None = None
    # Filled when forward() is given the targets: the loss is then computed chunk by chunk
    # as side work, along with its gradient and the top layer's incoming gradient.
    loss: float | None = None  # mean cross-entropy, nats/char
    dlogits: np.ndarray | None = None  # (T, B, V)
    dtop: np.ndarray | None = None  # (T*B, H)


class CharRNN:
    """A stack of recurrent layers between a character lookup table and a softmax output."""

    def __init__(
        self,
        model_type: str,
        vocab_size: int,
        hidden_size: int,
        num_layers: int = 1,
        dropout: float = 0.0,
        dtype=np.float32,
    ) -> None:
        if model_type not in GATES:
            raise ValueError(f"unknown model type {model_type!r}")
        self.model_type = model_type
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.dtype = np.dtype(dtype)
        self.gates = GATES[model_type]
        self.state_slots = 2 if model_type == "lstm" else 1
        self.params: dict[str, np.ndarray] = {}
        self._prepared: list | None = None  # set inside frozen()

    # ----------------------------------------------------------------------------- parameters
    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        V, H, G = self.vocab_size, self.hidden_size, self.gates
        shapes: dict[str, tuple[int, ...]] = {}
        for layer in range(self.num_layers):
            # The first layer's input weights are a (V, G*H) table indexed by character id.
            shapes[f"l{layer}.Wx"] = (V if layer == 0 else H, G * H)
            shapes[f"l{layer}.Wh"] = (H, G * H)
            shapes[f"l{layer}.b"] = (G * H,)
            if self.model_type == "gru":
                shapes[f"l{layer}.bhn"] = (H,)  # candidate's recurrent bias, inside the reset gate
        shapes["Wy"] = (H, V)
        shapes["by"] = (V,)
        return shapes

    def init_params(self, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Uniform(-1/sqrt(H), 1/sqrt(H)) weights, zero biases, LSTM forget bias 1."""
        H = self.hidden_size
        scale = 1.0 / np.sqrt(H)
        params = {}
        for name, shape in self.param_shapes().items():
            if len(shape) == 1:
                value = np.zeros(shape)
            else:
                value = rng.uniform(-scale, scale, size=shape)
            params[name] = value.astype(self.dtype)
        if self.model_type == "lstm":
            for layer in range(self.num_layers):
                params[f"l{layer}.b"][H : 2 * H] = 1.0  # remember by default early in training
        self.params = params
        return params

    def num_parameters(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def initial_state(self, batch_size: int) -> np.ndarray:
        return np.zeros(
            (self.num_layers, self.state_slots, batch_size, self.hidden_size), dtype=self.dtype
        )

    # ----------------------------------------------------------------------------- forward
    def gate_scale(self) -> np.ndarray | None:
        """Per-column factor applied to the pre-activations before one tanh over all gates.

        sigmoid(a) = (1 + tanh(a / 2)) / 2, so halving the sigmoid gates' columns of the
        (tiny) weight tables lets a single contiguous tanh evaluate every gate of a step.
        """
        H = self.hidden_size
        if self.model_type == "rnn":
            return None
        sigmoid_cols = 3 * H if self.model_type == "lstm" else 2 * H
        scale = np.ones(self.gates * H, dtype=self.dtype)
        scale[:sigmoid_cols] = 0.5
        return scale

    def _layer_weights(self, layer: int):
        """(Wx, b, Wh) as the step loop uses them: the sigmoid gates' columns halved (see
        gate_scale), and for the first layer the bias folded into the (V, G*H) lookup table,
        so it is added once per table row rather than once per gathered row."""
        if self._prepared is not None:
            return self._prepared[layer]
        p = self.params
        Wx, b, Wh = p[f"l{layer}.Wx"], p[f"l{layer}.b"], p[f"l{layer}.Wh"]
        scale = self.gate_scale()
        if scale is not None:
            Wx, b, Wh = Wx * scale, b * scale, Wh * scale
        if layer == 0:
            Wx = Wx + b
        return Wx, b, Wh

    @contextmanager
    def frozen(self):
        """For a stretch in which the weights do not change (sampling one character at a
        time): prepare the step-loop weights once instead of at every forward call."""
        self._prepared = None
        self._prepared = [self._layer_weights(layer) for layer in range(self.num_layers)]
        try:
            yield self
        finally:
            self._prepared = None

    # ----------------------------------------------------------------------------- forward
    def forward(
        self,
        inputs: np.ndarray,
        state: np.ndarray,
        *,
        targets: np.ndarray | None = None,
        rng: np.random.Generator | None = None,
        workspace: Workspace | None = None,
        overlap: Overlap | None = None,
    ) -> tuple[np.ndarray, Cache]:
        """Run T steps for B streams. Dropout is active only when `rng` is given.

        inputs (T, B) ids; state (L, S, B, H). Returns logits (T, B, V) and the cache
        (whose `final_state` is the state after the last step). With `targets` (T, B) the
        cache also holds `loss` and `dlogits`, exactly what `cross_entropy` would give, made
        while the step loop runs.
        """
        T, B = inputs.shape
        H, G, V = self.hidden_size, self.gates, self.vocab_size
        L = self.num_layers
        p = self.params
        ws = workspace
        overlap = overlap or _INLINE
        cache = Cache(inputs=inputs, workspace=ws)
        final = np.empty_like(state)
        train_dropout = rng is not None and self.dropout > 0.0
        logits = _scratch(ws, "logits", (T * B, V), self.dtype)
        if targets is not None:
            cache.dlogits = _scratch(ws, "dlogits", (T * B, V), self.dtype).reshape(T, B, V)
            cache.dtop = _scratch(ws, "dtop", (T * B, H), self.dtype)
        WyT = np.ascontiguousarray(p["Wy"].T) if targets is not None else None
        pending: list[Future] = []
        x = None  # (T*B, H) input of the current layer, for layers above the first
        for layer in range(L):
            Wx, b, Wh = self._layer_weights(layer)
            xproj = _scratch(ws, f"xproj{layer}", (T, B, G * H), self.dtype)
            mask = None
            if layer == 0:

                def make(t0, t1, table=Wx, xproj=xproj):
                    np.take(table, inputs[t0:t1], axis=0, out=xproj[t0:t1])
            else:
                if train_dropout:
                    mask = _dropout_mask(rng, x.shape, self.dropout, self.dtype)
                    x = x * mask

                def make(t0, t1, x=x, Wx=Wx, b=b, xproj=xproj):
                    out = xproj[t0:t1].reshape(-1, G * H)
                    np.matmul(x[t0 * B : t1 * B], Wx, out=out)
                    out += b

            # The input projections are made chunk by chunk ahead of the step loop.
            inputs_ready = {c: overlap.submit(make, *c) for c in _chunks(T)}
            on_chunk = None
            if layer == L - 1:
                # The output projection of each finished chunk overlaps the next chunk's steps.
                if train_dropout:
                    cache.top_mask = _dropout_mask(rng, (T * B, H), self.dropout, self.dtype)
                    cache.top = _scratch(ws, "top", (T * B, H), self.dtype)

                def on_chunk(hs, t0, t1):
                    pending.append(
                        overlap.submit(self._output_chunk, hs, cache, logits, targets, WyT, t0, t1)
                    )

            lc = self._layer_forward(layer, xproj, state[layer], Wh, ws, inputs_ready, on_chunk)
            lc.x = x if layer > 0 else None
            lc.mask = mask
            cache.layers.append(lc)
            final[layer, 0] = lc.hs[T]
            if lc.cs is not None:
                final[layer, 1] = lc.cs[T]
            x = lc.hs[1:].reshape(T * B, H)
        if cache.top is None:
            cache.top = x
        loss_sums = [future.result() for future in pending]  # in chunk order
        if targets is not None:
            cache.loss = sum(loss_sums) / (T * B)
        cache.final_state = final
        return logits.reshape(T, B, V), cache

    def _output_chunk(self, hs, cache: Cache, logits, targets, WyT, t0, t1) -> float | None:
        """Logits for steps t0..t1 from the top layer's states (after dropout, if any); with
        targets also the loss sum, dlogits and the top layer's incoming gradient."""
        T, B, H = hs.shape[0] - 1, hs.shape[1], hs.shape[2]
        rows = slice(t0 * B, t1 * B)
        top = hs[1 + t0 : 1 + t1].reshape(-1, H)
        if cache.top_mask is not None:
            np.multiply(top, cache.top_mask[rows], out=cache.top[rows])
            top = cache.top[rows]
        out = logits[rows]
        np.matmul(top, self.params["Wy"], out=out)
        out += self.params["by"]
        if targets is None:
            return None
        dl = cache.dlogits.reshape(T * B, -1)
        total = _softmax_xent_rows(out, targets[t0:t1].reshape(-1), 1.0 / (T * B), dl[rows])
        self._output_grad(dl, WyT, cache.top_mask, cache.dtop, B, t0, t1)
        return total

    def _layer_forward(
        self, layer: int, xproj, state, Wh, ws, inputs_ready, on_chunk=None
    ) -> LayerCache:
        """The step loop. xproj (T, B, G*H) holds the (scaled) input projections plus bias and
        is overwritten with the activated gates; inputs_ready[(t0, t1)] is the future of a
        chunk's projections. on_chunk(hs, t0, t1) follows each chunk."""
        T, B, GH = xproj.shape
        on_chunk = on_chunk or (lambda hs, t0, t1: None)
        H = self.hidden_size
        hs = _scratch(ws, f"hs{layer}", (T + 1, B, H), self.dtype)
        hs[0] = state[0]
        if self.model_type == "rnn":
            for t0, t1 in _chunks(T):
                inputs_ready[(t0, t1)].result()
                for t in range(t0, t1):
                    h = hs[t + 1]
                    np.matmul(hs[t], Wh, out=h)
                    h += xproj[t]
                    np.tanh(h, out=h)
                on_chunk(hs, t0, t1)
            return LayerCache(hs=hs, acts=xproj)
        hw = _scratch(ws, "hw", (B, GH), self.dtype)
        acts = xproj
        if self.model_type == "lstm":
            cs = _scratch(ws, f"cs{layer}", (T + 1, B, H), self.dtype)
            tanh_c = _scratch(ws, f"tanhc{layer}", (T, B, H), self.dtype)
            tmp = _scratch(ws, "tmp", (B, H), self.dtype)
            cs[0] = state[1]
            for t0, t1 in _chunks(T):
                inputs_ready[(t0, t1)].result()
                for t in range(t0, t1):
                    z = acts[t]  # becomes [i, f, o, g]
                    np.matmul(hs[t], Wh, out=hw)
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
                on_chunk(hs, t0, t1)
            return LayerCache(hs=hs, acts=acts, cs=cs, tanh_c=tanh_c)
        # GRU, with the reset gate applied after the recurrent product (as cuDNN and PyTorch do),
        # so the whole recurrent product is one GEMM per step.
        bhn = self.params[f"l{layer}.bhn"]
        hwn = _scratch(ws, f"hwn{layer}", (T, B, H), self.dtype)
        tmp = _scratch(ws, "tmp", (B, H), self.dtype)
        for t0, t1 in _chunks(T):
            inputs_ready[(t0, t1)].result()
            for t in range(t0, t1):
                np.matmul(hs[t], Wh, out=hw)
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
            on_chunk(hs, t0, t1)
        return LayerCache(hs=hs, acts=acts, hwn=hwn)

    # ----------------------------------------------------------------------------- backward
    def backward(
        self, dlogits: np.ndarray, cache: Cache, *, overlap: Overlap | None = None
    ) -> dict[str, np.ndarray]:
        """Gradients of the loss whose gradient w.r.t. the logits is `dlogits` (T, B, V).

        Truncated BPTT: no gradient flows into the incoming state.
        """
        T, B, V = dlogits.shape
        H = self.hidden_size
        p = self.params
        ws = cache.workspace
        overlap = overlap or _INLINE
        dl = dlogits.reshape(T * B, V)
        chunks = _chunks(T)
        d_wy = overlap.submit(np.matmul, cache.top.T, dl)
        if cache.dtop is not None and dlogits is cache.dlogits:
            dtop, ready = cache.dtop, None  # made by forward() with the loss
        else:
            # The top layer's incoming gradient, made chunk by chunk from the last one
            # backwards, so the step loop can start as soon as the last chunk is ready.
            dtop = _scratch(ws, "dtop", (T * B, H), self.dtype)
            WyT = np.ascontiguousarray(p["Wy"].T)
            ready = {
                (t0, t1): overlap.submit(
                    self._output_grad, dl, WyT, cache.top_mask, dtop, B, t0, t1
                )
                for t0, t1 in reversed(chunks)
            }
        grads: dict[str, np.ndarray] = {"by": dl.sum(axis=0)}
        dx = dtop
        for layer in reversed(range(self.num_layers)):
            lc = cache.layers[layer]
            partials: list[Future] = []

            def before(t0, t1, ready=ready):
                if ready:
                    ready[(t0, t1)].result()

            def after(dpre, dhw, t0, t1, layer=layer, lc=lc, partials=partials):
                partials.append(
                    overlap.submit(self._weight_grads, layer, lc, cache.inputs, dpre, dhw, t0, t1)
                )

            dpre, _ = self._layer_backward(
                layer, dx.reshape(T, B, H), lc, ws, before, after, overlap
            )
            # Sum the chunks' partial products in a fixed order: same result on 1 or 2 threads.
            parts = [future.result() for future in partials]
            for name in parts[0]:
                total = parts[0][name]
                for part in parts[1:]:
                    total += part[name]
                grads[f"l{layer}.{name}"] = total
            ready = None
            if layer > 0:
                dx = _scratch(ws, f"dx{layer}", (T * B, H), self.dtype)
                np.matmul(dpre.reshape(T * B, -1), p[f"l{layer}.Wx"].T, out=dx)
                if lc.mask is not None:
                    dx *= lc.mask
        grads["Wy"] = d_wy.result()
        return grads

    def _output_grad(self, dl, WyT, mask, dtop, B, t0, t1) -> None:
        rows = slice(t0 * B, t1 * B)
        np.matmul(dl[rows], WyT, out=dtop[rows])
        if mask is not None:
            dtop[rows] *= mask[rows]

    def _weight_grads(self, layer, lc, inputs, dpre, dhw, t0, t1) -> dict[str, np.ndarray]:
        """One chunk's share of the layer's weight and bias gradients."""
        T, B, GH = dpre.shape
        H = self.hidden_size
        d = dpre[t0:t1].reshape(-1, GH)
        hprev = lc.hs[t0:t1].reshape(-1, H)
        part = {
            "Wh": hprev.T @ dhw[t0:t1].reshape(-1, GH),
            "b": d.sum(axis=0),
        }
        if layer == 0:
            part["Wx"] = _table_gradient(inputs[t0:t1].reshape(-1), d, self.vocab_size)
        else:
            part["Wx"] = lc.x[t0 * B : t1 * B].T @ d
        if self.model_type == "gru":
            part["bhn"] = dhw[t0:t1, :, 2 * H :].sum(axis=(0, 1))
        return part

    def _layer_backward(
        self, layer: int, dhs: np.ndarray, lc: LayerCache, ws, before, after, overlap: Overlap
    ):
        """Backward through the step loop, last chunk first.

        The factors that do not depend on the incoming gradient (gate derivatives) are made a
        chunk at a time, as side work ahead of the loop, so the loop itself does a few small
        ops per step. before(t0, t1) runs before a chunk; after(dpre, dhw, t0, t1) after it.

        Returns dpre (T, B, G*H), the gradient of the input projections, and dhw, that of the
        recurrent products (the same array except for the GRU).
        """
        T, B, H = dhs.shape
        G = self.gates
        # A contiguous transpose: OpenBLAS is about 1.5x slower on the transposed view here.
        WhT = np.ascontiguousarray(self.params[f"l{layer}.Wh"].T)
        k = _scratch(ws, "kgate", (T, B, G * H), self.dtype)
        kc = _scratch(ws, "kcell", (T, B, H), self.dtype) if self.model_type == "lstm" else None
        make = {"rnn": _rnn_factors, "lstm": _lstm_factors, "gru": _gru_factors}[self.model_type]
        factors = {
            (t0, t1): overlap.submit(make, lc, k, kc, t0, t1) for t0, t1 in reversed(_chunks(T))
        }

        def ready(t0, t1):
            factors[(t0, t1)].result()
            before(t0, t1)

        loop = {"rnn": _rnn_steps, "lstm": _lstm_steps, "gru": _gru_steps}[self.model_type]
        return loop(
            dhs,
            lc,
            k,
            kc,
            WhT,
            _scratch(ws, f"dpre{layer}", (T, B, G * H), self.dtype),
            ws,
            layer,
            ready,
            after,
        )


# ------------------------------------------------------------------------------ backward steps
# Each takes the incoming gradient dhs (T, B, H), the layer cache, the factor arrays k (and kc),
# WhT = Wh^T, and the output buffer dpre; it walks the chunks from the last to the first.


def _rnn_factors(lc, k, kc, t0, t1):
    h = lc.hs[1 + t0 : 1 + t1]
    np.multiply(h, h, out=k[t0:t1])
    np.subtract(1.0, k[t0:t1], out=k[t0:t1])  # tanh' = 1 - h^2


def _rnn_steps(dhs, lc, k, kc, WhT, dpre, ws, layer, ready, after):
    T, B, H = dhs.shape
    dh_next = np.zeros((B, H), dtype=dpre.dtype)
    for t0, t1 in reversed(_chunks(T)):
        ready(t0, t1)
        for t in reversed(range(t0, t1)):
            d = dpre[t]
            np.add(dhs[t], dh_next, out=d)
            d *= k[t]
            if t:
                np.matmul(d, WhT, out=dh_next)
        after(dpre, dpre, t0, t1)
    return dpre, dpre


def _lstm_factors(lc, k, kc, t0, t1):
    """k = [g i(1-i), c_prev f(1-f), tanh(c) o(1-o), i(1-g^2)]: how dc (for i, f, g) or dh
    (for o) becomes each gate's pre-activation gradient; kc = o (1 - tanh(c)^2): dh -> dc."""
    H = kc.shape[-1]
    a, tc, kk, kcc = lc.acts[t0:t1], lc.tanh_c[t0:t1], k[t0:t1], kc[t0:t1]
    i, f, o, g = (a[..., j * H : (j + 1) * H] for j in range(4))
    _sigmoid_grad(i, kk[..., :H], g)
    _sigmoid_grad(f, kk[..., H : 2 * H], lc.cs[t0:t1])
    _sigmoid_grad(o, kk[..., 2 * H : 3 * H], tc)
    np.multiply(g, g, out=kcc)
    np.subtract(1.0, kcc, out=kcc)
    np.multiply(kcc, i, out=kk[..., 3 * H :])
    np.multiply(tc, tc, out=kcc)
    np.subtract(1.0, kcc, out=kcc)
    kcc *= o


def _lstm_steps(dhs, lc, k, kc, WhT, dpre, ws, layer, ready, after):
    T, B, H = dhs.shape
    dtype = dpre.dtype
    f = lc.acts[..., H : 2 * H]
    dh, dc = np.empty((B, H), dtype=dtype), np.zeros((B, H), dtype=dtype)
    tmp, dh_next = np.empty((B, H), dtype=dtype), np.zeros((B, H), dtype=dtype)
    for t0, t1 in reversed(_chunks(T)):
        ready(t0, t1)
        for t in reversed(range(t0, t1)):
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
        after(dpre, dpre, t0, t1)
    return dpre, dpre


def _gru_factors(lc, k, kc, t0, t1):
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


def _gru_steps(dhs, lc, k, kc, WhT, dpre, ws, layer, ready, after):
    T, B, H = dhs.shape
    dtype = dpre.dtype
    r, z = lc.acts[..., :H], lc.acts[..., H : 2 * H]
    dhw = _scratch(ws, f"dhw{layer}", (T, B, 3 * H), dtype)
    dh, dh_next = np.empty((B, H), dtype=dtype), np.zeros((B, H), dtype=dtype)
    tmp = np.empty((B, H), dtype=dtype)
    for t0, t1 in reversed(_chunks(T)):
        ready(t0, t1)
        for t in reversed(range(t0, t1)):
            np.add(dhs[t], dh_next, out=dh)
            d = dpre[t]
            # [dz_pre, dn_pre] in one broadcast product, then dr_pre from dn_pre.
            np.multiply(dh[:, None, :], k[t, :, H:].reshape(B, 2, H), out=d[:, H:].reshape(B, 2, H))
            np.multiply(d[:, 2 * H :], k[t, :, :H], out=d[:, :H])
            w = dhw[t]
            w[:, : 2 * H] = d[:, : 2 * H]
            np.multiply(d[:, 2 * H :], r[t], out=w[:, 2 * H :])
            np.multiply(dh, z[t], out=dh_next)
            if t:
                np.matmul(w, WhT, out=tmp)
                dh_next += tmp
        after(dpre, dhw, t0, t1)
    return dpre, dhw


def _sigmoid_grad(s: np.ndarray, out: np.ndarray, factor: np.ndarray) -> None:
    """out = factor * s * (1 - s) for a sigmoid output s (out may alias factor)."""
    product = s * factor
    np.subtract(1.0, s, out=out)
    out *= product


def _dropout_mask(rng: np.random.Generator, shape, rate: float, dtype) -> np.ndarray:
    """Inverted dropout: keep with probability 1 - rate and scale so expectations match."""
    keep = rng.random(shape, dtype=np.float32) >= rate
    return keep.astype(dtype) * dtype.type(1.0 / (1.0 - rate))


def _table_gradient(ids: np.ndarray, dpre: np.ndarray, vocab_size: int) -> np.ndarray:
    """Sum the rows of dpre (N, K) into a (V, K) table by id.

    A one-hot (V, N) @ (N, K) product: for small vocabularies it beats np.add.at several times.
    """
    onehot = np.zeros((vocab_size, ids.size), dtype=dpre.dtype)
    onehot[ids, np.arange(ids.size)] = 1.0
    return onehot @ dpre


def cross_entropy(logits: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy in nats per character and its gradient w.r.t. the logits.

    logits (T, B, V), targets (T, B).
    """
    T, B, V = logits.shape
    dlogits = np.empty((T * B, V), dtype=logits.dtype)
    total = _softmax_xent_rows(
        logits.reshape(T * B, V), targets.reshape(-1), 1.0 / (T * B), dlogits
    )
    return total / (T * B), dlogits.reshape(T, B, V)


def _softmax_xent_rows(logits, targets, scale: float, out) -> float:
    """Sum over rows of -log softmax(logits)[target]; writes (softmax - onehot) * scale to out.

    Stable: subtracts each row's maximum before exp. Row by row, so any split of the rows
    gives the same `out`.
    """
    np.subtract(logits, logits.max(axis=1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=1, keepdims=True)
    rows = np.arange(len(targets))
    picked = out[rows, targets].astype(np.float64)
    total = float(-np.log(np.maximum(picked, 1e-30)).sum())
    out[rows, targets] -= 1.0
    out *= out.dtype.type(scale)
    return total
