"""XORNetworkExplorer: the figure shows what the nine parameters and the activation compute."""

import ipywidgets as widgets
import numpy as np
import pytest

from nnlib import MLP, logic_gate
from nnlib.explorers import XORNetworkExplorer
from nnlib.explorers.xor import (INPUT_EXTENT, PARAMS, SOLUTION, TABLE_COLUMNS, TABLE_WIDTHS, XORNetwork, edge_width,
                                 half_plane_polygon, hidden_extent, segments_meet, truth_table_text,
                                 xor_separable)
from matplotlib.colors import to_rgba

from nnlib.plotting import CLASS_COLORS, decision_grid, region_cmap

X, Y = logic_gate("XOR")


def network(values, activation="step"):
    """An independent MLP with the explorer's values (W1[i, j] = w_(i+1)(j+1))."""
    net = MLP((2,), activation=activation, output="sigmoid").initialize(2, 2)
    net.coefs_ = [np.array([[values["w11"], values["w12"]], [values["w21"], values["w22"]]]),
                  np.array([[values["v1"]], [values["v2"]]])]
    net.intercepts_ = [np.array([values["b1"], values["b2"]]), np.array([values["c"]])]
    return net


def cell_texts(explorer, column):
    return [cells[column].get_text() for cells in explorer.view.table_cells]


def edge(explorer, name):
    """(RGBA colour, width, dashed?) of one edge of the diagram."""
    i, edges = PARAMS.index(name), explorer.view.edges
    return tuple(edges.get_colors()[i]), edges.get_linewidths()[i], edges.get_linestyles()[i][1] is not None


@pytest.fixture
def explorer():
    e = XORNetworkExplorer()
    yield e
    e.view.close()


# ---- construction -----------------------------------------------------------------------------
def test_controls_are_the_nine_parameters_activation_and_button(explorer):
    assert list(explorer.controls) == [*PARAMS, "activation", "solution"]
    assert explorer.controls["w21"].description.startswith("w₂₁")
    assert "x₂→h₁" in explorer.controls["w21"].description
    assert explorer.controls["c"].description.startswith("c")
    assert isinstance(explorer.controls["activation"], widgets.Dropdown)
    assert list(explorer.controls["activation"].options) == ["step", "sigmoid", "tanh", "relu"]
    assert explorer.controls["solution"].description == "load the AND(OR, NAND) solution"
    assert {k: explorer.controls[k].value for k in PARAMS} == SOLUTION
    assert isinstance(explorer.widget, widgets.VBox)
    assert len(explorer.fig.axes) == 4


def test_default_is_the_textbook_solution_with_a_full_truth_table(explorer):
    assert explorer.view.table_summary.get_text() == "4/4 correct: the network computes XOR"
    assert cell_texts(explorer, "h1") == ["0", "1", "1", "1"]       # OR
    assert cell_texts(explorer, "h2") == ["1", "1", "1", "0"]       # NAND
    assert cell_texts(explorer, "y") == ["0", "1", "1", "0"]        # AND(h1, h2) = XOR
    assert cell_texts(explorer, "z") == ["−0.5", "0.5", "0.5", "−0.5"]
    assert cell_texts(explorer, "mark") == ["✓"] * 4


def test_keyword_arguments_set_the_start_and_are_checked():
    e = XORNetworkExplorer(b2=0.5, activation="sigmoid")
    assert e.controls["b2"].value == 0.5 and e.controls["activation"].value == "sigmoid"
    assert e.view.state.activation == "sigmoid"
    e.view.close()
    with pytest.raises(TypeError, match="w13"):
        XORNetworkExplorer(w13=1.0)
    with pytest.raises(ValueError, match="activation"):
        XORNetworkExplorer(activation="softmax")


# ---- panel (a): input plane ---------------------------------------------------------------------
def test_slider_moves_the_hidden_unit_line(explorer):
    explorer.controls["w11"].value = 2.0
    x1, x2 = explorer.view.hidden_lines[0].get_data()
    assert len(x1) == 2
    np.testing.assert_allclose(2.0 * np.asarray(x1) + 1.0 * np.asarray(x2) - 0.5, 0.0, atol=1e-12)
    explorer.controls["b2"].value = 0.7
    x1, x2 = explorer.view.hidden_lines[1].get_data()
    np.testing.assert_allclose(-1.0 * np.asarray(x1) - 1.0 * np.asarray(x2) + 0.7, 0.0, atol=1e-12)


