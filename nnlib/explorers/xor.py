"""Explorer for notebook 05: all nine weights of a 2-2-1 network that can compute XOR.

Index convention (the same as `MLP.coefs_[0]`, whose rows are inputs and columns hidden
units): w_ij is the weight from input x_i to hidden unit h_j, so hidden unit j computes
    h_j = f(w_1j x_1 + w_2j x_2 + b_j)
and the output unit computes z = v_1 h_1 + v_2 h_2 + c, ŷ = 1 when σ(z) > 0.5, i.e. z > 0.

Three layers, kept apart:
- `XORNetwork.state(params, activation)` is pure compute (nnlib models, `decision_grid`,
  `boundary_segment`): one immutable `XORState` per move;
- the wording (`truth_table_cells`, `edge_value`, `point_labels`, ...) turns a state into text;
- `XORNetworkView` creates every artist once, one builder per panel; `draw(state)` only
  changes artist data; `XORNetworkExplorer` declares the controls and makes the states.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.patches as mpatches
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator

from .. import zero
from .._format import number
from ..datasets import logic_gate
from ..mlp import MLP
from ..plotting import BOUNDARY_COLOR, CLASS_COLORS, MARKERS, boundary_segment, decision_grid, region_cmap
from ._base import Control, Explorer, LiveFigure, TextStamp, check_number, check_values
from ._render import GridImage

# ---- the parameters ---------------------------------------------------------------------------
PARAMS = ("w11", "w21", "b1", "w12", "w22", "b2", "v1", "v2", "c")
SOLUTION = {"w11": 1.0, "w21": 1.0, "b1": -0.5,    # h1 = OR(x1, x2)
            "w12": -1.0, "w22": -1.0, "b2": 1.5,   # h2 = NAND(x1, x2)
            "v1": 1.0, "v2": 1.0, "c": -1.5}       # y  = AND(h1, h2)
SYMBOLS = {"w11": "w₁₁", "w21": "w₂₁", "b1": "b₁", "w12": "w₁₂", "w22": "w₂₂", "b2": "b₂",
           "v1": "v₁", "v2": "v₂", "c": "c"}
DESCRIPTIONS = {"w11": "w₁₁ (x₁→h₁)", "w21": "w₂₁ (x₂→h₁)", "b1": "b₁ (bias of h₁)",
                "w12": "w₁₂ (x₁→h₂)", "w22": "w₂₂ (x₂→h₂)", "b2": "b₂ (bias of h₂)",
                "v1": "v₁ (h₁→ŷ)", "v2": "v₂ (h₂→ŷ)", "c": "c (bias of ŷ)"}
HIDDEN_ACTIVATIONS = ("step", "sigmoid", "tanh", "relu")
WEIGHT_RANGE = (-10.0, 10.0)

INPUT_EXTENT = (-0.5, 1.5, -0.5, 1.5)
X_XOR, Y_XOR = logic_gate("XOR")
POINT_NAMES = ("(0,0)", "(0,1)", "(1,0)", "(1,1)")

HIDDEN_COLORS = (CLASS_COLORS[2], CLASS_COLORS[3])     # h1 green, h2 pink: not class colours
POSITIVE_COLOR, NEGATIVE_COLOR = CLASS_COLORS[0], CLASS_COLORS[5]  # blue +, vermillion −
WRONG_COLOR = CLASS_COLORS[5]
_EMPTY = np.empty(0)
RELU_SIZES = (1.25, 2.5, 5.0, 10.0, 20.0, 40.0)


def split_params(params: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(W1, b1, v, c) from the nine named values; W1[i, j] = w_(i+1)(j+1)."""
    W1 = np.array([[params["w11"], params["w12"]], [params["w21"], params["w22"]]], dtype=float)
    return W1, np.array([params["b1"], params["b2"]], float), \
        np.array([params["v1"], params["v2"]], float), float(params["c"])


def hidden_extent(activation: str, H: np.ndarray) -> tuple[float, float, float, float]:
    """A fixed box for the hidden space: the activation's range (ReLU: a size that fits H)."""
    if activation == "tanh":
        return (-1.25, 1.25, -1.25, 1.25)
    if activation == "relu":
        top = float(np.max(H))
        size = next((s for s in RELU_SIZES if top <= 0.8 * s), RELU_SIZES[-1])  # room for labels
        return (-0.2 * size, size, -0.2 * size, size)
    return (-0.25, 1.25, -0.25, 1.25)


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _within(a, b, c, eps: float) -> bool:
    return (min(a[0], b[0]) - eps <= c[0] <= max(a[0], b[0]) + eps and
            min(a[1], b[1]) - eps <= c[1] <= max(a[1], b[1]) + eps)


