"""Loss functions (means over samples), computed from the net input for stability."""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array
from .activations import Activation


def _log_softmax(z: np.ndarray) -> np.ndarray:
    # z − max may pass the float limit (1e308 − (−1e308)): −inf, whose exp is the 0 it is.
    with np.errstate(over="ignore"):
        shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _target_sum(T: np.ndarray, log_p: np.ndarray) -> float:
    """Σ T·log p, where a target of 0 contributes 0 even when log p = −inf (0·log 0 = 0)."""
    with np.errstate(invalid="ignore"):
        total = float(np.sum(T * log_p))
    if total != total:  # NaN: some 0·(−inf); redo without those terms (rare, so done second)
        total = float(np.sum(T * np.where(T != 0, log_p, 0.0)))
    return total


def _row_max(z: np.ndarray) -> np.ndarray:
    """z.max(axis=-1, keepdims=True) of a 2-D z, taken column by column.

    Same values (max is exact), but several times faster for the few columns of an output
    layer: NumPy's reduction along a short last axis pays its loop overhead once per row.
    """
    if z.ndim != 2 or not 0 < z.shape[1] <= 16:
        return z.max(axis=-1, keepdims=True)
    m = z[:, 0].copy()
    for j in range(1, z.shape[1]):
        np.maximum(m, z[:, j], out=m)
    return m[:, None]


def softmax_and_log(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """softmax(z) and log softmax(z) along the last axis from one set of exponentials.

    The same arithmetic as Softmax (temperature 1) and _log_softmax, done once: training
    with softmax + cross-entropy needs both, and exp/max/sum are most of an epoch's cost.
    """
    # No checks here (this is most of an epoch): scores at ±inf give NaN, which training
    # calls divergence and MLP.predict_proba redoes with `softmax`, right for any scores.
    shifted = z - _row_max(z)
    e = np.exp(shifted)
    total = e.sum(axis=-1, keepdims=True)
    e /= total
    shifted -= np.log(total)
    return e, shifted


def _softplus(z: np.ndarray) -> np.ndarray:
    # log(1 + e^z) without overflow: max(z, 0) + log1p(e^{-|z|}).
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _paired(z, t, name: str, first: str = "z") -> tuple[np.ndarray, np.ndarray]:
    z, t = as_float_array(z, first), as_float_array(t, name)
    if z.shape != t.shape or z.ndim != 2:
        raise ValueError(f"{first} and {name} must both have shape (n_samples, n_outputs); "
                         f"got {z.shape} and {t.shape}.")
    return z, t


def cross_entropy(z, T) -> float:
    """Mean of −Σₖ Tₖ log softmax(z)ₖ, from scores z (n, k) and one-hot targets T (n, k).

    Finite wherever the true value is, for any finite z: −log softmax(z)ₖ = (m − zₖ) +
    log Σⱼ exp(zⱼ − m) with m the row maximum, and m − zₖ (up to 3.6e308) is carried as its
    half, so Tₖ·(m − zₖ) never overflows on the way, and a target of 0 adds exactly 0.
    """
    z, T = _paired(z, T, "T")
    half_gap = z.max(axis=1, keepdims=True) / 2 - z / 2  # (m − z) / 2: >= 0 and finite
    with np.errstate(over="ignore"):  # −2·half_gap below −1.8e308 is −inf: exp gives its 0
        log_sum = np.log(np.exp(-2.0 * half_gap).sum(axis=1))  # in [0, log k]
        per_sample = 2.0 * np.sum(T * half_gap, axis=1) + T.sum(axis=1) * log_sum
        return float(np.sum(per_sample / z.shape[0]))  # divided first: the sum cannot overflow


def binary_cross_entropy(z, t) -> float:
    """Mean of −[t log σ(z) + (1 − t) log(1 − σ(z))], from scores z (n, 1) and targets t (n, 1)."""
    z, t = _paired(z, t, "t")
    # −log σ(z) = softplus(−z) and −log(1 − σ(z)) = softplus(z); each term is at most |z|,
    # divided by n before summing so that the mean of terms near 1e308 stays finite.
    return float(np.sum((t * _softplus(-z) + (1.0 - t) * _softplus(z)) / z.shape[0]))


def mse(a, T) -> float:
    """Mean over samples of ½ Σₖ (aₖ − Tₖ)²."""
    a, T = _paired(a, T, "T", first="a")
    with np.errstate(over="ignore"):  # a mean past the float limit is inf, silently
        return float(0.5 * np.mean(np.sum((a - T) ** 2, axis=1)))


LOSSES = ("cross_entropy", "binary_cross_entropy", "mse")


def output_delta(loss: str, output: Activation, z: np.ndarray, a: np.ndarray,
                 T: np.ndarray, log_a: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    """Mean loss and its gradient with respect to the output layer's net input z.

    log_a, if given, is log softmax(z) already computed (see softmax_and_log); it saves
    recomputing it for the cross-entropy.
    """
    n = z.shape[0]
    if loss == "cross_entropy":
        # softmax + cross-entropy: the Jacobian collapses to a − T.
        if log_a is None:
            log_a = _log_softmax(z)
        delta = a - T
        delta /= n
        return (0.0 - _target_sum(T, log_a)) / n, delta
    if loss == "binary_cross_entropy":
        return float(np.sum(T * _softplus(-z) + (1.0 - T) * _softplus(z)) / n), (a - T) / n
    error = a - T
    value = float(0.5 * np.sum(error * error) / n)
    if output.name == "softmax":
        # δ = Jᵀ(a − T) with J = diag(a) − a aᵀ, row by row.
        return value, a * (error - np.sum(error * a, axis=1, keepdims=True)) / n
    return value, error * output.derivative_from_output(a, z) / n
