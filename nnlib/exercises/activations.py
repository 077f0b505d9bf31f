"""Exercises for notebook 02, activation functions.

Each check calls the learner's function on chosen inputs (large |z| included), compares
with nnlib, and names the first input where the two disagree.
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from ..activations import get_activation
from . import Feedback, correct, hint

_RTOL, _ATOL = 1e-6, 1e-9
_RAISED = "Your function raised "


def _fmt(value) -> str:
    """A number, or a short vector, for a hint."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        v = float(arr)
        return repr(v) if not np.isfinite(v) else f"{v:.6g}"
    return "[" + ", ".join(_fmt(v) for v in arr.ravel()) + "]"


_ELEMENTWISE = "It should accept a NumPy array and work element-wise."


def _run(fn: Callable, args: tuple, label: str,
         expects: str = _ELEMENTWISE) -> tuple[np.ndarray | None, Feedback | None]:
    """Call the learner's fn(*args); return (result as floats, None) or (None, a hint).

    A hint whose function raised is marked by _RAISED in its message's start, so callers can
    retry in another way.
    """
    if not callable(fn):
        return None, hint(f"Pass the function itself, e.g. check(my_function), not its result; "
                          f"got {type(fn).__name__}.")
    try:
        # Overflow in exp etc. is part of what some checks look for: report it, don't warn.
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = fn(*args)
    except Exception as exc:  # the learner's code: any error becomes a hint
        return None, hint(f"{_RAISED}{type(exc).__name__}: {exc} (called with {label}). "
                          + expects)
    if result is None:
        return None, hint(f"Your function returned None for {label}: did you forget `return`?")
    try:
        out = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return None, hint(f"Your function returned {type(result).__name__} for {label}; "
                          "it should return numbers (a NumPy array).")
    return out, None


def _elementwise(fn: Callable, z: np.ndarray, name: str) -> tuple[np.ndarray | None, Feedback | None]:
    """fn applied to the array z; falls back to one number at a time (math.exp works too)."""
    out, problem = _run(fn, (z.copy(),), f"the array z = {_fmt(z)}")
    if problem is not None and problem.message.startswith(_RAISED):
        values = []
        for zi in z:
            vi, p = _run(fn, (float(zi),), f"{name} = {_fmt(zi)}")
            if p is not None:
                return None, p
            if vi.size != 1:
                return None, hint(f"For {name} = {_fmt(zi)} your function returned {vi.size} numbers; "
                                  "one number in, one number out.")
            values.append(float(vi.ravel()[0]))
        return np.array(values), None
    if problem is not None:
        return None, problem
    if out.shape != z.shape:
        return None, hint(f"For an input of shape {z.shape} your function returned shape {out.shape}; "
                          "an activation works element-wise, so the shapes must match.")
    return out, None


def _first_mismatch(got: np.ndarray, expected: np.ndarray) -> int | None:
    bad = ~np.isclose(got, expected, rtol=_RTOL, atol=_ATOL) | ~np.isfinite(got)
    return int(np.argmax(bad)) if bad.any() else None


# ---- ReLU ------------------------------------------------------------------------------------
def check_relu(fn: Callable) -> Feedback:
    """Check a ReLU: fn(z) = max(0, z) element-wise, large |z| included."""
    z = np.array([2.0, 0.5, 1e-3, 1000.0, -1e-3, -0.5, -3.0, -1000.0, 0.0])
    got, problem = _elementwise(fn, z, "z")
    if problem is not None:
        return problem
    expected = get_activation("relu")(z)
    i = _first_mismatch(got, expected)
    if i is not None:
        rule = "z > 0 passes through unchanged" if z[i] > 0 else "z ≤ 0 gives 0"
        return hint(f"At z = {_fmt(z[i])} your function gives {_fmt(got[i])} but ReLU({_fmt(z[i])}) = "
                    f"{_fmt(expected[i])} ({rule}).")
    return correct("ReLU(z) = max(0, z) on every test input, including z = ±1000 and z = 0.")


# ---- clipped leaky ReLU ----------------------------------------------------------------------
def check_clipped_leaky_relu(fn: Callable) -> Feedback:
    """Check the clipped leaky ReLU with α = 0.01: αz below 0, z on [0, 1], 1 + α(z − 1) above 1."""
    alpha = 0.01
    # Middle piece first, then the left leak, then the right leak: hints follow that order.
    z = np.array([0.5, 0.25, 0.0, 1.0, -2.0, -0.5, -1000.0, 1.5, 3.0, 1000.0])
    got, problem = _elementwise(fn, z, "z")
    if problem is not None:
        return problem
    expected = get_activation("clipped_leaky_relu", alpha=alpha)(z)
    i = _first_mismatch(got, expected)
    if i is not None:
        zi = z[i]
        if zi < 0:
            rule = f"for z < 0, f(z) = αz = 0.01 · ({_fmt(zi)})"
        elif zi <= 1:
            rule = "for 0 ≤ z ≤ 1, f(z) = z"
        else:
            rule = f"for z > 1, f(z) = 1 + α(z − 1) = 1 + 0.01 · ({_fmt(zi)} − 1)"
        return hint(f"At z = {_fmt(zi)} your function gives {_fmt(got[i])} but the clipped leaky ReLU "
                    f"gives {_fmt(expected[i])} ({rule}).")
    return correct("All three pieces are right: αz below 0, z on [0, 1], 1 + α(z − 1) above 1, "
                   "and the pieces meet at z = 0 and z = 1.")


