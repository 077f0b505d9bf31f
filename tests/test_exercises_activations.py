"""Exercises of notebook 02: right answers pass, wrong ones get a hint naming the failing input."""

import math

import numpy as np
import pytest

from nnlib.exercises import Feedback
from nnlib.exercises.activations import (check_clipped_leaky_relu, check_collapse, check_relu, check_sigmoid_derivative,
                                         check_softmax, collapse_layers)


def passes(feedback):
    assert isinstance(feedback, Feedback)
    assert feedback.correct, feedback.message
    assert repr(feedback).startswith("Correct.")


def fails(feedback, *fragments):
    assert isinstance(feedback, Feedback)
    assert not feedback.correct
    assert repr(feedback).startswith("Not yet.")
    for fragment in fragments:
        assert fragment in feedback.message, feedback.message


# ---- ReLU ------------------------------------------------------------------------------------
def test_relu_accepts_numpy_and_plain_python_versions():
    passes(check_relu(lambda z: np.maximum(z, 0.0)))
    passes(check_relu(lambda z: np.where(z > 0, z, 0.0)))


def test_relu_scalar_only_code_is_rejected_with_an_array_hint():
    # `if`/max on a single number breaks on the NumPy arrays the exercise passes in
    fails(check_relu(lambda z: max(0.0, z)), "NumPy array", "np.where", "not `if` on a number")
    fails(check_relu(lambda z: z if z > 0 else 0.0), "array", "not `if` on a number")


def test_relu_hint_names_failing_z():
    fails(check_relu(lambda z: np.where(z >= 0, z, 0.01 * z)),
          "wrong on z < 0", "z = −1000", "yours gives −10", "expected 0")
    fails(check_relu(lambda z: np.abs(z)), "wrong on z < 0", "z = −1000", "yours gives 1000")
    # wrong on both sides of 0: every wrong region is named, not only the first
    fails(check_relu(lambda z: np.minimum(z, 1.0)), "wrong on z < 0", "wrong on 0 < z", "yours gives 1,")
    message = check_relu(lambda z: np.maximum(z, 1.0)).message  # right above 1 only
    assert "wrong on z < 0" in message and "wrong on 0 < z" in message, message
    assert "wrong on 1 < z" not in message, message


@pytest.mark.parametrize("bad, fragment", [
    (3, "Pass your function itself"),
    (lambda z: None, "forget `return`"),
    (lambda z: z.sum(), "shape"),
    (lambda z: "text", "returned str"),
    (lambda z: 1 / 0, "ZeroDivisionError"),
])
def test_relu_bad_functions_get_friendly_hints(bad, fragment):
    fails(check_relu(bad), fragment)


# ---- clipped leaky ReLU ----------------------------------------------------------------------
def clipped_leaky_relu(z, alpha=0.01):
    return np.where(z < 0, alpha * z, np.where(z > 1, 1 + alpha * (z - 1), z))


def test_clipped_leaky_relu_correct():
    passes(check_clipped_leaky_relu(clipped_leaky_relu))
    passes(check_clipped_leaky_relu(lambda z: np.minimum(np.maximum(z, 0.01 * z), 1 + 0.01 * (z - 1))))


def test_clipped_leaky_relu_scalar_only_code_is_rejected_with_an_array_hint():
    fails(check_clipped_leaky_relu(lambda z: 0.01 * z if z < 0 else (z if z <= 1 else 1 + 0.01 * (z - 1))),
          "NumPy array", "not `if` on a number")


@pytest.mark.parametrize("wrong, fragments", [
    # the source article's version: 0 below 0 and 0.01·z in the middle
    # every wrong piece is named, including the breakpoint z = 1 itself
    (lambda z: np.where(z < 0, 0.0, np.where(z > 1, 1 + 0.01 * z, 0.01 * z)),
     ("wrong on z < 0", "expected −10", "αz", "wrong on 0 < z < 1", "f(z) = z",
      "wrong at the breakpoint z = 1", "yours gives 0.01, expected 1", "wrong on 1 < z")),
    (lambda z: np.clip(z, 0, 1), ("wrong on z < 0", "z = −1000", "expected −10", "αz", "wrong on 1 < z")),
    (lambda z: np.where(z < 0, 0.01 * z, np.minimum(z, 1.0)),
     ("wrong on 1 < z", "z = 1.001", "expected 1.00001", "1 + α(z − 1)")),
    (lambda z: np.where(z < 0, 0.01 * z, np.where(z > 1, 1 + 0.01 * z, z)),
     ("wrong on 1 < z", "yours gives 1.01, expected 1", "1 + α(z − 1)")),
])
def test_clipped_leaky_relu_hints_name_the_piece(wrong, fragments):
    fails(check_clipped_leaky_relu(wrong), *fragments)


