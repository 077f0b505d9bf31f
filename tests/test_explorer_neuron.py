"""NeuronExplorer (notebook 01): what the figure and the readout show after each control move."""

import base64
import re

import ipywidgets as widgets
import numpy as np
import pytest

from nnlib import Neuron, get_activation, logic_gate
from nnlib.explorers import NeuronExplorer
from nnlib._format import number
from nnlib.activations import ACTIVATION_INFO
from nnlib.explorers.neuron import (ACTIVATIONS, EXTENT, NO_BOUNDARY, OFF_VIEW, SHADE_Z_MAX, Z_MAX,
                                    neuron_state, readout_html)
from nnlib.plotting import CLASS_COLORS, decision_grid, grid
from explorer_controls import set_controls

X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


@pytest.fixture
def explorer():
    e = NeuronExplorer()
    e.fig.canvas.draw()  # the first full draw caches the background
    yield e
    e.view.close()


def score(e) -> int:
    """The 'k of 4 right' number from the readout."""
    return int(re.search(r"(\d) of 4 right", e.readout.value).group(1))


# ---- contract ------------------------------------------------------------------------------------
def test_controls_use_the_math_names(explorer):
    c = explorer.controls
    assert set(c) == {"w1", "w2", "b", "activation", "gate", "point"}
    assert [c[k].description for k in ("w1", "w2", "b")] == ["w₁", "w₂", "b"]
    for k in ("w1", "w2", "b"):
        assert isinstance(c[k], widgets.FloatSlider)
        assert (c[k].min, c[k].max) == (-3.0, 3.0)
    assert set(c["activation"].options) == {"step", "linear", "sigmoid", "tanh", "relu"}
    assert set(c["gate"].options) == {"AND", "OR", "NAND", "NOR", "XOR"}
    assert explorer.fig is explorer.view.fig


def test_defaults_show_a_line_that_is_not_yet_and(explorer):
    x1, x2 = explorer.view.boundary.get_data()
    assert len(x1) == 2
    assert explorer.controls["gate"].value == "AND"
    assert score(explorer) < 4  # something left for the learner to find


def test_png_fallback_shows_the_figure(explorer):
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "run the notebook" in bundle["text/plain"]


# ---- the input plane -----------------------------------------------------------------------------
@pytest.mark.parametrize("w1, w2, b", [(2.0, 1.0, -1.0), (-1.3, 0.4, 0.2), (0.0, 1.5, -0.9),
                                       (1.2, 0.0, -0.6), (3.0, -3.0, 0.5)])
def test_boundary_line_is_where_z_is_zero(explorer, w1, w2, b):
    set_controls(explorer, w1=w1, w2=w2, b=b)
    x1, x2 = map(np.asarray, explorer.view.boundary.get_data())
    assert x1.size == 2
    np.testing.assert_allclose(w1 * x1 + w2 * x2 + b, 0.0, atol=1e-9)
    # both ends lie on the edge of the view, so the line crosses it completely
    lo1, hi1, lo2, hi2 = EXTENT
    for a, c in zip(x1, x2):
        assert lo1 - 1e-9 <= a <= hi1 + 1e-9 and lo2 - 1e-9 <= c <= hi2 + 1e-9
        assert min(abs(a - lo1), abs(a - hi1), abs(c - lo2), abs(c - hi2)) < 1e-9
    assert not explorer.view.message.get_visible()


def test_weight_arrow_starts_on_the_line_and_points_along_w(explorer):
    set_controls(explorer, w1=1.5, w2=-0.5, b=-0.2)
    (sx, sy), (ex, ey) = explorer.view.arrow._posA_posB
    assert 1.5 * sx - 0.5 * sy - 0.2 == pytest.approx(0.0, abs=1e-9)
    d = np.array([ex - sx, ey - sy])
    w = np.array([1.5, -0.5])
    assert d[0] * w[1] - d[1] * w[0] == pytest.approx(0.0, abs=1e-9)  # parallel to w …
    assert d @ w > 0  # … and pointing the same way: towards the side where z > 0


def shown_output(e) -> np.ndarray:
    """The output the shading shows, read back from the painted grid and the colour scale."""
    lo, hi = e.view.clim
    return lo + np.asarray(e.view.shading.grid) * (hi - lo)


