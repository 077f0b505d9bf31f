"""Issue 10 categories: checkers that must reject every answer of a kind (each fails on the old code)."""

from fractions import Fraction

import numpy as np
import pytest

from nnlib.exercises import Feedback, in_voila
from nnlib.exercises._widgets import answer_widget
from nnlib.exercises.activations import check_clipped_leaky_relu, check_relu, check_softmax
from nnlib.exercises.neuron import check_and, check_nand, check_or, check_xor, check_xor_impossible


def _clipped(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.where(z < 0, alpha * z, np.where(z > 1, 1 + alpha * (z - 1), z))


@pytest.mark.parametrize("shift", [np.min, np.mean, lambda s: s[0], lambda s: s[-1]])
def test_unstable_softmax_shifts_are_rejected(shift):
    def softmax(scores, T=1.0):
        s = np.asarray(scores, dtype=float) / T
        e = np.exp(s - shift(s))
        return e / e.sum()
    assert not check_softmax(softmax)


def test_stable_softmax_is_accepted():
    def softmax(scores, T=1.0):
        s = np.asarray(scores, dtype=float) / T
        e = np.exp(s - s.max())
        return e / e.sum()
    assert check_softmax(softmax)


@pytest.mark.parametrize("lo, hi", [(1.0, 1.4), (-0.4, 0.0), (0.5, 1.0), (1.0, 1.01), (-1e-3, 0.0)])
def test_clipped_leaky_relu_wrong_on_a_small_interval_is_rejected(lo, hi):
    def wrong(z):
        z = np.asarray(z, dtype=float)
        return np.where((z > lo) & (z < hi), 0.0, _clipped(z))
    assert not check_clipped_leaky_relu(wrong)
    assert check_clipped_leaky_relu(_clipped)


def test_scalar_only_and_mutating_relu_are_rejected():
    def scalar_relu(z):
        if z < 0:
            return 0.0
        return z

    def in_place(z):
        z[z < 0] = 0
        return z
    assert not check_relu(scalar_relu)
    assert "changed its input" in check_relu(in_place).message
    assert check_relu(lambda z: np.maximum(z, 0.0))


@pytest.mark.parametrize("bad", [1j, 1 + 0j, np.complex128(1), None, "1", 10**400, np.array([1.0, 2.0])])
def test_malformed_numbers_get_a_hint(bad):
    feedback = check_and(bad, 1.0, -1.5)
    assert isinstance(feedback, Feedback) and not feedback
    assert "w1" in feedback.message


def test_fraction_and_huge_floats_are_read():
    assert check_and(Fraction(1), Fraction(1), Fraction(-3, 2))
    assert check_and(1e308, 1e308, -1.5e308)


def test_zero_rule_on_paper():
    assert not check_nand(-2.7, -0.2, 2.9)
    assert check_and(0.7, 0.1, -0.8)
    assert not check_or(-0.1, -0.7, 0.8)  # (0,0) -> 1 with z = 0.8: wrong for OR


def test_xor_feedback_does_not_give_option_c_away():
    message = check_xor(1.0, 1.0, -0.5).message
    assert "2b" not in message and "−b > 0" not in message


def test_wrong_arguments_are_a_hint():
    assert not check_xor_impossible(answer=np.array(["C"]))
    assert not check_and(1.0, 1.0)


def test_widget_calls_the_same_check(monkeypatch):
    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    assert not in_voila()
    form = answer_widget(check_and, check_and.fields, values={"w1": 1.0, "w2": 1.0, "b": -1.5})
    form.check()
    assert "Correct." in form.children[-1].value
