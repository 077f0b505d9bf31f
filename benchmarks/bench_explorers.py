"""Frame cost of every explorer, as the kernel pays for it (kernel only, no browser).

For each explorer, every control in turn is swept through 50 values (buttons: 50 clicks; a
"+" button alternates with its "−", so 06's layers end where they began; 06's play toggle:
50 animation frames). Buttons that are greyed out are not clicked (a learner can't, and
the click does nothing). One frame = the widget callback (model + artist updates) + composing the frame in
the drawing layer (`_render`) + cropping the changed pixels and encoding them as the patch
the canvas widget sends (`FrameCanvas`, here with a front end that said 'ready' and a comm
that drops the message). Prints median and p95 per explorer; 06 also with 3 hidden layers
of 8 and all seven features (`BIG`), every control swept from there.
Goal (issue 8): median <= 12 ms and p95 <= 40 ms for every explorer.

Run: .venv/bin/python benchmarks/bench_explorers.py [--controls] [ExplorerName ...]
(--controls: also the median and p95 of each control)
"""

from __future__ import annotations

import sys
import time

import ipywidgets as widgets
import numpy as np

import nnlib.explorers as explorers

NAMES = ["NeuronExplorer", "ActivationExplorer", "PerceptronStepper",
         "AdalineExplorer", "XORNetworkExplorer", "TrainingExplorer"]
FRAMES = 50


def sweep(control: widgets.Widget, n: int = FRAMES):
    """Yield n actions that each change the control once."""
    if isinstance(control, widgets.Button):
        for _ in range(n):
            yield control.click
    elif isinstance(control, (widgets.ToggleButton, widgets.Checkbox)):  # on, off, on, ...
        for _ in range(n):
            yield lambda: setattr(control, "value", not control.value)
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


def ready(explorer) -> None:
    """Make the explorer's canvas behave as if a browser showed it (PNG encoded per frame)."""
    canvas = explorer.view.canvas.canvas
    canvas._ready = True
    canvas.send = lambda *args, **kwargs: None


def _actions(explorer, name: str, control):
    """What sweeping one control does: n callables, each one change (or one animation frame)."""
    if isinstance(control, widgets.ToggleButton) and name == "play" and hasattr(explorer, "animation"):
        explorer.animation._playing = True  # playing: one animation frame each
        return [explorer.animation.tick] * FRAMES
    partner = explorer.controls.get(name.replace("plus", "minus") if "plus" in name else name.replace("minus", "plus"))
    if isinstance(control, widgets.Button) and partner is not None and partner is not control:
        return [(control if i % 2 == 0 else partner).click for i in range(FRAMES)]  # +, −, +, −, ...
    return list(sweep(control))


def control_times(cls, settings: dict | None = None) -> tuple[dict[str, list[float]], int]:
    """Milliseconds per frame for each control of one explorer, swept in turn, and how many
    full renders the sweep cost."""
    explorer = cls(**(settings or {}))
    ready(explorer)
    explorer.view.refresh()
    first = explorer.view.full_redraws
    out: dict[str, list[float]] = {}
    for name, control in explorer.controls.items():
        times = out[name] = []
        for action in _actions(explorer, name, control):
            if getattr(getattr(action, "__self__", None), "disabled", False):
                continue  # a greyed-out button (e.g. "+" at the most layers): a learner can't press it
            start = time.perf_counter()
            action()
            times.append((time.perf_counter() - start) * 1000)
        if hasattr(explorer, "animation"):
            explorer.animation.pause()
    full = explorer.view.full_redraws - first
    explorer.close()
    return out, full


def report(label: str, per_control: dict[str, list[float]], full: int, controls: bool) -> None:
    times = [t for ts in per_control.values() for t in ts]
    print(f"{label:<34}{len(times):>8}{np.median(times):>11.1f}{np.percentile(times, 95):>9.1f}{full:>14}",
          flush=True)
    if controls:
        for name, ts in per_control.items():
            if ts:
                print(f"    {name:<30}{len(ts):>8}{np.median(ts):>11.1f}{np.percentile(ts, 95):>9.1f}")


def main(names: list[str], controls: bool = False) -> None:
    print(f"{'explorer':<34}{'frames':>8}{'median ms':>11}{'p95 ms':>9}{'full redraws':>14}")
    for name in names:
        try:
            cls = getattr(explorers, name)
        except (AttributeError, ImportError) as exc:
            print(f"{name:<34} not available ({exc})")
            continue
        report(name, *control_times(cls), controls)
        if name == "TrainingExplorer":
            report(f"{name}, 3 x 8 units, 7 features", *control_times(cls, BIG), controls)
    if "TrainingExplorer" in names:
        training_while_playing()


BIG = dict(hidden_layer_sizes=(8, 8, 8), features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"))


def training_while_playing(frames: int = 180) -> None:
    """06 playing, kernel only: animation frames (training chunk + redraw + PNG) per second,
    at the defaults and with 3 hidden layers of 8 and all seven features."""
    for label, settings in (("defaults", {}), ("3 layers of 8, 7 features", BIG)):
        explorer = explorers.TrainingExplorer(**settings)
        ready(explorer)
        explorer.animation._playing = True
        times, start_epoch = [], explorer.epoch
        for _ in range(frames):
            start = time.perf_counter()
            explorer.animation.tick()
            times.append(time.perf_counter() - start)
        epochs = explorer.epoch - start_epoch
        print(f"\nTrainingExplorer playing, {label} (kernel only): {frames} frames, "
              f"median {1000 * np.median(times):.1f} ms, p95 {1000 * np.percentile(times, 95):.1f} ms "
              f"per frame; {epochs / len(times):.1f} epochs per frame; at most "
              f"{1 / max(np.median(times), explorer.animation.period):.0f} frames/s at the "
              f"{1 / explorer.animation.period:.0f}/s display rate")
        explorer.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    main([a for a in args if not a.startswith("--")] or NAMES, controls="--controls" in args)
