"""What every explorer shares: a figure redrawn by blitting, and the widget wiring.

Three layers, kept apart so each can be tested alone:
- pure compute lives in nnlib (models, `plotting.decision_grid`, `plotting.boundary_segment`);
- a *view* (a `LiveFigure` subclass) creates its artists once and has `update(**values)`,
  which only changes artist data and then calls `refresh()`;
- an *explorer* (an `Explorer` subclass) builds the controls and forwards their values.
"""

from __future__ import annotations

import base64
import io
import types
from typing import Any, Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import FigureImage
from matplotlib.transforms import Bbox, IdentityTransform

from .._ipympl import fast_diff_image, fix_first_frames, size_early


class LiveFigure:
    """A figure whose changing ("dynamic") artists are redrawn by blitting.

    The static parts (axes, ticks, labels, data points that never move) are rendered once
    and cached as a background; a slider move restores that background and draws only the
    dynamic artists, which costs a few milliseconds instead of a full redraw.
    """

    def __init__(self, figsize: tuple[float, float] = (9.0, 4.0), **subplot_kw: Any) -> None:
        # ioff: the explorer decides where the canvas goes; pyplot must not display it too.
        with plt.ioff():
            self.fig = plt.figure(figsize=figsize, **subplot_kw)
        canvas = self.fig.canvas
        for name, value in (("header_visible", False), ("footer_visible", False),
                            ("toolbar_visible", False), ("resizable", False)):
            if hasattr(canvas, name):  # ipympl canvas options; absent on plain Agg
                setattr(canvas, name, value)
        if hasattr(canvas, "get_diff_image"):  # ipympl / WebAgg: the frames a browser gets
            canvas.get_diff_image = types.MethodType(fast_diff_image, canvas)
            fix_first_frames()
            size_early(canvas)
        self._dynamic: list[Artist] = []
        self._background = None
        self._saving = False
        self.full_redraws = 0
        canvas.mpl_connect("draw_event", self._on_draw)

    def dynamic(self, *artists: Artist) -> None:
        """Mark artists as changing: they are drawn on top of the cached background."""
        for artist in artists:
            artist.set_animated(True)
            self._dynamic.append(artist)

    def invalidate(self) -> None:
        """Ask for a full redraw next time (after static parts changed, e.g. axis limits)."""
        self._background = None

    def _on_draw(self, event) -> None:
        if self._saving:
            return
        self.full_redraws += 1
        canvas = self.fig.canvas
        self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._draw_dynamic()

    def _draw_dynamic(self) -> None:
        for artist in self._dynamic:
            if artist.get_visible():
                self.fig.draw_artist(artist)

    def full_draw(self) -> None:
        """Redraw everything; the draw_event then caches the new background.

        draw_idle, not draw: under ipympl the browser then asks for the frame when it can
        show it, and several requests in a row cost one render. Under Agg (tests) draw_idle
        draws at once.
        """
        self.fig.canvas.draw_idle()

    def refresh(self) -> None:
        """Show the current state of the artists: blit if possible, else a full draw."""
        canvas = self.fig.canvas
        if self._background is None:
            self.full_draw()
            return
        canvas.restore_region(self._background)
        self._draw_dynamic()
        canvas.blit(self.fig.bbox)

    def to_png(self) -> bytes:
        """The figure as PNG bytes, dynamic artists included (for static notebook views)."""
        for artist in self._dynamic:
            artist.set_animated(False)
        self._saving = True
        try:
            buffer = io.BytesIO()
            self.fig.savefig(buffer, format="png", dpi=self.fig.dpi)
        finally:
            self._saving = False
            for artist in self._dynamic:
                artist.set_animated(True)
            self._background = None
        return buffer.getvalue()

    def close(self) -> None:
        """Close the figure (frees it in pyplot's registry)."""
        plt.close(self.fig)


