"""The explorers' canvas: patches as PNGs or RLE ops, nothing sent twice, fallback, mouse
coordinates."""

import zlib

import numpy as np
import pytest

from nnlib.explorers._canvas import (RLE_COPY, RLE_RUN, RLE_SKIP, FrameCanvas, ImageCanvas,
                                     make_canvas, mouse_event, rle_encode)


def _decode(png: bytes) -> np.ndarray:
    """PNG (our encoder: one IDAT, filter 0) -> (h, w, 4) uint8, decoded independently."""
    png = bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    idat = png.index(b"IDAT")
    size = int.from_bytes(png[idat - 4:idat], "big")
    rows = np.frombuffer(zlib.decompress(png[idat + 4:idat + 4 + size]), np.uint8)
    rows = rows.reshape(height, 1 + 4 * width)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, 4)


def _sent(canvas):
    sent = []
    canvas.send = lambda content, buffers=None: sent.append((content, buffers))
    return sent


def _rng_image(h, w, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (h, w, 4), dtype=np.uint8)


def test_ready_brings_the_full_frame_then_patches_are_cropped_to_what_changed():
    canvas = FrameCanvas(40, 30)
    sent = _sent(canvas)
    full = _rng_image(30, 40)
    assert canvas.show(full) and sent == []  # nobody listens before 'ready'
    canvas._handle_message(None, {"type": "ready"}, [])
    (meta, (png,)), = sent
    assert meta["full"] and (meta["w"], meta["h"]) == (40, 30)
    assert np.array_equal(_decode(png), full)
    patch = full[5:15, 10:30].copy()
    patch[3:5, 4:9] = 7  # only this 5x2 block differs from what is shown
    assert canvas.show(patch, x=10, y=5)
    meta, (png,) = sent[-1]
    assert (meta["x"], meta["y"], meta["w"], meta["h"], meta["full"]) == (14, 8, 5, 2, False)
    assert (_decode(png) == 7).all()
    expected = full.copy()
    expected[8:10, 14:19] = 7
    assert np.array_equal(canvas.frame, expected)


def test_an_identical_patch_is_not_sent():
    canvas = FrameCanvas(20, 10)
    sent = _sent(canvas)
    canvas._handle_message(None, {"type": "ready"}, [])
    image = _rng_image(10, 20, 1)
    assert canvas.show(image)
    n = len(sent)
    assert not canvas.show(image)
    assert not canvas.show(image[2:5, 3:8], x=3, y=2)
    assert len(sent) == n


def test_fallback_compositing_equals_the_full_frame():
    image = ImageCanvas(30, 20)
    full = _rng_image(20, 30, 2)
    other = _rng_image(20, 30, 3)
    image.show(full)
    image.show(other[4:9, 6:20], x=6, y=4)
    expected = full.copy()
    expected[4:9, 6:20] = other[4:9, 6:20]
    assert np.array_equal(_decode(image.value), expected)
    assert np.array_equal(image.frame, expected)


def test_slot_swaps_to_the_image_canvas_keeping_the_picture(monkeypatch):
    monkeypatch.delenv("NNLIB_CANVAS", raising=False)
    slot = make_canvas(16, 8)
    assert isinstance(slot.canvas, FrameCanvas)
    picture = _rng_image(8, 16, 4)
    slot.show(picture)
    assert not slot.check_front_end()  # outside a kernel: a test set the control
    assert slot.check_front_end(from_front_end=True)
    assert isinstance(slot.canvas, ImageCanvas)
    assert np.array_equal(_decode(slot.canvas.value), picture)


def test_ready_canvas_does_not_swap_and_env_override(monkeypatch):
    slot = make_canvas(8, 8)
    _sent(slot.canvas)
    slot.canvas._handle_message(None, {"type": "ready"}, [])
    assert not slot.check_front_end(from_front_end=True)
    monkeypatch.setenv("NNLIB_CANVAS", "image")
    assert isinstance(make_canvas(8, 8).canvas, ImageCanvas)
    monkeypatch.setenv("NNLIB_CANVAS", "frame")
    assert not make_canvas(8, 8).check_front_end(from_front_end=True)
    monkeypatch.setenv("NNLIB_CANVAS", "png")
    with pytest.raises(ValueError, match="NNLIB_CANVAS"):
        make_canvas(8, 8)