def test_step_shading_is_the_decision_grid(explorer):
    set_controls(explorer, w1=-1.0, w2=2.0, b=0.3, activation="step")
    expected = decision_grid(Neuron([-1.0, 2.0], 0.3), EXTENT, explorer.view.resolution)
    np.testing.assert_array_equal(explorer.state.shading, expected)
    np.testing.assert_array_equal(shown_output(explorer), expected)
    assert set(np.unique(explorer.state.shading)) == {0, 1}


def test_continuous_shading_is_the_neuron_output(explorer):
    set_controls(explorer, w1=0.7, w2=-1.9, b=0.4)
    res = explorer.view.resolution
    scales = {"sigmoid": (0, 1), "tanh": (-1, 1), "relu": (0, 3), "linear": (-3, 3)}  # by hand
    for activation in ("sigmoid", "tanh", "relu", "linear"):
        explorer.controls["activation"].value = activation
        expected = Neuron([0.7, -1.9], 0.4, activation).output(grid(EXTENT, res)).reshape(res, res)
        np.testing.assert_allclose(explorer.state.shading, expected)
        np.testing.assert_allclose(shown_output(explorer), expected, atol=1e-12)
        assert explorer.view.clim == scales[activation]
        bar = explorer.view.colorbar.ax.yaxis
        lo, hi = scales[activation]
        labels = {round(lo + p * (hi - lo), 9): t.get_text() for p, t in
                  zip(bar.get_ticklocs(), bar.get_ticklabels())}
        assert labels[lo] == number(lo) and labels[hi] == number(hi)  # the ends in output units


def test_shading_pixels_follow_the_colour_bar():
    # The painted pixels are the colour map at the output's place on the colour scale.
    e = NeuronExplorer(w1=3.0, w2=0.0, b=-1.5, activation="sigmoid", resolution=40)
    try:
        e.view.refresh()
        frame = e.view.frame()
        ax = e.view.ax_plane
        for x1 in (-0.3, 0.2, 0.4, 0.7, 1.3):  # the boundary line is at x₁ = 0.5
            px, py = ax.transData.transform((x1, 1.05))  # away from markers and the arrow
            row, col = frame.shape[0] - 1 - int(py), int(px)
            expected = e.view.scale.to_rgba(1 / (1 + np.exp(-(3.0 * x1 - 1.5))), bytes=True)  # clim (0, 1)
            assert np.abs(frame[row, col, :3].astype(int) - expected[:3]).max() <= 3, x1
    finally:
        e.close()


def test_points_are_coloured_by_the_gate(explorer):
    for gate in ("AND", "OR", "NAND", "NOR", "XOR"):
        set_controls(explorer, gate=gate)
        X, y = logic_gate(gate)
        for k, line in enumerate(explorer.view.targets):
            np.testing.assert_array_equal(np.column_stack(line.get_data()), X[y == k])
            assert line.get_color() == CLASS_COLORS[k]


def test_wrong_marks_and_score_match_a_direct_count(explorer):
    rng = np.random.default_rng(0)
    for _ in range(12):
        w1, w2, b = np.round(rng.uniform(-3, 3, 3), 1)
        gate = rng.choice(["AND", "OR", "NAND", "NOR", "XOR"])
        set_controls(explorer, w1=float(w1), w2=float(w2), b=float(b), gate=str(gate))
        X, y = logic_gate(str(gate))
        decision = np.array([1 if w1 * a + w2 * c + b >= 0 else 0 for a, c in X])  # by hand
        assert score(explorer) == int((decision == y).sum())
        shown = np.column_stack(explorer.view.wrong.get_data()).reshape(-1, 2)
        np.testing.assert_array_equal(shown, X[decision != y])


def test_an_and_solution_scores_four_of_four(explorer):
    set_controls(explorer, w1=1.0, w2=1.0, b=-1.5, gate="AND")
    assert score(explorer) == 4
    assert "this neuron computes AND" in explorer.readout.value
    assert len(explorer.view.wrong.get_xdata()) == 0
    set_controls(explorer, gate="XOR")
    assert score(explorer) == 1  # AND's line is right on XOR only at (0, 0)
    set_controls(explorer, b=-0.5)  # OR's line: 3 of 4, the best one line can do on XOR
    assert score(explorer) == 3


