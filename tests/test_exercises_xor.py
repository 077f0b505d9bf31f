"""Exercises of notebook 05: each check passes the right answer and names what fails otherwise."""

import numpy as np
import pytest

from nnlib.exercises import Feedback
from fractions import Fraction

from nnlib.exercises.xor import (TEXTBOOK_SOLUTION, check_hidden_representation, check_relu_repair,
                                 check_xnor_network, check_xor_from_or_and, check_xor_network, gate_name)

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
    assert "input (0, 1): h = (1, 0)" in feedback.message
    assert "ŷ = 0, but XOR(0, 1) = 1" in feedback.message
    # every wrong input named, not only the first
    assert "input (1, 0)" in feedback.message and "input (1, 1)" in feedback.message
    assert "input (0, 0)" not in feedback.message
    assert "h₁ computes OR and h₂ computes AND" in feedback.message
    assert "3 of 4" in feedback.message  # AND(OR, AND) = AND


def test_all_zero_start_fails_with_a_hint():
    feedback = check_xor_network(np.zeros((2, 2)), np.zeros(2), np.zeros(2), 0.0)
    assert not feedback.correct
    assert "exactly on the output unit's line" in feedback.message  # z = 0 for every input
    assert "knife edge" in feedback.message


def test_sigmoid_hidden_units_with_the_hand_weights_fail_and_scaled_weights_work():
    feedback = check_xor_network(W1, B1, V, C, activation="sigmoid")
    assert not feedback.correct
    assert "h = (0.622, 0.622)" in feedback.message
    assert check_xor_network(10 * W1, 10 * B1, V, C, activation="sigmoid").correct


def test_relu_hidden_units_need_another_output_line():
    assert not check_xor_network(W1, B1, V, C, activation="relu").correct
    assert check_xor_network(W1, B1, [-1, -1], 1.25, activation="relu").correct


# ---- exercise 4: the check owns the ReLU activation and the hidden layer ------------------------
def test_relu_repair_accepts_a_repaired_output_unit():
    assert check_relu_repair([-1, -1], 1.25)
    assert check_relu_repair(np.array([-2.0, -2.0]), 2.2)
    assert check_relu_repair([-1, -1], [1.1])


def test_relu_repair_cannot_be_answered_without_relu():
    # The textbook output unit works with step units, not with ReLU ones.
    feedback = check_relu_repair(V, C)
    assert not feedback and "input (0, 1): h = (0.5, 0.5)" in feedback.message
    assert "input (1, 0)" in feedback.message
    for extra in ({"activation": "step"}, {"activation": "relu"}):
        feedback = check_relu_repair([-1, -1], 1.25, **extra)
        assert not feedback and "takes (v, c)" in feedback.message
    assert not check_relu_repair(W1, B1, V, C)  # passing the hidden layer is not possible


def test_relu_repair_on_the_line_is_a_knife_edge():
    feedback = check_relu_repair([-1, -1], 1.0)  # z = 0 at both XOR = 1 inputs
    assert not feedback and "knife edge" in feedback.message


@pytest.mark.parametrize("args, words", [
    (("text", B1, V, C), "W1 must be numbers"),
    ((np.ones((3, 2)), B1, V, C), "shape (2, 2)"),
    ((W1, [1, 2, 3], V, C), "b1 must hold 2 numbers"),
    ((W1, B1, [[1, 2], [3]], C), "rows of equal length"),
    ((W1, B1, V, [1, 2]), "c must be a single real number"),
    ((W1, B1, V, float("nan")), "finite"),
    ((W1, B1, V, 1j), "complex"),
    ((W1, B1, V, 10 ** 400), "too large"),
    ((W1, B1, V, None), "c must be a single real number"),
    ((W1, None, V, C), "b1 must be numbers"),
    ((W1, B1, [], C), "empty"),
])
def test_bad_inputs_get_a_hint_not_a_traceback(args, words):
    feedback = check_xor_network(*args)
    assert not feedback.correct
    assert words in feedback.message


def test_unknown_activation_gets_a_hint():
    feedback = check_xor_network(W1, B1, V, C, activation="softmax")
    assert not feedback.correct and "'step', 'sigmoid', 'tanh', 'relu'" in feedback.message


# ---- check_xnor_network -------------------------------------------------------------------------
def test_xnor_flips_the_output_unit():
    assert check_xnor_network(-V, -C).correct
    feedback = check_xnor_network(V, C)  # that is XOR
    assert not feedback.correct
    assert "XNOR(0, 0) = 1" in feedback.message and "4 of 4 inputs are wrong" in feedback.message


