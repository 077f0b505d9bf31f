"""ActivationExplorer: a one-input neuron a = f(wx + b), its slope, and the formula of f.

Three layers, as everywhere in nnlib.explorers:
- compute: `activation_state` turns the control values into one `ActivationState` (the
  curves, where z = 0, the note for w = 0), with nnlib's activations only;
- view: `ActivationView` creates every artist once and `show(state)` only changes their data;
- wiring: `ActivationExplorer` declares the dropdown and sliders (`CONTROLS`).
What the series says about each activation (title, formulas, range, y-limits) is read from
`nnlib.activations.ACTIVATION_INFO`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import zero
from .._format import number
from ..activations import ACTIVATION_INFO, get_activation
from ..plotting import CLASS_COLORS, HIGHLIGHT_COLOR
from ._base import Control, Explorer, LiveFigure, check_values

X_RANGE = (-5.0, 5.0)
N_POINTS = 401
W_RANGE = (-3.0, 3.0)
B_RANGE = (-3.0, 3.0)
ALPHA_RANGE = (0.01, 1.0)
T_RANGE = (0.25, 5.0)
#: One slope scale for every activation, so their slopes can be compared by eye
#: (|w| ≤ 3 and every f′ here is at most 1, softmax's at most 0.25 / T ≤ 1).
SLOPE_YLIM = (-3.3, 3.3)

#: Which activations read which slider (the others ignore it): from what each one takes.
USES_ALPHA = tuple(n for n, info in ACTIVATION_INFO.items() if "alpha" in info.params)
USES_T = tuple(n for n, info in ACTIVATION_INFO.items() if "temperature" in info.params)

#: The controls, declared once. Short slider labels, so the tracks keep their length; what
#: each is for is its tooltip.
CONTROLS = [
    [Control("activation", "choice", "activation f", width="300px",
             options=tuple((info.title, name) for name, info in ACTIVATION_INFO.items())),
     Control("w", "float", "weight w", *W_RANGE, step=0.05),
     Control("b", "float", "bias b", *B_RANGE, step=0.05)],
    [Control("alpha", "float", "α", *ALPHA_RANGE, step=0.01),
     Control("T", "float", "temperature T", *T_RANGE, step=0.05)],
]


def output_ylim(name: str) -> tuple[float, float]:
    """Output-axis limits: the activation's window for z over the x range at w = 1, b = 0."""
    return ACTIVATION_INFO[name].ylim(X_RANGE[1])


def activation_for(name: str, alpha: float = 0.2, T: float = 1.0):
    """The nnlib Activation `name`, given α (if it takes one) and T (softmax)."""
    if name in USES_ALPHA:
        return get_activation(name, alpha=alpha)
    if name in USES_T:
        return get_activation(name, temperature=T)
    return get_activation(name)


def neuron_output(name: str, x, w: float, b: float, alpha: float = 0.2, T: float = 1.0):
    """Output a = f(wx + b) of a one-input neuron and its slope da/dx = w·f′(wx + b).

    For softmax the neuron's z is the score of class 1 and class 2's score is 0, so
    a = softmax([z, 0])₁ and da/dx = w·a(1 − a)/T.
    """
    f = activation_for(name, alpha, T)
    z = w * np.asarray(x, dtype=float) + b
    if name == "softmax":
        scores = np.column_stack([z, np.zeros_like(z)])
        a = f(scores)[:, 0]
        slope = w * f.derivative(scores)[:, 0, 0]  # ∂a₁/∂z₁ from nnlib's Jacobian
    else:
        a = f(z)
        slope = w * f.derivative(z)
        if name == "step":  # a decision from an input: the one rule for "z is zero"
            a = zero.decide(np.asarray(x, dtype=float).reshape(-1, 1), np.array([w], float), b)
            a = a.astype(float).reshape(np.shape(z))
    return a, slope


