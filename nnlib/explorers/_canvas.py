"""The explorers' live canvas: Agg pixels from the kernel, painted by a small widget of our own.

An explorer renders its figure with plain Agg and hands the pixels of what changed to a
canvas (`show(rgba, x, y)`). Two canvases share that kernel API:

- `FrameCanvas` (anywidget, an inline ES module): each change goes to the browser in one
  binary comm message; the browser draws patches in arrival order (a full frame makes the
  queued older ones moot) and sends mouse events back. A patch is a PNG of the changed
  rectangle, decoded off the main thread (`createImageBitmap`) before it is drawn, or, with
  `encoding="auto"` (the explorers' canvas) wherever it is compact, run-length ops over the
  changed rows (skip / repeat / copy pixels) that the browser applies at once. Measured in
  JupyterLab (benchmarks/bench_browser.py --trace), the PNG's decode was the longest part of
  a slider move on the page: its result waits behind the page's own redrawing, while an RLE
  patch costs the kernel a tenth of the zlib time and is drawn in the message's own task.
- `ImageCanvas` (`ipywidgets.Image`): the fallback where anywidget's front end is missing;
  it composites patches into a kernel-side full frame and sends one PNG per change.

`make_canvas` returns a `CanvasSlot`, a box that holds a `FrameCanvas` and swaps it for an
`ImageCanvas` (keeping the picture) when a control changed in a front end that never said the
canvas was ready. `NNLIB_CANVAS=image|frame` forces one of them (tests).

Both canvases check a patch against what is already shown (a uint32 compare, about 0.2 ms
for a 640x480 frame) and send nothing when it is the same; a patch that differs is cropped to
the rectangle of pixels that changed before it is encoded.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Callable

import anywidget
import ipywidgets
import numpy as np
import traitlets

from .._png import encode_png

__all__ = ["MouseEvent", "FrameCanvas", "ImageCanvas", "CanvasSlot", "make_canvas",
           "CANVAS_ENV"]

CANVAS_ENV = "NNLIB_CANVAS"  # "image" | "frame" | "auto" (default)
MOUSE_KINDS = ("down", "up", "move", "click", "enter", "leave")
FRAME_RING = 1024  # drawn-frame timestamps kept on the page (17 s at 60/s)
MAX_SIZE = 8192  # pixels per side; a bigger canvas is a mistake, not a figure
ENCODINGS = ("png", "auto")  # FrameCanvas: PNG always, or RLE where it is compact
# RLE ops: length << 2 | kind. Kinds: skip unchanged pixels, repeat one value, copy values.
RLE_SKIP, RLE_RUN, RLE_COPY = 0, 1, 2
RLE_MIN_RUN = 3  # shorter runs of one colour cost no more as copied values
# Beyond this (a quarter of the raw pixels) a patch is noisy: PNG is smaller, worth its zlib.
RLE_MAX_BYTES_PER_PIXEL = 1.0
# Ops this small go as RLE whatever the patch (the decode would cost more). 32 kB helped
# slider presses (03's 17x223 px PNG patches wait ~9 ms for their decode behind the page's
# main thread) but made pausing 06 slower in the browser (pause -> still 48 ms -> 112-122 ms,
# bench_browser.py --play), so it stays small.
RLE_ANY_BYTES = 4096

_ESM = r"""
const RING = %(ring)d;

