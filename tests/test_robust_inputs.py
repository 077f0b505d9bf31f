"""Issue 11: one rule for "z is zero", labels of another kind, pandas, names, bad parameters."""

import warnings

import numpy as np
import pytest

from nnlib import (ACTIVATIONS, MLP, Adaline, DivergenceWarning, binary_cross_entropy, check_gradients, Neuron, OneVsRest, Perceptron, ZERO_RTOL,
                   cross_entropy, get_activation, load_iris, logic_gate, make_blobs, make_moons, mse,
                   standardize, zero)
from nnlib._validation import NotFittedError
from nnlib.linear import _Progress


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


# ---- a failed fit leaves the previous model intact ------------------------------------------
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_S = np.array(["no", "yes", "yes", "no"])


def _state(model):
    return {k: (val.copy() if isinstance(val, np.ndarray) else
                [a.copy() for a in val] if isinstance(val, list) and val and isinstance(val[0], np.ndarray)
                else val) for k, val in vars(model).items()}


def _same_state(before, model):
    after = vars(model)
    assert before.keys() == after.keys()
    for k, val in before.items():
        if isinstance(val, np.ndarray):
            np.testing.assert_array_equal(after[k], val, err_msg=k)
        elif isinstance(val, list) and val and isinstance(val[0], np.ndarray):
            for a, b in zip(after[k], val):
                np.testing.assert_array_equal(a, b, err_msg=k)
        else:
            assert after[k] == val or after[k] is val, k


@pytest.mark.parametrize("make, bad_y", [
    (lambda: MLP((3,), output="sigmoid", n_iter=50, random_state=0), ["a", "b", "c", "a"]),
    (lambda: MLP((3,), n_iter=50, random_state=0), ["a", "a", "a", "a"]),
    (lambda: Perceptron(n_iter=20), ["a", "b", "c", "a"]),
    (lambda: Adaline(n_iter=20), ["a", "b", "c", "a"]),
])
def test_a_failed_fit_keeps_the_previous_model(make, bad_y):
    model = make().fit(XOR_X, XOR_S)
    before, predicted = _state(model), model.predict(XOR_X)
    with pytest.raises(ValueError):
        model.fit(XOR_X, np.array(bad_y))
    _same_state(before, model)
    np.testing.assert_array_equal(model.predict(XOR_X), predicted)


def test_a_failed_first_fit_leaves_a_model_that_says_fit_first():
    for model in (MLP((2,)), Perceptron(), Adaline(), OneVsRest(Perceptron())):
        with pytest.raises(ValueError):
            model.fit(XOR_X, [1, 1, 1, 1])
        with pytest.raises(NotFittedError, match="not fitted"):
            model.predict(XOR_X)


def test_adaline_bad_start_point_changes_nothing():
    model = Adaline(n_iter=5).fit(XOR_X, XOR_S)
    before = _state(model)
    with pytest.raises(ValueError, match="w0"):
        model.fit(XOR_X, [0, 1, 1, 2][:2] * 2, w0=[1.0, 2.0, 3.0])
    _same_state(before, model)


def test_changed_parameters_and_a_failed_fit_keep_the_fitted_network():
    X, y = np.vstack([XOR_X, XOR_X + 3]), np.array([0, 1, 1, 2, 0, 1, 2, 2])
    model = MLP((4,), n_iter=30, random_state=0).fit(X, y)
    predicted = model.predict(X)
    model.output = "sigmoid"
    with pytest.raises(ValueError, match="sigmoid"):
        model.fit(X, y)
    np.testing.assert_array_equal(model.predict(X), predicted)
    assert model.predict_proba(X).shape == (8, 3)


class _FailsOnSecondClass:
    """A two-class estimator whose fit fails the second time it is copied and fitted."""

    calls = 0

    def fit(self, X, y):
        type(self).calls += 1
        if type(self).calls == 2:
            raise ValueError("boom")
        self.w_, self.b_ = np.zeros(X.shape[1]), 0.0
        return self

    def net_input(self, X):
        return np.asarray(X, float) @ self.w_ + self.b_