def formula_text(name: str) -> tuple[str, str, str]:
    """The formula panel's three lines: formula; derivative and range; which sliders count.

    They depend on the activation only (the sliders show α and T), so the panel is static:
    mathtext fractions cost milliseconds to draw, too much to redraw on every slider move.
    """
    info = ACTIVATION_INFO[name]
    if name in USES_ALPHA:
        params = "uses the $\\alpha$ slider;  $T$ is not used (softmax only)"
    elif name in USES_T:
        params = ("uses the temperature $T$;  $\\alpha$ is not used.   Two classes: class 1 has score "
                  "$z = wx + b$, class 2 has score 0")
    else:
        params = f"the $\\alpha$ and $T$ sliders are not used by {info.title}"
    return (f"{info.title}:   {info.formula}",
            f"derivative: {info.derivative}        output range: {info.range_text}",
            params)


@dataclass(frozen=True)
class ActivationState:
    """What one frame shows: the neuron's output and slope over x, and its reference curves."""

    activation: str
    w: float
    b: float
    alpha: float
    T: float
    a: np.ndarray          # a = f(wx + b) over X_RANGE
    slope: np.ndarray      # da/dx
    ref_a: np.ndarray      # f(x): w = 1, b = 0
    ref_slope: np.ndarray
    x0: float              # where z = wx + b is 0 (NaN when w = 0)
    message: str           # the note shown when w = 0, else ""


_X = np.linspace(*X_RANGE, N_POINTS)
_X.setflags(write=False)


def activation_state(activation: str = "sigmoid", w: float = 1.0, b: float = 0.0,
                     alpha: float = 0.2, T: float = 1.0) -> ActivationState:
    """The curves and markers of the explorer for these control values, computed once."""
    w, b, alpha, T = float(w), float(b), float(alpha), float(T)
    a, slope = neuron_output(activation, _X, w, b, alpha, T)
    ref_a, ref_slope = neuron_output(activation, _X, 1.0, 0.0, alpha, T)
    if abs(w) < 1e-12:
        x0 = np.nan
        message = (f"$w = 0$: $z = b = {number(b, decimals=2)}$ for every $x$,\n"
                   "so the output is flat and its slope is 0")
    else:
        x0, message = -b / w, ""
    return ActivationState(activation, w, b, alpha, T, a, slope, ref_a, ref_slope, x0, message)