def segments_meet(p1, p2, q1, q2, eps: float = 1e-9) -> bool:
    """True when the segments p1p2 and q1q2 share a point (end points and overlaps included)."""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    if ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and \
       ((d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps)):
        return True
    return any(abs(d) <= eps and _within(a, b, c, eps) for d, a, b, c in
               ((d1, q1, q2, p1), (d2, q1, q2, p2), (d3, p1, p2, q1), (d4, p1, p2, q2)))


def xor_separable(points: np.ndarray) -> bool:
    """Can one line separate XOR's two classes, placed at `points` (rows (0,0), (0,1), (1,0), (1,1))?

    With two points per class, the classes' convex hulls are the segments joining them, and
    two finite sets are separable by a line exactly when those hulls do not meet.
    """
    P = np.asarray(points, float)
    scale = max(1.0, float(np.max(np.abs(P))))
    return not segments_meet(P[1], P[2], P[0], P[3], eps=1e-9 * scale * scale)


def half_plane_polygon(w, b: float, extent) -> np.ndarray:
    """Corners of the part of the box `extent` where w₁x₁ + w₂x₂ + b > 0 (shape (k, 2), k may be 0).

    The exact region of one unit (a half-plane), clipped to the box: cheaper to draw than a
    grid of predictions, and it is the same region `decision_grid` shades for that unit.
    """
    x0, x1, y0, y1 = extent
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], float)
    w = np.asarray(w, float)
    values = corners @ w + b
    out = []
    for i in range(4):  # Sutherland–Hodgman against one line
        p, q, fp, fq = corners[i], corners[(i + 1) % 4], values[i], values[(i + 1) % 4]
        if fp > 0:
            out.append(p)
        if (fp > 0) != (fq > 0) and fp != fq:
            out.append(p + (q - p) * fp / (fp - fq))
    return np.array(out, float).reshape(-1, 2)


def hand_set_mlp(activation: str = "step") -> MLP:
    """A 2-2-1 MLP (sigmoid output) ready for hand-set weights."""
    return MLP((2,), activation=activation, output="sigmoid").initialize(2, 2)


@dataclass(frozen=True)
class XORState:
    """Everything the view shows, for one setting of the nine parameters and the activation."""

    params: tuple[tuple[str, float], ...]  # the nine values, in PARAMS order
    W1: np.ndarray
    b1: np.ndarray
    v: np.ndarray
    c: float
    activation: str
    H: np.ndarray              # (4, 2): hidden activations of the four XOR inputs
    z: np.ndarray              # (4,): output net input
    z_is_zero: np.ndarray      # (4,): z within rounding of 0 (nnlib.zero), shown as 0
    y_hat: np.ndarray          # (4,): the network's predictions
    region: np.ndarray         # decision_grid of the whole network over INPUT_EXTENT
    hidden_box: tuple
    hidden_polygon: np.ndarray  # where the output unit says 1 in the hidden space (a half-plane)
    hidden_segments: tuple     # per hidden unit: boundary_segment in the input plane, or None
    output_segment: object     # the output unit's line in the hidden space, or None
    separable: bool            # can any line separate the classes in the hidden space?

    @property
    def n_correct(self) -> int:
        return int(np.sum(self.y_hat == Y_XOR))

    @property
    def values(self) -> dict[str, float]:
        """The nine parameters by name."""
        return dict(self.params)


