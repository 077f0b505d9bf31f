"""Single neurons: Neuron, the perceptron rule, Adaline, and one-vs-rest on Iris."""

import warnings

import numpy as np
import pytest

from nnlib import (Adaline, DivergenceWarning, Neuron, OneVsRest, Perceptron, PerceptronStep,
                   load_iris, logic_gate, numerical_gradient, standardize)
from nnlib.linear import adaline_loss


@pytest.fixture(scope="module")
def iris_two_classes():
    """Setosa (0) vs versicolor (1) by sepal length and petal length: linearly separable."""
    iris = load_iris()
    keep = iris.y < 2
    return iris.X[keep][:, [0, 2]], iris.y[keep]


@pytest.fixture(scope="module")
def iris():
    return load_iris()


# ---- Neuron --------------------------------------------------------------------------------
def test_hand_set_neuron_computes_and():
    X, y = logic_gate("AND")
    neuron = Neuron([1.0, 1.0], b=-1.5)
    np.testing.assert_array_equal(neuron.net_input(X), [-1.5, -0.5, -0.5, 0.5])
    np.testing.assert_array_equal(neuron.predict(X), y)


def test_neuron_output_applies_its_activation():
    neuron = Neuron([2.0], b=0.0, activation="sigmoid")
    np.testing.assert_allclose(neuron.output(np.array([[0.0], [np.log(3) / 2]])), [0.5, 0.75])


# ---- Perceptron ----------------------------------------------------------------------------
@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_perceptron_learns_linearly_separable_gates(gate):
    X, y = logic_gate(gate)
    model = Perceptron(eta=0.1, n_iter=50).fit(X, y)
    assert model.converged_
    assert model.errors_[-1] == 0
    assert len(model.errors_) < 50
    np.testing.assert_array_equal(model.predict(X), y)


def test_perceptron_learns_setosa_vs_versicolor(iris_two_classes):
    X, y = iris_two_classes
    model = Perceptron(eta=0.1, n_iter=50).fit(X, y)
    assert model.converged_
    assert model.errors_[-1] == 0
    np.testing.assert_array_equal(model.predict(X), y)


def test_perceptron_never_solves_xor():
    X, y = logic_gate("XOR")
    model = Perceptron(eta=0.1, n_iter=30).fit(X, y)
    assert not model.converged_
    assert len(model.errors_) == 30  # it used every epoch
    assert min(model.errors_) > 0  # no line separates XOR, so no epoch is mistake-free
    assert not np.array_equal(model.predict(X), y)


def test_perceptron_with_a_seed_is_reproducible(iris_two_classes):
    X, y = iris_two_classes
    a = Perceptron(eta=0.1, random_state=4).fit(X, y)
    b = Perceptron(eta=0.1, random_state=4).fit(X, y)
    assert np.array_equal(a.w_, b.w_) and a.b_ == b.b_
    assert a.errors_ == b.errors_
    a.fit(X, y)  # refitting the same instance starts over from the same weights
    assert np.array_equal(a.w_, b.w_) and a.b_ == b.b_


def test_perceptron_seed_sets_small_random_start():
    X, y = logic_gate("AND")
    starts = [next(Perceptron(random_state=s).steps(X, y)) for s in (0, 1)]
    assert not np.array_equal(starts[0].w, starts[1].w)
    first = next(Perceptron().steps(X, y))  # no seed: start from zero
    assert first.prediction == 1 and first.update == pytest.approx(-0.1)  # z = 0 → class 1


@pytest.mark.parametrize("labels", [("no", "yes"), (-1, 1), (3.5, 7.0)])
def test_perceptron_predicts_in_the_given_labels(labels):
    X, y01 = logic_gate("OR")
    y = np.array(labels)[y01]
    model = Perceptron().fit(X, y)
    np.testing.assert_array_equal(model.classes_, sorted(labels))
    np.testing.assert_array_equal(model.predict(X), y)
    assert model.score(X, y) == 1.0


def replay(records, eta, n_features):
    """Re-run the perceptron rule by hand from zero weights and check every record against it."""
    w, b = np.zeros(n_features), 0.0
    for r in records:
        assert isinstance(r, PerceptronStep)
        prediction = 1 if r.x @ w + b >= 0 else 0
        assert r.prediction == prediction
        assert r.update == pytest.approx(eta * (r.target - prediction))
        assert r.mistake == (r.target != prediction)
        w, b = w + eta * (r.target - prediction) * r.x, b + eta * (r.target - prediction)
        np.testing.assert_allclose(r.w, w, rtol=1e-12, atol=1e-15)
        assert r.b == pytest.approx(b, abs=1e-15)
    return w, b


def test_steps_follow_the_perceptron_rule(iris_two_classes):
    X, y = iris_two_classes
    model = Perceptron(eta=0.1, n_iter=50)
    records = list(model.steps(X, y))
    w, b = replay(records, 0.1, 2)
    # The run ends with the weights the last record shows.
    np.testing.assert_allclose(model.w_, w, rtol=1e-12)
    assert model.b_ == pytest.approx(b)
    # One record per example per epoch, in order, and the mistakes add up to errors_.
    n = len(y)
    assert len(records) == n * len(model.errors_)
    assert [(r.epoch, r.index) for r in records] == [(e, i) for e in range(len(model.errors_)) for i in range(n)]
    for r in records:
        np.testing.assert_array_equal(r.x, X[r.index])
        assert r.target == y[r.index]
    per_epoch = [sum(r.mistake for r in records if r.epoch == e) for e in range(len(model.errors_))]
    assert per_epoch == model.errors_


