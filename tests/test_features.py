"""Input features (TensorFlow Playground's x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂)."""

import math
import warnings

import matplotlib
import numpy as np
import pytest

from nnlib.features import FEATURES, Feature, check_features, expand

NAMES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")

# Hand-worked values at (x1, x2) = (3, -0.5), computed with Python's math module, not NumPy.
POINT = (3.0, -0.5)
BY_HAND = {
    "x1": 3.0,
    "x2": -0.5,
    "x1^2": 9.0,
    "x2^2": 0.25,
    "x1*x2": -1.5,
    "sin(x1)": math.sin(3.0),
    "sin(x2)": math.sin(-0.5),
}


def test_names_are_in_the_playground_order():
    assert tuple(FEATURES) == NAMES
    assert all(isinstance(f, Feature) and f.name == name for name, f in FEATURES.items())


@pytest.mark.parametrize("name", NAMES)
def test_each_feature_by_hand(name):
    X = np.array([POINT, (0.0, 0.0)])
    value = FEATURES[name](X)
    assert value.shape == (2,)
    assert value[0] == pytest.approx(BY_HAND[name], rel=1e-15)
    assert value[1] == 0.0  # every feature of the origin is 0


def test_expand_keeps_the_order_given():
    X = np.array([POINT, (-2.0, 4.0)])
    order = ("sin(x2)", "x1*x2", "x1")
    out = expand(X, order)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out[0], [BY_HAND[n] for n in order], rtol=1e-15)
    np.testing.assert_allclose(out[1], [math.sin(4.0), -8.0, -2.0], rtol=1e-15)
    # a list works like a tuple, and a permutation permutes the columns
    np.testing.assert_array_equal(expand(X, list(reversed(order))), out[:, ::-1])


def test_all_seven_columns():
    X = np.array([POINT])
    np.testing.assert_allclose(expand(X, NAMES)[0], [BY_HAND[n] for n in NAMES], rtol=1e-15)


def test_labels_are_latex_and_texts_are_unicode():
    assert FEATURES["x1^2"].label == r"$x_1^2$"
    assert FEATURES["x1*x2"].label == r"$x_1 x_2$"
    assert FEATURES["sin(x1)"].label == r"$\sin x_1$"
    assert [f.text for f in FEATURES.values()] == ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
    parser = matplotlib.mathtext.MathTextParser("path")
    for f in FEATURES.values():
        parser.parse(f.label)  # every label is mathtext matplotlib can draw


def test_feature_is_frozen():
    with pytest.raises(AttributeError):
        FEATURES["x1"].name = "y"


def test_check_features_returns_a_tuple():
    assert check_features(["x2", "x1"]) == ("x2", "x1")
    assert check_features(np.array(["x1^2"])) == ("x1^2",)


def test_a_single_string_says_how_to_write_a_tuple():
    with pytest.raises(TypeError, match=r"features .*got the string 'x1'.*write \('x1',\)"):
        check_features("x1")
    with pytest.raises(TypeError, match=r"features .*got the string 'x3'.*\('x1',\)"):
        check_features("x3")


@pytest.mark.parametrize("bad, kind, says", [
    (("x1", "x3"), ValueError, "got 'x3'"),
    ((), ValueError, "got an empty tuple"),
    ([], ValueError, "got an empty list"),
    (("x1", "x1"), ValueError, "got 'x1' twice"),
    (("x1", 3), TypeError, "got int 3"),
    (None, TypeError, "got NoneType None"),
    (5, TypeError, "got int 5"),
])
def test_bad_features_name_the_argument_and_the_valid_names(bad, kind, says):
    with pytest.raises(kind) as info:
        check_features(bad)
    message = str(info.value)
    assert message.startswith("features must be")
    assert says in message
    for name in NAMES:
        assert repr(name) in message


@pytest.mark.parametrize("X, says", [
    (np.ones(4), r"X must be 2-D .*got shape \(4,\)"),
    (np.ones((3, 3)), r"X must have 2 columns .*got shape \(3, 3\)"),
    (np.array([[1.0, np.nan]]), "X contains 1 NaN"),
])
def test_expand_checks_X(X, says):
    with pytest.raises(ValueError, match=says):
        expand(X, ("x1",))


def test_expand_checks_features_before_work():
    with pytest.raises(ValueError, match="features"):
        expand(np.ones((2, 2)), ("x4",))


def test_no_warning_at_huge_inputs():
    # 1e155² passes the float limit: the square is inf (the MLP refuses it), but nothing warns.
    X = np.array([[1e155, -1e155], [1e308, 1e-308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = expand(X, NAMES)
    np.testing.assert_array_equal(out[0, :5], [1e155, -1e155, np.inf, np.inf, -np.inf])
    assert np.all(np.abs(out[:, 5:]) <= 1)  # sine of a huge number is still a sine
    assert out[1, 4] == pytest.approx(1.0)  # 1e308 · 1e-308 stays finite
