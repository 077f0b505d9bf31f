"""Notebook 06's live training explorer: TensorFlow Playground's controls, your own data, a model you keep.

Three layers, as in every explorer:
- compute: `make_data` (seeded data in the plane), `Snapshot.of(...)` (everything the
  figure shows, computed once from the model: heat maps of every unit, weights, losses);
- `PlaygroundView` (a `LiveFigure`): the network drawn as columns of heat maps joined by
  its weights, the main panel (the prediction, or one unit's output, large, with the
  data), the loss curves and the numbers; `update(snapshot)` only changes artist data;
- `TrainingExplorer`: the widgets, the mouse and the kernel-driven animation (one frame per
  display refresh: it trains what fits in a quarter of the frame, redraws, sleeps).
"""

from __future__ import annotations

import functools
import textwrap
import time
import warnings
from dataclasses import dataclass, replace

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.lines import Line2D

from .. import _validation as v
from ..datasets import (make_circle, make_circles, make_gauss, make_moons, make_spiral, make_xor,
                        standardize, train_test_split)
from ..features import FEATURES, check_features, expand
from ..linear import DivergenceWarning
from ..losses import binary_cross_entropy
from ..mlp import MLP
from ..plotting import CLASS_COLORS, HIGHLIGHT_COLOR, MARKERS, grid, region_cmap
from ._animate import Animation, units_per_frame
from ._base import Control, Explorer, LiveFigure, TextStamp, check_number, check_values
from ._render import GridImage

DATASETS = {"XOR": make_xor, "moons": make_moons, "circles": make_circles, "spiral": make_spiral,
            "gauss": make_gauss, "circle": make_circle}
OWN = "draw your own"
DATASET_OPTIONS = (("XOR", "XOR"), ("moons", "moons"), ("circles (two rings)", "circles"),
                   ("spiral", "spiral"), ("gauss (two blobs)", "gauss"),
                   ("circle (disc in a ring)", "circle"), ("draw your own", OWN))
ACTIVATION_OPTIONS = (("tanh", "tanh"), ("sigmoid σ", "sigmoid"), ("ReLU", "relu"),
                      ("leaky ReLU", "leaky_relu"), ("linear", "linear"))
# "full" stands for batch_size=None (a Dropdown's None means "nothing selected").
BATCH_OPTIONS = (("1", 1), ("10", 10), ("32", 32), ("full", "full"))
PENALTIES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # TF Playground's rates
MAX_LAYERS, MAX_UNITS = 4, 8
EXTENT = (-3.0, 3.0, -3.0, 3.0)  # generated data are standardised, so one box fits all
LOSS_LIMITS = (1e-3, 10.0)       # log scale: from "almost perfect" to "worse than guessing"
FIRST_EPOCH_LIMIT = 500          # the loss axis starts at 0..500 epochs and doubles as needed
THUMB_RESOLUTION = 24            # samples per side of each unit's small heat map
THUMB_PIXELS = 42                # its size on the figure
SHADES = 30                      # colours of a heat map (as TF Playground): fewer pixels change per frame
NETWORK_EVERY = 3                # while playing, the network panel and numbers follow every 3rd frame
PICK_PIXELS = 7                  # a click this close to a point removes it

# Heat maps: −1 is class 0's colour, 0 white, +1 class 1's (so the output's map is the
# prediction). Weights use the same pair: positive pushes towards class 1.
HEAT_CMAP = LinearSegmentedColormap.from_list("heat", [CLASS_COLORS[0], "white", CLASS_COLORS[1]])
POSITIVE_COLOR, NEGATIVE_COLOR = CLASS_COLORS[1], CLASS_COLORS[0]


# ---- compute -------------------------------------------------------------------------------
def make_data(dataset: str = "moons", noise: float = 0.2, test_fraction: float = 0.3,
              n_samples: int = 200, random_state: int = 0):
    """Seeded points in the plane: X (n, 2) standardised by the training part, y, test mask."""
    if dataset == OWN:
        return np.zeros((0, 2)), np.zeros(0, dtype=int), np.zeros(0, dtype=bool)
    X, y = DATASETS[dataset](n_samples=n_samples, noise=noise, random_state=random_state)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_fraction,
                                                        random_state=random_state)
    X_train, mean, std = standardize(X_train)
    X_test, _, _ = standardize(X_test, mean, std)
    test = np.repeat([False, True], [len(X_train), len(X_test)])
    return np.vstack([X_train, X_test]), np.concatenate([y_train, y_test]).astype(int), test


@dataclass(frozen=True)
class Snapshot:
    """Everything the figure shows, computed once from the model (the view only draws it)."""

    features: tuple[str, ...]
    sizes: tuple[int, ...]
    heat: tuple[np.ndarray, ...]   # per column (all 7 features, hidden layers, output): (units, r, r) in [0, 1]
    big: np.ndarray                # the main panel's grid: P(class 1), or the selected unit's map
    big_is_unit: bool
    coefs: tuple[np.ndarray, ...]
    eta: float
    batch_size: int | None
    penalties: tuple[float, float]   # L2 alpha, L1
    epoch: int
    history: tuple[list, list, list]  # epochs, train loss, test loss
    train_loss: float | None
    test_loss: float | None
    train_acc: float | None
    test_acc: float | None
    note: str

    @staticmethod
    def of(model: MLP, data, history, selected, note: str, resolution: int) -> "Snapshot":
        """One forward pass over the main grid, the heat maps' grid and the data gives it all."""
        X, y, test = data
        r = THUMB_RESOLUTION
        sizes = tuple(model.hidden_layer_sizes)
        main, thumbs, features_on_main, features_on_thumbs = _grids(resolution)
        n_main, n_thumb = len(main), len(thumbs)
        big_is_unit = selected is not None and selected[0] != len(sizes) + 1
        if model.diverged_:  # weights of inf/NaN: nothing to show but the note
            heat = (features_on_thumbs, *(np.full((n, n_thumb), 0.5) for n in sizes), np.full((1, n_thumb), 0.5))
            big, big_is_unit = np.full(n_main, 0.5), False
            losses = accuracies = (None, None)
        else:
            with np.errstate(all="ignore"):
                zs, layers = model.forward(np.vstack([main, thumbs, X]))
            on_thumbs = slice(n_main, n_main + n_thumb)
            p = layers[-1][:, 0]  # P(class 1): the output's colour is the prediction's
            heat = (features_on_thumbs, *(unit_heat(a[on_thumbs]) for a in layers[1:-1]), p[None, on_thumbs])
            if not big_is_unit:
                big = p[:n_main]
            elif selected[0] == 0:
                big = features_on_main[selected[1]]
            else:
                big = unit_heat(layers[selected[0]][:n_main])[selected[1]]
            z, p = zs[-1][n_main + n_thumb:], p[n_main + n_thumb:]
            splits = (~test, test)
            losses = tuple(binary_cross_entropy(z[rows], y[rows, None].astype(np.float64)) if rows.any() else None
                           for rows in splits)
            # As MLP.predict decides: class 1 where P(class 1) > P(class 0).
            accuracies = tuple(float(np.mean((p[rows] > 1 - p[rows]) == (y[rows] == 1))) if rows.any() else None
                               for rows in splits)
        return Snapshot(tuple(model.features), sizes, tuple(h.reshape(-1, r, r) for h in heat),
                        np.asarray(big).reshape(resolution, resolution), big_is_unit,
                        tuple(np.array(W) for W in model.coefs_), float(model.eta), model.batch_size,
                        (float(model.alpha), float(model.l1)), len(model.loss_curve_),
                        history, *losses, *accuracies, note)


