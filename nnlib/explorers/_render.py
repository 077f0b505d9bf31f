"""The one drawing layer of every explorer: frames that are exactly the figure, fast.

An explorer's figure is a plain Agg `Figure` it owns (not pyplot's: re-running a cell leaks
nothing). Some of its artists change on every slider move ("dynamic"); the rest are static.
A frame must look exactly like a full render of the figure, so z-order is kept by
construction:

- the figure is flattened into matplotlib's own drawing order (figure children by zorder,
  each Axes as its patch and then its children by zorder);
- everything *below* the lowest dynamic artist is rendered once and cached as the
  background;
- from there on, each run of static artists lying between dynamic ones (a legend, spines,
  markers above a shading) is rendered once, alone, onto a transparent layer and cached as
  an overlay: only its non-transparent pixels are kept and blended back each frame;
- a frame restores the background and then draws, in drawing order, each dynamic artist and
  each overlay.

Measured speed-ups, written once here (kernel, this machine, 900×400 px):
- overlays: a legend costs 2–4 ms to draw with text; its cached pixels ~0.05 ms to blend;
- prefix snapshot: the buffer after the layers below the lowest artist that changed lately
  is kept, so a frame where only the top layers change skips the ones below (a shading
  image costs 1–3 ms);
- `TextStamp` (below): cached text bitmaps, ~0.03 ms instead of ~1 ms per label; a new
  number (a loss, a table cell) is pasted from cached glyphs, ~0.15 ms instead of ~2.5 ms;
- overlays blend in 16-bit integers, opaque pixels copied: ~0.02 ms per 1000 pixels;
- only the rows and columns that changed since the last frame are handed to the canvas
  widget, and nothing when nothing changed.
"""

from __future__ import annotations

import io
from typing import Any, Callable

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import FigureImage
from matplotlib.transforms import Bbox, IdentityTransform

Sink = Callable[[np.ndarray, int, int], None]  # (rgba patch, x, y from the top-left)


def drawing_order(fig: Figure) -> list[Artist]:
    """The artists of `fig` in the order matplotlib's Agg renderer draws them."""
    order: list[Artist] = []
    children = [a for a in fig.get_children() if a is not fig.patch]
    for artist in sorted(children, key=lambda a: a.get_zorder()):
        if not isinstance(artist, Axes):
            order.append(artist)
            continue
        ax = artist
        kids = ax.get_children()
        kids.remove(ax.patch)
        if not (ax.axison and ax._frameon):
            kids = [k for k in kids if k not in ax.spines.values()]
        if not ax.axison:
            kids = [k for k in kids if k not in ax._axis_map.values()]
        if ax.axison and ax._frameon:
            order.append(ax.patch)
        order.extend(sorted(kids, key=lambda a: a.get_zorder()))
    return order


def _paint_region(artist: Artist) -> Bbox | None:
    """Where a dynamic artist can paint (display pixels), whatever its data: its clip box,
    or None for anywhere (an unclipped artist, e.g. a text, can move anywhere)."""
    box = artist.get_clip_box() if artist.get_clip_on() else None
    return None if box is None else box.frozen().padded(2)  # padded: antialiased edges


def _extent(artist: Artist, renderer) -> Bbox | None:
    """Where a static artist paints (display pixels), or None when that is unknown."""
    if isinstance(artist, Axis) and artist.axes is not None:
        # Ticks and grid lie in the axes, labels beside it: the axes box with room for them
        # (a superset is safe; Axis.get_tightbbox would cost ~10 ms of text layout).
        return artist.axes.bbox.frozen().padded(80)
    box = artist.get_clip_box() if artist.get_clip_on() else None
    if box is not None:
        return box.frozen()
    try:
        extent = artist.get_tightbbox(renderer)
    except Exception:  # noqa: BLE001 (an artist without a usable extent: assume the worst)
        return None
    return extent if extent is not None and extent.width > 0 and extent.height > 0 else None


