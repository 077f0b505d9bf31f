"""Exercises of notebook 06: right answers pass, typical mistakes get a hint naming them."""

import numpy as np
import pytest

from nnlib.exercises import backprop as ex


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def make_backprop(activation="sigmoid", slope=None, mistake=None):
    """A 2-H-2 backprop; `slope` overrides the hidden derivative, `mistake` plants one error."""
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh}[activation]
    default = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a ** 2}[activation]
    slope = slope or default

    def backprop(X, Y, W1, b1, W2, b2):
        A1 = f(X @ W1 + b1)
        P = softmax(A1 @ W2 + b2)
        d2 = (P - Y) / (1 if mistake == "no_mean" else len(X))
        d1 = (d2 @ W2.T) * slope(A1)
        db2 = d2.sum(axis=0, keepdims=mistake == "keepdims")
        db1 = d1.sum(axis=0) if mistake != "db1_mean" else d1.mean(axis=0)
        return X.T @ d1, db1, A1.T @ d2, db2
    return backprop


# ---- exercise 1 ----------------------------------------------------------------------------
def test_output_delta_correct():
    P, Y = ex.output_example()
    assert ex.check_output_delta((P - Y) / 3)
    assert ex.check_output_delta(((P - Y) / 3).tolist())


@pytest.mark.parametrize("answer, words", [
    (lambda P, Y: P - Y, "divide by n"),
    (lambda P, Y: (Y - P) / 3, "sign"),
    (lambda P, Y: np.zeros((2, 2)), "shape (3, 2)"),
    (lambda P, Y: "P - Y", "delta2 must be numbers"),
    (lambda P, Y: (P - Y) / 3 + np.array([[0, 0], [0.1, 0], [0, 0]]), "1 of 3 rows is off: example 2 (you have"),
    (lambda P, Y: np.full((3, 2), np.nan), "NaN"),
    (lambda P, Y: np.round((P - Y) / 3, 2), "rounded"),
])
def test_output_delta_hints(answer, words):
    feedback = ex.check_output_delta(answer(*ex.output_example()))
    assert not feedback
    assert words in feedback.message


def test_examples_are_copies():
    P, _ = ex.output_example()
    P[:] = 0
    assert ex.output_example()[0].sum() > 0


# ---- exercise 2 ----------------------------------------------------------------------------
def test_hidden_delta_correct():
    d2, W2, A1 = ex.hidden_example()
    assert ex.check_hidden_delta((d2 @ W2.T) * (1 - A1 ** 2))


@pytest.mark.parametrize("answer, words", [
    (lambda d2, W2, A1: d2 @ W2.T, "through the activation"),
    (lambda d2, W2, A1: (d2 @ W2) * (1 - A1 ** 2), "transpose"),
    (lambda d2, W2, A1: (d2 @ W2.T) * A1 * (1 - A1), "sigmoid"),
    (lambda d2, W2, A1: (d2 @ W2.T) * (1 - A1), "1 − A₁²"),
    (lambda d2, W2, A1: (d2 @ W2.T) * (1 - A1 ** 2) * 2, "example 1 (you have"),
    (lambda d2, W2, A1: ((d2 @ W2.T) * (1 - A1 ** 2))[:2], "shape (3, 2)"),
])
def test_hidden_delta_hints(answer, words):
    feedback = ex.check_hidden_delta(answer(*ex.hidden_example()))
    assert not feedback
    assert words in feedback.message


# ---- exercise 3 ----------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_backprop_correct(activation):
    feedback = ex._check_backprop(make_backprop(activation), activation)
    assert feedback, feedback.message


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", np.array(["sigmoid"]), None])
def test_backprop_owns_its_problem(activation):
    # The check fixes the sigmoid hidden layer: no activation can be passed, so a tanh backprop
    # "checked as tanh" cannot pass (the old check accepted activation="tanh").
    feedback = ex.check_backprop(make_backprop("tanh"), activation=activation)
    assert not feedback and "check_backprop takes (backprop)" in feedback.message
    assert not ex.check_backprop(make_backprop("tanh"))


@pytest.mark.parametrize("target", ["X", "W1", "b2", "Y"])
def test_backprop_that_mutates_its_inputs_is_named(target):
    right = make_backprop()

    def cheat(X, Y, W1, b1, W2, b2):
        result = right(X, Y, W1, b1, W2, b2)
        {"X": X, "W1": W1, "b2": b2, "Y": Y}[target][...] = 0
        return result
    feedback = ex.check_backprop(cheat)
    assert not feedback and f"changed its input {target}" in feedback.message


def test_backprop_zeroing_X_and_returning_zeros_fails():
    # With X = 0 the true dW1 is 0; a reference computed after the call would agree with zeros.
    def cheat(X, Y, W1, b1, W2, b2):
        X[:] = 0
        Y[:] = 0.5
        return np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
    feedback = ex.check_backprop(cheat)
    assert not feedback and "changed its input X, Y" in feedback.message