def test_mouse_coordinates_are_figure_pixels_from_the_bottom_left():
    # a 200x100 figure shown at 100x50 CSS pixels (dpi_ratio 2)
    event = mouse_event({"kind": "down", "x": 25, "y": 10, "cw": 100, "ch": 50, "button": 0},
                        200, 100)
    assert (event.x, event.y, event.button) == (50, 80, 1)
    assert mouse_event({"kind": "move", "x": 0, "y": 50, "cw": 100, "ch": 50}, 200, 100).y == 0
    assert mouse_event({"kind": "wheel", "x": 0, "y": 0, "cw": 1, "ch": 1}, 2, 2) is None
    canvas = FrameCanvas(200, 100, 2.0)
    got = []
    canvas.on_mouse(got.append)
    canvas._handle_message(None, {"type": "mouse", "kind": "click", "x": 100, "y": 0,
                                  "cw": 100, "ch": 50, "button": 2}, [])
    assert (got[0].kind, got[0].x, got[0].y, got[0].button) == ("click", 200, 100, 3)


@pytest.mark.parametrize("args, match", [
    ((np.zeros((4, 4, 3), np.uint8),), "rgba must be"),
    ((np.zeros((4, 4, 4), np.float32),), "rgba must be"),
    ((np.zeros((4, 4, 4), np.uint8), 7, 0), "inside the 8x8"),
    ((np.zeros((4, 4, 4), np.uint8), 1.5, 0), "x must be"),
])
def test_bad_patches_are_named(args, match):
    with pytest.raises(ValueError, match=match):
        FrameCanvas(8, 8).show(*args)


def test_bad_sizes_are_named():
    with pytest.raises(ValueError, match="width must be"):
        FrameCanvas(0, 5)
    with pytest.raises(ValueError, match="dpi_ratio must be"):
        ImageCanvas(5, 5, dpi_ratio=0)


# ---- RLE patches (encoding="auto") -------------------------------------------------------

def _apply_ops(ops, values, target: np.ndarray) -> None:
    """Apply RLE ops to a flat uint32 array, one pixel at a time (independent of the encoder's
    NumPy), as the browser does; fails on ops that run past the end or out of values."""
    p = v = 0
    for op in (int(o) for o in ops):
        n, kind = op >> 2, op & 3
        assert n > 0 and p + n <= target.size and kind in (RLE_SKIP, RLE_RUN, RLE_COPY)
        for _ in range(n):
            if kind == RLE_RUN:
                target[p] = values[v]
            elif kind == RLE_COPY:
                target[p] = values[v]
                v += 1
            p += 1
        if kind == RLE_RUN:
            v += 1
    assert v == len(values)


class _Browser:
    """What the page does with each frame message: RLE ops change its copy of the pixels and
    the rectangle (x, y, w, h) is put on the canvas; a PNG is drawn (over: zeros keep)."""

    def __init__(self, width, height):
        self.screen = np.zeros((height, width), np.uint32)
        self.mirror = self.screen.copy()  # read back from the screen after a PNG

    def receive(self, meta, buffers):
        x, y, w, h = meta["x"], meta["y"], meta["w"], meta["h"]
        if meta["enc"] == "rle":
            ops = np.frombuffer(bytes(buffers[0]), "<u4")
            values = np.frombuffer(bytes(buffers[1]), np.uint32)
            rows = self.mirror[y:y + h].reshape(-1).copy()
            _apply_ops(ops, values, rows)
            self.mirror[y:y + h] = rows.reshape(h, -1)
            self.screen[y:y + h, x:x + w] = self.mirror[y:y + h, x:x + w]
        else:
            patch = np.ascontiguousarray(_decode(buffers[0])).view(np.uint32)[..., 0]
            region = self.screen[y:y + h, x:x + w]
            region[...] = np.where(patch == 0, region, patch) if meta["over"] else patch
            self.mirror = self.screen.copy()