def test_one_vs_rest_is_stored_only_when_every_class_fitted():
    model = OneVsRest(Perceptron()).fit(XOR_X, [0, 1, 2, 0])
    before = _state(model)
    model.estimator = before["estimator"] = _FailsOnSecondClass()
    with pytest.raises(ValueError, match="boom"):
        model.fit(XOR_X, [0, 1, 2, 3])
    _same_state(before, model)
    assert model.classes_.tolist() == [0, 1, 2]


# ---- hand-set weights are checked when used -------------------------------------------------
def _hand_set(output="sigmoid", units=1):
    net = MLP((2,), activation="tanh", output=output)
    net.coefs_ = [[[1, -1], [1, -1]], [[1] * units, [1] * units]]
    net.intercepts_ = [[0, 0], [0] * units]
    return net


def test_hand_set_weights_on_a_never_fitted_network_work():
    for output, units in (("sigmoid", 1), ("softmax", 2)):
        net = _hand_set(output, units)
        assert net.n_features_in_ == 2
        proba = net.predict_proba(XOR_X)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
        z = np.tanh(XOR_X @ W1) @ np.ones((2, units))
        expected = 1 / (1 + np.exp(-z[:, 0])) if units == 1 else np.full(4, 0.5)
        np.testing.assert_allclose(proba[:, -1], expected, rtol=1e-12)
        assert set(net.predict(XOR_X)) <= {0, 1}


def test_lists_ints_and_read_only_weights_train():
    net = _hand_set()
    net.partial_fit(XOR_X, [0, 1, 1, 0], n_epochs=3)
    assert len(net.loss_curve_) == 3 and all(W.dtype == np.float64 for W in net.coefs_)
    frozen = MLP((2,), output="sigmoid", random_state=0).initialize(2, 2)
    for W in frozen.coefs_ + frozen.intercepts_:
        W.flags.writeable = False
    frozen.partial_fit(XOR_X, [0, 1, 1, 0], n_epochs=2)
    assert len(frozen.loss_curve_) == 2


@pytest.mark.parametrize("output, units, match", [
    ("softmax", 1, r"coefs_\[1\] \(the output layer\) has 1 unit.*softmax"),
    ("softmax", 5, None),
    ("sigmoid", 2, r"coefs_\[1\] \(the output layer\) has 2 units.*sigmoid"),
])
def test_last_layer_must_match_the_output(output, units, match):
    net = _hand_set(output, units)
    if match is None:  # 5 softmax units are 5 classes on a never-fitted network...
        assert net.predict_proba(XOR_X).shape == (4, 5)
        net = MLP((2,), output="softmax", random_state=0).fit(XOR_X, [0, 1, 1, 0])
        net.coefs_[1] = np.ones((2, 5))  # ...but not on one fitted for two
        net.intercepts_[1] = np.zeros(5)
        match = r"coefs_\[1\] \(the output layer\) has 5 units.*2 classes"
    with pytest.raises(ValueError, match=match):
        net.predict(XOR_X)


def test_wrong_shapes_name_the_layer_and_the_expected_shape():
    net = _hand_set()
    net.coefs_[1] = [1.0, 1.0]
    with pytest.raises(ValueError, match=r"coefs_\[1\].*\(2, 1\).*got shape \(2,\).*reshape"):
        net.predict(XOR_X)
    net = _hand_set()
    net.coefs_[1] = np.ones((3, 1))
    with pytest.raises(ValueError, match=r"coefs_\[1\].*\(2, 1\).*got shape \(3, 1\)"):
        net.forward(XOR_X)
    net = _hand_set()
    net.intercepts_[0] = [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match=r"intercepts_\[0\] \(hidden layer 1\).*\(2,\)"):
        net.predict(XOR_X)
    net.intercepts_ = None
    with pytest.raises(NotFittedError):
        net.predict(XOR_X)


def test_nan_weights_are_refused():
    net = MLP((2,), random_state=0).fit(XOR_X, [0, 1, 1, 0])
    net.coefs_[0][0, 0] = np.nan
    for use in (net.predict, net.predict_proba, lambda X: net.partial_fit(X, [0, 1, 1, 0])):
        with pytest.raises(ValueError, match=r"coefs_\[0\].*NaN"):
            use(XOR_X)


