"""What every explorer shares: a live figure on the project's own canvas, and the wiring.

Three layers, kept apart so each can be tested alone:
- pure compute lives in nnlib (models, `plotting.decision_grid`, `plotting.boundary_segment`);
  an explorer turns the control values into one immutable state (a frozen dataclass) per move;
- a *view* (a `LiveFigure` subclass) creates its artists once, one builder per panel, and
  draws a state: it only changes artist data and then calls `refresh()`; it never computes;
- an *explorer* (an `Explorer` subclass) declares its controls and reacts to them.

Controls are declared once, as rows of `Control`s (the API other explorers adopt):

    ROWS = [[Control("w", "float", "weight w", -3, 3, step=0.05),
             Control("f", "choice", "activation f", options=("step", "sigmoid"))],
            [Control("reset", "button", "reset", icon="undo")]]
    check_values(ROWS, w=w, f=f)              # constructor arguments: the same ValueErrors
    self.view = MyView()
    self.build(ROWS, dict(w=w, f=f), below=[self.readout])

`build` makes the widgets (`self.controls`, by name, in declaration order), lays the rows out
above the canvas (a row is an HBox; an item that is itself a list is a column, a VBox; a
plain widget such as a readout may stand in a row), and wires every control: a valued one
calls the ONE hook `changed(name, value)` (default: `update()`, which redraws from all
values), a button calls `pressed(name)` (default: the explorer's method `Control.action`,
else the method named like the button). Values the browser echoes back as JavaScript floats
are not moves, and the canvas is checked for a front end, before the hook is called.
`set_values(**values)` sets several controls and calls `changed(None, values)` once.

The drawing layer (z-order kept by construction, only changed pixels sent) is `_render`;
the canvas widget the frames go to is `_canvas`. Neither needs ipympl or `%matplotlib widget`.
"""

from __future__ import annotations

import base64
import contextlib
import math
import weakref
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

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


KINDS = ("float", "log", "int", "steps", "choice", "buttons", "toggle", "button")
_STYLE = {"description_width": "initial"}
_WIDTH = {"float": "320px", "log": "320px", "int": "320px", "steps": "320px", "choice": "240px"}


@dataclass(frozen=True)
class Control:
    """One control, declared once: its name, kind, label in the math's notation and range.

    kind: "float" (slider), "log" (slider on a log scale; lo and hi are values, not exponents),
    "int" (slider of whole numbers), "steps" (a slider over the given `options`), "choice"
    (dropdown; `options` are values or (label, value) pairs), "buttons" (the same as a row of
    buttons, one pressed), "toggle" (a True/False button), "button" (an action).
    `readout` is the slider's number format; `step` for "log" is in decades.
    """

    name: str
    kind: str
    label: str = ""
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    options: tuple = ()
    readout: str | None = None
    tooltip: str = ""
    width: str | None = None
    icon: str = ""
    action: str = ""          # button: the explorer method it calls (default: its name)
    continuous: bool = True   # slider: react while dragging (False: on release)
    margin: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Control {self.name!r}: kind must be one of {', '.join(KINDS)}; "
                             f"got {self.kind!r}")
        if self.kind in ("float", "log", "int"):
            if self.lo is None or self.hi is None or not self.lo < self.hi:
                raise ValueError(f"Control {self.name!r}: a {self.kind} slider needs lo < hi; "
                                 f"got lo={self.lo!r}, hi={self.hi!r}")
            if self.kind == "log" and self.lo <= 0:
                raise ValueError(f"Control {self.name!r}: a log slider needs lo > 0; got {self.lo!r}")
        if self.kind in ("steps", "choice", "buttons") and not self.options:
            raise ValueError(f"Control {self.name!r}: a {self.kind} control needs options")
        object.__setattr__(self, "options", tuple(self.options))

    @property
    def valued(self) -> bool:
        """True for controls with a value (all but buttons)."""
        return self.kind != "button"

    @property
    def values(self) -> tuple:
        """The values a choice can take (its options without their labels)."""
        return tuple(o[1] if isinstance(o, tuple) else o for o in self.options)

    def check(self, value: Any) -> None:
        """A constructor argument for this control: in range, or one of the options."""
        if self.kind in ("float", "log", "int"):
            check_number(self.name, value, self.lo, self.hi, integer=self.kind == "int")
        elif self.kind in ("steps", "choice", "buttons"):
            values = self.values
            ints = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
            if ints and sorted(values) == list(range(min(values), max(values) + 1)):
                check_number(self.name, value, min(values), max(values), integer=True)
            elif all(isinstance(v, str) for v in values):
                check_choice(self.name, value, values)
            elif value not in values or isinstance(value, bool):
                raise ValueError(f"{self.name} must be one of {', '.join(map(repr, values))}; "
                                 f"got {value!r}")
        elif self.kind == "toggle" and not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{self.name} must be True or False; got {value!r}")

    def widget(self, value: Any = None) -> widgets.Widget:
        """A new widget for this control, set to `value` (buttons take none)."""
        layout = widgets.Layout(**{k: v for k, v in (("width", self.width or _WIDTH.get(self.kind)),
                                                     ("margin", self.margin)) if v})
        common = dict(description=self.label, tooltip=self.tooltip or None, layout=layout)
        slider_kw = dict(continuous_update=self.continuous, style=_STYLE, **common)
        if self.kind == "float":
            return widgets.FloatSlider(value=value, min=self.lo, max=self.hi,
                                       step=0.1 if self.step is None else self.step,
                                       readout_format=self.readout or ".2f", **slider_kw)
        if self.kind == "log":
            return widgets.FloatLogSlider(value=value, base=10, min=math.log10(self.lo),
                                          max=math.log10(self.hi),
                                          step=0.01 if self.step is None else self.step,
                                          readout_format=self.readout or ".3g", **slider_kw)
        if self.kind == "int":
            return widgets.IntSlider(value=value, min=int(self.lo), max=int(self.hi),
                                     step=1 if self.step is None else int(self.step), **slider_kw)
        if self.kind == "steps":
            return widgets.SelectionSlider(options=list(self.options), value=value, **slider_kw)
        if self.kind == "choice":
            return widgets.Dropdown(options=list(self.options), value=value, style=_STYLE, **common)
        if self.kind == "buttons":
            common["layout"] = widgets.Layout(margin=self.margin) if self.margin else widgets.Layout()
            return widgets.ToggleButtons(options=list(self.options), value=value,
                                         style={**_STYLE, "button_width": self.width or "auto"}, **common)
        if self.kind == "toggle":
            return widgets.ToggleButton(value=bool(value), icon=self.icon, **common)
        return widgets.Button(icon=self.icon, **common)


