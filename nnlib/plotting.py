"""Static plots and the pure geometry the live explorers share.

Colours are the Okabe–Ito palette (colour-blind safe) and are the same in every notebook:
class 0 blue, class 1 orange, class 2 green.
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.ticker import MaxNLocator

from . import _validation as v
from ._ipympl import fix_first_frames

# Under `%matplotlib widget` static figures are ipympl canvases too: without this their
# first frames can leave a blank canvas (see nnlib/_ipympl.py).
fix_first_frames()

CLASS_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
BOUNDARY_COLOR = "black"
HIGHLIGHT_COLOR = "#D55E00"
MARKERS = ("o", "s", "^", "D", "v", "P")


def region_cmap(n_classes: int = 2, alpha: float = 0.25) -> ListedColormap:
    """Pale versions of the class colours, for shading decision regions."""
    colors = [to_rgba(c) for c in CLASS_COLORS[:max(n_classes, 2)]]
    pale = [(r * alpha + (1 - alpha), g * alpha + (1 - alpha), b * alpha + (1 - alpha), 1.0)
            for r, g, b, _ in colors]
    return ListedColormap(pale)


# ---- pure geometry ---------------------------------------------------------------------------
def grid(extent: tuple[float, float, float, float], resolution: int = 100) -> np.ndarray:
    """Points of a resolution × resolution grid over extent = (x1_min, x1_max, x2_min, x2_max)."""
    x1_min, x1_max, x2_min, x2_max = extent
    x1, x2 = np.meshgrid(np.linspace(x1_min, x1_max, resolution), np.linspace(x2_min, x2_max, resolution))
    return np.column_stack([x1.ravel(), x2.ravel()])


def class_index(model, labels: np.ndarray) -> np.ndarray:
    """Map predicted labels to colour indices 0, 1, … via the model's classes_, if it has them."""
    classes = getattr(model, "classes_", None)
    if classes is None:
        return np.asarray(labels).astype(int)
    return np.searchsorted(classes, labels)


def decision_grid(model, extent: tuple[float, float, float, float], resolution: int = 100) -> np.ndarray:
    """The class index the model predicts on a grid: shape (resolution, resolution), row = x₂.

    The one function behind every shaded decision region, live or static.
    """
    points = grid(extent, resolution)
    return class_index(model, model.predict(points)).reshape(resolution, resolution)


def boundary_segment(w, b: float, extent) -> tuple[np.ndarray, np.ndarray] | None:
    """End points of the line w₁x₁ + w₂x₂ + b = 0 inside extent, or None when there is none.

    None when w₁ = w₂ = 0 (the output is the same everywhere) or the line misses the box.
    """
    w1, w2 = float(w[0]), float(w[1])
    x1_min, x1_max, x2_min, x2_max = extent
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return None
    points = []
    if abs(w2) > 1e-12:  # crossings of the left and right edges
        for x1 in (x1_min, x1_max):
            x2 = -(w1 * x1 + b) / w2
            if x2_min <= x2 <= x2_max:
                points.append((x1, x2))
    if abs(w1) > 1e-12:  # crossings of the bottom and top edges
        for x2 in (x2_min, x2_max):
            x1 = -(w2 * x2 + b) / w1
            if x1_min <= x1 <= x1_max:
                points.append((x1, x2))
    points = sorted(set(points))
    if len(points) < 2:
        return None
    (a1, a2), (c1, c2) = points[0], points[-1]
    return np.array([a1, c1]), np.array([a2, c2])


def data_extent(X: np.ndarray, margin: float = 0.5) -> tuple[float, float, float, float]:
    """A box around the first two features of X with a margin."""
    X = v.check_X(X)
    lo, hi = X[:, :2].min(axis=0) - margin, X[:, :2].max(axis=0) + margin
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


# ---- static plots ----------------------------------------------------------------------------
def _axes(ax: Axes | None) -> Axes:
    return plt.gca() if ax is None else ax


def plot_data(X, y, ax: Axes | None = None, labels=None, **scatter_kw) -> Axes:
    """Scatter the two features of X, one colour and marker per class."""
    ax = _axes(ax)
    X, y = v.check_X_y(X, y)
    classes = np.unique(y)
    size = scatter_kw.pop("s", 50)
    for i, c in enumerate(classes):
        rows = y == c
        name = labels[i] if labels is not None else f"class {c}"
        ax.scatter(X[rows, 0], X[rows, 1], color=CLASS_COLORS[i % len(CLASS_COLORS)],
                   marker=MARKERS[i % len(MARKERS)], edgecolor="black", linewidth=0.6,
                   s=size, label=name, zorder=3, **scatter_kw)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def plot_decision_regions(model, X, y, ax: Axes | None = None, resolution: int = 200,
                          extent=None, labels=None) -> Axes:
    """Shade where the model predicts each class and scatter the data on top."""
    ax = _axes(ax)
    X, y = v.check_X_y(X, y)
    extent = data_extent(X) if extent is None else extent
    n_classes = max(len(getattr(model, "classes_", [0, 1])), np.unique(y).size)
    ax.imshow(decision_grid(model, extent, resolution), origin="lower", extent=extent, aspect="auto",
              cmap=region_cmap(n_classes), vmin=0, vmax=max(n_classes - 1, 1), interpolation="nearest",
              interpolation_stage="data")
    plot_data(X, y, ax=ax, labels=labels)
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    return ax


def plot_boundary(w, b: float, ax: Axes | None = None, extent=None, **line_kw) -> Axes:
    """Draw the line w₁x₁ + w₂x₂ + b = 0 (nothing when there is none)."""
    ax = _axes(ax)
    extent = (*ax.get_xlim(), *ax.get_ylim()) if extent is None else extent
    segment = boundary_segment(w, b, extent)
    if segment is not None:
        ax.plot(*segment, color=line_kw.pop("color", BOUNDARY_COLOR), lw=line_kw.pop("lw", 2), **line_kw)
    return ax


def plot_activation(activation, ax: Axes | None = None, z=None, derivative: bool = True) -> Axes:
    """Plot f(z) and, dashed, f′(z) of an activation (a name or an Activation)."""
    from .activations import get_activation

    ax = _axes(ax)
    f = get_activation(activation)
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, float)
    if f.name == "softmax":  # two classes: the first share of softmax([z, 0]), i.e. σ(z/T)
        values, label = f(np.column_stack([z, np.zeros_like(z)]))[:, 0], r"softmax$([z, 0])_1$"
    else:
        values, label = f(z), f"${f.latex.split('=')[0].strip()}$"
    ax.plot(z, values, color=CLASS_COLORS[0], lw=2, label=label)
    if derivative and f.name != "softmax":
        ax.plot(z, f.derivative(z), color=CLASS_COLORS[1], lw=2, ls="--", label="derivative $f'(z)$")
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.axvline(0, color="0.7", lw=0.8, zorder=0)
    ax.set_xlabel("net input $z$")
    ax.set_title(f.name)
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_loss(losses, ax: Axes | None = None, label: str | None = None, ylabel: str = "loss",
              xlabel: str = "epoch", **line_kw) -> Axes:
    """Plot a loss (or error count) per epoch, epochs counted from 1."""
    ax = _axes(ax)
    losses = np.asarray(losses, float)
    ax.plot(np.arange(1, losses.size + 1), losses, label=label, **line_kw)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if label is not None:
        ax.legend()
    return ax
