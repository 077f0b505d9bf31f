"""The one rule for "z is zero": a net input within rounding of 0 counts as 0, so step(z) = 1.

On paper 0.7·1 + 0.1·1 − 0.8 = 0 and step(0) = 1; in floating point the sum is −1.1e−16.
Rounding error of a sum grows with the size of its terms, not with the sum itself, so the
allowance is relative: |z| ≤ ZERO_RTOL · (|w₁x₁| + … + |wₙxₙ| + |b|). A fixed allowance
(say 1e−12) would be wrong both ways: too large for features of size 1e−7, where real net
inputs are that small, and too small for terms of size 1e6. Every step decision made from
inputs and weights in nnlib — `Neuron` (predict, and output with a step activation),
`Perceptron`, an `MLP`'s step layers, the explorers and the exercise checkers — goes through
this module. The `step` activation applied to a bare z has no terms to measure against and
uses the exact z >= 0.

Terms may be as large as the float limit (about 1.8e308): where Xw + b or the size of its
terms overflows, `decide` works on the row scaled by a power of two (exact, and the sign and
the ratio |z| / size do not change), so decisions stay right and no warning is raised.
`net_input` returns the true values, which then saturate at ±inf.
"""

from __future__ import annotations

import numpy as np

# A few thousand ulps: well above the rounding of a sum of a few dozen terms (about n·2.2e−16)
# and far below any difference that matters on paper.
ZERO_RTOL = 1e-12


def _sums(X, w, b, rescale: bool) -> tuple[np.ndarray, np.ndarray]:
    """z = Xw + b and size = |X||w| + |b| for 1-D or 2-D X, without a warning.

    Rows where either overflows are redone on the row scaled by 2^k (see `_scaled`); with
    `rescale` the scaled values are returned for them (right for decisions: same sign, same
    ratio), otherwise they are scaled back up (the true values, saturating at ±inf).
    """
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    b = float(b)
    X2 = X[None, :] if X.ndim == 1 else X
    with np.errstate(over="ignore", invalid="ignore"):
        z = X2 @ w + b
        size = np.abs(X2) @ np.abs(w) + abs(b)
        bad = ~(np.isfinite(z) & np.isfinite(size))
        if bad.any():
            zs, ss, k = _scaled(X2[bad], w, b)
            if not rescale:
                zs, ss = np.ldexp(zs, k), np.ldexp(ss, k)
            z[bad], size[bad] = zs, ss
    if X.ndim == 1:
        return z[0], size[0]
    return z, size


def _scaled(X: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z / 2^k, size / 2^k and k per row, with 2^k ≥ every |wⱼxⱼ| and |b|: no overflow.

    Dividing by a power of two is exact (short of underflow, which only touches terms far
    below ZERO_RTOL · size), so the sign of z and |z| / size are those of the unscaled sums.
    """
    _, ex = np.frexp(np.max(np.abs(X), axis=1))  # 2^ex > max |x| of the row
    _, ew = np.frexp(max(float(np.max(np.abs(w), initial=0.0)), abs(b)))
    Xs = np.ldexp(X, -ex[:, None])
    ws = np.ldexp(w, -ew)
    bs = np.ldexp(np.ldexp(b, -ew), -ex)  # two steps: b / 2^ew, then / 2^ex per row
    return Xs @ ws + bs, np.abs(Xs) @ np.abs(ws) + np.abs(bs), ex + ew


def net_input(X, w, b) -> tuple[np.ndarray, np.ndarray]:
    """z = Xw + b and the size of its terms, Σ|wᵢxᵢ| + |b|, for every row of 2-D X.

    Warning-free to the float limit: a sum beyond it is ±inf (and its size inf), never NaN.
    """
    return _sums(X, w, b, rescale=False)


def is_zero(z, size) -> np.ndarray:
    """True where z is 0 up to the rounding of a sum whose terms add up to `size` in magnitude."""
    z = np.asarray(z, dtype=np.float64)
    size = np.asarray(size, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.abs(z) <= ZERO_RTOL * size


def step(z, size) -> np.ndarray:
    """The step decision: 1 where z > 0 or z is zero (see `is_zero`), else 0, as int."""
    z = np.asarray(z, dtype=np.float64)
    return ((z > 0) | is_zero(z, size)).astype(int)


def decide(X, w, b) -> np.ndarray:
    """step(Xw + b) for every row of X, with the rule of this module, right to the float limit."""
    return step(*_sums(X, w, b, rescale=True))
