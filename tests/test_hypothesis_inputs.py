"""Every estimator takes every kind of input a learner passes, and answers as for a float array.

Hypothesis draws small data sets (1 to 3 features, 2 to 8 samples, small whole numbers so
every conversion is exact) and hands them over as lists, tuples, pandas objects, int, bool or
float32 arrays, read-only or non-contiguous arrays. The model fitted on them must be the
model fitted on the plain float64 array: same classes, same predictions, input untouched.
Derandomized and few examples: fast (a few seconds) and the same on every run.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnlib import (MLP, Adaline, Neuron, OneVsRest, Perceptron, standardize, train_test_split)

SETTINGS = settings(max_examples=30, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

ESTIMATORS = {
    "Perceptron": lambda: Perceptron(n_iter=5),
    "Adaline": lambda: Adaline(eta=0.01, n_iter=5),
    "Adaline sgd": lambda: Adaline(eta=0.01, n_iter=3, solver="sgd", random_state=0),
    "OneVsRest": lambda: OneVsRest(Perceptron(n_iter=5)),
    "OneVsRest Adaline": lambda: OneVsRest(Adaline(eta=0.01, n_iter=5)),
    "MLP softmax": lambda: MLP((3,), n_iter=5, random_state=0),
    "MLP sigmoid": lambda: MLP((2,), output="sigmoid", n_iter=5, random_state=0),
}
MULTI = {"OneVsRest", "OneVsRest Adaline", "MLP softmax"}


def _read_only(a):
    a = np.array(a)
    a.setflags(write=False)
    return a


def _strided(a):
    """The same values, as a view that is not contiguous."""
    a = np.asarray(a)
    wide = np.repeat(a, 2, axis=-1)
    return wide[..., ::2]


X_KINDS = {
    "list": lambda X: X.tolist(),
    "tuple": lambda X: tuple(tuple(r) for r in X.tolist()),
    "int": lambda X: X.astype(np.int64),
    "int8": lambda X: X.astype(np.int8),
    "float32": lambda X: X.astype(np.float32),
    "read-only": _read_only,
    "non-contiguous": _strided,
    "fortran": np.asfortranarray,
    "DataFrame": lambda X: pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])]),
    "DataFrame Float64": lambda X: pd.DataFrame(X).astype("Float64"),
    "DataFrame Int64": lambda X: pd.DataFrame(X.astype(int)).astype("Int64"),
}

Y_KINDS = {
    "list": lambda y: y.tolist(),
    "tuple": lambda y: tuple(y.tolist()),
    "read-only": _read_only,
    "non-contiguous": lambda y: np.repeat(y, 2)[::2],
    "float32": lambda y: y.astype(np.float32),
    "Series": pd.Series,
    "Series category": lambda y: pd.Series(y).astype("category"),
    "text": lambda y: np.array([f"c{v}" for v in y]),
    "Series str": lambda y: pd.Series([f"c{v}" for v in y], dtype="str"),
    "Series object": lambda y: pd.Series([f"c{v}" for v in y], dtype=object),
}


def _labels_of(kind: str, y: np.ndarray) -> np.ndarray:
    """The labels a kind stands for, as the plain array the reference model is fitted on."""
    if kind in ("text", "Series str", "Series object"):
        return np.array([f"c{v}" for v in y])
    if kind == "float32":
        return y.astype(np.float64)
    return y


@st.composite
def problems(draw, n_classes: int):
    n_features = draw(st.integers(1, 3))
    n = draw(st.integers(max(2, n_classes), 8))
    X = np.array(draw(st.lists(st.lists(st.integers(-4, 4), min_size=n_features, max_size=n_features),
                               min_size=n, max_size=n)), dtype=np.float64)
    y = np.array(draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n)))
    y[:n_classes] = np.arange(n_classes)  # every class present
    return X, y


def _fit_both(name, X, y, x_kind, y_kind):
    Xk, yk = X_KINDS[x_kind](X), Y_KINDS[y_kind](y)
    keep_X = np.array(X_KINDS[x_kind](X), dtype=float)
    ours = ESTIMATORS[name]().fit(Xk, yk)
    reference = ESTIMATORS[name]().fit(X.copy(), _labels_of(y_kind, y))
    np.testing.assert_array_equal(np.asarray(Xk, dtype=float), keep_X)  # input untouched
    return ours, reference, Xk


@pytest.mark.parametrize("name", sorted(ESTIMATORS))
@SETTINGS
@given(data=st.data())
def test_every_input_kind_fits_the_same_model(name, data):
    X, y = data.draw(problems(3 if name in MULTI else 2))
    x_kind = data.draw(st.sampled_from(sorted(X_KINDS)))
    y_kind = data.draw(st.sampled_from(sorted(Y_KINDS)))
    ours, reference, Xk = _fit_both(name, X, y, x_kind, y_kind)
    np.testing.assert_array_equal(ours.classes_, reference.classes_)
    np.testing.assert_array_equal(ours.predict(Xk), reference.predict(X))
    # one sample, in the same kind
    one = X_KINDS[x_kind](X[:1])
    assert ours.predict(one).tolist() == reference.predict(X[:1]).tolist()
    assert ours.score(Xk, Y_KINDS[y_kind](y)) == reference.score(X, _labels_of(y_kind, y))


@pytest.mark.parametrize("name", sorted(ESTIMATORS))
@settings(SETTINGS, max_examples=10)
@given(data=st.data())
def test_bools_and_one_sample(name, data):
    X, y = data.draw(problems(3 if name in MULTI else 2))
    Xb = X > 0
    ours = ESTIMATORS[name]().fit(Xb, y)
    reference = ESTIMATORS[name]().fit(Xb.astype(np.float64), y)
    np.testing.assert_array_equal(ours.predict(Xb), reference.predict(Xb.astype(float)))
    if name not in MULTI:  # two classes as booleans
        np.testing.assert_array_equal(ESTIMATORS[name]().fit(X, y == 1).classes_, [False, True])
    with pytest.raises(ValueError, match="two classes"):
        ESTIMATORS[name]().fit(X[:1], y[:1])


@SETTINGS
@given(data=st.data())
def test_neuron_standardize_and_split_take_every_kind(data):
    X, y = data.draw(problems(2))
    x_kind = data.draw(st.sampled_from(sorted(X_KINDS)))
    y_kind = data.draw(st.sampled_from(sorted(Y_KINDS)))
    Xk, yk = X_KINDS[x_kind](X), Y_KINDS[y_kind](y)
    w = np.arange(1.0, X.shape[1] + 1)
    np.testing.assert_array_equal(Neuron(w, b=-0.5).predict(Xk), Neuron(w, b=-0.5).predict(X))
    for got, want in zip(standardize(Xk), standardize(X)):
        np.testing.assert_array_equal(got, want)
    if len(y) >= 4:
        for got, want in zip(train_test_split(Xk, yk, test_size=0.5, random_state=1),
                             train_test_split(X, _labels_of(y_kind, y), test_size=0.5, random_state=1)):
            np.testing.assert_array_equal(got, want)