# ---- the activation panel ------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["step", "sigmoid", "relu"])
def test_marked_input_sits_on_the_curve_at_its_z(explorer, activation):
    w1, w2, b = 1.2, -0.8, 0.3
    set_controls(explorer, activation=activation, w1=w1, w2=w2, b=b)
    f = get_activation(activation)
    for point, (x1, x2) in enumerate(X4):
        explorer.controls["point"].value = point
        z = w1 * x1 + w2 * x2 + b
        (dot_z,), (dot_f,) = explorer.view.z_dot.get_data()
        assert dot_z == pytest.approx(z) and dot_f == pytest.approx(float(f(z)))
        np.testing.assert_allclose(explorer.view.z_line.get_xdata(), [z, z])
        (ring_x,), (ring_y,) = explorer.view.ring.get_data()
        assert (ring_x, ring_y) == (x1, x2)


def test_activation_dropdown_redraws_the_curve(explorer):
    for activation in ("linear", "sigmoid", "tanh", "relu", "step"):
        explorer.controls["activation"].value = activation
        curve = explorer.view.curve
        np.testing.assert_allclose(curve.get_ydata(), get_activation(activation)(curve.get_xdata()))
        assert explorer.view.ax_curve.get_ylim() == ACTIVATION_INFO[activation].ylim(Z_MAX)
        assert activation.lower() in explorer.view.ax_curve.get_title().lower()
        lo, hi = explorer.view.ax_curve.get_ylim()
        assert lo < curve.get_ydata().min() and curve.get_ydata().max() < hi  # all of it shows


def test_all_four_z_values_are_on_the_curve(explorer):
    set_controls(explorer, activation="sigmoid", w1=2.0, w2=-1.0, b=0.5, gate="OR")
    X, y = logic_gate("OR")
    z = X @ np.array([2.0, -1.0]) + 0.5
    for k, line in enumerate(explorer.view.curve_points):
        np.testing.assert_allclose(line.get_xdata(), z[y == k])
        np.testing.assert_allclose(line.get_ydata(), 1 / (1 + np.exp(-z[y == k])))


# ---- readout ------------------------------------------------------------------------------------
def test_readout_works_out_z_with_numbers():
    html = readout_html(neuron_state(1.0, 0.5, -0.7, "step", "AND", point=2))
    assert "x = (1, 0)" in html
    assert "1.00·1 + 0.50·0 + (−0.70) = <b>0.30</b>" in html
    assert "AND: 3 of 4 right" in html
    html = readout_html(neuron_state(-2.0, 1.0, 0.5, "sigmoid", "OR", point=3))
    assert "(−2.00)·1 + 1.00·1 + 0.50 = <b>−0.50</b>" in html
    assert "f(z) = <b>0.38</b>" in html  # σ(−0.5) = 0.3775


def test_readout_truth_table_rows():
    html = readout_html(neuron_state(1.0, 1.0, -1.5, "sigmoid", "AND", point=0))
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html)[1:]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r)[:6] for r in rows]
    assert cells == [["0", "0", "−1.50", "0.18", "0", "0"], ["0", "1", "−0.50", "0.38", "0", "0"],
                     ["1", "0", "−0.50", "0.38", "0", "0"], ["1", "1", "0.50", "0.62", "1", "1"]]


def test_decision_is_the_side_of_the_line_for_every_activation(explorer):
    # tanh(0.3) = 0.29 < 0.5, yet z ≥ 0: the decision follows the drawn line, not f(z) ≥ 0.5
    for activation in ("step", "linear", "sigmoid", "tanh", "relu"):
        set_controls(explorer, activation=activation, w1=1.0, w2=1.0, b=-1.7, gate="AND")
        assert score(explorer) == 4, activation


# ---- edge cases ---------------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["step", "sigmoid"])
def test_zero_weights_say_there_is_no_boundary(explorer, activation):
    set_controls(explorer, activation=activation, w1=0.0, w2=0.0, b=-1.0)
    view = explorer.view
    assert view.message.get_visible() and view.message.get_text() == NO_BOUNDARY
    assert len(view.boundary.get_xdata()) == 0
    assert not view.arrow.get_visible()
    shown = shown_output(explorer)
    assert np.all(shown == shown.flat[0])  # the same output everywhere
    set_controls(explorer, w1=0.5, b=-0.25)  # the line x₁ = 0.5
    assert not view.message.get_visible() and view.arrow.get_visible()