def test_backprop_that_writes_into_its_inputs_and_returns_the_right_answer_still_fails():
    right = make_backprop()

    def tidy_up(X, Y, W1, b1, W2, b2):
        result = right(X, Y, W1, b1, W2, b2)
        W1 -= result[0]  # an in-place gradient step on the caller's weights
        return result
    feedback = ex.check_backprop(tidy_up)
    assert not feedback and "changed its input W1" in feedback.message


def test_backprop_references_do_not_depend_on_the_learner():
    # A function that returns the right answer only when X was left alone must still be judged
    # against the same references every call: run the check twice, the same verdict.
    calls = []

    def remember(X, Y, W1, b1, W2, b2):
        calls.append(X.copy())
        return make_backprop()(X, Y, W1, b1, W2, b2)
    assert ex.check_backprop(remember) and ex.check_backprop(remember)
    assert len(calls) == 6 and all(np.array_equal(a, b) for a, b in zip(calls[:3], calls[3:]))


@pytest.mark.parametrize("bad", [None, "P - Y", np.full((3, 2), 1j), [[1, 2], [3]], [],
                                 [[10 ** 400, 0]] * 3, np.array([["a", "b"]] * 3), {"a": 1}])
def test_output_delta_malformed(bad):
    feedback = ex.check_output_delta(bad)
    assert not feedback and "delta2" in feedback.message


@pytest.mark.parametrize("bad", [None, "x", 1j, [[1j, 0]] * 3, np.zeros((2, 3))])
def test_hidden_delta_malformed(bad):
    feedback = ex.check_hidden_delta(bad)
    assert not feedback and "delta1" in feedback.message


def test_classroom_fields_row_by_row():
    P, Y = ex.output_example()
    assert ex.check_output_delta(((P - Y) / 3).ravel().tolist())
    assert ex.check_output_delta.fields == {"delta2": [0.0] * 6}
    assert ex.check_backprop.code_exercise


def test_backprop_tanh_slope_in_a_sigmoid_net_names_the_hidden_layer():
    feedback = ex.check_backprop(make_backprop("sigmoid", slope=lambda a: 1 - a ** 2))
    assert not feedback
    assert feedback.message.startswith("dW1, db1 are off (H = 3")
    assert "dW2, db2 are right" in feedback.message and "slope of the sigmoid" in feedback.message


@pytest.mark.parametrize("mistake, words", [
    ("no_mean", "dW1, db1, dW2, db2 are off"),
    ("keepdims", "db2 should have shape (2,) (the shape of b2"),
    ("db1_mean", "db1 is off"),
])
def test_backprop_mistakes(mistake, words):
    feedback = ex.check_backprop(make_backprop(mistake=mistake))
    assert not feedback
    assert words in feedback.message


def test_backprop_bad_functions():
    def raises(X, Y, W1, b1, W2, b2):
        return X @ W2  # shapes do not fit

    feedback = ex.check_backprop(raises)
    assert not feedback and "raised ValueError" in feedback.message and "W2 (3, 2)" in feedback.message
    feedback = ex.check_backprop(lambda X, Y, W1, b1, W2, b2: (W1, b1, W2))
    assert not feedback and "four arrays" in feedback.message
    assert "Pass your backprop function itself" in ex.check_backprop("backprop").message
    assert "returned None" in ex.check_backprop(lambda *args: None).message
    feedback = ex.check_backprop(lambda X, Y, W1, b1, W2, b2: (W1 * 1j, b1, W2, b2))
    assert not feedback and "dW1" in feedback.message and "complex" in feedback.message
    feedback = ex.check_backprop(lambda X, Y, W1, b1, W2, b2: ("dW1", b1, W2, b2))
    assert not feedback and "dW1 must be numbers" in feedback.message



def test_hidden_delta_rounded_answer_is_called_rounded():
    d2, W2, A1 = ex.hidden_example()
    feedback = ex.check_hidden_delta(np.round((d2 @ W2.T) * (1 - A1 ** 2), 2))
    assert not feedback and "rounded" in feedback.message


def test_every_wrong_row_is_named_and_which_way():
    P, Y = ex.output_example()
    answer = (P - Y) / 3
    answer[0, 1] += 0.5
    answer[2, 0] -= 0.5
    feedback = ex.check_output_delta(answer)
    assert "2 of 3 rows are off" in feedback.message
    assert "example 1 (you have [−0.1, 0.6]): the class-1 entry is too high" in feedback.message
    assert "example 3" in feedback.message and "the class-0 entry is too low" in feedback.message
    assert "example 2" not in feedback.message


def test_backprop_that_never_returns_is_stopped(monkeypatch):
    monkeypatch.setattr(ex, "TIME_LIMIT", 0.3)

    def forever(X, Y, W1, b1, W2, b2):
        while True:
            pass
    feedback = ex.check_backprop(forever)
    assert not feedback and "still running after 0.3 s" in feedback.message