def test_hidden_unit_label_sits_on_the_side_where_the_unit_is_on(explorer):
    for j, (w, b) in enumerate((((1.0, 1.0), -0.5), ((-1.0, -1.0), 1.5))):
        x = np.array(explorer.view.hidden_labels[j].get_position())
        assert np.dot(w, x) + b > 0


def test_shaded_region_is_the_decision_grid_of_the_network(explorer):
    explorer.set_values(w11=3.0, w21=2.5, b1=-1.5, w12=-3.0, w22=-3.0, b2=4.5, activation="tanh")
    values = explorer.values()
    expected = decision_grid(network(values, "tanh"), INPUT_EXTENT, 100)
    np.testing.assert_array_equal(explorer.view.state.region, expected)
    np.testing.assert_array_equal(explorer.view.region.grid, expected)
    np.testing.assert_array_equal(explorer.view.region.colors, region_cmap(2)(np.arange(2), bytes=True))
    assert 0 < expected.mean() < 1  # both classes appear: the test can tell them apart


def test_zero_weights_say_there_is_no_line(explorer):
    explorer.set_values(w11=0.0, w21=0.0)
    assert explorer.view.hidden_lines[0].get_xdata().size == 0
    assert explorer.view.input_message.get_visible()
    assert "no line" in explorer.view.input_message.get_text()
    explorer.set_values(w11=0.1, w21=0.0, b1=10.0)  # the line x1 = -100 misses the view
    assert "outside" in explorer.view.input_message.get_text()
    explorer.load_solution()
    assert not explorer.view.input_message.get_visible()


# ---- panel (b): hidden space --------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["step", "sigmoid", "tanh", "relu"])
def test_hidden_points_are_the_hidden_activations(explorer, activation):
    explorer.set_values(w21=0.6, b2=1.1, activation=activation)
    H = network(explorer.values(), activation).forward(X)[1][1]
    for k, points in enumerate(explorer.view.hidden_points):
        np.testing.assert_allclose(np.column_stack(points.get_data()), H[Y == k])
    box = explorer.view.state.hidden_box
    assert explorer.view.ax_hid.get_xlim() == pytest.approx(box[:2])
    assert np.all((H >= box[0]) & (H <= box[1]))


def test_output_line_in_hidden_space(explorer):
    explorer.set_values(v1=2.0, v2=0.5, c=-1.2)
    h1, h2 = explorer.view.output_line.get_data()
    assert len(h1) == 2
    np.testing.assert_allclose(2.0 * np.asarray(h1) + 0.5 * np.asarray(h2) - 1.2, 0.0, atol=1e-12)
    poly = explorer.view.hidden_region.get_xy()
    inside = poly[:-1].mean(axis=0)  # centre of the shaded (class 1) polygon
    assert 2.0 * inside[0] + 0.5 * inside[1] - 1.2 > 0


def test_coinciding_points_share_one_label(explorer):
    texts = [a.get_text() for a in explorer.view.point_labels if a.get_visible()]
    assert sorted(texts) == ["(0,0)", "(0,1) = (1,0)", "(1,1)"]
    explorer.controls["activation"].value = "sigmoid"
    texts = [a.get_text() for a in explorer.view.point_labels if a.get_visible()]
    assert sorted(texts) == ["(0,0)", "(0,1) = (1,0)", "(1,1)"]  # still symmetric weights
    explorer.controls["w21"].value = 3.0
    texts = [a.get_text() for a in explorer.view.point_labels if a.get_visible()]
    assert sorted(texts) == ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]


def test_separability_status(explorer):
    assert explorer.view.separable_text.get_text() == "linearly separable ✓"
    explorer.set_values(w11=0.0, w21=0.0, w12=0.0, w22=0.0)  # every input lands on one point
    assert explorer.view.separable_text.get_text() == "not linearly separable ✗"


def test_output_without_weights_says_so(explorer):
    explorer.set_values(v1=0.0, v2=0.0)
    assert explorer.view.output_line.get_xdata().size == 0
    assert "ignores" in explorer.view.hidden_message.get_text()
    assert explorer.view.hidden_message.get_visible()
    assert not explorer.view.hidden_region.get_visible()  # c = -1.5 < 0: class 0 everywhere


