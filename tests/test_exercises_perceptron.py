"""Notebook 03's self-checks: right answers pass, wrong ones get a hint naming the problem.

Each check owns its problem (the learner passes only the answer), decides with nnlib.zero and
turns malformed answers into hints.
"""

from fractions import Fraction

import numpy as np
import pytest

from nnlib import Perceptron
from nnlib.exercises import Feedback, checker
from nnlib.exercises import perceptron as ex
from nnlib.exercises.perceptron import (CONFUSION_Y, CONFUSION_Y_HAT, FIT_CASES, UPDATE_PROBLEM,
                                        check_confusion, check_epochs, check_perceptron_fit,
                                        check_update)

# The exercise's example: w = (0.2, −0.3), b = 0.1, η = 0.5, x = (1, 2), y = 1.
# z = 0.2 − 0.6 + 0.1 = −0.3 < 0 → ŷ = 0, a false negative: w += 0.5·x, b += 0.5 → (0.7, 0.7), 0.6.
judge_update = checker(ex._judge_update)  # the same verdicts on other (exercise-given) problems
judge_epochs = checker(ex._judge_epochs)


# ---- check_update -------------------------------------------------------------------------------
def test_update_problem_is_the_notebooks():
    assert UPDATE_PROBLEM == {"w": (0.2, -0.3), "b": 0.1, "x": (1.0, 2.0), "y": 1, "eta": 0.5}


def test_update_correct():
    feedback = check_update(0, [0.7, 0.7], 0.6)
    assert isinstance(feedback, Feedback) and feedback.correct
    assert "false negative" in feedback.message
    assert "from −0.3 to 2.7" in feedback.message
    assert check_update(y_hat=0, new_w=np.array([0.7, 0.7]), new_b=Fraction(3, 5)).correct


@pytest.mark.parametrize("args", [
    # the learner restating the problem: a true negative where nothing changes
    ([0.2, -0.3], 0.1, [1.0, 2.0], 0, 0, 0.5, [0.2, -0.3], 0.1),
    ([0.0, 0.0], 0.0, [0.0, 0.0], 1, 1, 1.0, [0.0, 0.0], 0.0),
])
def test_update_restating_the_problem_cannot_pass(args):
    feedback = check_update(*args)
    assert not feedback and "pass only your answer" in feedback.message


def test_update_givens_cannot_be_passed_by_name():
    assert not check_update(0, [0.7, 0.7], 0.6, y=0)
    assert not check_update(y_hat=0, new_w=[0.2, -0.3], new_b=0.1, w=[0.2, -0.3], b=0.1)


@pytest.mark.parametrize("y_hat, new_w, new_b, words", [
    (1, [0.7, 0.7], 0.6, "Check ŷ first: z = w·x + b = −0.3"),
    (0, [0.2, -0.3], 0.1, "a mistake, so w must change"),
    (0, [-0.3, -1.3], -0.4, "sign is flipped"),
    (0, [1.2, 1.7], 1.1, "left out the learning rate"),
    (0, [0.7, 0.2], 0.6, "without multiplying by x"),
    (0, [0.7, 0.7], 0.1, "the bias changes too"),
    (0, [0.7, 0.7], -0.4, "bias moves the wrong way"),
    (0, [0.7, 0.8], 0.6, "w₂ (new_w[1]) = 0.8 is 0.1 too high"),
    (0, [0.7, 0.7], 0.7, "new_b = 0.7 is 0.1 too high"),
])
def test_update_hints(y_hat, new_w, new_b, words):
    feedback = check_update(y_hat, new_w, new_b)
    assert not feedback.correct
    assert words in feedback.message


def test_update_names_every_wrong_weight():
    message = check_update(0, [0.8, 0.6], 0.6).message
    assert "w₁ (new_w[0]) = 0.8 is 0.1 too high" in message
    assert "w₂ (new_w[1]) = 0.6 is 0.1 too low" in message