class TextStamp:
    """A one-line label drawn from a cached bitmap instead of a matplotlib Text.

    Agg lays out and rasterises a Text on every draw (about 0.1 ms per glyph, 1 ms for a
    short label, 3 ms for a sentence), which a blitted frame pays every time. A TextStamp
    renders each distinct (string, colour, dpi) once and then pastes a small image (about
    0.01 ms). It is anchored at (x, y) in `transform` coordinates (default: the axes
    coordinates of `ax`), shifted by `offset` points, and aligned there like a Text by `ha`
    (left, center, right) and `va` (bottom, center, top). `boxed` puts it on a rounded white
    box (a dict: the box's properties); `background` instead fills the bitmap's rectangle
    (the text plus 2 pixels) with a colour, which is about twice as cheap to render. The
    anchor is turned into pixels at every draw, so the stamp follows data limits and dpi
    changes. Mark `stamp.image` as dynamic.
    """

    max_cached = 512  # bitmaps kept per stamp (the oldest are dropped first)

    def __init__(self, ax, x: float, y: float, boxed: bool | dict = True, ha: str = "center",
                 va: str = "center", transform=None, offset: tuple[float, float] = (0.0, 0.0),
                 background=None, **text_kw) -> None:
        self.ax, self.xy, self.boxed = ax, (x, y), boxed
        self.background = None if background is None else np.array(to_rgba(background)[:3]) * 255
        self.ha, self.va, self.offset = ha, va, tuple(offset)
        self.transform = ax.transAxes if transform is None else transform
        self.text_kw = {"fontsize": "small", **text_kw}
        self._text, self._color = "", "black"
        self._cache: dict[tuple, _Bitmap] = {}
        self._bitmap: _Bitmap | None = None
        self.image = _StampImage(self, ax.figure)
        ax.figure.add_artist(self.image)
        self.image.set_visible(False)

    def get_text(self) -> str:
        return self._text

    def get_color(self) -> str:
        return self._color

    def get_visible(self) -> bool:
        return self.image.get_visible()

    def get_position(self) -> tuple[float, float]:
        return self.xy

    def set_text(self, text: str, color: str = "black") -> None:
        """Show `text` (hidden when empty)."""
        self._text, self._color = text, color
        if not text:
            self._bitmap = None
            self.image.set_visible(False)
            return
        self._place()
        self.image.set_visible(True)

    def set_position(self, xy: tuple[float, float]) -> None:
        """Move the anchor (in `transform` coordinates)."""
        self.xy = (float(xy[0]), float(xy[1]))
        self._place()

    def set_alignment(self, ha: str | None = None, va: str | None = None,
                      offset: tuple[float, float] | None = None) -> None:
        """Change the alignment and/or the offset (in points) from the anchor."""
        self.ha, self.va = ha or self.ha, va or self.va
        if offset is not None:
            self.offset = tuple(offset)
        self._place()

    def _place(self) -> None:
        """Pick the bitmap for the current dpi and put it at the anchor, in pixels."""
        if not self._text:
            return
        dpi = self.ax.figure.dpi
        key = (self._text, self._color, dpi)
        if self._bitmap is None or self._bitmap.key != key:
            if key not in self._cache:
                if len(self._cache) >= self.max_cached:
                    del self._cache[next(iter(self._cache))]
                self._cache[key] = self._render(*key)
            self._bitmap = self._cache[key]
            self.image.set_data(self._bitmap.pixels)
        bitmap = self._bitmap
        px, py = self.transform.transform(self.xy)
        px += self.offset[0] * dpi / 72
        py += self.offset[1] * dpi / 72
        height, width = bitmap.pixels.shape[:2]
        left, bottom, right, top = bitmap.text_box
        ox = {"left": px - left, "right": px - right}.get(self.ha, px - width / 2)
        oy = {"bottom": py - bottom, "top": py - top}.get(self.va, py - height / 2)
        self.image.ox, self.image.oy = int(round(ox)), int(round(oy))

    def _render(self, text: str, color: str, dpi: float) -> _Bitmap:
        fig = _offscreen_figure(dpi)
        if isinstance(self.boxed, dict):
            box = self.boxed
        else:
            box = dict(boxstyle="round,pad=0.3", fc="white", ec="0.7", alpha=0.9) if self.boxed else None
        label = fig.text(0.5, 0.5, text, ha="center", va="center", color=color, bbox=box, **self.text_kw)
        try:
            renderer = fig.canvas.get_renderer()
            renderer.clear()
            label.draw(renderer)
            text_extent = extent = label.get_window_extent(renderer)
            if box is not None:  # the box's corners (its path's vertices: cheaper than its extents)
                patch = label.get_bbox_patch()
                corners = patch.get_transform().transform(patch.get_path().vertices)
                extent = Bbox.union([extent, Bbox([corners.min(axis=0), corners.max(axis=0)])])
        finally:
            label.remove()
        pixels = np.asarray(renderer.buffer_rgba())
        height = pixels.shape[0]
        x0, x1 = max(int(extent.x0) - 2, 0), min(int(np.ceil(extent.x1)) + 2, pixels.shape[1])
        y0, y1 = max(height - int(np.ceil(extent.y1)) - 2, 0), min(height - int(extent.y0) + 2, height)
        bottom = height - y1  # the bitmap's lower edge, in the offscreen figure's pixels
        text_box = (text_extent.x0 - x0, text_extent.y0 - bottom, text_extent.x1 - x0, text_extent.y1 - bottom)
        pixels = pixels[y0:y1, x0:x1].copy()
        if self.background is not None:  # the text over an opaque backdrop
            alpha = pixels[..., 3:] / 255
            pixels[..., :3] = np.round(pixels[..., :3] * alpha + self.background * (1 - alpha))
            pixels[..., 3] = 255
        return _Bitmap((text, color, dpi), pixels, text_box)


