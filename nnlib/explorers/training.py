"""Live training of a small network: play / pause / step / reset and watch it learn.

Three layers, as in every explorer:
- `TrainingRun` (pure compute): seeded data split into train and test, an `MLP`, and the
  loss history; `train(n_epochs)` continues training and notes divergence.
- `TrainingView` (a `LiveFigure`): the decision regions with the train and test points, the
  train and test loss curves and a status line; `update(...)` only changes artist data.
- `TrainingExplorer`: the widgets. Playing is driven by the kernel (`_animate.Animation`):
  once per display frame (1/60 s) it trains a chunk of epochs, redraws and sends what
  changed, then sleeps to the next frame; controls are handled between frames.
"""

from __future__ import annotations

import textwrap
import time
import warnings

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ..datasets import make_circles, make_moons, make_spiral, make_xor, standardize, train_test_split
from ..linear import DivergenceWarning
from ..mlp import MLP
from ..plotting import CLASS_COLORS, HIGHLIGHT_COLOR, MARKERS, grid, region_cmap
from ._animate import Animation, units_per_frame
from ._base import (Explorer, LiveFigure, TextStamp, canvas_widget, check_choice, check_number, on_click,
                    slider)
from ._render import GridImage

DATASETS = {"XOR": make_xor, "moons": make_moons, "circles": make_circles, "spiral": make_spiral}
ACTIVATION_OPTIONS = (("tanh", "tanh"), ("sigmoid σ", "sigmoid"), ("ReLU", "relu"),
                      ("leaky ReLU", "leaky_relu"))
EXTENT = (-3.0, 3.0, -3.0, 3.0)  # the inputs are standardised, so one box fits every data set
LOSS_LIMITS = (1e-3, 10.0)       # log scale: from "almost perfect" to "worse than guessing"
FIRST_EPOCH_LIMIT = 500          # the loss axis starts at 0..500 epochs and doubles as needed


def make_problem(dataset: str = "moons", noise: float = 0.2, test_size: float = 0.3,
                 n_samples: int = 200, random_state=0):
    """Seeded data split into X_train, X_test, y_train, y_test, standardised by the training set."""
    if dataset not in DATASETS:
        raise ValueError(f"Unknown data set {dataset!r}. Valid names: {', '.join(DATASETS)}.")
    X, y = DATASETS[dataset](n_samples=n_samples, noise=noise, random_state=random_state)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, random_state=random_state)
    X_train, mean, std = standardize(X_train)
    X_test, _, _ = standardize(X_test, mean, std)
    return X_train, X_test, y_train, y_test


def probability_grid(model, resolution: int = 60) -> np.ndarray:
    """P(class 1) on the grid of `plotting.grid(EXTENT, resolution)`: row = x₂, from the bottom."""
    proba = model.predict_proba(grid(EXTENT, resolution))[:, 1]
    return proba.reshape(resolution, resolution)


