"""MLP's alpha (L2) and l1 penalties, input features, and networks with no hidden layer."""

import math

import numpy as np
import pytest

from nnlib import MLP, DivergenceWarning, check_gradients, make_circle, make_moons, numerical_gradient
from nnlib.features import FEATURES, expand

ALL_FEATURES = tuple(FEATURES)


def softplus(x: float) -> float:
    return math.log1p(math.exp(x))


# ---- the penalty by hand -----------------------------------------------------------------
def tiny_net(**params) -> MLP:
    """No hidden layer, one sigmoid unit: w = (1, −2), b = 0.5, set by hand."""
    net = MLP((), output="sigmoid", **params)
    net.coefs_, net.intercepts_ = [np.array([[1.0], [-2.0]])], [np.array([0.5])]
    return net


# z = 0.5 for (0, 0) and 1 − 2 + 0.5 = −0.5 for (1, 1); labels 1 and 0, so each row costs
# −log σ(0.5) = log(1 + e^−0.5) (and −log(1 − σ(−0.5)) is the same number).
X_TINY, Y_TINY = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([1, 0])
DATA_LOSS = softplus(-0.5)


def test_alpha_penalty_by_hand():
    # alpha/(2n)·‖W‖² with n = 2 rows: 0.4 / 4 · (1 + 4) = 0.5; the bias 0.5 is not penalised.
    assert tiny_net().loss_value(X_TINY, Y_TINY) == pytest.approx(DATA_LOSS, rel=1e-14)
    assert tiny_net(alpha=0.4).loss_value(X_TINY, Y_TINY) == pytest.approx(DATA_LOSS + 0.5, rel=1e-14)


def test_l1_penalty_by_hand():
    # l1/n·Σ|W| = 0.3 / 2 · (1 + 2) = 0.45; both together add up.
    assert tiny_net(l1=0.3).loss_value(X_TINY, Y_TINY) == pytest.approx(DATA_LOSS + 0.45, rel=1e-14)
    both = tiny_net(alpha=0.4, l1=0.3).loss_value(X_TINY, Y_TINY)
    assert both == pytest.approx(DATA_LOSS + 0.5 + 0.45, rel=1e-14)


def test_penalty_covers_every_layer_and_no_intercept():
    # Two layers: W1 = [[1, 2], [0, −1]] (Σw² = 6, Σ|w| = 4), W2 = [[3], [−1]] (10 and 4).
    def net(**params):
        m = MLP((2,), output="sigmoid", **params)
        m.coefs_ = [np.array([[1.0, 2.0], [0.0, -1.0]]), np.array([[3.0], [-1.0]])]
        m.intercepts_ = [np.array([5.0, -7.0]), np.array([11.0])]  # large: would show if counted
        return m
    X = np.array([[0.1, 0.2], [0.3, -0.4], [0.5, 0.6], [-0.7, 0.8]])
    y = np.array([0, 1, 1, 0])
    base = net().loss_value(X, y)
    assert net(alpha=0.2).loss_value(X, y) - base == pytest.approx(0.2 / (2 * 4) * 16, rel=1e-12)
    assert net(l1=0.2).loss_value(X, y) - base == pytest.approx(0.2 / 4 * 8, rel=1e-12)


def test_gradient_adds_alpha_w_over_n_and_l1_sign_w_over_n():
    X, y = make_moons(30, random_state=0)
    plain = MLP((3, 2), random_state=0).initialize(2, 2)
    penalised = MLP((3, 2), alpha=0.7, l1=0.2, random_state=0).initialize(2, 2)
    (dW0, db0), (dW1, db1) = plain.gradients(X, y), penalised.gradients(X, y)
    for W, g0, g1 in zip(plain.coefs_, dW0, dW1):
        np.testing.assert_allclose(g1 - g0, (0.7 * W + 0.2 * np.sign(W)) / 30, rtol=1e-12, atol=1e-15)
    for g0, g1 in zip(db0, db1):
        np.testing.assert_array_equal(g0, g1)  # intercepts carry no penalty


