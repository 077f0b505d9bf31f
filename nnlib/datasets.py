"""Small data sets for the course, all seeded; Iris ships inside the package."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from importlib import resources

import numpy as np

from . import _validation as v

GATES = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The four inputs (0,0), (0,1), (1,0), (1,1) and the gate's outputs."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a gate name, one of {', '.join(GATES)}; got {v._describe(name)}.")
    key = name.upper()
    if key not in GATES:
        raise ValueError(f"Unknown gate {name!r}. Valid names: {', '.join(GATES)}.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(GATES[key])


def _check_common(n_samples, noise, random_state, minimum: int = 2) -> np.random.Generator:
    v.check_int(n_samples, "n_samples", minimum=minimum)
    noise = v._scalar(noise)
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise TypeError(f"noise must be a number >= 0 (a standard deviation); got {v._describe(noise)}.")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a number >= 0 (a standard deviation); got {noise!r}.")
    return v.check_random_state(random_state)


def _halves(n_samples: int) -> tuple[int, int]:
    return n_samples // 2, n_samples - n_samples // 2


def make_moons(n_samples: int = 200, noise: float = 0.1, random_state=None):
    """Two interleaving half circles, classes 0 and 1."""
    rng = _check_common(n_samples, noise, random_state)
    n0, n1 = _halves(n_samples)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])])
    y = np.repeat([0, 1], [n0, n1])
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def make_circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5, random_state=None):
    """A small circle (class 1) inside a large one (class 0): two thin rings (see make_circle)."""
    rng = _check_common(n_samples, noise, random_state)
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real) or not 0 < factor < 1:
        raise ValueError(f"factor (inner radius / outer radius) must be in (0, 1); got {factor!r}.")
    n0, n1 = _halves(n_samples)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   factor * np.column_stack([np.cos(t1), np.sin(t1)])])
    y = np.repeat([0, 1], [n0, n1])
    return _shuffle(X + rng.normal(0, noise, X.shape), y, rng)


def make_xor(n_samples: int = 200, noise: float = 0.2, random_state=None):
    """Points around the four corners (±1, ±1); class 1 where the signs differ."""
    rng = _check_common(n_samples, noise, random_state, minimum=4)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float64)
    which = np.arange(n_samples) % 4
    X = corners[which] + rng.normal(0, noise, (n_samples, 2))
    y = np.array([0, 1, 1, 0])[which]
    return _shuffle(X, y, rng)


def make_blobs(n_samples: int = 200, centers: int = 3, noise: float = 0.5, random_state=None):
    """Gaussian blobs around `centers` points spread on a circle of radius 2."""
    rng = _check_common(n_samples, noise, random_state)
    centers = v.check_int(centers, "centers", minimum=1)
    angles = 2 * np.pi * np.arange(centers) / centers
    means = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.arange(n_samples) % centers
    return _shuffle(means[y] + rng.normal(0, noise, (n_samples, 2)), y, rng)


def make_spiral(n_samples: int = 200, noise: float = 0.1, n_arms: int = 2, random_state=None):
    """Interleaved spiral arms, one class per arm."""
    rng = _check_common(n_samples, noise, random_state)
    n_arms = v.check_int(n_arms, "n_arms", minimum=2)
    y = np.arange(n_samples) % n_arms
    r = np.linspace(0.1, 1.0, n_samples)
    theta = 3.0 * r * np.pi + 2 * np.pi * y / n_arms
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return _shuffle(X + rng.normal(0, noise * 0.5, X.shape), y, rng)


def make_gauss(n_samples: int = 200, noise: float = 0.1, random_state=None):
    """TF Playground's "gauss": two round Gaussian blobs, class 1 around (2, 2), class 0 around (−2, −2).

    As in the Playground, noise sets the variance of each coordinate, 0.5 + 7·noise (its slider,
    0 to 50 %, is noise 0 to 0.5: variance 0.5 to 4), so the standard deviation is
    sqrt(0.5 + 7·noise) and the blobs overlap more as noise grows.
    """
    rng = _check_common(n_samples, noise, random_state)
    n0, n1 = _halves(n_samples)
    centres = np.repeat([[-2.0, -2.0], [2.0, 2.0]], [n0, n1], axis=0)
    y = np.repeat([0, 1], [n0, n1])
    std = np.sqrt(0.5 + 7.0 * noise)
    return _shuffle(centres + rng.normal(0.0, std, centres.shape), y, rng)


CIRCLE_RADIUS = 5.0  # TF Playground's circle data set spans a disc of radius 5


def make_circle(n_samples: int = 200, noise: float = 0.1, random_state=None):
    """TF Playground's "circle": class 1 in a disc of radius 2.5, class 0 in a ring from 3.5 to 5.

    Not make_circles (two thin noisy rings): here the classes fill a disc and a ring, with radii
    drawn uniformly from [0, r/2] and [0.7r, r] (r = 5) as in the Playground. Labels are those
    of the true radius (the part a point was drawn from), so the classes are half and half;
    noise then moves each coordinate by a uniform amount in ±r·noise, the Playground's noise
    size (it jitters a copy of each point to pick its label instead).
    """
    rng = _check_common(n_samples, noise, random_state)
    n0, n1 = _halves(n_samples)
    r = CIRCLE_RADIUS
    radius = np.concatenate([rng.uniform(0.7 * r, r, n0), rng.uniform(0.0, 0.5 * r, n1)])
    angle = rng.uniform(0.0, 2 * np.pi, n_samples)
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    y = np.repeat([0, 1], [n0, n1])
    return _shuffle(X + rng.uniform(-r, r, X.shape) * noise, y, rng)


def _shuffle(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


@dataclass(frozen=True)
class Iris:
    """Fisher's Iris measurements: X (150, 4) in cm, y in {0, 1, 2}, and the names."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]


