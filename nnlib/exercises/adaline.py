"""Exercises for notebook 04 (Adaline and gradient descent).

- `check_gradient(dw, db)`: the gradient of J at a given point of a tiny data set;
- `check_one_step(w_new, b_new)`: one batch gradient-descent step from that point;
- `check_learning_rate(eta)`: the largest learning rate that still converges in 50 epochs.

The cost is nnlib's J(w, b) = ½·mean((t − z)²) with z = w·x + b and targets t = ±1.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from ..datasets import load_iris
from ..linear import Adaline, DivergenceWarning, adaline_loss
from . import (Feedback, Malformed, as_array, as_function, as_number, call_learner, checker,
               compare_hand_number, correct, hint, number, off_by)

# ---- the tiny problem of exercises 1 and 2 ----------------------------------------------------
_X = np.array([[0.0], [1.0], [2.0], [3.0]])
_Y = np.array([0, 0, 1, 1])
_W, _B = 0.2, 0.1
STEP_ETA = 0.5


def gradient_problem() -> tuple[np.ndarray, np.ndarray, float, float]:
    """X (4 flowers, 1 feature), labels y (0/1, so t = 2y − 1), and the point (w, b)."""
    return _X.copy(), _Y.copy(), _W, _B


def _gradient(X: np.ndarray, t: np.ndarray, w: float, b: float) -> tuple[float, float]:
    error = t - (X[:, 0] * w + b)
    return float(-np.mean(error * X[:, 0])), float(-np.mean(error))


def _numbers(**values) -> dict[str, float]:
    """The answers as floats; a malformed one raises Malformed, which `checker` turns into a hint."""
    out = {}
    for name, value in values.items():
        if isinstance(value, np.ndarray) and value.size == 1:
            value = value.reshape(())  # np.array([0.4]) is one number
        out[name] = as_number(value, name, example="0.25", limit=1e100)
    return out


def _hand_hint(got: float, want: float, name: str) -> str:
    """Which way a hand answer is off; the amount only when it is close (a rounding slip).

    Far off, "0.15 too high" would hand over the answer itself (it is got − 0.15), so the hint
    then says only which way to go.
    """
    if abs(got - want) <= 0.02 * abs(want):
        return compare_hand_number(got, want, name, rtol=1e-6, round_rtol=0.02)
    return f"{name} = {number(got)} is too {'high' if got > want else 'low'}."


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 + 1e-6 * abs(b)


@checker(fields={"dw": 0.0, "db": 0.0})
def check_gradient(dw, db) -> Feedback:
    """Check ∂J/∂w and ∂J/∂b at (w, b) = (0.2, 0.1) on the data of `gradient_problem()`."""
    t = 2.0 * _Y - 1.0
    want_w, want_b = _gradient(_X, t, _W, _B)  # the reference first
    values = _numbers(dw=dw, db=db)
    dw, db = values["dw"], values["db"]
    if _close(dw, want_w) and _close(db, want_b):
        return correct(f"∂J/∂w = {number(want_w)} and ∂J/∂b = {number(want_b)}. Both are "
                       "−mean(error × input), with input 1 for the bias.")
    n = _X.shape[0]
    sum_w, sum_b = n * want_w, n * want_b
    if _close(dw, -want_w) and _close(db, -want_b):
        return hint("Both signs are flipped: J falls as z approaches t, so the gradient is "
                    "−(1/n) Σ (t − z)·x, with a minus in front of the mean of error × input.")
    if _close(dw, sum_w) and _close(db, sum_b):
        return hint(f"You used the sum over the {n} examples. nnlib's J takes the mean, "
                    f"so divide both by n = {n}.")
    w01, b01 = _gradient(_X, _Y.astype(float), _W, _B)
    if _close(dw, w01) and _close(db, b01):
        return hint("Use the targets t = 2y − 1 (−1 or +1), not the labels y (0 or 1): "
                    "Adaline compares z with t.")
    messages = []
    for name, got, want in (("∂J/∂w", dw, want_w), ("∂J/∂b", db, want_b)):
        if _close(got, want):
            messages.append(f"{name} is right.")
        elif _close(got, -want):
            messages.append(f"{name} has the wrong sign.")
        elif _close(got, n * want):
            messages.append(f"{name} is {n} times too large (sum instead of mean?).")
        else:
            messages.append(_hand_hint(got, want, name))
    return hint(" ".join(messages) + " Compute the errors t − z first, then −mean(error × x) and "
                "−mean(error).")


@checker(fields={"w_new": 0.2, "b_new": 0.1})
def check_one_step(w_new, b_new) -> Feedback:
    """Check one batch step w ← w − η·∂J/∂w, b ← b − η·∂J/∂b (η = 0.5) from (0.2, 0.1)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        model = Adaline(eta=STEP_ETA, n_iter=1).fit(_X, _Y, w0=[_W], b0=_B)
    want_w, want_b = float(model.path_[1][0][0]), float(model.path_[1][1])  # the reference first
    values = _numbers(w_new=w_new, b_new=b_new)
    w_new, b_new = values["w_new"], values["b_new"]
    if _close(w_new, want_w) and _close(b_new, want_b):
        return correct(f"(w, b) = ({number(want_w)}, {number(want_b)}), the same step nnlib's Adaline takes; "
                       f"the cost fell from {number(adaline_loss(_X, _Y, [_W], _B), 3)} to "
                       f"{number(adaline_loss(_X, _Y, [want_w], want_b), 3)}.")
    gw, gb = _gradient(_X, 2.0 * _Y - 1.0, _W, _B)
    if _close(w_new, _W + STEP_ETA * gw) and _close(b_new, _B + STEP_ETA * gb):
        return hint("You stepped uphill: gradient descent subtracts η times the gradient.")
    if _close(w_new, _W - gw) and _close(b_new, _B - gb):
        return hint(f"You forgot the learning rate: multiply the gradient by η = {STEP_ETA} before "
                    "subtracting it.")
    if _close(w_new, gw * -STEP_ETA) and _close(b_new, gb * -STEP_ETA):
        return hint("That is only the change −η·∇J; add it to the old (w, b) = (0.2, 0.1).")
    parts = []
    for name, got, want in (("w_new", w_new, want_w), ("b_new", b_new, want_b)):
        parts.append(f"{name} is right." if _close(got, want)
                     else _hand_hint(got, want, name))
    return hint(" ".join(parts) + " Take the gradient from exercise 1 and use w − η·∂J/∂w, "
                "b − η·∂J/∂b.")


