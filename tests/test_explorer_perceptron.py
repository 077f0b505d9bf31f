"""PerceptronStepper: the figure shows what nnlib.Perceptron does, step by step."""

import dataclasses

import numpy as np
import pytest

from nnlib import Neuron, Perceptron, load_iris, logic_gate
from nnlib.explorers import PerceptronStepper
from nnlib.explorers._stepping import Move, PerceptronRun, RunState
from nnlib.explorers.perceptron import (CORRECT_COLOR, DATASETS, FIGSIZE, GATE_EXTENT, MISTAKE_COLOR,
                                        PerceptronView, panel_note, status_lines, stepper_state)
from nnlib.plotting import decision_grid


@pytest.fixture
def stepper():
    explorer = PerceptronStepper()
    explorer.view.refresh()  # the first full draw
    yield explorer
    explorer.view.close()


def status(explorer) -> str:
    return "\n".join(t.get_text() for t in explorer.view.status)


def on_line(line, w, b):
    """The line's end points satisfy w₁x₁ + w₂x₂ + b = 0 (and there are two of them)."""
    x1, x2 = (np.asarray(d, float) for d in line.get_data())
    assert x1.size == 2
    np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0.0, atol=1e-9)


def run_to_end(explorer, button="one_example", limit=10_000):
    for _ in range(limit):
        if explorer.finished:
            return
        explorer.controls[button].click()
    raise AssertionError("training never finished")


def test_start_state_has_no_boundary_and_predicts_one_everywhere(stepper):
    view = stepper.view
    assert stepper.controls["eta"].value == 1.0
    assert len(view.line.get_xdata()) == 0
    assert view.message.get_visible()
    assert "no boundary" in view.message.get_text()
    assert "ŷ = 1 everywhere" in view.message.get_text()
    regions = view.image.get_array()
    assert np.all(regions == 1)  # w = 0, b = 0: z = 0 and step(0) = 1
    np.testing.assert_array_equal(regions, decision_grid(Neuron([0.0, 0.0], 0.0), GATE_EXTENT, 100))
    assert len(view.ring.get_xdata()) == 0
    assert "start" in status(stepper)
    # the AND data are on the plot, by class
    X, y = logic_gate("AND")
    np.testing.assert_array_equal(view.points[1].get_offsets(), X[y == 1])
    np.testing.assert_array_equal(view.points[0].get_offsets(), X[y == 0])


def test_first_example_of_and_is_a_false_positive(stepper):
    stepper.controls["one_example"].click()
    view = stepper.view
    assert stepper.last.index == 0 and stepper.last.mistake
    np.testing.assert_array_equal(stepper.w, [0.0, 0.0])  # x = (0, 0): only b moves
    assert stepper.b == -1.0
    assert list(view.ring.get_xdata()) == [0.0] and list(view.ring.get_ydata()) == [0.0]
    assert view.ring.get_color() == MISTAKE_COLOR
    assert "mistake: w −= η·x,  b −= η" in status(stepper)
    assert "Δb = −1" in status(stepper)
    # still no boundary, but now ŷ = 0 everywhere, and the shading says so
    assert "ŷ = 0 everywhere" in view.message.get_text()
    assert np.all(view.image.get_array() == 0)
    assert "mistake" in stepper.readout.value


def test_boundary_and_regions_follow_the_model(stepper):
    for _ in range(5):
        stepper.controls["one_example"].click()
    model = stepper.model
    view = stepper.view
    on_line(view.line, model.w_, model.b_)
    assert not view.message.get_visible()
    np.testing.assert_array_equal(view.image.get_array(), decision_grid(model, GATE_EXTENT, 100))
    # example 5 = epoch 2, example 1: (0, 0) with y = 0 is predicted 1 → a mistake
    assert (stepper.last.epoch, stepper.last.index) == (1, 0)
    assert stepper.last.mistake
    # the dashed line is the boundary before this update: w the same, b one η higher
    on_line(view.old_line, model.w_, model.b_ + 1.0)