class XORNetwork:
    """Pure compute: one hand-set 2-2-1 MLP per hidden activation, and what the view shows."""

    def __init__(self, resolution: int = 100) -> None:
        self.resolution = resolution
        self.models = {name: hand_set_mlp(name) for name in HIDDEN_ACTIVATIONS}

    def model(self, params: dict, activation: str = "step") -> MLP:
        """The network with these weights (the same object each call, weights replaced)."""
        W1, b1, v, c = split_params(params)
        net = self.models[activation]
        net.coefs_ = [W1, v.reshape(2, 1)]
        net.intercepts_ = [b1, np.array([c])]
        return net

    def state(self, params: dict, activation: str = "step") -> XORState:
        """The state of the network with these parameters (missing ones: the solution's)."""
        values = {**SOLUTION, **{k: float(params[k]) for k in PARAMS if k in params}}
        net = self.model(values, activation)
        W1, b1, v, c = split_params(values)
        zs, activations = net.forward(X_XOR)
        H, z = activations[1], zs[-1].ravel()
        _, size = zero.net_input(H, v, c)
        box = hidden_extent(activation, H)
        arrays = dict(W1=W1, b1=b1, v=v, H=H, z=z, z_is_zero=zero.is_zero(z, size), y_hat=net.predict(X_XOR),
                      region=decision_grid(net, INPUT_EXTENT, self.resolution),
                      hidden_polygon=half_plane_polygon(v, c, box))
        for array in arrays.values():
            array.setflags(write=False)
        return XORState(
            params=tuple((k, values[k]) for k in PARAMS), c=c, activation=activation, hidden_box=box,
            hidden_segments=tuple(boundary_segment(W1[:, j], b1[j], INPUT_EXTENT) for j in range(2)),
            output_segment=boundary_segment(v, c, box), separable=xor_separable(H), **arrays)


# ---- the wording: a state as text -----------------------------------------------------------------
TABLE_COLUMNS = ("x1", "x2", "target", "h1", "h2", "z", "y", "mark")
TABLE_HEADER = {"x1": "x₁", "x2": "x₂", "target": "XOR", "h1": "h₁", "h2": "h₂", "z": "z", "y": "ŷ", "mark": ""}
TABLE_WIDTHS = {"x1": 3, "x2": 4, "target": 6, "h1": 9, "h2": 9, "z": 10, "y": 4, "mark": 3}  # characters
TABLE_FONTSIZE = 9
LIVE_COLUMNS = ("h1", "h2", "z", "y", "mark")  # the columns that change with the sliders


def truth_table_cells(state: XORState) -> list[dict[str, str]]:
    """The truth table as text, one dict per input (keys TABLE_COLUMNS)."""
    rows = []
    for x, h, z, z_zero, yh, t in zip(X_XOR, state.H, state.z, state.z_is_zero, state.y_hat, Y_XOR):
        rows.append({"x1": number(x[0]), "x2": number(x[1]), "target": f"{t:d}",
                     "h1": number(h[0], 2), "h2": number(h[1], 2), "z": number(0.0 if z_zero else z, 2),
                     "y": f"{yh:d}", "mark": "✓" if yh == t else "✗"})
    return rows


def table_header() -> str:
    """The truth table's header, its columns right-aligned in TABLE_WIDTHS characters."""
    return "".join(f"{TABLE_HEADER[c]:>{TABLE_WIDTHS[c]}}" for c in TABLE_COLUMNS)


def truth_table_rows(state: XORState) -> list[str]:
    """One line of text per input, aligned as the header."""
    return ["".join(f"{row[c]:>{TABLE_WIDTHS[c]}}" for c in TABLE_COLUMNS) for row in truth_table_cells(state)]


def truth_table_summary(state: XORState) -> str:
    n = state.n_correct
    return f"{n}/4 correct" + (": the network computes XOR" if n == 4 else "")


def truth_table_text(state: XORState) -> str:
    """The truth table as aligned plain text (for printing)."""
    return "\n".join([table_header().rstrip(), *truth_table_rows(state), truth_table_summary(state)])


def edge_value(value: float) -> str:
    """A weight's value on its edge (after its fixed name 'w₁₁='): exact on the slider's 0.1 grid."""
    return number(value, 2)


def input_plane_message(state: XORState) -> str:
    """What panel (a) says about hidden units whose line it does not show ('' when both show)."""
    messages = []
    for j, seg in enumerate(state.hidden_segments):
        sub, w = "₁₂"[j], state.W1[:, j]
        if seg is not None:
            continue
        if abs(w[0]) < 1e-12 and abs(w[1]) < 1e-12:
            messages.append(f"h{sub}: w₁{sub} = w₂{sub} = 0, no line (h{sub} is the same everywhere)")
        else:
            messages.append(f"h{sub}'s line lies outside this view")
    return "\n".join(messages)


def unit_label_position(state: XORState, j: int) -> tuple[float, float] | None:
    """Where "h_j on" goes: off the middle of unit j's line, on the side where the unit is on."""
    seg = state.hidden_segments[j]
    if seg is None:
        return None
    w = state.W1[:, j]
    span = INPUT_EXTENT[1] - INPUT_EXTENT[0]
    pos = np.clip(np.array([seg[0].mean(), seg[1].mean()]) + 0.09 * span * w / np.linalg.norm(w), -0.4, 1.4)
    return float(pos[0]), float(pos[1])