class TrainingRun:
    """One training run: data, model and history. `train(n)` continues it by n epochs."""

    def __init__(self, dataset: str = "moons", noise: float = 0.2, test_size: float = 0.3,
                 hidden: int = 6, activation: str = "tanh", eta: float = 1.0, seed: int = 0,
                 n_samples: int = 200) -> None:
        self.X_train, self.X_test, self.y_train, self.y_test = make_problem(
            dataset, noise, test_size, n_samples, random_state=0)
        self.model = MLP(hidden_layer_sizes=(int(hidden),), activation=activation, eta=float(eta),
                         random_state=int(seed))
        self.model.initialize(2, 2)
        self.test_epochs: list[int] = [0]
        self.test_losses: list[float] = [self._test_loss()]
        self.note = ""  # the divergence explanation, once training has diverged

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return len(self.model.loss_curve_)

    @property
    def diverged(self) -> bool:
        return bool(self.model.diverged_)

    def _test_loss(self) -> float:
        with np.errstate(all="ignore"):
            return float(self.model.loss_value(self.X_test, self.y_test))

    def train(self, n_epochs: int) -> None:
        """Train n_epochs more epochs (nothing after divergence); record the test loss."""
        if self.diverged or n_epochs <= 0:
            return
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DivergenceWarning)
            self.model.partial_fit(self.X_train, self.y_train, n_epochs=n_epochs)
        for warning in caught:
            if issubclass(warning.category, DivergenceWarning):
                self.note = str(warning.message)
            else:  # anything else is not ours to swallow
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        if not self.diverged:
            self.test_epochs.append(self.epoch)
            self.test_losses.append(self._test_loss())

    def frame(self, resolution: int = 60) -> dict:
        """Everything the view shows, computed from the current model."""
        with np.errstate(all="ignore"):  # huge weights just before divergence must not print warnings
            grid = None if self.diverged else probability_grid(self.model, resolution)
            train_acc = None if self.diverged else self.model.score(self.X_train, self.y_train)
            test_acc = None if self.diverged else self.model.score(self.X_test, self.y_test)
        return dict(grid=grid, epoch=self.epoch, train_loss=self.model.loss_curve_,
                    test_epochs=self.test_epochs, test_loss=self.test_losses,
                    train_acc=train_acc, test_acc=test_acc, note=self.note, eta=self.model.eta)