def test_a_correct_example_changes_nothing_and_hides_the_old_line(stepper):
    for _ in range(2):  # example 2 of AND, (0, 1) with y = 0, is predicted 0 after the first update
        stepper.controls["one_example"].click()
    assert not stepper.last.mistake
    assert len(stepper.view.old_line.get_xdata()) == 0
    assert stepper.view.ring.get_color() == CORRECT_COLOR
    assert "correct: no change" in status(stepper)


def test_and_converges_like_the_model(stepper):
    run_to_end(stepper)
    X, y = logic_gate("AND")
    reference = Perceptron(eta=1.0, n_iter=10).fit(X, y)
    assert stepper.errors == reference.errors_ == [2, 3, 3, 2, 1, 0]
    assert stepper.model.errors_ == reference.errors_
    assert stepper.converged and stepper.model.converged_
    np.testing.assert_array_equal(stepper.w, reference.w_)
    xs, ys = stepper.view.err_line.get_data()
    np.testing.assert_array_equal(xs, [1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(ys, reference.errors_)
    assert len(stepper.view.err_now.get_xdata()) == 0
    assert "converged after 6 epochs" in status(stepper)
    np.testing.assert_array_equal(stepper.model.predict(X), y)


def test_clicks_after_convergence_only_say_so(stepper):
    run_to_end(stepper)
    w, errors = stepper.w.copy(), list(stepper.errors)
    for name in ("one_example", "one_epoch"):
        stepper.controls[name].click()
        assert "nothing to do" in status(stepper)
    stepper.controls["play"].value = True  # nothing left to play: it says so and stays paused
    assert stepper.controls["play"].value is False and not stepper.playing
    assert "nothing to do" in status(stepper)
    np.testing.assert_array_equal(stepper.w, w)
    assert stepper.errors == errors


def test_running_count_marks_the_current_epoch(stepper):
    for _ in range(6):  # epoch 1 (2 mistakes), then 2 examples of epoch 2
        stepper.controls["one_example"].click()
    xs, ys = stepper.view.err_now.get_data()
    assert list(xs) == [2] and list(ys) == [stepper.running] == [2]
    assert list(stepper.view.err_line.get_ydata()) == [2]
    assert "2 mistakes so far in epoch 2" in status(stepper)


def test_one_epoch_runs_to_the_end_of_the_epoch(stepper):
    stepper.controls["one_epoch"].click()
    assert stepper.last.index == 3 and stepper.errors == [2]
    stepper.controls["one_example"].click()
    stepper.controls["one_epoch"].click()  # only the rest of epoch 2
    assert (stepper.last.epoch, stepper.last.index) == (1, 3)
    assert stepper.errors == [2, 3]
    assert "rest of the epoch (from example 2)" in status(stepper)
    on_line(stepper.view.line, stepper.model.w_, stepper.model.b_)


def test_play_beats_one_example_each_and_stops_at_convergence(stepper):
    play = stepper.controls["play"]
    play.value = True
    assert stepper.playing and play.description == "pause"
    assert stepper.animation.period == 0.5  # the AND data set's beat
    assert stepper.animation.tick()
    assert stepper.last.index == 0
    for _ in range(22):
        stepper.animation.tick()
    assert (stepper.last.epoch, stepper.last.index) == (5, 2)  # 23 beats = 23 examples
    assert play.value is True
    assert stepper.animation.tick() is False  # the 24th example ends the clean 6th epoch
    assert stepper.converged
    assert play.value is False and not stepper.playing and play.description == "play"


def test_pause_stops_before_the_next_beat(stepper):
    play = stepper.controls["play"]
    play.value = True
    stepper.animation.tick()
    play.value = False
    index = stepper.last.index
    assert stepper.animation.tick() is False and stepper.last.index == index


def test_xor_hits_the_epoch_limit_and_says_why(stepper):
    stepper.controls["dataset"].value = "XOR"
    stepper.controls["n_iter"].value = 8
    play = stepper.controls["play"]
    play.value = True
    for _ in range(40):
        stepper.animation.tick()
    assert play.value is False
    assert stepper.finished and not stepper.converged
    assert len(stepper.errors) == 8 and min(stepper.errors) > 0
    assert stepper.errors == Perceptron(eta=1.0, n_iter=8).fit(*logic_gate("XOR")).errors_
    text = status(stepper)
    assert "epoch limit reached (8 epochs), still 4 mistakes" in text
    assert "XOR is not linearly separable" in text
    assert list(stepper.view.limit_line.get_xdata()) == [8.5, 8.5]
    assert stepper.view.eta_stamp.get_text() == "η = 1"


def test_changing_eta_restarts_and_only_scales_the_weights(stepper):
    run_to_end(stepper)
    w_one, errors_one = stepper.w.copy(), list(stepper.errors)
    stepper.controls["eta"].value = 0.5
    assert stepper.last is None and stepper.errors == []  # reset: w = 0 again
    np.testing.assert_array_equal(stepper.w, [0.0, 0.0])
    run_to_end(stepper)
    assert stepper.errors == errors_one
    np.testing.assert_allclose(stepper.w, 0.5 * w_one)
    assert stepper.model.eta == 0.5


def test_reset_button_starts_again(stepper):
    for _ in range(7):
        stepper.controls["one_example"].click()
    stepper.controls["reset"].click()
    assert stepper.last is None and stepper.errors == [] and stepper.b == 0.0
    assert len(stepper.view.err_line.get_xdata()) == 0
    assert "no boundary" in stepper.view.message.get_text()


def test_iris_setosa_versicolor(stepper):
    stepper.controls["dataset"].value = "iris"
    iris = load_iris()
    two = iris.y < 2
    X, y = iris.X[two][:, [0, 2]], iris.y[two]
    view = stepper.view
    np.testing.assert_array_equal(view.points[0].get_offsets(), X[y == 0])
    np.testing.assert_array_equal(view.points[1].get_offsets(), X[y == 1])
    extent = stepper.data.extent
    assert view.ax_data.get_xlim() == extent[:2]
    assert "sepal length" in view.ax_data.get_xlabel()
    assert [t.get_text() for t in view.legend.get_texts()[:2]] == ["setosa", "versicolor"]
    stepper.controls["eta"].value = 0.1
    run_to_end(stepper, "one_epoch")
    reference = Perceptron(eta=0.1, n_iter=10).fit(X, y)
    assert stepper.errors == reference.errors_ == [2, 2, 3, 2, 1, 0]
    on_line(view.line, reference.w_, reference.b_)
    np.testing.assert_array_equal(view.image.get_array(), decision_grid(reference, extent, 100))


def test_boundary_outside_the_view_is_said(stepper):
    stepper.controls["dataset"].value = "iris"
    for _ in range(60):  # at η = 1 the line leaves the view for a while (checked below)
        stepper.controls["one_example"].click()
    w, b = stepper.w, stepper.b
    assert np.any(w != 0)
    assert len(stepper.view.line.get_xdata()) == 0
    assert "outside this view" in stepper.view.message.get_text()
    side = int(np.all(stepper.model.predict(np.array([[4.0, 1.0], [7.4, 5.5]])) == 1))
    assert f"ŷ = {side} everywhere" in stepper.view.message.get_text()


def test_no_full_redraw_on_steps_play_or_eta(stepper):
    before = stepper.view.full_redraws
    stepper.controls["one_example"].click()
    stepper.controls["one_epoch"].click()
    stepper.controls["play"].value = True
    stepper.animation.tick()
    stepper.controls["play"].value = False
    stepper.controls["eta"].value = 0.3
    stepper.controls["reset"].click()
    assert stepper.view.full_redraws == before
    stepper.controls["dataset"].value = "OR"  # new limits: one full redraw is expected
    assert stepper.view.full_redraws == before + 1


def test_extreme_settings_never_raise(stepper):
    c = stepper.controls
    for dataset in ("AND", "OR", "NAND", "XOR", "iris"):
        c["dataset"].value = dataset
        for eta, n_iter in ((c["eta"].min, c["n_iter"].min), (c["eta"].max, c["n_iter"].max)):
            c["eta"].value = eta
            c["n_iter"].value = n_iter
            for _ in range(3):
                c["one_epoch"].click()
                c["one_example"].click()
                c["play"].value = True
                stepper.animation.tick()
                c["play"].value = False
            c["reset"].click()


def test_static_png_includes_the_status_and_restores_the_layout(stepper):
    stepper.controls["one_example"].click()
    bundle = stepper._repr_mimebundle_()
    assert bundle["image/png"]
    assert all(not t.get_visible() for t in stepper.view.status)
    assert tuple(stepper.fig.get_size_inches()) == FIGSIZE
    png = stepper.view.to_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # width × height of the PNG: taller than the live figure, by the status lines
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    dpi = stepper.fig.dpi
    assert width == round(FIGSIZE[0] * dpi) and height > round(FIGSIZE[1] * dpi)


def test_view_alone_draws_any_weights():
    view = PerceptronView(resolution=20)
    data = DATASETS["AND"]()
    view.set_dataset(data, y_max=4)
    view.set_epoch_limit(5)
    for w, b in (([0.0, 0.0], -2.0), ([1e9, -1e9], 0.0), ([1e-14, 0.0], 1.0), ([1.0, 1.0], -1.5)):
        run = RunState(w=np.array(w), b=b, eta=1.0, n_iter=5, n_examples=4, errors=(1, 0), running=0,
                       last=None, finished=True, converged=True)
        state = stepper_state(run, Move("idle"), data, 20)
        np.testing.assert_array_equal(state.regions, decision_grid(Neuron(w, b), GATE_EXTENT, 20))
        view.draw(state, panel_note(state), status_lines(state))
    on_line(view.line, [1.0, 1.0], -1.5)
    view.close()


# ---- the state machine alone (no widgets, no figure) ----------------------------------------------
# The perceptron rule on AND by hand, η = 1, from w = (0, 0), b = 0; examples in the order
# (0,0)→0, (0,1)→0, (1,0)→0, (1,1)→1; ŷ = 1 when z = w·x + b ≥ 0. (w₁, w₂, b) after each example:
AND_BY_HAND = [
    (0, 0, -1), (0, 0, -1), (0, 0, -1), (1, 1, 0),     # epoch 1: z = 0 at (0,0) → ŷ = 1, a mistake; ...
    (1, 1, -1), (1, 0, -2), (1, 0, -2), (2, 1, -1),    # epoch 2
    (2, 1, -1), (2, 0, -2), (1, 0, -3), (2, 1, -2),    # epoch 3
    (2, 1, -2), (2, 1, -2), (1, 1, -3), (2, 2, -2),    # epoch 4
    (2, 2, -2), (2, 1, -3), (2, 1, -3), (2, 1, -3),    # epoch 5: only (0,1) is wrong
    (2, 1, -3), (2, 1, -3), (2, 1, -3), (2, 1, -3),    # epoch 6: no mistake, converged
]


def test_the_run_follows_the_rule_worked_by_hand_on_and():
    X, y = logic_gate("AND")
    run = PerceptronRun(X, y, eta=1.0, n_iter=10)
    start = run.state()
    assert (start.last, start.errors, start.running, start.finished) == (None, (), 0, False)
    np.testing.assert_array_equal(start.w, [0.0, 0.0])
    previous = (0.0, 0.0, 0.0)
    for k, expected in enumerate(AND_BY_HAND):
        move = run.step_example()
        state = run.state()
        assert move.kind == "example" and (move.step.epoch, move.step.index) == (k // 4, k % 4)
        assert (*state.w, state.b) == expected, f"after example {k + 1}"
        mistake = expected != previous
        assert move.step.mistake == mistake
        if mistake:  # the move remembers the weights it replaced (the dashed line)
            assert (*move.before[0], move.before[1]) == previous
        else:
            assert move.before is None
        previous = expected
    assert state.errors == (2, 3, 3, 2, 1, 0) and state.running == 0
    assert state.finished and state.converged and not state.mid_epoch
    assert run.model.converged_ and run.model.errors_ == list(state.errors)
    idle = run.step_example()  # training is over: nothing moves
    assert idle.kind == "idle" and run.state().errors == state.errors
    assert run.step_epoch().kind == "idle"


def test_running_count_and_epoch_moves():
    X, y = logic_gate("AND")
    run = PerceptronRun(X, y, eta=1.0, n_iter=10)
    run.step_example()
    run.step_example()
    state = run.state()
    assert state.running == 1 and state.errors == () and state.mid_epoch
    move = run.step_epoch()  # the rest of epoch 1: examples 3 and 4
    assert move.kind == "epoch" and move.first == 2 and move.step.index == 3
    assert (*move.before[0], move.before[1]) == (0, 0, -1)
    assert run.state().errors == (2,) and run.state().running == 0
    move = run.step_epoch()  # a whole epoch
    assert move.first == 0 and (*run.state().w, run.state().b) == AND_BY_HAND[7]


def test_the_state_is_a_snapshot():
    X, y = logic_gate("AND")
    run = PerceptronRun(X, y, eta=1.0, n_iter=10)
    run.step_epoch()
    state = run.state()
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.b = 5.0
    run.step_epoch()
    assert (*state.w, state.b) == AND_BY_HAND[3] and state.errors == (2,)  # unchanged by later moves


def test_the_epoch_limit_stops_a_run_that_cannot_converge():
    X, y = logic_gate("XOR")
    run = PerceptronRun(X, y, eta=0.5, n_iter=3)
    moves = [run.step_epoch() for _ in range(4)]
    assert [m.kind for m in moves] == ["epoch", "epoch", "epoch", "idle"]
    state = run.state()
    assert state.finished and not state.converged and len(state.errors) == 3
    assert list(state.errors) == Perceptron(eta=0.5, n_iter=3).fit(X, y).errors_


def test_the_wording_of_one_mistake_worked_by_hand():
    X, y = logic_gate("AND")
    run = PerceptronRun(X, y, eta=1.0, n_iter=10)
    data = DATASETS["AND"]()
    state = stepper_state(run.state(), Move("start"), data, 10)
    assert status_lines(state)[0][0].startswith("start: w = (0, 0)")
    assert panel_note(state) == "no boundary: w = (0, 0), so z = b = 0\nand ŷ = 1 everywhere"
    move = run.step_example()
    state = stepper_state(run.state(), move, data, 10)
    (first, color), (weights, _), (progress, _) = status_lines(state)
    assert first == "epoch 1, example 1 of 4: x = (0, 0), y = 0, ŷ = 1  →  mistake: w −= η·x,  b −= η"
    assert color == MISTAKE_COLOR
    assert weights == "w = (0, 0),  b = −1,  η = 1      Δw = η(y − ŷ)x = (0, 0),  Δb = −1"
    assert progress == "0 epochs finished of at most 10; 1 mistake so far in epoch 1"
    assert panel_note(state) == "no boundary: w = (0, 0), so z = b = −1\nand ŷ = 0 everywhere"
    for _ in range(3):
        move = run.step_example()
    state = stepper_state(run.state(), move, data, 10)  # (1, 1): w += x, b += 1
    assert status_lines(state)[1][0] == "w = (1, 1),  b = 0,  η = 1      Δw = η(y − ŷ)x = (+1, +1),  Δb = +1"
    assert state.before is None  # the boundary before (w = 0) was no line
    assert panel_note(state) == ""


def test_blitted_frames_match_a_full_redraw(stepper):
    canvas = stepper.fig.canvas
    for button in ("one_example", "one_example", "one_example", "one_epoch", "one_example"):
        stepper.controls[button].click()
        blitted = np.asarray(canvas.buffer_rgba()).copy()
        stepper.view.invalidate()
        stepper.view.refresh()  # a full draw of the same state
        np.testing.assert_array_equal(np.asarray(canvas.buffer_rgba()), blitted)
