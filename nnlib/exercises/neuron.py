"""Exercises for notebook 01, the artificial neuron: logic gates with one step neuron.

Every check uses nnlib's step convention: step(z) = 1 for z ≥ 0, else 0.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

from ..datasets import GATES, logic_gate
from ..linear import Neuron
from . import Feedback, correct, hint
from . import bracketed as _par, number as _num, point as _point

__all__ = [
    "check_and", "check_or", "check_nand", "check_xor", "check_xor_impossible",
    "check_no_bias", "gate_solutions", "XOR_CHOICES",
]


# ---- formatting -------------------------------------------------------------------------------
def _z_sum(w1: float, w2: float, b: float, x) -> str:
    """'w₁·x₁ + w₂·x₂ + b' with the numbers filled in."""
    return f"{_par(w1)}·{int(x[0])} + {_par(w2)}·{int(x[1])} + {_par(b)}"


# ---- input checks (a friendly hint, never a traceback) ------------------------------------------
def _read_weights(**values) -> tuple[tuple[float, ...] | None, Feedback | None]:
    numbers_ = []
    for name, value in values.items():
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return None, hint(
                f"{name} must be a single number, e.g. {name} = 1.0; got {type(value).__name__} "
                f"{value!r}."[:200]
            )
        if not np.isfinite(value):
            return None, hint(f"{name} must be a finite number; got {value!r}.")
        numbers_.append(float(value))
    return tuple(numbers_), None


# ---- the gate checks ----------------------------------------------------------------------------
def _check_gate(gate: str, w1, w2, b) -> Feedback:
    weights, problem = _read_weights(w1=w1, w2=w2, b=b)
    if problem is not None:
        return problem
    w1, w2, b = weights
    X, y = logic_gate(gate)
    neuron = Neuron([w1, w2], b, activation="step")
    z = neuron.net_input(X)
    out = neuron.output(X).astype(int)
    wrong = np.flatnonzero(out != y)
    if wrong.size == 0:
        ones = ", ".join(_point(x) for x in X[y == 1])
        message = (f"w₁ = {_num(w1)}, w₂ = {_num(w2)}, b = {_num(b)} reproduce {gate}'s truth table: "
                   f"the line {_par(w1)}·x₁ + {_par(w2)}·x₂ + {_par(b)} = 0 puts {ones} on the "
                   "side where z ≥ 0 and the other input(s) where z < 0.")
        on_line = [_point(x) for x, zi in zip(X, z) if zi == 0]
        if on_line:
            message += (f" Careful: {', '.join(on_line)} lies exactly on the line (z = 0) and counts "
                        "as 1 only because step(0) = 1; move the line a little to get a safety margin.")
        return correct(message)
    i = int(wrong[0])
    x, target = X[i], int(y[i])
    if w1 == 0 and w2 == 0:
        return hint(
            f"With w₁ = w₂ = 0 the net input is z = b = {_num(b)} for every input, so the neuron "
            f"outputs {out[i]} everywhere; {gate} needs both 0s and 1s. Give the inputs some weight."
        )
    message = (f"Input {_point(x)} gives z = {_z_sum(w1, w2, b, x)} = {_num(z[i])}, so the step neuron "
               f"outputs {out[i]}, but {gate}{_point(x)} = {target}. ")
    if target == 1:
        message += "There z must be ≥ 0."
    elif z[i] == 0:
        message += "There z must be < 0 (z = 0 exactly counts as 1, because step(0) = 1)."
    else:
        message += "There z must be < 0."
    if wrong.size > 1:
        message += f" ({wrong.size} of the 4 inputs are wrong.)"
    return hint(message)


def check_and(w1, w2, b) -> Feedback:
    """Do weights w₁, w₂ and bias b make a step neuron compute AND?"""
    return _check_gate("AND", w1, w2, b)


def check_or(w1, w2, b) -> Feedback:
    """Do weights w₁, w₂ and bias b make a step neuron compute OR?"""
    return _check_gate("OR", w1, w2, b)


def check_nand(w1, w2, b) -> Feedback:
    """Do weights w₁, w₂ and bias b make a step neuron compute NAND?"""
    return _check_gate("NAND", w1, w2, b)


# ---- XOR ----------------------------------------------------------------------------------------
_XOR_CONDITIONS = (
    ("b < 0", "(0, 0) → 0"),
    ("w₂ + b ≥ 0", "(0, 1) → 1"),
    ("w₁ + b ≥ 0", "(1, 0) → 1"),
    ("w₁ + w₂ + b < 0", "(1, 1) → 0"),
)

_XOR_ARGUMENT = (
    "No weights can meet all four conditions: adding w₂ + b ≥ 0 and w₁ + b ≥ 0 gives "
    "w₁ + w₂ + 2b ≥ 0, so w₁ + w₂ + b ≥ −b, and −b > 0 because b < 0. Then w₁ + w₂ + b > 0, "
    "which breaks the last condition. In pictures: no straight line puts (0, 0) and (1, 1) on one "
    "side and (0, 1), (1, 0) on the other."
)


def check_xor(w1, w2, b) -> Feedback:
    """Try weights for XOR: names which of XOR's four conditions on w₁, w₂, b fail.

    It never says "correct": one step neuron cannot compute XOR, and the message shows why.
    """
    weights, problem = _read_weights(w1=w1, w2=w2, b=b)
    if problem is not None:
        return problem
    w1, w2, b = weights
    X, y = logic_gate("XOR")
    z = Neuron([w1, w2], b).net_input(X)
    holds = [z[0] < 0, z[1] >= 0, z[2] >= 0, z[3] < 0]
    lines = [f"  {'✓' if ok else '✗'} {cond:<16} needed for {case}; here it is {_num(zi)}"
             for (cond, case), ok, zi in zip(_XOR_CONDITIONS, holds, z)]
    n_right = sum(holds)
    summary = (f"w₁ = {_num(w1)}, w₂ = {_num(w2)}, b = {_num(b)} get {n_right} of the 4 XOR "
               "inputs right" + (" — as good as one neuron can do." if n_right == 3 else "."))
    header = "XOR needs all four conditions (the left side is z at that input):"
    return hint("\n".join([summary, header, *lines, _XOR_ARGUMENT]))


XOR_CHOICES = {
    "A": "Only because the sliders stop at ±3: large enough weights would do it.",
    "B": "A sigmoid instead of the step function would do it.",
    "C": "The inputs (0, 1) and (1, 0) need w₁ + w₂ + 2b ≥ 0; with b < 0, needed at (0, 0), "
         "that makes z at (1, 1) positive.",
    "D": "A neuron without bias would do it, because its line passes through (0, 0).",
}
_XOR_ANSWER = "C"
_XOR_WHY_NOT = {
    "A": "multiplying w₁, w₂ and b by the same positive number leaves the line, and every decision, "
         "unchanged, so size cannot help. The four conditions contradict each other for any size.",
    "B": "a sigmoid neuron's output is ≥ 0.5 exactly where z ≥ 0, so the same straight line decides "
         "and the same contradiction holds.",
    "D": "without bias z = 0 at (0, 0), so the step neuron outputs 1 there, but XOR(0, 0) = 0: that "
         "makes it worse, not better.",
}


def check_xor_impossible(answer) -> Feedback:
    """Multiple choice: why does no single neuron compute XOR? Answer 'A', 'B', 'C' or 'D'."""
    if not isinstance(answer, str) or answer.strip().upper() not in XOR_CHOICES:
        return hint(f"Answer with one letter as a string: {', '.join(repr(k) for k in XOR_CHOICES)}; "
                    f"got {answer!r}."[:200])
    key = answer.strip().upper()
    if key == _XOR_ANSWER:
        return correct("The two 1-inputs pull z at (1, 1) up and the 0-input (0, 0) demands a negative "
                       "bias, so (1, 1) always lands on the 1 side. One line is not enough; notebook 05 "
                       "uses two (a hidden layer).")
    return hint(f"Not {key}: {_XOR_WHY_NOT[key]}")


# ---- no bias ------------------------------------------------------------------------------------
_NO_BIAS_GATES = ("AND", "OR", "NAND", "NOR")
_NO_BIAS_POSSIBLE = {"NOR"}
_NO_BIAS_WHY = {
    "AND": "AND(0, 0) = 0, but with b = 0 the net input at (0, 0) is z = w₁·0 + w₂·0 = 0 and "
           "step(0) = 1, whatever the weights.",
    "OR": "OR(0, 0) = 0, but with b = 0 the net input at (0, 0) is z = w₁·0 + w₂·0 = 0 and "
          "step(0) = 1, whatever the weights.",
    "NAND": "(0, 0) → 1 comes for free, but (0, 1) → 1 needs w₂ ≥ 0 and (1, 0) → 1 needs w₁ ≥ 0; "
            "then z = w₁ + w₂ ≥ 0 at (1, 1), so the neuron outputs 1 there, while NAND(1, 1) = 0.",
    "NOR": "(0, 0) → 1 comes for free (z = 0, step(0) = 1), and w₁ = w₂ = −1 gives z < 0 at the "
           "other three inputs.",
}


def check_no_bias(gates) -> Feedback:
    """Which of AND, OR, NAND, NOR can a step neuron with b = 0 compute? Pass the set of names."""
    if isinstance(gates, str):
        gates = [g for g in gates.replace(",", " ").split()]
    if not isinstance(gates, Iterable) or isinstance(gates, (bytes, dict)):
        return hint(f"Pass the gates as a set of names, e.g. {{'AND', 'NOR'}} (or set() for none); "
                    f"got {type(gates).__name__}.")
    gates = list(gates)
    if not all(isinstance(g, str) for g in gates):
        return hint("Every gate must be a name in quotes, e.g. {'AND', 'NOR'}.")
    chosen = {g.strip().upper() for g in gates}
    unknown = sorted(chosen - set(GATES))
    if unknown:
        return hint(f"Unknown gate name(s) {unknown}; choose among {', '.join(_NO_BIAS_GATES)}.")
    if "XOR" in chosen:
        return hint("XOR is impossible for one neuron even with a bias; leave it out.")
    for gate in _NO_BIAS_GATES:  # first wrong claim, in a fixed order
        if gate in chosen and gate not in _NO_BIAS_POSSIBLE:
            return hint(f"Not {gate}: {_NO_BIAS_WHY[gate]}")
    for gate in _NO_BIAS_GATES:
        if gate in _NO_BIAS_POSSIBLE and gate not in chosen:
            return hint(f"{gate} is possible without bias: {_NO_BIAS_WHY[gate]}")
    return correct("Of the four, only NOR works without bias. The line w₁x₁ + w₂x₂ = 0 always passes "
                   "through the origin, so (0, 0) sits on it with z = 0 and always gets step(0) = 1; "
                   "the bias is what lets the line move away from the origin.")


# ---- brute force, for the notebook's fact check -------------------------------------------------
def gate_solutions(gate: str, bias: bool = True, values=None) -> np.ndarray:
    """Every (w₁, w₂, b) on a grid for which a step neuron computes `gate`: shape (n, 3).

    `values` are the grid values tried for each of w₁, w₂ and b (default −3, −2.5, …, 3,
    exact in floating point); with bias=False, b is fixed at 0.
    """
    X, y = logic_gate(gate)
    values = np.linspace(-3.0, 3.0, 13) if values is None else np.asarray(values, dtype=float)
    bs = values if bias else np.zeros(1)
    W1, W2, B = (a.ravel() for a in np.meshgrid(values, values, bs, indexing="ij"))
    z = np.outer(W1, X[:, 0]) + np.outer(W2, X[:, 1]) + B[:, None]  # one row per weight triple
    works = np.all((z >= 0).astype(int) == y, axis=1)
    return np.column_stack([W1, W2, B])[works]
