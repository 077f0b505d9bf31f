"""Exercises of notebook 04: each check accepts the right answer and names what is wrong."""

import numpy as np
import pytest

from nnlib import Adaline
from nnlib.exercises import adaline as ex


def true_gradient():
    X, y, w, b = ex.gradient_problem()
    t = 2.0 * y - 1.0
    error = t - (X[:, 0] * w + b)
    return -np.mean(error * X[:, 0]), -np.mean(error)


def test_gradient_problem_values():
    dw, db = true_gradient()
    assert (dw, db) == pytest.approx((-0.15, 0.4))


def test_check_gradient_correct():
    dw, db = true_gradient()
    assert ex.check_gradient(dw, db)
    assert ex.check_gradient(np.float64(dw), np.array([db]))  # numpy scalars are fine


@pytest.mark.parametrize("dw, db, words", [
    (0.15, -0.4, "signs are flipped"),
    (-0.6, 1.6, "sum"),
    (-0.15, 0.3, "∂J/∂b = 0.3 is too low."),
    (-0.1, 0.4, "∂J/∂w = −0.1 is too high."),
    (-0.1502, 0.4, "close, probably rounded"),
    (0.15, 0.4, "∂J/∂w has the wrong sign"),
    (-0.6, 0.4, "∂J/∂w is 4 times too large"),
])
def test_check_gradient_hints(dw, db, words):
    feedback = ex.check_gradient(dw, db)
    assert not feedback
    assert words in feedback.message


def test_check_gradient_spots_labels_instead_of_targets():
    X, y, w, b = ex.gradient_problem()
    error = y - (X[:, 0] * w + b)
    feedback = ex.check_gradient(-np.mean(error * X[:, 0]), -np.mean(error))
    assert not feedback and "t = 2y − 1" in feedback.message


@pytest.mark.parametrize("bad, words", [
    ("0.1", "dw must be a single real number"), ([1, 2], "dw must be a single real number"),
    (None, "dw must be a single real number"), (float("nan"), "dw must be a finite number"),
    (True, "truth value"), (1j, "complex"), (10 ** 400, "too large"), (np.complex128(-0.15), "complex"),
])
def test_check_gradient_rejects_non_numbers_kindly(bad, words):
    feedback = ex.check_gradient(bad, 0.4)
    assert not feedback and words in feedback.message


def test_far_off_hints_do_not_hand_over_the_answer():
    # The starting cell passes 0, 0: "0.15 too high" would be the answer itself.
    feedback = ex.check_gradient(0.0, 0.0)
    assert "∂J/∂w = 0 is too high." in feedback.message and "∂J/∂b = 0 is too low." in feedback.message
    assert "0.15" not in feedback.message and "0.4" not in feedback.message
    feedback = ex.check_one_step(0.2, 0.1)
    assert "0.075" not in feedback.message and "0.275" not in feedback.message


def test_fractions_are_numbers():
    from fractions import Fraction
    assert ex.check_gradient(Fraction(-3, 20), Fraction(2, 5))
    assert ex.check_one_step(Fraction(11, 40), Fraction(-1, 10))


def test_check_one_step():
    X, y, w, b = ex.gradient_problem()
    model = Adaline(eta=ex.STEP_ETA, n_iter=1).fit(X, y, w0=[w], b0=b)
    w1, b1 = model.path_[1][0][0], model.path_[1][1]
    assert (w1, b1) == pytest.approx((0.275, -0.1))
    assert ex.check_one_step(w1, b1)
    assert "uphill" in ex.check_one_step(0.125, 0.3).message
    assert "learning rate" in ex.check_one_step(0.35, -0.3).message
    assert "only the change" in ex.check_one_step(0.075, -0.2).message
    feedback = ex.check_one_step(0.275, 0.3)
    assert not feedback and "w_new is right" in feedback.message and "b_new = 0.3 is too high" in feedback.message
    assert "b_new must be a single real number" in ex.check_one_step(0.2, "x").message
    assert "close, probably rounded" in ex.check_one_step(0.28, -0.1).message


