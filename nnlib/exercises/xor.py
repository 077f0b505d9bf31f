"""Exercises for notebook 05: a 2-2-1 network with hand-set weights computes XOR.

The network: hidden unit j computes hⱼ = f(w₁ⱼx₁ + w₂ⱼx₂ + bⱼ), so W1[i, j] is the weight from
input xᵢ to hidden unit hⱼ (rows = inputs, columns = hidden units, as in `MLP.coefs_[0]`); the
output unit computes z = v₁h₁ + v₂h₂ + c and answers ŷ = 1 when σ(z) > 0.5, that is z > 0.
Every "is z zero?" question goes through `nnlib.zero`: a hidden step unit says 1 at z = 0 (on
paper), and an input with z = 0 at the output sits on the knife edge σ(0) = 0.5, which is 0.

Each exercise's check owns its problem; the learner passes only the answer:

- `check_hidden_representation(H)`: where the textbook network puts the four inputs (Ex. 1);
- `check_xor_from_or_and(W1, b1, v, c)`: XOR as "OR but not AND", step units (Ex. 2);
- `check_xnor_network(v, c)`: XNOR from the textbook hidden layer (Ex. 3);
- `check_relu_repair(v, c)`: XOR from the textbook hidden layer with ReLU units (Ex. 4).

`check_xor_network(W1, b1, v, c, activation)` checks any 2-2-1 network, for exploring.
"""

from __future__ import annotations

import numpy as np

from ..activations import get_activation
from ..datasets import GATES, logic_gate
from ..zero import decide, is_zero, net_input
from . import (Feedback, Malformed, as_array, as_choice, as_number, checker, correct, example_name,
               hint)
from . import bracketed, number, point as _point

__all__ = ["check_xor_network", "check_xor_from_or_and", "check_xnor_network", "check_relu_repair",
           "check_hidden_representation", "TEXTBOOK_SOLUTION", "gate_name", "HIDDEN_ACTIVATIONS"]

HIDDEN_ACTIVATIONS = ("step", "sigmoid", "tanh", "relu")

#: h₁ = OR, h₂ = NAND, ŷ = AND(h₁, h₂): W1, b1, v, c.
TEXTBOOK_SOLUTION = (np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-0.5, 1.5]), np.array([1.0, 1.0]), -1.5)

# Answers far beyond this are typing slips; below it every sum stays far from overflow.
_LIMIT = 1e100

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


# ---- reading answers (Malformed -> a hint through `checker`) -------------------------------------
def _read_W1(W1) -> np.ndarray:
    W1 = as_array(W1, "W1", example="[[1, -1], [1, -1]] (row i = input xᵢ, column j = unit hⱼ)",
                  limit=_LIMIT)
    if W1.shape == (4,):  # four number fields in the classroom: row by row
        W1 = W1.reshape(2, 2)
    if W1.shape != (2, 2):
        raise Malformed(f"W1 must have shape (2, 2): row i holds the weights leaving input xᵢ, column j "
                        f"those arriving at hidden unit hⱼ; got shape {W1.shape}.")
    return W1


def _read_pair(value, name: str, example: str) -> np.ndarray:
    arr = as_array(value, name, example=example, limit=_LIMIT)
    if arr.size != 2 or arr.ndim > 2:
        raise Malformed(f"{name} must hold 2 numbers (one per hidden unit), e.g. {name} = {example}; "
                        f"got shape {arr.shape}.")
    return arr.reshape(2)


def _read_c(c) -> float:
    if isinstance(c, (list, tuple, np.ndarray)):
        c = as_array(c, "c", example="-1.5", limit=_LIMIT)  # [c] or array([c]) is one number
        if c.size != 1:
            raise Malformed(f"c must be a single real number, e.g. c = -1.5 (the output unit's bias); "
                            f"got {c.size} numbers.")
        c = c.reshape(())
    return as_number(c, "c", example="-1.5", limit=_LIMIT)


def _read_output(v, c) -> tuple[np.ndarray, float]:
    return _read_pair(v, "v", "[1, 1]"), _read_c(c)


# ---- the network ----------------------------------------------------------------------------------
def _hidden(W1: np.ndarray, b1: np.ndarray, activation: str) -> np.ndarray:
    """H (4, 2): the hidden values of the four inputs; z = 0 on paper counts as 0 (nnlib.zero)."""
    X, _ = logic_gate("XOR")
    if activation == "step":
        return np.column_stack([decide(X, W1[:, j], b1[j]) for j in range(2)]).astype(float)
    Z = np.column_stack([net_input(X, W1[:, j], b1[j])[0] for j in range(2)])
    sizes = np.column_stack([net_input(X, W1[:, j], b1[j])[1] for j in range(2)])
    Z = np.where(is_zero(Z, sizes), 0.0, Z)
    return get_activation(activation)(Z)


