"""Single neurons: a hand-set Neuron, the Perceptron rule, Adaline, and one-vs-rest."""

from __future__ import annotations

import copy
import itertools
import math
import operator
import sys
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from . import _validation as v
from . import zero
from ._base import Classifier
from ._format import number
from .activations import Activation, Step, get_activation


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
        """f(z) for every row of X (a step output decides by nnlib.zero, as predict does)."""
        if isinstance(self.activation, Step):
            return self.predict(X).astype(np.float64)
        # net_input is never NaN; past the float limit it is ±inf, where every activation
        # has its limit (σ(inf) = 1): apply it directly rather than reject the inf as input.
        with np.errstate(over="ignore", invalid="ignore"):
            return self.activation._f(self.net_input(X))

    def predict(self, X) -> np.ndarray:
        """Class 1 where z >= 0 (z within rounding of 0 counts as 0, see nnlib.zero), else 0."""
        return zero.decide(v.check_X(X, n_features=self.w.size), self.w, self.b)


class _Progress:
    """Says how long fit will take once an epoch takes more than a second (verbose="auto").

    It prints to stderr, not through `warnings`: a slow epoch is not a mistake, and a warning
    would be an error wherever warnings are (as in this project's tests).
    """

    SLOW = 1.0      # seconds per epoch from which "auto" speaks
    EVERY = 10.0    # seconds between two progress lines under "auto"

    def __init__(self, model: str, n_epochs: int, verbose) -> None:
        self.mode = v.check_verbose(verbose)
        self.model, self.n_epochs = model, n_epochs
        self.start = self.last = time.perf_counter()
        self.said = False

    def epoch_done(self, epoch: int) -> None:
        """Call after epoch `epoch` (1-based) of n_epochs."""
        if self.mode is False:
            return
        now = time.perf_counter()
        per_epoch = (now - self.start) / epoch
        left = per_epoch * (self.n_epochs - epoch)
        # Under "auto", at least 5 s must have gone by: one stall of the machine (another
        # program, a garbage collection) in a quick fit is not a slow fit worth a word.
        if self.mode == "auto" and (per_epoch <= self.SLOW or epoch == self.n_epochs
                                    or now - self.start < 5 * self.SLOW
                                    or (self.said and now - self.last < self.EVERY)):
            return
        self.said, self.last = True, now
        hint = " (verbose=False silences this)" if self.mode == "auto" else ""
        print(f"{self.model}: epoch {epoch} of {self.n_epochs}, {_duration(per_epoch)} per epoch, "
              f"about {_duration(left)} to go{hint}", file=sys.stderr, flush=True)


def _duration(seconds: float) -> str:
    """12.3 s, 4 min 10 s, 2 h 5 min."""
    if seconds < 60:
        return f"{number(seconds, 3)} s"
    minutes = int(round(seconds)) // 60
    if minutes < 60:
        return f"{minutes} min {int(round(seconds)) % 60} s"
    return f"{minutes // 60} h {minutes % 60} min"


@contextmanager
def _atomic(model) -> Iterator[None]:
    """A fit that fails (bad input, interrupted) leaves the model as it was before.

    fit only ever replaces attributes (new weight arrays, never edits of the old ones), so a
    shallow copy of the instance dictionary is enough to put everything back.
    """
    saved = dict(model.__dict__)
    try:
        yield
    except Warning:
        # A DivergenceWarning raised as an error (warnings filtered to "error") is the end
        # of a training run, not a failed fit: the model stays diverged and says so.
        raise
    except BaseException:
        model.__dict__.clear()
        model.__dict__.update(saved)
        raise


# Up to this many features, one row's arithmetic is faster on Python floats than as NumPy
# calls (each NumPy call costs about a microsecond, whatever the size of the row).
PYTHON_FEATURES = 24
_INF = math.inf


class _Rows:
    """One example at a time, as Python floats (few features) or NumPy rows (many).

    The perceptron rule and Adaline's SGD look at one example at a time, and for a handful
    of features a NumPy call per example costs far more than its arithmetic. The arithmetic
    is the same either way: w·x summed term by term, then + b; w + u·x element by element.
    """

    def __init__(self, X: np.ndarray) -> None:
        self.python = X.shape[1] <= PYTHON_FEATURES
        self.X = X

    CHUNK = 8192  # rows turned into Python floats at a time: bounded memory at any n

    def rows(self, order=None):
        X = self.X if order is None else self.X[order]
        if not self.python:
            return iter(X)
        n, d, chunk = X.shape[0], X.shape[1], self.CHUNK
        return itertools.chain.from_iterable(
            zip(*(X[s:s + chunk, j].tolist() for j in range(d))) for s in range(0, n, chunk))

    def weights(self, w: np.ndarray):
        return w.tolist() if self.python else w.copy()

    def array(self, w) -> np.ndarray:
        return np.array(w, dtype=np.float64)

    def dot(self, w, x) -> float:
        return sum(map(operator.mul, w, x)) if self.python else float(x @ w)

    def step(self, w, u: float, x):
        """w + u·x."""
        return [a + u * c for a, c in zip(w, x)] if self.python else w + u * x

    def abs_max(self, w) -> float:
        return max(map(abs, w)) if self.python else float(np.max(np.abs(w)))


