"""The one rule for "z is zero": a net input within rounding of 0 counts as 0, so step(z) = 1.

On paper 0.7·1 + 0.1·1 − 0.8 = 0 and step(0) = 1; in floating point the sum is −1.1e−16.
Rounding error of a sum grows with the size of its terms, not with the sum itself, so the
allowance is relative: |z| ≤ ZERO_RTOL · (|w₁x₁| + … + |wₙxₙ| + |b|). A fixed allowance
(say 1e−12) would be wrong both ways: too large for features of size 1e−7, where real net
inputs are that small, and too small for terms of size 1e6. Every step decision in nnlib —
`Neuron`, `Perceptron`, the explorers and the exercise checkers — goes through this module.
"""

from __future__ import annotations

import numpy as np

# A few hundred ulps: well above the rounding of a sum of a few dozen terms (about n·2.2e−16)
# and far below any difference that matters on paper.
ZERO_RTOL = 1e-12


def net_input(X, w, b) -> tuple[np.ndarray, np.ndarray]:
    """z = Xw + b and the size of its terms, Σ|wᵢxᵢ| + |b|, for every row of 2-D X."""
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    z = X @ w + b
    size = np.abs(X) @ np.abs(w) + abs(b)
    return z, size


def is_zero(z, size) -> np.ndarray:
    """True where z is 0 up to the rounding of a sum whose terms add up to `size` in magnitude."""
    z = np.asarray(z, dtype=np.float64)
    return np.abs(z) <= ZERO_RTOL * np.asarray(size, dtype=np.float64)


def step(z, size) -> np.ndarray:
    """The step decision: 1 where z > 0 or z is zero (see `is_zero`), else 0, as int."""
    z = np.asarray(z, dtype=np.float64)
    return ((z > 0) | is_zero(z, size)).astype(int)


def decide(X, w, b) -> np.ndarray:
    """step(Xw + b) for every row of X, with the rule of this module."""
    z, size = net_input(X, w, b)
    return step(z, size)