def _overlaps(regions: list[Bbox | None], extent: Bbox | None) -> bool:
    """Could something painted in one of `regions` lie under `extent`? (None: anywhere)"""
    if extent is None:
        return True
    extent = extent.padded(2)
    return any(region is None or region.overlaps(extent) for region in regions)


class _Overlay:
    """The pixels of a run of static artists, rendered alone: blended back each frame.

    Opaque pixels are written as they are; the others blended in 16-bit integers (as exact
    as float math, about three times faster: a frame blends several overlays).
    """

    def __init__(self, rgba: np.ndarray) -> None:
        alpha = rgba[..., 3]
        index = np.flatnonzero(alpha.ravel())
        pixels = rgba.reshape(-1, 4)[index]
        opaque = pixels[:, 3] == 255
        self.index = index
        self.opaque_index = index[opaque]
        self.opaque = np.ascontiguousarray(pixels[opaque]).view(np.uint32).ravel()
        self.blend_index = index[~opaque]
        a = pixels[~opaque, 3:4].astype(np.uint16)
        self.color = pixels[~opaque, :3].astype(np.uint16) * a  # premultiplied
        self.inverse = 255 - a

    def blend(self, buffer: np.ndarray) -> None:
        if self.index.size == 0:
            return
        flat = buffer.reshape(-1, 4).view(np.uint32).ravel()  # one 32-bit word per pixel
        flat[self.opaque_index] = self.opaque
        if self.blend_index.size:
            under = flat[self.blend_index].view(np.uint8).reshape(-1, 4).copy()
            under[:, :3] = (self.color + under[:, :3] * self.inverse + 127) // 255
            flat[self.blend_index] = under.view(np.uint32).ravel()


