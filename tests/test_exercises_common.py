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


# ---- the classroom (Voila): number and choice exercises get fields, code exercises a note ----------
def test_03_widgets_call_the_same_checks(monkeypatch):
    from nnlib.exercises.perceptron import check_confusion, check_epochs, check_update

    monkeypatch.delenv("VOILA_APP_PORT", raising=False)
    for check, right, wrong in [
        (check_update, {"y_hat": 0, "new_w": [0.7, 0.7], "new_b": 0.6}, {"y_hat": 1}),
        (check_confusion, {"tp": 3, "tn": 4, "fp": 2, "fn": 1}, {"tp": 4}),
        (check_epochs, {"answer": 3}, {"answer": 4}),
    ]:
        assert set(check.fields) == set(right)
        form = answer_widget(check, check.fields, values=right)
        form.check()
        assert "Correct." in form.children[-1].value, check.__name__
        form = answer_widget(check, check.fields, values={**right, **wrong})
        form.check()
        assert "Not yet." in form.children[-1].value, check.__name__


def _displayed(feedback, monkeypatch, voila: bool) -> list:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.extend(a))
    if voila:
        monkeypatch.setenv("VOILA_APP_PORT", "8866")
    else:
        for name in ("VOILA_KERNEL_ID", "VOILA_BASE_URL", "VOILA_SERVER_URL", "VOILA_APP_PORT"):
            monkeypatch.delenv(name, raising=False)
    feedback._ipython_display_()
    return shown


def test_every_exercise_of_01_to_03_shows_in_voila(monkeypatch):
    import ipywidgets

    from nnlib.exercises import activations as a02, neuron as n01, perceptron as p03

    number_or_choice = [n01.check_and(0, 0, 0), n01.check_or(0, 0, 0), n01.check_nand(0, 0, 0),
                        n01.check_xor(1, 1, -0.5), n01.check_xor_impossible("?"),
                        n01.check_no_bias({"AND"}), a02.check_collapse(np.zeros((2, 2)), np.zeros(2)),
                        p03.check_update(1, [0.2, -0.3], 0.1), p03.check_confusion(0, 0, 0, 0),
                        p03.check_epochs(0)]
    code = [a02.check_clipped_leaky_relu(np.tanh), a02.check_sigmoid_derivative(np.tanh),
            a02.check_softmax(np.tanh), p03.check_perceptron_fit(lambda X, y, eta, n: None)]
    for feedback in number_or_choice:
        shown = _displayed(feedback, monkeypatch, voila=True)
        assert len(shown) == 1 and "nnlib-answer" in shown[0]._dom_classes, feedback.check.__name__
        assert isinstance(_displayed(feedback, monkeypatch, voila=False)[0], dict)  # Lab: the verdict
    for feedback in code:
        shown = _displayed(feedback, monkeypatch, voila=True)
        assert isinstance(shown[0], ipywidgets.HTML) and "JupyterLab" in shown[0].value
