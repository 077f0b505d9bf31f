"""Exercises of notebook 01, checked against an independent brute force over weights."""

import itertools

import numpy as np
import pytest

from nnlib.exercises import Feedback
from nnlib.exercises.neuron import (XOR_CHOICES, check_and, check_nand, check_no_bias, check_or,
                                    check_xor, check_xor_impossible, gate_solutions)

TABLES = {  # written out by hand, not taken from nnlib
    "AND": {(0, 0): 0, (0, 1): 0, (1, 0): 0, (1, 1): 1},
    "OR": {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 1},
    "NAND": {(0, 0): 1, (0, 1): 1, (1, 0): 1, (1, 1): 0},
    "NOR": {(0, 0): 1, (0, 1): 0, (1, 0): 0, (1, 1): 0},
    "XOR": {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0},
}
GRID = [v / 4 for v in range(-12, 13)]  # −3, −2.75, …, 3: exact in floating point


def computes(gate, w1, w2, b) -> bool:
    """Plain-Python step neuron (1 where z ≥ 0) against the hand-written truth table."""
    return all((1 if w1 * x1 + w2 * x2 + b >= 0 else 0) == t for (x1, x2), t in TABLES[gate].items())


def brute_force(gate, bias=True):
    bs = GRID if bias else [0.0]
    return [(w1, w2, b) for w1, w2, b in itertools.product(GRID, GRID, bs) if computes(gate, w1, w2, b)]


# ---- AND, OR, NAND --------------------------------------------------------------------------------
CHECKS = {"AND": check_and, "OR": check_or, "NAND": check_nand}


@pytest.mark.parametrize("gate, weights", [("AND", (1, 1, -1.5)), ("OR", (1, 1, -0.5)),
                                           ("NAND", (-1, -1, 1.5)), ("AND", (2.0, 0.5, -2.2))])
def test_known_solutions_pass(gate, weights):
    feedback = CHECKS[gate](*weights)
    assert isinstance(feedback, Feedback) and feedback.correct
    assert gate in feedback.message and "Correct." in repr(feedback)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_check_agrees_with_brute_force_on_a_grid(gate):
    coarse = GRID[::2]
    for w1, w2, b in itertools.product(coarse, coarse, coarse):
        assert bool(CHECKS[gate](w1, w2, b)) == computes(gate, w1, w2, b), (gate, w1, w2, b)


def test_hint_names_every_wrong_input():
    feedback = check_and(1.0, 1.0, -0.5)  # that is OR: wrong at (0, 1) and (1, 0)
    assert not feedback.correct
    assert "input (0, 1)" in feedback.message and "input (1, 0)" in feedback.message
    assert "input (0, 0)" not in feedback.message and "input (1, 1)" not in feedback.message
    assert "outputs 1, but AND(0, 1) = 0" in feedback.message
    assert "outputs 1, but AND(1, 0) = 0" in feedback.message
    assert "z = 1·0 + 1·1 + (−0.5) = 0.5" in feedback.message
    assert "z = 1·1 + 1·0 + (−0.5) = 0.5" in feedback.message
    assert "must be < 0" in feedback.message
    assert "2 of the 4 inputs are wrong" in feedback.message
    assert "Not yet." in repr(feedback)


def test_hint_for_a_missing_one():
    feedback = check_or(1.0, -1.0, -0.5)
    assert not feedback.correct
    assert "input (0, 1)" in feedback.message and "OR(0, 1) = 1" in feedback.message
    assert "input (1, 1)" in feedback.message and "OR(1, 1) = 1" in feedback.message
    assert "input (1, 0)" not in feedback.message
    assert "2 of the 4 inputs are wrong" in feedback.message
    assert "must be ≥ 0" in feedback.message


def test_tie_at_zero_is_explained():
    # b = 0: z = 0 at (0, 0), and step(0) = 1, but OR(0, 0) = 0
    feedback = check_or(1.0, 1.0, 0.0)
    assert not feedback.correct and "input (0, 0)" in feedback.message
    assert "z = 0 counts as 1, because step(0) = 1" in feedback.message
    # a correct answer that only works because of the tie gets a warning
    feedback = check_and(1.0, 1.0, -2.0)
    assert feedback.correct and "exactly on the line" in feedback.message


def test_zero_weights_hint():
    feedback = check_nand(0.0, 0.0, 1.0)
    assert not feedback.correct and "w₁ = w₂ = 0" in feedback.message


@pytest.mark.parametrize("bad", ["1", None, [1, 2], True, float("nan"), float("inf"), 1 + 2j])
@pytest.mark.parametrize("check", [check_and, check_or, check_nand, check_xor])
def test_bad_input_gets_a_friendly_hint(check, bad):
    feedback = check(bad, 1.0, 1.0)
    assert isinstance(feedback, Feedback) and not feedback.correct
    assert "w1" in feedback.message


