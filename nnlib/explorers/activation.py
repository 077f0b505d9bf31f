"""ActivationExplorer: a one-input neuron a = f(wx + b), its slope, and the formula of f.

Three layers, as everywhere in nnlib.explorers:
- compute: `neuron_output` (nnlib activations only);
- view: `ActivationView` creates every artist once and `update()` only changes their data;
- wiring: `ActivationExplorer` builds the dropdown and sliders and forwards their values.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import zero
from ..activations import ACTIVATIONS, get_activation
from ..plotting import CLASS_COLORS, HIGHLIGHT_COLOR
from ._base import Explorer, LiveFigure, canvas_widget, check_choice, check_number, slider

X_RANGE = (-5.0, 5.0)
N_POINTS = 401
W_RANGE = (-3.0, 3.0)
B_RANGE = (-3.0, 3.0)
ALPHA_RANGE = (0.01, 1.0)
T_RANGE = (0.25, 5.0)

#: Which activations read which slider (the others ignore it).
USES_ALPHA = ("leaky_relu", "elu", "clipped_leaky_relu")
USES_T = ("softmax",)

#: Readable names for the dropdown and the formula panel.
TITLES = {
    "step": "step", "linear": "linear (identity)", "sigmoid": "sigmoid (logistic)",
    "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU", "elu": "ELU",
    "clipped_leaky_relu": "clipped leaky ReLU", "softmax": "softmax (two classes)",
}

# Mathtext has no \begin{cases}; these are the same formulas written on one line.
# (formula, derivative, output range)
FORMULAS = {
    "step": (r"$f(z) = 1$ if $z \geq 0$, else $0$",
             r"$f'(z) = 0$ for $z \neq 0$ (undefined at $z = 0$)",
             r"$\{0,\ 1\}$ (two values only)"),
    "linear": (r"$f(z) = z$", r"$f'(z) = 1$", r"$(-\infty,\ \infty)$"),
    "sigmoid": (r"$\sigma(z) = \dfrac{1}{1 + e^{-z}}$",
                r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) \leq 0.25$",
                r"$(0,\ 1)$"),
    "tanh": (r"$\tanh(z) = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}$",
             r"$\tanh'(z) = 1 - \tanh^2(z) \leq 1$",
             r"$(-1,\ 1)$"),
    "relu": (r"$f(z) = \max(0,\ z)$",
             r"$f'(z) = 1$ if $z > 0$, else $0$",
             r"$[0,\ \infty)$"),
    "leaky_relu": (r"$f(z) = z$ if $z > 0$, else $\alpha z$",
                   r"$f'(z) = 1$ if $z > 0$, else $\alpha$",
                   r"$(-\infty,\ \infty)$"),
    "elu": (r"$f(z) = z$ if $z > 0$, else $\alpha\,(e^{z} - 1)$",
            r"$f'(z) = 1$ if $z > 0$, else $\alpha e^{z}$",
            r"$(-\alpha,\ \infty)$"),
    "clipped_leaky_relu": (r"$f(z) = \alpha z$ if $z < 0$;  $z$ if $0 \leq z \leq 1$;  $1 + \alpha(z - 1)$ if $z > 1$",
                           r"$f'(z) = 1$ on $[0,\ 1]$, else $\alpha$",
                           r"$(-\infty,\ \infty)$"),
    "softmax": (r"$a = \mathrm{softmax}([z,\ 0])_1 = \dfrac{e^{z/T}}{e^{z/T} + e^{0/T}}$",
                r"$\partial a / \partial z = a\,(1 - a)\,/\,T$",
                r"$(0,\ 1)$; the two probabilities sum to 1"),
}

#: Output-axis limits per activation: the output range plus a margin; a fixed window
#: where the range is unbounded (those curves leave the plot, as they should).
OUTPUT_YLIM = {
    "step": (-0.2, 1.2), "linear": (-5.0, 5.0), "sigmoid": (-0.2, 1.2), "tanh": (-1.3, 1.3),
    "relu": (-1.0, 5.0), "leaky_relu": (-2.5, 5.0), "elu": (-1.5, 5.0),
    "clipped_leaky_relu": (-1.5, 2.5), "softmax": (-0.2, 1.2),
}
#: One slope scale for every activation, so their slopes can be compared by eye
#: (|w| ≤ 3 and every f′ here is at most 1, softmax's at most 0.25 / T ≤ 1).
SLOPE_YLIM = (-3.3, 3.3)


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
    formula, derivative, out_range = FORMULAS[name]
    if name in USES_ALPHA:
        params = "uses the $\\alpha$ slider;  $T$ is not used (softmax only)"
    elif name in USES_T:
        params = ("uses the temperature $T$;  $\\alpha$ is not used.   Two classes: class 1 has score "
                  "$z = wx + b$, class 2 has score 0")
    else:
        params = f"the $\\alpha$ and $T$ sliders are not used by {TITLES[name]}"
    return (f"{TITLES[name]}:   {formula}",
            f"derivative: {derivative}        output range: {out_range}",
            params)


class ActivationView(LiveFigure):
    """Left: the neuron's output over x. Right: its slope. Top: the formula and range."""

    def __init__(self, activation: str = "sigmoid") -> None:
        super().__init__(figsize=(9.5, 4.0))
        self.x = np.linspace(*X_RANGE, N_POINTS)
        fig = self.fig
        self.ax_out = fig.add_axes((0.065, 0.115, 0.405, 0.575))
        self.ax_slope = fig.add_axes((0.575, 0.115, 0.405, 0.575))
        nan = np.full_like(self.x, np.nan)

        # The formula panel: line 1 may hold a tall fraction, so each line is its own artist.
        self.formula = [fig.text(0.015, y, "", va=va, ha="left", fontsize=size)
                        for y, va, size in ((0.925, "center", 11), (0.855, "top", 10), (0.795, "top", 10))]
        for ax in (self.ax_out, self.ax_slope):
            ax.axhline(0, color="0.75", lw=0.8, zorder=0)
            ax.axvline(0, color="0.75", lw=0.8, zorder=0)
            ax.set_xlim(*X_RANGE)
            ax.set_xlabel("input $x$")
        self.ax_out.set_title("output of the neuron", fontsize=10)
        self.ax_slope.set_title("slope with respect to the input $x$", fontsize=10)
        self.ax_slope.set_ylim(*SLOPE_YLIM)

        (self.ref_out,) = self.ax_out.plot(self.x, nan, color="0.55", lw=1.2, ls=":",
                                           label="$f(x)$  ($w = 1$, $b = 0$)")
        (self.out_line,) = self.ax_out.plot(self.x, nan, color=CLASS_COLORS[0], lw=2.2,
                                            label="$a = f(wx + b)$")
        (self.ref_slope,) = self.ax_slope.plot(self.x, nan, color="0.55", lw=1.2, ls=":",
                                               label="$f'(x)$  ($w = 1$, $b = 0$)")
        (self.slope_line,) = self.ax_slope.plot(self.x, nan, color=CLASS_COLORS[1], lw=2.2, ls="--",
                                                label="$da/dx = w\\,f'(wx + b)$")
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

    def _set_activation(self, name: str) -> None:
        """Static changes for a new activation: formula panel, output axis limits (a full redraw)."""
        if name == self.activation:
            return
        self.activation = name
        for artist, line in zip(self.formula, formula_text(name)):
            artist.set_text(line)
        self.ax_out.set_ylim(*OUTPUT_YLIM[name])
        self.ax_out.set_ylabel("softmax probability $a$" if name == "softmax" else "output $a$")
        self.invalidate(key=name)

    def update(self, activation: str = "sigmoid", w: float = 1.0, b: float = 0.0,
               alpha: float = 0.2, T: float = 1.0, **_ignored) -> None:
        """Redraw for these values: curves, the z = 0 marker, the w = 0 note; then refresh."""
        self._set_activation(activation)
        a, slope = neuron_output(activation, self.x, w, b, alpha, T)
        ref_a, ref_slope = neuron_output(activation, self.x, 1.0, 0.0, alpha, T)
        self.out_line.set_ydata(a)
        self.slope_line.set_ydata(slope)
        self.ref_out.set_ydata(ref_a)
        self.ref_slope.set_ydata(ref_slope)
        if abs(w) < 1e-12:
            x0 = np.nan
            self.message.set_text(f"$w = 0$: $z = b = {b:.2f}$ for every $x$,\n"
                                  "so the output is flat and its slope is 0")
        else:
            x0 = -b / w
            self.message.set_text("")
        for line in self.zero_lines:
            line.set_xdata([x0, x0])
        self.refresh()