# ---- divergence -----------------------------------------------------------------------------
def _diverged_mlp():
    X, y = make_moons(100, noise=0.2, random_state=0)
    model = MLP((8,), activation="relu", eta=1e6, n_iter=300, random_state=0)
    with pytest.warns(DivergenceWarning):
        model.fit(X, y)
    return model, X, y


def test_partial_fit_on_a_diverged_network_says_so():
    model, X, y = _diverged_mlp()
    epochs = len(model.loss_curve_)
    with pytest.warns(DivergenceWarning, match="trains no further"):
        model.partial_fit(X, y, n_epochs=100)
    assert len(model.loss_curve_) == epochs


def test_diverged_models_do_not_predict():
    model, X, y = _diverged_mlp()
    for use in (model.predict, model.predict_proba):
        with pytest.raises(ValueError, match="diverged"):
            use(X)
    iris = load_iris()
    keep = iris.y < 2
    adaline = Adaline(eta=0.5, n_iter=200)
    with pytest.warns(DivergenceWarning):
        adaline.fit(iris.X[keep], iris.y[keep])
    for use in (adaline.predict, adaline.net_input):
        with pytest.raises(ValueError, match="diverged"):
            use(iris.X[keep])


def test_outputs_that_overflow_are_not_answered():
    net = MLP((2,), activation="relu", output="softmax")
    net.coefs_ = [np.full((2, 2), 1e200), np.array([[1e200, -1e200], [-1e200, 1e200]])]
    net.intercepts_ = [np.zeros(2), np.zeros(2)]
    with pytest.raises(ValueError, match="not finite"):
        net.predict_proba([[1e200, 1e200]])


# ---- extreme magnitudes ---------------------------------------------------------------------
def test_cross_entropy_and_softmax_at_the_float_limit():
    assert cross_entropy([[1e308, -1e308]], [[1, 0]]) == 0.0
    assert cross_entropy([[-1e308, 1e308]], [[0, 1]]) == 0.0
    np.testing.assert_array_equal(get_activation("softmax", temperature=0.5)([1e308, 0]), [1.0, 0.0])
    e = np.e
    np.testing.assert_allclose(get_activation("softmax", temperature=1e308)([1e308, 0]),
                               [e / (e + 1), 1 / (e + 1)], rtol=1e-12)
    np.testing.assert_array_equal(get_activation("softmax", temperature=1e-300)([1.0, 0.0, -1e308]),
                                  [1.0, 0.0, 0.0])


def test_softmax_masks_minus_inf_scores():
    p = get_activation("softmax")([[-np.inf, 0.0, np.log(3)], [1.0, -np.inf, 1.0]])
    np.testing.assert_allclose(p, [[0, 0.25, 0.75], [0.5, 0, 0.5]], rtol=1e-12)
    with pytest.raises(ValueError, match="all −inf"):
        get_activation("softmax")([[-np.inf, -np.inf]])
    with pytest.raises(ValueError, match="NaN"):
        get_activation("softmax")([np.nan, 0.0])


HUGE = np.array([[1e155, -3e155], [2e155, 1e155], [-1e155, 2e155], [0.5e155, 0.0]])


