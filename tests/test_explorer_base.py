"""The shared explorer machinery: blitting and the frames ipympl sends to the browser."""

import io

import numpy as np
import types

from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore, FigureManagerWebAgg
from matplotlib.figure import Figure
from PIL import Image

from nnlib.explorers import LiveFigure
from nnlib.explorers._base import _fast_diff_image


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
    blitted = np.asarray(view.fig.canvas.buffer_rgba()).copy()
    view.invalidate()
    view.refresh()
    assert view.full_redraws == 2
    assert np.array_equal(blitted, np.asarray(view.fig.canvas.buffer_rgba()))


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
    canvas.get_diff_image = types.MethodType(_fast_diff_image, canvas)
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
