"""06's TrainingExplorer: TF Playground's controls on nnlib's MLP, your own points, a model you keep.

Every check compares what the explorer shows or holds with an independent computation: an MLP
built and trained here with the same settings, `model.forward` on the same grid, the data
generated again from the seed.
"""

import json

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from nnlib import MLP
from nnlib.explorers import TrainingExplorer
from nnlib.explorers._canvas import MouseEvent
from nnlib.explorers.training import (EXTENT, FIRST_EPOCH_LIMIT, HEAT_CMAP, OWN, SHADES, THUMB_RESOLUTION,
                                      make_data)
from nnlib.features import FEATURES, expand
from nnlib.plotting import CLASS_COLORS, grid

from explorer_controls import set_controls


@pytest.fixture
def explorer():
    e = TrainingExplorer(period=1.0)  # a long frame: every frame trains epochs_per_tick
    yield e
    e.close()


def tick(explorer, n=1):
    """n frames of playing (what the kernel's animation loop runs once per display frame)."""
    explorer.animation.run_frames(n)


def reference_model(explorer, epochs=0):
    """An MLP built and trained here, with the explorer's settings, on data generated again."""
    c = explorer.controls
    X, y, test = make_data(c["dataset"].value, c["noise"].value, c["test_fraction"].value,
                           explorer.n_samples, c["random_state"].value)
    model = MLP(explorer.hidden_layer_sizes, activation=c["activation"].value, output="sigmoid",
                eta=c["eta"].value, batch_size=explorer.model.batch_size, alpha=c["alpha"].value,
                l1=c["l1"].value, features=explorer.features, random_state=c["random_state"].value)
    model.initialize(2, 2)
    for _ in range(epochs // explorer.epochs_per_tick):
        model.partial_fit(X[~test], y[~test], n_epochs=explorer.epochs_per_tick)
    return model


def heat(values):
    """The heat maps' colour scale, written out: −1 (or less) → 0, 0 → ½, +1 (or more) → 1."""
    return (np.clip(values, -1, 1) + 1) / 2


def click(explorer, x, y, kind="click"):
    """A left click at display pixel (x, y), as the canvas reports it."""
    explorer._on_mouse(MouseEvent(kind, float(x), float(y), 1 if kind == "click" else None))


def test_controls(explorer):
    c = explorer.controls
    assert isinstance(c["play"], widgets.ToggleButton)  # one play/pause control
    assert [value for _, value in c["activation"].options] == ["tanh", "sigmoid", "relu", "leaky_relu", "linear"]
    assert [value for _, value in c["batch_size"].options] == [1, 10, 32, "full"]
    assert c["batch_size"].label == "full" and explorer.model.batch_size is None
    datasets = [value for _, value in c["dataset"].options]
    assert {"XOR", "moons", "circles", "spiral", "gauss", "circle", OWN} == set(datasets)
    assert [name for name in c if name.startswith("feature_")] == [f"feature_{n}" for n in FEATURES]
    assert [c[f"feature_{n}"].value for n in FEATURES] == [True, True] + [False] * 5
    assert 0.0 in c["alpha"].options and 0.0 in c["l1"].options
    assert explorer.animation.period == 1.0
    assert TrainingExplorer().animation.period == pytest.approx(1 / 60)  # the display rate


def test_start_shows_the_untrained_model_and_the_data(explorer):
    assert explorer.epoch == 0
    model = reference_model(explorer)
    for got, want in zip(explorer.model.coefs_, model.coefs_):
        np.testing.assert_array_equal(got, want)
    assert explorer.model.coefs_[0].shape == (2, 4)  # two features in, four hidden units
    p = model.predict_proba(grid(EXTENT, explorer.resolution))[:, 1]
    np.testing.assert_allclose(explorer.view.regions.grid.ravel(), p)
    X, y, test = make_data("moons", 0.2, 0.3, 200, 0)
    for split, rows in (("train", ~test), ("test", test)):
        for k in (0, 1):
            np.testing.assert_allclose(explorer.view.point_offsets(split, k), X[rows & (y == k)])
    assert test.sum() == 60  # test fraction 0.3 of 200 points


def test_frames_train_the_model_the_figure_shows(explorer):
    tick(explorer, 3)
    assert explorer.epoch == 30
    model = reference_model(explorer, 30)
    for got, want in zip(explorer.model.coefs_, model.coefs_):
        np.testing.assert_allclose(got, want)
    X, y, test = explorer.X, explorer.y, explorer.test
    lines = explorer.view.number_text().split("\n")
    assert lines[:4] == ["30", "1", "full", "0 / 0"]
    assert lines[6] == f"{model.score(X[~test], y[~test]):.1%}"
    assert lines[7] == f"{model.score(X[test], y[test]):.1%}"
    epochs, train = explorer.view.train_line.get_data()
    assert list(epochs) == [0, 10, 20, 30]
    # The curves are the data's cross-entropy (no penalty), computed here from probabilities.
    p = model.predict_proba(X[test])[:, 1]
    want = -np.mean(y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p))
    assert explorer.view.test_line.get_data()[1][-1] == pytest.approx(want)


