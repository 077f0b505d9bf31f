"""MLP: losses, gradients against finite differences, learning XOR, training mechanics."""

import math

import numpy as np
import pytest

from nnlib import (ACTIVATIONS, MLP, DivergenceWarning, binary_cross_entropy, check_gradients,
                   cross_entropy, logic_gate, make_blobs, make_moons, mse, numerical_gradient)
from nnlib.activations import get_activation
from nnlib.gradcheck import relative_error
from nnlib.losses import _log_softmax, softmax_and_log

LN3 = math.log(3)


# ---- losses against hand computations ------------------------------------------------------
def test_cross_entropy_by_hand():
    # Row 1: softmax([0, ln 3]) = [1/4, 3/4], target class 1 → −ln(3/4).
    # Row 2: softmax([0, 0]) = [1/2, 1/2], target class 0 → ln 2.
    z = np.array([[0.0, LN3], [0.0, 0.0]])
    T = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert cross_entropy(z, T) == pytest.approx((-math.log(0.75) + math.log(2)) / 2, rel=1e-12)


def test_binary_cross_entropy_by_hand():
    # σ(0) = 1/2 either way → ln 2; σ(ln 3) = 3/4: target 1 → −ln(3/4), target 0 → −ln(1/4).
    z = np.array([[0.0], [LN3], [LN3]])
    t = np.array([[1.0], [1.0], [0.0]])
    expected = (math.log(2) - math.log(0.75) - math.log(0.25)) / 3
    assert binary_cross_entropy(z, t) == pytest.approx(expected, rel=1e-12)


def test_mse_by_hand():
    # ½ Σₖ (aₖ − Tₖ)² per row: ½(1 + 4) = 2.5 and ½(0 + 0.25) = 0.125; mean over rows.
    a = np.array([[1.0, 2.0], [0.5, 0.5]])
    T = np.array([[0.0, 0.0], [0.5, 1.0]])
    assert mse(a, T) == pytest.approx((2.5 + 0.125) / 2, rel=1e-12)


def test_losses_stable_at_plus_minus_1000():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        z = np.array([[1000.0, -1000.0]])
        assert cross_entropy(z, np.array([[1.0, 0.0]])) == 0.0  # certain and right
        assert cross_entropy(z, np.array([[0.0, 1.0]])) == pytest.approx(2000.0)  # certain and wrong
        assert binary_cross_entropy(np.array([[1000.0]]), np.array([[1.0]])) == 0.0
        assert binary_cross_entropy(np.array([[1000.0]]), np.array([[0.0]])) == pytest.approx(1000.0)
        assert binary_cross_entropy(np.array([[-1000.0]]), np.array([[1.0]])) == pytest.approx(1000.0)


def test_losses_reject_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(2, 2\) and \(2, 3\)"):
        cross_entropy(np.zeros((2, 2)), np.zeros((2, 3)))


@pytest.mark.parametrize("k", [1, 2, 5, 20])
def test_fused_softmax_and_log_softmax_equal_the_separate_ones(k):
    # Training computes both from one set of exponentials; it must give exactly what
    # the Softmax activation and the cross-entropy's log-softmax give on their own.
    z = np.random.default_rng(k).normal(scale=3, size=(9, k))
    z[0, 0], z[1, -1] = 1000.0, -1000.0
    a, log_a = softmax_and_log(z)
    np.testing.assert_array_equal(a, get_activation("softmax")(z))
    np.testing.assert_array_equal(log_a, _log_softmax(z))


# ---- numerical_gradient itself -------------------------------------------------------------
def test_numerical_gradient_of_known_function():
    # f(x) = Σ x³ + x₀x₁ has ∇f = 3x² + (x₁, x₀, 0).
    x = np.array([0.5, -1.5, 2.0])
    grad = numerical_gradient(lambda v: np.sum(v ** 3) + v[0] * v[1], x)
    np.testing.assert_allclose(grad, 3 * np.array([0.5, -1.5, 2.0]) ** 2 + [-1.5, 0.5, 0.0], rtol=1e-7)