class LiveFigure:
    """A figure whose dynamic artists are redrawn in place, the frame equal to a full render.

    Views create their artists once, mark the changing ones with `dynamic(...)`, change
    their data in `update(...)` and then call `refresh()`. After static parts change (axis
    limits, titles) they call `invalidate()`. Frames go to `sink(patch, x, y)` (the canvas
    widget) as the RGBA pixels that changed.
    """

    def __init__(self, figsize: tuple[float, float] = (9.0, 4.0), dpi: float = 100, **fig_kw: Any) -> None:
        self.fig = Figure(figsize=figsize, dpi=dpi, **fig_kw)
        FigureCanvasAgg(self.fig)
        self.sink: Sink | None = None
        self._dynamic: list[Artist] = []
        self._plan: list | None = None     # [("artist", a) | ("overlay", _Overlay)]
        self._background: np.ndarray | None = None
        self._snapshot: tuple[int, np.ndarray] | None = None  # (layers drawn, buffer)
        self._shown: np.ndarray | None = None  # the last frame handed to the sink
        self._hidden: list[Artist] = []  # static artists drawn as overlays
        self._key = None        # what the static parts show now (see invalidate)
        self._cached: dict = {}  # key -> (plan, background, hidden): static states seen lately
        self._last: dict[tuple[int, str], object] = {}  # what `set` gave each (artist, property)
        self.full_redraws = 0   # backgrounds rebuilt (a full render each)
        self.frames = 0         # frames composed
        self.closed = False

    # ---- what the view declares ----
    def dynamic(self, *artists: Artist) -> None:
        """Mark artists as changing: they are redrawn on every frame, in z-order."""
        for artist in artists:
            if artist not in self._dynamic:
                artist.set_animated(True)
                self._dynamic.append(artist)
        self._plan = None
        self._cached.clear()

    def set(self, artist, prop: str, value, apply: Callable | None = None) -> None:
        """Set one property (through `apply(value)` or `artist.set_<prop>`) if it changed.

        An artist left alone stays "not stale", so a frame can start from the layers below
        the lowest artist that did change (the prefix snapshot). Values are compared whole:
        arrays by shape and contents, tuples element by element.
        """
        key = (id(artist), prop)
        if key in self._last and _same(self._last[key], value):
            return
        self._last[key] = value
        (apply or getattr(artist, f"set_{prop}"))(value)

    max_cached = 10  # static states kept per figure (a background and overlays each, ~2 MB)

    def invalidate(self, key=None) -> None:
        """Static parts changed (axis limits, labels): rebuild the cached layers next frame.

        `key` names the static state now shown (e.g. the activation whose axes are set up):
        when the figure returns to a key it showed lately, its layers are reused instead of
        rendered again (flipping a dropdown back costs a frame, not a full render). The view
        must give equal keys only to identical static states.
        """
        self._plan = None
        self._key = key

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the figure in pixels."""
        width, height = self.fig.canvas.get_width_height()
        return int(width), int(height)

    # ---- frames ----
    def _buffer(self) -> np.ndarray:
        return np.asarray(self.fig.canvas.get_renderer().buffer_rgba())

    def _build(self) -> None:
        """Render the background and the overlays for the current static parts."""
        if self._key is not None and self._key in self._cached:
            self._use(*self._cached.pop(self._key))
            self._cached[self._key] = (self._plan, self._background, self._hidden)  # newest last
            return
        self._render_layers()
        if self._key is not None:
            while len(self._cached) >= self.max_cached:
                del self._cached[next(iter(self._cached))]
            self._cached[self._key] = (self._plan, self._background, self._hidden)

    def _use(self, plan: list, background: np.ndarray, hidden: list) -> None:
        for artist in self._hidden:
            artist.set_animated(False)
        for artist in hidden:
            artist.set_animated(True)
        self._plan, self._background, self._hidden = plan, background, hidden
        self._snapshot = None
        # What a full draw would do first: the layout and each axes' box for its limits and
        # aspect (the changing artists are drawn in those boxes).
        engine = self.fig.get_layout_engine()
        if engine is not None:
            engine.execute(self.fig)
        renderer = self.fig.canvas.get_renderer()
        for ax in self.fig.axes:
            locator = ax.get_axes_locator()
            ax.apply_aspect(locator(ax, renderer) if locator else None)

    def _render_layers(self) -> None:
        canvas = self.fig.canvas
        dynamic = set(map(id, self._dynamic))
        order = drawing_order(self.fig)
        first = next((i for i, a in enumerate(order) if id(a) in dynamic), len(order))
        above = order[first:]
        for artist in self._hidden:  # overlays of the last plan: static artists again
            artist.set_animated(False)
        # Static artists above the lowest dynamic one that overlap where a dynamic artist
        # below them may paint are left out of the full draw (animated) and drawn as
        # overlays; they stay animated while this plan is in use. The others can't be
        # painted over, so they stay in the background (same pixels, no cost per frame).
        renderer = canvas.get_renderer()
        self._hidden, regions = [], []
        for artist in above:
            if id(artist) in dynamic:
                regions.append(_paint_region(artist))
            elif regions and _overlaps(regions, _extent(artist, renderer)):
                self._hidden.append(artist)
        hidden = set(map(id, self._hidden))
        above = [a for a in above if id(a) in dynamic or id(a) in hidden]
        for artist in self._hidden:
            artist.set_animated(True)
        canvas.draw()
        self._background = self._buffer().copy()
        plan: list = []
        run: list[Artist] = []

        def close_run() -> None:
            if not run:
                return
            renderer.clear()
            for artist in run:
                self.fig.draw_artist(artist)
            plan.append(("overlay", _Overlay(self._buffer().copy())))
            run.clear()

        for artist in above:
            if id(artist) in dynamic:
                close_run()
                plan.append(("artist", artist))
            else:
                run.append(artist)
        close_run()
        self._plan = plan
        self._snapshot = None
        self.full_redraws += 1

    def _compose(self) -> None:
        """Draw the current state into the canvas buffer: background, then every layer."""
        if self._plan is None:
            self._build()
        plan = self._plan
        changed = [i for i, (kind, item) in enumerate(plan) if kind == "artist" and item.stale]
        start = changed[0] if changed else len(plan)
        buffer = self._buffer()
        retake = None
        if self._snapshot is not None and self._snapshot[0] <= start:
            drawn, pixels = self._snapshot
            buffer[...] = pixels
        else:
            # A layer below the snapshot changed: the snapshot shows it as it was. It is taken
            # again at the same layer on the way up (the next frame may change only above it).
            retake = self._snapshot[0] if self._snapshot is not None else None
            self._snapshot = None
            drawn = 0
            buffer[...] = self._background
        renderer = self.fig.canvas.get_renderer()  # once: Figure.draw_artist asks per artist
        for i in range(drawn, len(plan)):
            if (i == start and start > drawn and start < len(plan)) or i == retake:
                self._snapshot = (i, buffer.copy())  # the layers below what changes lately
            kind, item = plan[i]
            if kind == "artist":
                if item.get_visible():
                    item.draw(renderer)
                item.stale = False
            else:
                item.blend(buffer)
        self.frames += 1

    def refresh(self) -> None:
        """Show the current state of the artists (and send what changed to the canvas)."""
        if self.closed:
            raise RuntimeError(
                f"this {type(self).__name__} was closed (explorer.close() or plt.close('all')); "
                "run the explorer's cell again to get a new one.")
        self._compose()
        self._publish()

    def _publish(self) -> None:
        if self.sink is None:
            return
        frame = self._buffer()
        if getattr(self.sink, "crops", False):  # the canvas finds the changed pixels itself
            self.sink(frame, 0, 0)
            return
        if self._shown is None or self._shown.shape != frame.shape:
            patch, x, y = frame, 0, 0
        else:
            diff = (frame.view(np.uint32) != self._shown.view(np.uint32))[..., 0]
            rows = np.flatnonzero(diff.any(axis=1))
            if rows.size == 0:
                return  # nothing changed: nothing is sent
            cols = np.flatnonzero(diff[rows[0]:rows[-1] + 1].any(axis=0))
            y, x = int(rows[0]), int(cols[0])
            patch = frame[y:rows[-1] + 1, x:cols[-1] + 1]
        self._shown = frame.copy()
        self.sink(np.ascontiguousarray(patch), x, y)

    def resend(self) -> None:
        """Send the whole current frame again (a new canvas, or one that lost its picture)."""
        self._shown = None
        if self._plan is None:
            self._compose()
        self._publish()

    def frame(self) -> np.ndarray:
        """The live frame: what the canvas shows, as an (h, w, 4) uint8 RGBA copy."""
        if self._plan is None or any(a.stale for a in self._dynamic):
            self._compose()
        return self._buffer().copy()

    def full_render(self) -> np.ndarray:
        """A plain full render of the figure, nothing animated (the reference for frames)."""
        flagged = [a for a in self.fig.findobj() if a.get_animated()]
        pending = any(a.stale for a in self._dynamic)
        for artist in flagged:
            artist.set_animated(False)
        try:
            self.fig.canvas.draw()
            pixels = self._buffer().copy()
        finally:
            for artist in flagged:
                artist.set_animated(True)
        if pending:  # the draw cleared the stale marks of changes the snapshot may predate
            self._snapshot = None
        # Otherwise the snapshot stays: it is a copy, and keeping it lets a test that compares
        # after every frame see a stale one (resetting it here once hid such a bug).
        self._compose()  # the buffer is the live frame again
        return pixels

    def to_png(self) -> bytes:
        """The figure as PNG bytes, dynamic artists included (for static notebook views)."""
        flagged = [a for a in self.fig.findobj() if a.get_animated()]
        for artist in flagged:
            artist.set_animated(False)
        try:
            buffer = io.BytesIO()
            self.fig.savefig(buffer, format="png", dpi=self.fig.dpi)
        finally:
            for artist in flagged:
                artist.set_animated(True)
        self._snapshot = None
        return buffer.getvalue()

    def close(self) -> None:
        """Release the figure's artists and caches; later frames raise a clear error."""
        self.closed = True
        self.sink = None
        self._plan = self._background = self._snapshot = self._shown = None
        self._cached.clear()
        self._last.clear()
        self._dynamic.clear()
        self.fig.clear()


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and bool(np.array_equal(a, b))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def frames_differ(a: np.ndarray, b: np.ndarray, tolerance: int = 40) -> float:
    """Fraction of pixels whose RGBA differ by more than `tolerance` in any channel."""
    if a.shape != b.shape:
        raise ValueError(f"frames of different sizes: {a.shape} and {b.shape}")
    delta = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=-1)
    return float((delta > tolerance).mean())