def test_heat_maps_are_each_units_output(explorer):
    set_controls(explorer, layers_plus=True, units_plus_1=True, **{"feature_x1*x2": True})
    explorer.step(40)
    model = explorer.model
    points = grid(EXTENT, THUMB_RESOLUTION)
    _, activations = model.forward(points)
    maps = explorer.view.heatmaps()
    r = THUMB_RESOLUTION
    assert [len(column) for column in explorer.view.centres] == [7, 4, 3, 1]
    for layer in (1, 2):
        for unit in range(model.coefs_[layer - 1].shape[1]):
            np.testing.assert_allclose(maps[layer, unit], heat(activations[layer][:, unit]).reshape(r, r))
    np.testing.assert_allclose(maps[3, 0], model.predict_proba(points)[:, 1].reshape(r, r))
    raw = expand(points, tuple(FEATURES))
    for i in range(7):  # each feature scaled by its largest |value| on the grid
        np.testing.assert_allclose(maps[0, i], heat(raw[:, i] / np.abs(raw[:, i]).max()).reshape(r, r))


def test_a_heat_map_is_painted_in_its_colours(explorer):
    explorer.step(20)
    view = explorer.view
    frame = view.canvas.frame
    flat = [(c, u) for c, column in enumerate(view.centres) for u in range(len(column))]
    index = flat.index((1, 2))
    x0, y0, x1, y1 = view.thumbs.boxes()[index]
    value = view.heatmaps()[1, 2]
    n = view.thumbs.size
    for px, py in ((x0 + 5, y0 + 5), (x1 - 6, y1 - 6), ((x0 + x1) // 2, (y0 + y1) // 2)):
        i, j = int((py - y0 + 0.5) * value.shape[0] / n), int((px - x0 + 0.5) * value.shape[1] / n)
        level = value[i, j] * (SHADES - 1)  # painted in one of SHADES colours: the nearest
        wants = [np.array(HEAT_CMAP(k / (SHADES - 1))[:3]) * 255 for k in (np.floor(level), np.ceil(level))]
        got = frame[frame.shape[0] - 1 - py, px, :3]
        assert min(np.abs(got - want).max() for want in wants) <= 3


def test_layers_and_units_buttons_start_again_and_say_so(explorer):
    explorer.step(20)
    set_controls(explorer, layers_plus=True)
    assert explorer.hidden_layer_sizes == (4, 2) and explorer.epoch == 0
    assert len(explorer.model.coefs_) == 3 and len(explorer.view.centres) == 4
    assert "new weights" in explorer.message.value
    set_controls(explorer, units_plus_1=True)
    assert explorer.hidden_layer_sizes == (4, 3)
    for _ in range(10):
        set_controls(explorer, units_plus_0=True)
    assert explorer.hidden_layer_sizes == (8, 3)  # at most 8 units
    assert explorer.controls["units_plus_0"].disabled
    for _ in range(6):
        set_controls(explorer, layers_plus=True)
    assert len(explorer.hidden_layer_sizes) == 4 and explorer.controls["layers_plus"].disabled
    for _ in range(6):
        set_controls(explorer, layers_minus=True)
    assert explorer.hidden_layer_sizes == () and len(explorer.model.coefs_) == 1
    assert [len(column) for column in explorer.view.centres] == [7, 1]
    explorer.step(10)  # no hidden layer: logistic regression on the features, still trains
    assert explorer.epoch == 10


def test_features_change_the_models_inputs(explorer):
    set_controls(explorer, **{"feature_x1^2": True})
    assert explorer.features == ("x1", "x2", "x1^2")
    assert explorer.model.coefs_[0].shape == (3, 4) and explorer.epoch == 0
    set_controls(explorer, feature_x1=False, feature_x2=False, **{"feature_x1^2": False})
    assert explorer.features == ("x1^2",)  # the last feature stays on: the network needs an input
    assert explorer.controls["feature_x1^2"].value and "At least one feature" in explorer.message.value


def test_circles_are_linear_in_the_squares():
    e = TrainingExplorer(dataset="circle", hidden_layer_sizes=(), features=("x1^2", "x2^2"), eta=1.0,
                         noise=0.1, epochs_per_tick=100)
    e.step(500)
    assert e.model.score(e.X_test, e.y_test) > 0.95
    no_squares = TrainingExplorer(dataset="circle", hidden_layer_sizes=(), eta=1.0, noise=0.1,
                                  epochs_per_tick=100)
    no_squares.step(500)
    assert no_squares.model.score(no_squares.X_test, no_squares.y_test) < 0.8  # a line can't do it
    e.close()
    no_squares.close()


def test_training_settings_change_live(explorer):
    explorer.step(20)
    before = [W.copy() for W in explorer.model.coefs_]
    set_controls(explorer, eta=0.1, batch_size=10, alpha=0.1, l1=0.01)
    assert explorer.epoch == 20  # not a new run, and the figure says what the settings are
    assert explorer.view.number_text().split("\n")[1:4] == ["0.1", "10", "0.1 / 0.01"]
    assert (explorer.model.eta, explorer.model.batch_size, explorer.model.alpha, explorer.model.l1) == \
        (0.1, 10, 0.1, 0.01)
    for got, want in zip(explorer.model.coefs_, before):
        np.testing.assert_array_equal(got, want)
    reference = MLP((4,), output="sigmoid", eta=0.1, batch_size=10, alpha=0.1, l1=0.01,
                    features=("x1", "x2"), random_state=0)
    reference.initialize(2, 2)
    reference.coefs_ = [W.copy() for W in before]
    reference.intercepts_ = [b.copy() for b in explorer.model.intercepts_]
    reference._rng = np.random.default_rng(0)
    rng_state = explorer.model._rng.bit_generator.state
    reference._rng.bit_generator.state = rng_state
    reference.loss_curve_ = []
    explorer.step(10)
    reference.partial_fit(explorer.X_train, explorer.y_train, n_epochs=10)
    for got, want in zip(explorer.model.coefs_, reference.coefs_):
        np.testing.assert_allclose(got, want)


def test_data_settings_start_again(explorer):
    explorer.step(20)
    set_controls(explorer, dataset="gauss")
    assert explorer.epoch == 0
    X, y, test = make_data("gauss", 0.2, 0.3, 200, 0)
    np.testing.assert_array_equal(explorer.X, X)
    set_controls(explorer, test_fraction=0.9)
    assert len(explorer.X_train) == 20
    set_controls(explorer, random_state=5)
    np.testing.assert_array_equal(explorer.X, make_data("gauss", 0.2, 0.9, 200, 5)[0])
    for got, want in zip(explorer.model.coefs_, reference_model(explorer).coefs_):
        np.testing.assert_array_equal(got, want)


def test_points_added_and_removed_in_python(explorer):
    explorer.step(20)
    weights = [W.copy() for W in explorer.model.coefs_]
    n_train = len(explorer.X_train)
    explorer.add_point(1.5, -0.5, 1)
    assert len(explorer.X_train) == n_train + 1 and explorer.y_train[-1] == 1
    assert explorer.controls["dataset"].value == OWN and explorer.epoch == 20  # training goes on
    for got, want in zip(explorer.model.coefs_, weights):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(explorer.view.point_offsets("train", 1)[-1], [1.5, -0.5])
    explorer.step(10)
    assert explorer.epoch == 30
    explorer.remove_point(len(explorer.X) - 1)
    assert len(explorer.X_train) == n_train
    explorer.add_point(1.5, -0.5, 1)
    set_controls(explorer, random_state=7)  # your own points stay when the seed changes
    assert len(explorer.X_train) == n_train + 1 and explorer.epoch == 0
    explorer.clear_points()
    assert len(explorer.X) == 0
    explorer.step(10)
    assert explorer.epoch == 0 and "No training points" in explorer.message.value
    with pytest.raises(ValueError, match="label must be 0 or 1"):
        explorer.add_point(0, 0, 2)
    with pytest.raises(IndexError, match="index must be a whole number"):
        explorer.remove_point(0)


def test_clicks_add_and_remove_points_and_pick_units(explorer):
    view = explorer.view
    ax = view.ax_main
    n = len(explorer.X)
    x, y = ax.transData.transform((0.25, 2.75))  # a corner with no point near
    assert np.hypot(*(ax.transData.transform(explorer.X) - (x, y)).T).min() > 10
    explorer.controls["draw_class"].value = 0
    before = view.canvas.frame
    click(explorer, x, y)
    assert len(explorer.X) == n + 1 and explorer.y[-1] == 0
    np.testing.assert_allclose(explorer.X[-1], (0.25, 2.75), atol=0.03)
    assert (view.canvas.frame != before).any()
    px, py = ax.transData.transform(explorer.X[3])
    removed = explorer.X[3].copy()
    click(explorer, px + 2, py - 2)
    assert len(explorer.X) == n and not (explorer.X == removed).all(axis=1).any()
    # A heat map clicked: shown large; clicked again: the prediction again.
    x0, y0, x1, y1 = view.thumbs.boxes()[7]  # the first hidden unit (after seven features)
    click(explorer, (x0 + x1) / 2, (y0 + y1) / 2)
    assert explorer.selected == (1, 0) and view.unit_map.get_visible() and not view.regions.get_visible()
    _, activations = explorer.model.forward(grid(EXTENT, explorer.resolution))
    np.testing.assert_allclose(view.unit_map.grid.ravel(), heat(activations[1][:, 0]))
    assert "layer 1" in view.main_title.get_text()
    click(explorer, (x0 + x1) / 2, (y0 + y1) / 2)
    assert explorer.selected is None and view.regions.get_visible()
    # Hovering shows a map while the mouse is on it.
    x0, y0, x1, y1 = view.thumbs.boxes()[2]  # x₁²
    click(explorer, (x0 + x1) / 2, (y0 + y1) / 2, kind="move")
    assert view.unit_map.get_visible() and "Feature" in view.main_title.get_text()
    click(explorer, 0, 0, kind="leave")
    assert view.regions.get_visible()


def test_no_mouse_events_says_so(monkeypatch):
    monkeypatch.setenv("NNLIB_CANVAS", "image")
    e = TrainingExplorer()
    assert "no mouse events" in e.draw_note.value and "add_point" in e.draw_note.value
    e.close()
    monkeypatch.delenv("NNLIB_CANVAS")
    e = TrainingExplorer()
    assert "Click the data panel" in e.draw_note.value
    e.view.canvas.use_image()  # what the first control change does where the canvas never loaded
    set_controls(e, eta=0.5)
    assert "no mouse events" in e.draw_note.value
    e.close()


def test_state_round_trip_is_exact():
    e = TrainingExplorer(hidden_layer_sizes=(3, 2), batch_size=10, alpha=0.01, features=("x1", "x2", "sin(x1)"),
                         dataset="spiral", random_state=3, period=1.0)
    e.step(30)
    e.add_point(0.5, 0.5, 0)
    e.step(10)
    state = e.state()
    text = json.dumps(state)  # plain data: a teacher can hand it out as a file
    for copy in (TrainingExplorer.from_state(json.loads(text)), TrainingExplorer(**state)):
        assert copy.state() == state
        assert copy.epoch == e.epoch == 40
        np.testing.assert_array_equal(copy.X, e.X)
        for got, want in zip(copy.model.coefs_ + copy.model.intercepts_, e.model.coefs_ + e.model.intercepts_):
            np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(copy.view.canvas.frame, e.view.canvas.frame)
        copy.step(10)  # mini-batches drawn from the same random state: the same next steps
        copy.close()
    e.step(10)
    assert TrainingExplorer.from_state(json.loads(text)).state()["weights"] != e.state()["weights"]
    with pytest.raises(TypeError, match="state must be a dict"):
        TrainingExplorer.from_state([1])
    bad = dict(state, hidden_layer_sizes=[4])
    with pytest.raises(ValueError, match="weights do not fit this network"):
        TrainingExplorer(**bad)


def test_state_continues_exactly():
    e = TrainingExplorer(batch_size=10, period=1.0)
    e.step(20)
    copy = TrainingExplorer.from_state(e.state())
    e.step(20)
    copy.step(20)
    for got, want in zip(copy.model.coefs_, e.model.coefs_):
        np.testing.assert_array_equal(got, want)


def test_ticks_only_blit_until_the_epoch_axis_grows(explorer):
    explorer.view.refresh()
    before = explorer.view.full_redraws
    set_controls(explorer, eta=0.3, noise=0.35, batch_size=32, alpha=0.01)
    tick(explorer, FIRST_EPOCH_LIMIT // explorer.epochs_per_tick)
    assert explorer.view.full_redraws == before
    tick(explorer)
    assert explorer.view.ax_loss.get_xlim() == (0, 2 * FIRST_EPOCH_LIMIT)
    assert explorer.view.full_redraws == before + 1


def test_play_pause_and_the_epoch_limit():
    e = TrainingExplorer(max_epochs=30, epochs_per_tick=20, period=1.0)
    play = e.controls["play"]
    e.play()
    assert play.description == "pause" and e.playing
    assert e.animation.tick() and e.epoch == 20
    assert not e.animation.tick()
    assert e.epoch == 30 and not play.value and not e.playing
    assert "30-epoch limit" in e.view.remark.get_text()
    e.play()  # play after the end starts again
    assert e.epoch == 0 and e.playing
    e.pause()
    epoch = e.epoch
    assert e.animation.tick() is False and e.epoch == epoch  # no frame after pause
    e.close()


def test_frames_train_fewer_epochs_when_epochs_are_slow(explorer):
    explorer.animation.period = 1 / 60
    explorer._epoch_seconds = 0.004  # 4 ms an epoch: a quarter of a frame holds one
    tick(explorer)
    assert explorer.epoch == 1


def test_divergence_stops_play_and_explains(explorer):
    set_controls(explorer, activation="linear", layers_plus=True)
    set_controls(explorer, layers_plus=True, eta=10.0)  # three linear layers at η = 10
    explorer.play()
    for _ in range(200):  # warnings are errors in the tests: a leaked DivergenceWarning fails here
        if not explorer.animation.tick():
            break
    assert explorer.model.diverged_ and not explorer.playing
    note = explorer.view.note_text
    assert note.get_visible() and "diverged" in note.get_text()
    assert explorer.view.number_text().endswith("–\n–")


@pytest.mark.parametrize("bad, message", [
    (dict(hidden_layer_sizes=(9,)), r"hidden_layer_sizes must be a tuple of 0 to 4 layer widths.*got \(9,\)"),
    (dict(hidden_layer_sizes=(1, 1, 1, 1, 1)), r"hidden_layer_sizes must be a tuple of 0 to 4"),
    (dict(hidden_layer_sizes=4), r"hidden_layer_sizes must be a tuple.*got 4"),
    (dict(features=("x3",)), r"features"),
    (dict(features="x1"), r"features"),
    (dict(batch_size=16), r"batch_size must be 1, 10, 32 or None"),
    (dict(alpha=0.5), r"alpha must be one of 0, 0.001"),
    (dict(l1=-1), r"l1 must be one of 0, 0.001"),
    (dict(dataset="nope"), r"dataset must be one of 'XOR', 'moons'"),
    (dict(activation="elu"), r"activation must be one of 'tanh'"),
    (dict(eta=100), r"eta must be a number in \[0.001, 10\]"),
    (dict(epochs_per_tick=0), r"epochs_per_tick must be a whole number in \[1, "),
    (dict(resolution=95196), r"resolution must be a whole number in \[10, 200\]"),
    (dict(data={"X": [[0, 0]], "y": [3], "test": [False]}), r"data\['y'\] must hold labels 0 and 1"),
])
def test_bad_arguments_are_named(bad, message):
    with pytest.raises((ValueError, TypeError), match=message):
        TrainingExplorer(**bad)


@pytest.mark.parametrize("dataset", ["XOR", "moons", "circles", "spiral", "gauss", "circle", OWN])
def test_every_data_set_and_activation_draws(explorer, dataset):
    set_controls(explorer, dataset=dataset)
    for activation in ("tanh", "sigmoid", "relu", "leaky_relu", "linear"):
        set_controls(explorer, activation=activation)
        tick(explorer)
    assert explorer.view.regions.grid.shape == (explorer.resolution, explorer.resolution)


def test_png_fallback(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "run the notebook" in bundle["text/plain"]


def test_weight_lines_show_the_weights(explorer):
    explorer.step(50)
    W = explorer.model.coefs_
    n_lines = sum(w.size for w in W)
    edges = explorer.view.edges
    assert len(edges.get_segments()) == n_lines
    flat = np.concatenate([w.ravel() for w in W])
    colors = edges.get_colors()
    for w, color in zip(flat, colors):
        assert tuple(color[:3]) == to_rgba(CLASS_COLORS[1 if w > 0 else 0])[:3]
    widths = edges.get_linewidths()
    assert np.all(np.diff(np.asarray(widths)[np.argsort(np.abs(flat))]) >= -1e-12)  # wider for larger |w|