# ---- sigmoid derivative from the output ------------------------------------------------------
def check_sigmoid_derivative(fn: Callable) -> Feedback:
    """Check fn(a) = σ′(z) computed from the output a = σ(z) alone (no exp needed)."""
    z = np.array([0.0, 2.0, -2.0, 0.5, -0.5, 10.0, -10.0, 50.0, -50.0, 800.0, -800.0])
    sigmoid = get_activation("sigmoid")
    a = sigmoid(z)
    got, problem = _elementwise(fn, a, "a")
    if problem is not None:
        return problem
    expected = sigmoid.derivative(z)
    i = _first_mismatch(got, expected)
    if i is None:
        return correct("σ′(z) = a(1 − a) from the output alone: right for every z tested, "
                       "including z = ±800 where a is exactly 0 or 1 and σ′ is 0.")
    message = (f"For z = {_fmt(z[i])} the neuron's output is a = σ(z) = {a[i]:.6g}; your function gives "
               f"{_fmt(got[i])} but σ′(z) = {expected[i]:.6g}.")
    if np.allclose(got, sigmoid.derivative(a), rtol=_RTOL, atol=_ATOL):
        message += " It looks like you applied σ again: the argument is already a = σ(z)."
    elif np.allclose(got, 1.0 - a * a, rtol=_RTOL, atol=_ATOL):
        message += " 1 − a² is the derivative of tanh written with tanh's output; the sigmoid's differs."
    elif np.allclose(got, -expected, rtol=_RTOL, atol=_ATOL):
        message += " The sign is flipped: σ′ is never negative."
    return hint(message)


# ---- softmax with temperature ----------------------------------------------------------------
_SOFTMAX_CASES = (
    ([2.0, 1.0, 0.1], 1.0, ""),
    ([2.0, 1.0, 0.1], 0.5, " Divide the scores by T before taking exp."),
    ([2.0, 1.0, 0.1], 5.0, " Divide the scores by T before taking exp."),
    ([3.0], 1.0, ""),
    ([1000.0, 999.0, 998.0], 1.0,
     " exp(1000) overflows to inf in float64. Subtract the largest score first: "
     "softmax(z − c) = softmax(z) for any number c."),
    ([-1000.0, -1000.0], 1.0,
     " exp(−1000) underflows to 0, so you divide 0 by 0. Subtract the largest score first."),
)


def check_softmax(fn: Callable) -> Feedback:
    """Check fn(scores, T) = softmax(scores / T) for a 1-D array of scores, stable for large scores."""
    for scores, T, advice in _SOFTMAX_CASES:
        s = np.array(scores)
        label = f"scores = {_fmt(s)}, T = {T:g}"
        got, problem = _run(fn, (s.copy(), T), label,
                            expects="It should take (scores, T): a 1-D array of scores and a temperature.")
        if problem is not None:
            return problem
        expected = get_activation("softmax", temperature=T)(s)
        if got.shape != expected.shape:
            return hint(f"For {label} your function returned shape {got.shape}; softmax of "
                        f"{s.size} scores has {s.size} probabilities, shape {expected.shape}.")
        if _first_mismatch(got, expected) is not None:
            return hint(f"For {label} your function gives {_fmt(np.round(got, 6))} but softmax gives "
                        f"{_fmt(np.round(expected, 6))}.{advice}")
    return correct("Right for every case, including T ≠ 1 and scores of ±1000 "
                   "(subtracting the largest score keeps exp from overflowing).")


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


def _as_numbers(value, name: str) -> tuple[np.ndarray | None, Feedback | None]:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None, hint(f"{name} must be an array of numbers; got {type(value).__name__}.")
    if not np.all(np.isfinite(arr)):
        return None, hint(f"{name} contains NaN or infinite values.")
    return arr, None


def check_collapse(W, b) -> Feedback:
    """Check that x @ W + b equals the two layers of collapse_layers() for every input x."""
    W1, b1, W2, b2 = collapse_layers()
    W, problem = _as_numbers(W, "W")
    if problem is not None:
        return problem
    b, problem = _as_numbers(b, "b")
    if problem is not None:
        return problem
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
            return hint(f"For input x = ({_fmt(x[0])}, {_fmt(x[1])}) your single layer gives "
                        f"{_fmt(one_layer)} but the two layers give {_fmt(two_layers)}.{extra}")
    return correct("W = W1 @ W2 and b = b1 @ W2 + b2: one linear layer does exactly what the two did. "
                   "Stacking linear layers adds no power; a non-linear activation between them does.")
