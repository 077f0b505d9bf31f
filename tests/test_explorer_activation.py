"""ActivationExplorer: what the figure shows after the controls move."""

import ipywidgets as widgets
import numpy as np
import pytest

from nnlib import ACTIVATIONS, get_activation
from nnlib.explorers import ActivationExplorer
from nnlib.activations import ACTIVATION_INFO
from nnlib.explorers.activation import (ALPHA_RANGE, B_RANGE, CONTROLS, SLOPE_YLIM, T_RANGE, W_RANGE,
                                        X_RANGE, activation_state, neuron_output, output_ylim)
from explorer_controls import set_controls as set_values


@pytest.fixture
def explorer():
    e = ActivationExplorer()
    yield e
    e.view.close()


def test_builds_with_defaults_and_named_controls(explorer):
    assert set(explorer.controls) == {"activation", "w", "b", "alpha", "T"}
    assert isinstance(explorer.controls["activation"], widgets.Dropdown)
    assert [value for _, value in explorer.controls["activation"].options] == list(ACTIVATIONS)
    assert "w" in explorer.controls["w"].description and "b" in explorer.controls["b"].description
    assert "α" in explorer.controls["alpha"].description and "T" in explorer.controls["T"].description
    assert explorer.fig is explorer.view.fig
    assert isinstance(explorer.widget, widgets.VBox)


def test_tanh_curve_and_slope_follow_w_and_b(explorer):
    set_values(explorer, activation="tanh", w=2.0, b=1.0)
    x = explorer.view.x
    z = 2.0 * x + 1.0
    np.testing.assert_allclose(explorer.view.out_line.get_ydata(), np.tanh(z), atol=1e-12)
    np.testing.assert_allclose(explorer.view.slope_line.get_ydata(), 2.0 * (1 - np.tanh(z) ** 2), atol=1e-12)
    # the reference curve stays at w = 1, b = 0
    np.testing.assert_allclose(explorer.view.ref_out.get_ydata(), np.tanh(x), atol=1e-12)


def test_sigmoid_curve(explorer):
    set_values(explorer, activation="sigmoid", w=-1.5, b=0.5)
    z = -1.5 * explorer.view.x + 0.5
    np.testing.assert_allclose(explorer.view.out_line.get_ydata(), 1 / (1 + np.exp(-z)), atol=1e-12)
    i = np.argmin(np.abs(z))  # the slope peaks where z = 0, at |w| / 4
    assert abs(explorer.view.slope_line.get_ydata()).max() == pytest.approx(1.5 / 4, rel=1e-3)
    assert explorer.view.slope_line.get_ydata()[i] < 0  # w < 0: the output falls as x grows


def test_softmax_shows_first_of_two_classes_with_temperature(explorer):
    set_values(explorer, activation="softmax", w=2.0, b=-1.0, T=0.5)
    z = 2.0 * explorer.view.x - 1.0
    p = np.exp(z / 0.5) / (np.exp(z / 0.5) + 1.0)
    np.testing.assert_allclose(explorer.view.out_line.get_ydata(), p, atol=1e-12)
    np.testing.assert_allclose(explorer.view.slope_line.get_ydata(), 2.0 * p * (1 - p) / 0.5, atol=1e-12)


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "elu", "softmax"])
def test_slope_is_the_derivative_of_the_curve(explorer, name):
    set_values(explorer, activation=name, w=1.3, b=0.4, alpha=1.0, T=1.5)  # ELU is smooth at α = 1
    x = explorer.view.x
    numeric = np.gradient(explorer.view.out_line.get_ydata(), x)
    interior = slice(2, -2)
    np.testing.assert_allclose(explorer.view.slope_line.get_ydata()[interior], numeric[interior], atol=1e-2)


def test_alpha_moves_leaky_relu_but_not_sigmoid(explorer):
    set_values(explorer, activation="leaky_relu", w=1.0, b=0.0, alpha=0.3)
    x, y = explorer.view.x, explorer.view.out_line.get_ydata()
    assert y[x < 0] == pytest.approx(0.3 * x[x < 0])
    assert not explorer.controls["alpha"].disabled and explorer.controls["T"].disabled
    set_values(explorer, activation="sigmoid")
    before = explorer.view.out_line.get_ydata().copy()
    set_values(explorer, alpha=0.9)
    np.testing.assert_array_equal(explorer.view.out_line.get_ydata(), before)
    assert explorer.controls["alpha"].disabled and explorer.controls["T"].disabled
    assert "not used" in explorer.view.formula[2].get_text()
    set_values(explorer, activation="softmax")
    assert explorer.controls["alpha"].disabled and not explorer.controls["T"].disabled


def test_clipped_leaky_relu_matches_the_series_definition(explorer):
    set_values(explorer, activation="clipped_leaky_relu", w=1.0, b=0.0, alpha=0.01)
    x, y = explorer.view.x, explorer.view.out_line.get_ydata()
    expected = np.where(x < 0, 0.01 * x, np.where(x > 1, 1 + 0.01 * (x - 1), x))
    np.testing.assert_allclose(y, expected, atol=1e-12)
    slope = explorer.view.slope_line.get_ydata()
    assert set(np.round(slope, 12)) == {0.01, 1.0}


def test_zero_line_marks_where_z_is_zero(explorer):
    set_values(explorer, w=2.0, b=1.0)
    for line in explorer.view.zero_lines:
        assert line.get_xdata()[0] == pytest.approx(-0.5)
    assert explorer.view.message.get_text() == ""


