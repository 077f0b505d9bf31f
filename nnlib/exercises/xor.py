"""Exercises for notebook 05: a 2-2-1 network with hand-set weights computes XOR.

The network: hidden unit j computes hⱼ = f(w₁ⱼx₁ + w₂ⱼx₂ + bⱼ), so W1[i, j] is the weight from
input xᵢ to hidden unit hⱼ (rows = inputs, columns = hidden units, as in `MLP.coefs_[0]`); the
output unit computes z = v₁h₁ + v₂h₂ + c and answers ŷ = 1 when σ(z) > 0.5, that is z > 0.
nnlib's step function gives 1 for z ≥ 0.
"""

from __future__ import annotations

import numpy as np

from ..datasets import GATES, logic_gate
from ..mlp import MLP
from . import Feedback, correct, hint
from . import bracketed, number, point as _point

__all__ = ["check_xor_network", "check_xnor_network", "check_hidden_representation",
           "TEXTBOOK_SOLUTION", "gate_name"]

HIDDEN_ACTIVATIONS = ("step", "sigmoid", "tanh", "relu")

#: h₁ = OR, h₂ = NAND, ŷ = AND(h₁, h₂): W1, b1, v, c.
TEXTBOOK_SOLUTION = (np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-0.5, 1.5]), np.array([1.0, 1.0]), -1.5)

# The 16 functions of two bits, by their outputs on (0,0), (0,1), (1,0), (1,1).
_GATE_NAMES = {
    **{outputs: name for name, outputs in GATES.items()},
    (1, 0, 0, 1): "XNOR", (0, 0, 1, 1): "x₁", (0, 1, 0, 1): "x₂", (1, 1, 0, 0): "NOT x₁",
    (1, 0, 1, 0): "NOT x₂", (0, 0, 0, 0): "always 0", (1, 1, 1, 1): "always 1",
    (0, 0, 1, 0): "x₁ AND NOT x₂", (0, 1, 0, 0): "x₂ AND NOT x₁",
    (1, 0, 1, 1): "x₁ OR NOT x₂", (1, 1, 0, 1): "x₂ OR NOT x₁",
}


def gate_name(outputs) -> str:
    """The name of the logic function with these outputs on (0,0), (0,1), (1,0), (1,1)."""
    return _GATE_NAMES[tuple(int(o) for o in outputs)]


# ---- formatting -------------------------------------------------------------------------------
def _num(value: float) -> str:
    """Three significant digits: network weights in a hint stay short."""
    return number(value, 3)


def _par(value: float) -> str:
    return bracketed(value, 3)


# ---- input checks (a hint, never a traceback) ----------------------------------------------------
def _is_complex(value) -> bool:
    """True for complex numbers or arrays of them (ragged input counts as not complex)."""
    try:
        return bool(np.iscomplexobj(value))
    except (TypeError, ValueError):
        return False


def _array(value, name: str, shapes: tuple[tuple[int, ...], ...], example: str):
    """value as a float array of one of `shapes` (the first is the one returned), or a hint."""
    if isinstance(value, (str, bytes)) or value is None or _is_complex(value):
        return None, hint(f"{name} must be numbers, e.g. {example}; got {value!r}."[:200])
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None, hint(f"{name} must be a rectangular array of numbers, e.g. {example}; "
                          f"got {value!r}."[:200])
    if arr.shape not in shapes:
        extra = ""
        if arr.ndim == 2 and arr.T.shape in shapes:
            extra = f" Did you mean {name}.T (rows and columns swapped)?"
        return None, hint(f"{name} must have shape {shapes[0]}, e.g. {example}; got shape {arr.shape}.{extra}")
    if not np.all(np.isfinite(arr)):
        return None, hint(f"{name} must hold finite numbers; got {value!r}."[:200])
    return arr.reshape(shapes[0]), None


def _read_network(W1, b1, v, c, activation):
    W1, problem = _array(W1, "W1", ((2, 2),), "W1 = [[1, -1], [1, -1]] (row i = input xᵢ, column j = unit hⱼ)")
    if problem is not None:
        return None, problem
    b1, problem = _array(b1, "b1", ((2,), (1, 2), (2, 1)), "b1 = [-0.5, 1.5]")
    if problem is not None:
        return None, problem
    v, problem = _array(v, "v", ((2,), (2, 1), (1, 2)), "v = [1, 1]")
    if problem is not None:
        return None, problem
    c, problem = _array(c, "c", ((), (1,), (1, 1)), "c = -1.5")
    if problem is not None:
        return None, problem
    if not isinstance(activation, str) or activation not in HIDDEN_ACTIVATIONS:
        return None, hint(f"activation must be one of {', '.join(HIDDEN_ACTIVATIONS)}; got {activation!r}.")
    return (W1, b1, v, float(c)), None


def _network(W1, b1, v, c, activation: str) -> MLP:
    net = MLP((2,), activation=activation, output="sigmoid").initialize(2, 2)
    net.coefs_ = [W1, v.reshape(2, 1)]
    net.intercepts_ = [b1, np.array([c])]
    return net


