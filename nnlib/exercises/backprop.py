"""Exercises for notebook 06: backpropagation through a 2-H-2 network, by hand.

The network: Z₁ = X W₁ + b₁, A₁ = f(Z₁) (tanh unless said otherwise), Z₂ = A₁ W₂ + b₂,
P = softmax(Z₂), mean cross-entropy loss L over n examples with one-hot targets Y.
Each check owns its problem: the learner passes only the answer (or, in exercise 3, the function).
"""

from __future__ import annotations

import numpy as np

from ..gradcheck import relative_error
from ..mlp import MLP
from . import (Feedback, Malformed, as_array, as_function, call_learner, checker, correct,
               example_name, hint, number)

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

_ROWS = "one row per example, one column per unit"
_CLASS_COLUMNS = ("the class-0 entry", "the class-1 entry")  # columns of δ²: the classes 0 and 1
_UNIT_COLUMNS = ("the h₁ entry", "the h₂ entry")              # columns of δ¹: the hidden units
_CLOSE = dict(rtol=1e-6, atol=1e-6)


def output_example() -> tuple[np.ndarray, np.ndarray]:
    """Exercise 1's numbers: softmax outputs P (3, 2) and one-hot targets Y (3, 2)."""
    return _P.copy(), _Y.copy()


def hidden_example() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exercise 2's numbers: δ² (3, 2), W₂ (2, 2) and the tanh outputs A₁ (3, 2)."""
    return _DELTA2.copy(), _W2.copy(), _A1.copy()