# ---- exercise 3: the learning-rate edge -------------------------------------------------------
LR_EPOCHS = 50
LR_TOLERANCE = 1e-3


@lru_cache(maxsize=1)
def _lr_data() -> tuple[np.ndarray, np.ndarray, float]:
    iris = load_iris()
    keep = iris.y < 2
    X, y = iris.X[keep][:, [3]], iris.y[keep]  # petal width in cm, raw
    A = np.column_stack([X[:, 0], np.ones(len(y))])
    (w, b), *_ = np.linalg.lstsq(A, 2.0 * y - 1.0, rcond=None)
    return X, y, adaline_loss(X, y, [w], b) + LR_TOLERANCE


def learning_rate_problem() -> tuple[np.ndarray, np.ndarray, float]:
    """Raw petal widths (cm) of setosa vs versicolor, labels, and the target cost.

    A learning rate "converges" when batch Adaline (start (0, 0), 50 epochs) ends with a
    cost at or below the target (the minimum cost plus 0.001).
    """
    X, y, target = _lr_data()
    return X.copy(), y.copy(), target


def _final_loss(eta: float) -> float:
    X, y, _ = _lr_data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        model = Adaline(eta=eta, n_iter=LR_EPOCHS).fit(X, y)
    return float(model.losses_[-1]) if not model.diverged_ else float("inf")


def _converges(eta: float) -> bool:
    return _final_loss(eta) <= _lr_data()[2]


@lru_cache(maxsize=1)
def largest_converging_eta() -> float:
    """The edge: the largest η (to 1e-4) whose 50 epochs end at or below the target cost."""
    lo, hi = 0.5, 2.5  # 0.5 converges, 2.5 does not (beyond 2/λ_max of this data)
    assert _converges(lo) and not _converges(hi)
    while hi - lo > 1e-4:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if _converges(mid) else (lo, mid)
    return lo


@checker(fields={"eta": 0.1})
def check_learning_rate(eta) -> Feedback:
    """Is eta (almost) the largest learning rate that converges on `learning_rate_problem()`?"""
    value = as_number(eta, "eta", example="0.5", limit=1e6)
    if value <= 0:
        return hint(f"eta must be one positive number (e.g. 0.5); got {number(value)}.")
    edge = largest_converging_eta()
    target = _lr_data()[2]
    loss = _final_loss(value)
    if loss > target:
        shown = "overflowed" if not np.isfinite(loss) else f"is {number(loss)}"
        if value > edge:
            return hint(f"With η = {number(value, 6)} the cost after {LR_EPOCHS} epochs {shown}, above the target "
                        f"{number(target, 4)}: η is too large, the steps overshoot the minimum. Go smaller.")
        return hint(f"With η = {number(value, 6)} the cost after {LR_EPOCHS} epochs is {number(loss)}, still above the "
                    f"target {number(target, 4)}: η is too small to get there in time. Go larger.")
    if value < 0.95 * edge:
        return hint(f"η = {number(value, 6)} converges, but larger learning rates do too. Keep increasing η until "
                    "the cost after 50 epochs stops reaching the target, then step back.")
    return correct(f"η = {number(value, 6)} converges (cost {number(loss, 4)} ≤ {number(target, 4)}); the edge is about "
                   f"{number(edge, 3)}. Slightly above it, the steps across the steep direction of the bowl "
                   "no longer shrink fast enough.")