def point_labels(state: XORState) -> list[tuple[str, tuple[float, float], tuple]]:
    """Per input: (label, position, (ha, va, offset in points)) in the hidden space.

    Inputs that land on (nearly) the same spot share one label (the others get ''); labels sit
    away from the middle of the box, so they stay inside it and off the links.
    """
    H, box = state.H, state.hidden_box
    near = 0.03 * (box[1] - box[0])
    done: set[int] = set()
    out = []
    for i in range(4):
        position = (float(H[i, 0]), float(H[i, 1]))
        right = H[i, 0] > 0.5 * (box[0] + box[1])
        low = H[i, 1] < 0.5 * (box[2] + box[3])
        alignment = ("right" if right else "left", "top" if low else "bottom", (-6 if right else 6, -7 if low else 6))
        if i in done:
            out.append(("", position, alignment))
            continue
        same = [k for k in range(4) if k not in done and np.max(np.abs(H[k] - H[i])) < near]
        done.update(same)
        out.append((" = ".join(POINT_NAMES[k] for k in same), position, alignment))
    return out


def hidden_space_message(state: XORState) -> str:
    """What panel (b) says when it shows no output line ('' when it does)."""
    if state.output_segment is not None:
        return ""
    if abs(state.v[0]) < 1e-12 and abs(state.v[1]) < 1e-12:
        return "v₁ = v₂ = 0: ŷ ignores the hidden units (no line)"
    return "ŷ's line lies outside this view"


def separability(state: XORState) -> tuple[str, str]:
    """(text, colour) of panel (b)'s verdict."""
    if state.separable:
        return "linearly separable ✓", "black"
    return "not linearly separable ✗", WRONG_COLOR


# ---- the view ---------------------------------------------------------------------------------
# Network diagram layout in axes coordinates (0..1).
NODES = {"x1": (0.08, 0.80), "x2": (0.08, 0.48), "one_in": (0.08, 0.16),
         "h1": (0.55, 0.80), "h2": (0.55, 0.48), "one_hid": (0.55, 0.16), "y": (0.92, 0.64)}
# parameter: (from node, to node, where along the edge its value is written)
EDGES = {"w11": ("x1", "h1", 0.5), "w21": ("x2", "h1", 0.2), "b1": ("one_in", "h1", 0.8),
         "w12": ("x1", "h2", 0.2), "w22": ("x2", "h2", 0.5), "b2": ("one_in", "h2", 0.45),
         "v1": ("h1", "y", 0.5), "v2": ("h2", "y", 0.5), "c": ("one_hid", "y", 0.5)}
NODE_SIZE = 650  # scatter marker area in pt²
NODE_NAMES = {"x1": "x₁", "x2": "x₂", "one_in": "+1", "h1": "h₁", "h2": "h₂", "one_hid": "+1", "y": "ŷ"}
ACTIVATION_NOTES = {"step": "step: h is 0 or 1, so every input lands on a corner of the square.",
                    "sigmoid": "sigmoid: h = σ(z) lies strictly between 0 and 1.",
                    "tanh": "tanh: h lies strictly between −1 and 1.",
                    "relu": "ReLU: h = max(0, z) has no upper limit."}


def edge_width(value: float) -> float:
    """Line width ∝ |weight| (1.5 pt per unit), capped so large weights stay readable."""
    return float(min(1.5 * abs(value), 9.0))


def edge_style(value: float) -> tuple[str, float, str]:
    """(colour, width, line style) of a weight's edge: blue +, vermillion −, dotted grey 0."""
    if abs(value) < 1e-12:
        return ("0.7", 0.8, ":")
    return (POSITIVE_COLOR if value > 0 else NEGATIVE_COLOR, max(edge_width(value), 0.6), "-")


