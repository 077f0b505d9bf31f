"""Exercises for notebook 02, activation functions.

Each check calls the learner's function on chosen inputs (large |z| included), compares
with nnlib, and names the first input where the two disagree.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .._format import numbers
from ..activations import get_activation
from . import (Feedback, Malformed, as_array, as_function, as_result, call_learner, check_elementwise,
               checker, correct, hint, number)

_RTOL, _ATOL = 1e-6, 1e-9


# ---- ReLU ------------------------------------------------------------------------------------
@checker(code=True)
def check_relu(fn: Callable) -> Feedback:
    """Check a ReLU: fn(z) = max(0, z) element-wise on arrays of any shape, large |z| included."""
    relu = get_activation("relu")
    problem = check_elementwise(fn, relu, breakpoints=(0.0,), title="relu",
                                rule=lambda z: "z > 0 passes through unchanged" if z > 0 else "z ≤ 0 gives 0")
    if problem:
        return hint(problem)
    return correct("ReLU(z) = max(0, z) on every test input: arrays of 0, 1 and 2 dimensions, both "
                   "sides of z = 0, z = 0 itself and random z up to ±1000.")


# ---- clipped leaky ReLU ----------------------------------------------------------------------
def _clipped_rule(z: float) -> str:
    if z < 0:
        return "for z < 0, f(z) = αz with α = 0.01"
    if z <= 1:
        return "for 0 ≤ z ≤ 1, f(z) = z"
    return "for z > 1, f(z) = 1 + α(z − 1) with α = 0.01"


@checker(code=True)
def check_clipped_leaky_relu(fn: Callable) -> Feedback:
    """Check the clipped leaky ReLU with α = 0.01: αz below 0, z on [0, 1], 1 + α(z − 1) above 1.

    Tested on both sides of each breakpoint (0 and 1) at several distances, on the breakpoints,
    on a fine grid and on random points over ±1000, as 0-d, 1-d and 2-d arrays.
    """
    reference = get_activation("clipped_leaky_relu", alpha=0.01)
    problem = check_elementwise(fn, reference, breakpoints=(0.0, 1.0), title="clipped_leaky_relu",
                                rule=_clipped_rule)
    if problem:
        return hint(problem)
    return correct("All three pieces are right: αz below 0, z on [0, 1], 1 + α(z − 1) above 1, "
                   "and the pieces meet at z = 0 and z = 1.")


# ---- sigmoid derivative from the output ------------------------------------------------------
@checker(code=True)
def check_sigmoid_derivative(fn: Callable) -> Feedback:
    """Check fn(a) = σ′(z) computed from the output a = σ(z) alone (no exp needed)."""
    fn = as_function(fn)
    sigmoid = get_activation("sigmoid")
    problem = check_elementwise(fn, sigmoid.derivative, name="z", scale=800.0, title="sigmoid_derivative",
                                inputs=sigmoid,
                                rule=lambda z: f"the output there is a = σ(z) = {number(sigmoid(z), 6)}")
    if problem is None:
        return correct("σ′(z) = a(1 − a) from the output alone: right for every z tested, "
                       "including z = ±800 where a is exactly 0 or 1 and σ′ is 0.")
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    a = sigmoid(z)
    got = as_result(call_learner(fn, a.copy(), names=("a",), label="a = σ(z)"), a.shape, "a = σ(z)")
    message = "Your function is given a = σ(z), not z. " + problem
    if np.allclose(got, sigmoid.derivative(a), rtol=_RTOL, atol=_ATOL):
        message += " It looks like you applied σ again: the argument is already a = σ(z)."
    elif np.allclose(got, 1.0 - a * a, rtol=_RTOL, atol=_ATOL):
        message += " 1 − a² is the derivative of tanh written with tanh's output; the sigmoid's differs."
    elif np.allclose(got, -sigmoid.derivative(z), rtol=_RTOL, atol=_ATOL):
        message += " The sign is flipped: σ′ is never negative."
    return hint(message)


# ---- softmax with temperature ----------------------------------------------------------------
_OVERFLOW = (" exp of a large score overflows to inf (or of a very negative one underflows to 0) in "
             "float64. Subtract the LARGEST score first: softmax(z − c) = softmax(z) for any c, and "
             "with c = max(z) every exponent is ≤ 0, so exp never overflows and the largest term is 1. "
             "Shifting by the smallest score, the mean or the first score is not enough.")


def _softmax_cases(seed: int = 0) -> list[tuple[np.ndarray, float, str]]:
    """Ordinary scores, temperatures, wide spreads of both signs, and seeded random wide vectors."""
    cases = [([2.0, 1.0, 0.1], 1.0, ""), ([2.0, 1.0, 0.1], 0.5, " Divide the scores by T before exp."),
             ([2.0, 1.0, 0.1], 5.0, " Divide the scores by T before exp."), ([3.0], 1.0, "")]
    wide = [[1000.0, 0.0], [-1000.0, 0.0], [0.0, 1000.0], [500.0, -500.0], [1000.0, -1000.0],
            [-1000.0, -1000.0], [1000.0, 999.0, 998.0], [-800.0, 700.0, 0.0], [0.0, -1e4],
            [3000.0, 0.0, -3000.0]]
    cases += [(c, 1.0, _OVERFLOW) for c in wide]
    cases += [([10.0, 0.0, -10.0], 0.01, _OVERFLOW)]
    rng = np.random.default_rng(seed)
    cases += [(list(rng.uniform(-1e3, 1e3, size=int(rng.integers(2, 7)))), 1.0, _OVERFLOW) for _ in range(12)]
    return [(np.array(scores, dtype=float), T, advice) for scores, T, advice in cases]


@checker(code=True)
def check_softmax(fn: Callable) -> Feedback:
    """Check fn(scores, T) = softmax(scores / T) for a 1-D array of scores, stable for wide spreads."""
    fn = as_function(fn)
    cases = _softmax_cases()
    expected = [get_activation("softmax", temperature=T)(s) for s, T, _ in cases]  # references first
    for (s, T, advice), want in zip(cases, expected):
        label = f"scores = {numbers(s, 6)}, T = {number(T)}"
        result = call_learner(fn, s, T, names=("scores", "T"), label=label,
                              expects="It should take (scores, T): a 1-D array of scores and a temperature.")
        got = as_result(result, want.shape, label)
        if not np.all(np.isfinite(got)):
            return hint(f"For {label} your function gives {numbers(got, 6)}: not finite.{advice}")
        if not np.allclose(got, want, rtol=_RTOL, atol=_ATOL):
            return hint(f"For {label} your function gives {numbers(np.round(got, 6), 6)} but softmax gives "
                        f"{numbers(np.round(want, 6), 6)}.{advice}")
    return correct("Right for every case, including T ≠ 1 and scores spread over ±1000 and more, of "
                   "both signs (subtracting the largest score keeps exp from overflowing).")


# ---- two linear layers collapse into one -----------------------------------------------------
def collapse_layers() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two linear layers (no activation): h = x @ W1 + b1 (2 → 3), y = h @ W2 + b2 (3 → 2).

    Returns fresh copies of (W1, b1, W2, b2), small integers so it can be done by hand.
    """
    W1 = np.array([[1.0, -2.0, 0.0],
                   [3.0, 1.0, -1.0]])
    b1 = np.array([0.5, -1.0, 2.0])
    W2 = np.array([[2.0, 0.0],
                   [-1.0, 1.0],
                   [0.0, 3.0]])
    b2 = np.array([1.0, -0.5])
    return W1, b1, W2, b2


