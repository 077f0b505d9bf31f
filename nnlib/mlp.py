"""A multi-layer perceptron trained by backpropagation and gradient descent."""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from . import _validation as v
from . import zero
from ._base import Classifier
from ._format import number
from .activations import ACTIVATIONS, Activation, Step, get_activation, softmax
from .features import _expand, check_features, check_raw
from .linear import DivergenceWarning, _atomic, _Progress, divergence_message
from .losses import LOSSES, output_delta, softmax_and_log

OUTPUTS = ("softmax", "sigmoid")


@dataclass(frozen=True)
class _Spec:
    """The network the parameters name: hidden activation, output kind and loss, resolved."""

    hidden: Activation
    out: str  # "softmax" or "sigmoid"
    output: Activation
    loss: str
    features: tuple[str, ...] | None = None  # input features made from raw (x1, x2), if any


def _check_penalty(value, name: str) -> float:
    """A penalty strength: a finite number >= 0 (0 switches the penalty off)."""
    value = v._scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number >= 0 (the penalty strength); got {v._describe(value)}.")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0 (the penalty strength); got {value!r}.")
    return float(value)


def _penalty(coefs, n: int, alpha: float, l1: float, dcoefs=None) -> float:
    """alpha/(2n)·Σ‖W‖² + l1/n·Σ|W| over the weight matrices (never the intercepts).

    With dcoefs, its gradient alpha·W/n + l1·sign(W)/n is added to them in place. Scaled by
    the batch's n as in scikit-learn's MLPClassifier (_backprop adds 0.5·alpha·Σ‖W‖² / n_samples
    to the loss; _compute_loss_grad adds alpha·W / n_samples to the gradient); L1 alike.
    """
    total = 0.0
    for i, W in enumerate(coefs):
        if alpha:
            total += 0.5 * alpha * float(np.vdot(W, W))
            if dcoefs is not None:
                dcoefs[i] += (alpha / n) * W
        if l1:
            sign = np.sign(W)  # a subgradient at W = 0; and Σ|W| = sign(W)·W, one call fewer
            total += l1 * float(np.vdot(sign, W))
            if dcoefs is not None:
                dcoefs[i] += (l1 / n) * sign
    return total / n


def _decay_hint(eta: float, alpha: float, batch: int) -> str:
    """What to add to a divergence message when the L2 penalty alone overshoots."""
    factor = 1.0 - eta * alpha / batch  # each step multiplies the weights by this, data aside
    if factor >= 0:
        return ""
    return (f" The L2 penalty alone multiplies the weights by 1 − eta·alpha/n = {number(factor)} each "
            f"step (n = {batch} rows a batch), flipping their sign{' and growing them' if factor < -1 else ''}: "
            f"lower alpha (or eta), or use a larger batch.")


