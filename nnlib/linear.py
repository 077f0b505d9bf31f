"""Single neurons: a hand-set Neuron, the Perceptron rule, Adaline, and one-vs-rest."""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from . import _validation as v
from . import zero
from ._base import Classifier
from .activations import Activation, get_activation


# Kept for old imports only: the rule for "z is zero" lives in nnlib.zero (relative to the
# size of the terms of the sum, not a fixed allowance).
ROUNDING = zero.ZERO_RTOL


DIVERGENCE_FACTOR = 1e6  # Adaline: a loss this many times its start counts as divergence


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss blew up (learning rate too large)."""


def divergence_message(model: str, eta: float, epoch: int) -> str:
    """The one explanation of divergence every model and explorer shows."""
    return (
        f"{model} diverged at epoch {epoch}: the loss blew up with learning "
        f"rate eta={eta:g}. Each step overshoots the minimum by more than it gains. "
        f"Try a smaller eta (e.g. {eta / 10:g}) or standardise the inputs."
    )


class Neuron:
    """One neuron with hand-set weights: z = w·x + b, output f(z)."""

    def __init__(self, w, b: float = 0.0, activation: str | Activation = "step") -> None:
        w = v.as_float_array(w, "w")
        if w.ndim != 1 or w.size == 0:
            raise ValueError(f"w must be a 1-D array with one weight per feature; got shape {w.shape}.")
        b = v.check_real(b, "b")
        self.w = w
        self.b = float(b)
        self.activation = get_activation(activation)

    def net_input(self, X) -> np.ndarray:
        """z = Xw + b for every row of X."""
        X = v.check_X(X, n_features=self.w.size)
        return zero.net_input(X, self.w, self.b)[0]

    def output(self, X) -> np.ndarray:
        """f(z) for every row of X."""
        return self.activation(self.net_input(X))

    def predict(self, X) -> np.ndarray:
        """Class 1 where z >= 0 (z within rounding of 0 counts as 0, see nnlib.zero), else 0."""
        return zero.decide(v.check_X(X, n_features=self.w.size), self.w, self.b)


class _BinaryLinear(Classifier):
    """Shared plumbing of the two-class linear models: labels, prediction, checks."""

    w_: np.ndarray | None = None
    b_: float | None = None
    classes_: np.ndarray | None = None

    def _prepare(self, X, y) -> tuple[np.ndarray, np.ndarray]:
        X, y = v.check_X_y(X, y)
        self.classes_ = v.check_binary(y, type(self).__name__)
        return X, (y == self.classes_[1]).astype(np.float64)

    def _init_weights(self, n_features: int) -> None:
        if self.random_state is None:
            self.w_ = np.zeros(n_features)
            self.b_ = 0.0
        else:
            rng = v.check_random_state(self.random_state)
            self.w_ = rng.normal(0.0, 0.01, n_features)
            self.b_ = float(rng.normal(0.0, 0.01))

    def net_input(self, X) -> np.ndarray:
        """z = Xw + b with the learned weights."""
        v.check_fitted(self, "w_")
        X = v.check_X(X, n_features=self.w_.size)
        return zero.net_input(X, self.w_, self.b_)[0]

    def predict(self, X) -> np.ndarray:
        """The predicted label of every row of X (the step rule of nnlib.zero)."""
        v.check_fitted(self, "w_")
        X = v.check_X(X, n_features=self.w_.size)
        return self.classes_[zero.decide(X, self.w_, self.b_)]


@dataclass(frozen=True)
class PerceptronStep:
    """One example looked at by the perceptron rule, and what it did to the weights."""

    epoch: int
    index: int
    x: np.ndarray
    target: int
    prediction: int
    update: float  # η(y − ŷ): Δw = update·x, Δb = update
    w: np.ndarray
    b: float

    @property
    def mistake(self) -> bool:
        """True when the example was misclassified (and so moved the boundary)."""
        return self.update != 0


class Perceptron(_BinaryLinear):
    """Rosenblatt's perceptron: step activation, w ← w + η(y − ŷ)x on every example."""

    def __init__(self, eta: float = 0.1, n_iter: int = 50, random_state=None) -> None:
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def steps(self, X, y) -> Iterator[PerceptronStep]:
        """Train from scratch, yielding one record per example looked at."""
        eta = v.check_positive(self.eta, "eta")
        n_iter = v.check_int(self.n_iter, "n_iter")
        X, t = self._prepare(X, y)
        self._init_weights(X.shape[1])
        self.errors_ = []
        self.converged_ = False
        for epoch in range(n_iter):
            mistakes = 0
            for i, (x, target) in enumerate(zip(X, t)):
                z = x @ self.w_ + self.b_
                # z >= 0 decides most examples; only a negative z may be "zero" (nnlib.zero).
                prediction = 1.0 if z >= 0 or zero.decide(x, self.w_, self.b_) else 0.0
                update = eta * (target - prediction)
                if update:
                    self.w_ = self.w_ + update * x
                    self.b_ = self.b_ + update
                    mistakes += 1
                yield PerceptronStep(epoch, i, x.copy(), int(target), int(prediction), update,
                                     self.w_.copy(), self.b_)
            self.errors_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                return

    def fit(self, X, y) -> "Perceptron":
        """Run the rule until an epoch makes no mistake, or n_iter epochs."""
        for _ in self.steps(X, y):
            pass
        return self