def test_zero_weight_says_output_is_flat(explorer):
    set_values(explorer, activation="relu", w=0.0, b=1.0)
    assert "w = 0" in explorer.view.message.get_text()
    assert np.isnan(explorer.view.zero_lines[0].get_xdata()[0])
    np.testing.assert_allclose(explorer.view.out_line.get_ydata(), 1.0)
    np.testing.assert_allclose(explorer.view.slope_line.get_ydata(), 0.0)
    explorer.view.to_png()  # draws without error


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_formula_panel_renders_for_every_activation(explorer, name):
    set_values(explorer, activation=name, alpha=0.35)
    lines = [t.get_text() for t in explorer.view.formula]
    assert all(lines)
    assert "output range" in lines[1] and "derivative" in lines[1]
    explorer.view.to_png()  # every mathtext string parses
    if name == "elu":
        assert r"(-\alpha," in lines[1]  # the range is (−α, ∞)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_output_limits_contain_the_output_range(explorer, name):
    set_values(explorer, activation=name)
    lo, hi = explorer.view.ax_out.get_ylim()
    assert (lo, hi) == output_ylim(name) == ACTIVATION_INFO[name].ylim(X_RANGE[1])
    f_lo, f_hi = get_activation(name).output_range
    if np.isfinite(f_lo):
        assert lo < f_lo
    if np.isfinite(f_hi):
        assert hi > f_hi
    # at w = 1, b = 0 the curve is visible somewhere inside the box
    y = explorer.view.out_line.get_ydata()
    assert np.any((y > lo) & (y < hi))


def test_sliders_blit_and_activation_change_redraws_once(explorer):
    start = explorer.view.full_redraws
    assert start >= 1
    for name, value in (("w", -2.0), ("b", 1.5), ("alpha", 0.5), ("T", 3.0), ("w", 0.0)):
        explorer.controls[name].value = value
    assert explorer.view.full_redraws == start
    explorer.controls["activation"].value = "relu"
    assert explorer.view.full_redraws == start + 1
    assert explorer.view.ax_out.get_ylim() == output_ylim("relu")
    assert explorer.view.ax_slope.get_ylim() == SLOPE_YLIM


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_extreme_slider_values_stay_finite_and_on_the_slope_axis(explorer, name):
    explorer.controls["activation"].value = name
    for w in W_RANGE:
        for b in B_RANGE:
            for alpha, T in zip(ALPHA_RANGE, T_RANGE[::-1]):  # (small α, large T), (large α, small T)
                set_values(explorer, w=w, b=b, alpha=alpha, T=T)
                assert np.all(np.isfinite(explorer.view.out_line.get_ydata()))
                slope = explorer.view.slope_line.get_ydata()
                assert np.all(np.abs(slope) <= SLOPE_YLIM[1])


def test_neuron_output_rejects_unknown_activation():
    with pytest.raises(ValueError, match="Unknown activation"):
        neuron_output("swish", np.zeros(3), 1.0, 0.0)
    with pytest.raises(ValueError, match="activation must be one of 'step'.*got 'swish'"):
        ActivationExplorer(activation="swish")


def test_starts_with_the_requested_values():
    e = ActivationExplorer(activation="elu", w=0.5, b=-1.0, alpha=1.0)
    assert e.controls["activation"].value == "elu"
    z = 0.5 * e.view.x - 1.0
    np.testing.assert_allclose(e.view.out_line.get_ydata(), np.where(z > 0, z, np.expm1(z)), atol=1e-12)
    e.view.close()


def test_notebook_display_has_png_fallback(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/png"]
    assert "ActivationExplorer" in bundle["text/plain"]


def test_unused_sliders_are_greyed_and_say_why():
    explorer = ActivationExplorer(activation="sigmoid")
    c = explorer.controls
    assert c["alpha"].disabled and c["T"].disabled
    assert "does not use α" in c["alpha"].tooltip and "ELU" in c["alpha"].tooltip
    c["activation"].value = "softmax"
    assert c["alpha"].disabled and not c["T"].disabled and "temperature" in c["T"].tooltip
    c["activation"].value = "leaky_relu"
    assert not c["alpha"].disabled and c["T"].disabled
    explorer.close()


def test_every_offered_activation_has_its_information_and_the_sliders_follow_it():
    offered = [value for _, value in CONTROLS[0][0].options]
    assert offered == list(ACTIVATION_INFO) == list(ACTIVATIONS)
    e = ActivationExplorer()
    try:
        for name in offered:
            set_values(e, activation=name)
            info = ACTIVATION_INFO[name]
            assert e.controls["alpha"].disabled == ("alpha" not in info.params)
            assert e.controls["T"].disabled == ("temperature" not in info.params)
            assert e.view.formula[0].get_text().startswith(info.title)
    finally:
        e.close()


def test_one_state_per_move_and_the_view_draws_it(explorer):
    set_values(explorer, activation="tanh", w=0.0, b=-1.25)
    state = explorer.state
    again = activation_state("tanh", 0.0, -1.25, 0.2, 1.0)
    np.testing.assert_array_equal(state.slope, again.slope)
    assert (state.activation, state.w, state.b, state.message) == ("tanh", 0.0, -1.25, again.message)
    np.testing.assert_array_equal(explorer.view.out_line.get_ydata(), state.a)
    np.testing.assert_allclose(state.a, np.tanh(-1.25))
    assert explorer.view.message.get_text() == state.message
    assert "z = b = −1.25" in state.message  # the one formatter's minus sign
    with pytest.raises(AttributeError):
        state.w = 1.0
    explorer.view.to_png()  # the real minus sign renders in mathtext
