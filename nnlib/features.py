"""Input features made from the two raw inputs x₁, x₂, as in TensorFlow Playground.

A network given x₁² and x₂² besides x₁ and x₂ can separate a small circle from a ring with a
single straight cut in the new coordinates: no hidden layer needed. `expand` turns raw
(n, 2) inputs into the chosen feature columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import _validation as v


@dataclass(frozen=True)
class Feature:
    """One input feature: its name, how to print it, and how to compute it from X (n, 2)."""

    name: str
    label: str  # LaTeX, for matplotlib titles and axes
    text: str  # plain unicode, for widget labels
    function: Callable[[np.ndarray], np.ndarray]

    def __call__(self, X: np.ndarray) -> np.ndarray:
        """The feature's value for every row of X (n, 2): shape (n,)."""
        return self.function(X)


FEATURES: dict[str, Feature] = {f.name: f for f in (
    Feature("x1", r"$x_1$", "x₁", lambda X: X[:, 0]),
    Feature("x2", r"$x_2$", "x₂", lambda X: X[:, 1]),
    Feature("x1^2", r"$x_1^2$", "x₁²", lambda X: X[:, 0] * X[:, 0]),
    Feature("x2^2", r"$x_2^2$", "x₂²", lambda X: X[:, 1] * X[:, 1]),
    Feature("x1*x2", r"$x_1 x_2$", "x₁x₂", lambda X: X[:, 0] * X[:, 1]),
    Feature("sin(x1)", r"$\sin x_1$", "sin x₁", lambda X: np.sin(X[:, 0])),
    Feature("sin(x2)", r"$\sin x_2$", "sin x₂", lambda X: np.sin(X[:, 1])),
)}

_VALID = ", ".join(repr(name) for name in FEATURES)


def check_features(features) -> tuple[str, ...]:
    """Return features as a tuple of distinct known names, or explain what is wrong."""
    expected = f"a non-empty tuple of distinct feature names from {_VALID}"
    if isinstance(features, str):
        hint = (f" For one feature write ({features!r},)." if features in FEATURES
                else " Write a tuple such as ('x1',) or ('x1', 'x2').")
        raise TypeError(f"features must be {expected}; got the string {features!r}.{hint}")
    if isinstance(features, np.ndarray) and features.ndim == 1:
        features = features.tolist()
    if not isinstance(features, (tuple, list)):
        raise TypeError(f"features must be {expected}; got {v._describe(features)}.")
    if not features:
        raise ValueError(f"features must be {expected}; got an empty {type(features).__name__}.")
    for name in features:
        if not isinstance(name, str):
            raise TypeError(f"features must be {expected}; got {v._describe(name)} in {features!r}.")
        if name not in FEATURES:
            raise ValueError(f"features must be {expected}; got {name!r}.")
    repeated = [name for i, name in enumerate(features) if name in features[:i]]
    if repeated:
        raise ValueError(f"features must be {expected}; got {repeated[0]!r} twice in {tuple(features)!r}.")
    return tuple(features)


def check_raw(X, name: str = "X") -> np.ndarray:
    """X as a finite float array with the two raw input columns x₁, x₂ the features are made of."""
    X = v.check_X(X, name)
    if X.shape[1] != 2:
        raise ValueError(f"{name} must have 2 columns (x1, x2), the raw inputs the features are "
                         f"made from; got shape {X.shape}.")
    return X


def expand(X, features) -> np.ndarray:
    """The chosen features of raw inputs X (n, 2), one column each in the order given: (n, k).

    Values past the float limit (x₁² of 1e155) come back as inf without a warning; nnlib's
    MLP refuses such inputs with a message naming the feature.
    """
    return _expand(check_raw(X), check_features(features))


def _expand(X: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """expand without the checks, for callers that made them already (the MLP)."""
    out = np.empty((X.shape[0], len(names)))
    # x1^2 and x1*x2 of finite inputs can overflow to inf: the caller decides what that means.
    with np.errstate(over="ignore"):
        for j, name in enumerate(names):
            out[:, j] = FEATURES[name].function(X)
    return out