# ---- a grid painted pixel by pixel -----------------------------------------------------------
class GridImage(Artist):
    """A grid of class indices (or, `smooth`, of class-1 probabilities) painted over a whole
    axes, one colour per class.

    Nearest: what `imshow(grid, origin="lower", extent=<the axes limits>,
    interpolation="nearest", cmap=...)` shows, painted pixel by pixel at draw time instead of
    resampled: about three times cheaper (it is redrawn on every frame). Smooth: the
    probabilities (sampled at the grid's points, corners included, as `plotting.grid` puts
    them) are interpolated bilinearly to every pixel and cut at 0.5, so the boundary is drawn
    to the pixel instead of as a staircase of grid cells, at about the same cost.
    `levels` (e.g. 256) makes it a heat map instead: values in [0, 1] (clipped) are coloured
    by `cmap` at that many evenly spaced levels (n_classes is then ignored).
    """

    def __init__(self, ax, cmap, n_classes: int, grid: np.ndarray, smooth: bool = False,
                 levels: int | None = None) -> None:
        super().__init__()
        self.axes = ax
        self.set_figure(ax.figure)
        self.levels = levels
        # The bytes imshow would paint: one colour per class, or per level of a heat map.
        self.colors = cmap(np.linspace(0.0, 1.0, levels) if levels else np.arange(n_classes), bytes=True)
        self.smooth = smooth
        self.grid = np.asarray(grid)
        self.set_zorder(0)
        self._lookup = None  # (grid shape, pixel size, how each pixel reads the grid)

    def set_grid(self, grid: np.ndarray) -> None:
        """Show another grid (row 0 at the bottom, as with origin="lower")."""
        self.grid = np.asarray(grid)
        self.stale = True

    def _level(self, values: np.ndarray) -> np.ndarray:
        """Heat-map values in [0, 1] as indices of the colour levels (NaN: the lowest)."""
        scaled = np.nan_to_num(values * (self.levels - 1) + 0.5, nan=0.0)
        return np.clip(scaled, 0, self.levels - 1).astype(np.intp)

    def _make_lookup(self, height: int, width: int):
        n_rows, n_cols = self.grid.shape
        if not self.smooth:
            rows = ((np.arange(height) + 0.5) * n_rows / height).astype(np.intp)  # pixel centres
            cols = ((np.arange(width) + 0.5) * n_cols / width).astype(np.intp)
            return rows[:, None] * n_cols + cols[None, :]
        # Pixel centres in grid-index units (grid points at the edges of the axes).
        r = np.clip((np.arange(height) + 0.5) / height * (n_rows - 1), 0, n_rows - 1)
        c = np.clip((np.arange(width) + 0.5) / width * (n_cols - 1), 0, n_cols - 1)
        r0 = np.minimum(r.astype(np.intp), n_rows - 2)
        c0 = np.minimum(c.astype(np.intp), n_cols - 2)
        fr, fc = (r - r0)[:, None].astype(np.float32), (c - c0)[None, :].astype(np.float32)
        base = r0[:, None] * n_cols + c0[None, :]
        return base, fr, fc

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        bbox = self.axes.bbox
        x0, y0 = int(round(bbox.x0)), int(round(bbox.y0))
        width, height = int(round(bbox.x1)) - x0, int(round(bbox.y1)) - y0
        if width <= 0 or height <= 0:
            return
        if self._lookup is None or self._lookup[:2] != (self.grid.shape, (height, width)):
            self._lookup = (self.grid.shape, (height, width), self._make_lookup(height, width))
        lookup = self._lookup[2]
        if self.smooth:
            base, fr, fc = lookup
            flat = np.asarray(self.grid, np.float32).ravel()
            n_cols = self.grid.shape[1]
            top = flat[base] * (1 - fc) + flat[base + 1] * fc
            bottom = flat[base + n_cols] * (1 - fc) + flat[base + n_cols + 1] * fc
            values = top * (1 - fr) + bottom * fr
            cells = self._level(values) if self.levels else (values >= 0.5).astype(np.intp)
        elif self.levels:
            cells = self._level(np.take(np.asarray(self.grid, np.float32).ravel(), lookup))
        else:
            cells = np.take(self.grid.ravel(), lookup)
        pixels = np.take(np.ascontiguousarray(self.colors).view(np.uint32).ravel(), cells)  # RGBA bytes
        gc = renderer.new_gc()
        gc.set_clip_rectangle(bbox)
        renderer.draw_image(gc, x0, y0, pixels.view(np.uint8).reshape(height, width, 4))
        gc.restore()
        self.stale = False


