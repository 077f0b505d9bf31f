"""Bad input: every mistake a learner can make gives a ValueError or TypeError that says
which argument was wrong and what came, never an IndexError or a NumPy broadcast error."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib import (ACTIVATIONS, MLP, Adaline, Neuron, OneVsRest, Perceptron, logic_gate, standardize,
                   train_test_split)

# Deterministic (derandomize), no example database written to disk, no timing flakiness.
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

BAD = (ValueError, TypeError)


def make_models():
    """One of every model, set to train briefly."""
    return {
        "Perceptron": Perceptron(n_iter=3),
        "Adaline": Adaline(n_iter=3),
        "MLP": MLP((3,), n_iter=3, random_state=0),
        "OneVsRest": OneVsRest(Perceptron(n_iter=3)),
    }


MODEL_NAMES = list(make_models())


@pytest.fixture(params=MODEL_NAMES)
def model(request):
    return make_models()[request.param]


@pytest.fixture(scope="module")
def fitted():
    """Every model fitted on the AND gate (two features)."""
    X, y = logic_gate("AND")
    return {name: m.fit(X, y) for name, m in make_models().items()}


X4, Y4 = logic_gate("AND")  # 4 valid samples, 2 features


def message_of(call):
    """Run call, require ValueError/TypeError, and return its message."""
    with pytest.raises(BAD) as info:
        call()
    message = str(info.value)
    assert message.strip(), "the error must explain itself"
    return message


# ---- X -------------------------------------------------------------------------------------
def test_1d_X_says_2d_shows_shape_and_suggests_reshape(model):
    message = message_of(lambda: model.fit(np.arange(4.0), Y4))
    assert "X" in message and "2-D" in message and "(4,)" in message and "reshape" in message


def test_3d_X_says_2d_and_shows_shape(model):
    message = message_of(lambda: model.fit(np.zeros((4, 2, 1)), Y4))
    assert "2-D" in message and "(4, 2, 1)" in message


def test_scalar_X(model):
    assert "2-D" in message_of(lambda: model.fit(3.0, Y4))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_X(model, bad):
    X = X4.copy()
    X[2, 1] = bad
    message = message_of(lambda: model.fit(X, Y4))
    assert "X" in message and "NaN or infinite" in message and "1 " in message  # how many


def test_strings_in_X(model):
    X = np.array([["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"]])
    message = message_of(lambda: model.fit(X, Y4))
    assert "X" in message and "numbers" in message and "<U1" in message


def test_one_string_as_X(model):
    assert "string" in message_of(lambda: model.fit("data.csv", Y4))


def test_complex_X(model):
    message = message_of(lambda: model.fit(X4 + 1j, Y4))
    assert "X" in message and "complex" in message


def test_ragged_X(model):
    message = message_of(lambda: model.fit([[0, 0], [0, 1], [1], [1, 1]], Y4))
    assert "X" in message and "rectangular" in message


def test_mixed_object_X(model):
    X = np.array([[0, "a"], [0, 1], [1, None], [1, 1]], dtype=object)
    assert "X" in message_of(lambda: model.fit(X, Y4))


def test_none_X(model):
    assert "None" in message_of(lambda: model.fit(None, Y4))


@pytest.mark.parametrize("shape", [(0, 2), (4, 0), (0, 0)])
def test_empty_X(model, shape):
    y = Y4[:shape[0]]
    message = message_of(lambda: model.fit(np.zeros(shape), y))
    assert str(shape) in message or "empty" in message or "at least one" in message


# ---- y -------------------------------------------------------------------------------------
def test_column_y_says_1d_and_suggests_ravel(model):
    message = message_of(lambda: model.fit(X4, Y4.reshape(-1, 1)))
    assert "y" in message and "1-D" in message and "(4, 1)" in message and "ravel" in message


def test_2d_y(model):
    message = message_of(lambda: model.fit(X4, np.zeros((4, 2))))
    assert "1-D" in message and "(4, 2)" in message


def test_length_mismatch_names_both_lengths(model):
    message = message_of(lambda: model.fit(X4, Y4[:3]))
    assert "same number of samples" in message and "4" in message and "3" in message


def test_nan_label(model):
    y = Y4.astype(float)
    y[0] = np.nan
    message = message_of(lambda: model.fit(X4, y))
    assert "y" in message and "NaN" in message


def test_complex_labels(model):
    assert "complex" in message_of(lambda: model.fit(X4, Y4 + 1j))


def test_mixed_object_labels(model):
    assert "y" in message_of(lambda: model.fit(X4, np.array([0, "a", None, 1], dtype=object)))


def test_empty_y(model):
    message = message_of(lambda: model.fit(X4, np.array([])))
    assert "y" in message and "empty" in message


def test_single_class(model):
    assert "class" in message_of(lambda: model.fit(X4, np.zeros(4)))


@pytest.mark.parametrize("model_class", [Perceptron, Adaline])
def test_more_than_two_labels_suggests_one_vs_rest(model_class):
    message = message_of(lambda: model_class().fit(np.zeros((3, 2)), [0, 1, 2]))
    assert "OneVsRest" in message and "3" in message


def test_sigmoid_mlp_with_three_classes_suggests_softmax():
    message = message_of(lambda: MLP(output="sigmoid").fit(np.zeros((3, 2)), [0, 1, 2]))
    assert "softmax" in message


# ---- predict -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", MODEL_NAMES)
def test_predict_before_fit_says_fit(name):
    message = message_of(lambda: make_models()[name].predict(X4))
    assert "fit" in message and name in message


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrong_feature_count_at_predict(fitted, name):
    message = message_of(lambda: fitted[name].predict(np.zeros((2, 3))))
    assert "3 feature" in message and "2" in message


def test_neuron_checks_its_inputs():
    neuron = Neuron([1.0, 1.0], b=-1.5)
    assert "feature" in message_of(lambda: neuron.predict(np.zeros((2, 3))))
    assert "w" in message_of(lambda: Neuron([[1.0, 1.0]]))
    assert "b" in message_of(lambda: Neuron([1.0], b="high"))


def test_partial_fit_with_unknown_labels(fitted):
    message = message_of(lambda: fitted["MLP"].partial_fit(X4, np.array([0, 1, 2, 1])))
    assert "[2]" in message and "classes_" in message


# ---- hyper-parameters ----------------------------------------------------------------------
HYPER_MODELS = [Perceptron, Adaline, MLP]


@pytest.mark.parametrize("model_class", HYPER_MODELS)
@pytest.mark.parametrize("eta", [0, 0.0, -0.1, float("nan"), float("inf")])
def test_learning_rate_must_be_positive(model_class, eta):
    message = message_of(lambda: model_class(eta=eta).fit(X4, Y4))
    assert "eta" in message and repr(eta) in message


@pytest.mark.parametrize("model_class", HYPER_MODELS)
@pytest.mark.parametrize("eta", ["0.1", None, True])
def test_learning_rate_must_be_a_number(model_class, eta):
    assert "eta" in message_of(lambda: model_class(eta=eta).fit(X4, Y4))


@pytest.mark.parametrize("model_class", HYPER_MODELS)
@pytest.mark.parametrize("n_iter", [0, -5])
def test_n_iter_at_least_one(model_class, n_iter):
    message = message_of(lambda: model_class(n_iter=n_iter).fit(X4, Y4))
    assert "n_iter" in message and str(n_iter) in message


@pytest.mark.parametrize("model_class", HYPER_MODELS)
@pytest.mark.parametrize("n_iter", [2.5, "10", None])
def test_n_iter_must_be_whole(model_class, n_iter):
    assert "n_iter" in message_of(lambda: model_class(n_iter=n_iter).fit(X4, Y4))


@pytest.mark.parametrize("sizes, shown", [
    ((0,), "0"), ((-2,), "-2"), ((4, 0), "0"), ((2.5,), "2.5"), (("4",), "'4'"),
    (4, "(4,)"),  # an int instead of a tuple: the message shows how to write it
    ("4", "'4'"), (None, "None"),
])
def test_bad_layer_sizes(sizes, shown):
    message = message_of(lambda: MLP(hidden_layer_sizes=sizes).fit(X4, Y4))
    assert "hidden_layer_sizes" in message and shown in message


def test_unknown_hidden_activation_lists_valid_names():
    message = message_of(lambda: MLP(activation="relu6").fit(X4, Y4))
    assert "relu6" in message
    for name in ACTIVATIONS:
        assert name in message


def test_softmax_hidden_activation_is_refused():
    assert "softmax" in message_of(lambda: MLP(activation="softmax").fit(X4, Y4))


@pytest.mark.parametrize("kwargs, name", [
    ({"output": "tanh"}, "output"),
    ({"loss": "hinge"}, "loss"),
    ({"output": "sigmoid", "loss": "cross_entropy"}, "cross_entropy"),
    ({"batch_size": 0}, "batch_size"),
    ({"random_state": -1}, "random_state"),
])
def test_other_bad_mlp_settings(kwargs, name):
    assert name in message_of(lambda: MLP(**kwargs).fit(X4, Y4))


def test_bad_adaline_solver():
    assert "solver" in message_of(lambda: Adaline(solver="newton").fit(X4, Y4))


def test_bad_adaline_start_point():
    assert "w0" in message_of(lambda: Adaline().fit(X4, Y4, w0=[1.0, 2.0, 3.0]))


def test_bad_partial_fit_epochs(fitted):
    assert "n_epochs" in message_of(lambda: fitted["MLP"].partial_fit(X4, Y4, n_epochs=0))


@pytest.mark.parametrize("test_size", [0, 1, -0.5, 2, "0.2", None])
def test_train_test_split_test_size(test_size):
    assert "test_size" in message_of(lambda: train_test_split(X4, Y4, test_size=test_size))


# ---- Hypothesis: malformed arrays of every kind -------------------------------------------
FINITE = st.floats(-10, 10, allow_nan=False)


def any_shape(min_dims=0, max_dims=3):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=0, max_side=5)


@st.composite
def bad_X(draw, n_features=None):
    """An X that check_X must refuse: wrong number of dimensions, empty, wrong dtype, or NaN/inf."""
    kind = draw(st.sampled_from(["dims", "empty", "object", "string", "complex", "nonfinite", "ragged",
                                 "features" if n_features else "dims"]))
    if kind == "dims":
        shape = draw(any_shape().filter(lambda s: len(s) != 2))
        return draw(hnp.arrays(np.float64, shape, elements=FINITE))
    if kind == "empty":
        shape = draw(st.sampled_from([(0, 2), (3, 0), (0, 0)]))
        return np.zeros(shape, dtype=draw(st.sampled_from([np.float64, np.int64, np.bool_])))
    shape = draw(any_shape(2, 2).filter(lambda s: 0 not in s))
    if kind == "object":
        elements = st.one_of(st.integers(-3, 3), st.text(max_size=2), st.none(), FINITE)
        return draw(hnp.arrays(object, shape, elements=elements))
    if kind == "string":
        return draw(hnp.arrays(draw(st.sampled_from(["U3", "S3"])), shape))
    if kind == "complex":
        return draw(hnp.arrays(np.complex128, shape, elements=st.complex_numbers(max_magnitude=10)))
    if kind == "nonfinite":
        X = draw(hnp.arrays(draw(st.sampled_from([np.float64, np.float32, np.float16])), shape,
                            elements=st.floats(-10, 10, allow_nan=False, width=16)))
        X[draw(st.integers(0, shape[0] - 1)), draw(st.integers(0, shape[1] - 1))] = draw(
            st.sampled_from([np.nan, np.inf, -np.inf]))
        return X
    if kind == "ragged":
        rows = draw(st.lists(st.lists(FINITE, min_size=1, max_size=4), min_size=2, max_size=5))
        if len({len(r) for r in rows}) == 1:
            rows[0] = rows[0] + [1.0]
        return rows
    # "features": a valid 2-D array whose width differs from the fitted model's
    width = draw(st.integers(1, 5).filter(lambda k: k != n_features))
    return draw(hnp.arrays(np.float64, (draw(st.integers(1, 5)), width), elements=FINITE))


def labels_for(X):
    """Valid two-class labels with as many rows as X appears to have."""
    n = len(X) if isinstance(X, list) else (X.shape[0] if X.ndim >= 1 else 4)
    return np.arange(max(n, 1)) % 2 if n else np.array([0])


@st.composite
def bad_y(draw, n):
    """A y that check_y (or the length check against n samples) must refuse."""
    kind = draw(st.sampled_from(["dims", "empty", "object", "complex", "nan", "length"]))
    if kind == "dims":
        shape = draw(any_shape().filter(lambda s: len(s) != 1))
        return draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1)))
    if kind == "empty":
        return np.array([], dtype=draw(st.sampled_from([np.float64, np.int64, "U1"])))
    if kind == "object":
        elements = st.one_of(st.integers(0, 1), st.none(), st.lists(st.integers(), max_size=1))
        y = draw(hnp.arrays(object, n, elements=elements))
        y[0] = None  # at least one thing that is not a label
        return y
    if kind == "complex":
        return draw(hnp.arrays(np.complex128, n, elements=st.complex_numbers(max_magnitude=2)))
    if kind == "nan":
        y = (np.arange(n) % 2).astype(draw(st.sampled_from([np.float64, np.float32])))
        y[draw(st.integers(0, n - 1))] = draw(st.sampled_from([np.nan, np.inf]))
        return y
    m = draw(st.integers(1, 8).filter(lambda k: k != n))
    return np.arange(m) % 2


def assert_clear_error(call, argument):
    """Only ValueError/TypeError, with a message naming the argument, and no NumPy internals."""
    try:
        call()
    except BAD as exc:
        message = str(exc)
    else:
        pytest.fail(f"malformed {argument} was accepted")
    assert message.strip()
    assert argument in message, message
    for internal in ("broadcast", "zero-size array", "index", "axis"):
        assert internal not in message, message


@pytest.mark.parametrize("name", MODEL_NAMES)
@FUZZ
@given(X=bad_X())
def test_fit_refuses_malformed_X(name, X):
    model = make_models()[name]
    assert_clear_error(lambda: model.fit(X, labels_for(X)), "X")


@pytest.mark.parametrize("name", MODEL_NAMES)
@FUZZ
@given(data=st.data())
def test_fit_refuses_malformed_y(name, data):
    X = data.draw(hnp.arrays(np.float64, (data.draw(st.integers(2, 6)), 2), elements=FINITE))
    y = data.draw(bad_y(X.shape[0]))
    assert_clear_error(lambda: make_models()[name].fit(X, y), "y")


@pytest.mark.parametrize("name", MODEL_NAMES)
@FUZZ
@given(X=bad_X(n_features=2))
def test_predict_refuses_malformed_X(fitted, name, X):
    assert_clear_error(lambda: fitted[name].predict(X), "X")


@FUZZ
@given(X=bad_X(n_features=2))
def test_neuron_and_mlp_helpers_refuse_malformed_X(fitted, X):
    assert_clear_error(lambda: Neuron([1.0, -1.0]).predict(X), "X")
    assert_clear_error(lambda: fitted["MLP"].predict_proba(X), "X")
    assert_clear_error(lambda: fitted["OneVsRest"].decision_function(X), "X")


@FUZZ
@given(X=bad_X())
def test_standardize_and_split_refuse_malformed_X(X):
    assert_clear_error(lambda: standardize(X), "X")
    assert_clear_error(lambda: train_test_split(X, labels_for(X)), "X")


@FUZZ
@given(data=st.data())
def test_split_refuses_malformed_y(data):
    X = data.draw(hnp.arrays(np.float64, (data.draw(st.integers(2, 6)), 3), elements=FINITE))
    assert_clear_error(lambda: train_test_split(X, data.draw(bad_y(X.shape[0]))), "y")


@FUZZ
@given(X=hnp.arrays(np.float64, st.tuples(st.integers(2, 8), st.integers(1, 4)), elements=FINITE))
def test_well_formed_X_is_accepted_by_standardize(X):
    # The other side of the fuzzing: a valid array is never refused.
    Xs, mean, std = standardize(X)
    assert Xs.shape == X.shape and np.all(np.isfinite(Xs))


def test_not_fitted_error_is_a_value_error_and_an_attribute_error():
    from nnlib import MLP, NotFittedError, Perceptron
    for model in (MLP(), Perceptron()):
        with pytest.raises(NotFittedError, match="not fitted yet"):
            model.predict([[0.0, 1.0]])
    assert issubclass(NotFittedError, ValueError) and issubclass(NotFittedError, AttributeError)
    assert not hasattr(MLP(), "n_features_in_")


def test_zero_dimensional_arrays_stand_for_their_number():
    from nnlib._validation import check_bool, check_int, check_positive, check_verbose
    assert check_positive(np.array(0.5), "eta") == 0.5
    assert check_int(np.array(3), "n_iter") == 3
    assert check_bool(np.array(True), "shuffle") is True
    assert check_verbose("AUTO") == "auto" and check_verbose(np.False_) is False
    with pytest.raises(TypeError, match="verbose must be True, False or 'auto'"):
        check_verbose(1)