def test_update_true_negative_and_false_positive():
    assert "nothing changes" in judge_update([0.2, -0.3], 0.1, [1.0, 2.0], 0, 0.5, 0, [0.2, -0.3], 0.1).message
    assert "y − ŷ = 0" in judge_update([0.2, -0.3], 0.1, [1.0, 2.0], 0, 0.5, 0, [0.7, 0.7], 0.6).message
    feedback = judge_update([1.0, 1.0], 0.0, [1.0, 0.0], 0, 0.5, 1, [0.5, 1.0], -0.5)
    assert feedback.correct and "false positive" in feedback.message


def test_update_decides_with_the_zero_rule():
    # 0.7·1 + 0.1·1 − 0.8 is 0 on paper (−1.1e−16 in floating point): step(0) = 1, a true positive
    assert 0.7 + 0.1 - 0.8 < 0
    feedback = judge_update([0.7, 0.1], -0.8, [1.0, 1.0], 1, 0.5, 1, [0.7, 0.1], -0.8)
    assert feedback.correct, feedback.message
    wrong = judge_update([0.7, 0.1], -0.8, [1.0, 1.0], 1, 0.5, 0, [1.2, 0.6], -0.3)
    assert not wrong and "z = w·x + b = 0 is ≥ 0" in wrong.message
    assert not judge_update([0.0, 0.0], 0.0, [1.0, 1.0], 1, 1.0, 0, [1.0, 1.0], 1.0)


@pytest.mark.parametrize("changes, words", [
    (dict(new_w="0.7, 0.7"), "new_w must be numbers"),
    (dict(new_w=[0.7]), "new_w needs 2 numbers"),
    (dict(new_w=[[0.7, 0.7]]), "flat list"),
    (dict(new_w=[]), "empty"),
    (dict(new_w=None), "new_w must be numbers"),
    (dict(new_w=[0.7 + 0j, 0.7]), "complex"),
    (dict(new_w=[10**400, 0.7]), "too large"),
    (dict(new_w=[float("nan"), 0.7]), "NaN"),
    (dict(new_b=[0.6]), "new_b must be a single real number"),
    (dict(new_b=0.6j), "complex"),
    (dict(new_b=10**400), "too large"),
    (dict(new_b=1e300), "far larger"),
    (dict(new_b=None), "new_b must be a single real number"),
    (dict(y_hat=0.5), "y_hat must be 0 or 1"),
    (dict(y_hat=True), "truth value"),
    (dict(y_hat="0"), "y_hat must be a single real number"),
])
def test_update_bad_input_gets_a_hint(changes, words):
    args = dict(y_hat=0, new_w=[0.7, 0.7], new_b=0.6)
    args.update(changes)
    feedback = check_update(**args)
    assert isinstance(feedback, Feedback) and not feedback.correct
    assert words in feedback.message


# ---- check_confusion ----------------------------------------------------------------------------
def test_confusion_example_counts():
    assert CONFUSION_Y.size == CONFUSION_Y_HAT.size == 10
    feedback = check_confusion(3, 4, 2, 1)
    assert feedback.correct
    assert "7/10 = 0.7" in feedback.message
    assert check_confusion(Fraction(3), np.int64(4), 2.0, np.array(1)).correct


@pytest.mark.parametrize("args, kwargs", [
    ((1, 0, 0, 0), dict(y=[1], y_hat=[1])),
    ((0, 0, 0, 0), dict(y=[], y_hat=[])),
    ((2, 1, 1, 0), dict(y=[1, 0, 1, 0], y_hat=[1, 1, 1, 0])),
    ((1, 0, 0, 0, [1], [1]), {}),
])
def test_confusion_restating_the_problem_cannot_pass(args, kwargs):
    feedback = check_confusion(*args, **kwargs)  # no ZeroDivisionError for y=[], y_hat=[]
    assert isinstance(feedback, Feedback) and not feedback
    assert "pass only your answer" in feedback.message


