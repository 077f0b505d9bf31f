"""Adaline explorer: gradient descent on the cost surface J(w, b) of one input feature.

One feature (Iris petal length, setosa vs versicolor) plus the bias gives exactly two
parameters, so the cost surface J(w, b) = ½·mean((t − w·x − b)²) can be drawn as contours
and every epoch of gradient descent is a point on it. Three panels:

1. the cost contours with the descent path from the start point and the minimum (closed-form
   least squares);
2. the cost per epoch (log scale) with the minimum as a floor;
3. the input space: the flowers at their targets t = ±1, the line z = w·x + b of the current
   weights, the boundary x = −b/w and the decision (step of z) as shading.

Controls: learning rate η, start point (w, b), epochs, solver (batch / stochastic) and inputs
(standardised / raw). Training is nnlib's `Adaline`; its `DivergenceWarning` is caught here so
nothing is printed on a slider move, and the divergence is shown on the figure instead.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import BoundaryNorm
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullFormatter

from ..datasets import load_iris, standardize
from ..linear import Adaline, DivergenceWarning, Neuron, adaline_loss
from ..plotting import BOUNDARY_COLOR, CLASS_COLORS, HIGHLIGHT_COLOR, MARKERS, boundary_segment, region_cmap
from ._base import Control, Explorer, LiveFigure, TextStamp, check_values

INPUT_MODES = ("standardised", "raw")
SOLVERS = {"batch": "batch", "stochastic": "sgd"}
MAX_EPOCHS = 100
#: A run counts as diverged once its cost exceeds this multiple of the starting cost (nnlib
#: itself only stops when the cost overflows to inf, which can take hundreds of epochs).
BLOW_UP = 1e3
PARAM_EXTENT = (-3.5, 3.5, -3.5, 3.5)  # w_min, w_max, b_min, b_max of the contour panel
LOSS_LIMITS = (1e-2, 1e4)
INPUT_YLIM = (-2.5, 2.5)  # t = ±1 and the line z = wx + b around them
SEED = 0
_SPAN_W, _SPAN_B = PARAM_EXTENT[1] - PARAM_EXTENT[0], PARAM_EXTENT[3] - PARAM_EXTENT[2]
#: A diverging path is drawn up to where it leaves this box (one panel width around the view).
CLIP_BOX = (PARAM_EXTENT[0] - _SPAN_W, PARAM_EXTENT[1] + _SPAN_W,
            PARAM_EXTENT[2] - _SPAN_B, PARAM_EXTENT[3] + _SPAN_B)

#: The controls, declared once, in their rows.
CONTROLS = [
    # room after the η readout: "0.0001" ran into "epochs"
    [Control("eta", "log", "learning rate η", 1e-4, 10 ** 0.5, step=0.01, readout=".3g",
             margin="0 16px 0 0"),
     Control("epochs", "int", "epochs", 1, MAX_EPOCHS),
     Control("solver", "choice", "solver", options=tuple(SOLVERS), width="220px")],
    [Control("w0", "float", "start w", *PARAM_EXTENT[:2], step=0.1),
     Control("b0", "float", "start b", *PARAM_EXTENT[2:], step=0.1),
     Control("inputs", "choice", "inputs", options=INPUT_MODES, width="220px")],
]


# ---- pure compute -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One input feature, the ±1 targets and everything fixed about its cost surface."""

    name: str
    x: np.ndarray          # (n,) the feature
    y: np.ndarray          # (n,) labels 0/1
    t: np.ndarray          # (n,) targets −1/+1 (label 1 → +1)
    xlabel: str
    xlim: tuple[float, float]
    w_star: float          # closed-form least-squares minimum
    b_star: float
    j_star: float

    @property
    def X(self) -> np.ndarray:
        """The feature as the (n, 1) matrix nnlib expects."""
        return self.x[:, None]


def least_squares(x: np.ndarray, t: np.ndarray) -> tuple[float, float]:
    """The (w, b) minimising ½·mean((t − w·x − b)²): the normal equations, solved exactly."""
    A = np.column_stack([x, np.ones_like(x)])
    (w, b), *_ = np.linalg.lstsq(A, t, rcond=None)
    return float(w), float(b)