# ---- the network checks -------------------------------------------------------------------------
def _role(unit: str, outputs) -> str:
    name = gate_name(outputs)
    if name.startswith("always"):
        return f"{unit} is {name}"
    if name in ("x₁", "x₂"):
        return f"{unit} copies {name}"
    return f"{unit} computes {name}"


def _hidden_text(h: np.ndarray, activation: str) -> str:
    if activation == "step":
        return f"h₁ = {int(h[0])}, h₂ = {int(h[1])}"
    return f"h₁ = {_num(round(h[0], 3))}, h₂ = {_num(round(h[1], 3))}"


def _check_gate_network(gate: str, W1, b1, v, c, activation: str) -> Feedback:
    values, problem = _read_network(W1, b1, v, c, activation)
    if problem is not None:
        return problem
    W1, b1, v, c = values
    X, y = logic_gate("XOR")
    if gate == "XNOR":
        y = 1 - y
    zs, activations = _network(W1, b1, v, c, activation).forward(X)
    H, z = activations[1], zs[-1].ravel()
    hidden_gates = ""
    if activation == "step":
        hidden_gates = f" (With these weights {_role('h₁', H[:, 0])} and {_role('h₂', H[:, 1])}.)"
    on_line = [i for i in range(4) if z[i] == 0]
    if on_line:
        i = on_line[0]
        return hint(f"Input {_point(X[i])} gives {_hidden_text(H[i], activation)} and lands exactly on the "
                    f"output unit's line: z = {_par(v[0])}·h₁ + {_par(v[1])}·h₂ + {_par(c)} = 0. "
                    "Then σ(z) = 0.5, which is not > 0.5, so the network answers 0 — a knife edge. "
                    "Move c a little so that no input has z = 0." + hidden_gates)
    y_hat = (z > 0).astype(int)
    wrong = np.flatnonzero(y_hat != y)
    if wrong.size:
        i = wrong[0]
        return hint(f"Input {_point(X[i])}: {_hidden_text(H[i], activation)}, so z = {_par(v[0])}·h₁ + "
                    f"{_par(v[1])}·h₂ + {_par(c)} = {_num(round(z[i], 3))} and ŷ = {y_hat[i]}, but "
                    f"{gate}{_point(X[i])} = {y[i]}. {wrong.size} of 4 inputs "
                    f"{'is' if wrong.size == 1 else 'are'} wrong." + hidden_gates)
    margin = float(np.min(np.abs(z)))
    return correct(f"Your network computes {gate} on all four inputs with {activation} hidden units; the "
                   f"closest input is |z| = {_num(round(margin, 3))} away from the output unit's line."
                   + hidden_gates)


def check_xor_network(W1, b1, v, c, activation: str = "step") -> Feedback:
    """Does the 2-2-1 network (W1, b1 → hidden units f; v, c → output) compute XOR?

    W1[i, j] is the weight from input xᵢ to hidden unit hⱼ; b1 = (b₁, b₂); v = (v₁, v₂); c the
    output bias. The output says 1 when z = v₁h₁ + v₂h₂ + c > 0.
    """
    return _check_gate_network("XOR", W1, b1, v, c, activation)


def check_xnor_network(W1, b1, v, c, activation: str = "step") -> Feedback:
    """Does the 2-2-1 network compute XNOR (1 when both inputs are equal)? Same arguments as
    `check_xor_network`."""
    return _check_gate_network("XNOR", W1, b1, v, c, activation)


def check_hidden_representation(H) -> Feedback:
    """H: where the textbook network (h₁ = OR, h₂ = NAND, step units) puts the four inputs.

    One row per input, in the order (0,0), (0,1), (1,0), (1,1); columns h₁, h₂.
    """
    H, problem = _array(H, "H", ((4, 2),), "H = [[h₁, h₂], …] with 4 rows (one per input) and 2 columns")
    if problem is not None:
        return problem
    X, _ = logic_gate("XOR")
    W1, b1, _, _ = TEXTBOOK_SOLUTION
    Z = X @ W1 + b1
    expected = (Z >= 0).astype(float)
    for i, x in enumerate(X):
        for j, name in enumerate(("h₁", "h₂")):
            if H[i, j] != expected[i, j]:
                w, b = W1[:, j], b1[j]
                return hint(f"Row {i + 1} is the input {_point(x)}: {name} = step({_par(w[0])}·{int(x[0])} + "
                            f"{_par(w[1])}·{int(x[1])} + {_par(b)}) = step({_num(Z[i, j])}); you wrote "
                            f"{_num(H[i, j])}. (step(z) is 1 for z ≥ 0, else 0.)")
    return correct("Those are the four points in the hidden space: (0, 0) → (0, 1), (0, 1) and (1, 0) "
                   "→ (1, 1), (1, 1) → (1, 0). The two XOR = 1 inputs land on the same point, and one "
                   "line, h₁ + h₂ = 1.5, now separates the classes.")
