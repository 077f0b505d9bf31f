"""Activations: hand-worked values, derivatives against finite differences, stability."""

import math

import numpy as np
import pytest

from nnlib import ACTIVATIONS, Activation, get_activation

ELEMENTWISE = [name for name in ACTIVATIONS if name != "softmax"]
H = 1e-6  # finite-difference step


def central_difference(f, z, h=H):
    """(f(z + h) − f(z − h)) / 2h element-wise: an estimate of f'(z) that shares no code with nnlib."""
    return (f(z + h) - f(z - h)) / (2 * h)


# ---- hand-worked values --------------------------------------------------------------------
LN2, LN3 = math.log(2), math.log(3)

# (name, z, f(z), f'(z)), each worked out on paper from the definitions.
HAND_WORKED = [
    ("step", [-2.0, -1e-9, 0.0, 3.0], [0, 0, 1, 1], [0, 0, 0, 0]),
    ("linear", [-2.0, 0.0, 3.5], [-2.0, 0.0, 3.5], [1, 1, 1]),
    # σ(0) = 1/2; σ(ln 3) = 1/(1 + 1/3) = 3/4; σ(−ln 3) = 1/4; σ' = σ(1 − σ): 1/4, 3/16, 3/16.
    ("sigmoid", [0.0, LN3, -LN3], [0.5, 0.75, 0.25], [0.25, 0.1875, 0.1875]),
    # tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 0.6; tanh' = 1 − 0.36 = 0.64.
    ("tanh", [0.0, LN2, -LN2], [0.0, 0.6, -0.6], [1.0, 0.64, 0.64]),
    # ReLU's derivative at the kink z = 0 is taken as 0 (documented choice).
    ("relu", [-2.0, 0.0, 3.0], [0.0, 0.0, 3.0], [0.0, 0.0, 1.0]),
    ("leaky_relu", [-2.0, 3.0], [-0.02, 3.0], [0.01, 1.0]),
    # elu(−ln 2) = e^{−ln 2} − 1 = −1/2, its slope e^{−ln 2} = 1/2.
    ("elu", [-LN2, 2.0], [-0.5, 2.0], [0.5, 1.0]),
    # αz below 0, z on [0, 1], 1 + α(z − 1) above 1, with α = 0.01.
    ("clipped_leaky_relu", [-2.0, 0.5, 3.0], [-0.02, 0.5, 1.02], [0.01, 1.0, 0.01]),
]