def cost_surface(x: np.ndarray, t: np.ndarray, w_values: np.ndarray, b_values: np.ndarray) -> np.ndarray:
    """J(w, b) on the grid w_values × b_values, shape (len(b_values), len(w_values)).

    The same ½·mean((t − w·x − b)²) as `nnlib.linear.adaline_loss`, expanded into sums so a
    whole grid costs a few array operations instead of one call per grid point.
    """
    W, B = np.meshgrid(w_values, b_values)
    mx, mxx, mt, mtt, mtx = x.mean(), (x * x).mean(), t.mean(), (t * t).mean(), (t * x).mean()
    return 0.5 * (mtt + W * W * mxx + B * B - 2 * W * mtx - 2 * B * mt + 2 * W * B * mx)


def make_problem(mode: str, feature: int = 2) -> Problem:
    """Iris setosa (t = −1) vs versicolor (t = +1), one feature, raw (cm) or standardised."""
    if mode not in INPUT_MODES:
        raise ValueError(f"mode must be one of {INPUT_MODES}; got {mode!r}.")
    iris = load_iris()
    keep = iris.y < 2
    x, y = iris.X[keep, feature], iris.y[keep]
    name = iris.feature_names[feature].replace("_", " ")
    if mode == "standardised":
        x = standardize(x[:, None])[0][:, 0]
        xlabel = f"$x$ = {name} (standardised)"
    else:
        xlabel = f"$x$ = {name} (cm)"
    pad = 0.15 * (x.max() - x.min())
    lo = min(x.min() - pad, 0.0 if mode == "raw" else x.min() - pad)
    t = np.where(y == 1, 1.0, -1.0)
    w_star, b_star = least_squares(x, t)
    j_star = adaline_loss(x[:, None], y, [w_star], b_star)
    return Problem(mode, x, y, t, xlabel, (float(lo), float(x.max() + pad)), w_star, b_star, j_star)


@dataclass(frozen=True)
class DescentRun:
    """What gradient descent did: the path, the cost per epoch and whether it blew up."""

    w: np.ndarray            # (k + 1,) w after each epoch, w[0] = start
    b: np.ndarray            # (k + 1,)
    losses: np.ndarray       # (k + 1,) J after each epoch, losses[0] = J(start)
    diverged_at: int | None  # first epoch whose cost overflowed or exceeded BLOW_UP × J(start)
    warning: str | None      # nnlib's DivergenceWarning message, if it was raised

    @property
    def epochs(self) -> int:
        """Epochs actually completed (fewer than asked when nnlib stopped on an overflow)."""
        return self.losses.size - 1


def descent_path(problem: Problem, eta: float, w0: float, b0: float, epochs: int,
                 solver: str = "batch", random_state=SEED) -> DescentRun:
    """Train nnlib's Adaline from (w0, b0) for `epochs` epochs; never warns, never raises on blow-up."""
    model = Adaline(eta=eta, n_iter=epochs, solver=solver, shuffle=True, random_state=random_state)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DivergenceWarning)
        model.fit(problem.X, problem.y, w0=[w0], b0=b0)
    message = next((str(c.message) for c in caught if issubclass(c.category, DivergenceWarning)), None)
    start = adaline_loss(problem.X, problem.y, [w0], b0)
    losses = np.array([start, *model.losses_])
    w = np.array([p[0][0] for p in model.path_])
    b = np.array([p[1] for p in model.path_])
    blown = np.nonzero(losses[1:] > BLOW_UP * max(start, problem.j_star))[0]
    if blown.size:
        diverged_at = int(blown[0]) + 1
    elif model.diverged_:
        diverged_at = losses.size  # the epoch whose cost overflowed (not stored in losses_)
    else:
        diverged_at = None
    return DescentRun(w, b, losses, diverged_at, message)


def clip_path(w: np.ndarray, b: np.ndarray, box: tuple[float, float, float, float]):
    """The path up to where it first leaves box; the last segment is cut at the box edge.

    Keeps a diverging path drawable (no coordinates like 1e150 for the renderer) while its
    direction stays true up to the edge.
    """
    w0, w1, b0, b1 = box
    inside = (w >= w0) & (w <= w1) & (b >= b0) & (b <= b1)
    if inside.all():
        return w, b
    k = int(np.argmin(inside))  # first point outside
    if k == 0:
        return w[:0], b[:0]
    pw, pb, qw, qb = w[k - 1], b[k - 1], w[k], b[k]
    s = 1.0  # fraction of the segment p → q that stays inside the box
    for p, q, lo, hi in ((pw, qw, w0, w1), (pb, qb, b0, b1)):
        if q > hi:
            s = min(s, (hi - p) / (q - p))
        elif q < lo:
            s = min(s, (lo - p) / (q - p))
    return (np.append(w[:k], pw + s * (qw - pw)), np.append(b[:k], pb + s * (qb - pb)))


