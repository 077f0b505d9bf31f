"""Finite-difference gradients: the independent check on backpropagation."""

from __future__ import annotations

from typing import Callable

import numpy as np

from . import _validation as v


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences (f(x + ε) − f(x − ε)) / 2ε for every entry of x.

    x is nudged in place and restored, so f may read x through a closure (e.g. a weight
    matrix inside a model).
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 numpy array (it is nudged in place); got {type(x).__name__}"
                        f"{' of dtype ' + str(x.dtype) if isinstance(x, np.ndarray) else ''}.")
    eps = v.check_positive(eps, "eps")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        f_plus = f(x)
        x[index] = original - eps
        f_minus = f(x)
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖): scale-free, and not fooled by entries that are almost 0."""
    analytic, numeric = np.ravel(analytic).astype(float), np.ravel(numeric).astype(float)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / scale) if scale > 0 else 0.0


def check_gradients(model, X, y, eps: float = 1e-6) -> float:
    """Largest relative error, over the weight and bias arrays, between backprop and finite differences."""
    dcoefs, dintercepts = model.gradients(X, y)
    if hasattr(model, "_network"):
        # Hand-set weights may be lists or ints: nudging needs float64 arrays, and the model's own.
        _, model.coefs_, model.intercepts_, _ = model._network()
    worst = 0.0
    for params, grads in ((model.coefs_, dcoefs), (model.intercepts_, dintercepts)):
        for p, g in zip(params, grads):
            numeric = numerical_gradient(lambda _: model.loss_value(X, y), p, eps)
            worst = max(worst, relative_error(g, numeric))
    return worst