class ActivationExplorer(Explorer):
    """Pick an activation; move w, b (and α or T) of a one-input neuron; watch f(wx + b) and its slope."""

    def __init__(self, activation: str = "sigmoid", w: float = 1.0, b: float = 0.0,
                 alpha: float = 0.2, T: float = 1.0) -> None:
        check_choice("activation", activation.lower() if isinstance(activation, str) else activation,
                     ACTIVATIONS)
        for name, value, bounds in (("w", w, W_RANGE), ("b", b, B_RANGE), ("alpha", alpha, ALPHA_RANGE),
                                    ("T", T, T_RANGE)):
            check_number(name, value, *bounds)
        activation = get_activation(activation).name  # validates the name
        self.view = ActivationView(activation)
        options = [(TITLES[name], name) for name in ACTIVATIONS]
        self.controls = {
            "activation": widgets.Dropdown(options=options, value=activation, description="activation f",
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="300px")),
            "w": slider("weight w", w, *W_RANGE, step=0.05),
            "b": slider("bias b", b, *B_RANGE, step=0.05),
            # Short labels, so the tracks keep their length; what each is for is its tooltip.
            "alpha": slider("α", alpha, *ALPHA_RANGE, step=0.01),
            "T": slider("temperature T", T, *T_RANGE, step=0.05),
        }
        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([c["activation"], c["w"], c["b"]]),
            widgets.HBox([c["alpha"], c["T"]]),
            canvas_widget(self.view),
        ])
        self._wire()
        self.update()

    def update(self) -> None:
        """Grey out the sliders this activation ignores, then redraw."""
        name = self.controls["activation"].value
        for key, users, what in (("alpha", USES_ALPHA, "α: the slope or scale for z ≤ 0"),
                                 ("T", USES_T, "T: the softmax temperature")):
            control = self.controls[key]
            control.disabled = name not in users
            used_by = ", ".join(TITLES[n] for n in ACTIVATIONS if n in users)
            control.tooltip = (f"{what} ({used_by})" if not control.disabled
                               else f"{TITLES[name]} does not use {key if key == 'T' else 'α'}; "
                                    f"it is used by {used_by}")
        super().update()
