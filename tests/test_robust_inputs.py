"""Issue 11: one rule for "z is zero", labels of another kind, pandas, names, bad parameters."""

import numpy as np
import pytest

from nnlib import MLP, Adaline, Neuron, Perceptron, ZERO_RTOL, standardize, zero


def textbook(X, y, eta, n_iter):
    """The perceptron rule with the exact test z >= 0, one example at a time."""
    X = np.asarray(X, float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_iter):
        mistakes = 0
        for x, t in zip(X, y):
            update = eta * (t - (1.0 if x @ w + b >= 0 else 0.0))
            if update:
                w, b, mistakes = w + update * x, b + update, mistakes + 1
        errors.append(mistakes)
        if not mistakes:
            break
    return w, b, errors


def test_tiny_features_converge_like_the_textbook_rule():
    model = Perceptron(eta=0.1, n_iter=100).fit([[1e-7], [-1e-7]], [1, 0])
    assert model.converged_
    assert model.errors_ == textbook([[1e-7], [-1e-7]], [1, 0], 0.1, 100)[2]


@pytest.mark.parametrize("scale", [1e-7, 1e-5, 1.0, 1e7])
def test_perceptron_matches_the_textbook_bit_for_bit(scale):
    rng = np.random.default_rng(int(np.log10(scale)) + 10)
    for _ in range(5):
        X = rng.normal(size=(30, 3)) * scale
        y = (X @ rng.normal(size=3) + rng.normal() * scale > 0).astype(int)
        if np.unique(y).size < 2:
            continue
        w, b, errors = textbook(X, y, 0.1, 20)
        model = Perceptron(eta=0.1, n_iter=20).fit(X, y)
        assert model.errors_ == errors
        np.testing.assert_array_equal(model.w_, w)
        assert model.b_ == b


def test_neuron_counts_a_rounded_zero_as_zero():
    assert Neuron([0.3, 0.6], b=-0.9).predict([[1, 1]]).tolist() == [1]
    assert ZERO_RTOL == zero.ZERO_RTOL


def test_decisions_are_warning_free_to_the_float_limit():
    X = [[1e155, 1e155], [-1e308, -1e308]]
    assert zero.decide(X, [1e155, 1e155], 0.0).tolist() == [1, 0]


def test_score_with_labels_of_another_kind_raises():
    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    model = Perceptron().fit(X, y)
    with pytest.raises(TypeError, match="classes_"):
        model.score(X, y.astype(str))


def test_names_are_case_insensitive_and_lists_are_named():
    X, y = np.array([[0.0, 1], [1, 0], [1, 1], [0, 0]]), np.array([0, 1, 1, 0])
    MLP((2,), output="Softmax", n_iter=2).fit(X, y)
    with pytest.raises(TypeError, match="output"):
        MLP(output=["softmax"]).fit(X, y)
    with pytest.raises(TypeError, match="solver"):
        Adaline(solver=["sgd"]).fit(X, y)
    with pytest.raises(TypeError, match="shuffle"):
        Adaline(solver="sgd", shuffle="no").fit(X, y)
    with pytest.raises(ValueError, match="b0"):
        Adaline().fit(X, y, b0=np.nan)
    assert Neuron([1, 2], b=np.array(0.5)).b == 0.5
    with pytest.raises(TypeError, match="b "):
        Neuron([1, 2], b="1")


def test_standardize_rejects_a_negative_std_and_explains_the_tuple():
    X = np.array([[1.0, 2.0], [3.0, 5.0]])
    with pytest.raises(ValueError, match="positive"):
        standardize(X, [0, 0], [1, -1])
    with pytest.raises(TypeError, match="standardize returns"):
        Perceptron().fit(standardize(X), [0, 1])


def test_pandas_inputs_and_string_labels():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0], "b": [1.0, 0.0, 1.0, 0.0]}, dtype="Float64")
    for y in (pd.Series(["no", "no", "yes", "yes"]), pd.Series(["no", "no", "yes", "yes"], dtype="category")):
        model = Perceptron(n_iter=100).fit(X, y)
        assert set(model.predict(X)) <= {"no", "yes"}


def test_forward_and_steps_copy_the_inputs():
    X = np.array([[0.0, 1], [1, 0], [1, 1], [0, 0]])
    y = np.array([0, 1, 1, 0])
    net = MLP((2,), n_iter=1, random_state=0).fit(X, y)
    first = net.forward(X)[1][0]
    record = next(Perceptron().steps(X, y))
    X[0, 0] = 99.0
    assert first[0, 0] == 0.0 and record.x[0] == 0.0