class XORNetworkView(LiveFigure):
    """Input plane, hidden space, network diagram and truth table of a 2-2-1 network."""

    def __init__(self, resolution: int = 100, figsize=(9.5, 5.8)) -> None:
        super().__init__(figsize=figsize)
        self.cmap = region_cmap(2)
        gs = self.fig.add_gridspec(2, 2, height_ratios=(1.1, 1.0), left=0.08, right=0.985, bottom=0.03,
                                   top=0.95, hspace=0.4, wspace=0.2)
        self.ax_in = self.fig.add_subplot(gs[0, 0])
        self.ax_hid = self.fig.add_subplot(gs[0, 1])
        self.ax_net = self.fig.add_subplot(gs[1, 0])
        self.ax_tab = self.fig.add_subplot(gs[1, 1])
        self._build_input_plane(resolution)
        self._build_hidden_space()
        self._build_diagram()
        self._build_table()
        self.state: XORState | None = None

    # -- what a frame changes --
    # Every text that changes with the sliders is a TextStamp: each distinct string is laid out
    # and rasterised once, then pasted as a bitmap (a matplotlib Text costs ~1 ms per draw).
    def _show(self, stamp: TextStamp, text: str, color: str = "black") -> None:
        """Set a stamp's string and colour (hidden when empty); a no-op when neither changed."""
        self.set(stamp.image, "text", (text, color), lambda v: stamp.set_text(*v))

    def _message(self, ax) -> TextStamp:
        return TextStamp(ax, 0.5, 0.03, va="bottom", fontsize=8.5,
                         boxed=dict(boxstyle="round", fc="white", ec="0.6"))

    # -- building (once), one builder per panel --
    def _build_input_plane(self, resolution: int) -> None:
        """(a): the network's decision (shading), the four inputs, the hidden units' lines."""
        ax = self.ax_in
        # The shading: decision_grid painted in region_cmap(2)'s colours (see GridImage).
        self.region = GridImage(ax, self.cmap, 2, np.zeros((resolution, resolution), int))
        ax.add_artist(self.region)
        # The four inputs, as plot_data(..., s=70) would draw them, but as lines of markers: they are
        # redrawn with the shading on every frame, and a scatter costs ~1.3 ms more per draw.
        self.input_points = [
            ax.plot(*X_XOR[Y_XOR == k].T, ls="none", marker=MARKERS[k], ms=np.sqrt(70), color=CLASS_COLORS[k],
                    mec="black", mew=0.6, zorder=3, label=f"XOR = {k}")[0] for k in (0, 1)]
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        self.hidden_lines, self.hidden_labels = [], []
        for j, (color, style) in enumerate(zip(HIDDEN_COLORS, ("-", "--"))):
            line, = ax.plot([], [], color=color, lw=2.2, ls=style, label=f"$h_{j + 1}$'s line $z_{j + 1} = 0$")
            label = TextStamp(ax, 0.0, 0.0, boxed=False, transform=ax.transData, fontsize=9, fontweight="bold")
            self.hidden_lines.append(line)
            self.hidden_labels.append(label)
        self.input_message = self._message(ax)
        ax.set_xlim(INPUT_EXTENT[:2])
        ax.set_ylim(INPUT_EXTENT[2:])
        ax.xaxis.set_major_locator(MultipleLocator(0.5))
        ax.yaxis.set_major_locator(MultipleLocator(0.5))
        ax.set_title("(a) input plane: ŷ (shading) and the hidden units' lines", fontsize=10)
        # The shading is redrawn on every frame, so whatever lies on top of it (points, frame)
        # is redrawn with it. (The legend is in panel (d), where nothing moves under it.)
        self.dynamic(self.region, *self.input_points, *self.hidden_lines,
                     *(label.image for label in self.hidden_labels), self.input_message.image)

    def _build_hidden_space(self) -> None:
        """(b): the inputs mapped to (h₁, h₂), the output unit's line and side, separability."""
        ax = self.ax_hid
        box = hidden_extent("step", np.zeros((4, 2)))
        ax.set_facecolor(self.cmap(0))  # class 0 everywhere, class 1 where the polygon is
        self.hidden_region = mpatches.Polygon(np.zeros((3, 2)), closed=True, fc=self.cmap(1), ec="none",
                                              zorder=0.5)
        ax.add_patch(self.hidden_region)
        self.output_line, = ax.plot([], [], color=BOUNDARY_COLOR, lw=2, zorder=1.5)
        # Segments joining the two points of each class: they meet <=> not linearly separable.
        self.class_links = [ax.plot([], [], color=CLASS_COLORS[k], lw=1.3, ls=":", zorder=2)[0] for k in (0, 1)]
        # Lines of markers, as in (a).
        self.hidden_points = [
            ax.plot([], [], ls="none", marker=MARKERS[k], ms=np.sqrt(70), color=CLASS_COLORS[k],
                    mec="black", mew=0.6, zorder=3)[0] for k in (0, 1)]
        self.point_labels = [TextStamp(ax, 0.0, 0.0, boxed=False, transform=ax.transData, fontsize=8)
                             for _ in range(4)]
        self.hidden_message = self._message(ax)
        ax.set_xlim(box[:2])
        ax.set_ylim(box[2:])
        ax.set_xlabel("$h_1$")
        ax.set_ylabel("$h_2$")
        ax.set_title("(b) hidden space $(h_1, h_2)$", fontsize=10, loc="left")
        # Above the axes, so points never move under it.
        self.separable_text = TextStamp(ax, 1.0, 1.02, boxed=False, ha="right", va="bottom", fontsize=9,
                                        fontweight="bold")
        self.dynamic(self.hidden_region, self.output_line, *self.class_links, *self.hidden_points,
                     *(label.image for label in self.point_labels), self.hidden_message.image,
                     self.separable_text.image)

    def _build_diagram(self) -> None:
        """(c): the network, each edge's width and colour its weight, labelled with its value."""
        ax = self.ax_net
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
        ax.set_title("(c) the network: edge width ∝ |weight|", fontsize=10)
        to_px, to_ax = ax.transAxes.transform, ax.transAxes.inverted().transform
        radius = np.sqrt(NODE_SIZE) / 2 * self.fig.dpi / 72 + 1  # node radius in pixels
        self.edge_labels, segments = {}, []
        renderer, label_font = self.fig.canvas.get_renderer(), FontProperties(size=8)
        for name, (a, b, t) in EDGES.items():
            pa, pb = to_px(NODES[a]), to_px(NODES[b])
            unit = (pb - pa) / np.linalg.norm(pb - pa)
            segments.append(to_ax(np.array([pa + radius * unit, pb - radius * unit])))  # stop at the circles
            at = np.array(NODES[a]) + t * (np.array(NODES[b]) - np.array(NODES[a]))
            # "w₁₁=" never changes: a static text; only the value is a stamp (Agg renders text
            # glyph by glyph, ~0.1 ms each, so a new value costs half as much without its name).
            # The pair is placed with its name centred a little left of where the label was.
            name_width = renderer.get_text_width_height_descent(f"{SYMBOLS[name]}=", label_font, False)[0]
            x, y = at[0] + 0.5 * name_width / ax.bbox.width, at[1] - 0.03
            ax.text(x, y, f"{SYMBOLS[name]}=", ha="right", va="bottom", fontsize=8, zorder=1.5,
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))
            self.edge_labels[name] = TextStamp(ax, x, y, fontsize=8, boxed=False, background="white", ha="left",
                                               va="bottom")
        # The nine edges in one collection (in PARAMS order): one draw instead of nine lines.
        self.edges = LineCollection(segments, colors="0.6", linewidths=1, zorder=1, capstyle="butt")
        ax.add_collection(self.edges)
        ring = {"h1": HIDDEN_COLORS[0], "h2": HIDDEN_COLORS[1]}
        for key, (x, y) in NODES.items():
            ax.scatter([x], [y], s=NODE_SIZE, color="0.9" if key.startswith("one") else "white", zorder=2,
                       edgecolor=ring.get(key, "0.3"), linewidth=2.5 if key in ring else 1.2)
            ax.text(x, y, NODE_NAMES[key], ha="center", va="center", fontsize=11, zorder=3)
        self.activation_text = TextStamp(ax, NODES["h1"][0], 0.99, boxed=False, va="top", fontsize=8.5)
        ax.text(NODES["x1"][0], 0.99, "inputs", ha="center", va="top", fontsize=8.5)
        ax.text(NODES["y"][0], 0.99, "output", ha="center", va="top", fontsize=8.5)
        ax.text(NODES["y"][0], NODES["y"][1] + 0.1, "ŷ = 1 ⇔ z > 0", ha="center", va="bottom", fontsize=8)
        ax.text(0.5, -0.06, "blue = positive, vermillion = negative; $w_{ij}$: from $x_i$ to $h_j$",
                transform=ax.transAxes, ha="center", va="bottom", fontsize=7.5, color="0.3")
        self.dynamic(self.edges, *(self.edge_labels[name].image for name in PARAMS), self.activation_text.image)

    def _build_table(self) -> None:
        """(d): the truth table, live, with its verdict and a note on the activation."""
        ax = self.ax_tab
        ax.axis("off")
        ax.set_title("(d) truth table (live)", fontsize=10)
        # Monospace, on a grid of characters: the header is one string of TABLE_WIDTHS columns
        # and every cell is right-aligned at its column's edge, so they line up by construction.
        # One stamp per live cell: a move re-renders only the cells whose text changed.
        top, step, x0 = 0.93, 0.1, 0.01
        font = FontProperties(family="monospace", size=TABLE_FONTSIZE)
        advance = self.fig.canvas.get_renderer().get_text_width_height_descent("0" * 10, font, False)[0] / 10
        char = advance / ax.bbox.width  # one character, in axes units
        mono = dict(family="monospace", fontsize=TABLE_FONTSIZE)
        ax.text(x0, top, table_header(), fontweight="bold", transform=ax.transAxes, va="center", ha="left", **mono)
        right = dict(zip(TABLE_COLUMNS, x0 + np.cumsum([TABLE_WIDTHS[c] for c in TABLE_COLUMNS]) * char))
        for after in ("x2", "target", "h2", "z"):  # between a column and the next one's text
            x = right[after] + 0.5 * char
            ax.plot([x, x], [top + 0.05, top - 4.5 * step], color="0.6", lw=0.8, transform=ax.transAxes)
        ax.plot([0.01, 0.99], [top - 0.055, top - 0.055], color="0.6", lw=0.8, transform=ax.transAxes)
        self.table_cells = []
        for i, (x_in, t) in enumerate(zip(X_XOR, Y_XOR)):
            y = top - (i + 1) * step
            for col, value in (("x1", x_in[0]), ("x2", x_in[1]), ("target", t)):
                ax.text(right[col], y, number(value), transform=ax.transAxes, va="center", ha="right", **mono)
            self.table_cells.append({col: TextStamp(ax, right[col], y, boxed=False, ha="right", **mono)
                                     for col in LIVE_COLUMNS})
        self.table_summary = TextStamp(ax, 0.01, top - 5.3 * step, boxed=False, ha="left", fontweight="bold",
                                       fontsize=10)
        self.table_note = TextStamp(ax, 0.01, top - 6.35 * step, boxed=False, ha="left", fontsize=8)
        ax.text(0.01, top - 7.2 * step, "ŷ = 1 when z = v₁h₁ + v₂h₂ + c > 0, i.e. σ(z) > 0.5.", fontsize=8,
                color="0.3", transform=ax.transAxes, va="center", ha="left")
        handles = [*self.input_points, *self.hidden_lines,
                   Line2D([], [], color=BOUNDARY_COLOR, lw=2)]
        labels = ["XOR = 0", "XOR = 1", "$h_1$'s line $z_1 = 0$", "$h_2$'s line $z_2 = 0$",
                  "ŷ's line $z = 0$ in (b)"]
        ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.0, -0.07), ncols=3, fontsize=7.5,
                  handlelength=1.8, columnspacing=1.0, frameon=False)
        self.dynamic(*(stamp.image for cells in self.table_cells for stamp in cells.values()),
                     self.table_summary.image, self.table_note.image)

    # -- drawing one state (every slider move) --
    def draw(self, state: XORState) -> None:
        """Show `state`: artist data only (and new axis limits when the hidden box changes)."""
        if self.state is None or state.hidden_box != self.state.hidden_box:
            self.ax_hid.set_xlim(state.hidden_box[:2])
            self.ax_hid.set_ylim(state.hidden_box[2:])
            self.invalidate(key=state.hidden_box)  # the axis limits are static artists
        self.state = state
        self._draw_input_plane(state)
        self._draw_hidden_space(state)
        self._draw_diagram(state)
        self._draw_table(state)
        self.refresh()

    def _set_line(self, line, segment) -> None:
        self.set(line, "data", (_EMPTY, _EMPTY) if segment is None else segment, lambda d: line.set_data(*d))

    def _draw_input_plane(self, state: XORState) -> None:
        self.set(self.region, "grid", state.region)
        for j, (line, label) in enumerate(zip(self.hidden_lines, self.hidden_labels)):
            self._set_line(line, state.hidden_segments[j])
            position = unit_label_position(state, j)
            if position is None:
                self._show(label, "")
                continue
            self.set(label.image, "position", position, label.set_position)
            self._show(label, f"h{'₁₂'[j]} on", HIDDEN_COLORS[j])
        self._show(self.input_message, input_plane_message(state))

    def _draw_hidden_space(self, state: XORState) -> None:
        H, poly = state.H, state.hidden_polygon
        self.set(self.hidden_region, "visible", len(poly) >= 3)
        if len(poly) >= 3:
            self.set(self.hidden_region, "xy", poly)
        self._set_line(self.output_line, state.output_segment)
        for k, (link, points) in enumerate(zip(self.class_links, self.hidden_points)):
            rows = np.flatnonzero(Y_XOR == k)
            for artist in (link, points):
                self.set(artist, "data", (H[rows, 0], H[rows, 1]), lambda d, artist=artist: artist.set_data(*d))
        for stamp, (text, position, alignment) in zip(self.point_labels, point_labels(state)):
            if text:
                self.set(stamp.image, "position", position, stamp.set_position)
                self.set(stamp.image, "alignment", alignment, lambda a, stamp=stamp: stamp.set_alignment(*a))
            self._show(stamp, text)
        self._show(self.hidden_message, hidden_space_message(state))
        self._show(self.separable_text, *separability(state))

    def _draw_diagram(self, state: XORState) -> None:
        values = state.values
        styles = tuple(edge_style(values[name]) for name in PARAMS)
        self.set(self.edges, "style", styles,
                  lambda s: self.edges.set(color=[c for c, _, _ in s], linewidth=[w for _, w, _ in s],
                                           linestyle=[ls for _, _, ls in s]))
        for name in PARAMS:
            self._show(self.edge_labels[name], edge_value(values[name]))
        self._show(self.activation_text, f"hidden units: f = {state.activation}")

    def _draw_table(self, state: XORState) -> None:
        for cells, row, yh, t in zip(self.table_cells, truth_table_cells(state), state.y_hat, Y_XOR):
            for col, stamp in cells.items():
                self._show(stamp, row[col], "black" if yh == t else WRONG_COLOR)
        self._show(self.table_summary, truth_table_summary(state), "black" if state.n_correct == 4 else WRONG_COLOR)
        self._show(self.table_note, ACTIVATION_NOTES[state.activation], "0.3")