# ---- exercise 4: Adaline's batch gradient descent, written by the learner ----------------------
FIT_CASES = ((20, 1, 0.1, 5, 0), (30, 2, 0.05, 8, 1), (12, 3, 0.2, 3, 2), (2, 2, 0.1, 4, 3))
FIT_TIME_LIMIT = 10.0  # seconds per data set; the right answer takes well under a millisecond


def _fit_variants(X, y, eta, n_iter):
    """(name of the mistake, w, b) for the usual wrong versions, to name what went wrong."""
    n = len(X)
    out = []
    for name in ("no bias update", "sum instead of mean", "wrong sign (steps uphill)",
                 "labels y (0/1) instead of targets t = 2y − 1", "one update per example (SGD)",
                 "one epoch too few", "one epoch too many"):
        t = y.astype(float) if name.startswith("labels") else 2.0 * y - 1.0
        w, b = np.zeros(X.shape[1]), 0.0
        epochs = n_iter - 1 if name == "one epoch too few" else n_iter + 1 if name == "one epoch too many" else n_iter
        with np.errstate(all="ignore"):
            for _ in range(epochs):
                if name.startswith("one update"):
                    for i in range(n):
                        e = t[i] - (X[i] @ w + b)
                        w, b = w + eta * e * X[i], b + eta * e
                    continue
                e = t - (X @ w + b)
                scale = 1.0 if name == "sum instead of mean" else 1.0 / n
                sign = -1.0 if name.startswith("wrong sign") else 1.0
                w = w + sign * eta * scale * (X.T @ e)
                if name != "no bias update":
                    b = b + sign * eta * scale * e.sum()
        out.append((name, w, b))
    return out


def _fit_result(result, d: int, where: str) -> tuple[np.ndarray, float]:
    """The learner's (w, b) as a float array of d weights and a float, or Malformed."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Malformed(f"Return two things, w and b (return w, b); got {type(result).__name__} {where}.")
    w_got, b_got = result
    w_got = as_array(w_got, "w", example="np.zeros(X.shape[1])").reshape(-1)
    if w_got.shape != (d,):
        raise Malformed(f"w must have one weight per feature, shape ({d},); got {w_got.size} numbers {where}.")
    if isinstance(b_got, np.ndarray) and b_got.size == 1:
        b_got = b_got.reshape(())  # b as a one-element array is one number
    return w_got, as_number(b_got, "b", example="0.0")


def _same_fit(w, b, w_ref, b_ref) -> bool:
    return bool(np.allclose(w, w_ref, rtol=1e-7, atol=1e-9)) and abs(b - b_ref) <= 1e-9 + 1e-7 * abs(b_ref)


@checker(code=True)
def check_adaline_fit(fit) -> Feedback:
    """Exercise 4: fit(X, y, eta, n_iter) -> (w, b), batch gradient descent from zero weights,
    compared with nnlib's Adaline on seeded random data sets (1 to 3 features)."""
    fit = as_function(fit, "your function (e.g. adaline_gd)")
    for case, (n, d, eta, n_iter, seed) in enumerate(FIT_CASES, start=1):
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0, d)
        y = (X @ rng.normal(size=d) + rng.normal(0, 0.5, n) > 0).astype(int)
        y[0], y[-1] = 0, 1  # both classes present
        # every reference first, from our own copies; call_learner hands the learner copies too
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)
            model = Adaline(eta=eta, n_iter=n_iter).fit(X.copy(), y.copy())
        want_w, want_b = model.w_.copy(), float(model.b_)
        variants = _fit_variants(X, y, eta, n_iter)
        where = (f"(data set {case}: {n} example{'s' if n > 1 else ''}, {d} feature{'s' if d > 1 else ''}, "
                 f"η = {number(eta)}, {n_iter} epochs)")
        result = call_learner(fit, X, y, eta, n_iter, names=("X", "y", "eta", "n_iter"), label=where[1:-1],
                              time_limit=FIT_TIME_LIMIT,
                              too_long="Loop `for epoch in range(n_iter)`: one batch step per epoch, no more.")
        w_got, b_val = _fit_result(result, d, where)
        if _same_fit(w_got, b_val, want_w, want_b):
            continue
        for name, w_v, b_v in variants:
            if _same_fit(w_got, b_val, w_v, b_v):
                return hint(f"Your result matches a version with {name} {where}.")
        wrong = [f"w[{j}] = {number(w_got[j])} is {off_by(w_got[j], want_w[j])}" for j in range(d)
                 if not np.isclose(w_got[j], want_w[j], rtol=1e-7, atol=1e-9)]
        if abs(b_val - want_b) > 1e-9 + 1e-7 * abs(want_b):
            wrong.append(f"b = {number(b_val)} is {off_by(b_val, want_b)}")
        return hint("; ".join(wrong) + f" {where}. Each epoch: errors t − z with the current w, b; then "
                    "w ← w + η·Xᵀ(t − z)/n and b ← b + η·mean(t − z).")
    return correct(f"Your gradient descent matches nnlib's Adaline on all {len(FIT_CASES)} data sets "
                   "(1 to 3 features, one with only two examples).")