# ---- sigmoid derivative ----------------------------------------------------------------------
def test_sigmoid_derivative_from_output():
    passes(check_sigmoid_derivative(lambda a: a * (1 - a)))
    passes(check_sigmoid_derivative(lambda a: a - a ** 2))


@pytest.mark.parametrize("wrong, fragments", [
    (lambda a: a * (a - 1), ("z = −10", "yours gives −4.53958e−05", "expected 4.53958e−05", "sign is flipped")),
    (lambda a: 1 - a ** 2, ("z = −800", "yours gives 1, expected 0", "tanh")),
    (lambda a: 1 / (1 + np.exp(-a)) * (1 - 1 / (1 + np.exp(-a))), ("applied σ again",)),
    (lambda a: (1 / a - 1) * a * a, ("z = −800", "nan")),  # breaks only where a = 0 exactly
    (lambda a: a, ("z = −10", "yours gives 4.53979e−05, expected 4.53958e−05")),
])
def test_sigmoid_derivative_hints(wrong, fragments):
    fails(check_sigmoid_derivative(wrong), *fragments)


# ---- softmax ---------------------------------------------------------------------------------
def stable_softmax(scores, T=1.0):
    s = np.asarray(scores) / T
    e = np.exp(s - s.max())
    return e / e.sum()


def test_softmax_correct():
    passes(check_softmax(stable_softmax))
    passes(check_softmax(lambda s, T: [math.exp((v - max(s)) / T) / sum(math.exp((u - max(s)) / T) for u in s)
                                       for v in s]))


def test_softmax_without_max_subtraction_is_caught_at_large_scores():
    def naive(scores, T=1.0):
        e = np.exp(scores / T)
        return e / e.sum()
    fails(check_softmax(naive), "scores = [1000, 0]", "nan", "overflows", "Subtract the LARGEST score")


def test_softmax_ignoring_temperature():
    fails(check_softmax(lambda s, T: stable_softmax(s)), "T = 0.5", "Divide the scores by T")


def test_softmax_underflow_case():
    def guard_large_only(scores, T=1.0):  # shifts only large scores: very negative ones underflow
        s = scores / T
        if s.max() > 500:
            s = s - s.max()
        e = np.exp(s)
        return e / e.sum()
    fails(check_softmax(guard_large_only), "scores = [−1000, −1000]", "nan", "underflows")


def test_softmax_bad_signature_and_shape():
    fails(check_softmax(lambda s: stable_softmax(s)), "TypeError", "(scores, T)")
    fails(check_softmax(lambda s, T: stable_softmax(s, T)[:1]), "shape")


# ---- collapse --------------------------------------------------------------------------------
def test_collapse_correct():
    W1, b1, W2, b2 = collapse_layers()
    passes(check_collapse(W1 @ W2, b1 @ W2 + b2))
    passes(check_collapse((W1 @ W2).tolist(), list(b1 @ W2 + b2)))


def test_collapse_accepts_four_numbers_row_by_row():
    W1, b1, W2, b2 = collapse_layers()
    passes(check_collapse((W1 @ W2).ravel(), b1 @ W2 + b2))
    fails(check_collapse((W1 @ W2).T.ravel(), b1 @ W2 + b2), "x = (1, 0)")


def test_collapse_layers_returns_copies():
    W1, *_ = collapse_layers()
    W1[:] = 0
    assert collapse_layers()[0].any()


def test_collapse_wrong_order_of_product():
    W1, b1, W2, b2 = collapse_layers()
    fails(check_collapse(W2 @ W1, b1 @ W2 + b2), "shape (3, 3)", "W1 @ W2")


def test_collapse_bias_forgotten_through_second_layer():
    W1, b1, W2, b2 = collapse_layers()
    fails(check_collapse(W1 @ W2, b2), "x = (0, 0)", "multiplied by W2")


def test_collapse_wrong_weights_name_the_input():
    W1, b1, W2, b2 = collapse_layers()
    W = W1 @ W2
    W[1, 0] += 1
    fails(check_collapse(W, b1 @ W2 + b2), "x = (0, 1)")


@pytest.mark.parametrize("W, b, fragment", [
    ("weights", np.zeros(2), "W must be numbers"),
    (np.zeros((2, 2)), np.zeros(3), "b has shape (3,)"),
    (np.full((2, 2), np.nan), np.zeros(2), "NaN"),
    (np.zeros((2, 3)), np.zeros(2), "W has shape (2, 3)"),
    (np.zeros(3), np.zeros(2), "needs shape (2, 2)"),
])
def test_collapse_bad_input(W, b, fragment):
    fails(check_collapse(W, b), fragment)
