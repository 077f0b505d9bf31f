"""The drawing layer: a live frame equals a full render, z-order and all; only changes are sent."""

import numpy as np

from nnlib.explorers._render import LiveFigure, TextStamp, frames_differ


def _figure():
    live = LiveFigure((5, 3.5))
    ax = live.fig.add_subplot(111)
    image = ax.imshow(np.zeros((20, 20)), extent=(0, 1, 0, 1), vmin=0, vmax=1)
    ax.plot([0.2, 0.8], [0.3, 0.7], "o", ms=14, color="red", zorder=3, label="points")
    (line,) = ax.plot([0, 1], [0, 1], lw=6, color="black", label="line")  # below the points
    ax.legend(loc="upper left")
    stamp = TextStamp(ax, 0.5, 0.1)
    live.dynamic(image, line, stamp.image)
    return live, image, line, stamp


def test_frames_equal_full_render_in_z_order():
    live, image, line, stamp = _figure()
    rng = np.random.default_rng(0)
    for k in range(4):
        image.set_data(rng.random((20, 20)))
        line.set_data([0, 1], [k / 4, 1 - k / 4])
        stamp.set_text(f"frame {k}")
        live.refresh()
        assert frames_differ(live.frame(), live.full_render()) < 0.0005


def test_static_artists_above_dynamic_ones_stay_on_top():
    live, image, line, _ = _figure()
    line.set_data([0.2, 0.8], [0.3, 0.7])  # right through both points (zorder 3 > line's 2)
    live.refresh()
    frame = live.frame()
    x, y = live.fig.axes[0].transData.transform((0.2, 0.3))
    row, col = int(live.size[1] - y), int(x)
    assert frame[row, col, 0] > 200 and frame[row, col, 1] < 60  # red point, not the black line


def test_only_changes_are_sent_and_nothing_when_nothing_changed():
    live, image, line, _ = _figure()
    sent = []
    live.sink = lambda patch, x, y: sent.append((patch.shape, x, y))
    live.refresh()
    assert sent[0] == ((live.size[1], live.size[0], 4), 0, 0)
    live.refresh()
    assert len(sent) == 1
    line.set_data([0, 0.5], [0.5, 0.5])
    live.refresh()
    (h, w, _), x, y = sent[-1]
    assert len(sent) == 2 and w < live.size[0] and h < live.size[1]


def test_closed_figure_says_so():
    live, *_ = _figure()
    live.close()
    try:
        live.refresh()
    except RuntimeError as error:
        assert "closed" in str(error) and "again" in str(error)
    else:
        raise AssertionError("refresh after close must raise")


def test_static_states_seen_lately_are_reused_not_rendered_again():
    live, image, line, stamp = _figure()
    ax = live.fig.axes[0]
    for limits, key in (((0, 1), "a"), ((0, 2), "b")):
        ax.set_ylim(*limits)
        live.invalidate(key=key)
        live.refresh()
    assert live.full_redraws == 2
    ax.set_ylim(0, 1)
    live.invalidate(key="a")  # back to a state shown before: its layers, no full render
    line.set_data([0, 1], [0.9, 0.1])
    live.refresh()
    assert live.full_redraws == 2
    assert frames_differ(live.frame(), live.full_render()) < 0.0005
    ax.set_ylim(0, 3)
    live.invalidate()  # no key: always rendered anew
    live.refresh()
    assert live.full_redraws == 3
    assert frames_differ(live.frame(), live.full_render()) < 0.0005


def test_a_lower_layer_changed_alone_is_kept_when_an_upper_one_changes_next():
    # The prefix snapshot (layers below the lowest change) must not outlive a change below it:
    # image (lowest), then the line alone, then the image alone, then the line alone again.
    live, image, line, _ = _figure()
    rng = np.random.default_rng(1)
    for k, (new_image, new_line) in enumerate([(True, True), (False, True), (True, False), (False, True)]):
        if new_image:
            image.set_data(rng.random((20, 20)))
        if new_line:
            line.set_data([0, 1], [k / 4, 1 - k / 4])
        live.refresh()
    # (a full render resets the snapshot, so only the last frame is compared)
    assert frames_differ(live.frame(), live.full_render()) < 0.0005


# ---- numbers from cached glyphs ---------------------------------------------------------------
def _stamp(**text_kw):
    live = LiveFigure((3, 1))
    return TextStamp(live.fig.add_subplot(111), 0.5, 0.5, boxed=False, **text_kw)


def test_numbers_are_pasted_from_glyphs_with_the_text_box_a_text_has():
    # The glyph path must lay a number out as matplotlib does: the same box (alignment uses
    # it) and the same ink, for every font the explorers use.
    for text_kw in ({"fontsize": 8.5}, {"fontsize": 9, "fontweight": "bold"},
                    {"family": "monospace", "fontsize": 9}):
        stamp = _stamp(**text_kw)
        for text in ("0.693", "12.5%", "−1.25 / 0.003", "(3.0e-05)", "–", "10 000"):
            fast, slow = stamp._render_glyphs(text, "black", 100.0), stamp._render(text, "black", 100.0)
            assert fast is not None, (text_kw, text)
            fb, sb = np.array(fast.text_box), np.array(slow.text_box)
            assert np.allclose(fb[2:] - fb[:2], sb[2:] - sb[:2], atol=1e-6), (text_kw, text, fb, sb)
            ink = fast.pixels[..., 3].sum() / slow.pixels[..., 3].sum()
            assert abs(ink - 1) < 0.06, (text_kw, text, ink)  # the same glyphs, whole-pixel origin


def test_text_that_needs_a_layout_takes_the_full_path():
    stamp = _stamp(fontsize=9)
    assert stamp._render_glyphs("epoch 12", "black", 100.0) is None  # letters: kerning, ligatures
    assert stamp._render_glyphs("$x^2$", "black", 100.0) is None    # mathtext
    assert stamp._render_glyphs("1\n2", "black", 100.0) is None     # two lines
    assert TextStamp(stamp.ax, 0, 0, boxed=True)._render_glyphs("1", "black", 100.0) is None


def test_a_kerned_pair_takes_the_full_path(monkeypatch):
    from nnlib.explorers import _render

    stamp = _stamp(fontsize=7.25)  # a size no other test uses: its own glyph cache
    glyphs = _render._glyphs(stamp._style, stamp.text_kw, 100.0)
    monkeypatch.setattr(glyphs, "font", type("Kerned", (), {
        "get_char_index": glyphs.font.get_char_index, "get_kerning": lambda self, a, b, mode: 64})())
    assert stamp._render_glyphs("1.5", "black", 100.0) is None