class TrainingView(LiveFigure):
    """Left: decision regions with train (filled) and test (hollow) points. Right: loss curves."""

    def __init__(self, resolution: int = 60, max_epochs: int = 10_000) -> None:
        super().__init__(figsize=(9.6, 3.8))
        self.max_epochs = max_epochs
        self.ax_data, self.ax_loss = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.25]})
        self.fig.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.9, wspace=0.22)

        ax = self.ax_data
        # The shading: P(class 1) interpolated to every pixel and cut at 0.5 (a smooth boundary).
        self.regions = GridImage(ax, region_cmap(2), 2, np.zeros((resolution, resolution)), smooth=True)
        ax.add_artist(self.regions)
        # One line of markers per (class, split): colour and marker name the class, fill names
        # the split. (Lines of markers, not scatter: a scatter costs ~1 ms more per frame.)
        self.points = {}
        for split in ("train", "test"):
            for k in (0, 1):
                filled = split == "train"
                self.points[split, k] = ax.plot(
                    [], [], ls="none", marker=MARKERS[k], ms=np.sqrt(34 if filled else 40), zorder=3,
                    markerfacecolor=CLASS_COLORS[k] if filled else "white",
                    markeredgecolor="black" if filled else CLASS_COLORS[k],
                    markeredgewidth=0.6 if filled else 1.6)[0]
        self.note_text = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=9,
                                 bbox=dict(boxstyle="round", facecolor="white", edgecolor=HIGHLIGHT_COLOR),
                                 visible=False, zorder=5, clip_on=True)
        ax.set_xlim(EXTENT[:2])
        ax.set_ylim(EXTENT[2:])
        ax.set_xlabel("$x_1$ (standardised)")
        ax.set_ylabel("$x_2$ (standardised)")
        ax.set_title("What the network predicts", fontsize=11)
        handles = [Line2D([], [], ls="", marker=MARKERS[k], markerfacecolor=CLASS_COLORS[k],
                          markeredgecolor="black", label=f"class {k}") for k in (0, 1)]
        handles += [Line2D([], [], ls="", marker="o", markerfacecolor="0.45", markeredgecolor="black",
                           label="train (filled)"),
                    Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor="0.3",
                           markeredgewidth=1.6, label="test (hollow)")]
        ax.legend(handles=handles, loc="upper left", fontsize=7.5, ncols=2, framealpha=0.85,
                  handletextpad=0.2, columnspacing=0.8, borderpad=0.3)

        ax = self.ax_loss
        (self.train_line,) = ax.plot([], [], color="black", lw=1.6, label="train loss")
        (self.test_line,) = ax.plot([], [], color=HIGHLIGHT_COLOR, lw=1.6, ls="--", label="test loss")
        # The status box: labels are static (drawn once), only the numbers are redrawn.
        top, left, right = 0.955, 0.6, 0.965
        ax.add_patch(Rectangle((left - 0.02, top - 0.215), right - left + 0.035, 0.235, transform=ax.transAxes,
                               facecolor="white", edgecolor="0.7", alpha=0.9, zorder=4))
        ax.text(left, top, "η\nepoch\ntrain accuracy\ntest accuracy", transform=ax.transAxes, ha="left",
                va="top", fontsize=9, zorder=5, linespacing=1.2)
        # The four numbers are TextStamps (cached bitmaps): a 4-line Text costs ~2 ms a frame.
        # They are figure-level images, drawn above everything, as the status box should be.
        line = 9 * 1.2 / 72 / (ax.bbox.height / self.fig.dpi)  # one line of 9 pt text, in axes units
        self.status_lines = [TextStamp(ax, right, top - i * line, boxed=False, ha="right", va="top",
                                       fontsize=9) for i in range(4)]
        # clip_on: the text stays inside the axes, so the drawing layer knows where it paints.
        self.remark = ax.text(right + 0.015, top - 0.235, "", transform=ax.transAxes, ha="right", va="top",
                              fontsize=8.5, color=HIGHLIGHT_COLOR, zorder=5, clip_on=True)
        ax.set_yscale("log")
        ax.set_ylim(LOSS_LIMITS)
        ax.set_xlim(0, FIRST_EPOCH_LIMIT)
        ax.set_xlabel("epoch")
        ax.set_ylabel("cross-entropy loss (log scale)")
        ax.set_title("Loss on the training and the test data", fontsize=11)
        ax.grid(True, which="major", color="0.9")
        ax.legend(loc="lower left", fontsize=8.5)
        # The points are dynamic too: a new data set then costs a frame, not a rebuild.
        self.dynamic(self.regions, *self.points.values(), self.train_line, self.test_line,
                     self.remark, self.note_text,
                     *(stamp.image for stamp in self.status_lines))

    def status_text(self) -> str:
        """The status box's numbers, one per line: η, epoch, train and test accuracy."""
        return "\n".join(stamp.get_text() for stamp in self.status_lines)

    def point_offsets(self, split: str, k: int) -> np.ndarray:
        """The (x₁, x₂) of the points of class k in split "train" or "test"."""
        x, y = self.points[split, k].get_data()
        return np.column_stack([np.asarray(x, float), np.asarray(y, float)]).reshape(-1, 2)

    def show_data(self, X_train, X_test, y_train, y_test) -> None:
        """Place the train and test points (after the data changed)."""
        for split, X, y in (("train", X_train, y_train), ("test", X_test, y_test)):
            for k in (0, 1):
                offsets = np.asarray(X)[np.asarray(y) == k].reshape(-1, 2)
                if not np.array_equal(offsets, self.point_offsets(split, k)):
                    self.points[split, k].set_data(offsets[:, 0], offsets[:, 1])  # stale only if moved

    def _fit_epoch_axis(self, epoch: int) -> None:
        """Grow (or reset) the epoch axis in doublings, so full redraws are rare."""
        limit = FIRST_EPOCH_LIMIT
        while limit < epoch:
            limit *= 2
        if self.ax_loss.get_xlim()[1] != limit:
            self.ax_loss.set_xlim(0, limit)
            self.invalidate(key=limit)

    def update(self, *, grid, epoch, train_loss, test_epochs, test_loss, train_acc, test_acc,
               note="", data=None, eta=None) -> None:
        if data is not None:
            self.show_data(*data)
        if grid is not None:
            self.regions.set_grid(grid)
        self._fit_epoch_axis(epoch)
        # loss_curve_[i] is the loss of the weights after i epochs, like the test loss at epoch i.
        self.train_line.set_data(np.arange(len(train_loss)), train_loss)
        self.test_line.set_data(test_epochs, test_loss)
        accuracies = ["–" if a is None else f"{a:.1%}" for a in (train_acc, test_acc)]
        for stamp, text in zip(self.status_lines, ["–" if eta is None else f"{eta:.3g}", str(epoch),
                                                   *accuracies]):
            stamp.set_text(text)
        if note:
            remark = "diverged: see the left panel"
        elif epoch >= self.max_epochs:
            remark = f"stopped at the {self.max_epochs}-epoch limit"
        elif len(train_loss) and train_loss[-1] > LOSS_LIMITS[1]:
            remark = "loss off the scale: η too large?"
        else:
            remark = ""
        self.remark.set_text(remark)
        if note:  # the inputs here are already standardised: only η is left to change
            note += " (Here the inputs are already standardised.)"
        self.note_text.set_text("\n".join(textwrap.wrap(note, 40)))
        self.note_text.set_visible(bool(note))
        self.refresh()