def test_numerical_gradient_of_matrix_and_restores_it():
    # f(W) = ‖AW‖² / 2 has ∇f = AᵀAW; x is nudged in place and must come back unchanged.
    rng = np.random.default_rng(0)
    A, W = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
    before = W.copy()
    grad = numerical_gradient(lambda M: 0.5 * np.sum((A @ M) ** 2), W)
    np.testing.assert_allclose(grad, A.T @ A @ before, rtol=1e-6)
    assert np.array_equal(W, before)


def test_numerical_gradient_rejects_non_float64():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(np.sum, np.array([1, 2, 3]))


def test_relative_error_is_scale_free():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.array([1e-9, 0.0]), np.array([-1e-9, 0.0])) == pytest.approx(1.0)


# ---- backprop gradients against finite differences ----------------------------------------
HIDDEN = [a for a in ACTIVATIONS if a not in ("step", "softmax")]  # step has no gradient signal
OUTPUTS = [("softmax", None), ("sigmoid", None), ("softmax", "mse"), ("sigmoid", "mse")]
ARCHITECTURES = [(3,), (3, 4), (5, 2, 3)]


def model_for_gradient_check(sizes, activation, output, loss, seed=0):
    """An initialised MLP and a small random data set (3 features, 3 or 2 classes)."""
    rng = np.random.default_rng(seed)
    n_classes = 3 if output == "softmax" else 2
    model = MLP(sizes, activation=activation, output=output, loss=loss, random_state=seed)
    model.initialize(3, n_classes)
    # Away from kinks: intercepts start at 0, so a layer whose units are all dead passes on
    # z = 0 exactly, the kink of the ReLU family, where finite differences are meaningless.
    # Small random non-zero intercepts keep every z off the kinks.
    for b in model.intercepts_:
        b[:] = rng.uniform(0.05, 0.3, b.size) * rng.choice([-1, 1], b.size)
    X = rng.normal(size=(7, 3))
    y = np.arange(7) % n_classes  # every class present
    return model, X, y


@pytest.mark.parametrize("sizes", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize("output, loss", OUTPUTS, ids=["softmax-ce", "sigmoid-bce", "softmax-mse", "sigmoid-mse"])
def test_backprop_matches_finite_differences(sizes, activation, output, loss):
    model, X, y = model_for_gradient_check(sizes, activation, output, loss)
    # ε = 1e-5 balances the two errors of central differences (truncation ~ε², rounding
    # ~1e-16/ε): deep sigmoid stacks have gradients small enough that rounding at the
    # default ε = 1e-6 comes within a factor 3 of the 1e-6 bound; here the margin is ~25.
    assert check_gradients(model, X, y, eps=1e-5) < 1e-6


def test_gradients_match_finite_differences_entry_by_entry():
    # The same check without check_gradients, so a bug there cannot hide one in backprop.
    model, X, y = model_for_gradient_check((4, 3), "tanh", "softmax", None, seed=5)
    dcoefs, dintercepts = model.gradients(X, y)
    for params, grads in ((model.coefs_, dcoefs), (model.intercepts_, dintercepts)):
        for p, g in zip(params, grads):
            assert g.shape == p.shape
            numeric = numerical_gradient(lambda _: model.loss_value(X, y), p)
            np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-9)


def test_check_gradients_catches_a_wrong_gradient():
    # The check must be able to fail: a backprop that is off by 10 % is reported.
    model, X, y = model_for_gradient_check((3,), "tanh", "softmax", None)
    right = model.gradients

    def off_by_ten_percent(X, y):
        dW, db = right(X, y)
        return [1.1 * g for g in dW], db

    model.gradients = off_by_ten_percent
    assert check_gradients(model, X, y) > 0.01


def test_loss_value_is_the_chosen_loss_of_the_forward_pass():
    model, X, y = model_for_gradient_check((3,), "tanh", "softmax", None)
    zs, _ = model.forward(X)
    assert model.loss_value(X, y) == pytest.approx(cross_entropy(zs[-1], np.eye(3)[y]), rel=1e-12)
    model, X, y = model_for_gradient_check((3,), "tanh", "sigmoid", "mse")
    _, activations = model.forward(X)
    assert model.loss_value(X, y) == pytest.approx(mse(activations[-1], y[:, None].astype(float)), rel=1e-12)


