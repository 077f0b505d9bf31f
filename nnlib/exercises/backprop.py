"""Exercises for notebook 06: backpropagation through a 2-H-2 network, by hand.

The network: Z₁ = X W₁ + b₁, A₁ = f(Z₁) (tanh unless said otherwise), Z₂ = A₁ W₂ + b₂,
P = softmax(Z₂), mean cross-entropy loss L over n examples with one-hot targets Y.
"""

from __future__ import annotations

import numpy as np

from ..gradcheck import relative_error
from ..mlp import MLP
from . import Feedback, correct, hint, number

# Exercise 1: softmax outputs P and one-hot targets Y of n = 3 examples.
_P = np.array([[0.7, 0.3],
               [0.2, 0.8],
               [0.6, 0.4]])
_Y = np.array([[1.0, 0.0],
               [1.0, 0.0],
               [0.0, 1.0]])

# Exercise 2: the output error δ² (n = 3, 2 outputs), W₂ (H = 2 hidden units) and A₁ = tanh(Z₁).
_DELTA2 = np.array([[-0.1, 0.1],
                    [0.2, -0.2],
                    [0.1, -0.1]])
_W2 = np.array([[1.0, -1.0],
                [0.5, 2.0]])
_A1 = np.array([[0.5, -0.2],
                [0.0, 0.9],
                [-0.6, 0.3]])


_ROWS = " (one row per example, one column per unit)"


def output_example() -> tuple[np.ndarray, np.ndarray]:
    """Exercise 1's numbers: softmax outputs P (3, 2) and one-hot targets Y (3, 2)."""
    return _P.copy(), _Y.copy()


def hidden_example() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exercise 2's numbers: δ² (3, 2), W₂ (2, 2) and the tanh outputs A₁ (3, 2)."""
    return _DELTA2.copy(), _W2.copy(), _A1.copy()


def _is_complex(value) -> bool:
    """True for complex numbers or arrays of them (ragged input counts as not complex)."""
    try:
        return bool(np.iscomplexobj(value))
    except (TypeError, ValueError):
        return False


def _as_array(value, name: str, shape: tuple[int, ...],
              meaning: str = "") -> tuple[np.ndarray | None, Feedback | None]:
    """value as a float array of the given shape, or a hint saying what is wrong with it."""
    if value is None or isinstance(value, (str, bytes)) or _is_complex(value):
        return None, hint(f"{name} should be a numpy array of real numbers; got {type(value).__name__}.")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None, hint(f"{name} should be a numpy array of numbers; got {type(value).__name__}.")
    if array.shape != shape:
        return None, hint(f"{name} should have shape {shape}{meaning}; got shape {array.shape}.")
    if not np.all(np.isfinite(array)):
        return None, hint(f"{name} contains NaN or infinite values.")
    return array, None


def _wrong_rows(got: np.ndarray, want: np.ndarray) -> str:
    """Every wrong row, numbered from 1 ("example 1" is the first row), with its values."""
    rows = [i for i in range(got.shape[0]) if not np.allclose(got[i], want[i], atol=1e-6)]
    parts = [f"example {i + 1} (row {i + 1}): you have [{', '.join(number(v) for v in got[i])}]" for i in rows]
    return f"{len(rows)} of {got.shape[0]} rows are off: " + "; ".join(parts) + "."


def check_output_delta(delta) -> Feedback:
    """Exercise 1: δ² = ∂L/∂Z₂ for softmax + mean cross-entropy, from output_example()."""
    delta, problem = _as_array(delta, "delta2", _P.shape, _ROWS)
    if problem is not None:
        return problem
    n = _P.shape[0]
    expected = (_P - _Y) / n
    if np.allclose(delta, expected, atol=1e-6):
        return correct(f"δ² = (P − Y)/n with n = {n}. Softmax and cross-entropy together give this simple "
                       "error: predicted probability minus target, averaged over the examples.")
    if np.allclose(delta, _P - _Y, atol=1e-6):
        return hint(f"right direction, but the loss is the MEAN over n = {n} examples: divide by n.")
    if np.allclose(delta, -expected, atol=1e-6) or np.allclose(delta, _Y - _P, atol=1e-6):
        return hint("the sign is flipped: it is P − Y (prediction minus target), not Y − P.")
    return hint(_wrong_rows(delta, expected) + f" Build each row from the same row of P and Y: "
                "prediction minus target, divided by n.")


def check_hidden_delta(delta1) -> Feedback:
    """Exercise 2: δ¹ = (δ² W₂ᵀ) ⊙ (1 − A₁²) for a tanh hidden layer, from hidden_example()."""
    delta1, problem = _as_array(delta1, "delta1", _A1.shape, _ROWS)
    if problem is not None:
        return problem
    back = _DELTA2 @ _W2.T
    expected = back * (1.0 - _A1 ** 2)
    if np.allclose(delta1, expected, atol=1e-6):
        return correct("δ¹ = (δ² W₂ᵀ) ⊙ (1 − A₁²): the error flows back through the weights, then through "
                       "the slope of tanh at each hidden unit.")
    if np.allclose(delta1, back, atol=1e-6):
        return hint("you sent the error back through W₂ but not through the activation: multiply "
                    "element-wise by tanh′ = 1 − A₁².")
    if np.allclose(delta1, _DELTA2 @ _W2 * (1.0 - _A1 ** 2), atol=1e-6):
        return hint("use the transpose W₂ᵀ: row h of W₂ holds the weights leaving hidden unit h.")
    if np.allclose(delta1, back * _A1 * (1.0 - _A1), atol=1e-6):
        return hint("A₁(1 − A₁) is the sigmoid's slope; the hidden layer here is tanh, "
                    "whose slope is 1 − A₁².")
    if any(np.allclose(delta1, back * slope, atol=1e-6) for slope in (1.0 - _A1, (1.0 - _A1) ** 2)):
        return hint("tanh′(z) = 1 − tanh(z)², i.e. 1 − A₁² (square A₁ first, then subtract from 1).")
    return hint(_wrong_rows(delta1, expected) + " Compute δ² W₂ᵀ first, then multiply element-wise by 1 − A₁².")