@pytest.mark.parametrize("name, z, value, slope", HAND_WORKED, ids=[c[0] for c in HAND_WORKED])
def test_activation_matches_hand_worked_values(name, z, value, slope):
    f = get_activation(name)
    np.testing.assert_allclose(f(np.array(z)), value, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(f.derivative(np.array(z)), slope, rtol=1e-12, atol=1e-15)


def test_every_elementwise_activation_has_a_hand_worked_case():
    # A new activation added to ACTIVATIONS must come with numbers worked out by hand.
    assert {c[0] for c in HAND_WORKED} == set(ELEMENTWISE)


def test_default_alphas_are_the_documented_ones():
    assert get_activation("leaky_relu").params == {"alpha": 0.01}
    assert get_activation("elu").params == {"alpha": 1.0}
    assert get_activation("clipped_leaky_relu").params == {"alpha": 0.01}


@pytest.mark.parametrize("name, z, expected", [
    ("leaky_relu", [-2.0, 3.0], [-0.2, 3.0]),
    ("elu", [-LN2, 2.0], [-1.0, 2.0]),  # α(e^{−ln 2} − 1) = 2 · (−1/2)
    ("clipped_leaky_relu", [-2.0, 3.0], [-0.2, 1.2]),
])
def test_alpha_parameter_changes_the_slope(name, z, expected):
    f = get_activation(name, alpha=0.1 if name != "elu" else 2.0)
    np.testing.assert_allclose(f(np.array(z)), expected, rtol=1e-12)


def test_activations_accept_lists_and_scalars():
    assert get_activation("sigmoid")(0) == 0.5
    np.testing.assert_allclose(get_activation("relu")([-1, 2]), [0, 2])


# ---- derivatives ---------------------------------------------------------------------------
# Away from every kink: 0 (step, ReLU family) and 1 (clipped_leaky_relu).
SMOOTH_POINTS = np.array([-3.1, -1.7, -0.6, -0.05, 0.05, 0.3, 0.8, 1.4, 2.6])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_differences(name):
    f = get_activation(name)
    np.testing.assert_allclose(f.derivative(SMOOTH_POINTS), central_difference(f, SMOOTH_POINTS),
                               rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_from_output_agrees_with_derivative(name):
    # Backprop uses the shortcut from a = f(z); it must be the same function as f'(z).
    f = get_activation(name)
    z = SMOOTH_POINTS
    np.testing.assert_allclose(f.derivative_from_output(f(z), z), f.derivative(z), rtol=1e-12)


def test_step_derivative_is_zero_everywhere():
    z = np.linspace(-5, 5, 101)
    assert np.array_equal(get_activation("step").derivative(z), np.zeros_like(z))


Z_GRID = np.linspace(-8, 8, 161)


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    s = get_activation("sigmoid")
    np.testing.assert_allclose(s.derivative(Z_GRID), s(Z_GRID) * (1 - s(Z_GRID)), rtol=1e-12)


def test_tanh_derivative_is_one_minus_tanh_squared():
    t = get_activation("tanh")
    np.testing.assert_allclose(t.derivative(Z_GRID), 1 - t(Z_GRID) ** 2, rtol=1e-12, atol=1e-15)


def test_tanh_is_a_rescaled_sigmoid():
    # tanh(z) = 2σ(2z) − 1: the two differ only in output range.
    t, s = get_activation("tanh"), get_activation("sigmoid")
    np.testing.assert_allclose(t(Z_GRID), 2 * s(2 * Z_GRID) - 1, rtol=1e-12, atol=1e-14)


def test_sigmoid_against_its_formula():
    np.testing.assert_allclose(get_activation("sigmoid")(Z_GRID), 1 / (1 + np.exp(-Z_GRID)), rtol=1e-14)


# ---- softmax -------------------------------------------------------------------------------
def test_softmax_hand_worked():
    softmax = get_activation("softmax")
    # e^0 : e^{ln 3} = 1 : 3.
    np.testing.assert_allclose(softmax(np.array([0.0, LN3])), [0.25, 0.75], rtol=1e-12)
    # 1 : 2 : 5 out of 8.
    np.testing.assert_allclose(softmax(np.log([1.0, 2.0, 5.0])), [1 / 8, 2 / 8, 5 / 8], rtol=1e-12)
    # Adding a constant to every score changes nothing.
    np.testing.assert_allclose(softmax(np.array([7.0, 7.0 + LN3])), [0.25, 0.75], rtol=1e-12)


def test_softmax_works_along_last_axis():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(2, 5, 4))
    out = get_activation("softmax")(Z)
    np.testing.assert_allclose(out.sum(axis=-1), np.ones((2, 5)), rtol=1e-12)
    # Each row on its own gives the same as the batch.
    for i in range(2):
        for j in range(5):
            np.testing.assert_allclose(out[i, j], get_activation("softmax")(Z[i, j]), rtol=1e-12)


def test_softmax_needs_scores():
    with pytest.raises(ValueError, match="scalar"):
        get_activation("softmax")(1.0)
    with pytest.raises(ValueError, match=r"\(3, 0\)"):
        get_activation("softmax")(np.zeros((3, 0)))


def test_softmax_temperature():
    z = np.array([0.0, 2 * LN3])
    # softmax(z / T): with T = 2 the scores become 0 and ln 3.
    np.testing.assert_allclose(get_activation("softmax", temperature=2.0)(z), [0.25, 0.75], rtol=1e-12)
    z = np.array([1.0, 2.0, 4.0])
    hot, cold = get_activation("softmax", temperature=100.0)(z), get_activation("softmax", temperature=0.01)(z)
    np.testing.assert_allclose(hot, np.full(3, 1 / 3), atol=0.01)  # high T: nearly uniform
    np.testing.assert_allclose(cold, [0.0, 0.0, 1.0], atol=1e-12)  # low T: nearly one-hot


def numerical_jacobian(f, z):
    """J[i, j] = ∂f_i/∂z_j by central differences."""
    jac = np.zeros((z.size, z.size))
    for j in range(z.size):
        step = np.zeros_like(z)
        step[j] = H
        jac[:, j] = (f(z + step) - f(z - step)) / (2 * H)
    return jac


@pytest.mark.parametrize("temperature", [1.0, 0.5, 3.0])
def test_softmax_jacobian_of_one_vector_matches_finite_differences(temperature):
    softmax = get_activation("softmax", temperature=temperature)
    z = np.array([0.3, -1.2, 2.0, 0.7])
    jac = softmax.derivative(z)
    assert jac.shape == (4, 4)
    np.testing.assert_allclose(jac, numerical_jacobian(softmax, z), rtol=1e-6, atol=1e-9)


def test_softmax_jacobian_of_rows_has_one_matrix_per_row():
    softmax = get_activation("softmax")
    Z = np.random.default_rng(1).normal(size=(5, 3))
    jac = softmax.derivative(Z)
    assert jac.shape == (5, 3, 3)
    for i in range(5):
        np.testing.assert_allclose(jac[i], numerical_jacobian(softmax, Z[i]), rtol=1e-6, atol=1e-9)


# ---- metadata and ranges -------------------------------------------------------------------
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_describes_itself(name):
    f = get_activation(name)
    assert isinstance(f, Activation)
    assert f.name == name
    assert isinstance(f.latex, str) and f.latex.strip()
    low, high = f.output_range
    assert low < high


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_outputs_lie_in_the_output_range(name):
    f = get_activation(name)
    z = np.concatenate([np.linspace(-50, 50, 1001), [-1000.0, 1000.0]])
    out = f(z)
    low, high = f.output_range
    assert np.all((low <= out) & (out <= high)), (out.min(), out.max(), f.output_range)


def test_bounded_activations_declare_their_bounds():
    # The range is information for learners, not just (−inf, inf) everywhere.
    assert get_activation("sigmoid").output_range == (0.0, 1.0)
    assert get_activation("tanh").output_range == (-1.0, 1.0)
    assert get_activation("relu").output_range[0] == 0.0
    assert get_activation("elu").output_range[0] == -1.0
    assert get_activation("softmax").output_range == (0.0, 1.0)


# ---- stability -----------------------------------------------------------------------------
@pytest.fixture
def strict_floats():
    """Overflow, 0/0 and divide-by-zero raise (underflow to 0 is expected and harmless)."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        yield


EXTREME = np.array([-1000.0, 1000.0])


@pytest.mark.usefixtures("strict_floats")
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_and_derivative_finite_at_plus_minus_1000(name):
    f = get_activation(name)
    assert np.all(np.isfinite(f(EXTREME)))
    assert np.all(np.isfinite(f.derivative(EXTREME)))


@pytest.mark.usefixtures("strict_floats")
def test_saturating_activations_reach_their_limits_at_1000():
    np.testing.assert_array_equal(get_activation("sigmoid")(EXTREME), [0.0, 1.0])
    np.testing.assert_array_equal(get_activation("tanh")(EXTREME), [-1.0, 1.0])
    np.testing.assert_array_equal(get_activation("elu")(EXTREME), [-1.0, 1000.0])
    np.testing.assert_array_equal(get_activation("sigmoid").derivative(EXTREME), [0.0, 0.0])


@pytest.mark.usefixtures("strict_floats")
def test_softmax_stable_at_plus_minus_1000():
    softmax = get_activation("softmax")
    np.testing.assert_array_equal(softmax(np.array([1000.0, -1000.0])), [1.0, 0.0])
    np.testing.assert_allclose(softmax(np.array([1000.0, 1000.0 + LN3])), [0.25, 0.75], rtol=1e-12)
    assert np.all(np.isfinite(softmax.derivative(np.array([[1000.0, -1000.0], [-1000.0, 1000.0]]))))


# ---- lookup --------------------------------------------------------------------------------
def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match="swish") as info:
        get_activation("swish")
    for name in ACTIVATIONS:
        assert name in str(info.value)


def test_activation_names_are_forgiving_about_case_and_dashes():
    assert get_activation("Leaky-ReLU").name == "leaky_relu"


def test_activation_instance_passes_through():
    f = get_activation("elu", alpha=0.5)
    assert get_activation(f) is f


@pytest.mark.parametrize("name, params", [("sigmoid", {"alpha": 0.1}), ("relu", {"alpha": 0.1}),
                                          ("elu", {"temperature": 2.0})])
def test_parameters_an_activation_does_not_take_are_rejected(name, params):
    # Silently ignoring alpha would give a plain ReLU to someone who asked for a leaky one.
    with pytest.raises(TypeError, match=name):
        get_activation(name, **params)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), "big"])
def test_bad_activation_parameter_is_rejected(bad):
    with pytest.raises((ValueError, TypeError), match="alpha"):
        get_activation("leaky_relu", alpha=bad)


def test_non_string_activation_name_is_a_type_error():
    with pytest.raises(TypeError, match="activation"):
        get_activation(3)


# ---- what the series shows about each activation (ACTIVATION_INFO) -----------------------------
from nnlib.activations import ACTIVATION_INFO  # noqa: E402


def test_every_activation_has_its_information_and_nothing_else():
    assert list(ACTIVATION_INFO) == list(ACTIVATIONS)
    for name, info in ACTIVATION_INFO.items():
        assert info.name == name and get_activation(name).info is info
        assert info.label and info.title and info.derivative and info.range_text
        for text in (info.formula, info.inline, info.derivative, info.range_text):
            assert text.count("$") % 2 == 0 and "$" in text, (name, text)


def test_every_formula_renders_as_mathtext():
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(8, 0.4 * 4 * len(ACTIVATION_INFO)))
    FigureCanvasAgg(fig)
    texts = [t for info in ACTIVATION_INFO.values()
             for t in (info.formula, info.inline, info.derivative, info.range_text)]
    for i, text in enumerate(texts):
        fig.text(0.01, 1 - (i + 0.5) / len(texts), text)
    fig.canvas.draw()  # a formula mathtext cannot parse raises here
    assert matplotlib.get_backend()


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_declared_parameters_are_the_ones_get_activation_takes(name):
    info = ACTIVATION_INFO[name]
    get_activation(name, **{p: 0.5 for p in info.params})  # accepted
    if not info.params:
        with pytest.raises(TypeError, match="takes no parameters"):
            get_activation(name, alpha=0.5)
    assert set(info.params) <= {"alpha", "temperature"}
    assert (name == "softmax") == (info.params == ("temperature",))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("z_max", [3.0, 5.0, 9.0])
def test_plot_windows_hold_the_curve_and_its_declared_range(name, z_max):
    info = ACTIVATION_INFO[name]
    f = get_activation(name)  # nnlib's default parameters
    lo, hi = info.scale(z_max)
    y_lo, y_hi = info.ylim(z_max)
    assert y_lo < lo < hi < y_hi
    z = np.linspace(-z_max, z_max, 2001)
    out = f(np.column_stack([z, np.zeros_like(z)]))[:, 0] if name == "softmax" else f(z)
    # where the output is unbounded the window follows z, so the whole curve is inside it
    assert y_lo <= out.min() and out.max() <= y_hi, (out.min(), out.max(), (y_lo, y_hi))
    r_lo, r_hi = f.output_range
    for end, bound in ((lo, r_lo), (hi, r_hi)):
        if np.isfinite(bound):
            assert y_lo <= bound <= y_hi  # a finite end of the range is visible
    ticks = info.colorbar_ticks(z_max)
    assert list(ticks) == sorted(ticks) and lo <= ticks[0] and ticks[-1] <= hi
    assert (ticks[0], ticks[-1]) == pytest.approx((lo, hi))  # the scale's ends are labelled
    clipped = "clipped" in info.colorbar_label(z_max)
    assert clipped == (None in info.curve)
