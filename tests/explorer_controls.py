"""The one helper the explorer tests share: set controls as a learner would, list their values."""

from __future__ import annotations

from typing import Any, Iterator

import ipywidgets as widgets
import numpy as np


def set_controls(explorer, **values: Any) -> None:
    """Set each named control to a value (a button name with value True clicks it)."""
    for name, value in values.items():
        control = explorer.controls[name]
        if isinstance(control, widgets.Button):
            if value:
                control.click()
        else:
            control.value = value


def slider_values(control, n_between: int = 3) -> list:
    """A slider's minimum, maximum and `n_between` values between, on its step grid."""
    lo, hi = control.min, control.max
    if isinstance(control, widgets.FloatLogSlider):  # min and max are exponents
        return [float(control.base ** e) for e in np.linspace(lo, hi, n_between + 2)]
    inner = np.linspace(lo, hi, n_between + 2)[1:-1]
    if isinstance(control, (widgets.IntSlider, widgets.Play, widgets.BoundedIntText)):
        inner = [int(round(v)) for v in inner]
    elif getattr(control, "step", None):
        step = control.step
        inner = [round(lo + round((v - lo) / step) * step, 10) for v in inner]
    return [lo, hi, *inner]


def moves(explorer) -> Iterator[tuple[str, Any]]:
    """Every move a learner can make: each slider to its ends and between, each dropdown and
    toggle option, each button click, in the order the controls are declared."""
    for name, control in explorer.controls.items():
        if isinstance(control, widgets.Play):
            continue  # playing is tested on its own (it runs until paused)
        if isinstance(control, widgets.Button):
            yield name, True
        elif isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                                  widgets.SelectionSlider)):
            for option in control.options:
                yield name, option[1] if isinstance(option, tuple) else option
        elif isinstance(control, widgets.Checkbox) or isinstance(control, widgets.ToggleButton):
            yield name, not control.value
            yield name, not control.value
        elif hasattr(control, "min") and hasattr(control, "max"):
            for value in slider_values(control):
                yield name, value
