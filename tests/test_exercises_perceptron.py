"""Notebook 03's self-checks: right answers pass, wrong ones get a hint naming the problem."""

import pytest

from nnlib.exercises import Feedback
from nnlib.exercises.perceptron import (CONFUSION_Y, CONFUSION_Y_HAT, check_confusion, check_epochs,
                                        check_update)

# The notebook's example: w = (0.2, −0.3), b = 0.1, η = 0.5, x = (1, 2), y = 1.
# z = 0.2 − 0.6 + 0.1 = −0.3 < 0 → ŷ = 0, a false negative: w += 0.5·x, b += 0.5.
W, B, X, Y, ETA = [0.2, -0.3], 0.1, [1.0, 2.0], 1, 0.5


def update(y_hat, new_w, new_b, **changes):
    args = dict(w=W, b=B, x=X, y=Y, y_hat=y_hat, eta=ETA, new_w=new_w, new_b=new_b)
    args.update(changes)
    return check_update(**args)


# ---- check_update -------------------------------------------------------------------------------
def test_update_correct():
    feedback = update(0, [0.7, 0.7], 0.6)
    assert isinstance(feedback, Feedback) and feedback.correct
    assert "false negative" in feedback.message
    assert "from −0.3 to 2.7" in feedback.message


def test_update_correct_when_nothing_changes():
    # y = 0 and ŷ = 0: a true negative, the weights stay
    feedback = update(0, W, B, y=0)
    assert feedback.correct and "nothing changes" in feedback.message


def test_update_false_positive_subtracts():
    # w = (1, 1), b = 0, x = (1, 0), y = 0: z = 1 → ŷ = 1, a false positive
    feedback = check_update([1.0, 1.0], 0.0, [1.0, 0.0], 0, 1, 0.5, [0.5, 1.0], -0.5)
    assert feedback.correct and "false positive" in feedback.message


@pytest.mark.parametrize("y_hat, new_w, new_b, words", [
    (1, [0.7, 0.7], 0.6, "Check ŷ first: z = w·x + b = −0.3"),
    (0, W, B, "a mistake, so w must change"),
    (0, [-0.3, -1.3], -0.4, "sign is flipped"),
    (0, [1.2, 1.7], 1.1, "left out the learning rate"),
    (0, [0.7, 0.2], 0.6, "without multiplying by x"),
    (0, [0.7, 0.7], 0.1, "the bias changes too"),
    (0, [0.7, 0.7], -0.4, "bias moves the wrong way"),
    (0, [0.7, 0.8], 0.6, "new_w[1] is off"),
    (0, [0.7, 0.7], 0.7, "check the bias"),
])
def test_update_hints(y_hat, new_w, new_b, words):
    feedback = update(y_hat, new_w, new_b)
    assert not feedback.correct
    assert words in feedback.message


def test_update_hint_when_weights_moved_on_a_correct_example():
    feedback = update(0, [0.7, 0.7], 0.6, y=0)
    assert not feedback.correct and "y − ŷ = 0" in feedback.message


def test_step_of_zero_is_one():
    # z = 0 exactly: ŷ = 1
    feedback = check_update([0.0, 0.0], 0.0, [1.0, 1.0], 1, 0, 1.0, [1.0, 1.0], 1.0)
    assert not feedback.correct and "step(0) = 1" in feedback.message
    assert check_update([0.0, 0.0], 0.0, [1.0, 1.0], 1, 1, 1.0, [0.0, 0.0], 0.0).correct


@pytest.mark.parametrize("changes, words", [
    (dict(new_w="0.7, 0.7"), "new_w must be a list of numbers"),
    (dict(new_w=[0.7]), "new_w needs 2 numbers"),
    (dict(new_w=[[0.7, 0.7]]), "flat list"),
    (dict(new_b=[0.6]), "new_b must be a single number"),
    (dict(y_hat=0.5), "y_hat must be 0 or 1"),
    (dict(y_hat=True), "y_hat must be a single number"),
    (dict(eta=-0.5), "must be > 0"),
    (dict(x=[1.0, 2.0, 3.0]), "x needs 2 numbers"),
    (dict(new_w=[float("nan"), 0.7]), "NaN"),
    (dict(w=None), "w must be a list of numbers"),
])
def test_update_bad_input_gets_a_hint(changes, words):
    args = dict(y_hat=0, new_w=[0.7, 0.7], new_b=0.6)
    args.update(changes)
    feedback = update(**args)
    assert not feedback.correct
    assert words in feedback.message


# ---- check_confusion ----------------------------------------------------------------------------
def test_confusion_example_counts():
    assert CONFUSION_Y.size == CONFUSION_Y_HAT.size == 10
    feedback = check_confusion(3, 4, 2, 1)
    assert feedback.correct
    assert "7/10 = 0.70" in feedback.message


@pytest.mark.parametrize("tp, tn, fp, fn, words", [
    (3, 4, 1, 2, "FP and FN are swapped"),
    (4, 3, 2, 1, "TP and TN are swapped"),
    (3, 4, 2, 2, "add up to the number of examples, 10"),
    (2, 4, 2, 2, "TP = 2 is not right"),
    (3, 5, 1, 1, "TN = 5 is not right"),
])
def test_confusion_hints(tp, tn, fp, fn, words):
    feedback = check_confusion(tp, tn, fp, fn)
    assert not feedback.correct and words in feedback.message


def test_confusion_other_data_and_bad_input():
    y, y_hat = [1, 0, 1, 0], [1, 1, 1, 0]
    assert check_confusion(2, 1, 1, 0, y=y, y_hat=y_hat).correct
    assert not check_confusion(2, 1, 0, 1, y=y, y_hat=y_hat).correct
    assert "whole number" in check_confusion(2.5, 1, 1, 0).message
    assert "single number" in check_confusion("3", 4, 2, 1).message


# ---- check_epochs -------------------------------------------------------------------------------
def test_epochs_or():
    feedback = check_epochs(4)
    assert feedback.correct
    assert "2, 2, 1, 0" in feedback.message
    assert "same for every η" in feedback.message


@pytest.mark.parametrize("answer, words", [
    (3, "Count the last, error-free epoch too"),
    (2, "Too few: epoch 2 still made 2 mistakes"),
    (0, "At least one epoch"),
    (5, "Too many: epoch 4 already made no mistake"),
    (None, "does converge"),
    (2.5, "whole number"),
    ("four", "single number"),
])
def test_epochs_hints(answer, words):
    feedback = check_epochs(answer)
    assert not feedback.correct and words in feedback.message


def test_epochs_other_gates():
    assert check_epochs(6, gate="NAND", eta=0.1).correct
    assert check_epochs(6, gate="and", eta=1.0).correct
    assert check_epochs(None, gate="XOR").correct
    assert "answer is None" in check_epochs(4, gate="XOR").message
    assert "gate must be one of" in check_epochs(4, gate="XNOR").message
    assert "must be > 0" in check_epochs(4, eta=0).message


def test_feedback_reprs_show_the_verdict():
    assert repr(check_epochs(4)).startswith("Correct.")
    assert repr(check_epochs(3)).startswith("Not yet.")
    assert "Yours add up to 0" in repr(check_confusion(0, 0, 0, 0))