def test_confusion_data_cannot_be_changed():
    with pytest.raises(ValueError):
        CONFUSION_Y[0] = 0


@pytest.mark.parametrize("tp, tn, fp, fn, words", [
    (3, 4, 1, 2, "FP and FN are swapped"),
    (4, 3, 2, 1, "TP and TN are swapped"),
    (3, 4, 2, 2, "add up to the number of examples, 10"),
    (0, 0, 0, 0, "Yours add up to 0"),
])
def test_confusion_hints(tp, tn, fp, fn, words):
    feedback = check_confusion(tp, tn, fp, fn)
    assert not feedback.correct and words in feedback.message


def test_confusion_names_every_wrong_count_and_which_way():
    message = check_confusion(2, 5, 1, 2).message
    assert "TP = 2 is 1 too low" in message
    assert "TN = 5 is 1 too high" in message
    assert "FP = 1 is 1 too low" in message
    assert "FN = 2 is 1 too high" in message


@pytest.mark.parametrize("bad, words", [
    (2.5, "whole number"), (-1, "whole number"), ("3", "single real number"), (None, "single real number"),
    (3 + 0j, "complex"), (10**400, "too large"), (1e300, "far larger"), ([3], "single real number"),
    (Fraction(5, 2), "whole number"), (float("inf"), "finite"),
])
def test_confusion_bad_input_gets_a_hint(bad, words):
    feedback = check_confusion(bad, 4, 2, 1)
    assert isinstance(feedback, Feedback) and not feedback.correct
    assert words in feedback.message and "tp" in feedback.message


# ---- check_epochs -------------------------------------------------------------------------------
def test_epochs_or_in_reverse_order():
    # by hand, η = 1 (η only scales w and b): epoch 1 misses (0, 0) → b = −1; epoch 2 misses
    # (1, 1) → w = (1, 1), b = 0, and (0, 0) → b = −1; epoch 3 is clean: 3 epochs, mistakes 1, 2, 0
    assert ex.EPOCHS_ORDER == (3, 2, 1, 0)
    feedback = check_epochs(3)
    assert feedback.correct
    assert "1, 2, 0" in feedback.message
    assert "same for every η" in feedback.message
    assert "in the truth table's order OR needs 4 epochs (2, 2, 1, 0)" in feedback.message
    assert check_epochs(Fraction(3)).correct and check_epochs(np.float64(3.0)).correct
    assert not check_epochs(4)  # the truth table's order (section 2): not this exercise


@pytest.mark.parametrize("args, kwargs", [
    ((6,), dict(gate="AND")),
    ((6,), dict(gate="AND", eta=1.0)),
    ((None,), dict(gate="XOR")),
    ((3, "OR", 0.1), {}),
    ((3,), dict(order=(3, 2, 1, 0))),
])
def test_epochs_restating_the_problem_cannot_pass(args, kwargs):
    feedback = check_epochs(*args, **kwargs)
    assert not feedback and "pass only your answer" in feedback.message


@pytest.mark.parametrize("answer, words", [
    (2, "Close: epoch 2 still made 2 mistakes. Count the last, error-free epoch too"),
    (1, "Too few: epoch 1 still made 1 mistake"),
    (0, "At least one epoch"),
    (4, "Too many: epoch 3 already made no mistake"),
    (None, "does converge"),
    (2.5, "whole number"),
    ("four", "single real number"),
    (4 + 0j, "complex"),
    (10**400, "too large"),
    ([4], "single real number"),
])
def test_epochs_hints(answer, words):
    feedback = check_epochs(answer)
    assert not feedback.correct and words in feedback.message


def test_epochs_verdicts_follow_a_run():
    # the same judge on other gates: the answer always comes from a Perceptron run
    for gate in ("AND", "NAND", "NOR"):
        n = len(Perceptron(eta=0.1, n_iter=100).fit(*ex.logic_gate(gate)).errors_)
        assert judge_epochs(n, gate, 0.1) and not judge_epochs(n + 1, gate, 0.1)
    assert judge_epochs(None, "XOR", 0.1).correct
    assert "answer is None" in judge_epochs(4, "XOR", 0.1).message