def status_text(run: DescentRun, j_star: float, solver: str) -> tuple[str, bool]:
    """One line when something happened (converged, cost rising, diverged), else "".

    The second value is True for bad news (η too large).
    """
    if run.diverged_at is not None:
        return f"diverged at epoch {run.diverged_at}: η too large", True
    # Batch descent on this bowl lowers the cost every epoch unless η is too large.
    rises = np.nonzero(run.losses[1:] > run.losses[:-1] * (1 + 1e-9))[0]
    if solver == "batch" and rises.size:
        return f"cost rising from epoch {rises[0] + 1}: η too large", True
    if run.losses[-1] - j_star <= 1e-3:
        return "converged to the minimum", False
    return "", False  # still on its way: the cost panel says enough (and text is costly to draw)


@dataclass(frozen=True)
class AdalineState:
    """What one frame shows, computed once from a descent run: no view computes."""

    mode: str
    solver: str
    run: DescentRun
    path: tuple[np.ndarray, np.ndarray]   # the path, cut where it leaves CLIP_BOX
    end: tuple[np.ndarray, np.ndarray]    # the last point drawn (at the edge if it blew up)
    epochs: np.ndarray                    # 0 … k
    losses: np.ndarray                    # J per epoch, kept drawable on the log axis
    status: str                           # converged / cost rising / diverged, or ""
    bad_news: bool                        # True when the status means "η too large"
    z_line: tuple | None                  # the visible segment of z = wx + b in the input panel
    boundary_x: float | None              # x = −b/w where it lies in view
    note: str                             # why no boundary is drawn, or ""
    regions: tuple                        # ((left, right, class), (left, right, class))


def adaline_state(problem: Problem, run: DescentRun, solver: str = "batch") -> AdalineState:
    """Everything the three panels show for one descent run on one problem."""
    w, b = clip_path(run.w, run.b, CLIP_BOX)
    last = w.size - 1 if w.size < run.w.size else -1  # a blown-up end is shown at the edge
    end = (w[last:][:1], b[last:][:1])
    epochs = np.arange(run.losses.size)
    losses = np.clip(run.losses, LOSS_LIMITS[0] / 10, 1e12)  # stay drawable on a log axis
    status, bad = status_text(run, problem.j_star, solver)

    w_now, b_now = float(run.w[-1]), float(run.b[-1])
    x_lo, x_hi = problem.xlim
    z_line = boundary_segment([w_now, -1.0], b_now, (*problem.xlim, *INPUT_YLIM))  # w·x − z + b = 0
    if abs(w_now) < 1e-12:
        x_b, note = None, "w = 0: no boundary, one class for all"
    else:
        x_b = -b_now / w_now
        note = "" if x_lo <= x_b <= x_hi else "the boundary is off the plot"
        if note:
            x_b = None
    cuts = [x_lo, x_hi, x_hi] if x_b is None else [x_lo, x_b, x_hi]
    # each side's class is the one the neuron predicts in its middle
    middles = np.array([[0.5 * (cuts[0] + cuts[1])], [0.5 * (cuts[1] + cuts[2])]])
    classes = Neuron([w_now], b_now).predict(middles)
    regions = tuple((cuts[i], cuts[i + 1], int(classes[i])) for i in range(2))
    return AdalineState(problem.name, solver, run, (w, b), end, epochs, losses, status, bad,
                        z_line, x_b, note, regions)