@functools.lru_cache(maxsize=4)
def _grids(resolution: int):
    """The main panel's grid, the heat maps' grid and the features on each: the same every
    frame, so computed once (read-only)."""
    main, thumbs = grid(EXTENT, resolution), grid(EXTENT, THUMB_RESOLUTION)
    arrays = (main, thumbs, feature_heat(main), feature_heat(thumbs))
    for a in arrays:
        a.setflags(write=False)
    return arrays


def unit_heat(a: np.ndarray) -> np.ndarray:
    """Units' outputs (n_points, n_units) as heat-map values (n_units, n_points) in [0, 1]:
    −1 (and below) → 0, 0 → ½, +1 (and above) → 1."""
    return (np.clip(a.T, -1.0, 1.0) + 1.0) / 2.0


def feature_heat(points: np.ndarray) -> np.ndarray:
    """All seven features on the points, each scaled by its largest |value| there, in [0, 1]."""
    values = expand(points, tuple(FEATURES)).T
    scale = np.abs(values).max(axis=1, keepdims=True)
    return (values / np.where(scale > 0, scale, 1.0) + 1.0) / 2.0


# ---- drawing -------------------------------------------------------------------------------
def _words(rgba: np.ndarray) -> np.ndarray:
    """uint8 RGBA rows (n, 4) as n 32-bit words, the pixels draw_image takes."""
    return np.ascontiguousarray(rgba, np.uint8).reshape(-1, 4).view(np.uint32).ravel()


class Thumbnails(Artist):
    """Every unit's small heat map, at centres given in its axes' data coordinates: one artist,
    painted pixel by pixel (40 AxesImages would cost ~20 times as much per frame)."""

    def __init__(self, ax, size: int = THUMB_PIXELS) -> None:
        super().__init__()
        self.axes = ax
        self.set_figure(ax.figure)
        self.size = size
        shades = HEAT_CMAP(np.linspace(0, 1, SHADES), bytes=True)
        faded = shades.copy()  # for features not fed to the network
        faded[:, :3] = (faded[:, :3] * 0.3 + 255 * 0.7).astype(np.uint8)
        # One 32-bit word per RGBA pixel: the shades, then the same shades faded.
        self.colors = _words(np.concatenate([shades, faded]))
        self.frame_color = _words((np.array((0.35, 0.35, 0.35, 1.0)) * 255).astype(np.uint8))[0]
        self.selected_color = _words((np.array(to_rgba(HIGHLIGHT_COLOR)) * 255).astype(np.uint8))[0]
        self.centres: list[tuple[float, float]] = []
        self.maps: list[np.ndarray] = []
        self.dim: list[bool] = []
        self.selected: int | None = None
        self.set_zorder(2)
        self.set_clip_box(ax.bbox)

    def set_maps(self, centres, maps, dim, selected: int | None) -> None:
        self.centres, self.maps, self.dim, self.selected = list(centres), list(maps), list(dim), selected
        self.stale = True

    def boxes(self) -> list[tuple[int, int, int, int]]:
        """(x0, y0, x1, y1) in display pixels of each heat map, in the order given."""
        if not self.centres:
            return []
        half = self.size // 2
        corners = np.round(self.axes.transData.transform(np.asarray(self.centres, float))).astype(int) - half
        return [(x0, y0, x0 + self.size, y0 + self.size) for x0, y0 in corners.tolist()]

    def draw(self, renderer) -> None:
        if not self.get_visible() or not self.maps:
            return
        n = self.size
        r = self.maps[0].shape[0]
        index = ((np.arange(n) + 0.5) * r / n).astype(np.intp)
        # All maps in one lookup (faded maps read the faded shades), then one paste each.
        values = np.stack(self.maps)[:, index][:, :, index]
        cells = np.clip(values * (SHADES - 1) + 0.5, 0, SHADES - 1).astype(np.intp)
        cells += SHADES * np.asarray(self.dim, np.intp)[:, None, None]
        colors = np.take(self.colors, cells)  # row 0 at the bottom, as draw_image takes it
        frame = self.frame_color
        colors[:, 0], colors[:, -1], colors[:, :, 0], colors[:, :, -1] = frame, frame, frame, frame
        if self.selected is not None:
            mark, c = self.selected_color, colors[self.selected]
            c[:2], c[-2:], c[:, :2], c[:, -2:] = mark, mark, mark, mark
        gc = renderer.new_gc()
        gc.set_clip_rectangle(self.axes.bbox)
        for (x0, y0, _, _), pixels in zip(self.boxes(), colors):
            renderer.draw_image(gc, x0, y0, pixels.view(np.uint8).reshape(n, n, 4))
        gc.restore()
        self.stale = False


