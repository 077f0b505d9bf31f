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


# ---- how hints write numbers: the project's one formatter -----------------------------------
from .._format import bracketed, number  # noqa: E402,F401  (re-exported for the exercise modules)


def point(x) -> str:
    """A logic-gate input as '(0, 1)'."""
    return f"({int(x[0])}, {int(x[1])})"