# ---- view -------------------------------------------------------------------------------------
class AdalineView(LiveFigure):
    """Cost contours + path, cost per epoch, and the input space; all artists made once."""

    def __init__(self, problems: dict[str, Problem], mode: str = "standardised",
                 max_epochs: int = MAX_EPOCHS, resolution: int = 120) -> None:
        super().__init__(figsize=(9.4, 3.7))
        self.problems = problems
        self.mode = None
        self.clip_box = CLIP_BOX
        self.ylim_input = INPUT_YLIM
        ax_j, ax_l, ax_x = self.fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.3, 1.0, 1.1]})
        self.fig.subplots_adjust(left=0.06, right=0.985, bottom=0.14, top=0.9, wspace=0.32)
        self.ax_cost, self.ax_loss, self.ax_input = ax_j, ax_l, ax_x
        self._build_cost(ax_j, resolution)
        self._build_losses(ax_l, max_epochs)
        self._build_input(ax_x)
        self.dynamic(self.path_line, self.start_dot, self.end_dot, self.loss_line, self.loss_end,
                     self.status.image, *self.regions, self.z_line, self.boundary,
                     self.no_boundary.image)
        self.set_mode(mode)

    def _build_cost(self, ax, resolution: int) -> None:
        """(1) The cost surface, one filled contour set per input mode (made once, shown one at
        a time), the minimum and the descent path."""
        extent = PARAM_EXTENT
        w_values = np.linspace(extent[0], extent[1], resolution)
        b_values = np.linspace(extent[2], extent[3], resolution)
        self.contours = {}
        for name, p in self.problems.items():
            Z = cost_surface(p.x, p.t, w_values, b_values)
            levels = p.j_star + np.geomspace(2e-3, Z.max() - p.j_star, 14)
            levels = np.concatenate([[p.j_star], levels])
            filled = ax.contourf(w_values, b_values, Z, levels=levels, cmap="viridis",
                                 norm=BoundaryNorm(levels, 256), extend="neither")
            lines = ax.contour(w_values, b_values, Z, levels=levels[1::2], colors="white",
                               linewidths=0.4, alpha=0.6)
            self.contours[name] = (filled, lines)
        (self.star,) = ax.plot([], [], marker="*", ms=14, color="white", mec="black", mew=0.8,
                               ls="none", zorder=4, label="minimum (least squares)")
        (self.path_line,) = ax.plot([], [], color=HIGHLIGHT_COLOR, lw=1.6, marker="o", ms=3,
                                    mec="white", mew=0.4, zorder=5, label="descent path")
        (self.start_dot,) = ax.plot([], [], marker="o", ms=8, mfc="none", mec="white", mew=2,
                                    ls="none", zorder=6, label="start")
        (self.end_dot,) = ax.plot([], [], marker="o", ms=7, color=HIGHLIGHT_COLOR, mec="black",
                                  mew=0.8, ls="none", zorder=7, label="after last epoch")
        ax.set_xlim(extent[:2])
        ax.set_ylim(extent[2:])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("weight $w$")
        ax.set_ylabel("bias $b$")
        ax.set_title("Cost $J(w, b)$: contours and descent path", fontsize="medium")
        ax.legend(handles=[self.start_dot, self.path_line, self.star], loc="upper right",
                  fontsize="x-small", framealpha=0.75, handlelength=1.2)

    def _build_losses(self, ax, max_epochs: int) -> None:
        """(2) The cost per epoch on a log scale, the minimum as a floor, the status line."""
        (self.floor,) = ax.plot([0, max_epochs], [1, 1], color="0.3", ls="--", lw=1,
                                label="minimum $J^*$")
        (self.loss_line,) = ax.plot([], [], color=CLASS_COLORS[0], lw=1.8,
                                    label="$J$ after each epoch")
        (self.loss_end,) = ax.plot([], [], marker="o", ms=6, color=HIGHLIGHT_COLOR, mec="black",
                                   mew=0.8, ls="none")
        ax.set_yscale("log")
        ax.yaxis.set_minor_formatter(NullFormatter())  # decades only: fewer labels to draw
        ax.set_xlim(0, max_epochs)
        ax.set_ylim(*LOSS_LIMITS)
        ax.set_xlabel("epoch")
        ax.set_ylabel("cost $J$ (log scale)")
        ax.set_title("Cost per epoch", fontsize="medium")
        ax.legend(loc="upper right", fontsize="x-small", framealpha=0.85)
        # says when something happened: converged, cost rising, diverged (else empty)
        self.status = TextStamp(ax, 0.5, 0.3)

    def _build_input(self, ax) -> None:
        """(3) The input space: decision shading, the flowers at t = ±1, z = wx + b, the boundary."""
        # The decision (step of z) shades each side of the boundary in its class's pale colour:
        # two rectangles, left and right of x = −b/w (cheaper to redraw than an image).
        self.region_colors = region_cmap(2).colors
        lo, hi = INPUT_YLIM
        self.regions = [Rectangle((0.0, lo), 0.0, hi - lo, lw=0, zorder=0) for _ in range(2)]
        for patch in self.regions:
            ax.add_patch(patch)
        self.points = []
        for label in (0, 1):
            species = ("setosa", "versicolor")[label]
            self.points.append(ax.scatter([], [], color=CLASS_COLORS[label], marker=MARKERS[label],
                                          edgecolor="black", linewidth=0.5, s=30, alpha=0.6,
                                          zorder=3, label=f"{species}: $t = {2 * label - 1:+d}$"))
        ax.axhline(0, color="0.6", lw=0.8, zorder=1)
        (self.z_line,) = ax.plot([], [], color=CLASS_COLORS[2], lw=2, zorder=4, label="$z = wx + b$")
        (self.boundary,) = ax.plot([], [], color=BOUNDARY_COLOR, lw=1.5, ls="--", zorder=4,
                                   label="boundary $x = -b/w$")
        self.no_boundary = TextStamp(ax, 0.5, 0.5)
        ax.set_ylim(*INPUT_YLIM)
        ax.set_ylabel("target $t$ / net input $z$")
        ax.set_title("Input space: $z = wx + b$", fontsize="medium")
        ax.legend(loc="upper left", fontsize="x-small", framealpha=0.85)

    def set_mode(self, mode: str) -> None:
        """Show the cost surface and the data of one input mode (rare: a full redraw follows)."""
        if mode == self.mode:
            return
        p = self.problems[mode]
        self.mode = mode
        for name, (filled, lines) in self.contours.items():
            filled.set_visible(name == mode)
            lines.set_visible(name == mode)
        self.star.set_data([p.w_star], [p.b_star])
        self.floor.set_ydata([p.j_star, p.j_star])
        for label, scatter in enumerate(self.points):
            rows = p.y == label
            scatter.set_offsets(np.column_stack([p.x[rows], p.t[rows]]))
        self.ax_input.set_xlim(*p.xlim)
        self.ax_input.set_xlabel(p.xlabel)
        self.invalidate(key=mode)

    def show(self, s: AdalineState) -> None:
        """Draw one state: path, cost curve, current line and boundary, status."""
        self.set_mode(s.mode)
        self.path_line.set_data(*s.path)
        self.start_dot.set_data(s.run.w[:1], s.run.b[:1])
        self.end_dot.set_data(*s.end)
        self.loss_line.set_data(s.epochs, s.losses)
        self.loss_end.set_data(s.epochs[-1:], s.losses[-1:])
        self.status.set_text(s.status, HIGHLIGHT_COLOR if s.bad_news else "black")
        self.z_line.set_data(*(s.z_line if s.z_line is not None else ([], [])))
        self.no_boundary.set_text(s.note)
        x_b = s.boundary_x
        self.boundary.set_data(*(([x_b, x_b], list(INPUT_YLIM)) if x_b is not None else ([], [])))
        for patch, (left, right, label) in zip(self.regions, s.regions):
            patch.set_x(left)
            patch.set_width(right - left)
            patch.set_facecolor(self.region_colors[label])
        self.refresh()


