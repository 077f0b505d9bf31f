"""Self-checking exercises: each check returns Feedback, "correct" or a hint naming what fails.

One module per notebook topic (neuron, activations, perceptron, adaline, xor, backprop).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: shown as ✅ or ❌ with a message."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return ("✅ Correct! " if self.correct else "❌ Not yet. ") + self.message


def correct(message: str = "") -> Feedback:
    """A passing verdict."""
    return Feedback(True, message)


def hint(message: str) -> Feedback:
    """A failing verdict whose message names the failing case."""
    return Feedback(False, message)


# ---- how hints write numbers (shared by every exercise module) ----------------------------------
def number(value: float, digits: int = 4) -> str:
    """A short number with a real minus sign: 0.30000000000000004 -> '0.3', -1.5 -> '−1.5'."""
    text = f"{float(value):.{digits}g}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace("-", "−")


def bracketed(value: float, digits: int = 4) -> str:
    """Negative numbers in parentheses, so sums read clearly: (−1.5)."""
    return f"({number(value, digits)})" if value < 0 else number(value, digits)


def point(x) -> str:
    """A logic-gate input as '(0, 1)'."""
    return f"({int(x[0])}, {int(x[1])})"