def test_numpy_numbers_are_accepted():
    assert check_and(np.float64(1.0), np.int64(1), np.array(-1.5)).correct


# ---- XOR ----------------------------------------------------------------------------------------
def test_xor_has_no_solution_anywhere():
    assert brute_force("XOR") == []
    rng = np.random.default_rng(0)
    assert not any(computes("XOR", *rng.uniform(-10, 10, 3)) for _ in range(20000))


def test_check_xor_is_never_correct_and_names_the_failing_conditions():
    for w1, w2, b in itertools.product(GRID[::3], GRID[::3], GRID[::3]):
        feedback = check_xor(w1, w2, b)
        assert not feedback.correct
        n_right = sum((1 if w1 * x1 + w2 * x2 + b >= 0 else 0) == t
                      for (x1, x2), t in TABLES["XOR"].items())
        assert f"get {n_right} of the 4 XOR inputs right" in feedback.message
        assert feedback.message.count("fails: ") == 4 - n_right
        assert feedback.message.count("holds: ") == n_right


def test_check_xor_explains_with_the_inequalities():
    message = check_xor(1.0, 1.0, -0.5).message  # OR's weights: only (1, 1) is wrong
    assert "as good as one neuron can do" in message
    assert "fails: w₁ + w₂ + b < 0" in message
    for held in ("holds: b < 0", "holds: w₂ + b ≥ 0", "holds: w₁ + b ≥ 0"):
        assert held in message
    # the next question's option C must not be given away
    assert "2b" not in message and "w₁ + w₂ + 2b ≥ 0" in XOR_CHOICES["C"]


def test_xor_multiple_choice():
    assert set(XOR_CHOICES) == {"A", "B", "C", "D"}
    assert check_xor_impossible("C").correct
    assert check_xor_impossible(" c ").correct
    for wrong in "ABD":
        feedback = check_xor_impossible(wrong)
        assert not feedback.correct and feedback.message.startswith(f"Not {wrong}:")
    for bad in ("E", "", 3, None, ["C"]):
        feedback = check_xor_impossible(bad)
        assert not feedback.correct and "must be one of 'A', 'B', 'C', 'D'" in feedback.message


def test_xor_choice_a_is_really_wrong_scaling_changes_nothing():
    # choice A claims larger weights would help: scaling never changes any decision
    rng = np.random.default_rng(1)
    for _ in range(200):
        w = rng.uniform(-3, 3, 3)
        for scale in (10.0, 1000.0):
            for (x1, x2) in TABLES["XOR"]:
                z = w[0] * x1 + w[1] * x2 + w[2]
                assert (z >= 0) == (scale * z >= 0)


# ---- no bias ------------------------------------------------------------------------------------
def test_brute_force_facts_about_bias():
    with_bias = {g for g in TABLES if brute_force(g)}
    without_bias = {g for g in TABLES if brute_force(g, bias=False)}
    assert with_bias == {"AND", "OR", "NAND", "NOR"}
    assert without_bias == {"NOR"}
    # without bias, every step neuron outputs 1 at the origin, whatever the weights
    assert all(w1 * 0 + w2 * 0 >= 0 for w1, w2 in itertools.product(GRID, GRID))


@pytest.mark.parametrize("answer", [{"NOR"}, ["nor"], ("NOR",), "NOR", "nor"])
def test_no_bias_correct(answer):
    feedback = check_no_bias(answer)
    assert feedback.correct and "only NOR" in feedback.message


@pytest.mark.parametrize("answer, says", [
    ({"OR", "NOR"}, "Not OR"), ({"AND"}, "Not AND"), ({"NAND", "NOR"}, "Not NAND"),
    (set(), "NOR is possible"), ({"NOR", "XOR"}, "XOR is impossible"),
])
def test_no_bias_wrong_answers_get_the_reason(answer, says):
    feedback = check_no_bias(answer)
    assert not feedback.correct and says in feedback.message


def test_no_bias_reasons():
    assert "step(0) = 1" in check_no_bias({"OR"}).message
    assert "w₁ + w₂ ≥ 0" in check_no_bias({"NAND"}).message


@pytest.mark.parametrize("bad", [3, None, ["AND", 1], {"FOO"}, b"NOR", {"NOR": 1}])
def test_no_bias_bad_input(bad):
    feedback = check_no_bias(bad)
    assert isinstance(feedback, Feedback) and not feedback.correct


# ---- gate_solutions (used by the notebook's fact check) -------------------------------------------
@pytest.mark.parametrize("gate", list(TABLES))
@pytest.mark.parametrize("bias", [True, False])
def test_gate_solutions_equals_brute_force(gate, bias):
    found = {tuple(row) for row in gate_solutions(gate, bias=bias, values=GRID)}
    assert found == set(brute_force(gate, bias=bias))