class TrainingExplorer(Explorer):
    """Train a 2-H-2 network live: the boundary, train and test loss, accuracy.

    Controls: play / pause / step / reset, learning rate η, hidden units H, activation,
    data set, noise, test fraction and the seed of the initial weights. Changing any of
    them starts a new run (data and weights seeded) at epoch 0.
    """

    def __init__(self, dataset: str = "moons", noise: float = 0.2, test_size: float = 0.3,
                 hidden: int = 6, activation: str = "tanh", eta: float = 1.0, seed: int = 0,
                 n_samples: int = 200, epochs_per_tick: int = 10, max_epochs: int = 10_000,
                 period: float = 1 / 60, resolution: int = 60) -> None:
        _check_arguments(dataset=dataset, noise=noise, test_size=test_size, hidden=hidden,
                         activation=activation, eta=eta, seed=seed, n_samples=n_samples,
                         epochs_per_tick=epochs_per_tick, max_epochs=max_epochs,
                         resolution=resolution)
        self.n_samples = n_samples
        self.epochs_per_tick = epochs_per_tick
        self.max_epochs = max_epochs
        self.resolution = resolution
        self.view = TrainingView(resolution, max_epochs)
        # Playing: one frame per display refresh, driven by the kernel (not by browser ticks).
        self.animation = Animation(self._frame, period=period)
        self._epoch_seconds = 0.0  # measured cost of one epoch (adapts the epochs per frame)
        wide = widgets.Layout(width="320px")
        style = {"description_width": "initial"}
        self.controls = {
            "play": widgets.ToggleButton(value=False, description="play", icon="play",
                                         tooltip="play / pause: train continuously",
                                         layout=widgets.Layout(width="90px")),
            "step": widgets.Button(description=f"+{epochs_per_tick} epochs", icon="step-forward",
                                   tooltip=f"train {epochs_per_tick} epochs",
                                   layout=widgets.Layout(width="130px")),
            "reset": widgets.Button(description="reset", icon="undo",
                                    tooltip="new weights (same seed), epoch 0",
                                    layout=widgets.Layout(width="90px")),
            "eta": widgets.FloatLogSlider(value=eta, base=10, min=-3, max=2, step=0.1,
                                          description="learning rate η", readout_format=".3g",
                                          style=style, layout=wide),
            "hidden": widgets.IntSlider(value=hidden, min=1, max=16, description="hidden units H",
                                        style=style, layout=wide),
            "activation": widgets.Dropdown(options=ACTIVATION_OPTIONS, value=activation,
                                           description="hidden activation", style=style, layout=wide),
            "dataset": widgets.Dropdown(options=list(DATASETS), value=dataset, description="data set",
                                        style=style, layout=wide),
            "noise": slider("noise", noise, 0.0, 0.5, 0.05),
            "test_size": slider("test fraction", test_size, 0.1, 0.9, 0.05),
            "seed": widgets.IntSlider(value=seed, min=0, max=9, description="seed of the weights",
                                      style=style, layout=wide),
        }
        self._wire(skip=("play",))
        self.controls["play"].observe(self._on_play, names="value")
        on_click(self.controls["step"], self.step)
        on_click(self.controls["reset"], self.reset)
        c = self.controls
        self.widget = widgets.VBox([
            widgets.HBox([c["play"], c["step"], c["reset"]]),
            widgets.HBox([widgets.VBox([c["eta"], c["hidden"], c["activation"], c["seed"]]),
                          widgets.VBox([c["dataset"], c["noise"], c["test_size"]])]),
            canvas_widget(self.view),
        ])
        self.reset()

    # ---- actions --------------------------------------------------------------------------
    def reset(self) -> None:
        """A new run from the controls' values (seeded), at epoch 0; play state unchanged."""
        with self.animation.lock:  # between frames
            v = self.values()
            self.run = TrainingRun(v["dataset"], v["noise"], v["test_size"], v["hidden"],
                                   v["activation"], v["eta"], v["seed"], self.n_samples)
            r = self.run
            self.view.update(**r.frame(self.resolution),
                             data=(r.X_train, r.X_test, r.y_train, r.y_test))

    def update(self) -> None:
        """A control changed: data or hyperparameters differ, so training starts again."""
        self.reset()

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

    def _on_play(self, change: dict) -> None:
        button = self.controls["play"]
        button.description, button.icon = ("pause", "pause") if change["new"] else ("play", "play")
        if change["new"]:
            if self.run.diverged or self.run.epoch >= self.max_epochs:
                self.reset()  # play after the end: start again, as a learner expects
            self.animation.play()
        else:  # the picture stays the last frame (the button itself now says "play")
            self.animation.pause()

    def _train(self, n_epochs: int) -> None:
        end = min(self.run.epoch + n_epochs, self.max_epochs)
        while self.run.epoch < end and not self.run.diverged:  # chunks: the test loss every tick's worth
            self.run.train(min(self.epochs_per_tick, end - self.run.epoch))

    def step(self, n_epochs: int | None = None) -> None:
        """Train n_epochs (default: one tick's worth) and redraw."""
        n_epochs = self.epochs_per_tick if n_epochs is None else int(n_epochs)
        with self.animation.lock:
            self._train(n_epochs)
            self.view.update(**self.run.frame(self.resolution))

    def _frame(self, budget: float) -> bool:
        """One animation frame: train what fits in part of the frame, redraw; False to stop."""
        # Up to epochs_per_tick epochs, fewer when they would take more than a quarter of the frame.
        n = (units_per_frame(self._epoch_seconds, 0.25 * budget, limit=self.epochs_per_tick)
             if self._epoch_seconds > 0 else self.epochs_per_tick)
        started = time.perf_counter()
        before = self.run.epoch
        self._train(n)
        if self.run.epoch > before:
            self._epoch_seconds = (time.perf_counter() - started) / (self.run.epoch - before)
        done = self.run.diverged or self.run.epoch >= self.max_epochs
        self.view.update(**self.run.frame(self.resolution))
        if done:  # the toggle follows (its handler pauses; the lock is ours already)
            self.controls["play"].value = False
        return not done


def _check_arguments(**values) -> None:
    """Constructor arguments checked like the library's: name, what was expected, what came."""
    for name, lo, hi in (("noise", 0.0, 0.5), ("test_size", 0.1, 0.9), ("eta", 1e-3, 1e2)):
        check_number(name, values[name], lo, hi)
    for name, lo, hi in (("hidden", 1, 16), ("seed", 0, 9), ("epochs_per_tick", 1, 10_000),
                         ("max_epochs", 1, 10**6), ("n_samples", 10, 100_000),
                         ("resolution", 10, 400)):
        check_number(name, values[name], lo, hi, integer=True)
    check_choice("dataset", values["dataset"], DATASETS)
    check_choice("activation", values["activation"], [value for _, value in ACTIVATION_OPTIONS])