class MLP(Classifier):
    """Fully connected network: hidden layers of one activation, a softmax or sigmoid output.

    Weights may be set by hand (`coefs_[i]` of shape (n_in, n_out), `intercepts_[i]` of shape
    (n_out,)), also on a model never fitted: they are checked, and lists or ints converted,
    when used. The network's activations, output, loss and input features are fixed when the
    weights are created (fit, partial_fit from scratch, initialize); eta, batch_size, alpha
    and l1 are read at each partial_fit. A fit that fails leaves the model as it was.

    alpha and l1 penalise the weights (not the intercepts) as scikit-learn's MLPClassifier
    does: a batch of n rows has loss = mean data loss + alpha/(2n)·Σ‖W‖² + l1/n·Σ|W|.
    With features (names from nnlib.features.FEATURES), every X is raw (x1, x2) input that is
    expanded into those features before the first layer; coefs_[0] has one row per feature.
    """

    def __init__(self, hidden_layer_sizes=(4,), activation: str = "tanh", output: str = "softmax",
                 loss: str | None = None, eta: float = 0.5, n_iter: int = 1000,
                 batch_size: int | None = None, alpha: float = 0.0, l1: float = 0.0,
                 features: tuple[str, ...] | None = None, random_state=None,
                 verbose: bool | str = "auto") -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output = output
        self.loss = loss
        self.eta = eta
        self.n_iter = n_iter
        self.batch_size = batch_size
        self.alpha = alpha
        self.l1 = l1
        self.features = features
        self.random_state = random_state
        self.verbose = verbose
        self.coefs_: list[np.ndarray] | None = None
        self.intercepts_: list[np.ndarray] | None = None
        self.classes_: np.ndarray | None = None
        self.diverged_ = False

    # ---- parameters (checked; nothing on the model changes) --------------------------------
    def _structure(self) -> _Spec:
        """The activations and loss the parameters name, or a clear error."""
        name = self.activation if isinstance(self.activation, str) else getattr(self.activation, "name", "")
        if str(name).lower() == "softmax":
            raise ValueError("activation (of the hidden layers) must not be 'softmax'; "
                             f"choose one of {', '.join(a for a in ACTIVATIONS if a != 'softmax')}.")
        hidden = get_activation(self.activation)
        out = v.check_choice(self.output, "output", set(OUTPUTS))
        loss = None if self.loss is None else v.check_choice(self.loss, "loss", set(LOSSES))
        loss = loss or ("cross_entropy" if out == "softmax" else "binary_cross_entropy")
        if loss == "cross_entropy" and out != "softmax" or loss == "binary_cross_entropy" and out != "sigmoid":
            raise ValueError(f"loss={loss!r} does not fit output={self.output!r}; "
                             "use cross_entropy with softmax, binary_cross_entropy with sigmoid, or mse.")
        features = None if self.features is None else check_features(self.features)
        return _Spec(hidden, out, get_activation(out), loss, features)

    def _sizes(self) -> tuple[int, ...]:
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
            sizes = sizes.tolist()
        if isinstance(sizes, numbers.Integral) or not isinstance(sizes, (tuple, list)):
            raise TypeError(
                f"hidden_layer_sizes must be a tuple of layer widths such as (4,) or (8, 8); "
                f"got {sizes!r}." + (f" For one layer write ({sizes},)." if isinstance(sizes, numbers.Integral) else "")
            )
        return tuple(v.check_int(n, f"hidden_layer_sizes[{i}]", minimum=1) for i, n in enumerate(sizes))

    def _training(self) -> tuple[float, int | None, float, float]:
        """eta, batch_size, alpha and l1, checked (and verbose)."""
        eta = v.check_positive(self.eta, "eta")
        batch = None if self.batch_size is None else v.check_int(self.batch_size, "batch_size")
        alpha, l1 = _check_penalty(self.alpha, "alpha"), _check_penalty(self.l1, "l1")
        v.check_verbose(self.verbose)
        return eta, batch, alpha, l1

    def _classes(self, y: np.ndarray, spec: _Spec) -> np.ndarray:
        classes = np.unique(y)
        if classes.size < 2:
            raise ValueError(f"y must contain at least two classes; got only {v._preview(classes)}.")
        if spec.out == "sigmoid" and classes.size != 2:
            raise ValueError(f"output='sigmoid' has one output unit for two classes; y has {classes.size} "
                             f"({v._preview(classes)}). Use output='softmax' for more classes.")
        return classes

    @staticmethod
    def _encode(y: np.ndarray, classes: np.ndarray, spec: _Spec) -> np.ndarray:
        """Labels as the output layer's targets: one-hot, or a 0/1 column."""
        v.check_labels_like(y, classes)
        unknown = np.setdiff1d(y, classes)
        if unknown.size:
            raise ValueError(f"y has labels {unknown.tolist()} the model was not set up for "
                             f"(classes_ = {classes.tolist()}).")
        index = np.searchsorted(classes, y)
        if spec.out == "sigmoid":
            return index[:, None].astype(np.float64)
        return np.eye(classes.size)[index]

    def _new_weights(self, spec: _Spec, n_features: int, n_classes: int, rng) -> tuple[list, list]:
        """Random weights (Glorot; He for ReLU-like) for n_features inputs and n_classes."""
        sizes = [n_features, *self._sizes(), n_classes if spec.out == "softmax" else 1]
        he = spec.hidden.name in ("relu", "leaky_relu", "elu", "clipped_leaky_relu")
        coefs, intercepts = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            scale = np.sqrt(2.0 / n_in) if he else np.sqrt(2.0 / (n_in + n_out))
            coefs.append(rng.normal(0.0, scale, (n_in, n_out)))
            intercepts.append(np.zeros(n_out))
        return coefs, intercepts

    def _commit(self, spec, classes, coefs, intercepts, rng) -> None:
        """Store a new network: the only place fit and initialize change the model."""
        self._spec, self.classes_, self._rng = spec, classes, rng
        self.coefs_, self.intercepts_ = coefs, intercepts
        self.loss_curve_: list[float] = []
        self.diverged_ = False

    def initialize(self, n_features: int, n_classes: int = 2) -> "MLP":
        """Create random weights (Glorot; He for ReLU-like) for n_features inputs and n_classes.

        With features set, n_features is the number of raw inputs, 2 (x1, x2).
        """
        spec = self._structure()
        n_features = v.check_int(n_features, "n_features")
        if spec.features is not None:
            if n_features != 2:
                raise ValueError(f"n_features must be 2 (the raw inputs x1, x2) when features is set "
                                 f"(features={spec.features!r}); got {n_features}.")
            n_features = len(spec.features)
        n_classes = v.check_int(n_classes, "n_classes", minimum=2)
        if spec.out == "sigmoid" and n_classes != 2:
            raise ValueError(f"output='sigmoid' has one output unit for two classes; got n_classes={n_classes}. "
                             "Use output='softmax' for more classes.")
        old = None if self.classes_ is None else np.asarray(self.classes_)
        classes = old if old is not None and old.shape == (n_classes,) else np.arange(n_classes)
        rng = v.check_random_state(self.random_state)
        coefs, intercepts = self._new_weights(spec, n_features, n_classes, rng)
        self._commit(spec, classes, coefs, intercepts, rng)
        return self

    # ---- the weights, checked where they are used ------------------------------------------
    @property
    def n_features_in_(self) -> int:
        """Number of columns of X: the rows of coefs_[0], or 2 (x1, x2) with features set."""
        if self.coefs_ is None or not len(self.coefs_):
            raise v.NotFittedError(f"This MLP has no weights yet, so no n_features_in_: call fit(X, y).")
        spec = getattr(self, "_spec", None)
        features = spec.features if spec is not None else self.features
        return 2 if features is not None else int(np.shape(self.coefs_[0])[0])

    def _network(self) -> tuple[_Spec, list[np.ndarray], list[np.ndarray], np.ndarray]:
        """spec, coefs, intercepts (float64 arrays) and classes, or say what is wrong with them.

        Hand-set weights are checked here: layer by layer shapes, the last layer against the
        output kind and the classes, NaN/inf. Lists and ints become float arrays.
        """
        if self.coefs_ is None and self.intercepts_ is None:
            v.check_fitted(self, "coefs_")
        if self.coefs_ is None or self.intercepts_ is None:
            have, missing = ("coefs_", "intercepts_") if self.intercepts_ is None else ("intercepts_", "coefs_")
            raise v.NotFittedError(f"This MLP has {have} but {missing} is None: set both, one array per "
                                   "layer (or call fit(X, y)).")
        spec = getattr(self, "_spec", None) or self._structure()
        for name in ("coefs_", "intercepts_"):
            if not isinstance(getattr(self, name), (list, tuple)):
                raise TypeError(f"{name} must be a list with one array per layer; "
                                f"got {v._describe(getattr(self, name))}.")
        if len(self.coefs_) != len(self.intercepts_) or not self.coefs_:
            raise ValueError(f"coefs_ and intercepts_ need one array per layer each; got "
                             f"{len(self.coefs_)} and {len(self.intercepts_)}.")
        diverged = (" This MLP diverged during training (see the DivergenceWarning); fit it "
                    "again with a smaller eta.") if self.diverged_ else ""
        last = len(self.coefs_) - 1
        coefs, intercepts = [], []
        n_in = None
        for i, (W, b) in enumerate(zip(self.coefs_, self.intercepts_)):
            where = "the output layer" if i == last else f"hidden layer {i + 1}"
            try:
                W = v.as_float_array(W, f"coefs_[{i}] ({where})")
                b = v.as_float_array(b, f"intercepts_[{i}] ({where})")
            except ValueError as exc:
                raise ValueError(f"{exc}{diverged}") from None
            n_out = W.shape[1] if W.ndim == 2 else (1 if i == last and spec.out == "sigmoid" else "n_out")
            expect = f"({n_in if n_in is not None else 'n_features'}, {n_out})"
            if W.ndim != 2 or (n_in is not None and W.shape[0] != n_in):
                hint = f" Use .reshape({W.size}, 1)." if W.ndim == 1 and n_out == 1 else ""
                raise ValueError(f"coefs_[{i}] ({where}) must have shape {expect}: rows = inputs, "
                                 f"columns = units; got shape {W.shape}.{hint}")
            if b.ndim == 0 and W.shape[1] == 1:
                b = b.reshape(1)
            if b.shape != (W.shape[1],):
                raise ValueError(f"intercepts_[{i}] ({where}) must have shape ({W.shape[1]},), one "
                                 f"bias per unit of coefs_[{i}]; got shape {b.shape}.")
            # Training updates the arrays in place: never a read-only one (or a view of one).
            coefs.append(W if W.flags.writeable else W.copy())
            intercepts.append(b if b.flags.writeable else b.copy())
            n_in = W.shape[1]
        if spec.features is not None and coefs[0].shape[0] != len(spec.features):
            raise ValueError(f"coefs_[0] has {coefs[0].shape[0]} rows, but features={spec.features!r} "
                             f"makes {len(spec.features)} inputs: give coefs_[0] one row per feature.")
        classes = self._classes_for(spec, n_in)
        return spec, coefs, intercepts, classes

    def _classes_for(self, spec: _Spec, n_out: int) -> np.ndarray:
        """The classes the output layer stands for, checked against its n_out units."""
        classes = self.classes_
        where = f"coefs_[{len(self.coefs_) - 1}] (the output layer)"
        if spec.out == "sigmoid":
            if n_out != 1:
                raise ValueError(f"{where} has {n_out} units, but output='sigmoid' has one unit (the "
                                 "probability of the second class): give it shape (n_in, 1).")
            if classes is not None and len(classes) != 2:
                raise ValueError(f"output='sigmoid' separates two classes; classes_ has {len(classes)}.")
            return np.arange(2) if classes is None else np.asarray(classes)
        if n_out < 2:
            raise ValueError(f"{where} has {n_out} unit, but output='softmax' needs one unit per class "
                             "(at least 2). For one unit use output='sigmoid'.")
        if classes is not None and len(classes) != n_out:
            raise ValueError(f"{where} has {n_out} units, but the model has {len(classes)} classes "
                             f"(classes_ = {v._preview(np.asarray(classes))}); give it {len(classes)} columns.")
        return np.arange(n_out) if classes is None else np.asarray(classes)

    # ---- forward and backward ------------------------------------------------------------
    def _layers(self, spec: _Spec, coefs, intercepts, X: np.ndarray):
        """zs, activations, and log softmax of the output when the loss is cross-entropy."""
        zs, activations = [], [X]
        a, log_a = X, None
        hidden, last = spec.hidden._f, len(coefs) - 1
        step = isinstance(spec.hidden, Step)
        for i, (W, b) in enumerate(zip(coefs, intercepts)):
            z = a @ W
            z += b  # in place: same sum as a @ W + b, one array fewer
            if i < last:
                if step:
                    # A step unit decides like every step decision in nnlib: z within rounding
                    # of 0 (relative to the size of its terms) counts as 0, so the unit fires.
                    a = zero.step(z, np.abs(a) @ np.abs(W) + np.abs(b)).astype(np.float64)
                else:
                    a = hidden(z)
            elif spec.loss == "cross_entropy":
                # Softmax and the log-softmax the loss needs share their exponentials.
                a, log_a = softmax_and_log(z)
            elif spec.out == "softmax":
                a = softmax(z)  # no error on a row of −inf here: training calls that divergence
            else:
                a = spec.output._f(z)
            zs.append(z)
            activations.append(a)
        return zs, activations, log_a

    def _backward(self, spec: _Spec, coefs, zs, activations, log_a, T, alpha: float = 0.0, l1: float = 0.0):
        loss, delta = output_delta(spec.loss, spec.output, zs[-1], activations[-1], T, log_a)
        dcoefs, dintercepts = [None] * len(zs), [None] * len(zs)
        derivative = spec.hidden.derivative_from_output
        for i in range(len(zs) - 1, -1, -1):
            dcoefs[i] = activations[i].T @ delta
            dintercepts[i] = delta.sum(axis=0)
            if i:
                # Chain rule: error of layer i-1 = (error of layer i)·Wᵀ ⊙ f'(z_{i-1}).
                delta = delta @ coefs[i].T
                delta *= derivative(activations[i], zs[i - 1])
        if alpha or l1:
            loss += _penalty(coefs, T.shape[0], alpha, l1, dcoefs)
        return loss, dcoefs, dintercepts

    @staticmethod
    def _inputs(spec: _Spec, X, n_inputs: int | None = None) -> np.ndarray:
        """X checked, and expanded into the input features if the network has them.

        n_inputs, if given, is the rows of coefs_[0] (checked against X without features).
        """
        if spec.features is None:
            return v.check_X(X, n_features=n_inputs)
        X = check_raw(X)
        inputs = _expand(X, spec.features)
        if not np.isfinite(inputs).all():
            # x1^2 or x1*x2 of large but finite inputs passes the float limit.
            bad = ~np.isfinite(inputs)
            column, rows = int(np.argmax(bad.any(axis=0))), bad.any(axis=1)
            raise ValueError(
                f"The input feature {spec.features[column]!r} is not finite for {int(rows.sum())} of "
                f"{len(X)} rows of X (the first is row {int(np.argmax(rows))}): it passes the float "
                "limit for such large x1, x2. Standardise X first.")
        return inputs

    def forward(self, X) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Every layer's net input z and activation a: (zs, activations), activations[0] = X.

        activations[0] is a copy of X, so later edits to the caller's X leave it alone; with
        features set it is the expanded features, shape (n, len(features)).
        """
        spec, coefs, intercepts, _ = self._network()
        X = self._inputs(spec, X, coefs[0].shape[0])
        X = np.array(X, dtype=np.float64, copy=True) if spec.features is None else X
        with np.errstate(over="ignore", invalid="ignore"):
            return self._layers(spec, coefs, intercepts, X)[:2]

    def _data(self, X, y):
        spec, coefs, intercepts, classes = self._network()
        X, y = v.check_X_y(X, y)
        X = self._inputs(spec, X, coefs[0].shape[0])
        return spec, coefs, intercepts, X, self._encode(y, classes, spec)

    def _penalties(self) -> tuple[float, float]:
        return _check_penalty(self.alpha, "alpha"), _check_penalty(self.l1, "l1")

    def gradients(self, X, y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients (dcoefs, dintercepts) of loss_value(X, y) at the current weights."""
        alpha, l1 = self._penalties()
        spec, coefs, intercepts, X, T = self._data(X, y)
        with np.errstate(over="ignore", invalid="ignore"):
            _, dW, db = self._backward(spec, coefs, *self._layers(spec, coefs, intercepts, X), T, alpha, l1)
        return dW, db

    def loss_value(self, X, y) -> float:
        """The mean loss on (X, y) at the current weights, with the alpha and l1 penalties."""
        alpha, l1 = self._penalties()
        spec, coefs, intercepts, X, T = self._data(X, y)
        with np.errstate(over="ignore", invalid="ignore"):
            zs, activations, log_a = self._layers(spec, coefs, intercepts, X)
            loss = output_delta(spec.loss, spec.output, zs[-1], activations[-1], T, log_a)[0]
            return float(loss + _penalty(coefs, len(X), alpha, l1)) if alpha or l1 else loss

    # ---- training -------------------------------------------------------------------------
    def fit(self, X, y) -> "MLP":
        """Initialise the weights and train for n_iter epochs."""
        n_iter = v.check_int(self.n_iter, "n_iter")
        training = self._training()
        return self._fit_new(*v.check_X_y(X, y), n_iter, *training)

    def _fit_new(self, X, y, n_epochs: int, eta, batch, alpha, l1) -> "MLP":
        """New weights for (X, y), then n_epochs of training; all or nothing (see _atomic)."""
        spec = self._structure()
        X = self._inputs(spec, X)
        classes = self._classes(y, spec)
        T = self._encode(y, classes, spec)
        rng = v.check_random_state(self.random_state)
        coefs, intercepts = self._new_weights(spec, X.shape[1], classes.size, rng)
        with _atomic(self):
            self._commit(spec, classes, coefs, intercepts, rng)
            self._train(X, T, n_epochs, eta, batch, alpha, l1)
        return self

    def partial_fit(self, X, y, n_epochs: int = 1) -> "MLP":
        """Train n_epochs more epochs from the current weights (initialising them if needed).

        A model that has diverged trains no further: it says so with a DivergenceWarning
        (call fit to start again).
        """
        n_epochs = v.check_int(n_epochs, "n_epochs")
        training = self._training()
        X, y = v.check_X_y(X, y)
        if self.coefs_ is None:
            return self._fit_new(X, y, n_epochs, *training)
        if self.diverged_:
            warnings.warn(
                f"This MLP diverged at epoch {len(getattr(self, 'loss_curve_', [])) + 1} "
                f"(eta={float(self.eta):g}); partial_fit trains no further. Call fit(X, y) to start "
                "again, with a smaller eta.", DivergenceWarning, stacklevel=2)
            return self
        spec, coefs, intercepts, classes = self._network()
        X = self._inputs(spec, X, coefs[0].shape[0])
        T = self._encode(y, classes, spec)
        # Hand-set weights on a model never fitted: what fit would have set, set now.
        self._spec, self.classes_ = spec, classes
        self.coefs_, self.intercepts_ = coefs, intercepts
        if getattr(self, "_rng", None) is None:
            self._rng = v.check_random_state(self.random_state)
        if getattr(self, "loss_curve_", None) is None:
            self.loss_curve_ = []
        self._train(X, T, n_epochs, *training)
        return self

    def _train(self, X: np.ndarray, T: np.ndarray, n_epochs: int, eta: float, batch: int | None,
               alpha: float = 0.0, l1: float = 0.0) -> None:
        """n_epochs of gradient descent on inputs X (features already expanded) and targets T."""
        spec, coefs, intercepts = self._spec, self.coefs_, self.intercepts_
        n = X.shape[0]
        batch = n if batch is None else min(batch, n)
        progress = _Progress("MLP", n_epochs, self.verbose)
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(n_epochs):
                if batch == n:
                    loss, dW, db = self._backward(spec, coefs, *self._layers(spec, coefs, intercepts, X), T,
                                                  alpha, l1)
                else:
                    order = self._rng.permutation(n)
                    loss = 0.0
                    for start in range(0, n, batch):
                        rows = order[start:start + batch]
                        part, dW, db = self._backward(
                            spec, coefs, *self._layers(spec, coefs, intercepts, X[rows]), T[rows], alpha, l1)
                        loss += part * rows.size / n
                        for W, b, gW, gb in zip(coefs, intercepts, dW, db):
                            W -= eta * gW
                            b -= eta * gb
                if not np.isfinite(loss) or batch < n and not all(
                        np.all(np.isfinite(W)) for W in coefs):
                    self.diverged_ = True
                    warnings.warn(divergence_message("MLP", eta, len(self.loss_curve_) + 1)
                                  + _decay_hint(eta, alpha, batch),
                                  DivergenceWarning, stacklevel=3)
                    return
                if batch == n:
                    for W, b, gW, gb in zip(coefs, intercepts, dW, db):
                        W -= eta * gW
                        b -= eta * gb
                self.loss_curve_.append(float(loss))
                progress.epoch_done(epoch + 1)
            if batch == n and not all(np.all(np.isfinite(W)) for W in coefs + intercepts):
                # The last update overflowed after a finite loss: no epoch left to notice it.
                self.diverged_ = True
                warnings.warn(divergence_message("MLP", eta, len(self.loss_curve_)) + _decay_hint(eta, alpha, batch),
                              DivergenceWarning, stacklevel=3)

    # ---- prediction -----------------------------------------------------------------------
    def predict_proba(self, X) -> np.ndarray:
        """Probability of each class, shape (n_samples, n_classes).

        Never non-finite: a diverged model, or weights whose outputs overflow for this X,
        raise a ValueError that says so.
        """
        return self._proba(X)[0]

    def _proba(self, X) -> tuple[np.ndarray, np.ndarray]:
        spec, coefs, intercepts, classes = self._network()
        if self.diverged_:
            raise ValueError("This MLP diverged during training (see the DivergenceWarning): its "
                             "probabilities are meaningless. Fit it again with a smaller eta.")
        X = self._inputs(spec, X, coefs[0].shape[0])
        with np.errstate(over="ignore", invalid="ignore"):
            zs, activations, _ = self._layers(spec, coefs, intercepts, X)
            out = activations[-1]
            if spec.out == "softmax" and not np.all(np.isfinite(out)):
                out = softmax(zs[-1])  # the training shortcut gives NaN for ±inf scores
        bad = ~np.all(np.isfinite(out), axis=1)
        if bad.any():
            raise ValueError(
                f"The network's output is not finite for {int(bad.sum())} of {len(out)} rows of X "
                f"(the first is row {int(np.argmax(bad))}): the net inputs overflow, the weights are "
                "too large for these inputs. Standardise X, or use smaller weights.")
        return (np.hstack([1.0 - out, out]) if spec.out == "sigmoid" else out), classes

    def score(self, X, y) -> float:
        """Fraction of rows of X whose label is predicted correctly (labels of the kind fitted)."""
        X, y = v.check_X_y(X, y)
        v.check_labels_like(y, self._network()[3])  # hand-set weights too: classes 0, 1, …
        return float(np.mean(self.predict(X) == y))

    def predict(self, X) -> np.ndarray:
        """The most probable class of every row of X."""
        proba, classes = self._proba(X)
        return classes[np.argmax(proba, axis=1)]