def _matrix(value, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """value as a float array of `shape` (six classroom fields, row by row, too), or Malformed."""
    arr = as_array(value, name, example=f"np.zeros({shape})", limit=1e100)
    if arr.shape == (int(np.prod(shape)),):
        arr = arr.reshape(shape)
    if arr.shape != shape:
        extra = f" Did you mean {name}.T?" if arr.ndim == 2 and arr.T.shape == shape else ""
        raise Malformed(f"{name} must have shape {shape} ({_ROWS}); got shape {arr.shape}.{extra}")
    return arr


def _wrong_rows(got: np.ndarray, want: np.ndarray, columns: tuple[str, ...]) -> str:
    """Every wrong row, numbered from 1 ("example 1" is the first row), and which way each entry is off.

    `columns` name the columns by what they hold (a class, a hidden unit), not by position.
    """
    rows = [i for i in range(got.shape[0]) if not np.allclose(got[i], want[i], **_CLOSE)]
    parts = []
    for i in rows:
        cols = [f"{columns[j]} is too {'high' if got[i, j] > want[i, j] else 'low'}"
                for j in range(got.shape[1]) if not np.isclose(got[i, j], want[i, j], **_CLOSE)]
        parts.append(f"{example_name(i)} (you have [{', '.join(number(v) for v in got[i])}]): {', '.join(cols)}")
    verb = "is" if len(rows) == 1 else "are"
    return f"{len(rows)} of {got.shape[0]} rows {verb} off: " + "; ".join(parts) + "."


@checker(fields={"delta2": [0.0] * 6})
def check_output_delta(delta2) -> Feedback:
    """Exercise 1: δ² = ∂L/∂Z₂ for softmax + mean cross-entropy, from output_example()."""
    n = _P.shape[0]
    expected = (_P - _Y) / n  # the reference first
    delta = _matrix(delta2, "delta2", _P.shape)
    if np.allclose(delta, expected, **_CLOSE):
        return correct(f"δ² = (P − Y)/n with n = {n}. Softmax and cross-entropy together give this simple "
                       "error: predicted probability minus target, averaged over the examples.")
    if np.allclose(delta, _P - _Y, **_CLOSE):
        return hint(f"Right direction, but the loss is the MEAN over n = {n} examples: divide by n.")
    if np.allclose(delta, -expected, **_CLOSE) or np.allclose(delta, _Y - _P, **_CLOSE):
        return hint("The sign is flipped: it is P − Y (prediction minus target), not Y − P.")
    if np.allclose(delta, np.round(expected, 2), atol=1e-9) or np.allclose(delta, expected, atol=5e-3):
        return hint("Close, but rounded: keep the fractions (e.g. 0.8/3) exact and round only when you "
                    "print. " + _wrong_rows(delta, expected, _CLASS_COLUMNS))
    return hint(_wrong_rows(delta, expected, _CLASS_COLUMNS) + " Build each row from the same row of P and Y: "
                "prediction minus target, divided by n.")


@checker(fields={"delta1": [0.0] * 6})
def check_hidden_delta(delta1) -> Feedback:
    """Exercise 2: δ¹ = (δ² W₂ᵀ) ⊙ (1 − A₁²) for a tanh hidden layer, from hidden_example()."""
    back = _DELTA2 @ _W2.T
    expected = back * (1.0 - _A1 ** 2)  # the reference first
    delta1 = _matrix(delta1, "delta1", _A1.shape)
    if np.allclose(delta1, expected, **_CLOSE):
        return correct("δ¹ = (δ² W₂ᵀ) ⊙ (1 − A₁²): the error flows back through the weights, then through "
                       "the slope of tanh at each hidden unit.")
    if np.allclose(delta1, back, **_CLOSE):
        return hint("You sent the error back through W₂ but not through the activation: multiply "
                    "element-wise by tanh′ = 1 − A₁².")
    if np.allclose(delta1, _DELTA2 @ _W2 * (1.0 - _A1 ** 2), **_CLOSE):
        return hint("Use the transpose W₂ᵀ: row h of W₂ holds the weights leaving hidden unit h.")
    if np.allclose(delta1, back * _A1 * (1.0 - _A1), **_CLOSE):
        return hint("A₁(1 − A₁) is the sigmoid's slope; the hidden layer here is tanh, "
                    "whose slope is 1 − A₁².")
    if any(np.allclose(delta1, back * slope, **_CLOSE) for slope in (1.0 - _A1, (1.0 - _A1) ** 2)):
        return hint("tanh′(z) = 1 − tanh(z)², i.e. 1 − A₁² (square A₁ first, then subtract from 1).")
    if np.allclose(delta1, expected, atol=5e-3):
        return hint("Close, but rounded: keep every digit while you work and round only when you print. "
                    + _wrong_rows(delta1, expected, _UNIT_COLUMNS))
    return hint(_wrong_rows(delta1, expected, _UNIT_COLUMNS) + " Compute δ² W₂ᵀ first, then multiply element-wise by 1 − A₁².")


_GRAD_NAMES = ("dW1", "db1", "dW2", "db2")
_INPUT_NAMES = ("X", "Y", "W1", "b1", "W2", "b2")
_SHAPES = {"dW1": "the shape of W1", "dW2": "the shape of W2",
           "db1": "the shape of b1: sum δ¹ over axis 0, without keepdims",
           "db2": "the shape of b2: sum δ² over axis 0, without keepdims"}
_SLOPE_HINT = {"tanh": "tanh′ = 1 − A₁²", "sigmoid": "σ′ = A₁(1 − A₁)"}
# (hidden units H, examples n, seed): two ordinary cases and a single example.
_CASES = ((3, 5, 1), (5, 7, 2), (2, 1, 3))
TIME_LIMIT = 10.0  # seconds per case; the right answer takes well under a millisecond


def _random_problem(activation: str, hidden: int, n: int, seed: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = np.arange(n) % 2  # both classes present when n > 1
    rng.shuffle(y)
    net = MLP(hidden_layer_sizes=(hidden,), activation=activation, random_state=seed).initialize(2, 2)
    net.intercepts_ = [rng.normal(0, 0.5, hidden), rng.normal(0, 0.5, 2)]
    return net, X, y


def _gradient_arrays(result, expected, where: str) -> list[np.ndarray]:
    """The learner's four gradients as arrays of the parameters' shapes, or Malformed."""
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        raise Malformed(f"Return four arrays, dW1, db1, dW2, db2 (in that order); got {type(result).__name__}"
                        f"{f' of length {len(result)}' if isinstance(result, (tuple, list)) else ''} {where}.")
    arrays = []
    for name, got, want in zip(_GRAD_NAMES, result, expected):
        arr = as_array(got, name, example=f"an array of shape {want.shape}")
        if arr.shape != want.shape:
            raise Malformed(f"{name} should have shape {want.shape} ({_SHAPES[name]}); got shape "
                            f"{arr.shape} {where}.")
        arrays.append(arr)
    return arrays


@checker(code=True)
def check_backprop(backprop) -> Feedback:
    """Exercise 3: backprop(X, Y, W1, b1, W2, b2) → (dW1, db1, dW2, db2), sigmoid hidden layer.

    Compared with nnlib's `MLP.gradients` on seeded random 2-H-2 problems (H = 3, 5 and 2, the
    last with a single example); the check owns the problem, including the sigmoid activation.
    """
    return _check_backprop(backprop, "sigmoid")


def _check_backprop(backprop, activation: str) -> Feedback:
    """check_backprop for either hidden activation (the tests check tanh with it too)."""
    backprop = as_function(backprop, "your backprop function")
    for hidden, n, seed in _CASES:
        net, X, y = _random_problem(activation, hidden, n, seed)
        Y = np.eye(2)[y]
        # every reference first, from nnlib's own arrays; call_learner hands out copies
        dW, db = net.gradients(X, y)
        expected = (dW[0].copy(), db[0].copy(), dW[1].copy(), db[1].copy())
        W1, W2 = net.coefs_
        b1, b2 = net.intercepts_
        where = (f"(H = {hidden} hidden unit{'s' if hidden > 1 else ''}, n = {n} example{'s' if n > 1 else ''}: "
                 f"X {X.shape}, W1 {W1.shape}, W2 {W2.shape})")
        result = call_learner(backprop, X, Y, W1, b1, W2, b2, names=_INPUT_NAMES, label=where[1:-1],
                              time_limit=TIME_LIMIT,
                              too_long="Backpropagation needs no loop here: a few matrix products.")
        got = _gradient_arrays(result, expected, where)
        wrong = [name for name, g, w in zip(_GRAD_NAMES, got, expected) if relative_error(g, w) > 1e-6]
        if not wrong:
            continue
        if wrong == ["db1"] or wrong == ["db2"]:
            advice = f"{wrong[0]} is the sum of that layer's δ over the examples (axis=0)."
        elif set(wrong) <= {"dW1", "db1"}:
            advice = (f"The output layer is right, so look at δ¹ = (δ² W₂ᵀ) ⊙ f′: f′ must be the slope "
                      f"of the {activation}, written with A₁ (notebook 02).")
        else:
            advice = "Start at the output: δ² = (P − Y)/n, dW2 = A₁ᵀ δ², db2 = column sums of δ²."
        right = [name for name in _GRAD_NAMES if name not in wrong]
        verdict = f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} off {where}"
        if right:
            verdict += f"; {', '.join(right)} {'is' if len(right) == 1 else 'are'} right"
        return hint(f"{verdict}. {advice}")
    return correct(f"All four gradients match nnlib's backpropagation for a {activation} hidden layer "
                   "(H = 3, 5 and 2, also for a single example). The activation enters only through its "
                   f"slope f′ in δ¹: {_SLOPE_HINT[activation]}.")
