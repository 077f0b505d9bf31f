"""AdalineExplorer: the figure shows what nnlib's Adaline does, and slider moves only blit."""

import warnings

import ipywidgets as widgets
import numpy as np
import pytest

from nnlib import Adaline, Neuron, numerical_gradient
from nnlib.explorers import AdalineExplorer
from nnlib.explorers.adaline import (BLOW_UP, CONTROLS, DescentRun, adaline_state, clip_path, cost_surface, descent_path,
                                     least_squares, make_problem, status_text)
from nnlib.linear import adaline_loss


@pytest.fixture
def explorer():
    e = AdalineExplorer()
    yield e
    e.view.close()


def nnlib_path(problem, eta, w0, b0, epochs, solver="batch"):
    model = Adaline(eta=eta, n_iter=epochs, solver=solver, random_state=0)
    model.fit(problem.X, problem.y, w0=[w0], b0=b0)
    w = np.array([p[0][0] for p in model.path_])
    b = np.array([p[1] for p in model.path_])
    return model, w, b


def test_controls_names_and_widget(explorer):
    c = explorer.controls
    assert set(c) == {"eta", "w0", "b0", "epochs", "solver", "inputs"}
    assert "η" in c["eta"].description
    assert isinstance(c["eta"], widgets.FloatLogSlider)
    assert list(c["solver"].options) == ["batch", "stochastic"]
    assert list(c["inputs"].options) == ["standardised", "raw"]
    assert explorer.fig is explorer.view.fig
    assert isinstance(explorer.widget, widgets.Box)


def test_path_is_nnlib_adaline_path(explorer):
    c = explorer.controls
    c["eta"].value, c["w0"].value, c["b0"].value, c["epochs"].value = 0.05, 1.5, -2.0, 12
    problem = explorer.problems["standardised"]
    model, w, b = nnlib_path(problem, c["eta"].value, 1.5, -2.0, 12)
    pw, pb = explorer.view.path_line.get_data()
    np.testing.assert_allclose(pw, w)
    np.testing.assert_allclose(pb, b)
    assert pw.size == 13
    assert explorer.view.start_dot.get_data()[0][0] == pytest.approx(1.5)
    assert explorer.view.start_dot.get_data()[1][0] == pytest.approx(-2.0)
    ex, eb = explorer.view.end_dot.get_data()
    assert (ex[0], eb[0]) == pytest.approx((w[-1], b[-1]))


def test_loss_curve_starts_at_start_cost_and_follows_nnlib(explorer):
    c = explorer.controls
    c["epochs"].value = 7
    problem = explorer.problems["standardised"]
    model, _, _ = nnlib_path(problem, c["eta"].value, c["w0"].value, c["b0"].value, 7)
    x, y = explorer.view.loss_line.get_data()
    np.testing.assert_array_equal(x, np.arange(8))
    assert y[0] == pytest.approx(adaline_loss(problem.X, problem.y, [c["w0"].value], c["b0"].value))
    np.testing.assert_allclose(y[1:], model.losses_)
    assert explorer.view.floor.get_ydata()[0] == pytest.approx(problem.j_star)


def test_input_panel_line_boundary_and_regions(explorer):
    c = explorer.controls
    c["inputs"].value = "raw"
    c["eta"].value, c["w0"].value, c["b0"].value, c["epochs"].value = 0.1, 0.0, 0.0, 40
    w, b = explorer.run.w[-1], explorer.run.b[-1]
    view = explorer.view
    bx, _ = view.boundary.get_data()
    assert bx[0] == pytest.approx(-b / w) and bx[1] == pytest.approx(-b / w)
    zx, zy = view.z_line.get_data()
    assert len(zx) == 2
    np.testing.assert_allclose(zy, w * np.asarray(zx) + b, atol=1e-9)
    left, right = view.regions
    assert left.get_x() == pytest.approx(view.ax_input.get_xlim()[0])
    assert left.get_x() + left.get_width() == pytest.approx(-b / w) == pytest.approx(right.get_x())
    assert right.get_x() + right.get_width() == pytest.approx(view.ax_input.get_xlim()[1])
    # each side has the colour of the class the neuron predicts there (w > 0: class 1 on the right)
    assert w > 0
    assert Neuron([w], b).predict([[-b / w + 0.1]])[0] == 1
    np.testing.assert_allclose(right.get_facecolor(), view.region_colors[1])
    np.testing.assert_allclose(left.get_facecolor(), view.region_colors[0])
    assert view.no_boundary.get_text() == ""