function render({ model, el }) {
  const canvas = document.createElement('canvas');
  canvas.className = 'nnlib-frame-canvas';
  canvas.tabIndex = -1;
  canvas.dataset.frames = '0';
  canvas.nnlibTimes = new Float64Array(RING);  // performance.now() of drawn frames (ring)
  el.classList.add('nnlib-frame-canvas-view');
  el.appendChild(canvas);
  const ctx = canvas.getContext('2d');

  let mirror = null, mirror32 = null, mirrorStale = false;  // RLE patches' copy (below)
  const resize = () => {
    const w = model.get('width'), h = model.get('height'), r = model.get('dpi_ratio') || 1;
    mirrorStale = true;  // setting the size clears the canvas
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${w / r}px`;
    canvas.style.height = `${h / r}px`;
  };
  resize();

  // Patches in arrival order. An RLE patch is ready at once; a PNG decodes off the main
  // thread first. Ready patches at the head of the queue are drawn at once (in arrival
  // order): waiting for the next animation frame would add up to 16 ms to every slider move.
  // The display shows the canvas once per frame anyway, so a picture is counted once per
  // animation frame that had draws.
  let queue = [];
  let alive = true;
  let counted = false;
  const count = () => {
    counted = false;
    const n = Number(canvas.dataset.frames);
    canvas.nnlibTimes[n %% RING] = performance.now();
    canvas.dataset.frames = String(n + 1);
  };
  // RLE patches change a copy of the picture's pixels in place and put back the changed
  // rectangle: no decode to wait for, so a busy main thread (the page redrawing after a
  // slider move) delays them by one task, not by several. A drawn PNG makes the copy stale:
  // it is read back before the next RLE patch.
  const words = (buffer) => {
    const v = buffer instanceof ArrayBuffer ? new DataView(buffer) : buffer;
    return v.byteOffset %% 4 === 0 ? new Uint32Array(v.buffer, v.byteOffset, v.byteLength >> 2)
      : new Uint32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  };
  const putRle = (m, ops, values) => {
    const W = canvas.width, H = canvas.height;
    if (!mirror || mirrorStale || mirror.width !== W || mirror.height !== H) {
      mirror = ctx.getImageData(0, 0, W, H);
      mirror32 = new Uint32Array(mirror.data.buffer);
      mirrorStale = false;
    }
    // ops: length << 2 | kind over the patch's rows at the canvas's full width, from row m.y;
    // kind 0 skips unchanged pixels, 1 repeats one value, 2 copies the next `length` values.
    let p = m.y * W, v = 0;
    const end = p + m.h * W;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k], n = op >>> 2, kind = op & 3;
      if (p + n > end || (kind === 2 && v + n > values.length) || (kind === 1 && v >= values.length)) return false;
      if (kind === 1) mirror32.fill(values[v++], p, p + n);
      else if (kind === 2) { mirror32.set(values.subarray(v, v + n), p); v += n; }
      p += n;
    }
    ctx.putImageData(mirror, 0, 0, m.x, m.y, m.w, m.h);
    return true;
  };
  const schedule = () => {
    if (!alive) return;
    let drew = 0;
    while (queue.length && queue[0].ready) {
      const item = queue.shift();
      const m = item.meta;
      if (item.rle) {
        if (!putRle(m, item.rle[0], item.rle[1])) {
          console.warn('nnlib canvas: a frame did not fit the canvas', m);
          continue;
        }
      } else if (item.bitmap) {
        // A patch replaces its pixels, alpha included; an "over" patch has transparent zeros
        // where nothing changed and is drawn over the picture instead.
        if (!m.over) ctx.clearRect(m.x, m.y, m.w, m.h);
        ctx.drawImage(item.bitmap, m.x, m.y);
        item.bitmap.close();
        mirrorStale = true;
      } else continue;  // could not be decoded
      canvas.dataset.seq = String(m.seq);
      drew++;
    }
    if (drew && !counted) { counted = true; requestAnimationFrame(count); }
  };
  const onMessage = (msg, buffers) => {
    if (!msg || msg.type !== 'frame' || !buffers || !buffers.length) return;
    if (msg.w !== model.get('width') || msg.h !== model.get('height')) {
      if (msg.full) resize();
    }
    const rle = msg.enc === 'rle';
    if (rle && buffers.length < 2) return;
    const item = { meta: msg, bitmap: null, ready: rle, dropped: false,
                   rle: rle ? [words(buffers[0]), words(buffers[1])] : null };
    if (msg.full) {  // a full frame covers everything queued before it
      for (const old of queue) old.dropped = true;
      queue = [];
    }
    queue.push(item);
    if (rle) { schedule(); return; }
    createImageBitmap(new Blob([buffers[0]], { type: 'image/png' })).then((bitmap) => {
      if (item.dropped || !alive) { bitmap.close(); return; }
      item.bitmap = bitmap;
      item.ready = true;
      schedule();
    }, (error) => {
      item.ready = true;
      console.warn('nnlib canvas: a frame could not be decoded', error);
      schedule();
    });
  };
  model.on('msg:custom', onMessage);
  model.on('change:width', resize);
  model.on('change:height', resize);
  model.on('change:dpi_ratio', resize);

  // Mouse: CSS pixels from the canvas's top-left and its CSS size; the kernel converts to
  // figure pixels. Moves are sent at most once per animation frame.
  const send = (kind, event) => {
    const rect = canvas.getBoundingClientRect();
    model.send({ type: 'mouse', kind, x: event.clientX - rect.left, y: event.clientY - rect.top,
                 cw: rect.width, ch: rect.height, button: event.button,
                 shift: event.shiftKey, ctrl: event.ctrlKey, alt: event.altKey });
  };
  let pendingMove = null;
  const listeners = {
    pointerdown: (e) => { canvas.setPointerCapture && canvas.setPointerCapture(e.pointerId); send('down', e); },
    pointerup: (e) => send('up', e),
    click: (e) => send('click', e),
    pointerenter: (e) => send('enter', e),
    pointerleave: (e) => send('leave', e),
    pointermove: (e) => {
      if (pendingMove === null) requestAnimationFrame(() => { const m = pendingMove; pendingMove = null; if (alive && m) send('move', m); });
      pendingMove = e;
    },
  };
  for (const [name, fn] of Object.entries(listeners)) canvas.addEventListener(name, fn);

  model.send({ type: 'ready' });  // the kernel answers with the full current frame

  return () => {
    alive = false;
    model.off('msg:custom', onMessage);
    model.off('change:width', resize);
    model.off('change:height', resize);
    model.off('change:dpi_ratio', resize);
    for (const item of queue) { item.dropped = true; if (item.bitmap) item.bitmap.close(); }
    queue = [];
  };
}

export default { render };
""" % {"ring": FRAME_RING}

_CSS = """
.nnlib-frame-canvas-view { line-height: 0; }
.nnlib-frame-canvas { display: block; max-width: none; outline: none; touch-action: none; }
"""


@dataclass(frozen=True)
class MouseEvent:
    """A mouse event on a canvas, in figure pixels with the origin at the bottom left."""

    kind: str  # 'down' | 'up' | 'move' | 'click' | 'enter' | 'leave'
    x: float
    y: float
    button: int | None  # matplotlib numbering: 1 left, 2 middle, 3 right; None when moving
    shift: bool = False
    ctrl: bool = False
    alt: bool = False


def mouse_event(message: dict, width: int, height: int) -> MouseEvent | None:
    """The browser's mouse message (CSS pixels from the top left) in figure pixels, or None."""
    kind = message.get("kind")
    try:
        cx, cy = float(message["x"]), float(message["y"])
        cw, ch = float(message["cw"]), float(message["ch"])
    except (KeyError, TypeError, ValueError):
        return None
    if kind not in MOUSE_KINDS or cw <= 0 or ch <= 0:
        return None
    # CSS size may differ from the figure's pixels (dpi_ratio, page zoom): scale, then flip y
    # so that (0, 0) is the bottom-left corner, as matplotlib's display coordinates are.
    x = cx * width / cw
    y = height - cy * height / ch
    button = message.get("button")
    button = int(button) + 1 if kind in ("down", "up", "click") and button in (0, 1, 2) else None
    return MouseEvent(kind, x, y, button, bool(message.get("shift")), bool(message.get("ctrl")),
                      bool(message.get("alt")))


def rle_encode(pixels32: np.ndarray, changed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run-length ops over (h, w) uint32 pixels in row order, where `changed` (h, w bool) says
    which to paint: (ops, values), both uint32. An op is `length << 2 | kind`: RLE_SKIP leaves
    pixels as they are, RLE_RUN paints one value, RLE_COPY paints the next `length` values."""
    flat, paint = pixels32.ravel(), changed.ravel()
    n = flat.size
    # A run starts where painting starts or stops, or where a painted colour changes.
    starts = np.empty(n, bool)
    starts[0] = True
    np.not_equal(paint[1:], paint[:-1], out=starts[1:])
    starts[1:] |= paint[1:] & (flat[1:] != flat[:-1])
    begin = np.flatnonzero(starts)
    length = np.diff(begin, append=n)
    kind = np.where(paint[begin], np.where(length >= RLE_MIN_RUN, RLE_RUN, RLE_COPY), RLE_SKIP)
    # Neighbouring short runs become one copy op.
    copy = kind == RLE_COPY
    first = np.ones(begin.size, bool)
    first[1:] = ~(copy[1:] & copy[:-1])
    op_length = np.add.reduceat(length, np.flatnonzero(first))
    op_kind, op_begin = kind[first], begin[first]
    ops = (op_length.astype(np.uint32) << 2) | op_kind.astype(np.uint32)
    take = np.repeat(op_kind == RLE_COPY, op_length)  # every pixel a copy op paints
    take[op_begin[op_kind == RLE_RUN]] = True  # and the one value of each run
    return ops, flat[take]


def _check_size(width: object, height: object, dpi_ratio: object) -> tuple[int, int, float]:
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
                or not 1 <= value <= MAX_SIZE:
            raise ValueError(f"{name} must be a whole number of pixels in [1, {MAX_SIZE}]; "
                             f"got {value!r}")
    if isinstance(dpi_ratio, bool) or not isinstance(dpi_ratio, (int, float, np.number)) \
            or not 0.25 <= float(dpi_ratio) <= 8:
        raise ValueError(f"dpi_ratio must be a number in [0.25, 8]; got {dpi_ratio!r}")
    return int(width), int(height), float(dpi_ratio)


class _Frames:
    """The kernel-side picture a canvas shows, and the patch arithmetic both canvases share."""

    def _init_frames(self, width: int, height: int) -> None:
        self._lock = threading.RLock()  # show() may run on the loop, comm handlers elsewhere
        self._frame32 = np.zeros((height, width), np.uint32)  # what the front end shows
        self._mouse_handlers = ipywidgets.CallbackDispatcher()
        self._ready_handlers = ipywidgets.CallbackDispatcher()
        self.frames_sent = 0  # messages with pixels sent to the front end

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in figure pixels."""
        height, width = self._frame32.shape
        return width, height

    @property
    def frame(self) -> np.ndarray:
        """A copy of the picture shown, as (height, width, 4) uint8 RGBA, row 0 at the top."""
        with self._lock:
            return self._frame32.copy().view(np.uint8).reshape(*self._frame32.shape, 4)

    def _patch(self, rgba: object, x: object, y: object) -> tuple[int, int, np.ndarray] | None:
        """Write a patch into the frame; the changed rectangle (x, y, its uint32 pixels) or None."""
        if not isinstance(rgba, np.ndarray) or rgba.ndim != 3 or rgba.shape[2] != 4 \
                or rgba.dtype != np.uint8:
            what = (f"an array of shape {rgba.shape} and dtype {rgba.dtype}"
                    if isinstance(rgba, np.ndarray) else type(rgba).__name__)
            raise ValueError(f"rgba must be an (h, w, 4) uint8 RGBA array; got {what}")
        for name, value in (("x", x), ("y", y)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise ValueError(f"{name} must be a whole number of pixels; got {value!r}")
        x, y = int(x), int(y)
        h, w = rgba.shape[:2]
        width, height = self.size
        if x < 0 or y < 0 or x + w > width or y + h > height or w == 0 or h == 0:
            raise ValueError(f"rgba of {w}x{h} pixels at (x={x}, y={y}) must lie inside the "
                             f"{width}x{height} canvas")
        new = np.ascontiguousarray(rgba).view(np.uint32).reshape(h, w)
        old = self._frame32[y:y + h, x:x + w]
        differs = old != new
        rows = np.flatnonzero(differs.any(axis=1))
        if rows.size == 0:
            return None  # the same pixels are shown already
        r0, r1 = rows[0], rows[-1] + 1
        cols = np.flatnonzero(differs[r0:r1].any(axis=0))
        c0, c1 = cols[0], cols[-1] + 1
        old[r0:r1, c0:c1] = new[r0:r1, c0:c1]
        self._changed = differs[r0:r1, c0:c1]  # which pixels of the rectangle changed
        return x + int(c0), y + int(r0), self._frame32[y + r0:y + r1, x + c0:x + c1]

    def _clear(self, width: int, height: int) -> None:
        """A blank picture of a new size (checked); the caller syncs the front end."""
        width, height, _ = _check_size(width, height, self.dpi_ratio)
        self._frame32 = np.zeros((height, width), np.uint32)

    @staticmethod
    def _png(pixels32: np.ndarray) -> bytes:
        return encode_png(np.ascontiguousarray(pixels32).view(np.uint8)
                          .reshape(*pixels32.shape, 4))

    def on_mouse(self, callback: Callable[[MouseEvent], None], remove: bool = False) -> None:
        """Call `callback(event)` for each mouse event on the canvas (see MouseEvent)."""
        self._mouse_handlers.register_callback(callback, remove=remove)

    def on_ready(self, callback: Callable[[object], None], remove: bool = False) -> None:
        """Call `callback(canvas)` each time a front end has rendered the canvas."""
        self._ready_handlers.register_callback(callback, remove=remove)


class FrameCanvas(_Frames, anywidget.AnyWidget):
    """A canvas in the browser that shows RGBA patches sent from the kernel as binary PNGs."""

    _esm = _ESM
    _css = _CSS
    width = traitlets.Int(1).tag(sync=True)
    height = traitlets.Int(1).tag(sync=True)
    dpi_ratio = traitlets.Float(1.0).tag(sync=True)

    def __init__(self, width: int, height: int, dpi_ratio: float = 1.0, encoding: str = "png",
                 **kwargs) -> None:
        width, height, dpi_ratio = _check_size(width, height, dpi_ratio)
        if encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {ENCODINGS}; got {encoding!r}")
        self._init_frames(width, height)
        self.encoding = encoding  # "auto": RLE where compact (drawn without a decode), else PNG
        self._ready = False
        self._seq = 0
        super().__init__(width=width, height=height, dpi_ratio=dpi_ratio, **kwargs)
        self.on_msg(self._handle_message)

    @property
    def ready(self) -> bool:
        """True once a front end rendered the canvas (it said 'ready')."""
        return self._ready

    def show(self, rgba: np.ndarray, x: int = 0, y: int = 0) -> bool:
        """Paint an (h, w, 4) uint8 RGBA patch (row 0 at the top) at pixel (x, y) from the
        top left; True if pixels changed. Sends nothing when they are the same."""
        with self._lock:
            changed = self._patch(rgba, x, y)
            if changed is None:
                return False
            if self._ready:  # before that nobody listens: 'ready' brings the full frame
                self._send_pixels(*changed, changed_only=self._changed)
            return True

    def resize(self, width: int, height: int) -> None:
        """Change the canvas size (figure pixels); the picture is cleared, show a full frame."""
        with self._lock:
            self._clear(width, height)
            with self.hold_sync():
                self.width, self.height = self.size

    def _send_pixels(self, x: int, y: int, pixels32: np.ndarray, changed_only: np.ndarray | None = None) -> None:
        h, w = pixels32.shape
        width, height = self.size
        self._seq += 1
        meta = {"type": "frame", "x": x, "y": y, "w": w, "h": h, "seq": self._seq,
                "full": (x, y, w, h) == (0, 0, width, height)}
        if self.encoding == "auto":
            buffers = self._rle(x, y, w, h, changed_only)
            if buffers is not None:
                self.send({**meta, "enc": "rle"}, buffers=buffers)
                self.frames_sent += 1
                return
        meta.update(enc="png", over=False)
        # Inside the changed rectangle most pixels are usually the same as before (a boundary
        # moved, a line thickened). Where every changed pixel is opaque, the unchanged ones are
        # sent as transparent zeros and the browser draws the patch over the old picture: the
        # same result, and zlib compresses runs of zeros several times faster than pixels.
        if changed_only is not None and not changed_only.all() \
                and bool(np.all(pixels32.view(np.uint8).reshape(h, w, 4)[..., 3][changed_only] == 255)):
            pixels32 = np.where(changed_only, pixels32, 0).astype(np.uint32)
            meta["over"] = True
        self.send(meta, buffers=[self._png(pixels32)])
        self.frames_sent += 1

    def _rle(self, x: int, y: int, w: int, h: int, changed: np.ndarray | None) -> list | None:
        """The RLE buffers (ops, values) of the rectangle's rows at full width, or None when
        they are bigger than RLE_ANY_BYTES and RLE_MAX_BYTES_PER_PIXEL (then PNG is sent)."""
        rows = self._frame32[y:y + h]
        paint = np.zeros(rows.shape, bool)
        paint[:, x:x + w] = True if changed is None else changed
        ops, values = rle_encode(rows, paint)
        if ops.nbytes + values.nbytes > max(RLE_ANY_BYTES, RLE_MAX_BYTES_PER_PIXEL * w * h):
            return None
        # ops are numbers (little-endian on the wire); values keep the pixels' RGBA bytes.
        return [ops.astype("<u4").tobytes(), values.tobytes()]

    def _handle_message(self, _widget, content: dict, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ready":
            with self._lock:
                self._ready = True
                self._send_pixels(0, 0, self._frame32)
            self._ready_handlers(self)
        elif kind == "mouse":
            width, height = self.size
            event = mouse_event(content, width, height)
            if event is not None:
                self._mouse_handlers(event)


class ImageCanvas(_Frames, ipywidgets.Image):
    """The fallback canvas: an ipywidgets.Image showing one PNG of the full frame per change.

    Core ipywidgets only, so it works wherever widgets do; it sends no mouse events.
    """

    def __init__(self, width: int, height: int, dpi_ratio: float = 1.0, **kwargs) -> None:
        width, height, dpi_ratio = _check_size(width, height, dpi_ratio)
        self._init_frames(width, height)
        self.dpi_ratio = dpi_ratio
        super().__init__(format="png", **kwargs)
        self.add_class("nnlib-image-canvas")
        self._set_css_size()
        self.value = self._png(self._frame32)

    def _set_css_size(self) -> None:
        width, height = self.size
        css_w, css_h = f"{width / self.dpi_ratio:g}", f"{height / self.dpi_ratio:g}"
        self.width, self.height = css_w, css_h  # Image's own traits: CSS pixels, as strings
        self.layout.width, self.layout.height = f"{css_w}px", f"{css_h}px"
        self.layout.object_fit = "fill"

    @property
    def ready(self) -> bool:
        """Always True: ipywidgets.Image renders wherever widgets do."""
        return True

    def show(self, rgba: np.ndarray, x: int = 0, y: int = 0) -> bool:
        """Paint an (h, w, 4) uint8 RGBA patch at pixel (x, y) from the top left; True if
        pixels changed. Sends the full frame as one PNG, or nothing when nothing changed."""
        with self._lock:
            if self._patch(rgba, x, y) is None:
                return False
            self.value = self._png(self._frame32)
            self.frames_sent += 1
            return True

    def resize(self, width: int, height: int) -> None:
        """Change the canvas size (figure pixels); the picture is cleared, show a full frame."""
        with self._lock:
            self._clear(width, height)
            with self.hold_sync():
                self._set_css_size()
                self.value = self._png(self._frame32)


def _in_front_end_message() -> bool:
    """True while the kernel handles a comm message (a front end changed a control)."""
    try:
        from ipykernel.kernelapp import IPKernelApp
    except ImportError:
        return False
    if not IPKernelApp.initialized():
        return False
    kernel = getattr(IPKernelApp.instance(), "kernel", None)
    try:
        parent = kernel.get_parent() if kernel is not None else None
    except Exception:  # noqa: BLE001 (no parent yet)
        return False
    return bool(parent) and parent.get("header", {}).get("msg_type") == "comm_msg"


class CanvasSlot(ipywidgets.Box):
    """A box holding the explorer's canvas, with the canvas API; it can swap a FrameCanvas
    for an ImageCanvas (same picture) where the front end lacks anywidget."""

    _count = 0
    owner = None  # a weak reference to the figure drawn here (set by its LiveFigure)

    def __init__(self, canvas: FrameCanvas | ImageCanvas, fallback: bool = True,
                 **kwargs) -> None:
        super().__init__(children=(canvas,), **kwargs)
        # Classes the page can find it by (browser tests): every slot gets a number of its own.
        CanvasSlot._count += 1
        self.uid = f"nnlib-canvas-{CanvasSlot._count}"
        self.add_class("nnlib-canvas")
        self.add_class(self.uid)
        self._slot_lock = threading.RLock()
        self._allow_fallback = fallback
        self._mouse_handlers = ipywidgets.CallbackDispatcher()
        self._ready_handlers = ipywidgets.CallbackDispatcher()
        self._attach(canvas)

    def _attach(self, canvas) -> None:
        canvas.on_mouse(self._mouse_handlers)
        canvas.on_ready(lambda _canvas: self._ready_handlers(self))

    @property
    def canvas(self) -> FrameCanvas | ImageCanvas:
        """The canvas shown now."""
        return self.children[0]

    @property
    def lock(self) -> threading.RLock:
        """The canvas's lock (held while a patch is composited and sent)."""
        return self.canvas._lock

    width = property(lambda self: self.canvas.size[0], doc="Width in figure pixels.")
    height = property(lambda self: self.canvas.size[1], doc="Height in figure pixels.")
    size = property(lambda self: self.canvas.size, doc="(width, height) in figure pixels.")
    frame = property(lambda self: self.canvas.frame, doc="A copy of the picture shown (RGBA).")
    ready = property(lambda self: self.canvas.ready, doc="True once the front end drew it.")

    def show(self, rgba: np.ndarray, x: int = 0, y: int = 0) -> bool:
        """Paint an RGBA patch at (x, y) from the top left on the current canvas."""
        with self._slot_lock:
            return self.canvas.show(rgba, x, y)

    def resize(self, width: int, height: int) -> None:
        """Change the canvas size (figure pixels); show a full frame after it."""
        with self._slot_lock:
            self.canvas.resize(width, height)

    def on_mouse(self, callback: Callable[[MouseEvent], None], remove: bool = False) -> None:
        """Call `callback(event)` for each mouse event (the fallback canvas sends none)."""
        self._mouse_handlers.register_callback(callback, remove=remove)

    def on_ready(self, callback: Callable[[object], None], remove: bool = False) -> None:
        """Call `callback(slot)` each time a front end has rendered the canvas."""
        self._ready_handlers.register_callback(callback, remove=remove)

    def use_image(self) -> ImageCanvas:
        """Show an ImageCanvas with the current picture instead of the FrameCanvas."""
        with self._slot_lock:
            old = self.canvas
            if isinstance(old, ImageCanvas):
                return old
            width, height = old.size
            new = ImageCanvas(width, height, old.dpi_ratio)
            new.show(old.frame)
            self._attach(new)
            self.children = (new,)
            try:
                old.close()
            except KeyError:  # no kernel: a dummy comm that was never registered
                pass
            return new

    def check_front_end(self, from_front_end: bool | None = None) -> bool:
        """Call at each control change: if a front end sent it and the FrameCanvas never said
        'ready', swap to the ImageCanvas. True if it swapped.

        `from_front_end=None` asks the kernel whether a comm message is being handled (False
        outside a kernel, so tests that set controls in Python keep their canvas).
        """
        if not self._allow_fallback or self.canvas.ready:
            return False
        if from_front_end is None:
            from_front_end = _in_front_end_message()
        if not from_front_end:
            return False
        self.use_image()
        return True


def make_canvas(width: int, height: int, dpi_ratio: float = 1.0) -> CanvasSlot:
    """The explorer's canvas: a FrameCanvas that falls back to an ImageCanvas, in a slot.

    `NNLIB_CANVAS=image` starts with the ImageCanvas, `=frame` never falls back.
    """
    choice = os.environ.get(CANVAS_ENV, "auto").strip().lower() or "auto"
    if choice not in ("auto", "frame", "image"):
        raise ValueError(f"{CANVAS_ENV} must be 'auto', 'frame' or 'image'; got {choice!r}")
    if choice == "image":
        return CanvasSlot(ImageCanvas(width, height, dpi_ratio), fallback=False)
    return CanvasSlot(FrameCanvas(width, height, dpi_ratio, encoding="auto"),
                      fallback=choice == "auto")
