"""The one number formatter of explorers, readouts and exercise hints."""

from __future__ import annotations

import numpy as np


def number(value: float, digits: int = 4, signed: bool = False, decimals: int | None = None) -> str:
    """A short number with a real minus sign: 0.30000000000000004 -> '0.3', -1.5 -> '−1.5'.

    `signed` writes a plus sign on positive numbers (for weight changes: '+0.1').
    `decimals` writes that many decimals instead of `digits` significant digits, for columns
    of numbers that line up (a truth table): number(-0.7, decimals=2) -> '−0.70'.
    """
    value = float(value)
    text = f"{value:.{digits}g}" if decimals is None else f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:  # -0.001 to 2 decimals: no minus on a zero
        text = text[1:]
    if signed and not text.startswith("-") and text != "nan" and float(text) != 0:
        text = "+" + text
    return text.replace("-", "\u2212")


def bracketed(value: float, digits: int = 4, decimals: int | None = None) -> str:
    """Negative numbers in parentheses, so sums read clearly: (−1.5)."""
    text = number(value, digits, decimals=decimals)
    return f"({text})" if text.startswith("\u2212") else text


def numbers(values, digits: int = 4) -> str:
    """A number, or an array of them as one flat list, as in a hint: [0.5, −1, 2]."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return number(float(arr), digits)
    return "[" + ", ".join(number(v, digits) for v in arr.ravel()) + "]"