def test_largest_converging_eta_is_an_edge():
    edge = ex.largest_converging_eta()
    X, y, target = ex.learning_rate_problem()
    below = Adaline(eta=edge, n_iter=ex.LR_EPOCHS).fit(X, y)
    above = Adaline(eta=edge + 2e-4, n_iter=ex.LR_EPOCHS).fit(X, y)
    assert below.losses_[-1] <= target < above.losses_[-1]
    A = np.column_stack([X[:, 0], np.ones(len(y))])
    assert edge < 2 / np.linalg.eigvalsh(A.T @ A / len(y))[-1]  # below the stability limit 2/λ_max


def test_check_learning_rate_outcomes():
    edge = ex.largest_converging_eta()
    assert ex.check_learning_rate(round(edge - 0.005, 2))
    assert ex.check_learning_rate(0.96 * edge)
    too_small = ex.check_learning_rate(0.05)
    assert not too_small and "too small" in too_small.message
    modest = ex.check_learning_rate(0.5)
    assert not modest and "larger learning rates do too" in modest.message
    too_big = ex.check_learning_rate(edge + 0.01)
    assert not too_big and "too large" in too_big.message
    huge = ex.check_learning_rate(50.0)
    assert not huge and "too large" in huge.message
    for bad in (-1, 0):
        assert "positive number" in ex.check_learning_rate(bad).message
    for bad in ("0.5", [0.5, 1.0], None, 1j, 10 ** 400):
        feedback = ex.check_learning_rate(bad)
        assert not feedback and "eta" in feedback.message


# ---- exercise 4: the learner's batch gradient descent ---------------------------------------
def _gd(bias=True, scale_mean=True, sign=1.0, targets=True, mutate=False):
    def fit(X, y, eta, n_iter):
        t = 2.0 * y - 1.0 if targets else y.astype(float)
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(n_iter):
            e = t - (X @ w + b)
            k = 1.0 / len(X) if scale_mean else 1.0
            w = w + sign * eta * k * (X.T @ e)
            if bias:
                b = b + sign * eta * k * e.sum()
        if mutate:
            X[:] = 0
        return w, b
    return fit


def test_check_adaline_fit_accepts_batch_descent():
    feedback = ex.check_adaline_fit(_gd())
    assert feedback, feedback.message


@pytest.mark.parametrize("kwargs, words", [
    (dict(bias=False), "no bias update"),
    (dict(scale_mean=False), "sum instead of mean"),
    (dict(sign=-1.0), "wrong sign"),
    (dict(targets=False), "labels y (0/1)"),
    (dict(mutate=True), "changed its input X"),
])
def test_check_adaline_fit_names_the_mistake(kwargs, words):
    feedback = ex.check_adaline_fit(_gd(**kwargs))
    assert not feedback and words in feedback.message


def test_check_adaline_fit_bad_functions():
    assert "Pass your function" in ex.check_adaline_fit("adaline_gd").message
    assert "raised ZeroDivisionError" in ex.check_adaline_fit(lambda X, y, e, n: 1 / 0).message
    assert "Return two things" in ex.check_adaline_fit(lambda X, y, e, n: np.zeros(X.shape[1])).message
    assert "returned None" in ex.check_adaline_fit(lambda X, y, e, n: None).message
    feedback = ex.check_adaline_fit(lambda X, y, e, n: (np.zeros(X.shape[1]), 1j))
    assert not feedback and "b must be a single real number" in feedback.message
    feedback = ex.check_adaline_fit(lambda X, y, e, n: (np.zeros(X.shape[1] + 1), 0.0))
    assert not feedback and "one weight per feature" in feedback.message