# ---- cached text ------------------------------------------------------------------------------
class TextStamp:
    """A one-line label drawn from a cached bitmap instead of a matplotlib Text.

    Agg lays out and rasterises a Text on every draw (about 0.1 ms per glyph, 1 ms for a
    short label, 3 ms for a sentence), which a frame pays every time. A TextStamp renders
    each distinct (string, colour, dpi) once and then pastes a small image (about 0.03 ms;
    a new number is made from cached glyphs, see `_render_glyphs`). It is anchored at
    (x, y) in `transform` coordinates (default: the axes coordinates of `ax`), shifted by
    `offset` points, and aligned there like a Text by `ha` and `va`.
    `boxed` puts it on a rounded white box (or a dict of box properties); `background`
    instead fills the bitmap's rectangle with a colour. Mark `stamp.image` as dynamic.
    """

    max_cached = 4096  # bitmaps kept, shared by all stamps (the oldest are dropped first)

    def __init__(self, ax, x: float, y: float, boxed: bool | dict = True, ha: str = "center",
                 va: str = "center", transform=None, offset: tuple[float, float] = (0.0, 0.0),
                 background=None, **text_kw) -> None:
        self.ax, self.xy, self.boxed = ax, (x, y), boxed
        self.background = None if background is None else np.array(to_rgba(background)[:3]) * 255
        self.ha, self.va, self.offset = ha, va, tuple(offset)
        self.transform = ax.transAxes if transform is None else transform
        self.text_kw = {"fontsize": "small", **text_kw}
        self._text, self._color = "", "black"
        # What decides the pixels besides the text, colour and dpi (the shared cache's key).
        self._style = (repr(sorted(self.text_kw.items())), repr(self.boxed),
                       None if self.background is None else tuple(self.background))
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
        if (text, color) == (self._text, self._color) and self.image.get_visible() == bool(text):
            return
        self._text, self._color = text, color
        self.image.stale = True
        if not text:
            self._bitmap = None
            self.image.set_visible(False)
            return
        self._place()
        self.image.set_visible(True)

    def set_position(self, xy: tuple[float, float]) -> None:
        """Move the anchor (in `transform` coordinates)."""
        xy = (float(xy[0]), float(xy[1]))
        if xy != self.xy:
            self.xy = xy
            self.image.stale = True
        self._place()

    def set_alignment(self, ha: str | None = None, va: str | None = None,
                      offset: tuple[float, float] | None = None) -> None:
        """Change the alignment and/or the offset (in points) from the anchor."""
        self.ha, self.va = ha or self.ha, va or self.va
        if offset is not None:
            self.offset = tuple(offset)
        self.image.stale = True
        self._place()

    def _place(self) -> None:
        """Pick the bitmap for the current dpi and put it at the anchor, in pixels."""
        if not self._text:
            return
        dpi = self.ax.figure.dpi
        key = (self._text, self._color, dpi)
        if self._bitmap is None or self._bitmap.key != key:
            # One cache for all stamps of the same style: equal strings are rendered once
            # (XOR's labels and table repeat each other's numbers).
            shared = (self._style, *key)
            if shared not in _BITMAPS:
                while _BITMAPS and len(_BITMAPS) >= self.max_cached:
                    del _BITMAPS[next(iter(_BITMAPS))]
                _BITMAPS[shared] = self._render_glyphs(*key) or self._render(*key)
            self._bitmap = _BITMAPS[shared]
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

    def _render_glyphs(self, text: str, color: str, dpi: float) -> "_Bitmap | None":
        """The bitmap of a plain number (digits and the marks around them) from cached glyphs,
        or None when the text needs a full layout.

        A number laid out by matplotlib is its glyphs side by side at their (hinted, whole
        pixel) advances: these characters have no kerning or ligatures, which `_glyphs`
        checks per font. Pasting cached glyphs costs ~0.15 ms instead of ~2.5 ms per new
        string, so numbers that change every frame (losses, table cells) stay cheap.
        """
        if self.boxed or not _PLAIN.issuperset(text) or set(self.text_kw) - _FONT_KEYS:
            return None
        font = _glyphs(self._style, self.text_kw, dpi)
        if font is None or not font.plain(text):
            return None
        return font.bitmap(text, color, self.background)

    def _render(self, text: str, color: str, dpi: float) -> "_Bitmap":
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