class Adaline(_BinaryLinear):
    """ADAptive LInear NEuron: gradient descent on J = ½·mean((t − z)²), t ∈ {−1, +1}."""

    def __init__(self, eta: float = 0.01, n_iter: int = 50, solver: str = "batch",
                 shuffle: bool = True, random_state=None) -> None:
        self.eta = eta
        self.n_iter = n_iter
        self.solver = solver
        self.shuffle = shuffle
        self.random_state = random_state

    def fit(self, X, y, w0=None, b0: float | None = None) -> "Adaline":
        """Minimise the loss by gradient descent; w0, b0 set the start point (default 0)."""
        eta = v.check_positive(self.eta, "eta")
        n_iter = v.check_int(self.n_iter, "n_iter")
        solver = v.check_choice(self.solver, "solver", {"batch", "sgd"})
        shuffle = v.check_bool(self.shuffle, "shuffle")
        b0 = None if b0 is None else v.check_real(b0, "b0")
        X, t01 = self._prepare(X, y)
        t = 2.0 * t01 - 1.0
        self._init_weights(X.shape[1])
        if w0 is not None:
            w0 = v.as_float_array(w0, "w0")
            if w0.shape != (X.shape[1],):
                raise ValueError(f"w0 must have shape ({X.shape[1]},), one weight per feature; got {w0.shape}.")
            self.w_ = w0.copy()
        if b0 is not None:
            self.b_ = float(b0)
        rng = v.check_random_state(self.random_state)
        self.losses_ = []
        self.path_ = [(self.w_.copy(), self.b_)]
        self.diverged_ = False
        n = X.shape[0]
        # Gradient descent on a convex bowl never raises the loss a millionfold: stop there
        # (or at inf/NaN) instead of grinding on until the numbers overflow.
        limit = DIVERGENCE_FACTOR * max(0.5 * float(np.mean((t - (X @ self.w_ + self.b_)) ** 2)), 1.0)
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, n_iter + 1):
                if solver == "batch":
                    error = t - (X @ self.w_ + self.b_)
                    # ∂J/∂w = −(1/n) Xᵀ(t − z), ∂J/∂b = −mean(t − z)
                    self.w_ = self.w_ + eta * X.T @ error / n
                    self.b_ = self.b_ + eta * error.mean()
                else:
                    order = rng.permutation(n) if shuffle else range(n)
                    for i in order:
                        error_i = t[i] - (X[i] @ self.w_ + self.b_)
                        self.w_ = self.w_ + eta * error_i * X[i]
                        self.b_ = self.b_ + eta * error_i
                loss = 0.5 * float(np.mean((t - (X @ self.w_ + self.b_)) ** 2))
                if not loss <= limit or not np.all(np.isfinite(self.w_)):  # catches NaN too
                    self.diverged_ = True
                    warnings.warn(divergence_message("Adaline", eta, epoch), DivergenceWarning,
                                  stacklevel=2)
                    break
                self.losses_.append(loss)
                self.path_.append((self.w_.copy(), self.b_))
        return self


def adaline_loss(X, y, w, b) -> float:
    """J(w, b) = ½·mean((t − Xw − b)²) with t = ±1: the surface Adaline descends."""
    X, y = v.check_X_y(X, y)
    t = 2.0 * (y == np.unique(y)[-1]) - 1.0
    return 0.5 * float(np.mean((t - X @ np.asarray(w, float) - b) ** 2))


class OneVsRest(Classifier):
    """Many classes from two-class models: one model per class, the highest net input wins."""

    def __init__(self, estimator) -> None:
        if not hasattr(estimator, "fit") or not hasattr(estimator, "net_input"):
            raise TypeError(
                f"estimator must have fit and net_input (e.g. Perceptron()); got {type(estimator).__name__}."
            )
        self.estimator = estimator

    def fit(self, X, y) -> "OneVsRest":
        """Fit one copy of the estimator per class: that class against all others."""
        X, y = v.check_X_y(X, y)
        self.classes_ = np.unique(y)
        if self.classes_.size < 2:
            raise ValueError(f"y must contain at least two classes; got only {self.classes_.tolist()}.")
        self.estimators_ = [
            copy.deepcopy(self.estimator).fit(X, (y == c).astype(int)) for c in self.classes_
        ]
        return self

    def decision_function(self, X) -> np.ndarray:
        """Net input of every per-class model: shape (n_samples, n_classes)."""
        v.check_fitted(self, "estimators_")
        return np.column_stack([est.net_input(X) for est in self.estimators_])

    def predict(self, X) -> np.ndarray:
        """The class whose model gives the largest net input."""
        scores = self.decision_function(X)  # first, so an unfitted model says "call fit"
        return self.classes_[np.argmax(scores, axis=1)]