# ---- finite differences ---------------------------------------------------------------------
def away_from_zero(model: MLP, rng) -> MLP:
    """|w| ≥ 0.05 and non-zero intercepts: L1's kink at 0 and ReLU-like kinks stay far from ε."""
    for W in model.coefs_:
        W[:] = np.sign(W) * np.maximum(np.abs(W), 0.05) + (W == 0) * 0.05
    for b in model.intercepts_:
        b[:] = rng.uniform(0.05, 0.3, b.size) * rng.choice([-1, 1], b.size)
    return model


CASES = [
    {"alpha": 0.5},
    {"l1": 0.3},
    {"alpha": 0.5, "l1": 0.3},
    {"features": ALL_FEATURES},
    {"features": ("x1^2", "x2^2"), "alpha": 0.5, "l1": 0.3},
]


@pytest.mark.parametrize("sizes", [(), (3, 2, 4)], ids=["no-hidden", "3-2-4"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
@pytest.mark.parametrize("params", CASES, ids=lambda p: "+".join(sorted(p)))
def test_gradients_match_finite_differences(sizes, output, params):
    rng = np.random.default_rng(4)
    model = away_from_zero(MLP(sizes, output=output, activation="tanh", random_state=2, **params)
                           .initialize(2, 2), rng)
    X = rng.normal(size=(9, 2))
    y = np.arange(9) % 2
    assert check_gradients(model, X, y, eps=1e-5) < 1e-6
    # Array by array too, so that an error in a small array is not hidden behind a larger one.
    dcoefs, dintercepts = model.gradients(X, y)
    for params_, grads in ((model.coefs_, dcoefs), (model.intercepts_, dintercepts)):
        for p, g in zip(params_, grads):
            numeric = numerical_gradient(lambda _: model.loss_value(X, y), p, eps=1e-5)
            np.testing.assert_allclose(g, numeric, rtol=1e-6, atol=1e-9)


def test_the_check_sees_a_missing_penalty_gradient():
    # A gradient without its penalty term must fail the finite-difference check.
    rng = np.random.default_rng(0)
    model = away_from_zero(MLP((3,), alpha=2.0, random_state=0).initialize(2, 2), rng)
    X, y = rng.normal(size=(6, 2)), np.arange(6) % 2
    model.alpha = 0.0
    without = model.gradients(X, y)[0][0]
    model.alpha = 2.0
    numeric = numerical_gradient(lambda _: model.loss_value(X, y), model.coefs_[0])
    assert not np.allclose(without, numeric, rtol=1e-3)


# ---- training with the penalties ---------------------------------------------------------------
def test_one_full_batch_step_follows_the_penalised_gradient():
    X, y = make_moons(40, random_state=1)
    model = MLP((4,), eta=0.3, alpha=0.5, l1=0.1, random_state=0).initialize(2, 2)
    start = [W.copy() for W in model.coefs_]
    loss, (dW, _) = model.loss_value(X, y), model.gradients(X, y)
    model.partial_fit(X, y)
    assert model.loss_curve_ == [pytest.approx(loss, rel=1e-12)]  # the penalty is in the curve
    for W0, W1, g in zip(start, model.coefs_, dW):
        np.testing.assert_allclose(W1, W0 - 0.3 * g, rtol=1e-12, atol=1e-15)


def test_minibatch_losses_include_each_batchs_penalty():
    # Like scikit-learn, an epoch's loss is the mean of its batch losses weighted by batch size,
    # each batch with its own alpha/(2·batch)·Σ‖W‖²: with one weight layer left unchanged
    # (eta tiny) the epoch's penalty is n_batches times that of one full batch.
    X, y = make_moons(40, random_state=1)
    full = MLP((3,), eta=1e-12, alpha=2.0, random_state=0).partial_fit(X, y).loss_curve_[0]
    batched = MLP((3,), eta=1e-12, alpha=2.0, batch_size=10, random_state=0).partial_fit(X, y).loss_curve_[0]
    data = MLP((3,), eta=1e-12, random_state=0).partial_fit(X, y).loss_curve_[0]
    assert batched - data == pytest.approx(4 * (full - data), rel=1e-6)


def test_alpha_shrinks_the_weights_and_l1_sparsifies_them():
    X, y = make_moons(100, noise=0.2, random_state=0)
    def trained(**params):
        return MLP((8,), eta=0.5, n_iter=400, random_state=0, verbose=False, **params).fit(X, y)
    free, l2, l1 = trained(), trained(alpha=1.0), trained(l1=1.0)
    norm = lambda m: math.sqrt(sum(float(np.sum(W ** 2)) for W in m.coefs_))  # noqa: E731
    assert norm(l2) < 0.7 * norm(free)
    small = lambda m: sum(int(np.sum(np.abs(W) < 0.01)) for W in m.coefs_)  # noqa: E731
    assert small(l1) > small(free) + 3


def test_penalties_are_read_at_each_partial_fit():
    X, y = make_moons(40, random_state=1)
    a = MLP((3,), eta=0.2, random_state=0).partial_fit(X, y)
    b = MLP((3,), eta=0.2, random_state=0).partial_fit(X, y)
    b.alpha = 5.0
    a.partial_fit(X, y)
    b.partial_fit(X, y)
    assert b.loss_curve_[0] == a.loss_curve_[0]  # the first epoch had no penalty in either
    assert b.loss_curve_[1] > a.loss_curve_[1]
    assert not np.allclose(a.coefs_[0], b.coefs_[0])


@pytest.mark.parametrize("name", ["alpha", "l1"])
@pytest.mark.parametrize("value, kind, says", [
    (-0.1, ValueError, "got -0.1"),
    (float("nan"), ValueError, "got nan"),
    (float("inf"), ValueError, "got inf"),
    ("0.1", TypeError, "got str '0.1'"),
    (True, TypeError, "got bool True"),
    (None, TypeError, "got NoneType None"),
])
def test_bad_penalties_are_named(name, value, kind, says):
    X, y = make_moons(20, random_state=0)
    fitted = MLP((3,), n_iter=3, random_state=0).fit(X, y)
    before = [W.copy() for W in fitted.coefs_]
    setattr(fitted, name, value)
    for call in (lambda: fitted.partial_fit(X, y), lambda: fitted.fit(X, y),
                 lambda: fitted.loss_value(X, y), lambda: fitted.gradients(X, y)):
        with pytest.raises(kind, match=rf"^{name} must be .*number >= 0.*{says}"):
            call()
    for W0, W1 in zip(before, fitted.coefs_):
        np.testing.assert_array_equal(W0, W1)  # nothing trained


def test_numpy_scalars_and_zero_are_fine_penalties():
    X, y = make_moons(20, random_state=0)
    m = MLP((3,), n_iter=2, alpha=np.float32(0.1), l1=np.array(0.0), random_state=0).fit(X, y)
    assert len(m.loss_curve_) == 2


# ---- input features ----------------------------------------------------------------------------
def test_features_set_the_input_layer():
    X, y = make_moons(30, random_state=0)
    model = MLP((4,), features=("x1", "x1*x2", "sin(x2)"), n_iter=5, random_state=0).fit(X, y)
    assert model.coefs_[0].shape == (3, 4)
    assert model.n_features_in_ == 2  # raw columns the model takes
    zs, activations = model.forward(X)
    np.testing.assert_array_equal(activations[0], np.column_stack([X[:, 0], X[:, 0] * X[:, 1], np.sin(X[:, 1])]))
    # the first layer sees the features: z₁ = features·W + b
    np.testing.assert_allclose(zs[0], activations[0] @ model.coefs_[0] + model.intercepts_[0], rtol=1e-12)


def test_every_method_takes_raw_inputs():
    X, y = make_moons(30, random_state=0)
    model = MLP((4,), features=ALL_FEATURES, n_iter=5, random_state=0).fit(X, y)
    twin = MLP((4,), n_iter=5, random_state=0)  # the same network, fed the features by hand
    twin.coefs_, twin.intercepts_ = [W.copy() for W in model.coefs_], [b.copy() for b in model.intercepts_]
    twin.classes_ = model.classes_
    Z = expand(X, ALL_FEATURES)
    np.testing.assert_array_equal(model.predict_proba(X), twin.predict_proba(Z))
    np.testing.assert_array_equal(model.predict(X), twin.predict(Z))
    assert model.score(X, y) == twin.score(Z, y)
    assert model.loss_value(X, y) == twin.loss_value(Z, y)
    for g, h in zip(model.gradients(X, y), twin.gradients(Z, y)):
        for a, b in zip(g, h):
            np.testing.assert_array_equal(a, b)
    model.partial_fit(X, y, n_epochs=3)
    twin.partial_fit(Z, y, n_epochs=3)
    np.testing.assert_allclose(model.coefs_[0], twin.coefs_[0], rtol=1e-12)


def test_features_fixed_when_the_weights_are_created():
    X, y = make_moons(30, random_state=0)
    model = MLP((4,), features=("x1", "x2", "x1^2"), n_iter=5, random_state=0).fit(X, y)
    model.features = ("x1",)  # read only by the next fit (like activation)
    assert model.forward(X)[1][0].shape == (30, 3)
    model.partial_fit(X, y)
    assert model.coefs_[0].shape == (3, 4)
    model.fit(X, y)
    assert model.coefs_[0].shape == (1, 4) and model.n_features_in_ == 2
    model.features = None
    model.fit(X, y)
    assert model.coefs_[0].shape == (2, 4) and model.forward(X)[1][0].shape == (30, 2)


def test_features_need_two_raw_columns():
    X, y = make_moons(30, random_state=0)
    model = MLP((4,), features=("x1^2",), n_iter=2, random_state=0)
    with pytest.raises(ValueError, match=r"X must have 2 columns .*got shape \(30, 3\)"):
        model.fit(np.column_stack([X, X[:, 0]]), y)
    model.fit(X, y)
    for call in (model.predict, model.predict_proba, model.forward):
        with pytest.raises(ValueError, match=r"X must have 2 columns .*got shape \(30, 1\)"):
            call(X[:, :1])


def test_bad_features_name_the_argument():
    X, y = make_moons(10, random_state=0)
    with pytest.raises(ValueError, match="features must be .*got 'x3'"):
        MLP(features=("x1", "x3")).fit(X, y)
    with pytest.raises(TypeError, match=r"features must be .*write \('x1',\)"):
        MLP(features="x1").fit(X, y)
    with pytest.raises(ValueError, match="features"):
        MLP(features=()).initialize(2, 2)


def test_initialize_with_features_takes_two_raw_inputs():
    model = MLP((3,), features=ALL_FEATURES, random_state=0).initialize(2, 2)
    assert model.coefs_[0].shape == (7, 3) and model.n_features_in_ == 2
    with pytest.raises(ValueError, match=r"n_features must be 2 .*features=.*got 3"):
        MLP((3,), features=ALL_FEATURES).initialize(3, 2)


def test_hand_set_first_layer_must_match_the_features():
    model = MLP((3,), features=("x1", "x2", "x1^2"))
    model.coefs_ = [np.ones((2, 3)), np.ones((3, 2))]
    model.intercepts_ = [np.zeros(3), np.zeros(2)]
    with pytest.raises(ValueError, match=r"coefs_\[0\] has 2 rows, but features=\('x1', 'x2', 'x1\^2'\) makes 3"):
        model.predict(np.ones((1, 2)))
    model.coefs_[0] = np.ones((3, 3))
    assert model.predict(np.ones((1, 2))).shape == (1,) and model.n_features_in_ == 2


def test_features_of_huge_inputs_are_refused_without_warnings():
    # 1e155² is past the float limit: the model says which feature, and nothing warns
    # (pytest turns warnings into errors).
    X, y = make_moons(10, random_state=0)
    model = MLP((3,), features=("x1", "x2^2"), n_iter=2, random_state=0).fit(X, y)
    huge = X.copy()
    huge[4, 1] = 1e155
    for call in (lambda: model.predict(huge), lambda: model.partial_fit(huge, y), lambda: model.fit(huge, y),
                 lambda: model.forward(huge), lambda: model.loss_value(huge, y)):
        with pytest.raises(ValueError, match=r"feature 'x2\^2' is not finite for 1 of 10 rows .*row 4"):
            call()
    # sine and the raw inputs are fine that large
    big = MLP((3,), features=("x1", "sin(x2)"), n_iter=2, random_state=0).fit(X, y)
    assert big.predict(huge).shape == (10,)


def test_squares_make_the_circle_linear():
    # Notebook 06's point: with x1² and x2² a network with no hidden layer separates TFP's
    # circle; with x1, x2 alone it cannot (a line through a disc and a ring).
    X, y = make_circle(200, noise=0.0, random_state=0)
    squares = MLP((), features=("x1^2", "x2^2"), eta=0.05, n_iter=500, random_state=0, verbose=False).fit(X, y)
    raw = MLP((), eta=0.05, n_iter=500, random_state=0, verbose=False).fit(X, y)
    assert squares.score(X, y) == 1.0
    assert raw.score(X, y) < 0.75


# ---- no hidden layer ---------------------------------------------------------------------------
@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
def test_no_hidden_layer_is_logistic_regression(output):
    X, y = make_moons(40, random_state=0)
    model = MLP((), output=output, eta=0.5, n_iter=300, random_state=0, verbose=False).fit(X, y)
    n_out = 2 if output == "softmax" else 1
    assert [W.shape for W in model.coefs_] == [(2, n_out)]
    zs, activations = model.forward(X)
    assert len(zs) == 1 and len(activations) == 2
    z = X @ model.coefs_[0] + model.intercepts_[0]
    np.testing.assert_allclose(zs[0], z, rtol=1e-12)
    p1 = 1 / (1 + np.exp(-z[:, 0])) if output == "sigmoid" else np.exp(z[:, 1]) / np.exp(z).sum(axis=1)
    np.testing.assert_allclose(model.predict_proba(X)[:, 1], p1, rtol=1e-12)
    assert model.score(X, y) > 0.8  # moons are nearly linearly separable
    assert model.loss_curve_[-1] < model.loss_curve_[0]


def test_no_hidden_layer_trains_in_minibatches_and_partial_fit():
    X, y = make_moons(40, random_state=0)
    model = MLP((), batch_size=10, eta=0.2, random_state=0)
    model.partial_fit(X, y, n_epochs=3).partial_fit(X, y, n_epochs=2)
    assert len(model.loss_curve_) == 5 and model.coefs_[0].shape == (2, 2)
    assert [g.shape for g in model.gradients(X, y)[0]] == [(2, 2)]


def test_a_penalty_too_strong_for_its_step_says_so_when_training_diverges():
    # alpha = 1000, eta = 0.5, n = 20: the decay step multiplies the weights by 1 − 25 = −24,
    # so they flip and grow until the penalty overflows; the warning names that, not only eta.
    X, y = make_moons(20, random_state=0)
    model = MLP((3,), alpha=1000.0, n_iter=300, random_state=0, verbose=False)
    with pytest.warns(DivergenceWarning, match="1 − eta·alpha/n = −24 each step .n = 20 rows"):
        model.fit(X, y)
    assert model.diverged_


def test_a_divergence_with_a_mild_penalty_blames_eta_alone():
    # eta = 1e6 overshoots on the data; alpha = 1e-6 with n = 100 decays by 1 − 0.01 a step.
    X, y = make_moons(100, random_state=0)
    with pytest.warns(DivergenceWarning) as record:
        MLP((8,), activation="relu", eta=1e6, alpha=1e-6, n_iter=300, random_state=0,
            verbose=False).fit(X, y)
    assert "eta=1e+06" in str(record[0].message) and "penalty" not in str(record[0].message)


def test_penalties_of_huge_weights_raise_no_warnings():
    # Σw² of weights near 1e200 passes the float limit: the loss is inf, silently (pytest makes
    # warnings errors), and the gradient alpha·W/n stays finite.
    X, y = make_moons(20, random_state=0)
    model = MLP((3,), alpha=1.0, l1=1.0, random_state=0).initialize(2, 2)
    model.coefs_[0][:] = 1e200
    assert model.loss_value(X, y) == math.inf
    dcoefs, dintercepts = model.gradients(X, y)
    assert all(np.all(np.isfinite(g)) for g in dcoefs + dintercepts)
    np.testing.assert_allclose(dcoefs[0], (1e200 + 1.0) / 20, rtol=1e-12)  # tanh saturated: penalty only