def test_relu_hidden_space_grows_to_fit_the_points(explorer):
    explorer.controls["activation"].value = "relu"
    assert explorer.view.ax_hid.get_xlim() == pytest.approx((-0.5, 2.5))  # h up to 1.5
    explorer.set_values(w11=5.0, w21=5.0)  # h1(1, 1) = 9.5
    assert explorer.view.ax_hid.get_xlim() == pytest.approx((-4.0, 20.0))


# ---- panel (c): diagram -------------------------------------------------------------------------
def test_edges_show_weight_size_and_sign(explorer):
    explorer.set_values(w11=3.0, w12=-2.0, v1=0.0)
    labels = explorer.view.edge_labels
    (color11, width11, dashed11), (color12, width12, dashed12) = edge(explorer, "w11"), edge(explorer, "w12")
    assert width11 == pytest.approx(edge_width(3.0))
    assert width11 == pytest.approx(2 * width12 * 3 / 4)
    assert color11 == to_rgba(CLASS_COLORS[0]) and not dashed11
    assert color12 == to_rgba(CLASS_COLORS[5]) and not dashed12
    assert edge(explorer, "v1")[2]  # zero weight: dotted
    assert labels["w11"].get_text() == "3"
    assert labels["w12"].get_text() == "−2"
    assert labels["b1"].get_text() == "−0.5"
    assert len(explorer.view.edges.get_segments()) == 9


# ---- panel (d): truth table ---------------------------------------------------------------------
def test_truth_table_follows_the_sliders(explorer):
    explorer.controls["b2"].value = 0.5  # h2 becomes NOR: (0, 1) and (1, 0) now fail
    assert cell_texts(explorer, "h2") == ["1", "0", "0", "0"]
    assert cell_texts(explorer, "mark") == ["✓", "✗", "✗", "✓"]
    assert explorer.view.table_summary.get_text() == "2/4 correct"
    assert {cell.get_color() for cell in explorer.view.table_cells[1].values()} == {CLASS_COLORS[5]}
    assert {cell.get_color() for cell in explorer.view.table_cells[0].values()} == {"black"}


def test_same_weights_with_sigmoid_hidden_units_fail(explorer):
    explorer.controls["activation"].value = "sigmoid"
    assert cell_texts(explorer, "y") == ["0", "0", "0", "0"]
    assert cell_texts(explorer, "h1") == ["0.38", "0.62", "0.62", "0.82"]
    assert explorer.view.table_summary.get_text() == "2/4 correct"
    assert "sigmoid" in explorer.view.table_note.get_text()


def test_truth_table_text_for_printing():
    state = XORNetwork().state(SOLUTION, "step")
    lines = truth_table_text(state).splitlines()
    assert lines[0].split() == ["x₁", "x₂", "XOR", "h₁", "h₂", "z", "ŷ"]
    assert lines[4].split() == ["1", "1", "0", "1", "0", "−0.5", "0", "✓"]
    assert lines[-1] == "4/4 correct: the network computes XOR"


# ---- button and batching ------------------------------------------------------------------------
def test_solution_button_restores_everything_with_one_redraw(explorer, monkeypatch):
    explorer.set_values(w11=-3.0, b2=4.0, c=2.0, activation="relu")
    assert explorer.view.table_summary.get_text() != "4/4 correct: the network computes XOR"
    calls = []
    original = explorer.view.draw
    monkeypatch.setattr(explorer.view, "draw", lambda state: (calls.append(state), original(state)))
    explorer.controls["solution"].click()
    assert len(calls) == 1
    assert {k: explorer.controls[k].value for k in PARAMS} == SOLUTION
    assert explorer.controls["activation"].value == "step"
    assert explorer.view.table_summary.get_text() == "4/4 correct: the network computes XOR"


# ---- drawing --------------------------------------------------------------------------------------
def test_slider_moves_do_not_redraw_the_whole_figure(explorer):
    explorer.view.refresh()
    before = explorer.view.full_redraws
    for value in np.linspace(-3, 3, 15):
        explorer.controls["w11"].value = float(value)
        explorer.controls["v2"].value = float(-value)
    assert explorer.view.full_redraws == before


def _shown(view):
    """(string, colour) of every TextStamp of the view, by stamp."""
    from nnlib.explorers._base import TextStamp
    found, todo = {}, list(vars(view).values())
    while todo:
        item = todo.pop()
        if isinstance(item, TextStamp):
            found[id(item)] = (item.get_text(), item.get_color())
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
    return found


