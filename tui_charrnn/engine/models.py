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

The math of each cell kind (its step loops and backward factors) lives in cells.py; this
module keeps the parameters, the projections, the chunking and the side thread.

`forward(inputs, state) -> (logits, cache)`; `backward(dlogits, cache) -> grads` (same keys and
shapes as `params`). State is one array of shape (L, S, B, H): S is 2 for LSTM (h, c), else 1.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from tui_charrnn.engine.cells import CELLS, LayerCache

CHUNK = 16  # time steps per chunk of side work


class SideTask:
    """One piece of side work. Whoever needs its result first does it, if the helper thread
    has not begun it yet: the step loop never sits idle while the work it waits for is queued."""

    def __init__(self, fn, args: tuple, future: Future | None = None) -> None:
        self._fn, self._args, self._future = fn, args, future
        self._done_here = future is None
        self._value = fn(*args) if future is None else None

    def steal(self) -> None:
        """Run it in this thread unless the helper has begun it (or it is done)."""
        if not self._done_here and self._future.cancel():
            self._value = self._fn(*self._args)
            self._done_here = True

    def done(self) -> bool:
        return self._done_here or self._future.done()

    def result(self):
        self.steal()
        return self._value if self._done_here else self._future.result()


class Overlap:
    """Runs side work on one helper thread (threads=2) or at once in the caller (threads=1).

    A task is the same function on the same inputs whichever thread runs it, so results do not
    depend on the thread count, nor on which thread took which task."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, fn, *args) -> SideTask:
        if self.threads > 1:
            if self._pool is None:  # started on first use, and again after close()
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="charrnn-side")
            # Floating-point error settings are per thread: carry the caller's over.
            future = self._pool.submit(_with_errstate, np.geterr(), fn, *args)
            return SideTask(fn, args, future)
        return SideTask(fn, args)

    @staticmethod
    def gather(tasks: list[SideTask]) -> list:
        """Their results, in order. Tasks not yet begun are taken from the back of the list,
        so that this thread and the helper work through the queue from opposite ends."""
        for task in reversed(tasks):
            task.steal()
        return [task.result() for task in tasks]

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
class Cache:
    inputs: np.ndarray  # (T, B) character ids
    layers: list[LayerCache] = field(default_factory=list)
    top: np.ndarray | None = None  # (T*B, H) input of the output projection (after dropout)
    top_mask: np.ndarray | None = None  # dropout mask on the top layer's output
    wh_masks: list | None = None  # per layer: the (H, G*H) weight-drop mask on Wh, if any
    final_state: np.ndarray | None = None  # (L, S, B, H) state to carry into the next chunk
    workspace: Workspace | None = None
    # Filled when forward() is given the targets: the loss is then computed chunk by chunk
    # as side work, along with its gradient and the top layer's incoming gradient.
    loss: float | None = None  # mean cross-entropy, nats/char
    dlogits: np.ndarray | None = None  # (T, B, V)
    dtop: np.ndarray | None = None  # (T*B, H)
    # Filled when forward() is told a backward pass follows (for_training): the backward
    # pass's gate-derivative factors, made as side work while the forward step loops run.
    factors: list = field(default_factory=list)  # per layer: (k, kc, {(t0, t1): SideTask})
    # and, with targets, the output layer's (dWy, dby) shares of every chunk but the last
    output_grads: dict = field(default_factory=dict)  # (t0, t1) -> (dWy part, dby part)


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
        weight_drop: float = 0.0,
    ) -> None:
        if model_type not in CELLS:
            raise ValueError(f"unknown model type {model_type!r}")
        self.cell = CELLS[model_type]  # the per-step math of this kind of cell
        self.model_type = model_type
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        # DropConnect on the recurrent weights (as in AWD-LSTM): while training, each batch
        # runs its step loop with a fresh random share of Wh's entries set to zero (the rest
        # scaled up), the same for every step and stream of that batch.
        self.weight_drop = weight_drop
        self.dtype = np.dtype(dtype)
        self.gates = self.cell.gates
        self.state_slots = self.cell.state_slots
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
            for name, shape in self.cell.extra_params(H).items():
                shapes[f"l{layer}.{name}"] = shape
        shapes["Wy"] = (H, V)
        shapes["by"] = (V,)
        return shapes

    def init_params(self, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Uniform(-1/sqrt(H), 1/sqrt(H)) weights, zero biases (then the cell's bias choice,
        e.g. LSTM forget bias 1)."""
        H = self.hidden_size
        scale = 1.0 / np.sqrt(H)
        params = {}
        for name, shape in self.param_shapes().items():
            if len(shape) == 1:
                value = np.zeros(shape)
            else:
                value = rng.uniform(-scale, scale, size=shape)
            params[name] = value.astype(self.dtype)
        for layer in range(self.num_layers):
            self.cell.init_bias(params[f"l{layer}.b"], H)
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
        """Per-column factor on the pre-activations (see cells.Cell.gate_scale), or None."""
        return self.cell.gate_scale(self.hidden_size, self.dtype)

    def _layer_weights(self, layer: int, wh_mask: np.ndarray | None = None):
        """(Wx, b, Wh) as the step loop uses them: the sigmoid gates' columns halved (see
        gate_scale), and for the first layer the bias folded into the (V, G*H) lookup table,
        so it is added once per table row rather than once per gathered row. For a cell with
        `gate_blocks`, Wh is split into its gates' (H, H) blocks, stacked (G, H, H).
        wh_mask (H, G*H), when given, is the weight-drop mask multiplied into Wh first."""
        if self._prepared is not None and wh_mask is None:
            return self._prepared[layer]
        p = self.params
        Wx, b, Wh = p[f"l{layer}.Wx"], p[f"l{layer}.b"], p[f"l{layer}.Wh"]
        if wh_mask is not None:
            Wh = Wh * wh_mask
        scale = self.gate_scale()
        if scale is not None:
            Wx, b, Wh = Wx * scale, b * scale, Wh * scale
        if layer == 0:
            Wx = Wx + b
        if self.cell.gate_blocks:
            H, G = self.hidden_size, self.gates
            Wh = np.ascontiguousarray(Wh.reshape(H, G, H).transpose(1, 0, 2))
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
        for_training: bool = False,
    ) -> tuple[np.ndarray, Cache]:
        """Run T steps for B streams. Dropout and weight drop are active only when `rng` is
        given.

        inputs (T, B) ids; state (L, S, B, H). Returns logits (T, B, V) and the cache
        (whose `final_state` is the state after the last step). With `targets` (T, B) the
        cache also holds `loss` and `dlogits`, exactly what `cross_entropy` would give, made
        while the step loop runs. `for_training` (a backward pass follows) also makes the
        backward pass's gate-derivative factors and output-layer gradients as side work;
        the gradients are the same with it or without.
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
        pending: list[SideTask] = []
        cache.wh_masks = self._weight_drop_masks(rng)
        masks = None
        if train_dropout:
            # Every dropout mask of the step, drawn as side work in the order the layers use
            # them: the input of each layer above the first, then the top layer's output.
            args = (rng, L, (T * B, H), self.dropout, self.dtype)
            masks = overlap.submit(_dropout_masks, *args)
        x = None  # (T*B, H) input of the current layer, for layers above the first
        for layer in range(L):
            wh_mask = cache.wh_masks[layer] if cache.wh_masks else None
            Wx, b, Wh = self._layer_weights(layer, wh_mask)
            xproj = _scratch(ws, f"xproj{layer}", (T, B, G * H), self.dtype)
            mask = None
            if layer > 0 and masks is not None:
                mask = masks.result()[layer - 1]
                x = x * mask
            make = _input_projection(inputs, x, Wx, b, xproj)
            # The input projections are made chunk by chunk ahead of the step loop.
            inputs_ready = {c: overlap.submit(make, *c) for c in _chunks(T)}
            top_layer = layer == L - 1
            if top_layer and masks is not None:
                cache.top = _scratch(ws, "top", (T * B, H), self.dtype)
            made = self._factor_slot(cache, layer, T, B) if for_training else None

            def on_chunk(lc, t0, t1, top_layer=top_layer, made=made):
                # Side work on a finished chunk overlaps the next chunk's steps. First what
                # the backward pass needs first (its last chunk's dtop and factors).
                if top_layer:
                    if masks is not None and cache.top_mask is None:
                        cache.top_mask = masks.result()[-1]  # drawn while chunk 0 ran
                    # The output layer's gradient shares too, where the forward pass has time
                    # for them: all but the last chunk's, which would delay the backward pass.
                    grads_too = for_training and t1 < T
                    args = (lc.hs, cache, logits, targets, WyT, t0, t1, grads_too)
                    pending.append(overlap.submit(self._output_chunk, *args))
                if made is not None:
                    k, kc, tasks = made
                    tasks[(t0, t1)] = overlap.submit(self.cell.backward_factors, lc, k, kc, t0, t1)

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
        loss_sums = overlap.gather(pending)  # in chunk order
        if targets is not None:
            cache.loss = sum(loss_sums) / (T * B)
        cache.final_state = final
        return logits.reshape(T, B, V), cache

    def _weight_drop_masks(self, rng: np.random.Generator | None) -> list | None:
        """Per layer, the (H, G*H) weight-drop mask on Wh for one training batch, or None.
        Drawn in the caller's thread before the activation masks' side task is submitted, so
        the generator is used by one thread at a time, always in the same order."""
        if rng is None or self.weight_drop <= 0.0:
            return None
        shape = (self.hidden_size, self.gates * self.hidden_size)
        return _dropout_masks(rng, self.num_layers, shape, self.weight_drop, self.dtype)

    def _factor_slot(self, cache: Cache, layer: int, T: int, B: int) -> tuple:
        """(k, kc, {(t0, t1): task}) for a layer's backward factors made during forward, also
        kept in cache.factors. Per-layer buffers: each is kept until the layer's backward."""
        scratch = self._scratch_for(cache.workspace, layer)
        k, kc = self.cell.factor_buffers(scratch, T, B, self.hidden_size)
        made = (k, kc, {})
        cache.factors.append(made)
        return made

    def _output_chunk(
        self, hs, cache: Cache, logits, targets, WyT, t0, t1, grads_too=False
    ) -> float | None:
        """Logits for steps t0..t1 from the top layer's states (after dropout, if any); with
        targets also the loss sum, dlogits and the top layer's incoming gradient, and with
        grads_too the chunk's share of the output layer's gradients (cache.output_grads)."""
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
        if grads_too:
            tops = hs[1:].reshape(T * B, H) if cache.top_mask is None else cache.top
            cache.output_grads[(t0, t1)] = _output_weight_grads(tops, dl, B, t0, t1)
        return total

    def _layer_forward(
        self, layer: int, xproj, state, Wh, ws, inputs_ready, on_chunk
    ) -> LayerCache:
        """The step loop, run by the cell. xproj (T, B, G*H) holds the (scaled) input
        projections plus bias and is overwritten with the activated gates;
        inputs_ready[(t0, t1)] is the task making a chunk's projections. on_chunk(lc, t0, t1)
        follows each chunk."""
        T, B, GH = xproj.shape
        H = self.hidden_size
        hs = _scratch(ws, f"hs{layer}", (T + 1, B, H), self.dtype)
        hs[0] = state[0]
        scratch = self._scratch_for(ws)
        lc = self.cell.layer_buffers(xproj, hs, scratch, layer)

        def steps():
            for t0, t1 in _chunks(T):
                inputs_ready[(t0, t1)].result()
                yield range(t0, t1)
                on_chunk(lc, t0, t1)

        extra = {name: self.params[f"l{layer}.{name}"] for name in self.cell.extra_params(H)}
        self.cell.forward_steps(lc, state, Wh, extra, scratch, steps())
        return lc

    def _scratch_for(self, ws: Workspace | None, layer: int | None = None):
        """scratch(name, shape) for the cells; with a layer, names private to that layer."""
        suffix = "" if layer is None else f"/{layer}"
        return lambda name, shape: _scratch(ws, name + suffix, shape, self.dtype)

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
        fused = cache.dtop is not None and dlogits is cache.dlogits  # made by forward()
        # dWy and dby chunk by chunk: side work that can start at once, for the chunks whose
        # shares forward() has not made.
        output_made = cache.output_grads if fused else {}
        output_tasks = {
            (t0, t1): overlap.submit(_output_weight_grads, cache.top, dl, B, t0, t1)
            for t0, t1 in chunks
            if (t0, t1) not in output_made
        }
        if fused:
            dtop, ready = cache.dtop, None
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
        grads: dict[str, np.ndarray] = {}
        dx = dtop
        for layer in reversed(range(self.num_layers)):
            lc = cache.layers[layer]
            partials: list[SideTask] = []

            def before(t0, t1, ready=ready):
                if ready:
                    ready[(t0, t1)].result()

            def after(dpre, dhw, t0, t1, layer=layer, lc=lc, partials=partials):
                # Separate tasks for the recurrent and the input weights, so that the share
                # left when the step loop ends can be split between the two threads.
                args = (layer, lc, cache.inputs, dpre, dhw, t0, t1)
                partials.append(overlap.submit(self._recurrent_grads, *args))
                partials.append(overlap.submit(self._input_grads, *args))

            made = cache.factors[layer] if cache.factors else None
            wh_mask = cache.wh_masks[layer] if cache.wh_masks else None
            dpre, _ = self._layer_backward(
                layer, dx.reshape(T, B, H), lc, ws, before, after, overlap, made, wh_mask
            )
            _sum_in_order(grads, overlap.gather(partials), f"l{layer}.")
            if wh_mask is not None:
                grads[f"l{layer}.Wh"] *= wh_mask  # the chain rule through Wh * mask
            ready = None
            if layer > 0:
                dx = _scratch(ws, f"dx{layer}", (T * B, H), self.dtype)
                np.matmul(dpre.reshape(T * B, -1), p[f"l{layer}.Wx"].T, out=dx)
                if lc.mask is not None:
                    dx *= lc.mask
        overlap.gather(list(output_tasks.values()))
        parts = [output_made.get(c) or output_tasks[c].result() for c in chunks]
        _sum_in_order(grads, [{"Wy": wy, "by": by} for wy, by in parts], "")
        return grads

    def _output_grad(self, dl, WyT, mask, dtop, B, t0, t1) -> None:
        rows = slice(t0 * B, t1 * B)
        np.matmul(dl[rows], WyT, out=dtop[rows])
        if mask is not None:
            dtop[rows] *= mask[rows]

    def _recurrent_grads(self, layer, lc, inputs, dpre, dhw, t0, t1) -> dict[str, np.ndarray]:
        """One chunk's share of the recurrent weights' gradient (and the cell's extras)."""
        GH = dhw.shape[-1]
        H = self.hidden_size
        part = {"Wh": lc.hs[t0:t1].reshape(-1, H).T @ dhw[t0:t1].reshape(-1, GH)}
        part.update(self.cell.extra_grads(dhw, t0, t1, H))
        return part

    def _input_grads(self, layer, lc, inputs, dpre, dhw, t0, t1) -> dict[str, np.ndarray]:
        """One chunk's share of the input weights' and the bias's gradients."""
        T, B, GH = dpre.shape
        d = dpre[t0:t1].reshape(-1, GH)
        part = {"b": d.sum(axis=0)}
        if layer == 0:
            part["Wx"] = _table_gradient(inputs[t0:t1].reshape(-1), d, self.vocab_size)
        else:
            part["Wx"] = lc.x[t0 * B : t1 * B].T @ d
        return part

    def _layer_backward(
        self, layer: int, dhs, lc: LayerCache, ws, before, after, overlap: Overlap, made, wh_mask
    ):
        """Backward through the step loop, last chunk first.

        The factors that do not depend on the incoming gradient (gate derivatives) are made a
        chunk at a time as side work: during the forward pass when it was told a backward pass
        follows (`made` = (k, kc, tasks)), else ahead of this loop. So the loop itself does a
        few small ops per step. before(t0, t1) runs before a chunk; after(dpre, dhw, t0, t1)
        after it. wh_mask is the forward pass's weight-drop mask on Wh, or None.

        Returns dpre (T, B, G*H), the gradient of the input projections, and dhw, that of the
        recurrent products (the same array except for the GRU).
        """
        T, B, H = dhs.shape
        cell = self.cell
        # A contiguous transpose: OpenBLAS is about 1.5x slower on the transposed view here.
        Wh = self.params[f"l{layer}.Wh"]
        if wh_mask is not None:
            Wh = Wh * wh_mask  # the weights the forward pass used
        WhT = np.ascontiguousarray(Wh.T)
        if made is None:
            k, kc = cell.factor_buffers(self._scratch_for(ws), T, B, H)
            factors = {
                (t0, t1): overlap.submit(cell.backward_factors, lc, k, kc, t0, t1)
                for t0, t1 in reversed(_chunks(T))
            }
        else:
            k, kc, factors = made
        dpre = _scratch(ws, f"dpre{layer}", (T, B, self.gates * H), self.dtype)
        dhw = dpre
        if cell.separate_recurrent_grad:
            dhw = _scratch(ws, f"dhw{layer}", dpre.shape, self.dtype)

        def steps():
            for t0, t1 in reversed(_chunks(T)):
                factors[(t0, t1)].result()
                before(t0, t1)
                for a, b in _last_spans(t0, t1) if t0 == 0 else [(t0, t1)]:
                    yield reversed(range(a, b))
                    after(dpre, dhw, a, b)

        cell.backward_steps(dhs, lc, k, kc, WhT, dpre, dhw, steps())
        return dpre, dhw