def load_iris() -> Iris:
    """Load the Iris data set shipped with nnlib (no download)."""
    text = resources.files("nnlib").joinpath("data/iris.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    species = tuple(dict.fromkeys(r[-1] for r in rows))
    X = np.array([[float(x) for x in r[:-1]] for r in rows])
    y = np.array([species.index(r[-1]) for r in rows])
    return Iris(X, y, tuple(header[:-1]), species)


def train_test_split(X, y, test_size: float = 0.25, random_state=None):
    """Shuffle and split into X_train, X_test, y_train, y_test."""
    X, y = v.check_X_y(X, y)
    test_size = v.check_fraction(test_size, "test_size")
    n_test = int(round(test_size * len(y)))
    if n_test == 0 or n_test == len(y):
        raise ValueError(f"test_size={test_size} leaves an empty train or test set with {len(y)} samples.")
    order = v.check_random_state(random_state).permutation(len(y))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def given_std_ok(std: np.ndarray, given: bool) -> bool:
    """A std passed in must be > 0 everywhere; one computed here may be 0 (constant feature)."""
    return bool(np.all(std > 0)) if given else True


def _std(X: np.ndarray) -> np.ndarray:
    """Per-feature standard deviation, warning-free for values near the float limit."""
    scale = np.max(np.abs(X), axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return (X / scale).std(axis=0) * scale


def standardize(X, mean=None, std=None):
    """(X − mean) / std per feature; returns X_std, mean, std (reuse them on test data)."""
    X = v.check_X(X)
    mean = (X / 2).mean(axis=0) * 2 if mean is None else v.as_float_array(mean, "mean")
    std_given = std is not None
    std = _std(X) if std is None else v.as_float_array(std, "std")
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError(f"mean and std must have shape ({X.shape[1]},); got {mean.shape} and {std.shape}.")
    if not given_std_ok(std, std_given):
        raise ValueError(f"std must be positive (a standard deviation per feature); got {std.tolist()}.")
    # A constant feature has std 0: leave it centred instead of dividing by zero.
    with np.errstate(over="ignore"):
        # X − mean can pass the float limit for values near it: halve both, then divide.
        X_std = (X / 2 - mean / 2) / np.where(std > 0, std, 1.0) * 2
    if not np.all(np.isfinite(X_std)):
        bad = np.nonzero(~np.all(np.isfinite(X_std), axis=0))[0]
        raise ValueError(
            f"(X − mean) / std passes the float limit in feature(s) {bad.tolist()}: std "
            f"{std[bad].tolist()} is too small for values of X up to "
            f"{np.max(np.abs(X[:, bad])):.3g}. Pass the mean and std of data like X.")
    return X_std, mean, std
