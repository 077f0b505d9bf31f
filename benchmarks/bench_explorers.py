"""Frame cost of every explorer, as the kernel pays for it.

For each explorer, every control is swept through 50 values (buttons: 50 clicks; the
play widget: 50 ticks). One frame = the widget callback (model + artist updates + the
blit or full draw the explorer really does) + encoding the canvas to PNG, exactly what
ipympl sends to the browser (`get_diff_image`, from matplotlib's WebAgg core, which
ipympl's canvas inherits). Prints median and p95 per explorer; goal: median <= 16.7 ms.

Run: .venv/bin/python benchmarks/bench_explorers.py [ExplorerName ...]
"""

from __future__ import annotations

import sys
import time

import matplotlib

matplotlib.use("module://matplotlib.backends.backend_webagg_core")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402

import nnlib.explorers as explorers  # noqa: E402

NAMES = ["NeuronExplorer", "ActivationExplorer", "PerceptronStepper",
         "AdalineExplorer", "XORNetworkExplorer", "TrainingExplorer"]
FRAMES = 50


def sweep(control: widgets.Widget, n: int = FRAMES):
    """Yield n actions that each change the control once."""
    if isinstance(control, widgets.Button):
        for _ in range(n):
            yield control.click
    elif isinstance(control, widgets.Play):
        for _ in range(n):
            yield lambda: setattr(control, "value", min(control.value + 1, control.max))
    elif isinstance(control, (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)):
        lo, hi = control.min, control.max
        values = np.linspace(lo, hi, n)
        if isinstance(control, widgets.FloatLogSlider):
            values = np.logspace(lo, hi, n, base=control.base)
        if isinstance(control, widgets.IntSlider):
            values = np.round(values).astype(int)
        for value in values:
            yield lambda value=value: setattr(control, "value", type(control.value)(value))
    elif hasattr(control, "options"):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        for i in range(n):
            yield lambda i=i: setattr(control, "value", options[(i + 1) % len(options)])
    elif isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        for _ in range(n):
            yield lambda: setattr(control, "value", not control.value)


def frame_times(explorer) -> list[float]:
    """Milliseconds per frame over every control of one explorer."""
    canvas = explorer.fig.canvas
    # A full redraw is requested with draw_idle; ipympl's browser answers with a draw
    # message, which the kernel serves by drawing. Here nobody answers: draw at once.
    canvas.draw_idle = canvas.draw
    explorer.view.refresh()
    canvas.get_diff_image()
    times = []
    for control in explorer.controls.values():
        for action in sweep(control):
            start = time.perf_counter()
            action()
            canvas.get_diff_image()
            times.append((time.perf_counter() - start) * 1000)
    return times


def main(names: list[str]) -> None:
    print(f"{'explorer':<22}{'frames':>8}{'median ms':>11}{'p95 ms':>9}{'full redraws':>14}")
    for name in names:
        try:
            cls = getattr(explorers, name)
        except (AttributeError, ImportError) as exc:
            print(f"{name:<22} not available ({exc})")
            continue
        explorer = cls()
        times = frame_times(explorer)
        print(f"{name:<22}{len(times):>8}{np.median(times):>11.1f}{np.percentile(times, 95):>9.1f}"
              f"{explorer.view.full_redraws:>14}")
        explorer.view.close()
    if "TrainingExplorer" in names:
        training_while_playing()


# ---- notebook 06: TrainingExplorer while it plays -----------------------------------------
def training_while_playing(ticks: int = 100) -> None:
    """Tick the TrainingExplorer's Play widget `ticks` times on its default data and report
    training epochs per second and redraws per second, with each tick's training, redraw
    and PNG encoding (`get_diff_image`) all included."""
    explorer = explorers.TrainingExplorer()
    play, canvas = explorer.controls["play"], explorer.fig.canvas
    canvas.draw_idle = canvas.draw  # as in frame_times: serve full redraws at once
    explorer.view.refresh()
    canvas.get_diff_image()
    times = []
    start_epoch = explorer.run.epoch
    for _ in range(ticks):
        start = time.perf_counter()
        play.value += 1
        canvas.get_diff_image()
        times.append(time.perf_counter() - start)
    total = sum(times)
    epochs = explorer.run.epoch - start_epoch
    print(f"\nTrainingExplorer playing: {ticks} ticks of {explorer.epochs_per_tick} epochs, "
          f"Play interval {play.interval} ms")
    print(f"  per tick: median {1000 * np.median(times):.1f} ms, p95 {1000 * np.percentile(times, 95):.1f} ms")
    print(f"  {epochs / total:.0f} training epochs/s and {ticks / total:.0f} redraws/s "
          f"(training + redraw + PNG); the browser asks for {1000 / play.interval:.0f} ticks/s")
    explorer.view.close()


if __name__ == "__main__":
    main(sys.argv[1:] or NAMES)