_GRAD_NAMES = ("dW1", "db1", "dW2", "db2")
_SHAPES = {"dW1": ", the shape of W1", "dW2": ", the shape of W2",
           "db1": ", the shape of b1 (sum δ¹ over axis 0, without keepdims)",
           "db2": ", the shape of b2 (sum δ² over axis 0, without keepdims)"}
_SLOPE_HINT = {"tanh": "tanh′ = 1 − A₁²", "sigmoid": "σ′ = A₁(1 − A₁)"}


def _random_problem(activation: str, hidden: int, n: int, seed: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = np.arange(n) % 2  # both classes present
    rng.shuffle(y)
    net = MLP(hidden_layer_sizes=(hidden,), activation=activation, random_state=seed).initialize(2, 2)
    net.intercepts_ = [rng.normal(0, 0.5, hidden), rng.normal(0, 0.5, 2)]
    return net, X, y


def check_backprop(backprop, activation: str = "sigmoid") -> Feedback:
    """Exercise 3: backprop(X, Y, W1, b1, W2, b2) → (dW1, db1, dW2, db2) for a 2-H-2 network.

    Compared with `MLP.gradients` of nnlib on random data, for H = 3 and H = 5, with the
    given hidden activation ("sigmoid" or "tanh") and a softmax output.
    """
    if not callable(backprop):
        return hint("pass your function itself, e.g. check_backprop(backprop_sigmoid); "
                    f"got {type(backprop).__name__}.")
    if not isinstance(activation, str) or activation != "sigmoid":
        return hint("this exercise is about a sigmoid hidden layer, and check_backprop checks that "
                    f"problem; call check_backprop(backprop_sigmoid) without changing it (got activation={activation!r:.40}).")
    return _check_backprop(backprop, activation)


def _check_backprop(backprop, activation: str) -> Feedback:
    """check_backprop for either hidden activation (the tests check tanh with it too)."""
    for hidden, n, seed in ((3, 5, 1), (5, 7, 2), (2, 1, 3)):
        net, X, y = _random_problem(activation, hidden, n, seed)
        Y = np.eye(2)[y]
        # every reference first, from nnlib's own arrays; the learner gets copies
        dW, db = net.gradients(X, y)
        expected = (dW[0].copy(), db[0].copy(), dW[1].copy(), db[1].copy())
        given = {"X": X, "Y": Y, "W1": net.coefs_[0], "b1": net.intercepts_[0],
                 "W2": net.coefs_[1], "b2": net.intercepts_[1]}
        copies = {name: value.copy() for name, value in given.items()}
        W1, W2, b1, b2 = copies["W1"], copies["W2"], copies["b1"], copies["b2"]
        try:
            result = backprop(copies["X"], copies["Y"], W1, b1, W2, b2)
        except Exception as exc:  # the learner's code: report, don't crash
            return hint(f"your function raised {type(exc).__name__}: {exc} (with H = {hidden} hidden units, "
                        f"n = {n} examples: X {X.shape}, W1 {W1.shape}, W2 {W2.shape}).")
        changed = [name for name in given if not np.array_equal(copies[name], given[name])]
        if changed:
            return hint(f"your function changed its input{'s' if len(changed) > 1 else ''} {', '.join(changed)} "
                        f"(H = {hidden}, n = {n}); compute new arrays instead of writing into the inputs.")
        if not isinstance(result, (tuple, list)) or len(result) != 4:
            return hint("return four arrays: dW1, db1, dW2, db2 (in that order).")
        wrong = []
        for name, got, want in zip(_GRAD_NAMES, result, expected):
            got, problem = _as_array(got, name, want.shape, _SHAPES[name])
            if problem is not None:
                return problem
            if relative_error(got, want) > 1e-6:
                wrong.append(name)
        if wrong:
            if wrong == ["db1"] or wrong == ["db2"]:
                advice = f"{wrong[0]} is the sum of that layer's δ over the examples (axis=0)."
            elif set(wrong) <= {"dW1", "db1"}:
                advice = (f"The output layer is right, so look at δ¹ = (δ² W₂ᵀ) ⊙ f′: f′ must be the slope "
                          f"of the {activation}, written with A₁ (notebook 02).")
            else:
                advice = "Start at the output: δ² = (P − Y)/n, dW2 = A₁ᵀ δ², db2 = column sums of δ²."
            right = [name for name in _GRAD_NAMES if name not in wrong]
            verdict = f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} off (H = {hidden}, n = {n})"
            if right:
                verdict += f"; {', '.join(right)} {'is' if len(right) == 1 else 'are'} right"
            return hint(f"{verdict}. {advice}")
    return correct(f"all four gradients match nnlib's backpropagation for a {activation} hidden layer "
                   f"(H = 3, 5 and 2, also for a single example). The activation enters only through its slope f′ in δ¹: "
                   f"{_SLOPE_HINT[activation]}.")