def test_steps_targets_use_zero_one_for_any_labels():
    X, y01 = logic_gate("NAND")
    records = list(Perceptron(eta=0.5).steps(X, np.array(["off", "on"])[y01]))
    assert {r.target for r in records} == {0, 1}
    replay(records, 0.5, 2)


def test_steps_and_fit_agree(iris_two_classes):
    X, y = iris_two_classes
    stepped = Perceptron(eta=0.2, random_state=1)
    for _ in stepped.steps(X, y):
        pass
    fitted = Perceptron(eta=0.2, random_state=1).fit(X, y)
    assert np.array_equal(stepped.w_, fitted.w_) and stepped.errors_ == fitted.errors_


# ---- Adaline -------------------------------------------------------------------------------
def test_adaline_loss_falls_with_a_small_learning_rate(iris_two_classes):
    X, y = iris_two_classes
    Xs, _, _ = standardize(X)
    model = Adaline(eta=0.01, n_iter=50).fit(Xs, y)
    assert not model.diverged_
    assert len(model.losses_) == 50
    assert np.all(np.diff(model.losses_) < 0)


def test_adaline_reports_divergence(iris_two_classes):
    X, y = iris_two_classes
    model = Adaline(eta=0.5, n_iter=1000)
    with pytest.warns(DivergenceWarning, match=r"eta=0\.5"):
        model.fit(X, y)
    assert model.diverged_
    assert 0 < len(model.losses_) < 1000
    assert np.all(np.isfinite(model.losses_))
    assert model.losses_[-1] > model.losses_[0]


