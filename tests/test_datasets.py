"""Data sets: logic gates, generated point clouds, Iris, splitting and standardising."""

import operator

import numpy as np
import pytest

from nnlib import (load_iris, logic_gate, make_blobs, make_circles, make_moons, make_spiral, make_xor,
                   standardize, train_test_split)

# Each gate written with Python's own operators, independently of nnlib's table.
GATES = {
    "AND": lambda a, b: a and b,
    "OR": lambda a, b: a or b,
    "NAND": lambda a, b: not (a and b),
    "NOR": lambda a, b: not (a or b),
    "XOR": operator.xor,
}


@pytest.mark.parametrize("name", list(GATES))
def test_logic_gate_truth_table(name):
    X, y = logic_gate(name)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert X.dtype == np.float64
    expected = [int(bool(GATES[name](int(a), int(b)))) for a, b in X]
    np.testing.assert_array_equal(y, expected)


def test_logic_gate_name_is_case_insensitive():
    np.testing.assert_array_equal(logic_gate("xor")[1], logic_gate("XOR")[1])


def test_unknown_gate_lists_valid_names():
    with pytest.raises(ValueError, match="IMPLIES") as info:
        logic_gate("IMPLIES")
    for name in GATES:
        assert name in str(info.value)


# ---- generated data sets -------------------------------------------------------------------
MAKERS = [
    (make_moons, {}, 2),
    (make_circles, {}, 2),
    (make_xor, {}, 2),
    (make_blobs, {"centers": 4}, 4),
    (make_spiral, {"n_arms": 3}, 3),
]
MAKER_IDS = [m[0].__name__ for m in MAKERS]


@pytest.mark.parametrize("make, kwargs, n_classes", MAKERS, ids=MAKER_IDS)
@pytest.mark.parametrize("n_samples", [40, 101])
def test_generated_data_shapes_and_classes(make, kwargs, n_classes, n_samples):
    X, y = make(n_samples=n_samples, random_state=0, **kwargs)
    assert X.shape == (n_samples, 2) and y.shape == (n_samples,)
    assert np.all(np.isfinite(X))
    np.testing.assert_array_equal(np.unique(y), np.arange(n_classes))
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1  # balanced classes


@pytest.mark.parametrize("make, kwargs, n_classes", MAKERS, ids=MAKER_IDS)
def test_same_seed_same_data_other_seed_other_data(make, kwargs, n_classes):
    X1, y1 = make(n_samples=60, random_state=1, **kwargs)
    X2, y2 = make(n_samples=60, random_state=1, **kwargs)
    X3, _ = make(n_samples=60, random_state=2, **kwargs)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("make, kwargs, n_classes", MAKERS, ids=MAKER_IDS)
def test_no_seed_gives_fresh_data(make, kwargs, n_classes):
    X1, _ = make(n_samples=60, **kwargs)
    X2, _ = make(n_samples=60, **kwargs)
    assert not np.array_equal(X1, X2)


def test_generator_seed_is_accepted():
    X1, _ = make_moons(30, random_state=np.random.default_rng(5))
    X2, _ = make_moons(30, random_state=np.random.default_rng(5))
    assert np.array_equal(X1, X2)


def test_zero_noise_moons_lie_on_their_half_circles():
    X, y = make_moons(50, noise=0.0, random_state=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)


def test_zero_noise_circles_have_radius_one_and_factor():
    X, y = make_circles(40, noise=0.0, factor=0.3, random_state=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_xor_labels_follow_the_corner_signs():
    X, y = make_xor(200, noise=0.1, random_state=0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))