class PlaygroundView(LiveFigure):
    """Left: the network (heat maps joined by weights). Right: the main panel, the numbers, the loss."""

    def __init__(self, resolution: int = 60, max_epochs: int = 10_000) -> None:
        super().__init__(figsize=(10.4, 5.4))
        self.max_epochs = max_epochs
        fig = self.fig
        self.ax_net = fig.add_axes((0.005, 0.1, 0.545, 0.83))
        self.ax_net.set_axis_off()
        self.ax_net.set_xlim(0, 1)
        self.ax_net.set_ylim(0, 1)
        self.ax_main = fig.add_axes((0.58, 0.41, 0.265, 0.511))
        self.ax_loss = fig.add_axes((0.625, 0.075, 0.365, 0.215))
        self._build_network_panel()
        self._build_main_panel(resolution)
        self._build_numbers()
        self._build_loss_panel()
        self.layout: tuple | None = None
        self.dynamic(self.edges, self.thumbs, self.regions, self.unit_map, *self.points.values(),
                     self.note_text, self.main_title.image, self.train_line, self.test_line, self.remark,
                     *(stamp.image for stamp in (*self.numbers, *self.titles, *self.feature_labels)))

    # ---- panels (each built once) ----
    def _build_network_panel(self) -> None:
        ax = self.ax_net
        self.edges = LineCollection([], zorder=1, capstyle="butt")
        self._rgba = {color: np.array(to_rgba(color)) for color in (POSITIVE_COLOR, NEGATIVE_COLOR)}
        ax.add_collection(self.edges)
        self.thumbs = Thumbnails(ax)
        ax.add_artist(self.thumbs)
        # Column titles and feature names move with the architecture: stamps (drawn each frame
        # from cached bitmaps), so a new architecture keeps the background (no full render).
        net = dict(transform=ax.transData, boxed=False, fontsize=8)
        self.titles = [TextStamp(ax, 0, 0, ha="center", va="bottom", **net) for _ in range(MAX_LAYERS + 2)]
        self.feature_labels = [TextStamp(ax, 0, 0, ha="right", va="center", **net) for _ in FEATURES]
        self.fig.text(0.01, 0.035, "heat maps: each unit's output over the plane (blue −1, white 0, orange +1);"
                      "\nlines: the weights, width ∝ |w|, orange > 0, blue < 0. Click a map to see it large.",
                      fontsize=8, color="0.3", va="bottom", zorder=0)

    def _build_main_panel(self, resolution: int) -> None:
        ax = self.ax_main
        blank = np.zeros((resolution, resolution))
        self.regions = GridImage(ax, region_cmap(2), 2, blank, smooth=True)
        self.unit_map = GridImage(ax, HEAT_CMAP, 2, blank, smooth=True, levels=SHADES)
        self.unit_map.set_visible(False)
        ax.add_artist(self.regions)
        ax.add_artist(self.unit_map)
        self.points = {}
        for split in ("train", "test"):
            for k in (0, 1):
                filled = split == "train"
                self.points[split, k] = ax.plot(
                    [], [], ls="none", marker=MARKERS[k], ms=np.sqrt(30 if filled else 36), zorder=3,
                    markerfacecolor=CLASS_COLORS[k] if filled else "white",
                    markeredgecolor="black" if filled else CLASS_COLORS[k],
                    markeredgewidth=0.6 if filled else 1.5)[0]
        self.note_text = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=8,
                                 bbox=dict(boxstyle="round", facecolor="white", edgecolor=HIGHLIGHT_COLOR),
                                 visible=False, zorder=5, clip_on=True)
        ax.set_xlim(EXTENT[:2])
        ax.set_ylim(EXTENT[2:])
        ax.set_xticks([-2, 0, 2])
        ax.set_yticks([-2, 0, 2])
        ax.tick_params(labelsize=8)
        ax.set_xlabel("$x_1$", fontsize=9, labelpad=1)
        ax.set_ylabel("$x_2$", fontsize=9, labelpad=1)
        self.main_title = TextStamp(ax, 0.5, 1.02, boxed=False, ha="center", va="bottom", fontsize=10)

    def _build_numbers(self) -> None:
        labels = ("epoch", "learning rate η", "batch size", "L2 α / L1", "train loss", "test loss",
                  "train accuracy", "test accuracy")
        left, right, top, step = 0.857, 0.997, 0.925, 0.04
        for i, label in enumerate(labels):  # static, in the background; the numbers are stamps
            self.fig.text(left, top - i * step, label, fontsize=8.5, va="top", zorder=0)
        self.numbers = [TextStamp(self.ax_main, right, top - i * step, boxed=False, ha="right", va="top",
                                  transform=self.fig.transFigure, fontsize=8.5) for i in range(len(labels))]
        handles = [Line2D([], [], ls="", marker=MARKERS[k], markerfacecolor=CLASS_COLORS[k],
                          markeredgecolor="black", label=f"class {k}") for k in (0, 1)]
        handles += [Line2D([], [], ls="", marker="o", markerfacecolor="0.45", markeredgecolor="black",
                           label="train (filled)"),
                    Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor="0.3",
                           markeredgewidth=1.5, label="test (hollow)")]
        self.fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.851, 0.40), fontsize=7.5,
                        frameon=False, handletextpad=0.2, borderaxespad=0.0, labelspacing=0.35)

    def _build_loss_panel(self) -> None:
        ax = self.ax_loss
        (self.train_line,) = ax.plot([], [], color="black", lw=1.4, label="train")
        (self.test_line,) = ax.plot([], [], color=HIGHLIGHT_COLOR, lw=1.4, ls="--", label="test")
        self.remark = ax.text(0.99, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=8,
                              color=HIGHLIGHT_COLOR, zorder=5, clip_on=True)
        ax.set_yscale("log")
        ax.set_ylim(LOSS_LIMITS)
        ax.set_xlim(0, FIRST_EPOCH_LIMIT)
        ax.tick_params(labelsize=7.5)
        ax.set_xlabel("epoch", fontsize=8.5, labelpad=1)
        ax.set_ylabel("loss (log)", fontsize=8.5)
        ax.grid(True, which="major", color="0.9")
        ax.legend(loc="lower left", fontsize=7.5, ncols=2)

    # ---- the network's layout (static: changes with the architecture) ----
    def columns(self, n_features: int, sizes) -> list[int]:
        """Units per column: the seven features, each hidden layer, the output."""
        return [n_features, *sizes, 1]

    def _place(self, features: tuple[str, ...], sizes: tuple[int, ...]) -> None:
        """Centres of every heat map and the static labels, for this architecture."""
        counts = self.columns(len(FEATURES), sizes)
        xs = np.linspace(0.1, 0.93, len(counts)) if len(counts) > 2 else np.array([0.1, 0.93])
        height = self.ax_net.bbox.height
        step = (THUMB_PIXELS + 12) / height
        self.centres = [[(float(x), 0.47 + ((n - 1) / 2 - i) * step) for i in range(n)]
                        for x, n in zip(xs, counts)]
        titles = ["features", *(f"layer {i + 1}\n{n} unit{'s' if n > 1 else ''}" for i, n in enumerate(sizes)),
                  "output\nP(class 1)"]
        colors = ["black"] * len(titles)
        if not sizes:  # a note where the hidden layers would be
            xs, colors = [xs[0], 0.5, xs[1]], ["black", "0.4", "black"]
            titles = [titles[0], "no hidden layer", titles[1]]
        top = max(c[0][1] for c in self.centres)
        for i, stamp in enumerate(self.titles):  # the unused ones hidden (empty text)
            if i < len(titles):
                stamp.set_position((xs[i], top + step * 0.75))
                stamp.set_text(titles[i], colors[i])
            else:
                stamp.set_text("")
        for stamp, (cx, cy), feature in zip(self.feature_labels, self.centres[0], FEATURES.values()):
            stamp.set_position((cx - 0.035, cy))
            stamp.set_text(feature.label, "black" if feature.name in features else "0.6")
        # Every weight's line, in the order of the model's coefs_ (row-major per layer); the
        # first layer's inputs are the chosen features, in the order given.
        order = [list(FEATURES).index(name) for name in features]
        sources = [[self.centres[0][i] for i in order], *self.centres[1:-1]]
        self.edges.set_segments([(a, b) for ins, outs in zip(sources, self.centres[1:]) for a in ins for b in outs])
        self.edges.set_alpha(0.75)
        self.flat = [(c, u) for c, column in enumerate(self.centres) for u in range(len(column))]
        self.layout = (features, sizes)

    def unit_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(column, unit) of the heat map under display pixel (x, y), or None."""
        for (column, unit), (x0, y0, x1, y1) in zip(self.flat, self.thumbs.boxes()):
            if x0 <= x < x1 and y0 <= y < y1:
                return column, unit
        return None

    def heatmaps(self) -> dict[tuple[int, int], np.ndarray]:
        """(column, unit) -> the heat map shown (values in [0, 1], row 0 at the bottom)."""
        return dict(zip(self.flat, self.thumbs.maps))

    def number_text(self) -> str:
        """The numbers beside the main panel, one per line: epoch, η, batch size, penalties,
        losses, accuracies."""
        return "\n".join(stamp.get_text() for stamp in self.numbers)

    def point_offsets(self, split: str, k: int) -> np.ndarray:
        """The (x₁, x₂) of the points of class k in split "train" or "test"."""
        x, y = self.points[split, k].get_data()
        return np.column_stack([np.asarray(x, float), np.asarray(y, float)]).reshape(-1, 2)

    # ---- a frame ----
    def update(self, snap: Snapshot, data, selected: tuple[int, int] | None, title: str,
               network: bool = True) -> None:
        """Show the snapshot; `network=False` leaves the heat maps, weights and numbers as they are."""
        if self.layout != (snap.features, snap.sizes):
            self._place(snap.features, snap.sizes)
            network = True
        self._fit_epoch_axis(snap.epoch)
        if network:
            self._show_network(snap, selected)
        self._show_main(snap, data, title)
        self._show_numbers(snap, network)
        self.refresh()

    def _show_network(self, snap: Snapshot, selected) -> None:
        # Lines: width grows with |w|, colour is its sign (the segments are the layout's).
        w = np.concatenate([np.nan_to_num(np.asarray(W, float)).ravel() for W in snap.coefs])
        # (in quarter points: a line is redrawn when its width has changed visibly, not at every epoch)
        widths = np.round(np.minimum(0.25 + 1.2 * np.abs(w), 5.0) * 4) / 4
        colors = np.where((w > 0)[:, None], self._rgba[POSITIVE_COLOR], self._rgba[NEGATIVE_COLOR])
        self.set(self.edges, "weights", (widths, colors),
                 lambda v: (self.edges.set_linewidths(v[0]), self.edges.set_colors(v[1])))
        maps = [m for column in snap.heat for m in column]
        dim = [name not in snap.features for name in FEATURES] + [False] * (len(maps) - len(FEATURES))
        pick = self.flat.index(tuple(selected)) if selected is not None and tuple(selected) in self.flat else None
        centres = tuple(xy for column in self.centres for xy in column)
        self.set(self.thumbs, "maps", (centres, tuple(maps), tuple(dim), pick), lambda v: self.thumbs.set_maps(*v))

    def _show_main(self, snap: Snapshot, data, title: str) -> None:
        X, y, test = data
        for split, rows in (("train", ~test), ("test", test)):
            for k in (0, 1):
                offsets = X[rows & (y == k)].reshape(-1, 2)
                if not np.array_equal(offsets, self.point_offsets(split, k)):
                    self.points[split, k].set_data(offsets[:, 0], offsets[:, 1])
        self.regions.set_visible(not snap.big_is_unit)
        self.unit_map.set_visible(snap.big_is_unit)
        (self.unit_map if snap.big_is_unit else self.regions).set_grid(snap.big)
        self.main_title.set_text(title)
        note = snap.note
        self.note_text.set_text("\n".join(textwrap.wrap(note, 34)))
        self.note_text.set_visible(bool(note))

    def _show_numbers(self, snap: Snapshot, numbers: bool = True) -> None:
        def loss(value):
            return "–" if value is None else f"{value:.3f}"

        def acc(value):
            return "–" if value is None else f"{value:.1%}"

        texts = [str(snap.epoch), f"{snap.eta:.3g}", "full" if snap.batch_size is None else str(snap.batch_size),
                 " / ".join(f"{p:g}" for p in snap.penalties), loss(snap.train_loss), loss(snap.test_loss), acc(snap.train_acc),
                 acc(snap.test_acc)]
        for stamp, text in zip(self.numbers if numbers else (), texts):  # a new number: ~0.15 ms (glyphs)
            stamp.set_text(text)
        epochs, train, test = snap.history
        self.train_line.set_data(epochs, [np.nan if x is None else x for x in train])
        self.test_line.set_data(epochs, [np.nan if x is None else x for x in test])
        if snap.note:
            remark = "diverged: see the main panel"
        elif snap.epoch >= self.max_epochs:
            remark = f"stopped at the {self.max_epochs}-epoch limit"
        elif snap.train_loss is not None and snap.train_loss > LOSS_LIMITS[1]:
            remark = "loss off the scale: η too large?"
        else:
            remark = ""
        self.remark.set_text(remark)

    def _fit_epoch_axis(self, epoch: int) -> None:
        """Grow (or reset) the epoch axis in doublings, so full redraws are rare."""
        limit = FIRST_EPOCH_LIMIT
        while limit < epoch:
            limit *= 2
        if self.ax_loss.get_xlim()[1] != limit:
            self.ax_loss.set_xlim(0, limit)
            self.invalidate(key=("epochs", limit))


# ---- the explorer ----------------------------------------------------------------------------
def _choice_layout(width: str = "250px") -> widgets.Layout:
    return widgets.Layout(width=width)


class TrainingExplorer(Explorer):
    """Train a network live, as in TensorFlow Playground, on generated data or your own.

    Layers and units (+/− buttons), activation, features, learning rate η, batch size, L2 (α)
    and L1 penalties, data set, noise, test fraction and seed. Changing the network, the
    features, the data set or the seed starts again at epoch 0 (and says so); η, batch size
    and the penalties change the training as it runs; added or removed points too.
    `model` is the `nnlib.MLP` being trained; `state()` / `from_state(state)` keep it all.
    """

    def __init__(self, dataset: str = "moons", hidden_layer_sizes=(4,), activation: str = "tanh",
                 eta: float = 1.0, batch_size: int | None = None, alpha: float = 0.0, l1: float = 0.0,
                 features=("x1", "x2"), noise: float = 0.2, test_fraction: float = 0.3,
                 random_state: int = 0, n_samples: int = 200, epochs_per_tick: int = 10,
                 max_epochs: int = 10_000, period: float = 1 / 60, resolution: int = 60,
                 data: dict | None = None, weights: dict | None = None, history: dict | None = None) -> None:
        sizes, features = _check_arguments(
            hidden_layer_sizes=hidden_layer_sizes, batch_size=batch_size, alpha=alpha, l1=l1,
            features=features, n_samples=n_samples, epochs_per_tick=epochs_per_tick,
            max_epochs=max_epochs, resolution=resolution)
        self.n_samples, self.epochs_per_tick = n_samples, epochs_per_tick
        # Lines of text that sit among the controls (the rows below place them).
        self.message, self.layers_label, self.draw_note = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.layer_labels = [widgets.HTML() for _ in range(MAX_LAYERS)]
        self.headings = [widgets.HTML("<b>hidden layers</b>&nbsp;"), widgets.HTML("<b>features</b>&nbsp;")]
        # The rest is checked by the controls themselves (their ranges and options, declared once).
        check_values(self._rows(), dataset=dataset, activation=activation, eta=eta, noise=noise,
                     test_fraction=test_fraction, random_state=random_state)
        self.max_epochs, self.resolution = max_epochs, resolution
        self.sizes, self.features = sizes, features
        self.view = PlaygroundView(resolution, max_epochs)
        self.animation = Animation(self._frame, period=period)
        self._epoch_seconds = 0.0
        self._frames_played = 0
        self._snap: Snapshot | None = None  # the last frame's (a change of η alone reuses it)
        self.selected: tuple[int, int] | None = None  # the unit shown large (clicked)
        self.hovered: tuple[int, int] | None = None   # the unit under the mouse
        values = dict(dataset=dataset, activation=activation, eta=eta, batch_size=batch_size or "full",
                      alpha=float(alpha), l1=float(l1), noise=noise, test_fraction=test_fraction,
                      random_state=random_state, play=False, draw_class=1,
                      **{f"feature_{name}": name in features for name in FEATURES})
        self.build(self._rows(), values)
        self._show_structure()
        self.view.canvas.on_mouse(self._on_mouse)
        self._new_run(_checked_data(data) if data is not None else None, weights, history)

    # ---- controls ----
    def _rows(self) -> list:
        """The controls, declared once, in rows (a list inside a row is a column)."""
        small = "34px"
        units = []
        for i in range(MAX_LAYERS):
            units += [Control(f"units_minus_{i}", "button", "−", tooltip=f"one unit fewer in layer {i + 1}",
                              width=small),
                      self.layer_labels[i],
                      Control(f"units_plus_{i}", "button", "+", tooltip=f"one unit more in layer {i + 1}",
                              width=small)]
        n = self.epochs_per_tick
        wide = "300px"
        return [
            [Control("play", "toggle", "play", icon="play", tooltip="play / pause: train continuously",
                     width="90px"),
             Control("step", "button", f"+{n} epochs", icon="step-forward", tooltip=f"train {n} epochs",
                     width="120px"),
             Control("reset", "button", "reset", icon="undo", tooltip="new weights (same seed), epoch 0",
                     width="90px"),
             self.message],
            [self.headings[0],
             Control("layers_minus", "button", "−", tooltip="one hidden layer fewer", width=small),
             self.layers_label,
             Control("layers_plus", "button", "+", tooltip="one hidden layer more", width=small), *units],
            [self.headings[1],
             *(Control(f"feature_{name}", "toggle", f.text, tooltip=f"feed {f.text} to the network", width="62px")
               for name, f in FEATURES.items())],
            [[Control("activation", "choice", "activation", options=ACTIVATION_OPTIONS, width="250px"),
              Control("batch_size", "choice", "batch size", options=BATCH_OPTIONS, width="170px"),
              Control("eta", "log", "learning rate η", 1e-3, 10.0, step=0.1, width=wide)],
             [Control("alpha", "steps", "L2 penalty α", options=PENALTIES, width=wide),
              Control("l1", "steps", "L1 penalty", options=PENALTIES, width=wide),
              Control("random_state", "int", "seed", 0, 99, width=wide,
                      tooltip="seeds the data, the split, the weights and the batches")]],
            [[Control("dataset", "choice", "data set", options=DATASET_OPTIONS, width="250px"),
              Control("noise", "float", "noise", 0.0, 0.5, step=0.05, width=wide),
              Control("test_fraction", "float", "test fraction", 0.1, 0.9, step=0.05, width=wide)],
             [Control("draw_class", "buttons", "add points of", options=(("class 0", 0), ("class 1", 1)),
                      width="76px", tooltip="the class of the points your clicks add"),
              Control("clear", "button", "clear points", icon="trash", width="120px",
                      tooltip="remove every point (then draw your own)", action="clear_points"),
              self.draw_note]],
        ]

    def pressed(self, name: str) -> None:
        """A button: step, reset, clear, or a +/− of the layers or of a layer's units."""
        if name == "layers_minus" or name == "layers_plus":
            self._resize(len(self.sizes) + (1 if name == "layers_plus" else -1))
        elif name.startswith("units_"):
            sign, layer = name.split("_")[1], int(name.rsplit("_", 1)[1])
            self._set_units(layer, 1 if sign == "plus" else -1)
        else:
            super().pressed(name)

    def _show_structure(self) -> None:
        """The +/− rows and the greyed controls, after the layers or the data set changed."""
        c = self.controls
        n = len(self.sizes)
        self.layers_label.value = f"&nbsp;{n}&nbsp;"
        c["layers_minus"].disabled, c["layers_plus"].disabled = n == 0, n == MAX_LAYERS
        for i in range(MAX_LAYERS):  # rows of layers not there stay, greyed (the layout holds still)
            there = i < n
            self.layer_labels[i].value = (f"&nbsp;layer {i + 1}: {self.sizes[i]}&nbsp;" if there else
                                          f"<span style='color:#999'>&nbsp;layer {i + 1}: –&nbsp;</span>")
            c[f"units_minus_{i}"].disabled = not there or self.sizes[i] == 1
            c[f"units_plus_{i}"].disabled = not there or self.sizes[i] == MAX_UNITS
        own = c["dataset"].value == OWN
        for name in ("noise", "test_fraction"):
            c[name].disabled = own
            c[name].tooltip = "your own points: every one you add trains the network" if own else ""
        mouse = not type(self.view.canvas.canvas).__name__ == "ImageCanvas"
        self.draw_note.value = (
            "<small>Click the data panel to add a point, click a point to remove it.</small>" if mouse else
            "<small>This front end sends no mouse events: add points with "
            "<code>explorer.add_point(x1, x2, label)</code>.</small>")

    def _say(self, text: str) -> None:
        self.message.value = f"<span style='color:{HIGHLIGHT_COLOR}'>{text}</span>" if text else ""

    def changed(self, name: str | None, value) -> None:
        """The one hook: control `name` has `value` now."""
        if type(self.view.canvas.canvas).__name__ == "ImageCanvas" and "no mouse events" not in self.draw_note.value:
            self._show_structure()  # this front end turned out to lack the canvas: say so
        if name == "play":
            self._play_changed(bool(value))
            return
        if name == "draw_class":
            return  # the class of the next points clicked: nothing to redraw
        with self.animation.lock:
            if name in ("eta", "batch_size", "alpha", "l1"):
                setattr(self.model, name, self._setting(name))  # read at each partial_fit: live
                self._redraw(settings_only=True)
            elif name.startswith("feature_"):
                chosen = tuple(f for f in FEATURES if self.controls[f"feature_{f}"].value)
                if not chosen:  # the network needs an input: undo, and say why
                    self._set_quietly(name, True)
                    self._say("At least one feature must feed the network.")
                    return
                self.features = chosen
                self._new_run(keep_data=True, why="features changed: new weights, epoch 0")
            elif name == "activation":
                self._new_run(keep_data=True, why="activation changed: new weights, epoch 0")
            elif name == "dataset" and value == OWN:
                self._show_structure()  # your own data start from the points shown
                self._redraw()
            elif name == "random_state" and self.controls["dataset"].value == OWN:
                self._new_run(keep_data=True, why="seed changed: new weights, epoch 0 (your points stay)")
            else:  # dataset, noise, test fraction, seed: new data and new weights
                self._new_run(why=f"{str(name).replace('_', ' ')} changed: new data and weights, epoch 0")

    def _set_quietly(self, name: str, value) -> None:
        """Set a control without reacting to it (the explorer's own correction)."""
        self._holding = True
        try:
            self.controls[name].value = value
        finally:
            self._holding = False

    def _setting(self, name: str):
        """A training setting as the MLP takes it (the batch size "full" is None)."""
        value = self.controls[name].value
        if name == "batch_size":
            return None if value == "full" else int(value)
        return float(value)

    # ---- runs ----
    def _model(self) -> MLP:
        c = self.controls
        return MLP(hidden_layer_sizes=self.sizes, activation=c["activation"].value, output="sigmoid",
                   eta=float(c["eta"].value), batch_size=self._setting("batch_size"), alpha=float(c["alpha"].value),
                   l1=float(c["l1"].value), features=self.features, random_state=int(c["random_state"].value))

    def _new_run(self, data=None, weights: dict | None = None, history: dict | None = None,
                 keep_data: bool = False, why: str = "") -> None:
        """New weights (seeded) at epoch 0, on new data unless `keep_data` or `data` is given."""
        with self.animation.lock:
            c = self.controls
            if data is None and not keep_data:
                data = make_data(c["dataset"].value, float(c["noise"].value), float(c["test_fraction"].value),
                                 self.n_samples, int(c["random_state"].value))
            if data is not None:
                self.X, self.y, self.test = data
            self.model = self._model().initialize(2, 2)
            if weights is not None:
                _restore_weights(self.model, weights)
            history = history or {}
            self.model.loss_curve_ = [float(x) for x in history.get("loss_curve", [])]
            self.history = tuple([float(x) if x is not None else None for x in history.get(key, [])]
                                 if key != "epochs" else [int(x) for x in history.get(key, [])]
                                 for key in ("epochs", "train_loss", "test_loss"))
            self.note = ""
            if self.selected is not None and self.selected[0] > len(self.sizes) + 1:
                self.selected = None
            self._show_structure()
            self._say(why)
            self._redraw()

    def reset(self) -> None:
        """New weights (same seed) at epoch 0, same data; play state unchanged."""
        self._new_run(keep_data=True, why="")

    def _resize(self, n_layers: int) -> None:
        n_layers = max(0, min(MAX_LAYERS, n_layers))
        if n_layers == len(self.sizes):
            return
        self.sizes = self.sizes[:n_layers] + (2,) * (n_layers - len(self.sizes))
        self._new_run(keep_data=True, why=f"{n_layers} hidden layer{'s' if n_layers != 1 else ''}: "
                                          "new weights, epoch 0")

    def _set_units(self, layer: int, change: int) -> None:
        if layer >= len(self.sizes):
            return
        n = max(1, min(MAX_UNITS, self.sizes[layer] + change))
        if n == self.sizes[layer]:
            return
        self.sizes = self.sizes[:layer] + (n,) + self.sizes[layer + 1:]
        self._new_run(keep_data=True, why=f"layer {layer + 1} has {n} unit{'s' if n > 1 else ''}: "
                                          "new weights, epoch 0")

    @property
    def hidden_layer_sizes(self) -> tuple[int, ...]:
        """The hidden layers' widths now."""
        return self.sizes

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return len(self.model.loss_curve_)

    @property
    def X_train(self) -> np.ndarray:
        return self.X[~self.test]

    @property
    def y_train(self) -> np.ndarray:
        return self.y[~self.test]

    @property
    def X_test(self) -> np.ndarray:
        return self.X[self.test]

    @property
    def y_test(self) -> np.ndarray:
        return self.y[self.test]

    # ---- your own data ----
    def add_point(self, x1: float, x2: float, label: int) -> None:
        """Add a training point of class `label` (0 or 1) at (x₁, x₂); training goes on."""
        x1 = v.check_real(x1, "x1")
        x2 = v.check_real(x2, "x2")
        if isinstance(label, bool) or label not in (0, 1):
            raise ValueError(f"label must be 0 or 1 (the class of the point); got {label!r}")
        with self.animation.lock:
            self.X = np.vstack([self.X, [[x1, x2]]])
            self.y = np.append(self.y, int(label))
            self.test = np.append(self.test, False)
            self._made_own()

    def remove_point(self, index: int) -> None:
        """Remove point `index` (a row of explorer.X, train or test); training goes on."""
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not -len(self.X) <= index < len(self.X):
            raise IndexError(f"index must be a whole number in [0, {len(self.X) - 1}] (a row of explorer.X); "
                             f"got {index!r}")
        with self.animation.lock:
            keep = np.ones(len(self.X), bool)
            keep[index] = False
            self.X, self.y, self.test = self.X[keep], self.y[keep], self.test[keep]
            self._made_own()

    def clear_points(self) -> None:
        """Remove every point: an empty plane to draw on."""
        with self.animation.lock:
            self.X, self.y, self.test = make_data(OWN)
            self._made_own()

    def _made_own(self) -> None:
        """The points are the learner's now: the data set says so; the weights stay."""
        if self.controls["dataset"].value != OWN:
            self._set_quietly("dataset", OWN)
            self._show_structure()
        self._say("")
        self._redraw()

    def _on_mouse(self, event) -> None:
        view = self.view
        if event.kind == "move":
            unit = view.unit_at(event.x, event.y)
            if unit != self.hovered:
                self.hovered = unit
                with self.animation.lock:
                    self._redraw(record=False)
            return
        if event.kind == "leave" and self.hovered is not None:
            self.hovered = None
            with self.animation.lock:
                self._redraw(record=False)
            return
        if event.kind != "click" or event.button != 1:
            return
        unit = view.unit_at(event.x, event.y)
        if unit is not None:
            self.select(None if unit == self.selected else unit)
            return
        ax = view.ax_main
        if not ax.bbox.contains(event.x, event.y):
            return
        if len(self.X):
            pixels = ax.transData.transform(self.X)
            distance = np.hypot(*(pixels - (event.x, event.y)).T)
            nearest = int(np.argmin(distance))
            if distance[nearest] <= PICK_PIXELS:
                self.remove_point(nearest)
                return
        x1, x2 = ax.transData.inverted().transform((event.x, event.y))
        self.add_point(float(x1), float(x2), int(self.controls["draw_class"].value))

    def select(self, unit: tuple[int, int] | None) -> None:
        """Show unit (column, index) large in the main panel (column 0: the features), or None."""
        if unit is not None:
            column, index = unit
            counts = self.view.columns(len(FEATURES), self.sizes)
            if not (0 <= column < len(counts) and 0 <= index < counts[column]):
                raise ValueError(f"unit must be (column, index) of a heat map shown, columns 0..{len(counts) - 1} "
                                 f"with {counts} units; got {unit!r}")
            unit = (int(column), int(index))
        with self.animation.lock:
            self.selected = unit
            self._redraw(record=False)

    def _title(self, unit) -> str:
        if unit is None or unit[0] == len(self.sizes) + 1:
            return "What the network predicts"
        column, index = unit
        if column == 0:
            return f"Feature {list(FEATURES.values())[index].label} over the plane"
        return f"Unit {index + 1} of layer {column}: its output"

    # ---- training ----
    @property
    def playing(self) -> bool:
        """True while training plays."""
        return self.animation.playing

    def play(self) -> None:
        """Train continuously, one chunk per frame, until paused, diverged or at the limit."""
        self.controls["play"].value = True

    def pause(self) -> None:
        """Stop training before the next frame; the weights are what the last frame showed."""
        self.controls["play"].value = False

    def _play_changed(self, playing: bool) -> None:
        if not playing:
            self.animation.pause()  # first: a frame could start while the button is relabelled
        button = self.controls["play"]
        button.description, button.icon = ("pause", "pause") if playing else ("play", "play")
        if playing:
            if self.model.diverged_ or self.epoch >= self.max_epochs:
                self.reset()  # play after the end: start again, as a learner expects
            self.animation.play()

    def _train(self, n_epochs: int) -> None:
        if not (~self.test).any():
            self._say("No training points: click the data panel to add some.")
            return
        end = min(self.epoch + n_epochs, self.max_epochs)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DivergenceWarning)
            while self.epoch < end and not self.model.diverged_:
                self.model.partial_fit(self.X_train, self.y_train, n_epochs=min(self.epochs_per_tick, end - self.epoch))
        for warning in caught:
            if issubclass(warning.category, DivergenceWarning):
                self.note = str(warning.message)
            else:  # anything else is not ours to swallow
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)

    def step(self, n_epochs: int | None = None) -> None:
        """Train n_epochs (default: one tick's worth) and redraw."""
        n_epochs = self.epochs_per_tick if n_epochs is None else v.check_int(n_epochs, "n_epochs")
        with self.animation.lock:
            self._train(n_epochs)
            self._redraw()

    def _frame(self, budget: float) -> bool:
        """One animation frame: train what fits in a quarter of the frame, redraw; False to stop."""
        n = (units_per_frame(self._epoch_seconds, 0.25 * budget, limit=self.epochs_per_tick)
             if self._epoch_seconds > 0 else self.epochs_per_tick)
        started, before = time.perf_counter(), self.epoch
        self._train(n)
        if self.epoch > before:
            self._epoch_seconds = (time.perf_counter() - started) / (self.epoch - before)
        done = bool(self.model.diverged_) or self.epoch >= self.max_epochs or not (~self.test).any()
        # The network panel (every unit's map, every weight) and the numbers cost about as much
        # as the rest of the frame: while playing they follow every NETWORK_EVERY-th frame (20
        # a second); the prediction and the loss curves follow every frame.
        self._frames_played += 1
        self._redraw(network=done or self._frames_played % NETWORK_EVERY == 0)
        if done:
            self.controls["play"].value = False
        return not done

    def _record(self, train_loss: float | None, test_loss: float | None) -> None:
        """Note the losses at this epoch (the curves' next point)."""
        epochs, train, test = self.history
        if epochs and epochs[-1] == self.epoch or train_loss is None and test_loss is None and epochs:
            return
        epochs.append(self.epoch)
        train.append(train_loss)
        test.append(test_loss)

    def _redraw(self, record: bool = True, network: bool = True, settings_only: bool = False) -> None:
        shown = self.hovered if self.hovered is not None else self.selected
        note = self.note + (" (The inputs are standardised already.)" if self.note else "")
        if settings_only and self._snap is not None:  # same weights, data and view: only the numbers
            m = self.model
            snap = replace(self._snap, eta=float(m.eta), batch_size=m.batch_size,
                           penalties=(float(m.alpha), float(m.l1)))
        else:
            snap = Snapshot.of(self.model, (self.X, self.y, self.test), self.history, shown, note, self.resolution)
        self._snap = snap
        if record:  # the snapshot holds the explorer's history lists: the curves get this point too
            self._record(snap.train_loss, snap.test_loss)
        self.view.update(snap, (self.X, self.y, self.test), shown, self._title(shown), network)

    # ---- keeping it ----
    def state(self) -> dict:
        """Everything needed to rebuild this explorer exactly, as plain lists, numbers and strings."""
        c = self.controls
        rng = getattr(self.model, "_rng", None)
        return {
            "dataset": c["dataset"].value, "hidden_layer_sizes": list(self.sizes),
            "activation": c["activation"].value, "eta": float(c["eta"].value),
            "batch_size": self._setting("batch_size"), "alpha": float(c["alpha"].value), "l1": float(c["l1"].value),
            "features": list(self.features), "noise": float(c["noise"].value),
            "test_fraction": float(c["test_fraction"].value), "random_state": int(c["random_state"].value),
            "n_samples": self.n_samples, "epochs_per_tick": self.epochs_per_tick, "max_epochs": self.max_epochs,
            "data": {"X": self.X.tolist(), "y": self.y.tolist(), "test": self.test.tolist()},
            "weights": {"coefs": [np.asarray(W).tolist() for W in self.model.coefs_],
                        "intercepts": [np.asarray(b).tolist() for b in self.model.intercepts_],
                        "rng": None if rng is None else rng.bit_generator.state},
            "history": {"loss_curve": list(self.model.loss_curve_), "epochs": list(self.history[0]),
                        "train_loss": list(self.history[1]), "test_loss": list(self.history[2])},
        }

    @classmethod
    def from_state(cls, state: dict) -> "TrainingExplorer":
        """A new explorer exactly as `state()` described it."""
        if not isinstance(state, dict):
            raise TypeError(f"state must be a dict from TrainingExplorer.state(); got {v._describe(state)}")
        return cls(**state)