def test_rle_ops_paint_exactly_the_changed_pixels():
    rng = np.random.default_rng(5)
    h, w = 23, 37
    pixels = rng.choice(np.array([1, 2, 0xFFFFFFFF], np.uint32), (h, w), p=[0.45, 0.45, 0.1])
    pixels[5] = rng.integers(0, 2**32, w, dtype=np.uint32)  # a noisy row: copies
    pixels[9:12] = 7  # long runs across rows
    changed = rng.random((h, w)) < 0.7
    changed[15:18] = False  # rows left alone
    ops, values = rle_encode(pixels, changed)
    assert ops.dtype == values.dtype == np.uint32
    kinds = set((ops & 3).tolist())
    assert kinds == {RLE_SKIP, RLE_RUN, RLE_COPY}
    target = np.full(h * w, 12345, np.uint32)
    _apply_ops(ops, values, target)
    expected = np.where(changed, pixels, 12345).ravel()
    assert np.array_equal(target, expected)
    assert int((ops >> 2).sum()) == h * w  # the ops cover every pixel, once


def test_rle_of_uniform_and_untouched_patches_is_a_few_ops():
    ops, values = rle_encode(np.full((10, 50), 9, np.uint32), np.ones((10, 50), bool))
    assert ops.tolist() == [(500 << 2) | RLE_RUN] and values.tolist() == [9]
    ops, values = rle_encode(np.full((4, 5), 9, np.uint32), np.zeros((4, 5), bool))
    assert ops.tolist() == [(20 << 2) | RLE_SKIP] and values.size == 0


def test_auto_encoding_rebuilds_every_picture_in_the_browser():
    """A sequence of pictures (flat areas that move, translucent pixels, noise): after every
    message the page's pixels equal the kernel's; compact patches go as RLE, noise as PNG."""
    rng = np.random.default_rng(7)
    h, w = 40, 64
    canvas = FrameCanvas(w, h, encoding="auto")
    sent = _sent(canvas)
    browser = _Browser(w, h)
    yy, xx = np.mgrid[0:h, 0:w]
    pictures = []
    for k in range(6):
        picture = np.zeros((h, w, 4), np.uint8)
        picture[..., 3] = 255
        picture[xx + 2 * yy > 30 + 5 * k] = (200, 30, 30, 255)  # a boundary that moves
        picture[10 + k, :] = (0, 0, 0, 128)  # a translucent line
        pictures.append(picture)
    noisy = pictures[-1].copy()
    noisy[5:30, 10:50] = rng.integers(0, 256, (25, 40, 4), dtype=np.uint8)
    pictures.append(noisy)
    canvas.show(pictures[0])
    canvas._handle_message(None, {"type": "ready"}, [])
    for picture in pictures[1:] + [pictures[2]]:
        canvas.show(picture)
        for meta, buffers in sent:
            browser.receive(meta, buffers)
        sent.clear()
        assert np.array_equal(browser.screen, canvas._frame32)
    assert np.array_equal(browser.screen.view(np.uint8).reshape(h, w, 4), pictures[2])


def test_auto_encoding_chooses_by_size():
    canvas = FrameCanvas(64, 40, encoding="auto")
    sent = _sent(canvas)
    canvas._handle_message(None, {"type": "ready"}, [])  # a blank picture: one run
    picture = np.zeros((40, 64, 4), np.uint8)
    picture[3:7, 10:20] = 255
    canvas.show(picture)
    picture = picture.copy()
    picture[20:30, 5:45] = np.random.default_rng(1).integers(0, 256, (10, 40, 4), np.uint8)
    canvas.show(picture)  # 400 noisy pixels: 1.6 kB of ops, under RLE_ANY_BYTES
    big = FrameCanvas(64, 64, encoding="auto")
    big._frame32[...] = 1
    big.send = lambda content, buffers=None: sent.append((content, buffers))
    big._ready = True
    noise = np.random.default_rng(2).integers(0, 256, (64, 64, 4), np.uint8)
    big.show(noise)  # 16 kB of ops for 4096 pixels: noise goes as PNG
    assert [m["enc"] for m, _ in sent] == ["rle", "rle", "rle", "png"]
    assert [len(b) for _, b in sent] == [2, 2, 2, 1]
    assert FrameCanvas(4, 4).encoding == "png" and make_canvas(4, 4).canvas.encoding == "auto"
    with pytest.raises(ValueError, match="encoding must be one of"):
        FrameCanvas(4, 4, encoding="rle")