@checker(fields={"W": [0.0, 0.0, 0.0, 0.0], "b": [0.0, 0.0]})
def check_collapse(W, b) -> Feedback:
    """Check that x @ W + b equals the two layers of collapse_layers() for every input x."""
    W1, b1, W2, b2 = collapse_layers()
    W = as_array(W, "W", example="[[1, 0], [0, 1]]")
    b = as_array(b, "b", example="[0, 0]")
    if W.shape == (4,):  # four number fields in the classroom: row by row
        W = W.reshape(2, 2)
    if W.shape != (2, 2):
        extra = ""
        if W.shape == (3, 3):
            extra = " W2 @ W1 has that shape: the input meets W1 first, so the product is W1 @ W2."
        return hint(f"W has shape {W.shape}, but one layer from 2 inputs to 2 outputs needs shape (2, 2)."
                    + extra)
    if b.shape != (2,):
        return hint(f"b has shape {b.shape}, but 2 outputs need a bias of shape (2,).")
    for x in ([0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, -1.0]):
        x = np.array(x)
        two_layers = (x @ W1 + b1) @ W2 + b2
        one_layer = x @ W + b
        if not np.allclose(one_layer, two_layers, rtol=1e-9, atol=1e-9):
            extra = ""
            if not x.any():
                extra = (" At x = (0, 0) only the biases act: b1 passes through the second layer "
                         "too, so it is multiplied by W2.")
            return hint(f"For input x = ({numbers(x[0], 6)}, {numbers(x[1], 6)}) your single layer gives "
                        f"{numbers(one_layer, 6)} but the two layers give {numbers(two_layers, 6)}.{extra}")
    return correct("W = W1 @ W2 and b = b1 @ W2 + b2: one linear layer does exactly what the two did. "
                   "Stacking linear layers adds no power; a non-linear activation between them does.")
