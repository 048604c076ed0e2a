"""Optimizers (SGD with momentum, Adagrad, Adam), gradient clipping and learning-rate decay.

All updates are in place on the parameter arrays. Optimizer state is plain arrays plus a step
count, so a checkpoint can store it and a resumed run continues bit for bit.
"""

from __future__ import annotations

import math

import numpy as np


def global_norm(grads: dict[str, np.ndarray]) -> float:
    total = 0.0
    for g in grads.values():
        flat = g.reshape(-1)
        total += float(np.dot(flat, flat))
    return math.sqrt(total)


def clip_gradients(grads: dict[str, np.ndarray], clip: float, mode: str) -> float:
    """Clip in place; return the global norm before clipping (for monitoring divergence).

    mode "norm" rescales every gradient by clip / norm when the norm exceeds clip; mode "value"
    clamps each element to [-clip, clip] (the seed notebook's choice). clip <= 0 disables.
    """
    norm = global_norm(grads)
    if clip <= 0 or not math.isfinite(norm):
        return norm
    if mode == "norm":
        if norm > clip:
            scale = clip / (norm + 1e-12)
            for g in grads.values():
                g *= scale
    elif mode == "value":
        for g in grads.values():
            np.clip(g, -clip, clip, out=g)
    else:
        raise ValueError(f"unknown clip mode {mode!r}")
    return norm


def decayed_learning_rate(base: float, decay: float, every: int, step: int) -> float:
    """Step decay: the base rate times decay for every `every` completed steps."""
    if decay >= 1.0:
        return base
    return base * decay ** (step // every)


class Optimizer:
    """Base: holds per-parameter state arrays and the number of updates applied."""

    slots: tuple[str, ...] = ()
    weight_decay = 0.0  # decoupled decay of the weight matrices per update (set after creation)

    def __init__(self, params: dict[str, np.ndarray]) -> None:
        self.steps = 0
        self.state = {
            slot: {name: np.zeros_like(p) for name, p in params.items()} for slot in self.slots
        }
        self._scratch = {name: np.empty_like(p) for name, p in params.items()}

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float):
        self.steps += 1
        self._decay(params, lr)
        for name, p in params.items():
            self._update_one(name, p, grads[name], lr)

    def _decay(self, params: dict[str, np.ndarray], lr: float) -> None:
        """Shrink every weight matrix by lr x weight_decay before the gradient step (decoupled,
        as AdamW does: not through the gradient, so Adam's scaling does not undo it). Biases
        are left alone."""
        if not self.weight_decay:
            return
        keep = 1.0 - lr * self.weight_decay
        for p in params.values():
            if p.ndim >= 2:
                p *= keep

    def _update_one(self, name: str, p: np.ndarray, g: np.ndarray, lr: float) -> None:
        raise NotImplementedError

    def state_arrays(self) -> dict[str, np.ndarray]:
        return {
            f"{slot}/{name}": a for slot, arrays in self.state.items() for name, a in arrays.items()
        }

    def load_state_arrays(self, arrays: dict[str, np.ndarray], steps: int) -> None:
        for slot, current in self.state.items():
            for name, array in current.items():
                array[...] = arrays[f"{slot}/{name}"]
        self.steps = int(steps)


class SGD(Optimizer):
    """SGD with (heavy-ball) momentum; the velocity persists across steps, unlike the seed's."""

    slots = ("velocity",)

    def __init__(self, params, momentum: float = 0.9) -> None:
        super().__init__(params)
        self.momentum = momentum

    def _update_one(self, name, p, g, lr):
        v = self.state["velocity"][name]
        v *= self.momentum
        v += g
        np.multiply(v, lr, out=self._scratch[name])
        p -= self._scratch[name]


class Adagrad(Optimizer):
    """min-char-rnn's optimizer: per-element rates shrink with the summed squared gradients."""

    slots = ("sum_sq",)
    eps = 1e-8

    def _update_one(self, name, p, g, lr):
        s = self.state["sum_sq"][name]
        tmp = self._scratch[name]
        np.multiply(g, g, out=tmp)
        s += tmp
        np.sqrt(s, out=tmp)
        tmp += self.eps
        np.divide(g, tmp, out=tmp)
        tmp *= lr
        p -= tmp


class Adam(Optimizer):
    slots = ("m", "v")

    def __init__(self, params, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(params)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

    def update(self, params, grads, lr):
        self.steps += 1
        # Fold both bias corrections into the step size and epsilon.
        c1 = 1.0 - self.beta1**self.steps
        c2 = 1.0 - self.beta2**self.steps
        self._lr_t = lr * math.sqrt(c2) / c1
        self._eps_t = self.eps * math.sqrt(c2)
        self._decay(params, lr)
        for name, p in params.items():
            self._update_one(name, p, grads[name], lr)

    def _update_one(self, name, p, g, lr):
        m, v, tmp = self.state["m"][name], self.state["v"][name], self._scratch[name]
        m *= self.beta1
        np.multiply(g, 1.0 - self.beta1, out=tmp)
        m += tmp
        v *= self.beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - self.beta2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += self._eps_t
        np.divide(m, tmp, out=tmp)
        tmp *= self._lr_t
        p -= tmp


def make_optimizer(
    name: str, params: dict[str, np.ndarray], momentum: float = 0.9, weight_decay: float = 0.0
) -> Optimizer:
    if name == "sgd":
        optimizer: Optimizer = SGD(params, momentum=momentum)
    elif name == "adagrad":
        optimizer = Adagrad(params)
    elif name == "adam":
        optimizer = Adam(params)
    else:
        raise ValueError(f"unknown optimizer {name!r}")
    optimizer.weight_decay = float(weight_decay)
    return optimizer
