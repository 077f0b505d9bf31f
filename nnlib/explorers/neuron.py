"""Notebook 01's explorer: one neuron, its boundary in the input plane, its activation curve.

Left: the input plane shaded by the neuron's output f(w·x + b), the boundary line
w₁x₁ + w₂x₂ + b = 0 with the weight vector w drawn perpendicular to it, and the four
logic-gate inputs coloured by the chosen gate's target. Right: the activation f(z) with the
net input z of the marked input shown on it. Beside the controls, an HTML readout: z worked
out with numbers and a truth table of the four inputs against the gate. (Numbers live in a
widget, not on the canvas: Agg renders text glyph by glyph on every blit, ~0.08 ms a glyph.)

Each move: the control values → one `NeuronState` (`neuron_state`, computed once) → the view
draws it (`NeuronView.show`) and the readout formats it (`readout_html`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.patches import FancyArrowPatch

from .._format import bracketed, number
from ..activations import ACTIVATION_INFO, get_activation
from ..datasets import GATES, logic_gate
from ..linear import Neuron
from ..plotting import (BOUNDARY_COLOR, CLASS_COLORS, HIGHLIGHT_COLOR, MARKERS, boundary_segment,
                        grid, region_cmap)
from ._base import Control, Explorer, LiveFigure, TextStamp, check_number, check_values
from ._render import GridImage

EXTENT = (-0.5, 1.5, -0.5, 1.5)  # x₁ from −0.5 to 1.5, x₂ likewise
WEIGHT_RANGE = (-3.0, 3.0)
# |z| ≤ |w₁| + |w₂| + |b| ≤ 9 at the four inputs, so the curve panel always shows the marked z.
Z_MAX = 9.0
# The shading's colour scale: an unbounded output (linear, ReLU) is clipped at ±3.
SHADE_Z_MAX = 3.0
ACTIVATIONS = ("step", "linear", "sigmoid", "tanh", "relu")
GATE_NAMES = tuple(GATES)
POINT_LABELS = ("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)")
NO_BOUNDARY = "no boundary:\nthe output is the same everywhere"
OFF_VIEW = "the boundary line lies\noutside this view"
ARROW_LENGTH = 0.35  # data units; only the direction of w is drawn to scale
LABEL_BOX = (-0.44, 1.44, -0.44, 1.44)  # where the label "w" fits inside the plane

#: The controls, declared once: a column of weights, a column of choices (the readout follows).
WEIGHTS = tuple(Control(name, "float", label, *WEIGHT_RANGE)
                for name, label in (("w1", "w₁"), ("w2", "w₂"), ("b", "b")))
CHOICES = (Control("activation", "choice", "activation f", options=ACTIVATIONS),
           Control("gate", "choice", "gate", options=GATE_NAMES),
           Control("point", "choice", "marked input x", options=tuple(zip(POINT_LABELS, range(4)))))
CONTROLS = [[WEIGHTS, CHOICES]]


def output_cmap() -> LinearSegmentedColormap:
    """Pale class-0 blue → white → pale class-1 orange; its ends are region_cmap(2)'s colours."""
    low, high = region_cmap(2).colors[:2]
    return LinearSegmentedColormap.from_list("neuron_output", [low, (1.0, 1.0, 1.0, 1.0), high])


# ---- pure compute -----------------------------------------------------------------------------
@dataclass(frozen=True)
class NeuronState:
    """Everything one frame shows: the neuron's numbers on the four inputs and on the plane."""

    w1: float
    w2: float
    b: float
    activation: str
    gate: str
    point: int              # the marked input, a row of X
    X: np.ndarray           # (4, 2) the gate's inputs
    y: np.ndarray           # (4,) the gate's targets
    z: np.ndarray           # (4,) net inputs
    out: np.ndarray         # (4,) outputs f(z)
    decision: np.ndarray    # (4,) 1 where z ≥ 0 (nnlib.zero): the side of the boundary
    shading: np.ndarray     # (resolution, resolution) f on the plane (row 0 at the bottom)
    boundary: tuple | None  # (x₁s, x₂s) of the visible boundary segment, None if none is seen
    arrow: tuple | None     # (start, end, label position or None) of the weight arrow
    message: str            # "" or why no boundary is drawn

    @property
    def right(self) -> np.ndarray:
        """(4,) True where the decision is the gate's target."""
        return self.decision == self.y


