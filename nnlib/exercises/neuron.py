"""Exercises for notebook 01, the artificial neuron: logic gates with one step neuron.

Every check uses nnlib's step convention: step(z) = 1 for z ≥ 0, else 0, with the one rule for
"z is zero" of `nnlib.zero` (a net input within rounding of 0 counts as 0): on paper
0.7 + 0.1 − 0.8 = 0, so check_and(0.7, 0.1, -0.8) is right, and check_nand(-2.7, -0.2, 2.9)
puts (1, 1) on the line, where step(0) = 1 is wrong for NAND.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..datasets import GATES, logic_gate
from ..zero import decide, net_input, step
from . import Feedback, as_choice, as_number, checker, correct, hint
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
def _read_weights(**values) -> tuple[float, ...]:
    """The answers as floats (Malformed, turned into a hint by `checker`, if one is not a number)."""
    return tuple(as_number(value, name, example="1.0") for name, value in values.items())


def _scaled(w1: float, w2: float, b: float) -> tuple[float, float, float]:
    """w₁, w₂, b divided by a power of 2 (exact) so that no sum overflows; decisions unchanged."""
    biggest = max(abs(w1), abs(w2), abs(b))
    if biggest == 0:
        return w1, w2, b
    _, exponent = np.frexp(biggest)
    return tuple(float(np.ldexp(v, -int(exponent))) for v in (w1, w2, b))


# ---- the gate checks ----------------------------------------------------------------------------
def _check_gate(gate: str, w1, w2, b) -> Feedback:
    w1, w2, b = _read_weights(w1=w1, w2=w2, b=b)
    X, y = logic_gate(gate)
    sw1, sw2, sb = _scaled(w1, w2, b)
    z, size = net_input(X, [sw1, sw2], sb)
    out = decide(X, [sw1, sw2], sb)
    on_paper_zero = out.astype(bool) & (np.abs(z) <= 1e-12 * size)  # z = 0 up to rounding
    z = np.where(on_paper_zero, 0.0, X @ np.array([w1, w2]) + b)
    wrong = np.flatnonzero(out != y)
    if wrong.size == 0:
        ones = ", ".join(_point(x) for x in X[y == 1])
        message = (f"w₁ = {_num(w1)}, w₂ = {_num(w2)}, b = {_num(b)} reproduce {gate}'s truth table: "
                   f"the line {_par(w1)}·x₁ + {_par(w2)}·x₂ + {_par(b)} = 0 puts {ones} on the "
                   "side where z ≥ 0 and the other input(s) where z < 0.")
        on_line = [_point(x) for x, zero in zip(X, on_paper_zero) if zero]
        if on_line:
            one = len(on_line) == 1
            message += (f" Careful: {' and '.join(on_line)} {'lies' if one else 'lie'} exactly on the line "
                        f"(z = 0) and {'counts' if one else 'count'} as 1 only because step(0) = 1; move "
                        "the line a little to get a safety margin.")
        return correct(message)
    if w1 == 0 and w2 == 0:
        i = int(wrong[0])
        return hint(
            f"With w₁ = w₂ = 0 the net input is z = b = {_num(b)} for every input, so the neuron "
            f"outputs {out[i]} everywhere; {gate} needs both 0s and 1s. Give the inputs some weight."
        )
    lines = []
    for i in wrong:  # every wrong input, in the order of the truth table
        x, target = X[i], int(y[i])
        line = (f"input {_point(x)} gives z = {_z_sum(w1, w2, b, x)} = {_num(z[i])}, so the step neuron "
                f"outputs {out[i]}, but {gate}{_point(x)} = {target}: there z must be ")
        if target == 1:
            line += "≥ 0"
        elif on_paper_zero[i]:
            line += ("< 0 (z = 0 counts as 1, because step(0) = 1; a sum that is 0 on paper counts as "
                     "0 even when floating point makes it a tiny ±1e−16)")
        else:
            line += "< 0"
        lines.append(line)
    n = len(lines)
    return hint(f"{n} of the 4 inputs {'is' if n == 1 else 'are'} wrong: " + "; ".join(lines) + ".")


_GATE_FIELDS = {"w1": 0.0, "w2": 0.0, "b": 0.0}


@checker(fields=_GATE_FIELDS)
def check_and(w1, w2, b) -> Feedback:
    """Do weights w₁, w₂ and bias b make a step neuron compute AND?"""
    return _check_gate("AND", w1, w2, b)


@checker(fields=_GATE_FIELDS)
def check_or(w1, w2, b) -> Feedback:
    """Do weights w₁, w₂ and bias b make a step neuron compute OR?"""
    return _check_gate("OR", w1, w2, b)


@checker(fields=_GATE_FIELDS)
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

# Points the way without the argument: the next question (check_xor_impossible) asks for it.
_XOR_ARGUMENT = ("Try to satisfy all four at once; if you cannot, look at what the middle two "
                 "conditions say together, and compare with the first and the last.")


@checker(fields=_GATE_FIELDS)
def check_xor(w1, w2, b) -> Feedback:
    """Try weights for XOR: names which of XOR's four conditions on w₁, w₂, b fail.

    It never says "correct": one step neuron cannot compute XOR, and the message shows why.
    """
    w1, w2, b = _read_weights(w1=w1, w2=w2, b=b)
    X, y = logic_gate("XOR")
    out = decide(X, *(lambda a, c, d: ([a, c], d))(*_scaled(w1, w2, b)))
    z = X @ np.array([w1, w2]) + b
    holds = list(out == y)
    lines = [f"  {'holds' if ok else 'fails'}: {cond:<16} needed for {case}; here the left side is {_num(zi)}"
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


@checker(fields={"answer": XOR_CHOICES})
def check_xor_impossible(answer) -> Feedback:
    """Multiple choice: why does no single neuron compute XOR? Answer 'A', 'B', 'C' or 'D'."""
    key = as_choice(answer, "answer", tuple(XOR_CHOICES))
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


@checker(fields={"gates": set(_NO_BIAS_GATES)})
def check_no_bias(gates) -> Feedback:
    """Which of AND, OR, NAND, NOR can a step neuron with b = 0 compute? Pass the set of names."""
    if isinstance(gates, str):
        gates = [g for g in gates.replace(",", " ").split()]
    if not isinstance(gates, Iterable) or isinstance(gates, (bytes, dict)):
        return hint(f"Pass the gates as a set of names, e.g. {{'AND', 'NOR'}} (or set() for none); "
                    f"got {type(gates).__name__}.")
    if isinstance(gates, np.ndarray):
        gates = gates.tolist() if gates.ndim == 1 else [gates]
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
    size = np.outer(np.abs(W1), X[:, 0]) + np.outer(np.abs(W2), X[:, 1]) + np.abs(B)[:, None]
    works = np.all(step(z, size) == y, axis=1)  # the one "z is zero" rule
    return np.column_stack([W1, W2, B])[works]