def test_data_points_sit_at_their_targets(explorer):
    for mode in ("raw", "standardised"):
        explorer.controls["inputs"].value = mode
        problem = explorer.problems[mode]
        for label, scatter in enumerate(explorer.view.points):
            offsets = scatter.get_offsets()
            np.testing.assert_allclose(np.sort(offsets[:, 0]), np.sort(problem.x[problem.y == label]))
            assert np.all(offsets[:, 1] == 2 * label - 1)


def test_minimum_star_is_least_squares_and_gradient_vanishes_there(explorer):
    for mode in ("raw", "standardised"):
        explorer.controls["inputs"].value = mode
        p = explorer.problems[mode]
        sx, sy = explorer.view.star.get_data()
        assert (sx[0], sy[0]) == pytest.approx((p.w_star, p.b_star))
        theta = np.array([p.w_star, p.b_star])
        grad = numerical_gradient(lambda th: adaline_loss(p.X, p.y, th[:1], th[1]), theta)
        np.testing.assert_allclose(grad, 0.0, atol=1e-7)
        assert p.j_star == pytest.approx(adaline_loss(p.X, p.y, [p.w_star], p.b_star))


def test_cost_surface_matches_adaline_loss():
    p = make_problem("raw")
    w_values, b_values = np.array([-1.0, 0.3, 2.0]), np.array([-2.0, 0.5])
    Z = cost_surface(p.x, p.t, w_values, b_values)
    assert Z.shape == (2, 3)
    for i, b in enumerate(b_values):
        for j, w in enumerate(w_values):
            assert Z[i, j] == pytest.approx(adaline_loss(p.X, p.y, [w], b))


def test_raw_bowl_is_elongated_and_standardised_is_round():
    for mode, low, high in (("standardised", 1.0, 1.0 + 1e-9), ("raw", 20.0, 1e4)):
        p = make_problem(mode)
        A = np.column_stack([p.x, np.ones_like(p.x)])
        eig = np.linalg.eigvalsh(A.T @ A / p.x.size)
        assert low <= eig[1] / eig[0] <= high


def test_slider_moves_only_blit(explorer):
    c = explorer.controls
    explorer.view.refresh()
    before = explorer.view.full_redraws
    assert before >= 1
    for name, value in (("eta", 0.3), ("w0", 2.0), ("b0", -1.0), ("epochs", 80), ("solver", "stochastic"),
                        ("eta", 0.001), ("epochs", 3)):
        c[name].value = value
    assert explorer.view.full_redraws == before


def test_inputs_switch_redraws_once_and_swaps_contours(explorer):
    explorer.view.refresh()
    before = explorer.view.full_redraws
    explorer.controls["inputs"].value = "raw"
    assert explorer.view.full_redraws == before + 1
    filled_raw, _ = explorer.view.contours["raw"]
    filled_std, _ = explorer.view.contours["standardised"]
    assert filled_raw.get_visible() and not filled_std.get_visible()
    assert "cm" in explorer.view.ax_input.get_xlabel()
    assert explorer.view.ax_input.get_xlim()[1] > 5  # raw petal lengths reach 5.1 cm


def test_divergence_is_shown_not_warned(explorer):
    c = explorer.controls
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any leaked warning fails the test
        c["inputs"].value = "raw"
        c["eta"].value = 1.0
        c["epochs"].value = 100
    run = explorer.run
    assert run.diverged_at is not None
    assert explorer.view.status.get_text() == f"diverged at epoch {run.diverged_at}: η too large"
    assert run.losses[run.diverged_at] > BLOW_UP * run.losses[0]
    assert np.all(run.losses[1:run.diverged_at] <= BLOW_UP * run.losses[0])
    w, b = explorer.view.path_line.get_data()
    box = explorer.view.clip_box
    assert w.size < run.w.size  # the path was cut where it left the box
    assert np.all((w >= box[0] - 1e-9) & (w <= box[1] + 1e-9) & (b >= box[2] - 1e-9) & (b <= box[3] + 1e-9))
    assert explorer.view.loss_line.get_ydata().max() <= 1e12