# ---- learning XOR --------------------------------------------------------------------------
def test_2_2_1_sigmoid_network_learns_xor():
    X, y = logic_gate("XOR")
    model = MLP((2,), activation="sigmoid", output="sigmoid", eta=2.0, n_iter=3000, random_state=0)
    model.fit(X, y)
    assert np.array_equal(model.predict(X), y)
    assert model.loss_curve_[-1] < 0.05


def test_2_4_2_tanh_softmax_network_learns_xor():
    X, y = logic_gate("XOR")
    model = MLP((4,), activation="tanh", output="softmax", eta=0.5, n_iter=1000, random_state=0).fit(X, y)
    assert np.array_equal(model.predict(X), y)
    assert model.score(X, y) == 1.0


def test_hand_set_weights_compute_xor_as_and_of_or_and_nand():
    X, y = logic_gate("XOR")
    model = MLP((2,), activation="step", output="sigmoid").initialize(2, 2)
    # Hidden unit 1 is OR (fires when x₁ + x₂ ≥ 0.5), unit 2 is NAND (fires when x₁ + x₂ ≤ 1.5);
    # the output is AND of the two: σ(20h₁ + 20h₂ − 30) > ½ only when both fire.
    model.coefs_ = [np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([[20.0], [20.0]])]
    model.intercepts_ = [np.array([-0.5, 1.5]), np.array([-30.0])]
    _, activations = model.forward(X)
    np.testing.assert_array_equal(activations[1][:, 0], logic_gate("OR")[1])
    np.testing.assert_array_equal(activations[1][:, 1], logic_gate("NAND")[1])
    np.testing.assert_array_equal(model.predict(X), y)


# ---- training mechanics --------------------------------------------------------------------
@pytest.fixture(scope="module")
def moons():
    return make_moons(100, noise=0.2, random_state=0)


def test_training_lowers_the_loss_and_fits_moons(moons):
    X, y = moons
    model = MLP((8,), eta=0.5, n_iter=400, random_state=0).fit(X, y)
    assert len(model.loss_curve_) == 400
    assert model.loss_curve_[-1] < 0.5 * model.loss_curve_[0]
    assert model.score(X, y) > 0.9


def test_first_recorded_loss_is_the_loss_at_the_initial_weights(moons):
    X, y = moons
    start = MLP((8,), random_state=0).initialize(2, 2).loss_value(X, y)
    model = MLP((8,), n_iter=3, random_state=0).fit(X, y)
    assert model.loss_curve_[0] == pytest.approx(start, rel=1e-12)


def test_partial_fit_continues_training(moons):
    X, y = moons
    model = MLP((8,), n_iter=5, random_state=0).fit(X, y)
    weights = [W.copy() for W in model.coefs_]
    model.partial_fit(X, y, n_epochs=7)
    assert len(model.loss_curve_) == 12
    assert not np.array_equal(model.coefs_[0], weights[0])  # it moved on from where it was
    assert model.loss_curve_[5] < model.loss_curve_[0]  # and did not start again


@pytest.mark.parametrize("batch_size", [None, 16])
def test_partial_fit_in_chunks_equals_fit(moons, batch_size):
    X, y = moons
    whole = MLP((6,), n_iter=60, batch_size=batch_size, random_state=3).fit(X, y)
    chunks = MLP((6,), batch_size=batch_size, random_state=3)
    for n_epochs in (20, 25, 15):
        chunks.partial_fit(X, y, n_epochs=n_epochs)
    np.testing.assert_allclose(chunks.loss_curve_, whole.loss_curve_, rtol=1e-12)
    for a, b in zip(chunks.coefs_ + chunks.intercepts_, whole.coefs_ + whole.intercepts_):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_huge_learning_rate_diverges_with_a_warning(moons):
    X, y = moons
    model = MLP((8,), activation="relu", eta=1e6, n_iter=300, random_state=0)
    with pytest.warns(DivergenceWarning, match=r"eta=1e\+06"):
        model.fit(X, y)
    assert model.diverged_
    assert 0 < len(model.loss_curve_) < 300  # stopped early
    assert np.all(np.isfinite(model.loss_curve_))  # the NaN/inf loss is not recorded


