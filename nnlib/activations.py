"""Activation functions and their derivatives, stable at |z| = 1000.

What the series shows about each activation (its names, formulas, output range and the
scales its plots use) lives here too, in `ACTIVATION_INFO`: the explorers read it from here.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from ._format import number
from ._validation import as_float_array, check_positive


class Activation:
    """An activation f(z) with its derivative f'(z), LaTeX formula and output range."""

    name: str = ""
    latex: str = ""
    output_range: tuple[float, float] = (-np.inf, np.inf)
    params: dict[str, float]

    def __init__(self, **params: float) -> None:
        self.params = params

    def __call__(self, z) -> np.ndarray:
        """Apply the activation element-wise."""
        return self._f(as_float_array(z, "z"))

    def derivative(self, z) -> np.ndarray:
        """Return f'(z) element-wise."""
        return self._df(as_float_array(z, "z"))

    def derivative_from_output(self, a: np.ndarray, z: np.ndarray) -> np.ndarray:
        """f'(z) given both a = f(z) and z; sigmoid and tanh reuse a (no second exp)."""
        return self._df(z)

    def _f(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _df(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @property
    def info(self) -> "ActivationInfo":
        """What the series shows about this activation (see ACTIVATION_INFO)."""
        return ACTIVATION_INFO[self.name]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"get_activation({self.name!r}{', ' + args if args else ''})"


class Step(Activation):
    """Heaviside step: 1 if z >= 0 else 0.

    Applied to z alone, step has no terms to measure rounding against, so it uses the exact
    test z >= 0: step(-1e-17) is 0. Every decision made from inputs and weights — Neuron,
    Perceptron, an MLP's step layers, the explorers, the exercise checkers — goes through
    nnlib.zero.decide instead, where a z within rounding of 0 (relative to the size of the
    terms of w·x + b) counts as 0, so 0.7·1 + 0.1·1 − 0.8 decides 1 as on paper.

    Its derivative is 0 wherever it exists (and undefined at z = 0), so it gives gradient
    descent no signal; the perceptron rule updates on mistakes instead.
    """

    name, latex, output_range = "step", r"f(z) = \begin{cases}1 & z \ge 0\\ 0 & z < 0\end{cases}", (0.0, 1.0)

    def _f(self, z):
        return (z >= 0).astype(np.float64)

    def _df(self, z):
        return np.zeros_like(z)


class Linear(Activation):
    """Identity: f(z) = z."""

    name, latex = "linear", r"f(z) = z"

    def _f(self, z):
        return z.copy()

    def _df(self, z):
        return np.ones_like(z)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) never overflows; the two branches are the same function rearranged.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Sigmoid(Activation):
    """Logistic sigmoid 1 / (1 + e^{-z}); derivative σ(1 − σ)."""

    name, latex, output_range = "sigmoid", r"\sigma(z) = \frac{1}{1 + e^{-z}}", (0.0, 1.0)

    def _f(self, z):
        return _sigmoid(z)

    def _df(self, z):
        s = _sigmoid(z)
        return s * (1.0 - s)

    def derivative_from_output(self, a, z):
        return a * (1.0 - a)


class Tanh(Activation):
    """Hyperbolic tangent; derivative 1 − tanh²."""

    name, latex, output_range = "tanh", r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", (-1.0, 1.0)

    def _f(self, z):
        return np.tanh(z)

    def _df(self, z):
        t = np.tanh(z)
        return 1.0 - t * t

    def derivative_from_output(self, a, z):
        return 1.0 - a * a


class ReLU(Activation):
    """Rectified linear unit max(0, z); derivative taken as 0 at z = 0."""

    name, latex, output_range = "relu", r"f(z) = \max(0, z)", (0.0, np.inf)

    def _f(self, z):
        return np.maximum(z, 0.0)

    def _df(self, z):
        return (z > 0).astype(np.float64)


class LeakyReLU(Activation):
    """Leaky ReLU: z for z > 0, αz otherwise."""

    name, latex = "leaky_relu", r"f(z) = \begin{cases}z & z > 0\\ \alpha z & z \le 0\end{cases}"

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__(alpha=check_positive(alpha, "alpha"))

    def _f(self, z):
        # α·min(z, 0): the branch np.where discards is 0, never an overflow. With α > 1 the
        # kept branch may pass the float limit; −inf is then its correctly rounded value.
        with np.errstate(over="ignore"):
            return np.where(z > 0, z, self.params["alpha"] * np.minimum(z, 0.0))

    def _df(self, z):
        return np.where(z > 0, 1.0, self.params["alpha"])


class ELU(Activation):
    """Exponential linear unit: z for z > 0, α(e^z − 1) otherwise."""

    name, latex = "elu", r"f(z) = \begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}"

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__(alpha=check_positive(alpha, "alpha"))
        self.output_range = (-self.params["alpha"], np.inf)

    def _f(self, z):
        # min(z, 0) keeps exp from overflowing on the branch np.where discards.
        return np.where(z > 0, z, self.params["alpha"] * np.expm1(np.minimum(z, 0.0)))

    def _df(self, z):
        return np.where(z > 0, 1.0, self.params["alpha"] * np.exp(np.minimum(z, 0.0)))


class ClippedLeakyReLU(Activation):
    """Leaky ReLU clipped above 1: αz below 0, z on [0, 1], 1 + α(z − 1) above 1."""

    name = "clipped_leaky_relu"
    latex = (r"f(z) = \begin{cases}\alpha z & z < 0\\ z & 0 \le z \le 1\\ "
             r"1 + \alpha (z - 1) & z > 1\end{cases}")

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__(alpha=check_positive(alpha, "alpha"))

    def _f(self, z):
        a = self.params["alpha"]
        # Each branch on its own side of the breakpoints only (0 elsewhere): no overflow
        # from a branch np.where discards; with α > 1 a kept one may round to ±inf.
        with np.errstate(over="ignore"):
            below, above = a * np.minimum(z, 0.0), 1.0 + a * (np.maximum(z, 1.0) - 1.0)
        return np.where(z < 0, below, np.where(z > 1, above, z))

    def _df(self, z):
        return np.where((z >= 0) & (z <= 1), 1.0, self.params["alpha"])


class Softmax(Activation):
    """Softmax along the last axis, with an optional temperature T: exp(z/T) / Σ exp(z/T)."""

    name, latex, output_range = "softmax", r"\mathrm{softmax}(z)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}", (0.0, 1.0)

    def __init__(self, temperature: float = 1.0) -> None:
        super().__init__(temperature=check_positive(temperature, "temperature"))

    def __call__(self, z) -> np.ndarray:
        """softmax of the scores z along the last axis; a score of −inf gets probability 0."""
        return self._f(as_float_array(z, "z", allow_inf=True))

    def derivative(self, z) -> np.ndarray:
        """The Jacobian of softmax at z (see _df)."""
        return self._df(as_float_array(z, "z", allow_inf=True))

    def _f(self, z):
        if z.ndim == 0:
            raise ValueError("softmax needs a vector of scores (last axis); got a scalar z.")
        if z.shape[-1] == 0:
            raise ValueError(f"softmax needs at least one score along the last axis; got shape {z.shape}.")
        p = softmax(z, self.params["temperature"])
        if np.isnan(p).any():
            raise ValueError("softmax needs at least one score above −inf in every row; "
                             f"{int(np.isnan(p).any(axis=-1).sum())} row(s) of z are all −inf "
                             "(every class masked).")
        return p

    def _df(self, z):
        """Jacobian ∂softmax_i/∂z_j = (s_i (δ_ij − s_j)) / T: (k, k) per row."""
        if z.ndim not in (1, 2):
            raise ValueError(f"softmax derivative takes z of shape (k,) or (n, k); got {z.shape}.")
        s = self._f(z)
        jac = np.einsum("...i,ij->...ij", s, np.eye(s.shape[-1])) - s[..., :, None] * s[..., None, :]
        return jac / self.params["temperature"]


def softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """exp(z/T) / Σ exp(z/T) along the last axis, right and warning-free for any float z.

    The row maximum is subtracted first (softmax is unchanged, exp stays <= 1), and the
    temperature divides the difference, which is <= 0: a difference past the float limit
    is −inf, whose exp is exactly the 0 it stands for. A score of −inf gets probability 0;
    scores of +inf share the whole probability (the limit). A row of only −inf gives NaN
    (the caller says what that means).
    """
    m = z.max(axis=-1, keepdims=True)
    top = np.isposinf(m)
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = z - np.where(np.isfinite(m), m, 0.0) if top.any() or np.isneginf(m).any() else z - m
        if temperature != 1.0:  # z / 1 == z exactly: skip the division
            shifted /= temperature
        e = np.exp(shifted)
        if top.any():
            e = np.where(top, np.isposinf(z).astype(np.float64), e)
        if np.isneginf(m).any():
            e = np.where(np.isneginf(m), np.nan, e)
        return e / e.sum(axis=-1, keepdims=True)


ACTIVATIONS: dict[str, type[Activation]] = {
    cls.name: cls
    for cls in (Step, Linear, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, ClippedLeakyReLU, Softmax)
}


def _takes(cls: type[Activation]) -> tuple[str, ...]:
    """The parameters an activation class takes (alpha, temperature), from its signature."""
    if cls.__init__ is Activation.__init__:
        return ()
    return tuple(p for p in inspect.signature(cls.__init__).parameters if p != "self")


@dataclass(frozen=True)
class ActivationInfo:
    """What the series shows about one activation: names, formulas, output range, plot scales.

    Formulas are matplotlib mathtext (mathtext has no \\begin{cases}: branches on one line).
    `curve` is the output window its plots show; an end that is None follows the net input z
    (the output is unbounded there), so `scale(z_max)` and `ylim(z_max)` fit any z window.
    """

    name: str
    label: str            # in prose and axes titles: "ReLU"
    title: str            # in menus: "sigmoid (logistic)"
    formula: str          # may be tall (\dfrac): for a formula line of its own
    inline: str           # flat, one line: for an axes title
    derivative: str
    range_text: str       # the output range, as mathtext
    curve: tuple[float | None, float | None]
    ticks: tuple[float, ...] | None = None  # colour-bar ticks; None: the whole numbers of the scale

    @property
    def params(self) -> tuple[str, ...]:
        """The parameters it takes: ("alpha",), ("temperature",) or ()."""
        return _takes(ACTIVATIONS[self.name])

    def scale(self, z_max: float) -> tuple[float, float]:
        """The output window for net inputs in [−z_max, z_max]: the curve, unbounded ends at ±z_max."""
        lo, hi = self.curve
        return (-z_max if lo is None else lo, z_max if hi is None else hi)

    def ylim(self, z_max: float) -> tuple[float, float]:
        """Axis limits of a plot of f over [−z_max, z_max]: the scale with room for markers."""
        lo, hi = self.scale(z_max)
        pad = 0.12 * min(hi - lo, 2.0)
        return (lo - pad, hi + pad)

    def colorbar_ticks(self, z_max: float) -> tuple[float, ...]:
        """Ticks of a colour bar over `scale(z_max)`."""
        if self.ticks is not None:
            return self.ticks
        lo, hi = self.scale(z_max)
        return tuple(float(t) for t in np.arange(np.ceil(lo), np.floor(hi) + 1))

    def colorbar_label(self, z_max: float) -> str:
        """"output $f(z)$", saying where an unbounded output is clipped."""
        lo, hi = self.curve
        if None not in self.curve:
            return "output $f(z)$"
        where = ("±" + number(z_max) if lo is None and hi is None
                 else number(z_max) if lo is not None else number(-z_max))
        return f"output $f(z)$, clipped at {where}"


_INFO = (
    ActivationInfo("step", "step", "step",
                   r"$f(z) = 1$ if $z \geq 0$, else $0$", r"$f(z) = 1$ if $z \geq 0$, else $0$",
                   r"$f'(z) = 0$ for $z \neq 0$ (undefined at $z = 0$)",
                   r"$\{0,\ 1\}$ (two values only)", (0.0, 1.0), (0, 1)),
    ActivationInfo("linear", "linear", "linear (identity)", r"$f(z) = z$", r"$f(z) = z$",
                   r"$f'(z) = 1$", r"$(-\infty,\ \infty)$", (None, None)),
    ActivationInfo("sigmoid", "sigmoid", "sigmoid (logistic)",
                   r"$\sigma(z) = \dfrac{1}{1 + e^{-z}}$", r"$\sigma(z) = 1\,/\,(1 + e^{-z})$",
                   r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) \leq 0.25$", r"$(0,\ 1)$",
                   (0.0, 1.0), (0, 0.5, 1)),
    ActivationInfo("tanh", "tanh", "tanh",
                   r"$\tanh(z) = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$", r"$f(z) = \tanh(z)$",
                   r"$\tanh'(z) = 1 - \tanh^2(z) \leq 1$", r"$(-1,\ 1)$",
                   (-1.0, 1.0), (-1, -0.5, 0, 0.5, 1)),
    ActivationInfo("relu", "ReLU", "ReLU", r"$f(z) = \max(0,\ z)$", r"$f(z) = \max(0, z)$",
                   r"$f'(z) = 1$ if $z > 0$, else $0$", r"$[0,\ \infty)$", (0.0, None)),
    # Windows below 0 for the parametric ones: ELU stays above −α ≥ −1 for the explorers' α ≤ 1;
    # leaky ReLU shows αz down to −2 (a steeper leak leaves the window, as an unbounded curve does).
    ActivationInfo("leaky_relu", "leaky ReLU", "leaky ReLU",
                   r"$f(z) = z$ if $z > 0$, else $\alpha z$", r"$f(z) = z$ if $z > 0$, else $\alpha z$",
                   r"$f'(z) = 1$ if $z > 0$, else $\alpha$", r"$(-\infty,\ \infty)$", (-2.0, None)),
    ActivationInfo("elu", "ELU", "ELU",
                   r"$f(z) = z$ if $z > 0$, else $\alpha\,(e^{z} - 1)$",
                   r"$f(z) = z$ if $z > 0$, else $\alpha\,(e^{z} - 1)$",
                   r"$f'(z) = 1$ if $z > 0$, else $\alpha e^{z}$", r"$(-\alpha,\ \infty)$", (-1.0, None)),
    ActivationInfo("clipped_leaky_relu", "clipped leaky ReLU", "clipped leaky ReLU",
                   r"$f(z) = \alpha z$ if $z < 0$;  $z$ if $0 \leq z \leq 1$;  $1 + \alpha(z - 1)$ if $z > 1$",
                   r"$f(z) = \alpha z$ if $z < 0$;  $z$ if $0 \leq z \leq 1$;  $1 + \alpha(z - 1)$ if $z > 1$",
                   r"$f'(z) = 1$ on $[0,\ 1]$, else $\alpha$", r"$(-\infty,\ \infty)$", (-1.0, 2.0)),
    ActivationInfo("softmax", "softmax", "softmax (two classes)",
                   r"$a = \mathrm{softmax}([z,\ 0])_1 = \dfrac{e^{z/T}}{e^{z/T} + e^{0/T}}$",
                   r"$a = \mathrm{softmax}([z,\ 0])_1$",
                   r"$\partial a / \partial z = a\,(1 - a)\,/\,T$",
                   r"$(0,\ 1)$; the two probabilities sum to 1", (0.0, 1.0), (0, 0.5, 1)),
)
ACTIVATION_INFO: dict[str, ActivationInfo] = {info.name: info for info in _INFO}


def get_activation(name: str | Activation, **params: float) -> Activation:
    """Return the activation called `name` (see ACTIVATIONS), with its parameters."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name such as 'sigmoid'; got {type(name).__name__}.")
    key = name.lower().replace("-", "_").replace(" ", "_")
    if key not in ACTIVATIONS:
        raise ValueError(
            f"Unknown activation {name!r}. Valid names: {', '.join(ACTIVATIONS)}."
        )
    cls = ACTIVATIONS[key]
    takes = list(_takes(cls))
    unknown = sorted(set(params) - set(takes))
    if unknown:
        what = f"takes only {takes}" if takes else "takes no parameters"
        raise TypeError(
            f"activation {key!r} {what}; got {unknown}. "
            "leaky_relu, elu and clipped_leaky_relu take alpha, softmax takes temperature."
        )
    # The values are checked by the activation itself, with messages naming the parameter.
    return cls(**params)