@lru_cache(maxsize=4)
def _plane(resolution: int) -> np.ndarray:
    points = grid(EXTENT, resolution)
    points.setflags(write=False)
    return points


def neuron_state(w1: float, w2: float, b: float, activation: str = "step", gate: str = "AND",
                 point: int = 2, resolution: int = 100) -> NeuronState:
    """The neuron f(w₁x₁ + w₂x₂ + b) on the gate's four inputs and on the input plane."""
    w1, w2, b = float(w1), float(w2), float(b)
    neuron = Neuron([w1, w2], b, get_activation(activation))
    X, y = logic_gate(gate)
    z, out, decision = neuron.net_input(X), neuron.output(X), neuron.predict(X)
    # A step output is the decision itself (nnlib.zero), so its shading is the decision grid.
    shading = neuron.output(_plane(resolution)).reshape(resolution, resolution)
    segment = boundary_segment((w1, w2), b, EXTENT)
    if segment is None:
        arrow, message = None, NO_BOUNDARY if w1 == 0 and w2 == 0 else OFF_VIEW
    else:
        # w is perpendicular to the line: drawn from the middle of the visible segment.
        start = np.array([segment[0].mean(), segment[1].mean()])
        direction = np.array([w1, w2]) / np.hypot(w1, w2)
        end = start + ARROW_LENGTH * direction
        label = end + 0.1 * direction
        x_lo, x_hi, y_lo, y_hi = LABEL_BOX
        inside = x_lo <= label[0] <= x_hi and y_lo <= label[1] <= y_hi
        # The label is drawn only where it lies wholly inside the plane (the arrow is clipped).
        arrow, message = (tuple(start), tuple(end), tuple(label) if inside else None), ""
    return NeuronState(w1, w2, b, activation, gate, int(point), X, y, z, out, decision, shading,
                       segment, arrow, message)