def test_modest_learning_rate_does_not_diverge(moons):
    X, y = moons
    model = MLP((8,), activation="relu", eta=0.1, n_iter=200, random_state=0).fit(X, y)
    assert not model.diverged_


@pytest.mark.parametrize("output, n_classes", [("softmax", 3), ("softmax", 2), ("sigmoid", 2)])
def test_predict_proba_rows_are_distributions(output, n_classes):
    X, y = make_blobs(60, centers=n_classes, random_state=0)
    model = MLP((5,), output=output, n_iter=50, random_state=0).fit(X, y)
    proba = model.predict_proba(X)
    assert proba.shape == (60, n_classes)
    assert np.all((proba >= 0) & (proba <= 1))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(model.predict(X), model.classes_[proba.argmax(axis=1)])


def test_three_classes_with_softmax():
    X, y = make_blobs(150, centers=3, noise=0.4, random_state=2)
    model = MLP((6,), n_iter=300, random_state=0).fit(X, y)
    np.testing.assert_array_equal(model.classes_, [0, 1, 2])
    assert model.score(X, y) > 0.9


def test_mini_batch_training_is_seeded_and_works(moons):
    X, y = moons

    def train(seed):
        return MLP((8,), eta=0.3, n_iter=100, batch_size=16, random_state=seed).fit(X, y)

    a, b, c = train(0), train(0), train(1)
    assert a.loss_curve_ == b.loss_curve_
    for Wa, Wb in zip(a.coefs_, b.coefs_):
        assert np.array_equal(Wa, Wb)
    assert a.loss_curve_ != c.loss_curve_  # another seed, another run
    assert a.loss_curve_[-1] < 0.5 * a.loss_curve_[0]
    assert a.score(X, y) > 0.9


def test_mini_batches_differ_from_full_batch(moons):
    # batch_size must really change the training (shuffled steps), not be ignored.
    X, y = moons
    full = MLP((8,), n_iter=5, random_state=0).fit(X, y)
    mini = MLP((8,), n_iter=5, batch_size=10, random_state=0).fit(X, y)
    assert not np.allclose(full.coefs_[0], mini.coefs_[0])


def test_batch_size_larger_than_data_is_full_batch(moons):
    X, y = moons
    full = MLP((4,), n_iter=10, random_state=0).fit(X, y)
    big = MLP((4,), n_iter=10, batch_size=10_000, random_state=0).fit(X, y)
    assert full.loss_curve_ == big.loss_curve_


def test_any_labels_are_kept(moons):
    X, y = moons
    labels = np.array(["blue", "red"])[y]
    model = MLP((8,), n_iter=300, random_state=0).fit(X, labels)
    np.testing.assert_array_equal(model.classes_, ["blue", "red"])
    assert set(model.predict(X)) <= {"blue", "red"}
    assert model.score(X, labels) > 0.85


def test_fit_is_deterministic_for_a_seed(moons):
    X, y = moons
    a = MLP((5, 3), activation="elu", n_iter=30, random_state=7).fit(X, y)
    b = MLP((5, 3), activation="elu", n_iter=30, random_state=7).fit(X, y)
    assert a.loss_curve_ == b.loss_curve_


def test_forward_shapes(moons):
    X, y = moons
    model = MLP((5, 3), n_iter=1, random_state=0).fit(X, y)
    zs, activations = model.forward(X)
    assert [z.shape for z in zs] == [(100, 5), (100, 3), (100, 2)]
    assert [a.shape for a in activations] == [(100, 2), (100, 5), (100, 3), (100, 2)]
    assert [W.shape for W in model.coefs_] == [(2, 5), (5, 3), (3, 2)]