def epochs_to_reach(X, y, eta, threshold, n_iter=2000):
    """Epochs until the loss is <= threshold (None if it diverged, inf if never)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)  # too large an eta is part of the search
        model = Adaline(eta=eta, n_iter=n_iter).fit(X, y)
    if model.diverged_:
        return None
    reached = np.nonzero(np.array(model.losses_) <= threshold)[0]
    return int(reached[0]) + 1 if reached.size else np.inf


def test_standardised_inputs_converge_in_fewer_epochs(iris_two_classes):
    X, y = iris_two_classes
    Xs, _, _ = standardize(X)
    # Standardising is an affine change of the features, so with a bias both problems have
    # the same least-squares optimum; aim for it on each, at its best learning rate.
    t = np.where(y == 1, 1.0, -1.0)
    A = np.column_stack([X, np.ones(len(X))])
    best_loss = 0.5 * np.mean((t - A @ np.linalg.lstsq(A, t, rcond=None)[0]) ** 2)
    threshold = best_loss + 0.01
    etas = [0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
    raw = [e for eta in etas if (e := epochs_to_reach(X, y, eta, threshold)) is not None]
    std = [e for eta in etas if (e := epochs_to_reach(Xs, y, eta, threshold)) is not None]
    assert min(std) < np.inf and min(raw) < np.inf
    assert 3 * min(std) < min(raw)
    assert len(std) > len(raw)  # standardised data tolerates larger learning rates


@pytest.mark.parametrize("solver, eta", [("batch", 0.1), ("sgd", 0.01)])
def test_adaline_solvers_learn(iris_two_classes, solver, eta):
    # sgd makes n updates per epoch, so it gets there with a smaller step.
    X, y = iris_two_classes
    Xs, _, _ = standardize(X)
    model = Adaline(eta=eta, n_iter=100, solver=solver, random_state=0).fit(Xs, y)
    assert model.losses_[-1] < model.losses_[0]
    assert model.score(Xs, y) == 1.0


def test_adaline_sgd_is_seeded_and_shuffles(iris_two_classes):
    X, y = iris_two_classes
    Xs, _, _ = standardize(X)
    a = Adaline(eta=0.01, n_iter=5, solver="sgd", random_state=0).fit(Xs, y)
    b = Adaline(eta=0.01, n_iter=5, solver="sgd", random_state=0).fit(Xs, y)
    c = Adaline(eta=0.01, n_iter=5, solver="sgd", random_state=1).fit(Xs, y)
    d = Adaline(eta=0.01, n_iter=5, solver="sgd", shuffle=False).fit(Xs, y)
    assert a.losses_ == b.losses_
    assert a.losses_ != c.losses_ and a.losses_ != d.losses_


def test_adaline_sgd_does_one_update_per_example():
    # From w = 0, b = 0 with t = ±1: replay one unshuffled epoch by hand.
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.0]])
    y = np.array([1, 0, 1])
    model = Adaline(eta=0.1, n_iter=1, solver="sgd", shuffle=False).fit(X, y)
    w, b = np.zeros(2), 0.0
    for x, t in zip(X, [1.0, -1.0, 1.0]):
        error = t - (x @ w + b)
        w, b = w + 0.1 * error * x, b + 0.1 * error
    np.testing.assert_allclose(model.w_, w, rtol=1e-12)
    assert model.b_ == pytest.approx(b, rel=1e-12)


def test_adaline_path_records_every_epoch(iris_two_classes):
    X, y = iris_two_classes
    Xs, _, _ = standardize(X)
    model = Adaline(eta=0.05, n_iter=20).fit(Xs, y)
    assert len(model.path_) == len(model.losses_) + 1
    np.testing.assert_array_equal(model.path_[0][0], [0.0, 0.0])  # default start
    assert model.path_[0][1] == 0.0
    np.testing.assert_array_equal(model.path_[-1][0], model.w_)
    assert model.path_[-1][1] == model.b_
    # losses_[k] is the loss at the weights after epoch k + 1.
    for (w, b), loss in zip(model.path_[1:], model.losses_):
        assert adaline_loss(Xs, y, w, b) == pytest.approx(loss, rel=1e-12)


def test_adaline_starts_from_given_point(iris_two_classes):
    X, y = iris_two_classes
    model = Adaline(eta=0.01, n_iter=3).fit(X, y, w0=[0.5, -0.5], b0=2.0)
    np.testing.assert_array_equal(model.path_[0][0], [0.5, -0.5])
    assert model.path_[0][1] == 2.0


def test_adaline_batch_step_is_minus_eta_times_the_gradient(iris_two_classes):
    # One batch epoch from (w0, b0) moves by −η ∇J(w0, b0); ∇J from finite differences of
    # adaline_loss, the surface the learners see plotted.
    X, y = iris_two_classes
    Xs, _, _ = standardize(X)
    w0, b0, eta = np.array([0.3, -0.2]), 0.1, 0.05
    model = Adaline(eta=eta, n_iter=1).fit(Xs, y, w0=w0, b0=b0)
    grad_w = numerical_gradient(lambda w: adaline_loss(Xs, y, w, b0), w0.copy())
    grad_b = numerical_gradient(lambda b: adaline_loss(Xs, y, w0, b[0]), np.array([b0]))[0]
    np.testing.assert_allclose((model.w_ - w0) / -eta, grad_w, rtol=1e-6)
    assert (model.b_ - b0) / -eta == pytest.approx(grad_b, rel=1e-6)


def test_adaline_accepts_any_two_labels(iris_two_classes):
    X, y = iris_two_classes
    Xs, _, _ = standardize(X)
    labels = np.array(["setosa", "versicolor"])[y]
    model = Adaline(eta=0.1, n_iter=100).fit(Xs, labels)
    np.testing.assert_array_equal(model.predict(Xs), labels)


# ---- one-vs-rest ---------------------------------------------------------------------------
@pytest.mark.parametrize("estimator", [Perceptron(eta=0.1, random_state=0), Adaline(eta=0.01, n_iter=100)],
                         ids=["perceptron", "adaline"])
def test_one_vs_rest_on_three_iris_classes(iris, estimator):
    X, _, _ = standardize(iris.X)
    model = OneVsRest(estimator).fit(X, iris.y)
    np.testing.assert_array_equal(model.classes_, [0, 1, 2])
    assert len(model.estimators_) == 3
    assert all(est is not estimator for est in model.estimators_)  # copies, the template untouched
    assert not hasattr(estimator, "w_") or estimator.w_ is None
    assert model.decision_function(X).shape == (150, 3)
    assert model.score(X, iris.y) > 0.7  # chance is 1/3


def test_one_vs_rest_each_model_separates_its_class(iris):
    X, _, _ = standardize(iris.X)
    model = OneVsRest(Adaline(eta=0.01, n_iter=100)).fit(X, iris.y)
    # Setosa is linearly separable from the rest, so its model gets it exactly.
    setosa = model.estimators_[0]
    np.testing.assert_array_equal(setosa.predict(X), (iris.y == 0).astype(int))


def test_one_vs_rest_keeps_string_labels(iris):
    X, _, _ = standardize(iris.X)
    names = np.array(iris.target_names)[iris.y]
    model = OneVsRest(Adaline(eta=0.01, n_iter=100)).fit(X, names)
    np.testing.assert_array_equal(model.classes_, sorted(iris.target_names))
    assert set(model.predict(X)) <= set(iris.target_names)
    assert model.score(X, names) > 0.7


def test_one_vs_rest_needs_a_two_class_estimator():
    with pytest.raises(TypeError, match="estimator"):
        OneVsRest("perceptron")


def test_adaline_reports_a_slow_blow_up_before_the_numbers_overflow():
    # eta = 0.19 is just past the stable limit (about 0.181) for raw petal lengths: the loss
    # grows slowly and stays finite for hundreds of epochs; it must still be reported.
    iris = load_iris()
    keep = iris.y < 2
    model = Adaline(eta=0.19, n_iter=1000)
    with pytest.warns(DivergenceWarning, match="eta=0.19"):
        model.fit(iris.X[keep][:, [2]], iris.y[keep])
    assert model.diverged_
    assert len(model.losses_) < 1000
    assert all(np.isfinite(model.losses_))
