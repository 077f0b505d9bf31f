"""Training speed of nnlib's MLP, side by side with PyTorch and scikit-learn where installed.

The task: a 2-8-2 tanh/softmax network, full batch (all 200 points every step), float64,
plain gradient descent (eta 0.5) on the mean cross-entropy, 200 make_moons points (noise 0.2,
random_state 0). Each library trains for EPOCHS epochs, REPEATS times, and its fastest run
counts. The libraries take turns (round robin), so that load that comes and goes on the
machine slows them alike instead of skewing the ratios.

PyTorch (one thread) starts from the very weights nnlib initialised, so both must end at
the same loss: the script prints both final losses and their difference, and fails (exit 1)
if they disagree. It times PyTorch two ways, the idiomatic nn.Sequential + optim.SGD loop
and a lean functional loop (autograd.grad, in-place update), and compares nnlib with the
faster of the two. scikit-learn's MLPClassifier (solver "sgd", no momentum, batch 200,
alpha 0) cannot take our initial weights and uses one logistic output unit for two classes,
so only its speed is comparable. Neither library is an nnlib dependency; each is reported
as missing when it cannot be imported.

BLAS is limited to one thread (set before NumPy loads) so that every library runs on one core.

Run: .venv/bin/python benchmarks/bench_training.py [EPOCHS]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

from nnlib import MLP, make_moons  # noqa: E402

EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
REPEATS = 3
HIDDEN = 8
ETA = 0.5
SEED = 0
LOSS_TOLERANCE = 1e-9  # float64, same start, same steps: only rounding may differ


def make_data() -> tuple[np.ndarray, np.ndarray]:
    return make_moons(200, noise=0.2, random_state=0)


def nnlib_model() -> MLP:
    return MLP((HIDDEN,), activation="tanh", output="softmax", eta=ETA, n_iter=EPOCHS,
               random_state=SEED)


def race(runners: dict) -> dict[str, tuple[float, object]]:
    """Epochs per second of each runner's fastest of REPEATS runs, and its last result.

    The runners take turns, round after round, so that other load on the machine falls on
    all of them alike.
    """
    best = dict.fromkeys(runners, float("inf"))
    results = {}
    for _ in range(REPEATS):
        for name, run in runners.items():
            start = time.perf_counter()
            results[name] = run()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: (EPOCHS / best[name], results[name]) for name in runners}


def nnlib_runner(X, y):
    """Train nnlib's MLP from its seeded initial weights; returns the last epoch's loss."""
    return lambda: nnlib_model().fit(X, y).loss_curve_[-1]


def initial_weights(X, y) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The weights nnlib's fit starts from (fit calls initialize with the same seed)."""
    model = nnlib_model().initialize(X.shape[1], np.unique(y).size)
    return model.coefs_, model.intercepts_


def torch_runners(X, y, coefs, intercepts) -> dict:
    """Two PyTorch training loops from nnlib's initial weights; each returns its last loss."""
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    Xt = torch.tensor(X, dtype=torch.float64)
    yt = torch.tensor(y, dtype=torch.int64)

    def idiomatic():
        layers = [torch.nn.Linear(X.shape[1], HIDDEN), torch.nn.Tanh(), torch.nn.Linear(HIDDEN, 2)]
        net = torch.nn.Sequential(*layers).double()
        with torch.no_grad():  # nn.Linear stores W as (out, in): nnlib's W transposed
            for layer, W, b in zip(layers[::2], coefs, intercepts):
                layer.weight.copy_(torch.from_numpy(W.T))
                layer.bias.copy_(torch.from_numpy(b))
        opt = torch.optim.SGD(net.parameters(), lr=ETA, momentum=0.0)
        for _ in range(EPOCHS):
            opt.zero_grad()
            loss = F.cross_entropy(net(Xt), yt)
            loss.backward()
            opt.step()
        return loss.item()

    def functional():
        params = [torch.tensor(p, dtype=torch.float64, requires_grad=True)
                  for p in (coefs[0], intercepts[0], coefs[1], intercepts[1])]
        W1, b1, W2, b2 = params
        for _ in range(EPOCHS):
            loss = F.cross_entropy(torch.tanh(Xt @ W1 + b1) @ W2 + b2, yt)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for p, g in zip(params, grads):
                    p.sub_(g, alpha=ETA)
        return loss.item()

    return {"PyTorch, nn.Sequential + optim.SGD": idiomatic,
            "PyTorch, functional + autograd.grad": functional}


def sklearn_runner(X, y):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    def run():
        clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="tanh", solver="sgd",
                            momentum=0.0, nesterovs_momentum=False, learning_rate="constant",
                            learning_rate_init=ETA, batch_size=X.shape[0], alpha=0.0,
                            max_iter=EPOCHS, shuffle=False, tol=0.0, n_iter_no_change=EPOCHS + 1,
                            random_state=SEED)
        with warnings.catch_warnings():
            # Running all max_iter epochs is the point here, not a problem to warn about.
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)
        if clf.n_iter_ != EPOCHS:
            raise RuntimeError(f"scikit-learn stopped after {clf.n_iter_} of {EPOCHS} epochs")
        return clf.loss_curve_[-1]

    return run


def main() -> int:
    X, y = make_data()
    print(f"MLP training: {X.shape[1]}-{HIDDEN}-2 tanh/softmax, {X.shape[0]} make_moons points "
          f"(noise 0.2), full batch, float64, gradient descent eta={ETA}; "
          f"best of {REPEATS} runs of {EPOCHS} epochs each, one thread.")
    print(f"numpy {np.__version__}", end="")
    runners = {"nnlib MLP": nnlib_runner(X, y)}
    torch_names: list[str] = []
    missing = []
    try:
        import torch
    except ImportError:
        missing.append("PyTorch: not installed, skipped (pip install torch, a CPU build, to compare).")
    else:
        print(f", torch {torch.__version__}", end="")
        coefs, intercepts = initial_weights(X, y)
        more = torch_runners(X, y, coefs, intercepts)
        torch_names = list(more)
        runners.update(more)
    try:
        import sklearn
    except ImportError:
        missing.append("scikit-learn: not installed, skipped (pip install scikit-learn to compare).")
    else:
        print(f", scikit-learn {sklearn.__version__}", end="")
        runners["scikit-learn MLPClassifier (sgd)"] = sklearn_runner(X, y)
    print()
    for line in missing:
        print(line)

    results = race(runners)
    rate, nn_loss = results["nnlib MLP"]
    print()
    print(f"{'':38s}{'epochs/s':>10s}   nnlib / it")
    for name, (r, _) in results.items():
        print(f"{name:38s}{r:10,.0f}   {'' if name == 'nnlib MLP' else f'{rate / r:.2f}x'}")

    status = 0
    if torch_names:
        fastest = max(torch_names, key=lambda name: results[name][0])
        print()
        print(f"nnlib runs {rate / results[fastest][0]:.2f}x as many epochs/s as the faster "
              f"PyTorch loop ({fastest}); goal >= 2x.")
        print(f"Final training loss (epoch {EPOCHS}), same initial weights:")
        print(f"  {'nnlib MLP':36s} {nn_loss:.15f}")
        for name in torch_names:
            loss = results[name][1]
            diff = abs(loss - nn_loss)
            agree = "agree" if diff <= LOSS_TOLERANCE else f"DISAGREE (tolerance {LOSS_TOLERANCE:g})"
            print(f"  {name:36s} {loss:.15f}   |difference| {diff:.1e}  {agree}")
            if diff > LOSS_TOLERANCE:
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
