"""nnlib._format: the one number formatter, checked against hand-written strings."""

import math

import pytest

import numpy as np

from nnlib._format import bracketed, number, numbers

MINUS = "\u2212"


@pytest.mark.parametrize("value, kwargs, text", [
    (0.30000000000000004, {}, "0.3"),
    (-1.5, {}, f"{MINUS}1.5"),
    (-0.0, {}, "0"),
    (2 / 3, {"digits": 3}, "0.667"),
    (12345.678, {}, "1.235e+04"),
    (0.1, {"signed": True}, "+0.1"),
    (0.0, {"signed": True}, "0"),
    (-0.1, {"signed": True}, f"{MINUS}0.1"),
    (-0.7, {"decimals": 2}, f"{MINUS}0.70"),
    (1.0, {"decimals": 0}, "1"),
    (-0.001, {"decimals": 2}, "0.00"),   # a zero shows no minus
    (0.005001, {"decimals": 2}, "0.01"),
    (0.25, {"decimals": 1, "signed": True}, "+0.2"),  # round half to even, as Python does
    (math.inf, {"signed": True}, "+inf"),
    (-math.inf, {}, f"{MINUS}inf"),
    (math.nan, {"signed": True}, "nan"),
])
def test_number(value, kwargs, text):
    assert number(value, **kwargs) == text


def test_bracketed_and_vector():
    assert bracketed(-1.5) == f"({MINUS}1.5)"
    assert bracketed(1.5) == "1.5"
    assert bracketed(-0.0001, decimals=2) == "0.00"  # rounds to zero: nothing to bracket
    assert bracketed(-0.7, decimals=2) == f"({MINUS}0.70)"
    assert numbers([0.5, -1, 2.0]) == f"[0.5, {MINUS}1, 2]"
    assert numbers(np.array([[1 / 3, 2], [np.inf, -np.inf]]), 3) == f"[0.333, 2, inf, {MINUS}inf]"
    assert numbers(np.float64(-2.5)) == f"{MINUS}2.5"
    assert numbers([]) == "[]"