_BITMAPS: dict[tuple, "_Bitmap"] = {}  # (style, text, colour, dpi) -> bitmap, for every stamp


class _Bitmap:
    """One rendered string: its pixels (row 0 at the top) and the text's box inside them."""

    def __init__(self, key: tuple, pixels: np.ndarray, text_box: tuple) -> None:
        self.key, self.pixels, self.text_box = key, pixels, text_box
        self.flipped = np.ascontiguousarray(pixels[::-1])  # row 0 at the bottom, for draw_image


_OFFSCREEN: dict[float, Figure] = {}

# Characters of numbers as the explorers print them; font keys a glyph cache understands.
_PLAIN = frozenset("0123456789.,:;+-−–%/×() e")
_FONT_KEYS = frozenset({"fontsize", "size", "fontweight", "weight", "family", "fontfamily", "fontstyle",
                        "style"})


class _Glyphs:
    """One font's glyphs at one dpi, rendered once each, and the text box matplotlib gives a line."""

    def __init__(self, text_kw: dict, dpi: float) -> None:
        from matplotlib.backends.backend_agg import RendererAgg
        from matplotlib.font_manager import findfont, get_font
        from matplotlib.text import Text

        self.dpi = dpi
        self.prop = Text(0, 0, "", **text_kw).get_fontproperties()
        size = self.prop.get_size_in_points() * dpi / 72
        self.pad = int(np.ceil(size)) + 2
        self.renderer = RendererAgg(4 * self.pad, 3 * self.pad, dpi)
        self.font = get_font(findfont(self.prop))
        self.font.set_size(self.prop.get_size_in_points(), dpi)
        self.cache: dict[str, tuple] = {}
        self.kerned: dict[tuple[str, str], bool] = {}
        # The line box's least ascent and descent (from the font's tables), as a Text's
        # window extent shows them for a line as short as "." (Text._get_layout).
        fig = _offscreen_figure(dpi)
        label = fig.text(0.25, 0.5, ".", ha="left", va="baseline", **text_kw)
        try:
            box = label.get_window_extent(fig.canvas.get_renderer())
        finally:
            label.remove()
        baseline = 0.5 * fig.bbox.height
        self.min_ascent, self.min_descent = box.y1 - baseline, baseline - box.y0

    def plain(self, text: str) -> bool:
        """Is `text` laid out glyph by glyph, each at its advance (no kerning between them)?"""
        for pair in zip(text, text[1:]):
            if pair not in self.kerned:
                left, right = (self.font.get_char_index(ord(c)) for c in pair)
                self.kerned[pair] = bool(self.font.get_kerning(left, right, _KERNING))
            if self.kerned[pair]:
                return False
        return all(self.glyph(c) is not None for c in set(text))

    def glyph(self, char: str):
        """(coverage, left, top, advance, ascent, descent) of one glyph, origin on the baseline."""
        if char not in self.cache:
            if not self.font.get_char_index(ord(char)):
                self.cache[char] = None  # not in this font: a Text falls back to another one
                return None
            renderer = self.renderer
            renderer.clear()
            gc = renderer.new_gc()
            gc.set_foreground("black")
            x0, base = self.pad, 2 * self.pad  # the origin, in pixels from the top-left
            renderer.draw_text(gc, x0, base, char, self.prop, 0)
            gc.restore()
            alpha = np.asarray(renderer.buffer_rgba())[..., 3]
            rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
            width, height, descent = renderer.get_text_width_height_descent(char, self.prop, False)
            if rows.size:
                coverage = alpha[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].astype(np.float32) / 255
                left, top = int(cols[0]) - x0, base - int(rows[0])
            else:  # a space
                coverage, left, top = np.zeros((0, 0), np.float32), 0, 0
            self.cache[char] = (coverage, left, top, width, height - descent, descent)
        return self.cache[char]

    def bitmap(self, text: str, color, background) -> "_Bitmap":
        """`text` in `color`, glyph by glyph, with the text box a Text of it would have."""
        glyphs = [self.glyph(c) for c in text]
        origins = np.concatenate([[0.0], np.cumsum([g[3] for g in glyphs])[:-1]]).astype(int)
        ascent = max(self.min_ascent, *(g[4] for g in glyphs))
        descent = max(self.min_descent, *(g[5] for g in glyphs))
        width = sum(g[3] for g in glyphs)  # the advances: a line's width, as matplotlib measures it
        # Pixels: from the leftmost ink (or the origin) to the rightmost, the box's height, 2 px round.
        inked = [(o, g) for o, g in zip(origins, glyphs) if g[0].size]
        x_lo = min([0, *(o + g[1] for o, g in inked)]) - 2
        x_hi = max([int(np.ceil(width)), *(o + g[1] + g[0].shape[1] for o, g in inked)]) + 2
        y_top = max([int(np.ceil(ascent)), *(g[2] for _, g in inked)]) + 2  # above the baseline
        y_low = max([int(np.ceil(descent)), *(g[0].shape[0] - g[2] for _, g in inked)]) + 2
        clear = np.ones((y_top + y_low, x_hi - x_lo), np.float32)  # 1 − coverage, as Agg blends
        for o, (coverage, left, top, *_rest) in inked:
            r0, c0 = y_top - top, o + left - x_lo
            h, w = coverage.shape
            clear[r0:r0 + h, c0:c0 + w] *= 1.0 - coverage
        alpha = np.round((1.0 - clear) * 255)
        pixels = np.empty((*alpha.shape, 4), np.uint8)
        pixels[..., :3] = np.round(np.array(to_rgba(color)[:3]) * 255)
        pixels[..., 3] = alpha
        if background is not None:  # the text over an opaque backdrop, as _render does it
            a = alpha[..., None] / 255
            pixels[..., :3] = np.round(pixels[..., :3] * a + background * (1 - a))
            pixels[..., 3] = 255
        base = y_low  # the baseline, in rows from the bitmap's bottom
        text_box = (-x_lo, base - descent, -x_lo + width, base + ascent)
        return _Bitmap((text, color, self.dpi), pixels, text_box)


def _kerning_mode():
    from matplotlib import ft2font
    if hasattr(ft2font, "Kerning"):  # matplotlib >= 3.10
        return ft2font.Kerning.DEFAULT
    return ft2font.KERNING_DEFAULT


_KERNING = _kerning_mode()
_GLYPHS: dict[tuple, "_Glyphs | None"] = {}


def _glyphs(style: tuple, text_kw: dict, dpi: float) -> "_Glyphs | None":
    """The glyph cache of a stamp style at `dpi` (None: that font has no plain layout)."""
    key = (style, dpi)
    if key not in _GLYPHS:
        try:
            _GLYPHS[key] = _Glyphs(text_kw, dpi)
        except Exception:  # noqa: BLE001 (a font FreeType can't measure this way: the full layout)
            _GLYPHS[key] = None
    return _GLYPHS[key]


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