@pytest.mark.parametrize("call, name", [
    (lambda: make_moons(1), "n_samples"),
    (lambda: make_moons(noise=-0.1), "noise"),
    (lambda: make_moons(noise=float("nan")), "noise"),
    (lambda: make_circles(factor=1.5), "factor"),
    (lambda: make_circles(factor="half"), "factor"),
    (lambda: make_blobs(centers=0), "centers"),
    (lambda: make_spiral(n_arms=1), "n_arms"),
    (lambda: make_moons(random_state=-1), "random_state"),
    (lambda: make_moons(random_state="seed"), "random_state"),
])
def test_bad_generator_arguments_are_named(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_numpy_scalars_are_accepted_as_noise():
    X, _ = make_moons(20, noise=np.float32(0.1), random_state=0)
    assert X.shape == (20, 2)


# ---- Iris ----------------------------------------------------------------------------------
def test_load_iris():
    iris = load_iris()
    assert iris.X.shape == (150, 4)
    assert iris.y.shape == (150,)
    np.testing.assert_array_equal(np.bincount(iris.y), [50, 50, 50])
    np.testing.assert_array_equal(iris.X[0], [5.1, 3.5, 1.4, 0.2])
    assert iris.target_names[iris.y[0]] == "setosa"
    assert iris.target_names == ("setosa", "versicolor", "virginica")
    assert len(iris.feature_names) == 4 and "petal_length" in iris.feature_names


def test_iris_measurements_are_plausible():
    X = load_iris().X
    assert np.all(X > 0) and np.all(X < 8)  # centimetres
    # The well-known means of the four measurements.
    np.testing.assert_allclose(X.mean(axis=0), [5.843, 3.057, 3.758, 1.199], atol=1e-3)


# ---- train_test_split ----------------------------------------------------------------------
def indexed_data(n=40):
    """Rows that carry their own index, so a split can be traced back."""
    X = np.column_stack([np.arange(n), np.arange(n) ** 2]).astype(float)
    return X, np.arange(n) % 2


@pytest.mark.parametrize("test_size, n_test", [(0.25, 10), (0.5, 20), (0.1, 4), (0.33, 13)])
def test_split_sizes(test_size, n_test):
    X, y = indexed_data()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=0)
    assert X_test.shape == (n_test, 2) and y_test.shape == (n_test,)
    assert X_train.shape == (40 - n_test, 2) and y_train.shape == (40 - n_test,)


def test_split_is_disjoint_complete_and_aligned():
    X, y = indexed_data()
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    train_ids, test_ids = X_train[:, 0].astype(int), X_test[:, 0].astype(int)
    assert not set(train_ids) & set(test_ids)
    assert sorted(np.concatenate([train_ids, test_ids])) == list(range(40))
    np.testing.assert_array_equal(y_train, train_ids % 2)  # labels stay with their rows
    np.testing.assert_array_equal(y_test, test_ids % 2)
    np.testing.assert_array_equal(X_train[:, 1], train_ids ** 2)


def test_split_is_shuffled_and_seeded():
    X, y = indexed_data()
    a = train_test_split(X, y, random_state=3)
    b = train_test_split(X, y, random_state=3)
    c = train_test_split(X, y, random_state=4)
    assert all(np.array_equal(p, q) for p, q in zip(a, b))
    assert not np.array_equal(a[1], c[1])
    assert not np.array_equal(a[1][:, 0], np.arange(30, 40))  # not simply the last rows


@pytest.mark.parametrize("test_size", [0, 1, -0.2, 1.5, 0.0, 1.0])
def test_split_rejects_test_size_outside_zero_one(test_size):
    X, y = indexed_data()
    with pytest.raises(ValueError, match="test_size") as info:
        train_test_split(X, y, test_size=test_size)
    assert repr(test_size) in str(info.value)


def test_split_rejects_a_split_that_leaves_a_side_empty():
    X, y = indexed_data(3)
    with pytest.raises(ValueError, match="empty"):
        train_test_split(X, y, test_size=0.1)