def test_nnlib_overflow_is_caught_and_reported():
    p = make_problem("raw")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = descent_path(p, eta=1.0, w0=0.0, b0=0.0, epochs=400)
    assert run.warning is not None and "eta=1" in run.warning
    assert run.epochs < 400
    assert run.diverged_at is not None and run.diverged_at <= run.epochs + 1
    assert np.all(np.isfinite(run.losses))


def test_rising_cost_is_flagged_before_blow_up():
    p = make_problem("raw")
    run = descent_path(p, eta=0.182, w0=-2.5, b0=2.5, epochs=100)  # just above 2/λ_max ≈ 0.1805
    assert run.diverged_at is None
    text, bad = status_text(run, p.j_star, "batch")
    assert bad and text.startswith("cost rising from epoch")
    good = descent_path(p, eta=0.15, w0=-2.5, b0=2.5, epochs=100)
    assert np.all(np.diff(good.losses) <= 0)
    assert not status_text(good, p.j_star, "batch")[1]


def test_converged_status(explorer):
    c = explorer.controls
    c["eta"].value, c["epochs"].value = 1.0, 5  # standardised: η = 1 lands on the minimum
    assert explorer.view.status.get_text().startswith("converged")
    assert explorer.run.losses[1] == pytest.approx(explorer.problems["standardised"].j_star)


def test_stochastic_solver_uses_seeded_sgd(explorer):
    c = explorer.controls
    c["solver"].value = "stochastic"
    c["eta"].value, c["epochs"].value = 0.01, 10
    _, w, b = nnlib_path(explorer.problems["standardised"], 0.01, c["w0"].value, c["b0"].value, 10, "sgd")
    pw, pb = explorer.view.path_line.get_data()
    np.testing.assert_allclose(pw, w)
    np.testing.assert_allclose(pb, b)
    _, wb, _ = nnlib_path(explorer.problems["standardised"], 0.01, c["w0"].value, c["b0"].value, 10)
    assert not np.allclose(pw, wb)  # really a different solver


def test_zero_weight_says_no_boundary(explorer):
    view = explorer.view
    run = DescentRun(np.array([0.0]), np.array([0.5]), np.array([0.7]), None, None)
    view.show(adaline_state(explorer.problems["standardised"], run))
    assert "no boundary" in view.no_boundary.get_text()
    assert len(view.boundary.get_xdata()) == 0
    whole, empty = view.regions  # z = 0.5 > 0 everywhere: one class over the whole axis
    assert whole.get_width() == pytest.approx(np.diff(view.ax_input.get_xlim())[0])
    assert empty.get_width() == 0
    np.testing.assert_allclose(whole.get_facecolor(), view.region_colors[1])
    zx, zy = view.z_line.get_data()
    np.testing.assert_allclose(zy, 0.5)


def test_boundary_off_the_plot_is_said(explorer):
    run = DescentRun(np.array([0.1]), np.array([3.0]), np.array([1.0]), None, None)  # x = −30
    explorer.view.show(adaline_state(explorer.problems["standardised"], run))
    assert "off the plot" in explorer.view.no_boundary.get_text()
    assert len(explorer.view.boundary.get_xdata()) == 0


@pytest.mark.parametrize("mode", ["standardised", "raw"])
@pytest.mark.parametrize("solver", ["batch", "stochastic"])
def test_extreme_values_do_not_raise(mode, solver):
    e = AdalineExplorer(inputs=mode, solver=solver)
    c = e.controls
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for eta in (10 ** c["eta"].min, 10 ** c["eta"].max):
            for w0 in (c["w0"].min, c["w0"].max):
                for b0 in (c["b0"].min, c["b0"].max):
                    c["eta"].value, c["w0"].value, c["b0"].value = eta, w0, b0
                    for epochs in (c["epochs"].min, c["epochs"].max):
                        c["epochs"].value = epochs
    assert e.view.status.get_text()
    e.view.close()


def test_clip_path_cuts_at_the_edge_keeping_direction():
    box = (-1.0, 1.0, -1.0, 1.0)
    w, b = np.array([0.0, 0.5]), np.array([0.0, 0.5])
    cw, cb = clip_path(w, b, box)
    np.testing.assert_array_equal(cw, w)
    w, b = np.array([0.0, 0.5, 4.0, -50.0]), np.array([0.0, 0.0, 2.0, 9.0])
    cw, cb = clip_path(w, b, box)
    assert cw.size == 3
    assert cw[-1] == pytest.approx(1.0)  # cut at the right edge …
    assert cb[-1] == pytest.approx(2.0 * (0.5 / 3.5))  # … on the segment (0.5, 0) → (4, 2)
    assert clip_path(np.array([5.0]), np.array([0.0]), box)[0].size == 0


