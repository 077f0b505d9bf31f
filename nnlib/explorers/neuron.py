"""Notebook 01's explorer: one neuron, its boundary in the input plane, its activation curve.

Left: the input plane shaded by the neuron's output f(w·x + b), the boundary line
w₁x₁ + w₂x₂ + b = 0 with the weight vector w drawn perpendicular to it, and the four
logic-gate inputs coloured by the chosen gate's target. Right: the activation f(z) with the
net input z of the marked input shown on it. Beside the controls, an HTML readout: z worked
out with numbers and a truth table of the four inputs against the gate. (Numbers live in a
widget, not on the canvas: Agg renders text glyph by glyph on every blit, ~0.08 ms a glyph.)
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import FancyArrowPatch

from ..activations import get_activation
from ..datasets import GATES, logic_gate
from ..linear import Neuron
from ..plotting import (BOUNDARY_COLOR, CLASS_COLORS, HIGHLIGHT_COLOR, MARKERS, boundary_segment,
                        decision_grid, grid, region_cmap)
from ._base import Explorer, LiveFigure, canvas_widget, check_choice, check_number, slider

EXTENT = (-0.5, 1.5, -0.5, 1.5)  # x₁ from −0.5 to 1.5, x₂ likewise
WEIGHT_RANGE = (-3.0, 3.0)
# |z| ≤ |w₁| + |w₂| + |b| ≤ 9 at the four inputs, so the curve panel always shows the marked z.
Z_RANGE = (-9.0, 9.0)
ACTIVATIONS = ("step", "linear", "sigmoid", "tanh", "relu")
GATE_NAMES = tuple(GATES)
POINT_LABELS = ("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)")

# Colour scale of the shading per activation: the output values mapped to the two ends.
# Step and sigmoid use [0, 1]; tanh its range; linear and ReLU, unbounded, are clipped.
OUTPUT_SCALE = {"step": (0.0, 1.0), "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0),
                "linear": (-3.0, 3.0), "relu": (0.0, 3.0)}
COLORBAR_TICKS = {"step": (0, 1), "sigmoid": (0, 0.5, 1), "tanh": (-1, -0.5, 0, 0.5, 1),
                  "linear": (-3, -2, -1, 0, 1, 2, 3), "relu": (0, 1, 2, 3)}
COLORBAR_LABEL = {"linear": "output $f(z)$, clipped at ±3",
                  "relu": "output $f(z)$, clipped at 3"}  # the others: "output $f(z)$"
# y-limits of the curve panel per activation (fixed, so a slider move never rescales it).
CURVE_YLIM = {"step": (-0.15, 1.25), "sigmoid": (-0.15, 1.25), "tanh": (-1.25, 1.4),
              "linear": (-9.5, 9.5), "relu": (-0.6, 9.5)}
CURVE_TITLE = {
    "step": r"step: $f(z) = 1$ if $z \geq 0$, else $0$",
    "linear": r"linear: $f(z) = z$",
    "sigmoid": r"sigmoid: $\sigma(z) = 1\,/\,(1 + e^{-z})$",
    "tanh": r"tanh: $f(z) = \tanh(z)$",
    "relu": r"ReLU: $f(z) = \max(0, z)$",
}
NO_BOUNDARY = "no boundary:\nthe output is the same everywhere"
OFF_VIEW = "the boundary line lies\noutside this view"
ARROW_LENGTH = 0.35  # data units; only the direction of w is drawn to scale


def output_cmap() -> LinearSegmentedColormap:
    """Pale class-0 blue → white → pale class-1 orange; its ends are region_cmap(2)'s colours."""
    low, high = region_cmap(2).colors[:2]
    return LinearSegmentedColormap.from_list("neuron_output", [low, (1.0, 1.0, 1.0, 1.0), high])