def _last_spans(t0: int, t1: int) -> list[tuple[int, int]]:
    """The chunk the backward loop does last, cut into spans of halving length, last step
    first: (8, 16), (4, 8), (0, 4) for (0, 16). The weight gradients of a span are side work
    submitted when it ends, so what is left when the loop ends is the shortest span's."""
    spans = []
    while t1 - t0 >= 8:
        mid = (t0 + t1) // 2
        spans.append((mid, t1))
        t1 = mid
    return spans + [(t0, t1)]


def _sum_in_order(grads: dict, parts: list[dict], prefix: str) -> None:
    """Add the chunks' partial gradients into grads, in list order: a fixed order of sums, so
    the same result on 1 or 2 threads."""
    for part in parts:
        for name, value in part.items():
            key = prefix + name
            if key in grads:
                grads[key] += value
            else:
                grads[key] = value


def _output_weight_grads(top, dlogits, B: int, t0: int, t1: int):
    """One chunk's share of the output layer's gradients (dWy, dby): top (T*B, H), dlogits
    (T*B, V)."""
    rows = slice(t0 * B, t1 * B)
    return top[rows].T @ dlogits[rows], dlogits[rows].sum(axis=0)


def _input_projection(inputs, x, Wx, b, xproj):
    """make(t0, t1): fill xproj[t0:t1] (T, B, G*H) with a layer's input projections plus bias:
    for the first layer (x None) rows of the (V, G*H) table Wx (bias folded in) by character
    id, above it x (T*B, H) @ Wx + b."""
    if x is None:

        def make(t0, t1):
            np.take(Wx, inputs[t0:t1], axis=0, out=xproj[t0:t1])
    else:
        B, GH = xproj.shape[1:]

        def make(t0, t1):
            out = xproj[t0:t1].reshape(-1, GH)
            np.matmul(x[t0 * B : t1 * B], Wx, out=out)
            out += b

    return make


def _dropout_masks(rng: np.random.Generator, count: int, shape, rate: float, dtype) -> list:
    """`count` masks of one shape, drawn one after the other."""
    return [_dropout_mask(rng, shape, rate, dtype) for _ in range(count)]


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