def test_png_fallback(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and len(bundle["image/png"]) > 1000
    assert "AdalineExplorer" in bundle["text/plain"]


def test_least_squares_matches_polyfit():
    x = np.array([0.0, 1.0, 2.0, 4.0])
    t = np.array([-1.0, -1.0, 1.0, 1.0])
    w, b = least_squares(x, t)
    assert (w, b) == pytest.approx(tuple(np.polyfit(x, t, 1)))


def test_text_stamp_shows_caches_and_hides(explorer):
    stamp = explorer.view.status
    stamp.set_text("diverged at epoch 4: η too large", "#D55E00")
    image = stamp.image
    assert image.get_visible()
    bitmap = image.get_array()
    assert bitmap.ndim == 3 and bitmap.shape[2] == 4 and bitmap.shape[1] > 3 * bitmap.shape[0]
    assert (bitmap[..., 3] > 0).any()
    # centred on its anchor point (0.5, 0.3) of the cost panel, in pixels
    cx, cy = explorer.view.ax_loss.transAxes.transform((0.5, 0.3))
    assert abs(image.ox + bitmap.shape[1] / 2 - cx) <= 1 and abs(image.oy + bitmap.shape[0] / 2 - cy) <= 1
    stamp.set_text("converged to the minimum")
    from nnlib.explorers import _render
    cached = len(_render._BITMAPS)
    stamp.set_text("diverged at epoch 4: η too large", "#D55E00")
    assert len(_render._BITMAPS) == cached  # the cached bitmap, not a new render
    np.testing.assert_array_equal(image.get_array(), bitmap)
    stamp.set_text("")
    assert not image.get_visible() and stamp.get_text() == ""


def test_status_is_in_the_png(explorer):
    from io import BytesIO

    import matplotlib.image as mpimg
    explorer.controls["inputs"].value = "raw"
    explorer.controls["eta"].value = 1.0
    with_text = mpimg.imread(BytesIO(explorer.view.to_png()))
    explorer.view.status.set_text("")
    without = mpimg.imread(BytesIO(explorer.view.to_png()))
    assert with_text.shape == without.shape and np.abs(with_text - without).sum() > 10


def test_one_state_per_move_drawn_by_the_view(explorer):
    c = explorer.controls
    c["eta"].value, c["epochs"].value = 0.05, 12
    state = explorer.state
    assert state.run is explorer.run and state.run.epochs == 12
    p = explorer.problems["standardised"]
    again = adaline_state(p, state.run, "batch")  # pure: the same run gives the same picture
    for field in ("status", "bad_news", "boundary_x", "note", "regions"):
        assert getattr(again, field) == getattr(state, field)
    np.testing.assert_array_equal(explorer.view.loss_line.get_ydata(), state.losses)
    np.testing.assert_array_equal(explorer.view.path_line.get_data()[0], state.path[0])
    w, b = state.run.w[-1], state.run.b[-1]
    assert state.boundary_x == pytest.approx(-b / w)
    with pytest.raises(AttributeError):
        state.status = ""


def test_declared_ranges_are_the_sliders_and_check_the_arguments():
    e = AdalineExplorer()
    try:
        assert e.controls["eta"].min == pytest.approx(-4) and e.controls["eta"].max == pytest.approx(0.5)
        assert (e.controls["epochs"].min, e.controls["epochs"].max) == (1, 100)
        assert (e.controls["w0"].min, e.controls["w0"].max) == (-3.5, 3.5)
    finally:
        e.close()
    with pytest.raises(ValueError, match=r"eta must be a number in \[0.0001, 3.16228\]; got 5"):
        AdalineExplorer(eta=5)
    with pytest.raises(ValueError, match=r"solver must be one of 'batch', 'stochastic'; got 'sgd'"):
        AdalineExplorer(solver="sgd")
    assert [c.name for row in CONTROLS for c in row] == ["eta", "epochs", "solver", "w0", "b0", "inputs"]
