"""What every explorer shares: a live figure on the project's own canvas, and the wiring.

Three layers, kept apart so each can be tested alone:
- pure compute lives in nnlib (models, `plotting.decision_grid`, `plotting.boundary_segment`);
- a *view* (a `LiveFigure` subclass) creates its artists once and has `update(**values)`,
  which only changes artist data and then calls `refresh()`;
- an *explorer* (an `Explorer` subclass) builds the controls and forwards their values.

The drawing layer (z-order kept by construction, only changed pixels sent) is `_render`;
the canvas widget the frames go to is `_canvas`. Neither needs ipympl or `%matplotlib widget`.
"""

from __future__ import annotations

import base64
import weakref
from typing import Any, Callable

import ipywidgets as widgets
import numpy as np

from . import _render
from ._canvas import CanvasSlot, make_canvas
from ._render import TextStamp  # noqa: F401  (the one cached-text artist; explorers import it from here)


class LiveFigure(_render.LiveFigure):
    """A `_render.LiveFigure` whose frames are shown on a canvas widget (`self.canvas`)."""

    def __init__(self, figsize: tuple[float, float] = (9.0, 4.0), **fig_kw: Any) -> None:
        super().__init__(figsize=figsize, **fig_kw)
        width, height = self.size
        self.canvas: CanvasSlot = make_canvas(width, height)
        self.canvas.owner = weakref.ref(self)  # lets tests find the figure behind a canvas
        self.sink = _CroppingSink(self.canvas)
        # A front end that (re)renders the canvas gets the current picture from the canvas
        # itself; nothing to do here.

    def close(self) -> None:
        """Release the figure and close the canvas widget."""
        super().close()
        try:
            self.canvas.canvas.close()
            self.canvas.close()
        except KeyError:  # no kernel: dummy comms that were never registered
            pass


class _CroppingSink:
    """The canvas as the drawing layer's sink: it compares each frame with what it shows and
    sends only the changed rectangle itself (so the layer need not diff the frame too)."""

    crops = True

    def __init__(self, slot: CanvasSlot) -> None:
        self.slot = slot

    def __call__(self, rgba, x: int = 0, y: int = 0) -> None:
        self.slot.show(rgba, x, y)


def canvas_widget(view: LiveFigure) -> widgets.Widget:
    """The widget that shows `view`'s live frames."""
    return view.canvas


def check_number(name: str, value: Any, lo: float, hi: float, integer: bool = False) -> None:
    """A constructor argument that sets a slider: a number (whole, if `integer`) in [lo, hi]."""
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, bool) or not isinstance(value, kinds) or not lo <= value <= hi:
        what = "a whole number" if integer else "a number"
        raise ValueError(f"{name} must be {what} in [{lo:g}, {hi:g}]; got {value!r}")


def check_choice(name: str, value: Any, options) -> None:
    """A constructor argument that sets a dropdown: one of its options."""
    options = list(options)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")


def slider(description: str, value: float, lo: float, hi: float, step: float = 0.1,
           readout_format: str = ".2f") -> widgets.FloatSlider:
    """A float slider with the look every explorer shares (description in math notation)."""
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               continuous_update=True, readout_format=readout_format,
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="320px"))