def test_slider_moves_draw_no_matplotlib_text_and_render_only_new_strings(explorer, monkeypatch):
    # Changing texts are TextStamps: a slider move pastes cached bitmaps and lays out (off
    # screen) only the strings whose text or colour changed. The figure's Texts are not redrawn.
    from collections import Counter

    from matplotlib.text import Text
    drawn = []
    original = Text.draw

    def draw(text, renderer):
        drawn.append((text.get_figure(root=True) is explorer.fig, text.get_text()))
        return original(text, renderer)

    monkeypatch.setattr(Text, "draw", draw)
    c = explorer.controls
    c["w11"].value = 2.0  # the hidden units still compute OR and NAND: only w₁₁'s value changes
    # (at most that string is rendered: stamps share one cache, another may have shown "2" already)
    assert drawn in ([], [(False, "2")])
    assert cell_texts(explorer, "h1") == ["0", "1", "1", "1"]
    drawn.clear()
    for value in (1.0, 2.0, 1.0):  # strings shown before: cached bitmaps only
        c["w11"].value = value
    assert drawn == []
    before = _shown(explorer.view)
    c["v1"].value = 3.0  # new z values, and (1, 1) is now wrong: its row turns red
    after = _shown(explorer.view)
    changed = Counter(text for key, (text, color) in after.items() if text and before[key] != (text, color))
    assert not [text for on_figure, text in drawn if on_figure]
    # each new string rendered once, however many stamps show it (one cache for all)
    assert set(text for _, text in drawn) <= set(changed)
    assert {"3", "2.5", "1.5", "✗", "3/4 correct"} <= set(changed)
    assert cell_texts(explorer, "z") == ["−0.5", "2.5", "2.5", "1.5"]


def test_the_picture_is_a_function_of_the_state_not_of_the_order_of_moves():
    from nnlib.explorers._render import frames_differ

    values = {"w11": 2.0, "v2": -1.5, "w22": -2.5, "b1": 0.5}
    pictures = []
    for order in (list(values), list(values)[::-1]):
        explorer = XORNetworkExplorer()
        explorer.controls["activation"].value = "sigmoid"
        for name in order:
            explorer.controls[name].value = values[name]
        pictures.append((explorer.view.canvas.frame, explorer.view.full_render()))
        explorer.close()
    (live_a, full_a), (live_b, full_b) = pictures
    assert np.array_equal(full_a, full_b), "two orders of moves, one state: one picture"
    assert frames_differ(live_a, live_b) == 0


# ---- one immutable state per move; the view only draws it ---------------------------------------
def test_each_move_makes_one_immutable_state_and_the_view_owns_no_network(explorer):
    import dataclasses

    assert not hasattr(explorer.view, "network")  # the explorer computes; the view draws
    first = explorer.view.state
    explorer.controls["w11"].value = 2.5
    second = explorer.view.state
    assert second is not first and first.values["w11"] == 1.0 and second.values["w11"] == 2.5
    with pytest.raises(dataclasses.FrozenInstanceError):
        second.c = 0.0
    with pytest.raises(ValueError):
        second.H[0, 0] = 5.0  # its arrays are read-only too


def test_a_z_within_rounding_of_zero_is_shown_as_zero():
    # 0.1·h₁ + 0.2·h₂ − 0.3 at h = (1, 1) is 5.6e-17 in floating point: zero on paper.
    state = XORNetwork().state({**SOLUTION, "w12": 1.0, "w22": 1.0, "b2": -0.5, "v1": 0.1, "v2": 0.2,
                                "c": -0.3}, "step")
    assert state.z[3] != 0 and state.z_is_zero[3]
    assert truth_table_text(state).splitlines()[4].split()[5] == "0"


def test_the_widest_numbers_keep_the_table_in_its_columns():
    state = XORNetwork().state({name: -10.0 for name in PARAMS}, "relu")
    state_sig = XORNetwork().state({**{name: 10.0 for name in PARAMS}, "b1": -10.0, "b2": -10.0}, "sigmoid")
    for s in (state, state_sig):
        for row in truth_table_text(s).splitlines()[1:5]:
            start = 0
            for column in TABLE_COLUMNS:
                cell = row[start:start + TABLE_WIDTHS[column]]
                assert cell.startswith(" "), (column, row)  # a gap before every column
                start += TABLE_WIDTHS[column]