class _BinaryLinear(Classifier):
    """Shared plumbing of the two-class linear models: labels, prediction, checks."""

    w_: np.ndarray | None = None
    b_: float | None = None
    classes_: np.ndarray | None = None
    diverged_: bool = False

    def _labels(self, X, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Checked X, the two classes and 0/1 targets; changes nothing on the model."""
        X, y = v.check_X_y(X, y)
        classes = v.check_binary(y, type(self).__name__)
        return X, classes, (y == classes[1]).astype(np.float64)

    def _start_weights(self, n_features: int) -> tuple[np.ndarray, float]:
        if self.random_state is None:
            return np.zeros(n_features), 0.0
        rng = v.check_random_state(self.random_state)
        return rng.normal(0.0, 0.01, n_features), float(rng.normal(0.0, 0.01))

    def _weights(self) -> tuple[np.ndarray, float, np.ndarray]:
        """w, b and the two classes, checked where they are used (they may be set by hand).

        A model that diverged refuses: its weights answer nothing sensible.
        """
        v.check_fitted(self, "w_")
        name = type(self).__name__
        if self.diverged_:
            raise ValueError(
                f"This {name} diverged during fit (see the DivergenceWarning): its weights "
                f"are meaningless. Fit it again with a smaller eta, or standardise the inputs."
            )
        w = v.as_float_array(self.w_, "w_")
        if w.ndim != 1 or w.size == 0:
            raise ValueError(f"w_ must be a 1-D array with one weight per feature; got shape {w.shape}.")
        b = v.check_real(0.0 if self.b_ is None else self.b_, "b_")
        classes = np.arange(2) if self.classes_ is None else np.asarray(self.classes_)
        if classes.shape != (2,):
            raise ValueError(f"classes_ of a {name} must hold two labels; got {v._preview(classes)}.")
        return w, b, classes

    def score(self, X, y) -> float:
        """Fraction of rows of X whose label is predicted correctly (labels of the kind fitted)."""
        X, y = v.check_X_y(X, y)
        v.check_labels_like(y, self._weights()[2])  # hand-set weights too: classes 0 and 1
        return float(np.mean(self.predict(X) == y))

    def net_input(self, X) -> np.ndarray:
        """z = Xw + b with the learned weights (±inf where it passes the float limit)."""
        w, b, _ = self._weights()
        X = v.check_X(X, n_features=w.size)
        return zero.net_input(X, w, b)[0]

    def predict(self, X) -> np.ndarray:
        """The predicted label of every row of X (the step rule of nnlib.zero)."""
        w, b, classes = self._weights()
        X = v.check_X(X, n_features=w.size)
        return classes[zero.decide(X, w, b)]


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
    """Rosenblatt's perceptron: step activation, w ← w + η(y − ŷ)x on every example.

    verbose: "auto" prints progress to stderr only when an epoch takes over a second,
    True after every epoch, False never. A fit that fails leaves the model as it was.
    """

    def __init__(self, eta: float = 0.1, n_iter: int = 50, random_state=None,
                 verbose: bool | str = "auto") -> None:
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state
        self.verbose = verbose

    def _checked(self, X, y) -> tuple:
        """Every argument and parameter checked, before anything on the model changes."""
        eta = v.check_positive(self.eta, "eta")
        n_iter = v.check_int(self.n_iter, "n_iter")
        v.check_verbose(self.verbose)
        X, classes, t = self._labels(X, y)
        w, b = self._start_weights(X.shape[1])
        return eta, n_iter, X, classes, t, w, b

    def steps(self, X, y) -> Iterator[PerceptronStep]:
        """Train from scratch, yielding one record per example looked at."""
        checked = self._checked(X, y)
        yield from self._run(*checked, trace=True)

    def fit(self, X, y) -> "Perceptron":
        """Run the rule until an epoch makes no mistake, or n_iter epochs."""
        checked = self._checked(X, y)
        with _atomic(self):
            for _ in self._run(*checked, trace=False):
                pass
        return self

    def _run(self, eta, n_iter, X, classes, t, w, b, trace: bool) -> Iterator[PerceptronStep]:
        """The rule itself; with trace, one PerceptronStep per example (and w_ kept current)."""
        self.classes_, self.w_, self.b_ = classes, w, b
        self.errors_, self.converged_, self.diverged_ = [], False, False
        rows = _Rows(X)
        w, targets = rows.weights(w), t.tolist()
        with np.errstate(over="ignore", invalid="ignore"):
            # |x₁| + … + |xₙ| per row: |z|'s terms add up to at most that times max|wⱼ|, plus |b|.
            row_size = np.abs(X).sum(axis=1).tolist()
        w_max, rtol = rows.abs_max(w), zero.ZERO_RTOL
        # steps() is driven from outside (an explorer, a click per example): its epochs last
        # as long as the learner likes, so only fit reports progress.
        progress = _Progress("Perceptron", n_iter, False if trace else self.verbose)
        for epoch in range(n_iter):
            mistakes = 0
            for i, x in enumerate(rows.rows()):
                z = rows.dot(w, x) + b
                # The rule of nnlib.zero, cheaply: z >= 0 is class 1, z clearly below
                # −ZERO_RTOL·(size of its terms) is class 0, anything else (a z within
                # rounding of 0, or an overflowing sum) goes to zero.decide.
                if 0.0 <= z < _INF:
                    prediction = 1.0
                elif -_INF < z and -z > rtol * (w_max * row_size[i] + abs(b)):
                    prediction = 0.0
                else:
                    prediction = float(zero.decide(rows.array(x), rows.array(w), b))
                update = eta * (targets[i] - prediction)
                if update:
                    w = rows.step(w, update, x)
                    b = b + update
                    w_max = rows.abs_max(w)
                    mistakes += 1
                    if not (w_max < _INF and abs(b) < _INF):
                        self.w_, self.b_ = rows.array(w), b
                        raise ValueError(
                            f"Perceptron weights passed the float limit at epoch {epoch + 1}: "
                            f"X has values up to {number(float(np.max(np.abs(X))))}. Standardise X "
                            "(see nnlib.standardize) or use a smaller eta.")
                    if trace:
                        self.w_, self.b_ = rows.array(w), b
                if trace:
                    yield PerceptronStep(epoch, i, rows.array(x), int(targets[i]), int(prediction),
                                         update, rows.array(w), b)
            self.errors_.append(mistakes)
            self.w_, self.b_ = rows.array(w), b
            progress.epoch_done(epoch + 1)
            if mistakes == 0:
                self.converged_ = True
                return


class Adaline(_BinaryLinear):
    """ADAptive LInear NEuron: gradient descent on J = ½·mean((t − z)²), t ∈ {−1, +1}.

    A fit whose loss blows up warns (DivergenceWarning) and sets diverged_; the model then
    refuses to predict. verbose as for Perceptron. A fit that fails leaves the model as it was.
    """

    def __init__(self, eta: float = 0.01, n_iter: int = 50, solver: str = "batch",
                 shuffle: bool = True, random_state=None, verbose: bool | str = "auto") -> None:
        self.eta = eta
        self.n_iter = n_iter
        self.solver = solver
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y, w0=None, b0: float | None = None) -> "Adaline":
        """Minimise the loss by gradient descent; w0, b0 set the start point (default 0)."""
        # Everything is checked before anything on the model changes.
        eta = v.check_positive(self.eta, "eta")
        n_iter = v.check_int(self.n_iter, "n_iter")
        solver = v.check_choice(self.solver, "solver", {"batch", "sgd"})
        shuffle = v.check_bool(self.shuffle, "shuffle")
        v.check_verbose(self.verbose)
        b0 = None if b0 is None else v.check_real(b0, "b0")
        X, classes, t01 = self._labels(X, y)
        if w0 is not None:
            w0 = v.as_float_array(w0, "w0")
            if w0.shape != (X.shape[1],):
                raise ValueError(f"w0 must have shape ({X.shape[1]},), one weight per feature; got {w0.shape}.")
        rng = v.check_random_state(self.random_state)
        w, b = self._start_weights(X.shape[1])
        w = w if w0 is None else w0.copy()
        b = b if b0 is None else b0
        with _atomic(self):
            self._descend(X, 2.0 * t01 - 1.0, classes, w, b, eta, n_iter, solver, shuffle, rng)
        return self

    def _descend(self, X, t, classes, w, b, eta, n_iter, solver, shuffle, rng) -> None:
        self.classes_, self.w_, self.b_ = classes, w, b
        self.losses_ = []
        self.path_ = [(w.copy(), b)]
        self.diverged_ = False
        n = X.shape[0]
        rows = _Rows(X)
        progress = _Progress("Adaline", n_iter, self.verbose)
        with np.errstate(over="ignore", invalid="ignore"):
            error = t - (X @ w + b)
            # Gradient descent on a convex bowl never raises the loss a millionfold: stop there
            # (or at inf/NaN) instead of grinding on until the numbers overflow.
            limit = DIVERGENCE_FACTOR * max(0.5 * float(np.mean(error * error)), 1.0)
            for epoch in range(1, n_iter + 1):
                if solver == "batch":
                    # ∂J/∂w = −(1/n) Xᵀ(t − z), ∂J/∂b = −mean(t − z)
                    w = w + eta * (X.T @ error) / n
                    b = b + eta * float(error.mean())
                else:
                    order = rng.permutation(n) if shuffle else None
                    targets = (t if order is None else t[order]).tolist()
                    wr = rows.weights(w)
                    for x, target in zip(rows.rows(order), targets):
                        u = eta * (target - (rows.dot(wr, x) + b))
                        wr = rows.step(wr, u, x)
                        b = b + u
                    w = rows.array(wr)
                self.w_, self.b_ = w, b
                error = t - (X @ w + b)  # the next epoch's errors, and this epoch's loss
                loss = 0.5 * float(np.mean(error * error))
                if not loss <= limit or not np.all(np.isfinite(w)):  # catches NaN too
                    self.diverged_ = True
                    big = float(np.max(np.abs(X)))
                    scale = (f" (X has values up to {number(big)})" if big > 1e6 else "")
                    warnings.warn(divergence_message("Adaline", eta, epoch) + scale,
                                  DivergenceWarning, stacklevel=3)
                    break
                self.losses_.append(loss)
                self.path_.append((w.copy(), b))
                progress.epoch_done(epoch)


def adaline_loss(X, y, w, b) -> float:
    """J(w, b) = ½·mean((t − Xw − b)²) with t = ±1: the surface Adaline descends."""
    X, y = v.check_X_y(X, y)
    t = 2.0 * (y == np.unique(y)[-1]) - 1.0
    return 0.5 * float(np.mean((t - X @ np.asarray(w, float) - b) ** 2))


class OneVsRest(Classifier):
    """Many classes from two-class models: one model per class, the highest net input wins."""

    def __init__(self, estimator) -> None:
        if isinstance(estimator, type):
            raise TypeError(f"estimator must be a model, not the class itself: write "
                            f"OneVsRest({estimator.__name__}()), with parentheses.")
        if not hasattr(estimator, "fit") or not hasattr(estimator, "net_input"):
            raise TypeError(
                f"estimator must have fit and net_input (e.g. Perceptron()); got {type(estimator).__name__}."
            )
        self.estimator = estimator

    def fit(self, X, y) -> "OneVsRest":
        """Fit one copy of the estimator per class: that class against all others."""
        X, y = v.check_X_y(X, y)
        classes = np.unique(y)
        if classes.size < 2:
            raise ValueError(f"y must contain at least two classes; got only {v._preview(classes)}.")
        # Fitted aside and stored only when every one of them has been: a failure in the
        # middle leaves the previous fit whole.
        estimators = [copy.deepcopy(self.estimator).fit(X, (y == c).astype(int)) for c in classes]
        self.classes_, self.estimators_ = classes, estimators
        return self

    def decision_function(self, X) -> np.ndarray:
        """Net input of every per-class model: shape (n_samples, n_classes)."""
        v.check_fitted(self, "estimators_")
        return np.column_stack([est.net_input(X) for est in self.estimators_])

    def predict(self, X) -> np.ndarray:
        """The class whose model gives the largest net input."""
        scores = self.decision_function(X)  # first, so an unfitted model says "call fit"
        bad = ~np.all(np.isfinite(scores), axis=1)
        if bad.any() and all(isinstance(e, _BinaryLinear) for e in self.estimators_):
            # Net inputs beyond the float limit are all ±inf and tie. Compare them on the row
            # divided by a power of two (exact, the same for every class): same order, no inf.
            Xb = v.check_X(X)[bad]
            _, k = np.frexp(np.max(np.abs(Xb), axis=1))
            Xs = np.ldexp(Xb, -k[:, None])
            with np.errstate(over="ignore", invalid="ignore"):
                scores[bad] = np.column_stack(
                    [Xs @ w + np.ldexp(b, -k) for w, b, _ in (e._weights() for e in self.estimators_)])
        return self.classes_[np.argmax(scores, axis=1)]