def test_line_outside_the_view_is_explained(explorer):
    set_controls(explorer, w1=0.2, w2=0.2, b=3.0)
    assert explorer.view.message.get_visible()
    assert explorer.view.message.get_text() == OFF_VIEW
    assert score(explorer) == 1  # z ≥ 3 at every input, so all outputs are 1: right only at (1, 1)
    assert len(explorer.view.boundary.get_xdata()) == 0


def test_extreme_values_never_raise(explorer):
    lo, hi = explorer.view.ax_curve.get_xlim()
    for w1, w2, b in [(3, 3, 3), (-3, -3, -3), (3, -3, 0), (0, 0, 0), (0, 3, -3), (-3, 0, 3)]:
        set_controls(explorer, w1=float(w1), w2=float(w2), b=float(b))
        for point in range(4):
            explorer.controls["point"].value = point
            (dot_z,), _ = explorer.view.z_dot.get_data()
            assert lo <= dot_z <= hi  # the marked z is always inside the panel
    for activation in ("linear", "sigmoid", "tanh", "relu"):
        explorer.controls["activation"].value = activation
        assert np.all(np.isfinite(explorer.state.shading))
        (dot_z,), (dot_f,) = explorer.view.z_dot.get_data()
        assert explorer.view.ax_curve.get_ylim()[0] <= dot_f <= explorer.view.ax_curve.get_ylim()[1]
    explorer.view.to_png()


# ---- speed: blitting, not redrawing ------------------------------------------------------------
def test_slider_moves_and_gate_or_point_changes_only_blit(explorer):
    before = explorer.view.full_redraws
    for value in np.linspace(-3, 3, 7):
        set_controls(explorer, w1=float(value), w2=float(-value), b=float(value / 2))
    set_controls(explorer, gate="XOR", point=0)
    assert explorer.view.full_redraws == before


def test_activation_change_asks_for_one_full_redraw(explorer):
    before = explorer.view.full_redraws
    explorer.controls["activation"].value = "tanh"
    assert explorer.view.full_redraws == before + 1
    explorer.controls["w1"].value = -1.0
    assert explorer.view.full_redraws == before + 1


def test_one_state_per_move_drawn_by_the_view_and_written_by_the_readout(explorer, monkeypatch):
    import nnlib.explorers.neuron as module

    made = []
    real = module.neuron_state
    monkeypatch.setattr(module, "neuron_state", lambda **kw: made.append(real(**kw)) or made[-1])
    set_controls(explorer, w1=-1.2)
    assert len(made) == 1 and explorer.state is made[0]  # the neuron is built once per move
    state = explorer.state
    assert state.w1 == -1.2 and (state.w2, state.b) == (0.5, -0.7)
    with pytest.raises(AttributeError):
        state.w1 = 0.0  # immutable
    assert readout_html(state) == explorer.readout.value


def test_every_offered_activation_has_its_information():
    assert set(ACTIVATIONS) <= set(ACTIVATION_INFO)
    assert SHADE_Z_MAX == 3.0  # the colour bar says "clipped at ±3" for linear
    assert "±3" in ACTIVATION_INFO["linear"].colorbar_label(SHADE_Z_MAX)


def test_weight_label_sits_past_the_arrow_tip_and_only_inside_the_plane(explorer):
    set_controls(explorer, w1=1.5, w2=-0.5, b=-0.2)
    start, end, label = explorer.state.arrow
    direction = np.subtract(end, start) / np.linalg.norm(np.subtract(end, start))
    np.testing.assert_allclose(label, np.add(end, 0.1 * direction))
    assert explorer.view.arrow_label.get_text() == "$\\mathbf{w}$"
    assert explorer.view.arrow_label.get_position() == pytest.approx(label)
    set_controls(explorer, w1=0.0, w2=1.0, b=-1.4)  # the line x₂ = 1.4: w points out of the view
    assert explorer.state.arrow[2] is None and not explorer.view.arrow_label.get_visible()
    assert explorer.view.arrow.get_visible()