class ActivationView(LiveFigure):
    """Left: the neuron's output over x. Right: its slope. Top: the formula and range."""

    def __init__(self, activation: str = "sigmoid") -> None:
        super().__init__(figsize=(9.5, 4.0))
        self.x = _X
        self.ax_out = self.fig.add_axes((0.065, 0.115, 0.405, 0.575))
        self.ax_slope = self.fig.add_axes((0.575, 0.115, 0.405, 0.575))
        self._build_formula()
        self._build_output(self.ax_out)
        self._build_slope(self.ax_slope)
        # Where z = wx + b crosses 0 (x = -b/w): the bias shifts it, the weight scales it.
        self.zero_lines = [ax.axvline(np.nan, color=HIGHLIGHT_COLOR, lw=1.0, ls="-.",
                                      label="$z = 0$ at $x = -b/w$")
                           for ax in (self.ax_out, self.ax_slope)]
        self.message = self.ax_out.text(0.5, 0.5, "", transform=self.ax_out.transAxes, ha="center",
                                        va="center", fontsize=9.5, color=HIGHLIGHT_COLOR,
                                        bbox=dict(boxstyle="round", fc="white", ec=HIGHLIGHT_COLOR),
                                        clip_on=True)  # inside the axes: see _render
        self.ax_out.legend(loc="upper left", fontsize=8, framealpha=0.9)
        self.ax_slope.legend(loc="upper left", fontsize=8, framealpha=0.9)
        self.dynamic(self.ref_out, self.out_line, self.ref_slope, self.slope_line,
                     *self.zero_lines, self.message)
        self.activation = None
        self._set_activation(activation)

    def _build_formula(self) -> None:
        """Top: the formula panel; line 1 may hold a tall fraction, so each line is its own artist."""
        self.formula = [self.fig.text(0.015, y, "", va=va, ha="left", fontsize=size)
                        for y, va, size in ((0.925, "center", 11), (0.855, "top", 10), (0.795, "top", 10))]

    @staticmethod
    def _axes(ax, title: str) -> None:
        ax.axhline(0, color="0.75", lw=0.8, zorder=0)
        ax.axvline(0, color="0.75", lw=0.8, zorder=0)
        ax.set_xlim(*X_RANGE)
        ax.set_xlabel("input $x$")
        ax.set_title(title, fontsize=10)

    def _build_output(self, ax) -> None:
        """Left panel: a = f(wx + b) against f(x)."""
        self._axes(ax, "output of the neuron")
        nan = np.full_like(self.x, np.nan)
        (self.ref_out,) = ax.plot(self.x, nan, color="0.55", lw=1.2, ls=":",
                                  label="$f(x)$  ($w = 1$, $b = 0$)")
        (self.out_line,) = ax.plot(self.x, nan, color=CLASS_COLORS[0], lw=2.2, label="$a = f(wx + b)$")

    def _build_slope(self, ax) -> None:
        """Right panel: da/dx against f′(x), on one scale for every activation."""
        self._axes(ax, "slope with respect to the input $x$")
        ax.set_ylim(*SLOPE_YLIM)
        nan = np.full_like(self.x, np.nan)
        (self.ref_slope,) = ax.plot(self.x, nan, color="0.55", lw=1.2, ls=":",
                                    label="$f'(x)$  ($w = 1$, $b = 0$)")
        (self.slope_line,) = ax.plot(self.x, nan, color=CLASS_COLORS[1], lw=2.2, ls="--",
                                     label="$da/dx = w\\,f'(wx + b)$")

    def _set_activation(self, name: str) -> None:
        """Static changes for a new activation: formula panel, output axis limits (a full redraw)."""
        if name == self.activation:
            return
        self.activation = name
        for artist, line in zip(self.formula, formula_text(name)):
            artist.set_text(line)
        self.ax_out.set_ylim(*output_ylim(name))
        self.ax_out.set_ylabel("softmax probability $a$" if name == "softmax" else "output $a$")
        self.invalidate(key=name)

    def show(self, s: ActivationState) -> None:
        """Draw one state: curves, the z = 0 marker, the w = 0 note; then refresh."""
        self._set_activation(s.activation)
        self.out_line.set_ydata(s.a)
        self.slope_line.set_ydata(s.slope)
        self.ref_out.set_ydata(s.ref_a)
        self.ref_slope.set_ydata(s.ref_slope)
        self.message.set_text(s.message)
        for line in self.zero_lines:
            line.set_xdata([s.x0, s.x0])
        self.refresh()


class ActivationExplorer(Explorer):
    """Pick an activation; move w, b (and α or T) of a one-input neuron; watch f(wx + b) and its slope."""

    def __init__(self, activation: str = "sigmoid", w: float = 1.0, b: float = 0.0,
                 alpha: float = 0.2, T: float = 1.0) -> None:
        values = dict(activation=activation.lower() if isinstance(activation, str) else activation,
                      w=w, b=b, alpha=alpha, T=T)
        check_values(CONTROLS, **values)
        self.view = ActivationView(values["activation"])
        self.build(CONTROLS, values)
        self.update()

    def update(self) -> None:
        """Grey out the sliders this activation ignores, then draw the state of the values."""
        v = self.values()
        name = v["activation"]
        title = ACTIVATION_INFO[name].title
        for key, users, what in (("alpha", USES_ALPHA, "α: the slope or scale for z ≤ 0"),
                                 ("T", USES_T, "T: the softmax temperature")):
            control = self.controls[key]
            control.disabled = name not in users
            used_by = ", ".join(ACTIVATION_INFO[n].title for n in users)
            control.tooltip = (f"{what} ({used_by})" if not control.disabled
                               else f"{title} does not use {key if key == 'T' else 'α'}; "
                                    f"it is used by {used_by}")
        self.state = activation_state(**v)
        self.view.show(self.state)