def test_xnor_owns_the_hidden_layer():
    # The old check took W1, b1 from the learner: another hidden layer (OR, AND) with an output
    # unit that reads it computes XNOR, but the exercise fixes the textbook hidden layer.
    assert check_xor_network(*OR_AND, [-1, 1], 0.5).correct is False  # XNOR, not XOR
    feedback = check_xnor_network([-1, 1], 0.5)  # right only on the OR/AND hidden layer
    assert not feedback and "input (0, 1): h = (1, 1)" in feedback.message
    feedback = check_xnor_network(*OR_AND, [-1, 1], 0.5)
    assert not feedback and "takes (v, c)" in feedback.message
    feedback = check_xnor_network(v=-V, c=-C, W1=OR_AND[0])
    assert not feedback and "takes (v, c)" in feedback.message


# ---- exercise 2: OR and AND hidden units ----------------------------------------------------------
def test_xor_from_or_and_accepts_the_recipe():
    feedback = check_xor_from_or_and(*OR_AND, [1, -1], -0.5)
    assert feedback and "h₁ computes OR and h₂ computes AND" in feedback.message
    assert check_xor_from_or_and([1, 1, 1, 1], [-0.5, -1.5], [1, -1], -0.5)  # classroom: W1 row by row


def test_xor_from_or_and_rejects_other_recipes():
    feedback = check_xor_from_or_and(W1, B1, V, C)  # XOR, but from OR and NAND
    assert not feedback and "h₂ should be AND" in feedback.message
    feedback = check_xor_from_or_and([[1, 1], [1, 1]], [-1.5, -0.5], [-1, 1], -0.5)  # units swapped
    assert not feedback and "swapped" in feedback.message
    feedback = check_xor_from_or_and(*OR_AND, [1, 1], -1.5)  # right hidden layer, output AND
    assert not feedback and "3 of 4 inputs are wrong" in feedback.message
    feedback = check_xor_from_or_and(*OR_AND, [1, -1], -0.5, activation="step")
    assert not feedback and "takes (W1, b1, v, c)" in feedback.message


def test_xor_hidden_step_units_use_the_zero_rule():
    # 0.7 + 0.1 − 0.8 is −1.1e−16 in floating point but 0 on paper: step(0) = 1, so this h₂ is AND.
    assert 0.7 + 0.1 - 0.8 < 0
    feedback = check_xor_from_or_and([[1, 0.7], [1, 0.1]], [-0.5, -0.8], [1, -1], -0.5)
    assert feedback and "h₂ computes AND" in feedback.message
    # −2.7 − 0.2 + 2.9 is 0 on paper, so this "NAND" unit says 1 at (1, 1): the network fails there.
    nand_on_the_line = [[1, -2.7], [1, -0.2]]
    feedback = check_xor_network(nand_on_the_line, [-0.5, 2.9], V, C)
    assert not feedback and "1 of 4 inputs is wrong: input (1, 1): h = (1, 1)" in feedback.message


# ---- check_hidden_representation ------------------------------------------------------------------
def test_hidden_representation():
    feedback = check_hidden_representation([[0, 1], [1, 1], [1, 1], [1, 0]])
    assert feedback.correct
    assert "h₁ + h₂ = 1.5" in feedback.message


def test_hidden_representation_names_the_wrong_row():
    feedback = check_hidden_representation([[0, 1], [0, 1], [1, 1], [1, 0]])
    assert not feedback.correct
    assert "1 of 4 rows is wrong: example 2 (input (0, 1))." in feedback.message


def test_hidden_representation_names_every_wrong_row():
    feedback = check_hidden_representation([[0, 0], [1, 1], [1, 0], [0, 0]])
    assert not feedback and "3 of 4 rows are wrong" in feedback.message
    for words in ("example 1 (input (0, 0))", "example 3 (input (1, 0))", "example 4 (input (1, 1))"):
        assert words in feedback.message
    assert "example 2" not in feedback.message


def test_hidden_representation_hints_do_not_give_the_entries_away():
    # With 0/1 answers, naming the wrong entry (or evaluating the step) would be the answer.
    feedback = check_hidden_representation(np.zeros((4, 2)))
    assert "4 of 4 rows are wrong" in feedback.message
    for giveaway in ("step(1.5)", "step(0.5)", "h₁ =", "h₂ =", "you wrote"):
        assert giveaway not in feedback.message


