"""A patch whose unchanged pixels are sent transparent, drawn over the old picture, is the new picture."""

import io

import matplotlib.image as mpimg
import numpy as np

from nnlib.explorers._canvas import FrameCanvas


def sent(canvas):
    messages = []
    canvas.send = lambda content, buffers=None: messages.append((content, buffers))
    return messages


def composite(picture, meta, png):
    """What the browser's canvas does with a patch (clearRect unless "over", then drawImage)."""
    patch = (mpimg.imread(io.BytesIO(bytes(png)), format="png") * 255).round().astype(np.uint8)
    x, y, h, w = meta["x"], meta["y"], meta["h"], meta["w"]
    region = picture[y:y + h, x:x + w]
    if meta["over"]:
        keep = patch[..., 3:] == 0
        region[...] = np.where(keep, region, patch)
    else:
        region[...] = patch


def test_over_patches_rebuild_the_new_picture():
    rng = np.random.default_rng(0)
    old = np.full((60, 80, 4), 255, np.uint8)
    old[..., :3] = rng.integers(0, 255, (60, 80, 3))
    canvas = FrameCanvas(80, 60)
    canvas.show(old)
    canvas._ready = True
    messages = sent(canvas)
    new = old.copy()
    new[10, 5] = (1, 2, 3, 255)     # two pixels far apart: a large rectangle, mostly unchanged
    new[50, 70] = (9, 8, 7, 255)
    assert canvas.show(new)
    (meta, buffers), = messages
    assert meta["over"] and (meta["w"], meta["h"]) == (66, 41)
    picture = old.copy()
    composite(picture, meta, buffers[0])
    np.testing.assert_array_equal(picture, new)


def test_translucent_changes_replace_the_rectangle():
    old = np.full((20, 20, 4), 255, np.uint8)
    canvas = FrameCanvas(20, 20)
    canvas.show(old)
    canvas._ready = True
    messages = sent(canvas)
    new = old.copy()
    new[2, 2] = (10, 10, 10, 128)  # not opaque: "over" could not express it
    new[8, 8] = (10, 10, 10, 255)
    canvas.show(new)
    (meta, buffers), = messages
    assert not meta["over"]
    picture = old.copy()
    composite(picture, meta, buffers[0])
    np.testing.assert_array_equal(picture, new)