def test_feedback_reprs_show_the_verdict():
    assert repr(check_epochs(3)).startswith("Correct.")
    assert repr(check_epochs(2)).startswith("Not yet.")


# ---- check_perceptron_fit: the learner's training loop ------------------------------------------
def good_fit(X, y, eta, n_iter):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_iter):
        mistakes = 0
        for x, target in zip(X, y):
            y_hat = 1 if x @ w + b >= 0 else 0
            if y_hat != target:
                w = w + eta * (target - y_hat) * x
                b = b + eta * (target - y_hat)
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


def test_fit_cases_test_what_they_claim():
    runs = [Perceptron(eta=c["eta"], n_iter=c["n_iter"]).fit(c["X"], c["y"]) for c in FIT_CASES]
    assert [r.converged_ for r in runs] == [True, True, False, True]
    assert all(len(r.errors_) >= 3 for r in runs)
    assert len(runs[2].errors_) == FIT_CASES[2]["n_iter"] and min(runs[2].errors_) > 0
    for case, run in zip(FIT_CASES, runs):  # the textbook loop (z ≥ 0) agrees with nnlib here
        w, b, errors = good_fit(case["X"], case["y"], case["eta"], case["n_iter"])
        assert errors == run.errors_ and np.allclose(w, run.w_) and np.isclose(b, run.b_)


def test_fit_right_loop_passes():
    feedback = check_perceptron_fit(good_fit)
    assert feedback.correct, feedback.message
    # a loop that uses nnlib.zero for the step, and returns arrays/tuples, passes too
    from nnlib.zero import decide

    def with_zero_rule(X, y, eta, n_iter):
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(n_iter):
            errors.append(0)
            for x, t in zip(X, y):
                e = t - int(decide(x, w, b))
                w, b = w + eta * e * x, b + eta * e
                errors[-1] += int(e != 0)
            if errors[-1] == 0:
                break
        return (w, b, np.array(errors))
    assert check_perceptron_fit(with_zero_rule)


def _mutant(change):
    """good_fit with one line changed, written out as a learner would."""
    def fit(X, y, eta, n_iter):
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        pending = [np.zeros_like(w), 0.0]
        for epoch in range(n_iter):
            mistakes = 0
            for x, target in zip(X, y):
                z = x @ w + b
                y_hat = (1 if z > 0 else 0) if change == "strict" else (1 if z >= 0 else 0)
                error = target - (z if change == "use_z" else y_hat)
                if change == "push":
                    error = 2 * target - 1          # towards the label, right or wrong
                if change == "sign":
                    error = -error
                rate = 1.0 if change == "no_eta" else eta
                if change == "batch":
                    pending[0] = pending[0] + rate * error * x
                    pending[1] += rate * error
                else:
                    w = w + rate * error * x
                    if change != "no_bias":
                        b = b + rate * error
                if y_hat != target or change == "count_all":
                    mistakes += 1
            if change == "batch":
                w, b = w + pending[0], b + pending[1]
                pending = [np.zeros_like(w), 0.0]
            if not (mistakes == 0 and change == "drop_last"):
                errors.append(mistakes)
            if mistakes == 0 and change != "never_stop":
                break
        return w, b, errors
    return fit


@pytest.mark.parametrize("change, words", [
    ("no_bias", "never update the bias"),
    ("sign", "wrong sign"),
    ("use_z", "update on every example, by η·(y − z)"),
    ("push", "update on every example, also when ŷ = y"),
    ("strict", "ŷ = 0 at z = 0"),
    ("no_eta", "left out the learning rate"),
    ("never_stop", "runs all n_iter epochs"),
    ("drop_last", "leaves out the clean epoch"),
    ("count_all", "count every example"),
    ("batch", "at the end of the epoch"),
])
def test_fit_each_wrong_loop_gets_its_hint(change, words):
    feedback = check_perceptron_fit(_mutant(change))
    assert isinstance(feedback, Feedback) and not feedback.correct
    assert words in feedback.message, feedback.message


