"""A multi-layer perceptron trained by backpropagation and gradient descent."""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from . import _validation as v
from ._base import Classifier
from .activations import ACTIVATIONS, get_activation
from .linear import DivergenceWarning, divergence_message
from .losses import LOSSES, output_delta, softmax_and_log

OUTPUTS = ("softmax", "sigmoid")


class MLP(Classifier):
    """Fully connected network: hidden layers of one activation, a softmax or sigmoid output."""

    def __init__(self, hidden_layer_sizes=(4,), activation: str = "tanh", output: str = "softmax",
                 loss: str | None = None, eta: float = 0.5, n_iter: int = 1000,
                 batch_size: int | None = None, random_state=None) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output = output
        self.loss = loss
        self.eta = eta
        self.n_iter = n_iter
        self.batch_size = batch_size
        self.random_state = random_state
        self.coefs_: list[np.ndarray] | None = None
        self.intercepts_: list[np.ndarray] | None = None

    # ---- set-up -------------------------------------------------------------------------
    def _check_params(self) -> None:
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, numbers.Integral) or not isinstance(sizes, (tuple, list)):
            raise TypeError(
                f"hidden_layer_sizes must be a tuple of layer widths such as (4,) or (8, 8); "
                f"got {sizes!r}." + (f" For one layer write ({sizes},)." if isinstance(sizes, numbers.Integral) else "")
            )
        for i, n in enumerate(sizes):
            v.check_int(n, f"hidden_layer_sizes[{i}]", minimum=1)
        name = self.activation if isinstance(self.activation, str) else getattr(self.activation, "name", "")
        if str(name).lower() == "softmax":
            raise ValueError("activation (of the hidden layers) must not be 'softmax'; "
                             f"choose one of {', '.join(a for a in ACTIVATIONS if a != 'softmax')}.")
        self._hidden = get_activation(self.activation)
        self._out = v.check_choice(self.output, "output", set(OUTPUTS))
        self._output = get_activation(self._out)
        loss = None if self.loss is None else v.check_choice(self.loss, "loss", set(LOSSES))
        self._loss_name = loss or ("cross_entropy" if self._out == "softmax" else "binary_cross_entropy")
        if self._loss_name == "cross_entropy" and self._out != "softmax" or \
           self._loss_name == "binary_cross_entropy" and self._out != "sigmoid":
            raise ValueError(f"loss={self._loss_name!r} does not fit output={self.output!r}; "
                             "use cross_entropy with softmax, binary_cross_entropy with sigmoid, or mse.")
        v.check_positive(self.eta, "eta")
        v.check_int(self.n_iter, "n_iter")
        if self.batch_size is not None:
            v.check_int(self.batch_size, "batch_size")

    def initialize(self, n_features: int, n_classes: int = 2) -> "MLP":
        """Create random weights (Glorot; He for ReLU-like) for n_features inputs and n_classes."""
        self._check_params()
        v.check_int(n_features, "n_features")
        v.check_int(n_classes, "n_classes", minimum=2)
        if self._out == "sigmoid" and n_classes != 2:
            raise ValueError(f"output='sigmoid' has one output unit for two classes; got n_classes={n_classes}. "
                             "Use output='softmax' for more classes.")
        if getattr(self, "classes_", None) is None or self.classes_.size != n_classes:
            self.classes_ = np.arange(n_classes)
        self.n_features_in_ = n_features
        sizes = [n_features, *self.hidden_layer_sizes, n_classes if self._out == "softmax" else 1]
        self._rng = v.check_random_state(self.random_state)
        he = self._hidden.name in ("relu", "leaky_relu", "elu", "clipped_leaky_relu")
        self.coefs_, self.intercepts_ = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            scale = np.sqrt(2.0 / n_in) if he else np.sqrt(2.0 / (n_in + n_out))
            self.coefs_.append(self._rng.normal(0.0, scale, (n_in, n_out)))
            self.intercepts_.append(np.zeros(n_out))
        self.loss_curve_ = []
        self.diverged_ = False
        return self

    def _targets(self, y, extend: bool) -> tuple[np.ndarray, np.ndarray]:
        """Encode labels as the output layer's targets: one-hot, or a 0/1 column."""
        if extend:
            self.classes_ = np.unique(y)
            if self.classes_.size < 2:
                raise ValueError(f"y must contain at least two classes; got only {self.classes_.tolist()}.")
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(f"y has labels {unknown.tolist()} the model was not set up for "
                             f"(classes_ = {self.classes_.tolist()}).")
        index = np.searchsorted(self.classes_, y)
        if self._out == "sigmoid":
            return index, index[:, None].astype(np.float64)
        return index, np.eye(self.classes_.size)[index]

    def _check_weights(self) -> None:
        v.check_fitted(self, "coefs_")
        if len(self.coefs_) != len(self.intercepts_):
            raise ValueError(f"coefs_ has {len(self.coefs_)} layers but intercepts_ has {len(self.intercepts_)}.")
        n_in = self.n_features_in_
        for i, (W, b) in enumerate(zip(self.coefs_, self.intercepts_)):
            W, b = np.asarray(W), np.asarray(b)
            if W.ndim != 2 or W.shape[0] != n_in or b.shape != (W.shape[1],):
                raise ValueError(f"coefs_[{i}] must have shape ({n_in}, n_out) and intercepts_[{i}] shape "
                                 f"(n_out,); got {W.shape} and {b.shape}.")
            n_in = W.shape[1]

    # ---- forward and backward ------------------------------------------------------------
    def _forward(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Every layer's z and activation, for an X already checked."""
        return self._layers(X)[:2]

    def _layers(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray | None]:
        """zs, activations, and log softmax of the output when the loss is cross-entropy."""
        zs, activations = [], [X]
        a, log_a = X, None
        hidden, last = self._hidden._f, len(self.coefs_) - 1
        for i, (W, b) in enumerate(zip(self.coefs_, self.intercepts_)):
            z = a @ W
            z += b  # in place: same sum as a @ W + b, one array fewer
            if i < last:
                a = hidden(z)
            elif self._loss_name == "cross_entropy":
                # Softmax and the log-softmax the loss needs share their exponentials.
                a, log_a = softmax_and_log(z)
            else:
                a = self._output._f(z)
            zs.append(z)
            activations.append(a)
        return zs, activations, log_a

    def _backward(self, zs, activations, log_a, T) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
        loss, delta = output_delta(self._loss_name, self._output, zs[-1], activations[-1], T, log_a)
        dcoefs, dintercepts = [None] * len(zs), [None] * len(zs)
        derivative = self._hidden.derivative_from_output
        for i in range(len(zs) - 1, -1, -1):
            dcoefs[i] = activations[i].T @ delta
            dintercepts[i] = delta.sum(axis=0)
            if i:
                # Chain rule: error of layer i-1 = (error of layer i)·Wᵀ ⊙ f'(z_{i-1}).
                delta = delta @ self.coefs_[i].T
                delta *= derivative(activations[i], zs[i - 1])
        return loss, dcoefs, dintercepts

    def forward(self, X) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Every layer's net input z and activation a: (zs, activations), activations[0] = X.

        activations[0] is a copy of X, so later edits to the caller's X leave it alone.
        """
        self._check_weights()
        X = np.array(v.check_X(X, n_features=self.n_features_in_), dtype=np.float64, copy=True)
        return self._forward(X)

    def gradients(self, X, y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients (dcoefs, dintercepts) of the mean loss at the current weights."""
        self._check_weights()
        X, y = v.check_X_y(X, y)
        v.check_X(X, n_features=self.n_features_in_)
        _, T = self._targets(y, extend=False)
        _, dW, db = self._backward(*self._layers(X), T)
        return dW, db

    def loss_value(self, X, y) -> float:
        """The mean loss on (X, y) at the current weights."""
        self._check_weights()
        X, y = v.check_X_y(X, y)
        v.check_X(X, n_features=self.n_features_in_)
        _, T = self._targets(y, extend=False)
        zs, activations, log_a = self._layers(X)
        return output_delta(self._loss_name, self._output, zs[-1], activations[-1], T, log_a)[0]

    # ---- training -------------------------------------------------------------------------
    def fit(self, X, y) -> "MLP":
        """Initialise the weights and train for n_iter epochs."""
        self._check_params()
        X, y = v.check_X_y(X, y)
        self.classes_ = None
        _, T = self._targets(y, extend=True)
        self.initialize(X.shape[1], self.classes_.size)
        self._train(X, T, self.n_iter)
        return self

    def partial_fit(self, X, y, n_epochs: int = 1) -> "MLP":
        """Train n_epochs more epochs from the current weights (initialising them if needed)."""
        self._check_params()
        n_epochs = v.check_int(n_epochs, "n_epochs")
        X, y = v.check_X_y(X, y)
        if self.coefs_ is None:
            self.classes_ = None
            _, T = self._targets(y, extend=True)
            self.initialize(X.shape[1], self.classes_.size)
        else:
            self._check_weights()
            v.check_X(X, n_features=self.n_features_in_)
            _, T = self._targets(y, extend=False)
        if not self.diverged_:
            self._train(X, T, n_epochs)
        return self

    def _train(self, X: np.ndarray, T: np.ndarray, n_epochs: int) -> None:
        eta, n = float(self.eta), X.shape[0]
        batch = n if self.batch_size is None else min(self.batch_size, n)
        coefs, intercepts = self.coefs_, self.intercepts_
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(n_epochs):
                if batch == n:
                    loss, dW, db = self._backward(*self._layers(X), T)
                else:
                    order = self._rng.permutation(n)
                    loss = 0.0
                    for start in range(0, n, batch):
                        rows = order[start:start + batch]
                        part, dW, db = self._backward(*self._layers(X[rows]), T[rows])
                        loss += part * rows.size / n
                        for W, b, gW, gb in zip(coefs, intercepts, dW, db):
                            W -= eta * gW
                            b -= eta * gb
                if not np.isfinite(loss):
                    self.diverged_ = True
                    warnings.warn(divergence_message("MLP", eta, len(self.loss_curve_) + 1),
                                  DivergenceWarning, stacklevel=3)
                    return
                if batch == n:
                    for W, b, gW, gb in zip(coefs, intercepts, dW, db):
                        W -= eta * gW
                        b -= eta * gb
                self.loss_curve_.append(float(loss))

    # ---- prediction -----------------------------------------------------------------------
    def predict_proba(self, X) -> np.ndarray:
        """Probability of each class, shape (n_samples, n_classes)."""
        _, activations = self.forward(X)
        out = activations[-1]
        return np.hstack([1.0 - out, out]) if self._out == "sigmoid" else out

    def predict(self, X) -> np.ndarray:
        """The most probable class of every row of X."""
        proba = self.predict_proba(X)  # first, so an unfitted model says "call fit"
        return self.classes_[np.argmax(proba, axis=1)]
