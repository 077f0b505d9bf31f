"""TrainingExplorer: every tick trains nnlib's MLP a few epochs, and the figure shows that model."""

import ipywidgets as widgets
import numpy as np
import pytest

from nnlib import MLP
from nnlib.explorers import TrainingExplorer
from nnlib.explorers.training import EXTENT, FIRST_EPOCH_LIMIT, make_problem, probability_grid
from nnlib.plotting import decision_grid


@pytest.fixture
def explorer():
    e = TrainingExplorer(period=1.0)  # a long frame: every frame trains epochs_per_tick
    yield e
    e.close()


def tick(explorer, n=1):
    """n frames of playing (what the kernel's animation loop runs once per display frame)."""
    explorer.animation.run_frames(n)


def reference_model(explorer, epochs):
    """An MLP built and trained independently with the explorer's current settings."""
    c = explorer.controls
    X_train, _, y_train, _ = make_problem(c["dataset"].value, c["noise"].value, c["test_size"].value)
    model = MLP((c["hidden"].value,), activation=c["activation"].value, eta=c["eta"].value,
                random_state=c["seed"].value)
    model.initialize(2, 2)
    if epochs:
        model.partial_fit(X_train, y_train, n_epochs=epochs)
    return model


def offsets(explorer, split, k):
    return explorer.view.point_offsets(split, k)


def test_controls_names_and_widget(explorer):
    c = explorer.controls
    assert set(c) == {"play", "step", "reset", "eta", "hidden", "activation", "dataset",
                      "noise", "test_size", "seed"}
    assert isinstance(c["play"], widgets.ToggleButton)  # one play/pause control
    assert all(isinstance(c[name], widgets.Button) for name in ("step", "reset"))
    assert isinstance(c["eta"], widgets.FloatLogSlider) and "η" in c["eta"].description
    assert (c["hidden"].min, c["hidden"].max) == (1, 16)
    assert [value for _, value in c["activation"].options] == ["tanh", "sigmoid", "relu", "leaky_relu"]
    assert list(c["dataset"].options) == ["XOR", "moons", "circles", "spiral"]
    assert explorer.fig is explorer.view.fig
    assert isinstance(explorer.widget, widgets.Box)
    assert explorer.animation.period == 1.0
    assert TrainingExplorer().animation.period == pytest.approx(1 / 60)  # the display rate


def test_start_shows_untrained_model_and_the_data(explorer):
    assert explorer.run.epoch == 0
    model = reference_model(explorer, 0)
    np.testing.assert_allclose(explorer.view.regions.grid, probability_grid(model, explorer.resolution))
    X_train, X_test, y_train, y_test = make_problem("moons", 0.2, 0.3)
    for split, X, y in (("train", X_train, y_train), ("test", X_test, y_test)):
        for k in (0, 1):
            np.testing.assert_allclose(offsets(explorer, split, k), X[y == k])
    assert len(X_test) == 60  # test fraction 0.3 of 200 points


def test_a_tick_trains_one_chunk_and_the_figure_shows_that_model(explorer):
    tick(explorer, 3)
    epochs = 3 * explorer.epochs_per_tick
    assert explorer.run.epoch == epochs
    model = reference_model(explorer, epochs)
    for got, want in zip(explorer.run.model.coefs_, model.coefs_):
        np.testing.assert_allclose(got, want)
    view = explorer.view
    np.testing.assert_allclose(view.regions.grid, probability_grid(model, explorer.resolution))
    # cut at 0.5, the shading's classes are the model's predictions at the grid points
    np.testing.assert_array_equal(view.regions.grid >= 0.5, decision_grid(model, EXTENT, explorer.resolution) == 1)
    x, y = view.train_line.get_data()
    np.testing.assert_array_equal(x, np.arange(epochs))
    np.testing.assert_allclose(y, model.loss_curve_)
    tx, ty = view.test_line.get_data()
    assert list(tx) == [0, 10, 20, 30]
    r = explorer.run
    assert ty[-1] == pytest.approx(model.loss_value(r.X_test, r.y_test))
    assert view.status_text() == (f"{r.model.eta:.3g}\n{epochs}\n{model.score(r.X_train, r.y_train):.1%}\n"
                                      f"{model.score(r.X_test, r.y_test):.1%}")