# ---- the explorer -----------------------------------------------------------------------------
def _weight(name: str) -> Control:
    return Control(name, "float", DESCRIPTIONS[name], *WEIGHT_RANGE, step=0.1, width="310px")


COLUMN_HEADS = ("<b>hidden unit h₁</b> = f(w₁₁x₁ + w₂₁x₂ + b₁)",
                "<b>hidden unit h₂</b> = f(w₁₂x₁ + w₂₂x₂ + b₂)",
                "<b>output</b> z = v₁h₁ + v₂h₂ + c, ŷ = [σ(z) > 0.5]")
COLUMNS = (("w11", "w21", "b1"), ("w12", "w22", "b2"), ("v1", "v2", "c"))
CHOICES = [Control("activation", "choice", "hidden activation f", options=HIDDEN_ACTIVATIONS, width="260px"),
           Control("solution", "button", "load the AND(OR, NAND) solution", icon="magic", width="300px",
                   action="load_solution")]


class XORNetworkExplorer(Explorer):
    """Nine sliders (w₁₁ … c) and the hidden activation of a 2-2-1 network, drawn live.

    Starts at the AND(OR, NAND) solution unless other values are given, e.g.
    `XORNetworkExplorer(b2=0.5, activation="sigmoid")`.
    """

    def __init__(self, activation: str = "step", resolution: int = 100, **params: float) -> None:
        unknown = set(params) - set(PARAMS)
        if unknown:
            raise TypeError(f"unknown parameter(s) {sorted(unknown)}; the nine are {', '.join(PARAMS)}.")
        rows = [[[widgets.HTML(head), *(_weight(name) for name in names)]
                 for head, names in zip(COLUMN_HEADS, COLUMNS)], CHOICES]
        check_values(rows, activation=activation, **params)
        check_number("resolution", resolution, 10, 400, integer=True)
        self.network = XORNetwork(resolution)
        self.view = XORNetworkView(resolution=resolution)
        self.build(rows, {**SOLUTION, **{k: float(v) for k, v in params.items()}, "activation": activation})
        self.update()

    def state(self) -> XORState:
        """The state the controls set now."""
        values = self.values()
        return self.network.state({k: values[k] for k in PARAMS}, values["activation"])

    def update(self) -> None:
        """Draw the state the controls set."""
        self.view.draw(self.state())

    def load_solution(self) -> None:
        """The textbook solution: h₁ = OR, h₂ = NAND, ŷ = AND(h₁, h₂), step hidden units."""
        self.set_values(**SOLUTION, activation="step")