# ---- explorer ---------------------------------------------------------------------------------
class AdalineExplorer(Explorer):
    """Gradient descent for Adaline on one Iris feature: η, start point, epochs, solver, inputs.

    Left: the cost J(w, b) as contours with the path gradient descent takes from the start
    point (the star is the least-squares minimum). Middle: the cost per epoch. Right: the
    flowers at their targets t = ±1 with the line z = wx + b and the boundary x = −b/w.
    """

    def __init__(self, eta: float = 0.1, w0: float = -2.5, b0: float = 2.5, epochs: int = 30,
                 solver: str = "batch", inputs: str = "standardised") -> None:
        values = dict(eta=eta, w0=w0, b0=b0, epochs=epochs, solver=solver, inputs=inputs)
        check_values(CONTROLS, **values)
        self.problems = {mode: make_problem(mode) for mode in INPUT_MODES}
        self.view = AdalineView(self.problems, mode=inputs)
        self.build(CONTROLS, values)
        self._runs: dict[tuple, DescentRun] = {}  # recent runs: moving back and forth is instant
        self.update()

    @property
    def run(self) -> DescentRun:
        """The descent run shown now."""
        return self.state.run

    def update(self) -> None:
        """Train from the controls' values with nnlib's Adaline; draw the state of that run."""
        v = self.values()
        solver = SOLVERS[v["solver"]]
        key = (v["inputs"], solver, float(v["eta"]), float(v["w0"]), float(v["b0"]), int(v["epochs"]))
        if key not in self._runs:
            if len(self._runs) >= 256:
                self._runs.pop(next(iter(self._runs)))  # forget the oldest
            self._runs[key] = descent_path(self.problems[key[0]], *key[2:], solver)
        self.state = adaline_state(self.problems[key[0]], self._runs[key], solver)
        self.view.show(self.state)