def test_training_learns_moons():
    e = TrainingExplorer(epochs_per_tick=100, period=1.0)
    tick(e, 15)
    r = e.run
    assert r.epoch == 1500
    assert r.model.loss_curve_[-1] < 0.1 < r.model.loss_curve_[0]
    assert r.model.score(r.X_test, r.y_test) > 0.9
    e.view.close()


def test_slider_moves_and_ticks_only_blit(explorer):
    explorer.view.refresh()
    before = explorer.view.full_redraws
    c = explorer.controls
    c["eta"].value, c["hidden"].value, c["noise"].value = 0.3, 12, 0.35
    c["activation"].value, c["dataset"].value, c["test_size"].value = "relu", "spiral", 0.5
    tick(explorer, FIRST_EPOCH_LIMIT // explorer.epochs_per_tick)  # up to the axis limit, not beyond
    assert explorer.view.full_redraws == before


def test_epoch_axis_grows_in_doublings(explorer):
    explorer.view.refresh()
    before = explorer.view.full_redraws
    tick(explorer, FIRST_EPOCH_LIMIT // explorer.epochs_per_tick + 1)
    assert explorer.view.ax_loss.get_xlim() == (0, 2 * FIRST_EPOCH_LIMIT)
    assert explorer.view.full_redraws == before + 1
    explorer.controls["reset"].click()
    assert explorer.view.ax_loss.get_xlim() == (0, FIRST_EPOCH_LIMIT)


def test_step_reset_and_pause_buttons(explorer):
    c = explorer.controls
    c["step"].click()
    c["step"].click()
    assert explorer.run.epoch == 2 * explorer.epochs_per_tick
    c["reset"].click()
    assert explorer.run.epoch == 0
    fresh = reference_model(explorer, 0)
    for got, want in zip(explorer.run.model.coefs_, fresh.coefs_):
        np.testing.assert_array_equal(got, want)
    assert explorer.view.status_text().split("\n")[1] == "0"
    c["play"].value = True
    assert explorer.playing and c["play"].description == "pause"
    tick(explorer)
    c["play"].value = False
    assert not explorer.playing and c["play"].description == "play"
    assert explorer.view.remark.get_text() == ""  # no new frame: the picture is the last one
    epoch = explorer.run.epoch
    assert explorer.animation.tick() is False and explorer.run.epoch == epoch  # no frame after pause
    c["step"].click()
    assert explorer.view.remark.get_text() == ""


def test_step_with_a_number_of_epochs(explorer):
    explorer.step(125)
    assert explorer.run.epoch == 125
    assert explorer.view.status_text().split("\n")[1] == "125"
    assert list(explorer.view.test_line.get_data()[0]) == [*range(0, 121, 10), 125]
    explorer.step(10**6)  # clipped at the epoch limit
    assert explorer.run.epoch == explorer.max_epochs


def test_changing_a_hyperparameter_or_data_restarts(explorer):
    c = explorer.controls
    tick(explorer, 5)
    c["hidden"].value = 3
    assert explorer.run.epoch == 0
    assert explorer.run.model.coefs_[0].shape == (2, 3)
    c["seed"].value = 4
    np.testing.assert_array_equal(explorer.run.model.coefs_[0], reference_model(explorer, 0).coefs_[0])
    c["dataset"].value = "circles"
    X_train, _, y_train, _ = make_problem("circles", c["noise"].value, c["test_size"].value)
    np.testing.assert_allclose(offsets(explorer, "train", 1), X_train[y_train == 1])
    c["test_size"].value = 0.9
    assert len(offsets(explorer, "train", 0)) + len(offsets(explorer, "train", 1)) == 20


def test_play_stops_at_the_epoch_limit():
    e = TrainingExplorer(max_epochs=30, epochs_per_tick=20, period=1.0)
    play = e.controls["play"]
    play.value = True
    assert e.animation.tick() and e.run.epoch == 20 and play.value
    assert not e.animation.tick()
    assert e.run.epoch == 30 and not play.value and not e.playing
    assert "30-epoch limit" in e.view.remark.get_text()
    assert not e.animation.tick()
    assert e.run.epoch == 30
    play.value = True  # play after the end starts a new run
    assert e.run.epoch == 0 and e.playing
    e.close()


def test_frames_train_fewer_epochs_when_epochs_are_slow(explorer):
    explorer.animation.period = 1 / 60
    explorer._epoch_seconds = 0.004  # 4 ms an epoch: a quarter of a frame holds one
    tick(explorer)
    assert explorer.run.epoch == 1


@pytest.mark.parametrize("bad, message", [
    (dict(epochs_per_tick=0), "epochs_per_tick must be a whole number in \\[1, "),
    (dict(noise=0.9), "noise must be a number in \\[0, 0.5\\]"),
    (dict(dataset="gauss"), "dataset must be one of 'XOR', 'moons'"),
    (dict(activation="elu"), "activation must be one of 'tanh'"),
    (dict(resolution=95196), "resolution must be a whole number in \\[10, 400\\]"),
    (dict(hidden=2.5), "hidden must be a whole number"),
])
def test_bad_arguments_are_named(bad, message):
    with pytest.raises(ValueError, match=message):
        TrainingExplorer(**bad)


def test_divergence_stops_play_and_explains(explorer):
    c = explorer.controls
    c["activation"].value, c["eta"].value = "leaky_relu", 100.0
    c["play"].value = True
    for _ in range(50):  # warnings are errors in the tests: a leaked DivergenceWarning fails here
        if not explorer.animation.tick():
            break
    assert explorer.run.diverged
    assert c["play"].value is False and not explorer.playing
    note = explorer.view.note_text
    assert note.get_visible() and "diverged" in note.get_text() and "smaller eta" in note.get_text()
    assert explorer.view.status_text().endswith("–\n–")
    epoch = explorer.run.epoch
    tick(explorer)
    assert explorer.run.epoch == epoch
    c["eta"].value = 1.0  # a new run clears the note
    assert not explorer.view.note_text.get_visible()


def test_a_loss_off_the_scale_is_named(explorer):
    c = explorer.controls
    c["eta"].value = 100.0
    seen = False
    for _ in range(30):
        tick(explorer)
        huge = explorer.run.model.loss_curve_[-1] > 10
        seen |= huge
        assert ("off the scale" in explorer.view.remark.get_text()) == huge
    assert seen


@pytest.mark.parametrize("dataset", ["XOR", "moons", "circles", "spiral"])
def test_extreme_settings_draw_without_error(explorer, dataset):
    c = explorer.controls
    c["dataset"].value = dataset
    for name in ("eta", "hidden", "noise", "test_size", "seed"):
        for value in (c[name].min, c[name].max):
            c[name].value = 10.0 ** value if name == "eta" else value
            tick(explorer)
    for activation in ("tanh", "sigmoid", "relu", "leaky_relu"):
        c["activation"].value = activation
        tick(explorer)
    assert explorer.view.regions.grid.shape == (explorer.resolution, explorer.resolution)


def test_png_fallback(explorer):
    tick(explorer)
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "run the notebook" in bundle["text/plain"]


def test_the_learning_rate_shows_on_the_figure():
    # A new run at epoch 0 looks alike for every η; the status box must still tell them apart.
    explorer = TrainingExplorer(period=1.0)
    explorer.controls["eta"].value = 0.1
    assert explorer.view.status_text().split("\n")[0] == "0.1"