def test_inputs_near_1e155_raise_no_overflow_warning():
    y = [0, 1, 1, 0]
    assert Perceptron().fit(HUGE, y).predict(HUGE).tolist() == y
    assert OneVsRest(Perceptron()).fit(HUGE, [0, 1, 2, 0]).predict(HUGE).tolist() == [0, 1, 2, 0]
    X_std = standardize(HUGE)[0]
    np.testing.assert_allclose(X_std, standardize(HUGE / 1e155)[0], rtol=1e-12, atol=1e-15)
    for solver in ("batch", "sgd"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            Adaline(solver=solver, random_state=0).fit(HUGE, y)
        assert caught and all(issubclass(w.category, DivergenceWarning) for w in caught)
        assert "3e+155" in str(caught[0].message)


def test_too_small_a_std_is_a_clear_error():
    with pytest.raises(ValueError, match="float limit.*feature"):
        standardize(HUGE, [0.0, 0.0], [1e-200, 1.0])


def test_perceptron_weights_past_the_float_limit_are_a_clear_error():
    model = Perceptron(eta=100.0, n_iter=5)
    with pytest.raises(ValueError, match="float limit"):
        model.fit(HUGE * 1e152, [0, 1, 1, 0])
    with pytest.raises(NotFittedError):
        model.predict(HUGE)


def test_one_vs_rest_breaks_infinite_ties_by_the_exact_scores():
    X, y = make_blobs(60, centers=3, random_state=1)
    X = X / np.abs(X).max()
    model = OneVsRest(Perceptron(eta=10.0, n_iter=20)).fit(X, y)
    huge = X * 2.0 ** 1023
    assert np.isinf(model.decision_function(huge)).any()
    exact = np.column_stack([X @ e.w_ + e.b_ * 2.0 ** -1023 for e in model.estimators_])
    np.testing.assert_array_equal(model.predict(huge), model.classes_[exact.argmax(axis=1)])


def test_step_alone_is_exact_and_decisions_from_inputs_use_nnlib_zero():
    assert get_activation("step")(-1e-17).tolist() == 0.0
    neuron = Neuron([0.3, 0.6], b=-0.9)
    assert neuron.output([[1, 1]]).tolist() == [1.0] == neuron.predict([[1, 1]]).tolist()
    net = MLP((1,), activation="step", output="sigmoid")
    net.coefs_, net.intercepts_ = [np.array([[0.3], [0.6]]), np.array([[1.0]])], [np.array([-0.9]), 0.0]
    assert net.forward([[1.0, 1.0]])[1][1].tolist() == [[1.0]]


def test_parameters_of_the_wrong_kind_are_named():
    with pytest.raises(TypeError, match="alpha must be a number"):
        get_activation("leaky_relu", alpha="0.1")
    with pytest.raises(TypeError, match=r"takes only \['temperature'\]; got \['alpha'\]"):
        get_activation("softmax", alpha=0.1)
    assert get_activation("softmax", temperature=np.array(0.5)).params["temperature"] == 0.5
    with pytest.raises(TypeError, match="loss"):
        MLP(loss=["mse"]).fit(XOR_X, [0, 1, 1, 0])
    with pytest.raises(TypeError, match="activation"):
        MLP(activation=["tanh"]).fit(XOR_X, [0, 1, 1, 0])
    with pytest.raises(TypeError, match="b0"):
        Adaline().fit(XOR_X, [0, 1, 1, 0], b0="abc")
    for model in (Perceptron(verbose="yes"), Adaline(verbose=2), MLP(verbose="loud")):
        with pytest.raises(TypeError, match="verbose"):
            model.fit(XOR_X, [0, 1, 1, 0])


# ---- scale ----------------------------------------------------------------------------------
def test_slow_epochs_print_progress_to_stderr_and_fast_ones_are_quiet(capsys, monkeypatch):
    Perceptron(n_iter=3).fit(XOR_X, [0, 1, 1, 1])
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(_Progress, "SLOW", -1.0)  # every epoch counts as slow
    monkeypatch.setattr(_Progress, "EVERY", 0.0)
    Adaline(n_iter=3).fit(XOR_X, [0, 1, 1, 1])
    err = capsys.readouterr().err
    assert "Adaline: epoch 1 of 3" in err and "to go" in err and "verbose=False" in err
    Adaline(n_iter=3, verbose=False).fit(XOR_X, [0, 1, 1, 1])
    MLP((2,), n_iter=3, verbose=False).fit(XOR_X, [0, 1, 1, 1])
    assert capsys.readouterr().err == ""
    MLP((2,), n_iter=2, verbose=True).fit(XOR_X, [0, 1, 1, 1])
    assert capsys.readouterr().err.count("MLP: epoch") == 2


@pytest.mark.parametrize("n_features", [3, 40])  # Python floats, and NumPy rows
def test_fast_perceptron_and_sgd_follow_the_plain_numpy_rule(n_features):
    rng = np.random.default_rng(n_features)
    X = rng.normal(size=(80, n_features))
    y = (X @ rng.normal(size=n_features) > 0.1).astype(int)
    w, b, errors = textbook(X, y, 0.1, 10)
    model = Perceptron(eta=0.1, n_iter=10).fit(X, y)
    assert model.errors_ == errors
    np.testing.assert_allclose(model.w_, w, rtol=1e-13, atol=1e-13)
    records = list(Perceptron(eta=0.1, n_iter=10).steps(X, y))
    np.testing.assert_array_equal(records[-1].w, model.w_)
    # Adaline SGD against the plain NumPy loop of the same rule and the same shuffles
    sgd = Adaline(eta=0.01, n_iter=4, solver="sgd", random_state=3).fit(X, y, w0=np.zeros(n_features), b0=0)
    t, w, b = np.where(y == 1, 1.0, -1.0), np.zeros(n_features), 0.0
    order_rng = np.random.default_rng(3)
    for _ in range(4):
        for i in order_rng.permutation(len(y)):
            error = t[i] - (X[i] @ w + b)
            w, b = w + 0.01 * error * X[i], b + 0.01 * error
    np.testing.assert_allclose(sgd.w_, w, rtol=1e-11)
    assert sgd.b_ == pytest.approx(b, rel=1e-11)


def test_hand_set_linear_weights_are_converted_and_checked():
    model = Perceptron()
    model.w_, model.b_ = [1, -1], 0  # never fitted: classes 0 and 1
    assert model.predict([[2, 1], [0, 1]]).tolist() == [1, 0]
    model.w_ = [[1, -1]]
    with pytest.raises(ValueError, match="w_ must be a 1-D"):
        model.predict([[2, 1]])
    model.w_, model.b_ = [1.0, np.nan], 0.0
    with pytest.raises(ValueError, match="w_ contains"):
        model.net_input([[2, 1]])
    model.w_, model.b_ = [1.0, 1.0], "0"
    with pytest.raises(TypeError, match="b_"):
        model.predict([[2, 1]])


def test_score_on_hand_set_weights_rejects_text_labels():
    model = Perceptron()
    model.w_, model.b_ = [1.0, -1.0], 0.0
    net = _hand_set()
    for m in (model, net):
        assert m.score(XOR_X, m.predict(XOR_X)) == 1.0
        with pytest.raises(TypeError, match="classes_"):
            m.score(XOR_X, m.predict(XOR_X).astype(str))


@pytest.mark.parametrize("params", [{}, {"alpha": 10.0}, {"alpha": 1e-300}, {"temperature": 1e-300},
                                    {"temperature": 1e300}])
def test_every_activation_is_warning_free_at_the_float_limit(params):
    z = np.array([-1.7e308, -1e308, -1000.0, -1e-300, 0.0, 0.5, 1.0, 1e-300, 1000.0, 1e308, 1.7e308])
    for name, cls in ACTIVATIONS.items():
        try:
            f = get_activation(name, **params)
        except TypeError:  # a parameter this activation does not take
            continue
        out, slope = f(z), f.derivative(z)
        assert not np.isnan(out).any() and not np.isnan(slope).any(), name
        assert np.isfinite(out[2:9]).all(), name  # moderate z: finite, whatever the parameter
    assert get_activation("leaky_relu", alpha=10.0)(z)[-1] == 1.7e308  # z > 0 kept as it is


def test_more_wrong_kinds_are_named():
    with pytest.raises(TypeError, match=r"OneVsRest\(Perceptron\(\)\)"):
        OneVsRest(Perceptron)
    with pytest.raises(TypeError, match="gate name"):
        logic_gate(["AND"])
    with pytest.raises(TypeError, match="noise"):
        make_moons(noise="0.1")
    with pytest.raises(ValueError, match=r"^a and T"):
        mse([1.0, 2.0], [1.0, 2.0])
    net = MLP(np.array([3]), n_iter=2, random_state=0).fit(XOR_X, [0, 1, 1, 0])
    assert net.coefs_[0].shape == (2, 3)


def test_gradient_check_and_neuron_output_take_what_learners_set():
    net = _hand_set()  # lists of ints
    assert check_gradients(net, XOR_X, [0, 1, 1, 0]) < 1e-6
    assert Neuron([1e308, 1e308], activation="sigmoid").output([[1e308, 1e308]]).tolist() == [1.0]
    assert Neuron([1e308, 1e308], activation="tanh").output([[-1e308, -1e308]]).tolist() == [-1.0]


def test_divergence_raised_as_an_error_leaves_the_model_diverged():
    X, y = make_moons(100, noise=0.2, random_state=0)
    model = MLP((8,), activation="relu", eta=1e6, n_iter=300, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DivergenceWarning)
        with pytest.raises(DivergenceWarning):
            model.fit(X, y)
    assert model.diverged_
    with pytest.raises(ValueError, match="diverged"):
        model.predict(X)


def test_losses_are_finite_wherever_the_true_value_is():
    # −log softmax([1e308, −1e308])₂ = 2e308 is past the float limit, half of it is not.
    assert cross_entropy([[1e308, -1e308]], [[0.5, 0.5]]) == pytest.approx(1e308, rel=1e-12)
    assert cross_entropy([[1e308, -1e308]] * 3, [[0.25, 0.75]] * 3) == pytest.approx(1.5e308, rel=1e-12)
    assert cross_entropy([[1.7e308, 1.7e308]], [[1, 0]]) == pytest.approx(np.log(2), rel=1e-12)
    assert cross_entropy([[1e308, -1e308]], [[0, 1]]) == np.inf  # 2e308: beyond, so inf
    assert binary_cross_entropy([[1e308], [1e308]], [[0], [0]]) == pytest.approx(1e308, rel=1e-12)
    rng = np.random.default_rng(0)
    z, T = rng.normal(size=(20, 4)) * 3, np.eye(4)[rng.integers(0, 4, 20)]
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # direct formula, moderate z
    assert cross_entropy(z, T) == pytest.approx(-np.mean(np.sum(T * log_p, axis=1)), rel=1e-12)


def test_rows_in_chunks_change_nothing(monkeypatch):
    from nnlib.linear import _Rows
    rng = np.random.default_rng(5)
    X = rng.normal(size=(50, 2))
    y = (X @ [1.0, -1.0] + 0.5 * rng.normal(size=50) > 0).astype(int)
    monkeypatch.setattr(_Rows, "CHUNK", 7)  # 50 rows: 7 full chunks and one of 1
    model = Perceptron(eta=0.1, n_iter=6).fit(X, y)
    w, b, errors = textbook(X, y, 0.1, 6)
    assert model.errors_ == errors
    np.testing.assert_allclose(model.w_, w, rtol=1e-13, atol=1e-13)


def test_a_one_column_dataframe_is_a_label_vector():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame({"a": [0.0, 0, 1, 1], "b": [0.0, 1, 0, 1]})
    model = Perceptron(n_iter=20).fit(X, pd.DataFrame({"y": ["n", "y", "y", "y"]}))
    assert model.classes_.tolist() == ["n", "y"]
    with pytest.raises(ValueError, match="one column"):
        Perceptron().fit(X, pd.DataFrame({"y": [0, 1, 1, 1], "z": [1, 0, 0, 0]}))


def test_stepping_by_hand_prints_no_progress(capsys, monkeypatch):
    monkeypatch.setattr(_Progress, "SLOW", -1.0)  # every epoch counts as slow
    for _ in Perceptron(n_iter=3, verbose=True).steps(XOR_X, [0, 1, 1, 1]):
        pass
    assert capsys.readouterr().err == ""


def test_an_overflowing_last_update_is_divergence_too():
    X = np.array([[1e300, 0.0], [0.0, 1e300], [-1e300, 0.0], [0.0, -1e300]])
    model = MLP((2,), activation="relu", eta=1e10, n_iter=1, random_state=0)
    with pytest.warns(DivergenceWarning, match="epoch 1"):
        model.fit(X, [0, 1, 0, 1])
    assert model.diverged_
    with pytest.raises(ValueError, match="diverged"):
        model.predict(X)