def test_fit_other_wrong_loops_get_where_they_differ():
    def random_start(X, y, eta, n_iter):
        w, b, errors = good_fit(X, y, eta, n_iter)
        return w + 0.01, b, errors
    message = check_perceptron_fit(random_start).message
    assert "the mistakes per epoch agree" in message and "data set 1" in message

    def one_epoch_only(X, y, eta, n_iter):
        return good_fit(X, y, eta, 1)
    message = check_perceptron_fit(one_epoch_only).message
    assert "your loop ran 1 epochs, nnlib's 6" in message


def test_fit_malformed_and_mutating_functions_get_hints():
    def mutating(X, y, eta, n_iter):
        result = good_fit(X, y, eta, n_iter)
        y[:] = 0
        return result
    assert "changed its input y" in check_perceptron_fit(mutating).message
    assert "returned None" in check_perceptron_fit(lambda X, y, eta, n_iter: None).message
    assert "raised ZeroDivisionError" in check_perceptron_fit(lambda X, y, eta, n_iter: 1 / 0).message
    assert "return w, b, errors" in check_perceptron_fit(lambda X, y, eta, n_iter: np.zeros(2)).message
    assert "w needs 2 numbers" in check_perceptron_fit(lambda X, y, eta, n: (np.zeros(3), 0.0, [0])).message
    assert "complex" in check_perceptron_fit(lambda X, y, eta, n: (np.zeros(2), 1j, [0])).message
    assert "itself" in check_perceptron_fit(good_fit(FIT_CASES[0]["X"], FIT_CASES[0]["y"], 1.0, 5)).message
    assert not check_perceptron_fit(good_fit, "extra")


def test_fit_learner_cannot_change_the_data_sets():
    def vandal(X, y, eta, n_iter):
        FIT_CASES[0]["y"][:] = 1
        return good_fit(X, y, eta, n_iter)
    assert not check_perceptron_fit(vandal)
    assert list(FIT_CASES[0]["y"]) == [0, 0, 0, 1]
    assert check_perceptron_fit(good_fit)


def test_fit_float32_loop_is_accepted():
    # the same loop in float32: rounding differences, not a mistake
    def fit32(X, y, eta, n_iter):
        w, b, errors = good_fit(X.astype(np.float32), y, np.float32(eta), n_iter)
        return w.astype(np.float32), np.float32(b), errors
    assert check_perceptron_fit(fit32).correct


def test_fit_loop_that_never_ends_gets_a_hint(monkeypatch):
    # `while` instead of `for epoch in range(n_iter)`: fine on separable data, endless on data set 3
    monkeypatch.setattr(ex, "FIT_TIME_LIMIT", 0.5)

    def until_clean(X, y, eta, n_iter):
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        while not errors or errors[-1] > 0:
            errors.append(0)
            for x, target in zip(X, y):
                y_hat = 1 if x @ w + b >= 0 else 0
                if y_hat != target:
                    w, b = w + eta * (target - y_hat) * x, b + eta * (target - y_hat)
                    errors[-1] += 1
        return w, b, errors
    feedback = check_perceptron_fit(until_clean)
    assert not feedback and "still running after 0.5 s" in feedback.message
    assert "data set 3" in feedback.message and "range(n_iter)" in feedback.message

    def swallows(X, y, eta, n_iter):  # its own `except Exception` cannot hide the time limit
        try:
            while True:
                pass
        except Exception:
            return good_fit(X, y, eta, n_iter)
    assert "still running" in check_perceptron_fit(swallows).message
    assert check_perceptron_fit(good_fit)  # the limit is gone afterwards