class _Bitmap:
    """One rendered string: its pixels (row 0 at the top) and the text's box inside them."""

    def __init__(self, key: tuple, pixels: np.ndarray, text_box: tuple) -> None:
        self.key, self.pixels, self.text_box = key, pixels, text_box
        self.flipped = np.ascontiguousarray(pixels[::-1])  # row 0 at the bottom, for draw_image


_OFFSCREEN: dict[float, Figure] = {}


def _offscreen_figure(dpi: float) -> Figure:
    """A transparent Agg figure (one per dpi, shared by every TextStamp) to render text on."""
    if dpi not in _OFFSCREEN:
        fig = Figure(figsize=(12, 3), dpi=dpi)
        FigureCanvasAgg(fig)
        fig.patch.set_alpha(0.0)
        _OFFSCREEN[dpi] = fig
    return _OFFSCREEN[dpi]


class _StampImage(FigureImage):
    """A TextStamp's image: placed at draw time, pasted pixel for pixel.

    FigureImage.draw resamples its array on every draw (about 0.3 ms, and ±1 in a few
    antialiased pixels). On a raster renderer at the figure's dpi the bitmap is pasted as it
    was rendered instead, with `renderer.draw_image`; other renderers get FigureImage.draw.
    """

    def __init__(self, stamp: TextStamp, fig) -> None:
        super().__init__(fig, origin="upper", zorder=10)
        self.set_transform(IdentityTransform())  # placed by ox, oy (Figure.add_artist would set one)
        self.stamp = stamp
        self.set_data(np.zeros((1, 1, 4)))

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        stamp = self.stamp
        stamp._place()  # follows the current dpi, axes limits and layout
        bitmap, fig = stamp._bitmap, self.get_figure(root=True)
        height, width = bitmap.pixels.shape[:2]
        inside = (0 <= self.ox and self.ox + width <= fig.bbox.width
                  and 0 <= self.oy and self.oy + height <= fig.bbox.height)
        if renderer.dpi != fig.dpi or not inside:
            super().draw(renderer)  # vector backends (72 dpi), or partly outside the figure
            return
        gc = renderer.new_gc()
        gc.set_alpha(self._get_scalar_alpha())
        renderer.draw_image(gc, self.ox, self.oy, bitmap.flipped)
        gc.restore()
        self.stale = False


def canvas_widget(fig) -> widgets.Widget:
    """The ipympl canvas as a widget; an empty placeholder under a non-interactive backend."""
    return fig.canvas if isinstance(fig.canvas, widgets.DOMWidget) else widgets.Output()


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
        self._on_change(change)

    def _on_change(self, change: dict) -> None:
        self.update()

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


def on_click(button: widgets.Button, action: Callable[[], None]) -> widgets.Button:
    """Wire a button to a no-argument action."""
    button.on_click(lambda _button: action())
    return button
