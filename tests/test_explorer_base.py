"""The shared explorer machinery: blitting and the frames ipympl sends to the browser."""

import base64
import contextlib
import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import types
import warnings

import pytest

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore, FigureManagerWebAgg
from matplotlib.figure import Figure
from PIL import Image

from nnlib.explorers import LiveFigure
from nnlib._ipympl import fast_diff_image, fix_first_frames
from nnlib.explorers._base import TextStamp


def _view():
    view = LiveFigure(figsize=(4, 3))
    ax = view.fig.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    (line,) = ax.plot([0, 1], [0, 0])
    view.dynamic(line)
    return view, line


def test_blitted_frame_equals_a_full_redraw():
    view, line = _view()
    view.refresh()
    line.set_ydata([0.2, 0.9])
    view.refresh()
    assert view.full_redraws == 1, "a data change must not trigger a full redraw"
    blitted = view.canvas.frame
    view.invalidate()
    view.refresh()
    assert view.full_redraws == 2
    assert np.array_equal(blitted, view.canvas.frame)
    from nnlib.explorers._render import frames_differ
    assert frames_differ(blitted, view.full_render()) < 0.0005  # overlays blend: ±1 at edges


def test_static_png_includes_the_dynamic_artists():
    view, line = _view()
    line.set_ydata([0.5, 0.5])
    without = view.to_png()
    line.set_visible(False)
    assert view.to_png() != without, "the PNG must show the animated line"


def test_frames_sent_to_the_browser_rebuild_the_canvas_exactly():
    # ipympl's canvas inherits WebAgg's frame protocol: a full PNG, then PNGs of changed pixels.
    fig = Figure(figsize=(4, 3))
    canvas = FigureCanvasWebAggCore(fig)
    FigureManagerWebAgg(canvas, 1)
    canvas.get_diff_image = types.MethodType(fast_diff_image, canvas)
    (line,) = fig.add_subplot().plot([0, 1], [0, 0])
    canvas.draw()
    first = np.array(Image.open(io.BytesIO(canvas.get_diff_image())))
    line.set_ydata([0.3, 0.7])
    canvas.draw()
    diff = np.array(Image.open(io.BytesIO(canvas.get_diff_image())))
    assert canvas._current_image_mode == "diff"
    changed = diff.view(np.uint32).squeeze(2) != 0
    rebuilt = np.where(changed[..., None], diff, first)
    assert changed.any() and not changed.all()
    assert np.array_equal(rebuilt, np.asarray(canvas.get_renderer().buffer_rgba()))