def test_hidden_representation_values_of_a_step_unit():
    feedback = check_hidden_representation([[0, 1], [1, 1], [1, 1], [1, 0.5]])
    assert not feedback and "0 or 1" in feedback.message and "0.5" in feedback.message


def test_hidden_representation_shape_hints():
    feedback = check_hidden_representation(np.zeros((2, 4)))
    assert not feedback.correct and "H.T" in feedback.message
    assert not check_hidden_representation("0 1 1 1").correct


def test_gate_names_cover_all_sixteen_functions():
    names = {gate_name(((k >> 3) & 1, (k >> 2) & 1, (k >> 1) & 1, k & 1)) for k in range(16)}
    assert len(names) == 16
    assert gate_name([0, 1, 1, 1]) == "OR" and gate_name([1, 1, 1, 0]) == "NAND"


def test_shape_hint_does_not_give_the_answer_away():
    for bad in (np.zeros((2, 4)), np.zeros(6), [[0, 1]], np.zeros((4, 3))):
        feedback = check_hidden_representation(bad)
        assert not feedback.correct
        assert "[[0, 1], [1, 1], [1, 1], [1, 0]]" not in feedback.message
        assert "(0, 1), (1, 1), (1, 1), (1, 0)" not in feedback.message and "→" not in feedback.message


@pytest.mark.parametrize("activation", [np.array(["step"]), None, 3, ["relu"]])
def test_activation_that_is_not_a_string_gets_a_hint(activation):
    feedback = check_xor_network(W1, B1, V, C, activation=activation)
    assert not feedback.correct and "activation must be one of" in feedback.message


@pytest.mark.parametrize("bad", [None, 1j, [[1j, 0], [0, 0]], [[10 ** 400, 0], [0, 0]], "W1", [], [[1e200, 0], [0, 0]]])
def test_malformed_weights_get_a_hint(bad):
    feedback = check_xor_network(bad, B1, V, C)
    assert not feedback.correct and "W1" in feedback.message


@pytest.mark.parametrize("check, args", [
    (check_hidden_representation, ([[0, 1], [1, 1], [1, 1], [1, 0]],)),
    (check_xor_from_or_and, (*OR_AND, [1, -1], -0.5)),
    (check_xnor_network, (-V, -C)),
    (check_relu_repair, ([-1, -1], 1.25)),
])
@pytest.mark.parametrize("bad", [None, "1", 1j, 10 ** 400, float("inf"), [], [[1, 2], [3]], np.array(["a"])])
def test_every_answer_slot_of_every_exercise_gets_a_hint(check, args, bad):
    assert check(*args)
    for k in range(len(args)):
        feedback = check(*args[:k], bad, *args[k + 1:])
        assert isinstance(feedback, Feedback) and not feedback
        assert "could not be checked" not in feedback.message  # a hint written for it, not a caught error


def test_fractions_are_numbers():
    assert check_relu_repair([Fraction(-1), Fraction(-1)], Fraction(5, 4))
    assert check_hidden_representation([[Fraction(0), 1], [1, 1], [1, 1], [1, 0]])


def test_classroom_widgets_call_the_same_checks():
    from nnlib.exercises._widgets import answer_widget
    for check, right in ((check_relu_repair, {"v": [-1.0, -1.0], "c": 1.25}),
                         (check_xnor_network, {"v": [-1.0, -1.0], "c": 1.5}),
                         (check_hidden_representation, {"H": [0, 1, 1, 1, 1, 1, 1, 0]}),
                         (check_xor_from_or_and, {"W1": [1, 1, 1, 1], "b1": [-0.5, -1.5], "v": [1, -1], "c": -0.5})):
        wrong = answer_widget(check, check.fields)
        wrong.check()
        assert "Not yet." in wrong.children[-1].value
        form = answer_widget(check, check.fields, values=right)
        form.check()
        assert "Correct." in form.children[-1].value, check.__name__


def test_output_unit_uses_the_zero_rule():
    # On paper (−0.3)(0.5) + (−0.6)(0.5) + 0.45 = 0: σ(0) = 0.5 is not > 0.5, so the network says 0
    # at (0, 1); floating point gives +5.6e−17, which a plain `z > 0` would read as 1.
    assert np.array([0.5, 0.5]) @ np.array([-0.3, -0.6]) + 0.45 > 0
    feedback = check_relu_repair([-0.3, -0.6], 0.45)
    assert not feedback and "input (0, 1): h = (0.5, 0.5)" in feedback.message and "knife edge" in feedback.message