def test_check_adaline_fit_names_which_way_every_weight_is_off():
    feedback = ex.check_adaline_fit(lambda X, y, e, n: (np.zeros(X.shape[1]), 0.0))
    assert not feedback and "w[0] = 0 is 0.1352 too low; b = 0 is 0.03846 too high" in feedback.message


def test_check_adaline_fit_that_mutates_y_is_named():
    right = _gd()

    def fit(X, y, eta, n_iter):
        result = right(X, y, eta, n_iter)
        y[:] = 1
        return result
    feedback = ex.check_adaline_fit(fit)
    assert not feedback and "changed its input y" in feedback.message


def test_classroom_fields():
    assert ex.check_gradient.fields == {"dw": 0.0, "db": 0.0}
    assert ex.check_adaline_fit.code_exercise
    scalar = ex.check_adaline_fit(lambda X, y, e, n: (0.0, 0.0))  # scalar-only: wrong shape on 2 features
    assert not scalar
    zeros = ex.check_adaline_fit(lambda X, y, e, n: (np.zeros(X.shape[1]), 0.0))
    assert not zeros and "too low" in zeros.message and "too high" in zeros.message


@pytest.mark.parametrize("bad", [10 ** 400, 1j, None, np.array(["0.1"]), complex(0.1, 0)])
def test_check_gradient_malformed_answers_get_a_hint(bad):
    feedback = ex.check_gradient(bad, 0.4)
    assert not feedback and feedback.message.startswith("dw ")
    assert "must be" in feedback.message or "too large" in feedback.message


def test_check_gradient_accepts_a_fraction():
    from fractions import Fraction
    assert ex.check_gradient(Fraction(-3, 20), Fraction(2, 5))


def test_check_adaline_fit_zeroing_X_and_returning_zeros_fails():
    # With X = 0 the gradient of w is 0; a reference computed after the call would agree.
    def cheat(X, y, eta, n_iter):
        X[:] = 0
        return np.zeros(X.shape[1]), 0.0
    feedback = ex.check_adaline_fit(cheat)
    assert not feedback and "changed its input X" in feedback.message


def test_check_adaline_fit_scalar_only_code_fails():
    def one_feature_only(X, y, eta, n_iter):
        t = 2.0 * y - 1.0
        w, b = 0.0, 0.0
        for _ in range(n_iter):
            e = t - (X[:, 0] * w + b)
            w, b = w + eta * np.mean(e * X[:, 0]), b + eta * e.mean()
        return np.array([w]), b
    feedback = ex.check_adaline_fit(one_feature_only)
    assert not feedback and "one weight per feature, shape (2,)" in feedback.message


def test_check_adaline_fit_names_per_example_updates_and_off_by_one_epochs():
    def sgd(X, y, eta, n_iter):
        t = 2.0 * y - 1.0
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(n_iter):
            for xi, ti in zip(X, t):
                e = ti - (xi @ w + b)
                w, b = w + eta * e * xi, b + eta * e
        return w, b
    feedback = ex.check_adaline_fit(sgd)
    assert not feedback and "one update per example (SGD)" in feedback.message

    right = _gd()
    feedback = ex.check_adaline_fit(lambda X, y, eta, n_iter: right(X, y, eta, n_iter - 1))
    assert not feedback and "one epoch too few" in feedback.message
    feedback = ex.check_adaline_fit(lambda X, y, eta, n_iter: right(X, y, eta, n_iter + 1))
    assert not feedback and "one epoch too many" in feedback.message


def test_check_adaline_fit_stops_a_loop_that_never_ends(monkeypatch):
    monkeypatch.setattr(ex, "FIT_TIME_LIMIT", 0.3)

    def forever(X, y, eta, n_iter):
        w, b, epoch = np.zeros(X.shape[1]), 0.0, 0
        while epoch < n_iter:  # forgets epoch += 1
            w = w + 0.0
        return w, b
    feedback = ex.check_adaline_fit(forever)
    assert not feedback and "still running after 0.3 s" in feedback.message
    assert "range(n_iter)" in feedback.message
