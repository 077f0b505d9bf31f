"""Seconds per epoch of every nnlib estimator at 10⁴, 10⁵ and 10⁶ samples, beside a plain loop.

For each estimator the "plain" column is the same rule written the obvious way in NumPy,
as a learner would: one `x @ w + b` per example for the perceptron and Adaline's SGD, one
matrix product per epoch for batch Adaline and the MLP. Both start from the same weights
and see the examples in the same order, and the script checks that they end at the same
weights (it exits 1 if not), so the columns time the same computation.

Data: two Gaussian features, labels from a noisy linear rule (so the perceptron keeps making
mistakes: about 6% of examples per epoch), three classes for one-vs-rest (by angle), seeded.
Each cell is the fastest of 3 runs (one run of the per-example rules at 10⁶), divided by
the epochs of a run (2 per-example, 50 batch Adaline, 10 MLP); the two columns alternate, so
load that comes and goes on the machine falls on both. BLAS runs on one thread.

Run: .venv/bin/python benchmarks/bench_scale.py [MAX_SAMPLES]   (default 1000000)
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from nnlib import MLP, Adaline, OneVsRest, Perceptron  # noqa: E402

MAX_SAMPLES = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
SIZES = [n for n in (10_000, 100_000, 1_000_000) if n <= MAX_SAMPLES]
EPOCHS = 2  # per timed run of the one-example-at-a-time rules
BATCH_EPOCHS = 50  # batch Adaline (its default n_iter): checking the input once is not an epoch
MLP_EPOCHS = 10
ETA_SGD = 1e-4


def data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (X @ np.array([1.0, -2.0]) + 0.3 * rng.normal(size=n) > 0).astype(int)
    angle = np.arctan2(X[:, 1], X[:, 0])
    y3 = np.digitize(angle, [-np.pi / 3, np.pi / 3])
    return X, y, y3


# ---- the plain loops ------------------------------------------------------------------------
def plain_perceptron(X, y, eta=0.1, epochs=EPOCHS):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x, t in zip(X, y):
            update = eta * (t - (1.0 if x @ w + b >= 0 else 0.0))
            if update:
                w = w + update * x
                b += update
    return w, b


def plain_sgd(X, y, eta=ETA_SGD, epochs=EPOCHS, seed=0):
    t = np.where(y == 1, 1.0, -1.0)
    w, b = np.zeros(X.shape[1]), 0.0
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        for i in rng.permutation(len(t)):
            error = t[i] - (X[i] @ w + b)
            w = w + eta * error * X[i]
            b += eta * error
    return w, b


def plain_batch(X, y, eta=0.1, epochs=BATCH_EPOCHS):
    t = np.where(y == 1, 1.0, -1.0)
    w, b, n = np.zeros(X.shape[1]), 0.0, len(t)
    for _ in range(epochs):
        error = t - (X @ w + b)
        w = w + eta * X.T @ error / n
        b += eta * error.mean()
        0.5 * np.mean((t - (X @ w + b)) ** 2)  # the loss of every epoch, as Adaline records it
    return w, b


def plain_one_vs_rest(X, y3, epochs=EPOCHS):
    return [plain_perceptron(X, (y3 == c).astype(int), epochs=epochs) for c in range(3)]


def plain_mlp(X, y, coefs, intercepts, eta=0.5, epochs=MLP_EPOCHS):
    """2-8-2 tanh/softmax, full batch, mean cross-entropy: forward, backward, update."""
    (W1, W2), (b1, b2) = [W.copy() for W in coefs], [b.copy() for b in intercepts]
    T = np.eye(2)[y]
    n = len(y)
    for _ in range(epochs):
        H = np.tanh(X @ W1 + b1)
        Z = H @ W2 + b2
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        P = E / E.sum(axis=1, keepdims=True)
        -np.sum(T * np.log(P)) / n  # the loss, as MLP records it
        D2 = (P - T) / n
        D1 = (D2 @ W2.T) * (1 - H * H)
        W2 -= eta * H.T @ D2
        b2 -= eta * D2.sum(axis=0)
        W1 -= eta * X.T @ D1
        b1 -= eta * D1.sum(axis=0)
    return [W1, W2], [b1, b2]


# ---- nnlib, the same work -------------------------------------------------------------------
def nn_perceptron(X, y):
    m = Perceptron(eta=0.1, n_iter=EPOCHS, verbose=False).fit(X, y)
    return m.w_, m.b_


def nn_sgd(X, y):
    m = Adaline(eta=ETA_SGD, n_iter=EPOCHS, solver="sgd", random_state=0, verbose=False)
    m.fit(X, y, w0=np.zeros(X.shape[1]), b0=0.0)
    return m.w_, m.b_


def nn_batch(X, y):
    m = Adaline(eta=0.1, n_iter=BATCH_EPOCHS, verbose=False).fit(X, y)
    return m.w_, m.b_


def nn_one_vs_rest(X, y3):
    m = OneVsRest(Perceptron(eta=0.1, n_iter=EPOCHS, verbose=False)).fit(X, y3)
    return [(e.w_, e.b_) for e in m.estimators_]


def mlp_model() -> MLP:
    return MLP((8,), activation="tanh", eta=0.5, n_iter=MLP_EPOCHS, random_state=0, verbose=False)


def nn_mlp(X, y):
    m = mlp_model().fit(X, y)
    return m.coefs_, m.intercepts_


def flat(result) -> np.ndarray:
    """Any nest of weights as one vector, to compare the two columns' results."""
    if isinstance(result, (list, tuple)):
        return np.concatenate([flat(r) for r in result]) if result else np.zeros(0)
    return np.ravel(np.asarray(result, dtype=float))


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> int:
    print(f"seconds per epoch (fastest run); BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}")
    print(f"{'estimator':<30}{'samples':>10}{'nnlib':>11}{'plain':>11}{'ratio':>8}{'same weights':>14}")
    ok = True
    for n in SIZES:
        X, y, y3 = data(n)
        init = mlp_model().initialize(2, 2)
        cases = [
            ("Perceptron", EPOCHS, lambda: nn_perceptron(X, y), lambda: plain_perceptron(X, y)),
            ("Adaline sgd", EPOCHS, lambda: nn_sgd(X, y), lambda: plain_sgd(X, y)),
            ("Adaline batch", BATCH_EPOCHS, lambda: nn_batch(X, y), lambda: plain_batch(X, y)),
            ("OneVsRest(Perceptron), 3 cl.", EPOCHS, lambda: nn_one_vs_rest(X, y3),
             lambda: plain_one_vs_rest(X, y3)),
            ("MLP 2-8-2 full batch", MLP_EPOCHS, lambda: nn_mlp(X, y),
             lambda: plain_mlp(X, y, init.coefs_, init.intercepts_)),
        ]
        for name, epochs, ours, plain in cases:
            # One run of the per-example loops at 10⁶ (the plain one takes about 10 s an epoch).
            repeats = 1 if n >= 1_000_000 and epochs == EPOCHS else 3
            best_ours = best_plain = float("inf")
            for _ in range(repeats):
                t, got = timed(ours)
                best_ours = min(best_ours, t)
                t, want = timed(plain)
                best_plain = min(best_plain, t)
            a, b = flat(got), flat(want)
            same = a.shape == b.shape and np.allclose(a, b, rtol=1e-9, atol=1e-12)
            ok &= same
            print(f"{name:<30}{n:>10,}{best_ours / epochs:>11.4f}{best_plain / epochs:>11.4f}"
                  f"{best_ours / best_plain:>8.2f}{'yes' if same else 'NO':>14}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
