"""Notebook 03's explorer: the perceptron rule, one example at a time.

Left: the data, shaded by the perceptron's current decision, with the boundary
w₁x₁ + w₂x₂ + b = 0. The example just looked at is ringed; when it was a mistake the
boundary from before that update is shown dashed, so the move is visible. Right: the number
of mistakes in each epoch, growing as training goes on. Underneath: what the rule just did,
with numbers, and where training stands (running, converged, or stopped at the epoch limit).

Four parts, kept apart:
- the state machine (`_stepping.PerceptronRun`: which example, the update, epochs,
  convergence), which drives `nnlib.Perceptron.steps()`;
- `stepper_state`: after each move, one immutable `StepperState` with what the figure shows
  (the run, the move, the shading, the boundary lines);
- the wording (`status_lines`, `panel_note`): the sentences, from a `StepperState`;
- `PerceptronView` draws a state and its wording; `PerceptronStepper` declares the controls.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import AutoLocator, MaxNLocator, MultipleLocator

from .._format import number
from ..datasets import load_iris, logic_gate
from ..linear import Neuron, Perceptron
from ..plotting import (BOUNDARY_COLOR, CLASS_COLORS, HIGHLIGHT_COLOR, MARKERS, boundary_segment,
                        data_extent, decision_grid, region_cmap)
from ._animate import Animation
from ._base import Control, Explorer, LiveFigure, TextStamp, check_number, check_values
from ._stepping import Move, PerceptronRun, RunState

GATE_EXTENT = (-0.5, 1.5, -0.5, 1.5)
FIGSIZE = (10.0, 3.6)   # inches, live; the static PNG adds STATUS_HEIGHT for the status lines
AXES_BOTTOM, AXES_TOP = 0.6, 0.75  # inches kept below / above the panels
STATUS_HEIGHT = 0.85
ETA_RANGE = (0.05, 2.0, 0.05)  # min, max, step of the η slider
N_ITER_RANGE = (1, 30)
MISTAKE_COLOR = HIGHLIGHT_COLOR  # vermillion: the rule changed w and b
CORRECT_COLOR = "#262626"        # near black: nothing changed
FINISHED_COLOR = "#009E73"       # Okabe–Ito green: converged


@dataclass(frozen=True)
class Dataset:
    """A two-class, two-feature data set as the stepper shows it."""

    name: str
    X: np.ndarray
    y: np.ndarray
    extent: tuple[float, float, float, float]
    class_names: tuple[str, str]
    axis_labels: tuple[str, str]
    interval: int   # ms between play ticks (one example per tick)
    why_not: str    # said when the epoch limit is reached with mistakes left


def _gate(name: str) -> Dataset:
    X, y = logic_gate(name)
    why = ("XOR is not linearly separable, so no line gets all four right."
           if name == "XOR" else "try a higher epoch limit.")
    return Dataset(name, np.asarray(X, float), np.asarray(y, int), GATE_EXTENT,
                   (f"{name} = 0", f"{name} = 1"), ("$x_1$", "$x_2$"), interval=500, why_not=why)


def _iris() -> Dataset:
    iris = load_iris()
    two = iris.y < 2  # setosa (0) and versicolor (1)
    X = iris.X[two][:, [0, 2]]  # sepal length, petal length, in cm
    return Dataset("iris", np.asarray(X, float), np.asarray(iris.y[two], int),
                   tuple(float(e) for e in data_extent(X)), tuple(iris.target_names[:2]),
                   ("$x_1$: sepal length (cm)", "$x_2$: petal length (cm)"), interval=60,
                   why_not="try a higher epoch limit.")


DATASETS = {
    "AND": lambda: _gate("AND"),
    "OR": lambda: _gate("OR"),
    "NAND": lambda: _gate("NAND"),
    "XOR": lambda: _gate("XOR"),
    "iris": _iris,
}
DATASET_OPTIONS = (("AND", "AND"), ("OR", "OR"), ("NAND", "NAND"), ("XOR", "XOR"),
                   ("Iris: setosa vs versicolor", "iris"))


# ---- one state per move ----------------------------------------------------------------------
Segment = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class StepperState:
    """Everything one picture shows: the run after a move, and the lines and shading of it."""

    run: RunState
    move: Move
    data: Dataset
    regions: np.ndarray         # decision_grid of the current w, b over the data's extent
    boundary: Segment | None    # w·x + b = 0 inside the view, or None
    before: Segment | None      # the boundary before the move (dashed), when the move changed it


def stepper_state(run: RunState, move: Move, data: Dataset, resolution: int) -> StepperState:
    """The picture after `move`: shading and lines of the current (and previous) weights."""
    regions = decision_grid(Neuron(run.w, run.b), data.extent, resolution)
    regions.setflags(write=False)
    before = None if move.before is None else boundary_segment(*move.before, data.extent)
    return StepperState(run, move, data, regions, boundary_segment(run.w, run.b, data.extent), before)


# ---- the wording -------------------------------------------------------------------------------
def _vector(v, signed: bool = False) -> str:
    return "(" + ", ".join(number(x, signed=signed) for x in v) + ")"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


START = ("start: w = (0, 0) and b = 0, so z = 0 for every input and ŷ = step(0) = 1 "
         "everywhere. Click “one example”.")


def _move_line(state: StepperState) -> tuple[str, str, str]:
    """(first line, its colour, second line): what the move did."""
    run, move = state.run, state.move
    weights = f"w = {_vector(run.w)},  b = {number(run.b)},  η = {number(run.eta)}"
    step = move.step
    if move.kind == "start":
        return START, CORRECT_COLOR, weights
    if move.kind == "idle":
        if run.converged:
            return ("nothing to do: training has converged. Press reset to start again from w = 0.",
                    FINISHED_COLOR, weights)
        return ("nothing to do: the epoch limit is reached. Raise it (training restarts) or press reset.",
                MISTAKE_COLOR, weights)
    if move.kind == "epoch":
        mistakes = run.errors[-1]
        what = "the epoch" if move.first == 0 else f"the rest of the epoch (from example {move.first + 1})"
        first = f"epoch {step.epoch + 1} done: {_plural(mistakes, 'mistake')} in {what}"
        if state.before is not None:
            first += "; dashed: the boundary before"
        return first, MISTAKE_COLOR if mistakes else CORRECT_COLOR, weights
    head = (f"epoch {step.epoch + 1}, example {step.index + 1} of {run.n_examples}: "
            f"x = {_vector(step.x)}, y = {step.target}, ŷ = {step.prediction}")
    if not step.mistake:
        return f"{head}  →  correct: no change", CORRECT_COLOR, weights
    sign = "+=" if step.target > step.prediction else "−="
    return (f"{head}  →  mistake: w {sign} η·x,  b {sign} η", MISTAKE_COLOR,
            f"{weights}      Δw = η(y − ŷ)x = {_vector(step.update * step.x, True)},"
            f"  Δb = {number(step.update, signed=True)}")


def _progress_line(state: StepperState) -> tuple[str, str]:
    """(line, colour): where training stands."""
    run = state.run
    if run.finished and run.converged:
        n = len(run.errors)
        return (f"converged after {_plural(n, 'epoch')}: the {_ordinal(n)} epoch made no "
                "mistake, so the rule will never change w or b again. Press reset to start over.",
                FINISHED_COLOR)
    if run.finished:
        return (f"epoch limit reached ({_plural(run.n_iter, 'epoch')}), still "
                f"{_plural(run.errors[-1], 'mistake')} in the last epoch: {state.data.why_not}",
                MISTAKE_COLOR)
    if run.last is None:
        return f"epoch limit: {run.n_iter}", CORRECT_COLOR
    done = len(run.errors)
    return (f"{_plural(done, 'epoch')} finished of at most {run.n_iter}; "
            f"{_plural(run.running, 'mistake')} so far in epoch {done + 1}", CORRECT_COLOR)


def status_lines(state: StepperState) -> tuple[tuple[str, str], ...]:
    """The three status lines, each (text, colour): the move, the weights, the progress."""
    first, color, weights = _move_line(state)
    return (first, color), (weights, CORRECT_COLOR), _progress_line(state)


def panel_note(state: StepperState) -> str:
    """The note in the data panel when no boundary is drawn there ('' when one is)."""
    if state.boundary is not None:
        return ""
    w, b = state.run.w, state.run.b
    if abs(w[0]) < 1e-12 and abs(w[1]) < 1e-12:
        return f"no boundary: w = (0, 0), so z = b = {number(b)}\nand ŷ = {1 if b >= 0 else 0} everywhere"
    return f"the boundary lies outside this view:\nŷ = {int(state.regions[0, 0])} everywhere in it"


def readout_html(lines: tuple[tuple[str, str], ...]) -> str:
    """The status lines as HTML (the readout under the canvas)."""
    return "<br>".join(f'<span style="color:{color}">{html.escape(text)}</span>' for text, color in lines)


# ---- the view -----------------------------------------------------------------------------------
class PerceptronView(LiveFigure):
    """Data + boundary (left), mistakes per epoch (right), three status lines underneath."""

    def __init__(self, resolution: int = 100) -> None:
        super().__init__(figsize=FIGSIZE)
        self.resolution = resolution
        self._gs = gs = self.fig.add_gridspec(1, 2, width_ratios=(1.0, 1.0), left=0.075, right=0.98,
                                              wspace=0.25)
        self.ax_data = self.fig.add_subplot(gs[0])
        self.ax_err = self.fig.add_subplot(gs[1])
        self._build_data_panel(resolution)
        self._build_errors_panel()
        self._build_legends()
        self._build_status()
        self._layout(with_status=False)
        # What changes between frames; the drawing layer keeps the static rest (points,
        # spines, legends) in z-order around it.
        self.dynamic(self.image, self.old_line, self.line, self.ring, self.err_line, self.err_now,
                     self.limit_line, self.eta_stamp.image, self.message.image)
        self.dataset: Dataset | None = None
        self.state: StepperState | None = None

    def _build_data_panel(self, resolution: int) -> None:
        """Left: the shading, the data, the boundary (and the one before), the ringed example."""
        ax = self.ax_data
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
        # A cached bitmap: a Text with a box costs ~5 ms per frame, and the note has few strings.
        self.message = TextStamp(ax, 0.5, 0.97, va="top", fontsize=9,
                                 boxed=dict(boxstyle="round", fc="white", ec="0.6", alpha=0.92))
        ax.set_title("the data, shaded by the prediction $\\hat{y}$", fontsize=10.5)

    def _build_errors_panel(self) -> None:
        """Right: mistakes of each finished epoch, the running count, the epoch limit, η."""
        axe = self.ax_err
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

    def _build_legends(self) -> None:
        """Both legends above the panels, in two rows each."""
        ring_key = Line2D([], [], ls="", marker="o", ms=10, mfc="none", mew=2, color=MISTAKE_COLOR,
                          label="example looked at")
        self.legend = self.fig.legend(handles=[*self.points, self.line, self.old_line, ring_key],
                                      loc="upper left", bbox_to_anchor=(0.065, 1.0), ncol=3, fontsize=8,
                                      frameon=False, handletextpad=0.4, columnspacing=1.2)
        self.fig.legend(handles=[self.err_line, self.err_now, self.limit_line], loc="upper left",
                        bbox_to_anchor=(0.555, 1.0), ncol=2, fontsize=8, frameon=False)

    def _build_status(self) -> None:
        """The status lines, drawn into the figure only for the static PNG (see to_png)."""
        # Live they are an HTML widget under the canvas: rendering text every frame would cost
        # more than the rest of the frame.
        self.status = [self.fig.text(0.075, 0.0, "", fontsize=9.5, ha="left", va="center", visible=False)
                       for _ in range(3)]

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
        gate = data.extent == GATE_EXTENT
        # The note goes where this data set has no points.
        self.message.set_position((0.5, 0.97) if gate else (0.03, 0.97))
        self.message.set_alignment(ha="center" if gate else "left")
        ax.set_xlim(data.extent[:2])
        ax.set_ylim(data.extent[2:])
        ax.xaxis.set_major_locator(MultipleLocator(0.5) if gate else AutoLocator())
        ax.yaxis.set_major_locator(MultipleLocator(0.5) if gate else AutoLocator())
        ax.set_xlabel(data.axis_labels[0])
        ax.set_ylabel(data.axis_labels[1])
        self.ax_err.set_ylim(-0.3, y_max + 0.5)
        self.invalidate(key=data.name)

    def set_epoch_limit(self, n_iter: int) -> None:
        """The errors panel marks the epoch limit."""
        self.limit_line.set_xdata([n_iter + 0.5] * 2)

    # ---- one frame: artist data only ----
    def draw(self, state: StepperState, note: str, status: tuple[tuple[str, str], ...]) -> None:
        """Draw one state, with the note in the data panel and the status lines (for the PNG)."""
        self.state = state
        run, move = state.run, state.move
        if self.image.get_array() is None or not np.array_equal(self.image.get_array(), state.regions):
            self.image.set_data(state.regions)
        self.line.set_data(*(state.boundary if state.boundary is not None else ([], [])))
        self.old_line.set_data(*(state.before if state.before is not None else ([], [])))
        self.message.set_text(note)
        if move.kind == "example":
            mistake = move.step.mistake
            self.ring.set_data([move.step.x[0]], [move.step.x[1]])
            self.ring.set_color(MISTAKE_COLOR if mistake else CORRECT_COLOR)
            self.ring.set_markeredgewidth(3.0 if mistake else 1.8)
        else:
            self.ring.set_data([], [])
        self.err_line.set_data(np.arange(1, len(run.errors) + 1), list(run.errors))
        self.err_now.set_data(*(([len(run.errors) + 1], [run.running]) if run.mid_epoch else ([], [])))
        self.eta_stamp.set_text(f"η = {number(run.eta)}")
        for text, (line, color) in zip(self.status, status):
            text.set_text(line)
            text.set_color(color)
        self.refresh()


# ---- the explorer -------------------------------------------------------------------------------
ROWS = [
    [Control("one_example", "button", "one example", icon="step-forward", action="step_example",
             tooltip="look at the next example and apply the rule"),
     Control("one_epoch", "button", "one epoch", icon="fast-forward", action="step_epoch",
             tooltip="run to the end of the current epoch"),
     Control("play", "toggle", "play", icon="play", width="90px",
             tooltip="one example per beat; stops at convergence"),
     Control("reset", "button", "reset", icon="undo", tooltip="start again from w = 0, b = 0")],
    [Control("eta", "float", "η (learning rate)", *ETA_RANGE[:2], step=ETA_RANGE[2]),
     Control("dataset", "choice", "data set", options=DATASET_OPTIONS, width="290px"),
     Control("n_iter", "int", "epoch limit", *N_ITER_RANGE, continuous=False, width="300px")],
]


class PerceptronStepper(Explorer):
    """Step the perceptron rule through a data set: one example, one epoch, or play.

    Controls: buttons "one example", "one epoch", "reset"; a play control (each tick is one
    example; it stops by itself at convergence or at the epoch limit); the learning rate η,
    the data set and the epoch limit. Changing η, the data set or the epoch limit starts
    again from w = 0, b = 0.
    """

    def __init__(self, dataset: str = "AND", eta: float = 1.0, n_iter: int = 10,
                 resolution: int = 100) -> None:
        check_values(ROWS, dataset=dataset, eta=eta, n_iter=n_iter)
        check_number("resolution", resolution, 10, 400, integer=True)
        self.view = PerceptronView(resolution=resolution)
        # What the rule just did, in words: an HTML widget (cheap to change every frame).
        self.readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 60px"))
        # Playing is driven by the kernel: one example per beat (the data set's interval).
        # Buttons and controls may be handled on another thread: they wait for the beat.
        self.animation = Animation(self._frame, period=0.5)
        self.build(ROWS, dict(dataset=dataset, eta=float(eta), n_iter=int(n_iter), play=False),
                   below=[self.readout])
        self._datasets: dict[str, tuple[Dataset, int]] = {}
        self._set_dataset(dataset)
        self.view.set_epoch_limit(self.n_iter)
        self.reset()

    # ---- the settings and the run ----
    @property
    def eta(self) -> float:
        return round(float(self.controls["eta"].value), 6)

    @property
    def n_iter(self) -> int:
        return int(self.controls["n_iter"].value)

    # The run's numbers, read through the explorer (as notebook 03 and its tests do).
    w = property(lambda self: self.run.w, doc="The current weights.")
    b = property(lambda self: self.run.b, doc="The current bias.")
    errors = property(lambda self: self.run.errors, doc="Mistakes of each finished epoch.")
    running = property(lambda self: self.run.running, doc="Mistakes so far in the current epoch.")
    last = property(lambda self: self.run.last, doc="The last example looked at (a PerceptronStep).")
    finished = property(lambda self: self.run.finished, doc="True once training has stopped.")
    converged = property(lambda self: self.run.converged, doc="True once an epoch made no mistake.")
    model = property(lambda self: self.run.model, doc="The nnlib.Perceptron being trained.")

    def _set_dataset(self, name: str) -> None:
        if name not in self._datasets:
            data = DATASETS[name]()
            # The errors panel's height: the most mistakes any epoch makes on this data (a dry run).
            dry = Perceptron(eta=1.0, n_iter=N_ITER_RANGE[1]).fit(data.X, data.y)
            self._datasets[name] = data, min(len(data.y), max(dry.errors_) + 1)
        self.data, y_max = self._datasets[name]
        self.view.set_dataset(self.data, y_max)
        self.animation.period = self.data.interval / 1000  # ms between examples

    def reset(self) -> None:
        """Start again from w = 0, b = 0 with the current η, data set and epoch limit."""
        if self.playing:
            self._stop_playing()
        self.run = PerceptronRun(self.data.X, self.data.y, eta=self.eta, n_iter=self.n_iter)
        self._show(Move("start"))

    def step_example(self) -> None:
        """Apply the rule to the next example and show what it did."""
        self._show(self.run.step_example())

    def step_epoch(self) -> None:
        """Run to the end of the current epoch (a whole epoch at its start)."""
        self._show(self.run.step_epoch())

    def _show(self, move: Move) -> None:
        """Turn the run after `move` into one state; draw it and word it."""
        self.state = stepper_state(self.run.state(), move, self.data, self.view.resolution)
        self._draw()

    def _draw(self) -> None:
        lines = status_lines(self.state)
        self.view.draw(self.state, panel_note(self.state), lines)
        self.readout.value = readout_html(lines)  # after the picture: the page shows it first

    def update(self) -> None:
        """Redraw the current state."""
        self._draw()

    # ---- the controls ----
    def pressed(self, name: str) -> None:
        """A button: its action, between beats of playing."""
        with self.animation.lock:
            super().pressed(name)

    def changed(self, name: str | None, value) -> None:
        """Play toggled; or η, the data set or the epoch limit changed: start again from w = 0."""
        if name == "play":
            self._on_play(value)
            return
        with self.animation.lock:
            if name in (None, "dataset"):
                self._set_dataset(self.controls["dataset"].value)
            if name in (None, "n_iter"):
                self.view.set_epoch_limit(self.n_iter)
            self.reset()

    # ---- playing ----
    @property
    def playing(self) -> bool:
        """True while the rule plays, one example per beat."""
        return self.animation.playing

    def _on_play(self, play: bool) -> None:
        button = self.controls["play"]
        button.description, button.icon = ("pause", "pause") if play else ("play", "play")
        if not play:
            self.animation.pause()
        elif self.finished:  # nothing left to play: say so, and stay paused
            button.value = False
            with self.animation.lock:
                self.step_example()  # an idle move: "nothing to do"
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