class Explorer:
    """Controls wired to a LiveFigure view. Subclasses build `view`, `controls` and `widget`.

    Every control with a `value` calls `update()` when it changes; buttons are wired by the
    subclass. Displaying the explorer shows `widget`; without a live kernel (GitHub,
    nbconvert) a PNG of the current figure is shown instead.
    """

    view: LiveFigure
    controls: dict[str, widgets.Widget]
    widget: widgets.Widget

    @property
    def fig(self):
        """The matplotlib Figure the explorer draws on."""
        return self.view.fig

    def _wire(self, skip: tuple[str, ...] = ()) -> None:
        """Observe every valued control (except `skip`) so that a change redraws."""
        _replace_in_cell(self)
        for name, control in self.controls.items():
            if name not in skip and hasattr(control, "value") and not isinstance(control, widgets.Button):
                control.observe(self._on_real_change, names="value")

    def values(self) -> dict[str, Any]:
        """The current value of every valued control, by name."""
        return {name: c.value for name, c in self.controls.items()
                if hasattr(c, "value") and not isinstance(c, (widgets.Button, widgets.Play))}

    def _on_real_change(self, change: dict) -> None:
        # The browser sends slider values back as JavaScript floats: 0.3 can come back as
        # 0.30000000000000004. That is not a move; reacting would e.g. reset a trained model.
        old, new = change.get("old"), change.get("new")
        if isinstance(old, float) and isinstance(new, float) and abs(new - old) <= 1e-9 * max(1.0, abs(old)):
            return
        self.view.canvas.check_front_end()  # no 'ready' from this front end: use the image canvas
        self._on_change(change)

    def _on_change(self, change: dict) -> None:
        self.update()

    def close(self) -> None:
        """Stop reacting to the controls and release the figure and its canvas."""
        if self.view.closed:
            return
        animation = getattr(self, "animation", None)
        if animation is not None:  # explorers that play: stop before the figure goes
            animation.pause()
        for control in self.controls.values():
            if hasattr(control, "value") and not isinstance(control, widgets.Button):
                for handler in filter(None, (self._on_real_change, getattr(self, "_on_play", None))):
                    try:
                        control.unobserve(handler, names="value")
                    except ValueError:  # was never observed by it
                        pass
        self.view.close()
        # ipywidgets keeps every widget (and what its callbacks hold) until it is closed.
        stack = [getattr(self, "widget", None)]
        while stack:
            widget = stack.pop()
            if isinstance(widget, widgets.Widget):
                stack.extend(getattr(widget, "children", ()))
                stack.extend(w for w in (getattr(widget, "layout", None), getattr(widget, "style", None))
                             if isinstance(w, widgets.Widget))
                try:
                    widget.close()
                except KeyError:  # no kernel: dummy comms that were never registered
                    pass

    def update(self) -> None:
        """Redraw the view from the controls' current values."""
        self.view.update(**self.values())

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["image/png"] = base64.b64encode(self.view.to_png()).decode("ascii")
        # text/plain stays short so static viewers that prefer it don't print a widget repr.
        bundle["text/plain"] = f"<{type(self).__name__}: run the notebook to use the sliders>"
        return bundle


# Re-running a notebook cell makes new explorers and drops the old ones from the page, but
# their widgets stay registered in the kernel (ipywidgets keeps every widget until closed),
# each holding its figure: 30 re-runs kept ~330 MiB. So an explorer made by a new run of the
# same cell closes the ones the cell's earlier runs made.
_BY_CELL: dict[str, tuple[str, list]] = {}


def _cell_run() -> tuple[str, str] | None:
    """(cell id, message id) of the cell the kernel is running now, where the front end says."""
    try:
        from IPython import get_ipython
        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent() if kernel is not None else None
    except Exception:  # noqa: BLE001 (no kernel, no parent: nothing to replace)
        return None
    if not parent:
        return None
    cell = (parent.get("metadata") or {}).get("cellId")
    run = (parent.get("header") or {}).get("msg_id")
    return (str(cell), str(run)) if cell and run else None


def _replace_in_cell(explorer: "Explorer") -> None:
    where = _cell_run()
    if where is None:
        return
    cell, run = where
    previous_run, explorers = _BY_CELL.get(cell, (None, []))
    if previous_run != run:
        for ref in explorers:
            old = ref()
            if old is not None and old is not explorer:
                old.close()
        explorers = []
    explorers.append(weakref.ref(explorer))
    _BY_CELL[cell] = (run, explorers)


def on_click(button: widgets.Button, action: Callable[[], None]) -> widgets.Button:
    """Wire a button to a no-argument action."""
    button.on_click(lambda _button: action())
    return button