def _output(H: np.ndarray, v: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """z of the output unit for each input, and where it is 0 on paper (the knife edge)."""
    z, size = net_input(H, v, c)
    on_line = is_zero(z, size)
    return np.where(on_line, 0.0, z), on_line


def _role(unit: str, outputs) -> str:
    name = gate_name(outputs)
    if name.startswith("always"):
        return f"{unit} is {name}"
    if name in ("x₁", "x₂"):
        return f"{unit} copies {name}"
    return f"{unit} computes {name}"


def _hidden_text(h: np.ndarray, activation: str) -> str:
    if activation == "step":
        return f"h = ({int(h[0])}, {int(h[1])})"
    return f"h = ({number(h[0], 3)}, {number(h[1], 3)})"


def _check_gate_network(gate: str, W1, b1, v, c, activation: str, output_only: bool = False) -> Feedback:
    """Does the network compute `gate`? Every wrong input named; the knife edge z = 0 explained."""
    X, y = logic_gate("XOR")
    if gate == "XNOR":
        y = 1 - y
    H = _hidden(W1, b1, activation)
    z, on_line = _output(H, v, c)
    y_hat = ((z > 0) & ~on_line).astype(int)
    hidden_gates = ""
    if activation == "step" and not output_only:
        hidden_gates = f" (With these weights {_role('h₁', H[:, 0])} and {_role('h₂', H[:, 1])}.)"
    wrong = np.flatnonzero(y_hat != y)
    if wrong.size:
        lines = []
        for i in wrong:  # every wrong input, in the order of the truth table
            line = (f"input {_point(X[i])}: {_hidden_text(H[i], activation)}, z = {bracketed(v[0], 3)}·h₁ + "
                    f"{bracketed(v[1], 3)}·h₂ + {bracketed(c, 3)} = {number(z[i], 3)}")
            if on_line[i]:
                line += (f", exactly on the output unit's line: σ(0) = 0.5 is not > 0.5, so ŷ = 0 (a knife "
                         f"edge), but {gate}{_point(X[i])} = {y[i]}")
            else:
                line += f", so ŷ = {y_hat[i]}, but {gate}{_point(X[i])} = {y[i]}"
            lines.append(line)
        count = f"{wrong.size} of 4 inputs {'is' if wrong.size == 1 else 'are'} wrong"
        edge = " Move the line so that no input has z = 0." if on_line[wrong].any() else ""
        return hint(f"{count}: " + "; ".join(lines) + "." + edge + hidden_gates)
    margin = float(np.min(np.abs(z)))
    return correct(f"Your network computes {gate} on all four inputs with {activation} hidden units; the "
                   f"closest input is |z| = {number(margin, 3)} away from the output unit's line."
                   + hidden_gates)


# ---- the checks -----------------------------------------------------------------------------------
@checker(fields={"W1": [1.0, -1.0, 1.0, -1.0], "b1": [-0.5, 1.5], "v": [1.0, 1.0], "c": -1.5,
                 "activation": list(HIDDEN_ACTIVATIONS)})
def check_xor_network(W1, b1, v, c, activation: str = "step") -> Feedback:
    """Does any 2-2-1 network (W1, b1 → hidden units f; v, c → output) compute XOR? For exploring.

    W1[i, j] is the weight from input xᵢ to hidden unit hⱼ; b1 = (b₁, b₂); v = (v₁, v₂); c the
    output bias. The output says 1 when z = v₁h₁ + v₂h₂ + c > 0.
    """
    W1, b1 = _read_W1(W1), _read_pair(b1, "b1", "[-0.5, 1.5]")
    v, c = _read_output(v, c)
    activation = as_choice(activation, "activation", HIDDEN_ACTIVATIONS)
    return _check_gate_network("XOR", W1, b1, v, c, activation)


_OR, _AND = GATES["OR"], GATES["AND"]


@checker(fields={"W1": [1.0, 0.0, 1.0, 0.0], "b1": [-0.5, 0.0], "v": [1.0, 1.0], "c": -1.5})
def check_xor_from_or_and(W1, b1, v, c) -> Feedback:
    """Exercise 2: step units h₁ = OR, h₂ = AND and an output "h₁ and not h₂" computing XOR."""
    W1, b1 = _read_W1(W1), _read_pair(b1, "b1", "[-0.5, 0.0]")
    v, c = _read_output(v, c)
    H = _hidden(W1, b1, "step")
    roles = f"With your weights {_role('h₁', H[:, 0])} and {_role('h₂', H[:, 1])}"
    h1_ok, h2_ok = tuple(H[:, 0]) == _OR, tuple(H[:, 1]) == _AND
    if tuple(H[:, 0]) == _AND and tuple(H[:, 1]) == _OR:
        return hint(f"{roles}: the two units are swapped. Column j of W1 (and b1[j]) belongs to hⱼ: "
                    "put the OR weights in column 1 and the AND weights in column 2.")
    if not (h1_ok and h2_ok):
        X, _ = logic_gate("XOR")
        parts = []
        for j, (ok, want, name) in enumerate(((h1_ok, _OR, "OR"), (h2_ok, _AND, "AND"))):
            if ok:
                continue
            bad = [_point(X[i]) for i in range(4) if H[i, j] != want[i]]
            parts.append(f"h{'₁₂'[j]} should be {name} but is wrong at {', '.join(bad)} (column {j + 1} of W1 "
                         f"and b1[{j}] make h{'₁₂'[j]} = step(w₁{'₁₂'[j]}x₁ + w₂{'₁₂'[j]}x₂ + b{'₁₂'[j]}))")
        return hint(f"{roles}. " + "; ".join(parts) + ". step(z) is 1 for z ≥ 0.")
    return _check_gate_network("XOR", W1, b1, v, c, "step")


@checker(fields={"v": [1.0, 1.0], "c": -1.5})
def check_xnor_network(v, c) -> Feedback:
    """Exercise 3: an output unit v, c on the textbook hidden layer (OR, NAND; step) computing XNOR."""
    v, c = _read_output(v, c)
    W1, b1, _, _ = TEXTBOOK_SOLUTION
    return _check_gate_network("XNOR", W1, b1, v, c, "step", output_only=True)


@checker(fields={"v": [1.0, 1.0], "c": -1.5})
def check_relu_repair(v, c) -> Feedback:
    """Exercise 4: an output unit v, c on the textbook hidden layer with ReLU units computing XOR."""
    v, c = _read_output(v, c)
    W1, b1, _, _ = TEXTBOOK_SOLUTION
    return _check_gate_network("XOR", W1, b1, v, c, "relu", output_only=True)


@checker(fields={"H": [0.0] * 8})
def check_hidden_representation(H) -> Feedback:
    """Exercise 1: H, where the textbook network (h₁ = OR, h₂ = NAND, step units) puts the inputs.

    One row per input, in the order (0,0), (0,1), (1,0), (1,1); columns h₁, h₂. (Eight numbers
    row by row are read the same way: the classroom shows eight fields.)
    """
    H = as_array(H, "H", example="[[h₁, h₂], …] with 4 rows (one per input) and 2 columns", limit=_LIMIT)
    if H.shape == (8,):
        H = H.reshape(4, 2)
    if H.shape != (4, 2):
        extra = " Did you mean H.T (rows and columns swapped)?" if H.shape == (2, 4) else ""
        raise Malformed(f"H must have shape (4, 2): one row per input, in the order (0,0), (0,1), (1,0), "
                        f"(1,1), and the columns h₁, h₂; got shape {H.shape}.{extra}")
    X, _ = logic_gate("XOR")
    W1, b1, _, _ = TEXTBOOK_SOLUTION
    expected = _hidden(W1, b1, "step")  # computed before reading the answer's entries
    not_binary = sorted({number(v) for v in H.ravel() if v not in (0.0, 1.0)})
    if not_binary:
        return hint(f"A step unit outputs 0 or 1, nothing else; H contains {', '.join(not_binary)}.")
    # Name every wrong row, but not the entry: with 0/1 answers, naming the wrong entry would
    # hand over its value.
    wrong = [i for i in range(4) if not np.array_equal(H[i], expected[i])]
    if wrong:
        rows = ", ".join(f"{example_name(i)} (input {_point(X[i])})" for i in wrong)
        n = len(wrong)
        return hint(f"{n} of 4 rows {'is' if n == 1 else 'are'} wrong: {rows}. For each, work out "
                    "z₁ = x₁ + x₂ − 0.5 and z₂ = −x₁ − x₂ + 1.5 with that row's inputs, then "
                    "h = step(z): 1 for z ≥ 0, else 0.")
    return correct("Those are the four points in the hidden space: (0, 0) → (0, 1), (0, 1) and (1, 0) "
                   "→ (1, 1), (1, 1) → (1, 0). The two XOR = 1 inputs land on the same point, and one "
                   "line, h₁ + h₂ = 1.5, now separates the classes.")
