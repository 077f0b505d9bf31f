"""The one number formatter of explorers, readouts and exercise hints."""

from __future__ import annotations


def number(value: float, digits: int = 4, signed: bool = False) -> str:
    """A short number with a real minus sign: 0.30000000000000004 -> '0.3', -1.5 -> '−1.5'.

    `signed` writes a plus sign on positive numbers (for weight changes: '+0.1').
    """
    text = f"{float(value):.{digits}g}"
    if text in ("-0", "-0.0"):
        text = "0"
    if signed and not text.startswith("-") and text != "0":
        text = "+" + text
    return text.replace("-", "\u2212")


def bracketed(value: float, digits: int = 4) -> str:
    """Negative numbers in parentheses, so sums read clearly: (−1.5)."""
    return f"({number(value, digits)})" if value < 0 else number(value, digits)
