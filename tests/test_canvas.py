"""The explorers' canvas: patches as PNGs, nothing sent twice, fallback, mouse coordinates."""

import zlib

import numpy as np
import pytest

from nnlib.explorers._canvas import (FrameCanvas, ImageCanvas, make_canvas, mouse_event)


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