def _checked_data(data: dict):
    """The `data` argument (from state()): X (n, 2), y of 0/1, test flags, checked."""
    if not isinstance(data, dict) or set(data) != {"X", "y", "test"}:
        raise ValueError(f"data must be a dict with keys 'X', 'y', 'test' (from state()); got "
                         f"{sorted(data) if isinstance(data, dict) else v._describe(data)}")
    X = np.asarray(data["X"], dtype=np.float64).reshape(-1, 2) if len(data["X"]) else np.zeros((0, 2))
    if len(data["X"]):
        X = v.check_X(data["X"], "data['X']", n_features=2)
    y = np.asarray(data["y"], dtype=int).reshape(-1)
    test = np.asarray(data["test"], dtype=bool).reshape(-1)
    if not (len(X) == len(y) == len(test)):
        raise ValueError(f"data['X'], data['y'] and data['test'] must have one entry per point; got "
                         f"{len(X)}, {len(y)} and {len(test)}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"data['y'] must hold labels 0 and 1; got {sorted(set(y.tolist()))}")
    return np.array(X, dtype=np.float64), y, test


def _restore_weights(model: MLP, weights: dict) -> None:
    if not isinstance(weights, dict) or not {"coefs", "intercepts"} <= set(weights):
        raise ValueError("weights must be a dict with 'coefs' and 'intercepts' (from state()); got "
                         f"{sorted(weights) if isinstance(weights, dict) else v._describe(weights)}")
    shapes = [np.shape(W) for W in model.coefs_]
    coefs = [np.array(W, dtype=np.float64) for W in weights["coefs"]]
    intercepts = [np.array(b, dtype=np.float64) for b in weights["intercepts"]]
    if [W.shape for W in coefs] != shapes or [b.shape for b in intercepts] != [(s[1],) for s in shapes]:
        raise ValueError(f"weights do not fit this network: coefs shapes {[W.shape for W in coefs]}, "
                         f"the network's {shapes} (features and hidden_layer_sizes must be the state's)")
    model.coefs_, model.intercepts_ = coefs, intercepts
    if weights.get("rng") is not None:
        model._rng.bit_generator.state = weights["rng"]


def _check_arguments(**values) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The constructor arguments no control checks, like the library's; returns the layer sizes
    and the features."""
    sizes = values["hidden_layer_sizes"]
    if isinstance(sizes, np.ndarray):
        sizes = sizes.tolist()
    ok = isinstance(sizes, (tuple, list)) and len(sizes) <= MAX_LAYERS and all(
        isinstance(n, (int, np.integer)) and not isinstance(n, bool) and 1 <= n <= MAX_UNITS for n in sizes)
    if not ok:
        raise ValueError(f"hidden_layer_sizes must be a tuple of 0 to {MAX_LAYERS} layer widths, each a whole "
                         f"number in [1, {MAX_UNITS}], such as (4,) or (8, 8); got {sizes!r}")
    for name, lo, hi in (("epochs_per_tick", 1, 10_000), ("max_epochs", 1, 10**6), ("n_samples", 10, 10_000),
                         ("resolution", 10, 200)):
        check_number(name, values[name], lo, hi, integer=True)
    batch = values["batch_size"]
    if batch is not None and (isinstance(batch, bool) or batch not in (1, 10, 32)):
        raise ValueError(f"batch_size must be 1, 10, 32 or None (the full batch); got {batch!r}")
    for name in ("alpha", "l1"):
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or float(value) not in PENALTIES:
            raise ValueError(f"{name} must be one of {', '.join(f'{p:g}' for p in PENALTIES)}; got {value!r}")
    return tuple(int(n) for n in sizes), check_features(values["features"])
