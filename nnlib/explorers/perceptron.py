"""Notebook 03's explorer: the perceptron rule, one example at a time.

Left: the data, shaded by the perceptron's current decision, with the boundary
w₁x₁ + w₂x₂ + b = 0. The example just looked at is ringed; when it was a mistake the
boundary from before that update is shown dashed, so the move is visible. Right: the number
of mistakes in each epoch, growing as training goes on. Underneath: what the rule just did,
with numbers, and where training stands (running, converged, or stopped at the epoch limit).

The model is `nnlib.Perceptron`; the explorer only drives its `steps()` generator.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import AutoLocator, MaxNLocator, MultipleLocator

from ..datasets import load_iris, logic_gate
from ..linear import Neuron, Perceptron, PerceptronStep
from ..plotting import (BOUNDARY_COLOR, CLASS_COLORS, HIGHLIGHT_COLOR, MARKERS, boundary_segment,
                        data_extent, decision_grid, region_cmap)
from ._animate import Animation
from ._base import (Explorer, LiveFigure, TextStamp, canvas_widget, check_choice, check_number, on_click,
                    slider)

GATE_EXTENT = (-0.5, 1.5, -0.5, 1.5)
FIGSIZE = (10.0, 3.6)   # inches, live; the static PNG adds STATUS_HEIGHT for the status lines
AXES_BOTTOM, AXES_TOP = 0.6, 0.75  # inches kept below / above the panels
STATUS_HEIGHT = 0.85
ETA_RANGE = (0.05, 2.0, 0.05)  # min, max, step of the η slider
N_ITER_RANGE = (1, 30)
MISTAKE_COLOR = HIGHLIGHT_COLOR  # vermillion: the rule changed w and b
CORRECT_COLOR = "#262626"        # near black: nothing changed
FINISHED_COLOR = "#009E73"       # Okabe–Ito green: converged


class Dataset:
    """A two-class, two-feature data set as the stepper shows it."""

    def __init__(self, name: str, X: np.ndarray, y: np.ndarray, extent, class_names, axis_labels,
                 interval: int, why_not: str) -> None:
        self.name = name
        self.X = np.asarray(X, float)
        self.y = np.asarray(y, int)
        self.extent = tuple(float(e) for e in extent)
        self.class_names = tuple(class_names)
        self.axis_labels = tuple(axis_labels)
        self.interval = interval  # ms between play ticks (one example per tick)
        self.why_not = why_not    # said when the epoch limit is reached with mistakes left


def _gate(name: str) -> Dataset:
    X, y = logic_gate(name)
    why = ("XOR is not linearly separable, so no line gets all four right."
           if name == "XOR" else "try a higher epoch limit.")
    return Dataset(name, X, y, GATE_EXTENT, (f"{name} = 0", f"{name} = 1"), ("$x_1$", "$x_2$"),
                   interval=500, why_not=why)


def _iris() -> Dataset:
    iris = load_iris()
    two = iris.y < 2  # setosa (0) and versicolor (1)
    X = iris.X[two][:, [0, 2]]  # sepal length, petal length, in cm
    return Dataset("iris", X, iris.y[two], data_extent(X), iris.target_names[:2],
                   ("$x_1$: sepal length (cm)", "$x_2$: petal length (cm)"), interval=60,
                   why_not="try a higher epoch limit.")


DATASETS = {
    "AND": lambda: _gate("AND"),
    "OR": lambda: _gate("OR"),
    "NAND": lambda: _gate("NAND"),
    "XOR": lambda: _gate("XOR"),
    "iris": _iris,
}
DATASET_OPTIONS = [("AND", "AND"), ("OR", "OR"), ("NAND", "NAND"), ("XOR", "XOR"),
                   ("Iris: setosa vs versicolor", "iris")]


# ---- formatting -------------------------------------------------------------------------------
def _num(value: float, signed: bool = False) -> str:
    """Up to 3 decimals, trailing zeros dropped, a real minus sign, no '−0'."""
    text = f"{value:+.3f}" if signed else f"{value:.3f}"
    text = text.rstrip("0").rstrip(".")
    if text in ("-0", "+0", "0"):
        text = "+0" if signed else "0"
    return text.replace("-", "−")


def _vec(v, signed: bool = False) -> str:
    return "(" + ", ".join(_num(float(x), signed) for x in v) + ")"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---- the view -----------------------------------------------------------------------------------
class PerceptronView(LiveFigure):
    """Data + boundary (left), mistakes per epoch (right), three status lines underneath."""

    def __init__(self, resolution: int = 100) -> None:
        super().__init__(figsize=FIGSIZE)
        self.resolution = resolution
        fig = self.fig
        self._gs = gs = fig.add_gridspec(1, 2, width_ratios=(1.0, 1.0), left=0.075, right=0.98,
                                         wspace=0.25)
        self.ax_data = ax = fig.add_subplot(gs[0])
        self.ax_err = axe = fig.add_subplot(gs[1])

        # ---- left: data, shading, boundary ----
        self.image = ax.imshow(np.zeros((resolution, resolution)), origin="lower",
                               extent=GATE_EXTENT, cmap=region_cmap(2), vmin=0, vmax=1,
                               interpolation="nearest", interpolation_stage="data",
                               aspect="auto")  # "data": colour-map after resampling, 3× faster
        self.points = [
            ax.scatter(np.empty(0), np.empty(0), s=55, color=CLASS_COLORS[k], marker=MARKERS[k],
                       edgecolor="black", linewidth=0.6, zorder=3, label=f"class {k}")
            for k in (0, 1)
        ]
        (self.old_line,) = ax.plot([], [], color="0.35", lw=1.5, ls="--",
                                   label="boundary before the update")
        (self.line,) = ax.plot([], [], color=BOUNDARY_COLOR, lw=2.2,
                               label=r"boundary $\mathbf{w}^\top\mathbf{x} + b = 0$")
        (self.ring,) = ax.plot([], [], "o", ms=19, mfc="none", mew=2.5, color=MISTAKE_COLOR,
                               label="example looked at", zorder=5)
        self.message = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                               fontsize=9, zorder=6,
                               bbox=dict(boxstyle="round", fc="white", ec="0.6", alpha=0.92),
                               clip_on=True)  # inside the axes: see _render
        ax.set_title("the data, shaded by the prediction $\\hat{y}$", fontsize=10.5)

        # ---- right: mistakes per epoch ----
        (self.err_line,) = axe.plot([], [], "-o", color=CLASS_COLORS[0], lw=2, ms=6,
                                    label="mistakes in each finished epoch")
        (self.err_now,) = axe.plot([], [], "o", ms=8, mfc="white", mec=CLASS_COLORS[0], mew=2,
                                   label="so far in the current epoch")
        axe.axhline(0, color="0.75", lw=0.8, zorder=0)
        # The axis always spans the largest limit: moving the limit moves a line, and the
        # axes (ticks, labels) never need a full redraw.
        axe.set_xlim(0.5, N_ITER_RANGE[1] + 0.5)
        self.limit_line = axe.axvline(N_ITER_RANGE[1] + 0.5, color="0.35", ls=":", lw=1.5,
                                      label="epoch limit")
        # η is the one setting the figure would not show otherwise (every run starts at w = 0).
        self.eta_stamp = TextStamp(axe, 0.98, 0.96, boxed=False, ha="right", va="top", fontsize=9)
        axe.set_xlabel("epoch")
        axe.set_ylabel("mistakes")
        axe.set_title("mistakes per epoch (0 = converged)", fontsize=10.5)
        axe.xaxis.set_major_locator(MaxNLocator(integer=True))
        axe.yaxis.set_major_locator(MaxNLocator(integer=True))

        # ---- legends above the panels; status lines underneath ----
        ring_key = Line2D([], [], ls="", marker="o", ms=10, mfc="none", mew=2, color=MISTAKE_COLOR,
                          label="example looked at")
        self.legend = fig.legend(handles=[*self.points, self.line, self.old_line, ring_key],
                                 loc="upper left", bbox_to_anchor=(0.065, 1.0), ncol=3, fontsize=8,
                                 frameon=False, handletextpad=0.4, columnspacing=1.2)
        fig.legend(handles=[self.err_line, self.err_now, self.limit_line], loc="upper left",
                   bbox_to_anchor=(0.555, 1.0), ncol=2, fontsize=8, frameon=False)  # 2 rows, as left
        # The status lines are shown live in an HTML widget under the canvas (rendering text
        # every frame would cost more than the rest of the frame); they are drawn into the
        # figure only for the static PNG (see to_png).
        self.status = [fig.text(0.075, 0.0, "", fontsize=9.5, ha="left", va="center", visible=False)
                       for _ in range(3)]
        self._layout(with_status=False)

        # What changes between frames; the drawing layer keeps the static rest (points,
        # spines, legends) in z-order around it.
        self.dynamic(self.image, self.old_line, self.line, self.ring, self.message,
                     self.err_line, self.err_now, self.limit_line, self.eta_stamp.image)
        self.dataset: Dataset | None = None
        self._regions: np.ndarray | None = None

    def _layout(self, with_status: bool) -> None:
        """Place the panels (fixed inches from the top and bottom), with room for the status."""
        width, height = FIGSIZE
        extra = STATUS_HEIGHT if with_status else 0.0
        total = height + extra
        self.fig.set_size_inches(width, total, forward=False)
        self._gs.update(bottom=(extra + AXES_BOTTOM) / total, top=1.0 - AXES_TOP / total)
        # GridSpec.update moves the axes of pyplot's figures only; this one is the explorer's.
        for ax in (self.ax_data, self.ax_err):
            ax.set_position(ax.get_subplotspec().get_position(self.fig))
        for i, text in enumerate(self.status):
            text.set_y((extra - 0.18 - 0.25 * i) / total)
            text.set_visible(with_status)

    def to_png(self) -> bytes:
        """The figure as PNG, with the status lines drawn under the panels."""
        self._layout(with_status=True)
        try:
            return super().to_png()
        finally:
            self._layout(with_status=False)
            self.invalidate()  # the live figure is its own size again

    # ---- static parts (a full redraw follows) ----
    def set_dataset(self, data: Dataset, y_max: int) -> None:
        """Show a new data set: points, limits, labels, legend names."""
        self.dataset = data
        ax = self.ax_data
        for k, scatter in enumerate(self.points):
            scatter.set_offsets(data.X[data.y == k].reshape(-1, 2))
        for text, name in zip(self.legend.get_texts()[:2], data.class_names):
            text.set_text(name)
        self.image.set_extent(data.extent)
        self._regions = None
        # The "no boundary" note goes where this data set has no points.
        x_note, ha = (0.5, "center") if data.extent == GATE_EXTENT else (0.03, "left")
        self.message.set_position((x_note, 0.97))
        self.message.set_horizontalalignment(ha)
        ax.set_xlim(data.extent[:2])
        ax.set_ylim(data.extent[2:])
        ticker = MultipleLocator(0.5) if data.extent == GATE_EXTENT else AutoLocator()
        ax.xaxis.set_major_locator(ticker)
        ax.yaxis.set_major_locator(MultipleLocator(0.5) if data.extent == GATE_EXTENT else AutoLocator())
        ax.set_xlabel(data.axis_labels[0])
        ax.set_ylabel(data.axis_labels[1])
        self.ax_err.set_ylim(-0.3, y_max + 0.5)
        self.invalidate(key=data.name)

    def set_epoch_limit(self, n_iter: int) -> None:
        """The errors panel spans exactly the epoch limit."""
        self.n_iter = n_iter
        self.limit_line.set_xdata([n_iter + 0.5] * 2)

    def set_eta(self, eta: float) -> None:
        """Show the learning rate of the current run."""
        self.eta_stamp.set_text(f"η = {eta:g}")

    # ---- the per-step update: artist data only ----
    def update(self, w, b: float, regions: np.ndarray, errors=(), running: int | None = None,
               x=None, mistake: bool = False, old_w=None, old_b: float | None = None,
               lines: tuple[str, str, str] = ("", "", ""),
               colors: tuple[str, str, str] = (CORRECT_COLOR,) * 3) -> None:
        """Draw the perceptron with weights w, b; x = the example to ring (or None)."""
        extent = self.dataset.extent
        if self._regions is None or not np.array_equal(regions, self._regions):
            self.image.set_data(regions)
            self._regions = regions
            self._with_image = None

        segment = boundary_segment(w, b, extent)
        if segment is None:
            self.line.set_data([], [])
            side = 1 if b >= 0 else 0
            if abs(w[0]) < 1e-12 and abs(w[1]) < 1e-12:
                self.message.set_text(f"no boundary: w = (0, 0), so z = b = {_num(b)}\n"
                                      f"and ŷ = {side} everywhere")
            else:
                side = int(regions[0, 0])
                self.message.set_text(f"the boundary lies outside this view:\n"
                                      f"ŷ = {side} everywhere in it")
            self.message.set_visible(True)
        else:
            self.line.set_data(*segment)
            self.message.set_visible(False)

        old = None if old_w is None else boundary_segment(old_w, old_b, extent)
        self.old_line.set_data(*(old if old is not None else ([], [])))

        if x is None:
            self.ring.set_data([], [])
        else:
            self.ring.set_data([x[0]], [x[1]])
            self.ring.set_color(MISTAKE_COLOR if mistake else CORRECT_COLOR)
            self.ring.set_markeredgewidth(3.0 if mistake else 1.8)

        errors = list(errors)
        self.err_line.set_data(np.arange(1, len(errors) + 1), errors)
        if running is None:
            self.err_now.set_data([], [])
        else:
            self.err_now.set_data([len(errors) + 1], [running])

        for text, line, color in zip(self.status, lines, colors):
            text.set_text(line)
            text.set_color(color)
        self.refresh()


# ---- the explorer -------------------------------------------------------------------------------
class PerceptronStepper(Explorer):
    """Step the perceptron rule through a data set: one example, one epoch, or play.

    Controls: buttons "one example", "one epoch", "reset"; a play control (each tick is one
    example; it stops by itself at convergence or at the epoch limit); the learning rate η,
    the data set and the epoch limit. Changing η, the data set or the epoch limit starts
    again from w = 0, b = 0.
    """

    def __init__(self, dataset: str = "AND", eta: float = 1.0, n_iter: int = 10,
                 resolution: int = 100) -> None:
        check_choice("dataset", dataset, DATASETS)
        check_number("eta", eta, ETA_RANGE[0], ETA_RANGE[1])
        check_number("n_iter", n_iter, *N_ITER_RANGE, integer=True)
        check_number("resolution", resolution, 10, 400, integer=True)
        self.view = PerceptronView(resolution=resolution)
        lo, hi, step = ETA_RANGE
        self.controls = {
            "one_example": widgets.Button(description="one example", icon="step-forward",
                                          tooltip="look at the next example and apply the rule"),
            "one_epoch": widgets.Button(description="one epoch", icon="fast-forward",
                                        tooltip="run to the end of the current epoch"),
            "play": widgets.ToggleButton(value=False, description="play", icon="play",
                                         tooltip="one example per beat; stops at convergence",
                                         layout=widgets.Layout(width="90px")),
            "reset": widgets.Button(description="reset", icon="undo",
                                    tooltip="start again from w = 0, b = 0"),
            "eta": slider("η (learning rate)", float(np.clip(eta, lo, hi)), lo, hi, step),
            "dataset": widgets.Dropdown(options=DATASET_OPTIONS, value=dataset,
                                        description="data set",
                                        layout=widgets.Layout(width="290px")),
            "n_iter": widgets.IntSlider(value=int(np.clip(n_iter, *N_ITER_RANGE)),
                                        min=N_ITER_RANGE[0], max=N_ITER_RANGE[1],
                                        description="epoch limit", continuous_update=False,
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="300px")),
        }
        # What the rule just did, in words: an HTML widget (cheap to change every frame).
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 60px"))
        c = self.controls
        # Playing is driven by the kernel: one example per beat (the data set's interval).
        # Buttons and controls may be handled on another thread: they wait for the beat.
        self.animation = Animation(self._frame, period=0.5)
        on_click(c["one_example"], self._locked(self.step_example))
        on_click(c["one_epoch"], self._locked(self.step_epoch))
        on_click(c["reset"], self._locked(self.reset))
        c["play"].observe(self._on_play, names="value")
        self._wire(skip=("play",))
        self.widget = widgets.VBox([
            widgets.HBox([c["one_example"], c["one_epoch"], c["play"], c["reset"]]),
            widgets.HBox([c["eta"], c["dataset"], c["n_iter"]]),
            canvas_widget(self.view),
            self.readout,
        ])
        self.data: Dataset | None = None
        self._datasets: dict[str, Dataset] = {}
        self._set_dataset(dataset)
        self.animation.period = self.data.interval / 1000
        self.view.set_epoch_limit(c["n_iter"].value)
        self.reset()

    # ---- state ----
    @property
    def eta(self) -> float:
        return round(float(self.controls["eta"].value), 6)

    @property
    def n_iter(self) -> int:
        return int(self.controls["n_iter"].value)

    def _set_dataset(self, name: str) -> None:
        if name not in self._datasets:
            self._datasets[name] = DATASETS[name]()
        self.data = self._datasets[name]
        # The errors panel's height: the most mistakes any epoch makes on this data (a dry run).
        dry = Perceptron(eta=1.0, n_iter=N_ITER_RANGE[1]).fit(self.data.X, self.data.y)
        y_max = min(len(self.data.y), max(dry.errors_) + 1)
        self.view.set_dataset(self.data, y_max)
        if hasattr(self, "animation"):
            self.animation.period = self.data.interval / 1000  # ms between examples

    def reset(self) -> None:
        """Start again from w = 0, b = 0 with the current η, data set and epoch limit."""
        if getattr(self, "animation", None) is not None and self.playing:
            self._stop_playing()
        self.model = Perceptron(eta=self.eta, n_iter=self.n_iter)
        self.view.set_eta(self.eta)
        self._steps = self.model.steps(self.data.X, self.data.y)
        self.w = np.zeros(2)
        self.b = 0.0
        self.errors: list[int] = []   # mistakes of each finished epoch
        self.running = 0              # mistakes so far in the current epoch
        self.epoch = 0                # epochs started (0 = nothing looked at yet)
        self.last: PerceptronStep | None = None
        self.finished = False
        self.converged = False
        start = ("start: w = (0, 0) and b = 0, so z = 0 for every input and ŷ = step(0) = 1 "
                 "everywhere. Click “one example”.")
        self._draw(lines=(start, self._weights_line(), self._progress_line()))

    # ---- the rule, one example at a time ----
    def _advance(self) -> PerceptronStep | None:
        """Look at the next example (None when training has finished)."""
        if self.finished:
            return None
        try:
            step = next(self._steps)
        except StopIteration:  # not reached in practice: the end is detected below
            self._finish()
            return None
        self.last = step
        self.epoch = step.epoch + 1
        self.w, self.b = step.w, float(step.b)
        self.running += int(step.mistake)
        if step.index == len(self.data.y) - 1:  # the epoch is over
            self.errors.append(self.running)
            self.running = 0
            if self.errors[-1] == 0 or self.epoch >= self.n_iter:
                self._finish()
        return step

    def _finish(self) -> None:
        # Let the generator run to its end, so the model records errors_ and converged_.
        for _ in self._steps:
            pass
        self.finished = True
        self.converged = bool(self.model.converged_)

    def step_example(self) -> None:
        """Apply the rule to the next example and show what it did."""
        if self.finished:
            self._draw_finished_again()
            return
        old_w, old_b = self.w.copy(), self.b
        step = self._advance()
        if step is None:
            self._draw_finished_again()
            return
        n = len(self.data.y)
        x = step.x
        head = (f"epoch {step.epoch + 1}, example {step.index + 1} of {n}: "
                f"x = {_vec(x)}, y = {step.target}, ŷ = {step.prediction}")
        if step.mistake:
            sign = "+=" if step.target > step.prediction else "−="
            first = f"{head}  →  mistake: w {sign} η·x,  b {sign} η"
            second = (f"{self._weights_line()}      Δw = η(y − ŷ)x = {_vec(step.update * x, True)},"
                      f"  Δb = {_num(step.update, True)}")
        else:
            first = f"{head}  →  correct: no change"
            second = self._weights_line()
        self._draw(x=x, mistake=step.mistake, old=(old_w, old_b) if step.mistake else None,
                   lines=(first, second, self._progress_line()),
                   first_color=MISTAKE_COLOR if step.mistake else CORRECT_COLOR)

    def step_epoch(self) -> None:
        """Run to the end of the current epoch (a whole epoch at its start)."""
        if self.finished:
            self._draw_finished_again()
            return
        old_w, old_b = self.w.copy(), self.b
        start_index = 0 if self.last is None or self.last.index == len(self.data.y) - 1 \
            else self.last.index + 1
        step = None
        while True:
            nxt = self._advance()
            if nxt is None:
                break
            step = nxt
            if step.index == len(self.data.y) - 1:
                break
        if step is None:
            self._draw_finished_again()
            return
        mistakes = self.errors[-1]
        what = "the epoch" if start_index == 0 else f"the rest of the epoch (from example {start_index + 1})"
        changed = not (np.array_equal(old_w, self.w) and old_b == self.b)
        first = f"epoch {step.epoch + 1} done: {_plural(mistakes, 'mistake')} in {what}"
        first += ("; dashed: the boundary before" if changed and boundary_segment(
            old_w, old_b, self.data.extent) is not None else "")
        self._draw(old=(old_w, old_b) if changed else None,
                   lines=(first, self._weights_line(), self._progress_line()),
                   first_color=MISTAKE_COLOR if mistakes else CORRECT_COLOR)

    def _locked(self, action):
        def run() -> None:
            with self.animation.lock:
                action()
        return run

    @property
    def playing(self) -> bool:
        """True while the rule plays, one example per beat."""
        return self.animation.playing

    def _on_play(self, change: dict) -> None:
        button = self.controls["play"]
        button.description, button.icon = ("pause", "pause") if change["new"] else ("play", "play")
        if not change["new"]:
            self.animation.pause()
        elif self.finished:  # nothing left to play: say so, and stay paused
            button.value = False
            with self.animation.lock:
                self._draw_finished_again()
        else:
            self.animation.play()

    def _frame(self, _budget: float) -> bool:
        """One beat of playing: one example; False (stop) once training has finished."""
        self.step_example()
        if self.finished:  # the toggle follows (its handler pauses; the lock is ours already)
            self._stop_playing()
        return not self.finished

    def _stop_playing(self) -> None:
        self.controls["play"].value = False

    def _on_change(self, change: dict) -> None:
        """η, data set or epoch limit changed: start again from w = 0."""
        with self.animation.lock:
            self._restart(change)

    def _restart(self, change: dict) -> None:
        owner = change.get("owner") if isinstance(change, dict) else None
        if owner is self.controls["dataset"]:
            self._set_dataset(self.controls["dataset"].value)
        elif owner is self.controls["n_iter"]:
            self.view.set_epoch_limit(self.n_iter)
        self.reset()

    def update(self) -> None:
        """Redraw the current state (the base class's hook)."""
        self._draw(lines=tuple(t.get_text() for t in self.view.status))

    # ---- drawing ----
    def _regions(self) -> np.ndarray:
        if self.last is None:  # nothing fitted yet: the model at w = 0, b = 0
            return decision_grid(Neuron(np.zeros(2), 0.0), self.data.extent, self.view.resolution)
        return decision_grid(self.model, self.data.extent, self.view.resolution)

    def _weights_line(self) -> str:
        return f"w = {_vec(self.w)},  b = {_num(self.b)},  η = {_num(self.eta)}"

    def _progress_line(self) -> str:
        if self.finished and self.converged:
            n = len(self.errors)
            return (f"converged after {_plural(n, 'epoch')}: the {_ordinal(n)} epoch made no "
                    "mistake, so the rule will never change w or b again. Press reset to start over.")
        if self.finished:
            left = self.errors[-1]
            return (f"epoch limit reached ({_plural(self.n_iter, 'epoch')}), still "
                    f"{_plural(left, 'mistake')} in the last epoch: {self.data.why_not}")
        if self.last is None:
            return f"epoch limit: {self.n_iter}"
        done = len(self.errors)
        return (f"{_plural(done, 'epoch')} finished of at most {self.n_iter}; "
                f"{_plural(self.running, 'mistake')} so far in epoch {done + 1}")

    def _draw_finished_again(self) -> None:
        first = ("nothing to do: training has converged. Press reset to start again from w = 0."
                 if self.converged else
                 "nothing to do: the epoch limit is reached. Raise it (training restarts) or press reset.")
        self._draw(lines=(first, self._weights_line(), self._progress_line()),
                   first_color=FINISHED_COLOR if self.converged else MISTAKE_COLOR)

    def _draw(self, x=None, mistake: bool = False, old=None, lines=("", "", ""),
              first_color: str = CORRECT_COLOR) -> None:
        running = None
        if self.last is not None and not self.finished and self.last.index < len(self.data.y) - 1:
            running = self.running
        third_color = FINISHED_COLOR if self.converged else None
        old_w, old_b = (None, None) if old is None else old
        colors = (first_color, CORRECT_COLOR, third_color or (MISTAKE_COLOR if self.finished
                                                             else CORRECT_COLOR))
        self.readout.value = "<br>".join(
            f'<span style="color:{color}">{html.escape(line)}</span>'
            for line, color in zip(lines, colors))
        self.view.update(self.w, self.b, self._regions(), errors=self.errors, running=running,
                         x=x, mistake=mistake, old_w=old_w, old_b=old_b, lines=lines,
                         colors=colors)
