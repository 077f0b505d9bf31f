"""Exercises of notebook 05: each check passes the right answer and names what fails otherwise."""

import numpy as np
import pytest

from nnlib.exercises import Feedback
from nnlib.exercises.xor import (TEXTBOOK_SOLUTION, check_hidden_representation, check_xnor_network,
                                 check_xor_network, gate_name)

W1, B1, V, C = TEXTBOOK_SOLUTION
OR_AND = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]))  # h1 = OR, h2 = AND


# ---- check_xor_network --------------------------------------------------------------------------
def test_textbook_solution_computes_xor():
    feedback = check_xor_network(W1, B1, V, C)
    assert isinstance(feedback, Feedback) and feedback.correct
    assert "h₁ computes OR and h₂ computes NAND" in feedback.message


def test_or_and_not_and_is_accepted():
    feedback = check_xor_network(*OR_AND, [1, -1], -0.5)  # OR and not AND
    assert feedback.correct
    assert "AND" in feedback.message


def test_lists_and_column_shapes_are_accepted():
    assert check_xor_network(W1.tolist(), B1.tolist(), V.reshape(2, 1), np.array([C])).correct


def test_wrong_output_names_the_failing_input_and_the_hidden_values():
    feedback = check_xor_network(*OR_AND, [1, 1], -1.5)  # AND(OR, AND) = AND
    assert not feedback.correct
    assert "Input (0, 1): h₁ = 1, h₂ = 0" in feedback.message
    assert "ŷ = 0, but XOR(0, 1) = 1" in feedback.message
    assert "h₁ computes OR and h₂ computes AND" in feedback.message
    assert "3 of 4" in feedback.message  # AND(OR, AND) = AND


def test_all_zero_start_fails_with_a_hint():
    feedback = check_xor_network(np.zeros((2, 2)), np.zeros(2), np.zeros(2), 0.0)
    assert not feedback.correct
    assert "exactly on the output unit's line" in feedback.message  # z = 0 for every input


def test_sigmoid_hidden_units_with_the_hand_weights_fail_and_scaled_weights_work():
    feedback = check_xor_network(W1, B1, V, C, activation="sigmoid")
    assert not feedback.correct
    assert "h₁ = 0.622, h₂ = 0.622" in feedback.message
    assert check_xor_network(10 * W1, 10 * B1, V, C, activation="sigmoid").correct


def test_relu_hidden_units_need_another_output_line():
    assert not check_xor_network(W1, B1, V, C, activation="relu").correct
    assert check_xor_network(W1, B1, [-1, -1], 1.25, activation="relu").correct


@pytest.mark.parametrize("args, words", [
    (("text", B1, V, C), "W1 must be numbers"),
    ((np.ones((3, 2)), B1, V, C), "shape (2, 2)"),
    ((W1, [1, 2, 3], V, C), "b1 must have shape (2,)"),
    ((W1, B1, [[1, 2], [3]], C), "rectangular"),
    ((W1, B1, V, [1, 2]), "c must have shape ()"),
    ((W1, B1, V, float("nan")), "finite"),
])
def test_bad_inputs_get_a_hint_not_a_traceback(args, words):
    feedback = check_xor_network(*args)
    assert not feedback.correct
    assert words in feedback.message


def test_unknown_activation_gets_a_hint():
    feedback = check_xor_network(W1, B1, V, C, activation="softmax")
    assert not feedback.correct and "step, sigmoid, tanh, relu" in feedback.message


# ---- check_xnor_network -------------------------------------------------------------------------
def test_xnor_flips_the_output_unit():
    assert check_xnor_network(W1, B1, -V, -C).correct
    feedback = check_xnor_network(W1, B1, V, C)  # that is XOR
    assert not feedback.correct
    assert "XNOR(0, 0) = 1" in feedback.message


# ---- check_hidden_representation ------------------------------------------------------------------
def test_hidden_representation():
    feedback = check_hidden_representation([[0, 1], [1, 1], [1, 1], [1, 0]])
    assert feedback.correct
    assert "h₁ + h₂ = 1.5" in feedback.message


def test_hidden_representation_names_the_wrong_entry():
    feedback = check_hidden_representation([[0, 1], [0, 1], [1, 1], [1, 0]])
    assert not feedback.correct
    assert "Row 2 is the input (0, 1): h₁ = step(1·0 + 1·1 + (−0.5)) = step(0.5); you wrote 0" in feedback.message


def test_hidden_representation_shape_hints():
    feedback = check_hidden_representation(np.zeros((2, 4)))
    assert not feedback.correct and "H.T" in feedback.message
    assert not check_hidden_representation("0 1 1 1").correct


def test_gate_names_cover_all_sixteen_functions():
    names = {gate_name(((k >> 3) & 1, (k >> 2) & 1, (k >> 1) & 1, k & 1)) for k in range(16)}
    assert len(names) == 16
    assert gate_name([0, 1, 1, 1]) == "OR" and gate_name([1, 1, 1, 0]) == "NAND"


def test_shape_hint_does_not_give_the_answer_away():
    for bad in (np.zeros((2, 4)), np.zeros(8), [[0, 1]]):
        feedback = check_hidden_representation(bad)
        assert not feedback.correct
        assert "[[0, 1], [1, 1], [1, 1], [1, 0]]" not in feedback.message


@pytest.mark.parametrize("activation", [np.array(["step"]), None, 3, ["relu"]])
def test_activation_that_is_not_a_string_gets_a_hint(activation):
    feedback = check_xor_network(W1, B1, V, C, activation=activation)
    assert not feedback.correct and "activation must be one of" in feedback.message


@pytest.mark.parametrize("bad", [None, 1j, [[1j, 0], [0, 0]], [[10 ** 400, 0], [0, 0]]])
def test_malformed_weights_get_a_hint(bad):
    feedback = check_xor_network(bad, B1, V, C)
    assert not feedback.correct and "W1" in feedback.message