# ---- standardize ---------------------------------------------------------------------------
def test_standardize_gives_mean_zero_std_one():
    X = load_iris().X
    Xs, mean, std = standardize(X)
    np.testing.assert_allclose(Xs.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Xs.std(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    np.testing.assert_allclose(std, X.std(axis=0))


def test_standardize_reuses_training_statistics():
    X, y = load_iris().X, load_iris().y
    X_train, X_test, _, _ = train_test_split(X, y, random_state=0)
    _, mean, std = standardize(X_train)
    X_test_std, mean2, std2 = standardize(X_test, mean, std)
    np.testing.assert_allclose(X_test_std, (X_test - mean) / std)
    assert np.array_equal(mean2, mean) and np.array_equal(std2, std)


def test_standardize_leaves_constant_feature_centred_not_nan():
    X = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    Xs, _, std = standardize(X)
    assert std[1] == 0
    np.testing.assert_array_equal(Xs[:, 1], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(Xs[:, 0], np.array([-1.0, 0.0, 1.0]) / np.sqrt(2 / 3))


def test_standardize_rejects_statistics_of_wrong_shape():
    with pytest.raises(ValueError, match="shape"):
        standardize(np.ones((3, 2)), mean=np.zeros(3), std=np.ones(3))


# ---- TF Playground's gauss and circle ------------------------------------------------------
from nnlib import make_circle, make_gauss  # noqa: E402  (appended section)

TFP_MAKERS = [make_gauss, make_circle]


@pytest.mark.parametrize("make", TFP_MAKERS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("n_samples", [2, 41, 200])
def test_playground_sets_are_half_and_half(make, n_samples):
    X, y = make(n_samples=n_samples, random_state=3)
    assert X.shape == (n_samples, 2) and X.dtype == np.float64 and np.all(np.isfinite(X))
    np.testing.assert_array_equal(np.bincount(y), [n_samples // 2, n_samples - n_samples // 2])


@pytest.mark.parametrize("make", TFP_MAKERS, ids=lambda m: m.__name__)
def test_playground_sets_are_seeded(make):
    X1, y1 = make(80, noise=0.2, random_state=7)
    X2, y2 = make(80, noise=0.2, random_state=np.random.default_rng(7))
    X3, _ = make(80, noise=0.2, random_state=8)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert not np.array_equal(make(80)[0], make(80)[0])  # no seed: fresh data


@pytest.mark.parametrize("make", TFP_MAKERS, ids=lambda m: m.__name__)
def test_playground_sets_are_shuffled(make):
    _, y = make(200, random_state=0)
    assert np.count_nonzero(np.diff(y)) > 50  # about 100 changes of class, not 1 (zeros then ones)


@pytest.mark.parametrize("make", TFP_MAKERS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("kwargs, name", [
    ({"n_samples": 1}, "n_samples"),
    ({"noise": -0.1}, "noise"),
    ({"noise": float("inf")}, "noise"),
    ({"noise": "low"}, "noise"),
    ({"random_state": -1}, "random_state"),
])
def test_playground_sets_name_bad_arguments(make, kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        make(**kwargs)


@pytest.mark.parametrize("noise", [0.0, 0.1, 0.5])
def test_gauss_centres_and_spread_follow_the_playground(noise):
    n = 40_000
    X, y = make_gauss(n, noise=noise, random_state=0)
    std = np.sqrt(0.5 + 7 * noise)  # TFP: variance = 0.5 + (4 − 0.5)·noise/0.5
    se = std / np.sqrt(n / 2)  # standard error of each class mean
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [2, 2], atol=5 * se)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-2, -2], atol=5 * se)
    for label in (0, 1):
        np.testing.assert_allclose(X[y == label].std(axis=0), std, rtol=0.02)
        # the two coordinates are drawn independently: a round blob
        assert abs(np.corrcoef(X[y == label].T)[0, 1]) < 0.03


def test_gauss_noise_zero_is_the_playgrounds_narrowest_blob():
    X, y = make_gauss(20_000, noise=0.0, random_state=1)
    assert X[y == 1].var(axis=0) == pytest.approx([0.5, 0.5], rel=0.05)


def test_circle_without_noise_fills_a_disc_and_a_ring():
    X, y = make_circle(4000, noise=0.0, random_state=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    inner, ring = radius[y == 1], radius[y == 0]
    assert inner.max() <= 2.5 and ring.min() >= 3.5 and ring.max() <= 5.0
    # radii uniform on [0, 2.5] and [3.5, 5] (TFP draws the radius, not the area, uniformly)
    assert inner.mean() == pytest.approx(1.25, abs=0.05)
    assert ring.mean() == pytest.approx(4.25, abs=0.05)
    assert inner.min() < 0.05 and inner.max() > 2.45 and ring.min() < 3.55 and ring.max() > 4.95
    # angles cover the whole circle evenly: each quadrant holds about a quarter
    quadrant = np.bincount((X[:, 0] > 0) * 2 + (X[:, 1] > 0), minlength=4)
    np.testing.assert_allclose(quadrant / len(X), 0.25, atol=0.03)


def test_circle_noise_moves_points_by_at_most_r_times_noise_and_keeps_labels():
    noise = 0.1
    X, y = make_circle(4000, noise=noise, random_state=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    reach = 5.0 * noise * np.sqrt(2)  # each coordinate moves by up to ±r·noise
    assert radius[y == 1].max() <= 2.5 + reach and radius[y == 0].min() >= 3.5 - reach
    assert radius[y == 1].max() > 2.5 and radius[y == 0].min() < 3.5  # the noise did move points
    X0, y0 = make_circle(4000, noise=0.0, random_state=0)
    np.testing.assert_array_equal(np.bincount(y), np.bincount(y0))


def test_circle_is_not_make_circles():
    X, y = make_circle(200, noise=0.0, random_state=0)
    Xs, _ = make_circles(200, noise=0.0, random_state=0)
    assert np.ptp(np.hypot(*X[y == 1].T)) > 2  # a filled disc, not a thin ring
    assert np.allclose(np.hypot(*Xs.T).max(), 1.0)
