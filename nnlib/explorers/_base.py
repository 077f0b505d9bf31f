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
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.figure import Figure

from .._ipympl import fast_diff_image, fix_first_frames, size_early
from ._render import TextStamp  # noqa: F401  (the one cached-text artist; explorers import it from here)


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