Row = Sequence[Any]  # Controls, widgets, or lists of them (a column)


def declared(rows: Sequence[Row]) -> dict[str, Control]:
    """Every Control in `rows` (columns included), by name, in the order declared."""
    found: dict[str, Control] = {}

    def walk(items) -> None:
        for item in items:
            if isinstance(item, Control):
                if item.name in found:
                    raise ValueError(f"two controls are called {item.name!r}")
                found[item.name] = item
            elif isinstance(item, (list, tuple)):
                walk(item)

    walk(rows)
    return found


def check_values(rows: Sequence[Row], **values: Any) -> None:
    """Check constructor arguments against the controls they set (same names)."""
    controls = declared(rows)
    for name, value in values.items():
        controls[name].check(value)


class Explorer:
    """Controls wired to a LiveFigure view. Subclasses make `view`, then `build` the controls.

    `build(rows, values)` makes `controls` and `widget` from declared `Control`s and wires
    them to `changed(name, value)` and `pressed(name)` (see the module docstring). Older
    explorers build `controls` and `widget` by hand and call `_wire()`: every valued control
    then calls `_on_change(change)`, whose default is `update()`. Displaying the explorer
    shows `widget`; without a live kernel (GitHub, nbconvert) a PNG of the figure is shown.
    """

    view: LiveFigure
    controls: dict[str, widgets.Widget]
    widget: widgets.Widget

    @property
    def fig(self):
        """The matplotlib Figure the explorer draws on."""
        return self.view.fig

    # ---- declared controls ----
    def build(self, rows: Sequence[Row], values: Mapping[str, Any],
              below: Sequence[widgets.Widget] = ()) -> None:
        """Make the controls of `rows` set to `values`, lay them out above the canvas (and
        `below` under it) as `self.widget`, and wire them to `changed` and `pressed`."""
        self.declared = declared(rows)
        missing = [n for n, c in self.declared.items() if c.valued and n not in values]
        if missing:
            raise TypeError(f"build() needs a value for {', '.join(missing)}")
        check_values(rows, **{n: values[n] for n, c in self.declared.items() if c.valued})
        self.controls = {n: c.widget(values.get(n)) for n, c in self.declared.items()}
        self._names = {id(w): n for n, w in self.controls.items()}
        self._holding = False
        self.widget = widgets.VBox([*(self._box(row, horizontal=True) for row in rows),
                                    canvas_widget(self.view), *below])
        _replace_in_cell(self)
        for name, control in self.declared.items():
            widget = self.controls[name]
            if control.valued:
                widget.observe(self._on_declared_change, names="value")
                # ipywidgets 8 echoes every value the page sends back to the page before the
                # callback runs: one more message the page handles (the slider redrawn) ahead
                # of the new picture, ~5-10 ms of a key press in JupyterLab (bench_browser.py
                # --trace). The page needs no echo of its own move; values the kernel sets
                # are still sent as usual.
                widget._value_metadata = {"echo_update": False}
            else:
                widget.on_click(self._on_press)

    def _box(self, items: Row, horizontal: bool) -> widgets.Box:
        children = [self._box(item, not horizontal) if isinstance(item, (list, tuple))
                    else self.controls[item.name] if isinstance(item, Control) else item
                    for item in items]
        return widgets.HBox(children) if horizontal else widgets.VBox(children)

    def _on_declared_change(self, change: dict) -> None:
        if self._holding or _echo(change):
            return
        self.view.canvas.check_front_end()  # no 'ready' from this front end: use the image canvas
        with self._picture_first():
            self.changed(self._names[id(change["owner"])], change["new"])

    def _on_press(self, button: widgets.Button) -> None:
        self.view.canvas.check_front_end()
        with self._picture_first():
            self.pressed(self._names[id(button)])

    @contextlib.contextmanager
    def _picture_first(self):
        """Send the new picture before the other widgets' new values (readouts, labels).

        The page redraws JupyterLab after each widget message (~5-10 ms in headless Chromium,
        bench_browser.py --trace); a readout that arrives first delays the frame by that much.
        Every widget of the explorer but its canvas holds its state until the callback ends.
        """
        # What Widget.hold_sync does, for ~50 widgets at once: its context manager per widget
        # cost ~1 ms a move in 06.
        held = [w for w in _widget_tree(getattr(self, "widget", None), skip=CanvasSlot)
                if not w._holding_sync]
        for widget in held:
            widget._holding_sync = True
        try:
            yield
        finally:
            for widget in held:
                widget._holding_sync = False
                if widget._states_to_send:
                    widget.send_state(widget._states_to_send)
                    widget._states_to_send.clear()

    def changed(self, name: str | None, value: Any) -> None:
        """The one hook: control `name` now has `value` (None: several, see `set_values`).

        Default: redraw everything from the controls' values (`update`).
        """
        self.update()

    def pressed(self, name: str) -> None:
        """Button `name` was pressed: call its action (a method of the explorer)."""
        getattr(self, self.declared[name].action or name)()

    def set_values(self, **values: Any) -> None:
        """Set several controls at once, then call `changed(None, values)` once."""
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self.changed(None, values)

    # ---- hand-built controls (explorers not yet declaring theirs) ----
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
        if _echo(change):
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
                for handler in filter(None, (self._on_real_change, self._on_declared_change,
                                             getattr(self, "_on_play", None))):
                    try:
                        control.unobserve(handler, names="value")
                    except ValueError:  # was never observed by it
                        pass
        self.view.close()
        # ipywidgets keeps every widget (and what its callbacks hold) until it is closed.
        for widget in _widget_tree(getattr(self, "widget", None), parts=True):
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


def _widget_tree(root, skip: type | tuple = (), parts: bool = False) -> list[widgets.Widget]:
    """`root` and the widgets inside it (with their layouts and styles if `parts`), minus
    `skip` ones and what is inside them."""
    found, stack = [], [root]
    while stack:
        widget = stack.pop()
        if isinstance(widget, widgets.Widget) and not isinstance(widget, skip):
            found.append(widget)
            stack.extend(getattr(widget, "children", ()))
            if parts:
                stack.extend(getattr(widget, name, None) for name in ("layout", "style"))
    return found


def _echo(change: dict) -> bool:
    """True for a value the browser merely echoed back (not a move)."""
    # The browser sends slider values back as JavaScript floats: 0.3 can come back as
    # 0.30000000000000004. That is not a move; reacting would e.g. reset a trained model.
    old, new = change.get("old"), change.get("new")
    return isinstance(old, float) and isinstance(new, float) and abs(new - old) <= 1e-9 * max(1.0, abs(old))


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