@contextlib.contextmanager
def _ipympl_quiet():
    """ipympl 0.10's Toolbar trips a traitlets deprecation warning (not ours to fix)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        yield


def _ipympl_canvas():
    """An ipympl canvas (no browser: ipywidgets uses a dummy comm) recording what it sends."""
    backend = matplotlib.get_backend()
    from ipympl.backend_nbagg import Canvas, FigureManager  # first import: switches backend

    matplotlib.use(backend)

    fig = Figure(figsize=(4, 3), dpi=50)
    canvas = Canvas(fig)
    with _ipympl_quiet():
        FigureManager(canvas, 1)
    sent = []
    canvas.send = lambda content, buffers=None: sent.append((content, buffers))
    return fig, canvas, sent


def _binary_frames(sent):
    return [bytes(memoryview(np.ascontiguousarray(buffers[0])).cast("B"))
            for content, buffers in sent if buffers]


def test_ipympl_frames_before_the_browser_initialised_are_pngs():
    # ipympl 0.10 sends these as raw RGBA and keeps bare base64 as _data_url: a "broken"
    # image in the browser, and a canvas that can stay 0x0 (nnlib/_ipympl.py).
    fig, canvas, sent = _ipympl_canvas()  # imports ipympl, as %matplotlib widget does
    assert fix_first_frames()
    fig.add_subplot().plot([0, 1], [0, 1])
    canvas._handle_message(None, {"type": "draw"}, [])  # the browser asks for a frame
    frames = _binary_frames(sent)
    assert frames and all(f.startswith(b"\x89PNG\r\n\x1a\n") for f in frames)
    first = np.array(Image.open(io.BytesIO(frames[0])))
    assert first.shape == (150, 200, 4)
    assert np.array_equal(first, np.asarray(canvas.get_renderer().buffer_rgba()))
    prefix = "data:image/png;base64,"
    assert canvas._data_url.startswith(prefix)
    shown = Image.open(io.BytesIO(base64.b64decode(canvas._data_url[len(prefix):])))
    assert np.array_equal(np.array(shown), first)

    canvas._handle_message(None, {"type": "initialized"}, [])
    url = canvas._data_url
    canvas._handle_message(None, {"type": "draw"}, [])
    assert all(f.startswith(b"\x89PNG") for f in _binary_frames(sent))
    assert canvas._data_url == url, "after initialisation the browser keeps its own image"


# ---- TextStamp: text drawn from cached bitmaps ----------------------------------------------------
def _agg_axes(dpi=100):
    fig = Figure(figsize=(4, 3), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _ink(fig, artist):
    """Pixel bounds (x0, y0, x1, y1), y up, of what `artist` adds to the figure."""
    artist.set_visible(False)
    fig.canvas.draw()
    without = np.asarray(fig.canvas.buffer_rgba()).copy()
    artist.set_visible(True)
    fig.canvas.draw()
    rows, cols = np.nonzero(np.any(np.asarray(fig.canvas.buffer_rgba()) != without, axis=2))
    top = without.shape[0] - 1
    return cols.min(), top - rows.max(), cols.max(), top - rows.min()


def test_text_stamp_is_aligned_like_a_text():
    fig, ax = _agg_axes()
    for ha, va in (("right", "center"), ("left", "bottom"), ("center", "top")):
        kw = dict(ha=ha, va=va, family="monospace", fontsize=10)
        stamp = TextStamp(ax, 0.5, 0.5, boxed=False, **kw)
        stamp.set_text("-0.50")
        stamped = _ink(fig, stamp.image)
        stamp.set_text("")
        text = ax.text(0.5, 0.5, "-0.50", transform=ax.transAxes, **kw)
        drawn = _ink(fig, text)
        text.remove()
        assert np.abs(np.subtract(stamped, drawn)).max() <= 1, (ha, va, stamped, drawn)
    assert stamp.get_text() == "" and not stamp.get_visible()


def test_text_stamp_follows_data_coordinates_offsets_and_the_dpi():
    fig, ax = _agg_axes(dpi=100)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    stamp = TextStamp(ax, 2.0, 3.0, boxed=False, ha="left", va="bottom", transform=ax.transData,
                      offset=(6, 6))
    stamp.set_text("(0,1)")
    for dpi in (100, 200):  # 200: e.g. ipympl on a HiDPI screen
        fig.canvas.draw()
        x, y = ax.transData.transform((2.0, 3.0))
        left, bottom = stamp._bitmap.text_box[:2]
        assert abs(stamp.image.ox + left - (x + 6 * dpi / 72)) <= 1
        assert abs(stamp.image.oy + bottom - (y + 6 * dpi / 72)) <= 1
        assert stamp._bitmap.key == ("(0,1)", "black", dpi)
        ax.set_xlim(0, 5)  # new limits and dpi: placed and rendered anew at the next draw
        fig.set_dpi(200)


def test_text_stamp_background_is_opaque_and_the_cache_is_bounded():
    fig, ax = _agg_axes()
    stamp = TextStamp(ax, 0.5, 0.5, boxed=False, background="white")
    stamp.set_text("w₁₁=-3.5")
    pixels = stamp.image.get_array()
    assert (pixels[..., 3] == 255).all() and (pixels[0, 0, :3] == 255).all()
    assert (pixels[..., :3] < 128).any()  # the text itself
    stamp.max_cached = 3
    for value in range(5):
        stamp.set_text(str(value))
    from nnlib.explorers import _render
    assert len(_render._BITMAPS) <= 3 and stamp.get_text() == "4"  # one bounded cache for all stamps


def test_float_round_trip_from_the_browser_is_not_a_move():
    import ipywidgets as widgets

    from nnlib.explorers import Explorer

    class Counting(Explorer):
        def __init__(self):
            self.view, _ = _view()
            self.controls = {"eta": widgets.FloatSlider(value=0.3, min=0.1, max=1, step=0.05)}
            self.widget = widgets.VBox(list(self.controls.values()))
            self.calls = 0
            self._wire()

        def update(self):
            self.calls += 1

    explorer = Counting()
    explorer.controls["eta"].value = 0.30000000000000004
    assert explorer.calls == 0
    explorer.controls["eta"].value = 0.35
    assert explorer.calls == 1


def test_re_created_explorers_leave_no_figures_in_pyplot_and_close_releases_them():
    from nnlib.explorers import NeuronExplorer

    before = len(plt.get_fignums())
    explorers = [NeuronExplorer() for _ in range(3)]
    assert len(plt.get_fignums()) == before, "explorer figures must not live in pyplot's registry"
    explorer = explorers[-1]
    explorer.close()
    assert explorer.view.fig.axes == []
    explorer.controls["w1"].value = 2.0  # no observer left: nothing happens, nothing raises
    with pytest.raises(RuntimeError, match="run the explorer's cell again"):
        explorer.view.refresh()
    plt.close("all")  # pyplot knows nothing of the others: they keep working
    explorers[0].controls["w1"].value = -1.0
    assert explorers[0].view.frames >= 2


def test_a_new_run_of_a_cell_closes_the_explorers_its_earlier_runs_made(monkeypatch):
    import gc

    from ipywidgets.widgets.widget import _instances

    from nnlib.explorers import NeuronExplorer, TrainingExplorer
    from nnlib.explorers import _base

    where = {"run": ("cell-1", "run-1")}
    monkeypatch.setattr(_base, "_cell_run", lambda: where["run"])
    first, second = NeuronExplorer(), TrainingExplorer()  # one run, two explorers: both kept
    assert not first.view.closed and not second.view.closed
    widgets_before = len(_instances)
    for n in range(2, 12):  # the learner re-runs the cell ten times
        where["run"] = ("cell-1", f"run-{n}")
        explorer = NeuronExplorer()
    assert first.view.closed and second.view.closed and not explorer.view.closed
    gc.collect()
    assert len(_instances) <= widgets_before + 2, "closed explorers' widgets must be released"
    where["run"] = ("cell-2", "run-12")  # another cell leaves this one's explorer alone
    other = NeuronExplorer()
    assert not explorer.view.closed and not other.view.closed
    explorer.close()
    explorer.close()  # closing twice is harmless


# ---- declared controls: Control, check_values, Explorer.build ----------------------------------
def _declaring_explorer(rows, values, below=()):
    from nnlib.explorers._base import Explorer

    class Declaring(Explorer):
        def __init__(self):
            self.view, self.line = _view()
            self.calls, self.presses = [], []
            self.build(rows, values, below=below)

        def changed(self, name, value):
            self.calls.append((name, value))

        def reset(self):
            self.presses.append("reset")

    return Declaring()


def _rows():
    from nnlib.explorers._base import Control

    return [
        [Control("w", "float", "weight w", -3, 3, step=0.05, tooltip="the weight"),
         Control("eta", "log", "learning rate η", 1e-4, 10 ** 0.5)],
        [[Control("epochs", "int", "epochs", 1, 100),
          Control("f", "choice", "activation f", options=(("the step", "step"), ("σ", "sigmoid")))],
         Control("play", "toggle", "play", icon="play"),
         Control("reset", "button", "reset", icon="undo"),
         Control("go", "button", "go", action="reset")],
    ]


VALUES = dict(w=0.5, eta=0.1, epochs=30, f="sigmoid", play=False)


def test_build_makes_lays_out_and_sets_every_declared_control():
    explorer = _declaring_explorer(_rows(), VALUES)
    try:
        c = explorer.controls
        assert list(c) == ["w", "eta", "epochs", "f", "play", "reset", "go"]
        kinds = {"w": widgets_cls("FloatSlider"), "eta": widgets_cls("FloatLogSlider"),
                 "epochs": widgets_cls("IntSlider"), "f": widgets_cls("Dropdown"),
                 "play": widgets_cls("ToggleButton"), "reset": widgets_cls("Button")}
        for name, cls in kinds.items():
            assert type(c[name]) is cls, name
        assert (c["w"].min, c["w"].max, c["w"].step, c["w"].value) == (-3, 3, 0.05, 0.5)
        assert c["w"].description == "weight w" and c["w"].tooltip == "the weight"
        assert (c["eta"].min, c["eta"].max) == pytest.approx((-4, 0.5))
        assert c["eta"].value == pytest.approx(0.1)
        assert c["f"].value == "sigmoid" and c["f"].label == "σ"
        assert explorer.values() == {"w": 0.5, "eta": pytest.approx(0.1), "epochs": 30,
                                     "f": "sigmoid", "play": False}
        # rows -> VBox of HBoxes; a list inside a row is a column (VBox); the canvas under them
        top = explorer.widget
        first, second, canvas = top.children
        assert type(first).__name__ == "HBox" and first.children == (c["w"], c["eta"])
        column = second.children[0]
        assert type(column).__name__ == "VBox" and column.children == (c["epochs"], c["f"])
        assert second.children[1:] == (c["play"], c["reset"], c["go"])
        assert canvas is explorer.view.canvas
    finally:
        explorer.close()


def test_every_change_calls_the_one_hook_with_its_name_and_buttons_their_action():
    explorer = _declaring_explorer(_rows(), VALUES)
    try:
        c = explorer.controls
        c["w"].value = 1.25
        c["f"].value = "step"
        c["play"].value = True
        c["epochs"].value = 7
        assert explorer.calls == [("w", 1.25), ("f", "step"), ("play", True), ("epochs", 7)]
        c["w"].value = 1.2500000000000002  # a JavaScript float echoed back: not a move
        assert len(explorer.calls) == 4
        c["reset"].click()
        c["go"].click()
        assert explorer.presses == ["reset", "reset"]
        explorer.set_values(w=-1.0, epochs=3)
        assert explorer.calls[-1] == (None, {"w": -1.0, "epochs": 3}) and len(explorer.calls) == 5
        assert (c["w"].value, c["epochs"].value) == (-1.0, 3)
    finally:
        explorer.close()
    c["w"].value = 2.0  # closed: no observer left
    assert len(explorer.calls) == 5


def test_default_hook_redraws_from_the_values():
    from nnlib.explorers._base import Control, Explorer

    class Drawing(Explorer):
        def __init__(self):
            self.view, self.line = _view()
            self.build([[Control("y", "float", "y", 0, 1)]], {"y": 0.5})
            self.update()

        def update(self):
            self.line.set_ydata([self.values()["y"]] * 2)
            self.view.refresh()

    explorer = Drawing()
    try:
        explorer.controls["y"].value = 0.8
        assert list(explorer.line.get_ydata()) == [0.8, 0.8]
    finally:
        explorer.close()


@pytest.mark.parametrize("name, value, message", [
    ("w", 4.0, r"w must be a number in \[-3, 3\]; got 4.0"),
    ("w", "1", r"w must be a number in \[-3, 3\]; got '1'"),
    ("eta", 10.0, r"eta must be a number in \[0.0001, 3.16228\]; got 10.0"),
    ("epochs", 0, r"epochs must be a whole number in \[1, 100\]; got 0"),
    ("epochs", 2.5, r"epochs must be a whole number in \[1, 100\]; got 2.5"),
    ("f", "elu", r"f must be one of 'step', 'sigmoid'; got 'elu'"),
    ("play", "yes", r"play must be True or False; got 'yes'"),
])
def test_declared_ranges_check_constructor_arguments_like_check_number(name, value, message):
    from nnlib.explorers._base import check_values

    check_values(_rows(), **VALUES)  # the defaults pass
    with pytest.raises(ValueError, match=message):
        check_values(_rows(), **{**VALUES, name: value})
    with pytest.raises(ValueError, match=message):
        _declaring_explorer(_rows(), {**VALUES, name: value})


def test_integer_choices_are_checked_as_whole_numbers_and_bad_declarations_are_refused():
    from nnlib.explorers._base import Control

    point = Control("point", "choice", "marked input", options=(("(0, 0)", 0), ("(0, 1)", 1), ("(1, 1)", 2)))
    point.check(2)
    with pytest.raises(ValueError, match=r"point must be a whole number in \[0, 2\]; got True"):
        point.check(True)
    with pytest.raises(ValueError, match="kind must be one of"):
        Control("x", "slider", "x", 0, 1)
    with pytest.raises(ValueError, match="needs lo < hi"):
        Control("x", "float", "x", 1, 1)
    with pytest.raises(ValueError, match="lo > 0"):
        Control("x", "log", "x", 0, 1)
    with pytest.raises(ValueError, match="needs options"):
        Control("x", "choice", "x")
    with pytest.raises(ValueError, match="two controls are called 'x'"):
        _declaring_explorer([[Control("x", "float", "x", 0, 1), Control("x", "int", "x", 0, 1)]],
                            {"x": 0})
    with pytest.raises(TypeError, match="needs a value for w"):
        _declaring_explorer(_rows(), {k: v for k, v in VALUES.items() if k != "w"})


def widgets_cls(name):
    import ipywidgets

    return getattr(ipywidgets, name)


def test_steps_and_buttons_controls():
    import ipywidgets as widgets

    from nnlib.explorers._base import Control
    steps = Control("alpha", "steps", "L2 penalty α", options=(0.0, 0.01, 0.1))
    widget = steps.widget(0.01)
    assert isinstance(widget, widgets.SelectionSlider) and widget.value == 0.01
    assert widget.description == "L2 penalty α"
    with pytest.raises(ValueError, match=r"alpha must be one of 0.0, 0.01, 0.1; got 0.5"):
        steps.check(0.5)
    buttons = Control("k", "buttons", "add points of", options=(("class 0", 0), ("class 1", 1)))
    widget = buttons.widget(1)
    assert isinstance(widget, widgets.ToggleButtons) and widget.value == 1 and widget.label == "class 1"
    with pytest.raises(ValueError, match=r"k must be a whole number in \[0, 1\]"):
        buttons.check(2)
    with pytest.raises(ValueError, match="a steps control needs options"):
        Control("s", "steps", "s")


def test_a_value_from_the_page_is_not_echoed_back_to_it():
    from nnlib.explorers import NeuronExplorer

    explorer = NeuronExplorer()
    try:
        slider = explorer.controls["w1"]
        sent = []
        slider._send = lambda msg, buffers=None: sent.append(msg)
        slider.set_state({"value": 1.5})  # as a comm message from the page does it
        assert explorer.state.w1 == 1.5  # the explorer reacted
        assert not [m for m in sent if m.get("method") == "echo_update"]
        # The kernel's own changes still reach the page: value is still a synced key.
        assert "value" in slider.keys and slider.trait_metadata("value", "sync") is True
    finally:
        explorer.close()


def test_the_new_picture_reaches_the_page_before_the_readouts():
    """A control's move sends the frame first, then the other widgets' new values (each widget
    message makes the page redraw JupyterLab, which would delay the picture)."""
    from nnlib.explorers import PerceptronStepper, TrainingExplorer
    from nnlib.explorers._base import CanvasSlot, _widget_tree

    for explorer, act in ((PerceptronStepper(), lambda e: e.controls["one_example"].click()),
                          (TrainingExplorer(), lambda e: e.controls["noise"].set_state({"value": 0.3}))):
        try:
            canvas = explorer.view.canvas.canvas
            canvas._ready = True
            log = []
            canvas.send = lambda content, buffers=None: log.append(("frame", content.get("type")))
            for widget in _widget_tree(explorer.widget, skip=CanvasSlot):
                if getattr(widget.comm, "kernel", True) is None:  # an ipykernel comm, no kernel
                    widget.comm.kernel = object()  # (else ipywidgets sends nothing at all)
                widget._send = (lambda w: lambda msg, buffers=None: log.append(("state", w)))(widget)
            act(explorer)  # a press, or a slider's value as the page's message sets it
            kinds = [kind for kind, _ in log]
            assert "frame" in kinds and "state" in kinds, (type(explorer).__name__, log)  # both
            assert kinds.index("frame") < kinds.index("state"), log
        finally:
            explorer.close()