def _num(value: float, digits: int = 2) -> str:
    """Fixed decimals with a real minus sign; negative numbers in parentheses."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return f"(−{text[1:]})" if text.startswith("-") else text


def _plain(value: float, digits: int = 2) -> str:
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


def readout_html(w1: float, w2: float, b: float, activation: str = "step", gate: str = "AND",
                 point: int = 2) -> str:
    """The numbers behind the picture, as HTML: z worked out for the marked input, and a
    truth table of all four inputs against the gate (decision 1 where z ≥ 0)."""
    w1, w2, b = float(w1), float(w2), float(b)
    act = get_activation(activation)
    neuron = Neuron([w1, w2], b, act)
    X, y = logic_gate(gate)
    z, out, decision = neuron.net_input(X), neuron.output(X), neuron.predict(X)
    digits = 0 if act.name == "step" else 2
    x = X[point]
    rows = []
    for i, (xi, zi, fi, di, ti) in enumerate(zip(X, z, out, decision, y)):
        ok = di == ti
        mark = (f'<span style="color:{CLASS_COLORS[2]}">✓</span>' if ok
                else f'<span style="color:{HIGHLIGHT_COLOR}">✗</span>')
        style = ' style="background:#fbe3d6; font-weight:bold"' if i == point else ""
        cells = [f"{int(xi[0])}", f"{int(xi[1])}", _plain(zi), _plain(fi, digits), f"{di}", f"{ti}", mark]
        rows.append(f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = ["x₁", "x₂", "z", "f(z)", "decision", gate, ""]
    n_right = int((decision == y).sum())
    verdict = (f"<b>{gate}: 4 of 4 right ✓</b> this neuron computes {gate}" if n_right == 4
               else f"<b>{gate}: {n_right} of 4 right</b>")
    return (
        f'<div class="nnlib-neuron-readout" style="font-size:13px; line-height:1.4">{_STYLE}'
        f"marked input x = {POINT_LABELS[point]}:<br>"
        f"z = w₁x₁ + w₂x₂ + b = {_num(w1)}·{int(x[0])} + {_num(w2)}·{int(x[1])} + {_num(b)}"
        f" = <b>{_plain(z[point])}</b>, "
        # f(z) and its value stay on one line (they used to break apart at "f(z) =").
        f'<span style="white-space:nowrap">f(z) = <b>{_plain(out[point], digits)}</b></span>'
        '<table style="border-collapse:collapse; margin:4px 0">'
        "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
        + "".join(rows) + "</table>"
        f"{verdict} &nbsp;(decision 1 where z ≥ 0)</div>"
    )


_STYLE = ("<style>.nnlib-neuron-readout td, .nnlib-neuron-readout th "
          "{padding: 0 7px; text-align: right; border-bottom: 1px solid #ddd}</style>")


class NeuronView(LiveFigure):
    """The two panels; `update` only changes artist data."""

    def __init__(self, resolution: int = 100) -> None:
        super().__init__(figsize=(9.2, 3.7))
        self.resolution = resolution
        self._points = grid(EXTENT, resolution)
        self._z_curve = np.linspace(*Z_RANGE, 721)
        self._activation: str | None = None
        fig = self.fig
        gs = fig.add_gridspec(1, 2, width_ratios=(1.0, 1.05), left=0.06, right=0.98,
                              bottom=0.24, top=0.91, wspace=0.45)
        self.ax_plane = ax = fig.add_subplot(gs[0])
        self.ax_curve = axc = fig.add_subplot(gs[1])

        # ---- left: the input plane ----
        # interpolation_stage="data": matplotlib's default ("auto") colours the image before
        # resampling when it is enlarged less than 3×, which costs ~3× more per frame; with
        # "nearest" both stages give identical pixels.
        self.image = ax.imshow(np.zeros((resolution, resolution)), origin="lower", extent=EXTENT,
                               cmap=output_cmap(), vmin=0.0, vmax=1.0, interpolation="nearest",
                               interpolation_stage="data")
        self.colorbar = fig.colorbar(self.image, ax=ax, fraction=0.046, pad=0.03)
        self.colorbar.ax.tick_params(labelsize=8)
        ax.set_xlim(EXTENT[:2])
        ax.set_ylim(EXTENT[2:])
        ax.set_xticks([-0.5, 0, 0.5, 1, 1.5])
        ax.set_yticks([-0.5, 0, 0.5, 1, 1.5])
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$", labelpad=0)
        ax.set_title("input plane, shaded by the output $f(z)$")
        (self.boundary,) = ax.plot([], [], color=BOUNDARY_COLOR, lw=2, label="boundary $z = 0$")
        self.arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=14,
                                     color=BOUNDARY_COLOR, lw=1.5, shrinkA=0, shrinkB=0)
        ax.add_patch(self.arrow)
        # clip_on: texts that stay inside the axes, so the drawing layer knows where they paint
        self.arrow_label = ax.text(0, 0, "$\\mathbf{w}$", ha="center", va="center", fontsize=12,
                                   clip_on=True)
        self.message = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                               fontsize=10, bbox=dict(boxstyle="round", fc="white", ec="0.6"),
                               clip_on=True)
        # Markers as Line2D (set_data), which draw faster than scatter collections.
        self.targets = [
            ax.plot([], [], MARKERS[k], ms=9, color=CLASS_COLORS[k], mec="black", mew=0.6,
                    label=f"target {k}", zorder=3)[0]
            for k in (0, 1)
        ]
        (self.wrong,) = ax.plot([], [], "x", ms=12, mew=2.2, color=HIGHLIGHT_COLOR, label="wrong",
                                zorder=4)
        (self.ring,) = ax.plot([], [], "o", ms=17, mfc="none", mec="black", mew=2,
                               label="marked input", zorder=5)

        # ---- right: the activation curve ----
        (self.curve,) = axc.plot(self._z_curve, np.zeros_like(self._z_curve), color=CLASS_COLORS[0],
                                 lw=2)
        axc.axhline(0, color="0.75", lw=0.8, zorder=0)
        axc.axvline(0, color="0.75", lw=0.8, zorder=0)
        axc.set_xlim(Z_RANGE)
        axc.set_xticks(np.arange(-8, 9, 2))
        axc.set_xlabel("net input $z$")
        axc.set_ylabel("output $f(z)$")
        self.curve_points = [
            axc.plot([], [], MARKERS[k], ms=6, color=CLASS_COLORS[k], mec="black", mew=0.6,
                     zorder=3)[0]
            for k in (0, 1)
        ]
        self.z_line = axc.axvline(0.0, color=HIGHLIGHT_COLOR, lw=1.2, ls="--")
        (self.z_dot,) = axc.plot([], [], "o", ms=11, mfc=HIGHLIGHT_COLOR, mec="black", mew=1.0,
                                 zorder=4)

        # ---- legend under the panels (static) ----
        fig.legend(handles=[*self.targets, self.wrong, self.ring, self.boundary], loc="lower center",
                   bbox_to_anchor=(0.5, 0.0), ncol=5, fontsize=9, frameon=False,
                   handletextpad=0.3, columnspacing=1.5)

        # What changes between frames; the drawing layer keeps the static rest in z-order.
        self.dynamic(self.image, self.boundary, self.arrow, self.arrow_label,
                     *self.targets, self.wrong, self.ring, self.message,
                     *self.curve_points, self.z_line, self.z_dot)

    # ---- pieces of the update ----
    def _set_activation(self, act) -> None:
        """Static parts that depend on the activation: curve, scales, title (full redraw)."""
        self.curve.set_ydata(act(self._z_curve))
        self.image.set_clim(*OUTPUT_SCALE[act.name])
        self.colorbar.set_ticks(COLORBAR_TICKS[act.name])
        self.colorbar.set_label(COLORBAR_LABEL.get(act.name, "output $f(z)$"))
        self.ax_curve.set_ylim(CURVE_YLIM[act.name])
        self.ax_curve.set_title(CURVE_TITLE[act.name])
        self._activation = act.name
        self.invalidate(key=act.name)

    def _shading(self, neuron: Neuron) -> np.ndarray:
        if neuron.activation.name == "step":
            return decision_grid(neuron, EXTENT, self.resolution)
        return neuron.output(self._points).reshape(self.resolution, self.resolution)

    def _boundary(self, w1: float, w2: float, b: float) -> None:
        segment = boundary_segment((w1, w2), b, EXTENT)
        if segment is None:
            self.boundary.set_data([], [])
            self.arrow.set_visible(False)
            self.arrow_label.set_visible(False)
            self.message.set_text(NO_BOUNDARY if w1 == 0 and w2 == 0 else OFF_VIEW)
            self.message.set_visible(True)
            return
        x1s, x2s = segment
        self.boundary.set_data(x1s, x2s)
        self.message.set_visible(False)
        # w is perpendicular to the line: draw it from the middle of the visible segment.
        start = np.array([x1s.mean(), x2s.mean()])
        direction = np.array([w1, w2]) / np.hypot(w1, w2)
        end = start + ARROW_LENGTH * direction
        self.arrow.set_positions(tuple(start), tuple(end))
        self.arrow_label.set_position(tuple(end + 0.1 * direction))
        self.arrow.set_visible(True)
        self.arrow_label.set_visible(True)

    def update(self, w1: float, w2: float, b: float, activation: str = "step", gate: str = "AND",
               point: int = 3) -> None:
        """Show the neuron with weights (w1, w2), bias b and activation on the chosen gate."""
        w1, w2, b = float(w1), float(w2), float(b)
        act = get_activation(activation)
        if act.name != self._activation:
            self._set_activation(act)
        neuron = Neuron([w1, w2], b, act)
        X, y = logic_gate(gate)
        z = neuron.net_input(X)
        out = neuron.output(X)
        decision = neuron.predict(X)  # 1 where z ≥ 0: the side of the boundary
        right = decision == y

        self.image.set_data(self._shading(neuron))
        self._boundary(w1, w2, b)
        for k, line in enumerate(self.targets):
            line.set_data(X[y == k, 0], X[y == k, 1])
        self.wrong.set_data(X[~right, 0], X[~right, 1])
        x = X[point]
        self.ring.set_data([x[0]], [x[1]])

        for k, line in enumerate(self.curve_points):
            line.set_data(z[y == k], out[y == k])
        self.z_line.set_xdata([z[point], z[point]])
        self.z_dot.set_data([z[point]], [out[point]])
        self.refresh()


class NeuronExplorer(Explorer):
    """Sliders w₁, w₂, b, an activation, a logic gate and a marked input → the neuron's picture.

    Defaults (w₁, w₂, b) = (1, 0.5, −0.7) with the step activation and the AND gate: a
    sensible line that is not yet AND, so there is something to find.
    """

    def __init__(self, w1: float = 1.0, w2: float = 0.5, b: float = -0.7, activation: str = "step",
                 gate: str = "AND", point: int = 2, resolution: int = 100) -> None:
        for name, value in (("w1", w1), ("w2", w2), ("b", b)):
            check_number(name, value, *WEIGHT_RANGE)
        check_choice("activation", activation, ACTIVATIONS)
        check_choice("gate", str(gate).upper() if isinstance(gate, str) else gate, GATE_NAMES)
        check_number("point", point, 0, 3, integer=True)
        check_number("resolution", resolution, 10, 400, integer=True)
        self.view = NeuronView(resolution=resolution)
        lo, hi = WEIGHT_RANGE
        dropdown = dict(style={"description_width": "initial"}, layout=widgets.Layout(width="240px"))
        self.controls = {
            "w1": slider("w₁", w1, lo, hi),
            "w2": slider("w₂", w2, lo, hi),
            "b": slider("b", b, lo, hi),
            "activation": widgets.Dropdown(options=ACTIVATIONS, value=activation,
                                           description="activation f", **dropdown),
            "gate": widgets.Dropdown(options=GATE_NAMES, value=str(gate).upper(),
                                     description="gate", **dropdown),
            "point": widgets.Dropdown(options=list(zip(POINT_LABELS, range(4))), value=point,
                                      description="marked input x", **dropdown),
        }
        # The numbers go in an HTML widget: cheap to update, unlike text drawn on the canvas.
        self.readout = widgets.HTML(layout=widgets.Layout(width="400px", margin="0 0 0 16px"))
        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([widgets.VBox([c["w1"], c["w2"], c["b"]]),
                          widgets.VBox([c["activation"], c["gate"], c["point"]]),
                          self.readout]),
            canvas_widget(self.view),
        ])
        self._wire()
        self.update()

    def update(self) -> None:
        """Redraw the figure and rewrite the readout from the controls' current values."""
        values = self.values()
        self.view.update(**values)
        self.readout.value = readout_html(**values)