@lru_cache(maxsize=len(ACTIVATIONS))
def activation_curve(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(z, f(z)) over the curve panel's z range, computed once per activation."""
    z = np.linspace(-Z_MAX, Z_MAX, 721)
    return z, get_activation(name)(z)


# ---- readout ----------------------------------------------------------------------------------
# Inline on every cell, not a <style> element: a new <style> in each update makes the page
# recompute the styles of the whole of JupyterLab after every slider move.
_CELL = 'style="padding:0 7px; text-align:right; border-bottom:1px solid #ddd"'


def readout_html(state: NeuronState) -> str:
    """The numbers behind the picture, as HTML: z worked out for the marked input, and a
    truth table of all four inputs against the gate (decision 1 where z ≥ 0)."""
    s = state
    out_decimals = 0 if s.activation == "step" else 2
    rows = []
    for i, (xi, zi, fi, di, ti, ok) in enumerate(zip(s.X, s.z, s.out, s.decision, s.y, s.right)):
        mark = (f'<span style="color:{CLASS_COLORS[2]}">✓</span>' if ok
                else f'<span style="color:{HIGHLIGHT_COLOR}">✗</span>')
        style = ' style="background:#fbe3d6; font-weight:bold"' if i == s.point else ""
        cells = [f"{int(xi[0])}", f"{int(xi[1])}", number(zi, decimals=2),
                 number(fi, decimals=out_decimals), f"{di}", f"{ti}", mark]
        rows.append(f"<tr{style}>" + "".join(f"<td {_CELL}>{c}</td>" for c in cells) + "</tr>")
    head = ["x₁", "x₂", "z", "f(z)", "decision", s.gate, ""]
    n_right = int(s.right.sum())
    verdict = (f"<b>{s.gate}: 4 of 4 right ✓</b> this neuron computes {s.gate}" if n_right == 4
               else f"<b>{s.gate}: {n_right} of 4 right</b>")
    x, p = s.X[s.point], s.point
    return (
        f'<div class="nnlib-neuron-readout" style="font-size:13px; line-height:1.4">'
        f"marked input x = {POINT_LABELS[p]}:<br>"
        f"z = w₁x₁ + w₂x₂ + b = {bracketed(s.w1, decimals=2)}·{int(x[0])} + "
        f"{bracketed(s.w2, decimals=2)}·{int(x[1])} + {bracketed(s.b, decimals=2)}"
        f" = <b>{number(s.z[p], decimals=2)}</b>, "
        # f(z) and its value stay on one line (they used to break apart at "f(z) =").
        f'<span style="white-space:nowrap">f(z) = <b>{number(s.out[p], decimals=out_decimals)}</b></span>'
        '<table style="border-collapse:collapse; margin:4px 0">'
        "<tr>" + "".join(f"<th {_CELL}>{h}</th>" for h in head) + "</tr>"
        + "".join(rows) + "</table>"
        f"{verdict} &nbsp;(decision 1 where z ≥ 0)</div>"
    )


# ---- view -------------------------------------------------------------------------------------
class NeuronView(LiveFigure):
    """The two panels and the legend under them; `show(state)` only changes artist data."""

    def __init__(self, resolution: int = 100) -> None:
        super().__init__(figsize=(9.2, 3.7))
        self.resolution = resolution
        self._activation: str | None = None
        gs = self.fig.add_gridspec(1, 2, width_ratios=(1.0, 1.05), left=0.07, right=0.98,
                                   bottom=0.24, top=0.91, wspace=0.45)
        self.ax_plane = self.fig.add_subplot(gs[0])
        self.ax_curve = self.fig.add_subplot(gs[1])
        self._build_plane(self.ax_plane)
        self._build_curve(self.ax_curve)
        self._build_legend()
        # What changes between frames; the drawing layer keeps the static rest in z-order.
        self.dynamic(self.shading, self.boundary, self.arrow, self.arrow_label.image,
                     *self.targets, self.wrong, self.ring, self.message.image,
                     *self.curve_points, self.z_line, self.z_dot)

    def _build_plane(self, ax) -> None:
        """Left panel: the shaded input plane, the boundary, w, the four inputs."""
        # The shading is painted pixel by pixel (GridImage): an imshow of the same grid costs
        # ~7 ms a frame to resample, the painted one well under 1 ms. It paints positions on
        # the colour scale, [0, 1]; the colour bar (a ScalarMappable on [0, 1]) is labelled in
        # output units (`clim`), so a new activation relabels it instead of rebuilding it
        # (Colorbar.update_normal costs ~10 ms).
        blank = np.zeros((self.resolution, self.resolution))
        self.shading = GridImage(ax, output_cmap(), 2, blank, levels=256)
        ax.add_artist(self.shading)
        self.scale = ScalarMappable(Normalize(0.0, 1.0), output_cmap())
        self.clim = (0.0, 1.0)  # the outputs at the two ends of the colour scale
        self.colorbar = self.fig.colorbar(self.scale, ax=ax, fraction=0.046, pad=0.03)
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
        # Texts from cached bitmaps (TextStamp): a Text is laid out and rasterised on every
        # frame (the two cost ~2–4 ms of a frame), a stamp is pasted (~0.01 ms).
        self.arrow_label = TextStamp(ax, 0.0, 0.0, boxed=False, transform=ax.transData, fontsize=12)
        self.message = TextStamp(ax, 0.5, 0.5, boxed=dict(boxstyle="round", fc="white", ec="0.6"),
                                 fontsize=10)
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

    def _build_curve(self, ax) -> None:
        """Right panel: the activation curve, the four z on it, the marked z."""
        z = activation_curve(ACTIVATIONS[0])[0]
        (self.curve,) = ax.plot(z, np.zeros_like(z), color=CLASS_COLORS[0], lw=2)
        ax.axhline(0, color="0.75", lw=0.8, zorder=0)
        ax.axvline(0, color="0.75", lw=0.8, zorder=0)
        ax.set_xlim(-Z_MAX, Z_MAX)
        ax.set_xticks(np.arange(-8, 9, 2))
        ax.set_xlabel("net input $z$")
        ax.set_ylabel("output $f(z)$")
        self.curve_points = [
            ax.plot([], [], MARKERS[k], ms=6, color=CLASS_COLORS[k], mec="black", mew=0.6,
                    zorder=3)[0]
            for k in (0, 1)
        ]
        self.z_line = ax.axvline(0.0, color=HIGHLIGHT_COLOR, lw=1.2, ls="--")
        (self.z_dot,) = ax.plot([], [], "o", ms=11, mfc=HIGHLIGHT_COLOR, mec="black", mew=1.0,
                                zorder=4)

    def _build_legend(self) -> None:
        """The legend under the panels (static)."""
        self.fig.legend(handles=[*self.targets, self.wrong, self.ring, self.boundary],
                        loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=5, fontsize=9,
                        frameon=False, handletextpad=0.3, columnspacing=1.5)

    def _set_activation(self, name: str) -> None:
        """Static parts that depend on the activation: curve, scales, title (full redraw)."""
        info = ACTIVATION_INFO[name]
        self.curve.set_ydata(activation_curve(name)[1])
        self.clim = lo, hi = info.scale(SHADE_Z_MAX)
        ticks = info.colorbar_ticks(SHADE_Z_MAX)
        self.colorbar.set_ticks([(t - lo) / (hi - lo) for t in ticks], labels=[number(t) for t in ticks])
        self.colorbar.set_label(info.colorbar_label(SHADE_Z_MAX))
        self.ax_curve.set_ylim(info.ylim(Z_MAX))
        self.ax_curve.set_title(f"{info.label}: {info.inline}")
        self._activation = name
        self.invalidate(key=name)

    def show(self, s: NeuronState) -> None:
        """Draw one state of the neuron."""
        if s.activation != self._activation:
            self._set_activation(s.activation)
        lo, hi = self.clim
        self.shading.set_grid((s.shading - lo) / (hi - lo))  # the place on the colour scale
        if s.boundary is None:
            self.boundary.set_data([], [])
        else:
            self.boundary.set_data(*s.boundary)
        self.arrow.set_visible(s.arrow is not None)
        if s.arrow is not None:
            start, end, label = s.arrow
            self.arrow.set_positions(start, end)
        if s.arrow is not None and label is not None:
            self.arrow_label.set_position(label)
            self.arrow_label.set_text("$\\mathbf{w}$")
        else:
            self.arrow_label.set_text("")
        self.message.set_text(s.message)
        X, y = s.X, s.y
        for k, line in enumerate(self.targets):
            line.set_data(X[y == k, 0], X[y == k, 1])
        self.wrong.set_data(X[~s.right, 0], X[~s.right, 1])
        self.ring.set_data([X[s.point, 0]], [X[s.point, 1]])
        for k, line in enumerate(self.curve_points):
            line.set_data(s.z[y == k], s.out[y == k])
        zp = s.z[s.point]
        self.z_line.set_xdata([zp, zp])
        self.z_dot.set_data([zp], [s.out[s.point]])
        self.refresh()


# ---- explorer ---------------------------------------------------------------------------------
class NeuronExplorer(Explorer):
    """Sliders w₁, w₂, b, an activation, a logic gate and a marked input → the neuron's picture.

    Defaults (w₁, w₂, b) = (1, 0.5, −0.7) with the step activation and the AND gate: a
    sensible line that is not yet AND, so there is something to find.
    """

    def __init__(self, w1: float = 1.0, w2: float = 0.5, b: float = -0.7, activation: str = "step",
                 gate: str = "AND", point: int = 2, resolution: int = 100) -> None:
        values = dict(w1=w1, w2=w2, b=b, activation=activation,
                      gate=gate.upper() if isinstance(gate, str) else gate, point=point)
        check_values(CONTROLS, **values)
        check_number("resolution", resolution, 10, 400, integer=True)
        self.resolution = resolution
        self.view = NeuronView(resolution=resolution)
        # The numbers go in an HTML widget: cheap to update, unlike text drawn on the canvas.
        self.readout = widgets.HTML(layout=widgets.Layout(width="400px", margin="0 0 0 16px"))
        self.build([[WEIGHTS, CHOICES, self.readout]], values)
        self.update()

    def update(self) -> None:
        """One state from the controls' values, drawn by the view and written by the readout."""
        self.state = neuron_state(**self.values(), resolution=self.resolution)
        self.view.show(self.state)
        self.readout.value = readout_html(self.state)
