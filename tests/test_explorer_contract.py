"""The contract of every explorer: what the canvas shows is exactly the figure.

At the defaults and after every move a learner can make (each slider to its ends and
between, each dropdown option, each button), the picture the canvas widget holds (what the
browser is sent) equals a plain full render of the same figure, nothing animated, up to
antialiasing: fewer than 0.05 % of the pixels differ by more than 40/255 in any channel.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnlib.explorers import (ActivationExplorer, AdalineExplorer, NeuronExplorer,
                             PerceptronStepper, TrainingExplorer, XORNetworkExplorer)
from nnlib.explorers._render import frames_differ

from explorer_controls import moves, set_controls

MAX_OFF = 0.0005  # fraction of pixels
EXPLORERS = {
    "neuron": NeuronExplorer,
    "activation": ActivationExplorer,
    "perceptron": PerceptronStepper,
    "adaline": lambda: AdalineExplorer(),
    "adaline_raw": lambda: AdalineExplorer(inputs="raw"),
    "xor": XORNetworkExplorer,
    "training": TrainingExplorer,
}


def shown_vs_full(explorer) -> float:
    """Fraction of pixels where the canvas's picture and a full render differ."""
    shown = explorer.view.canvas.frame
    full = explorer.view.full_render()
    return frames_differ(shown, full)


@pytest.mark.parametrize("name", EXPLORERS)
def test_the_canvas_shows_exactly_the_figure_after_every_move(name):
    explorer = EXPLORERS[name]()
    try:
        off = {"defaults": shown_vs_full(explorer)}
        for control, value in moves(explorer):
            set_controls(explorer, **{control: value})
            off[f"{control}={value!r}"] = shown_vs_full(explorer)
        bad = {k: f"{v:.3%}" for k, v in off.items() if v >= MAX_OFF}
        assert not bad, f"live picture differs from the figure in {name}: {bad}"
        assert len(off) > 5, "too few moves: the explorer's controls were not found"
    finally:
        explorer.close()


def test_the_contract_notices_a_missing_artist():
    # The check itself can fail: hide a static artist from the live frame only.
    explorer = AdalineExplorer()
    try:
        view = explorer.view
        view.refresh()
        legend = next(a for a in view.fig.findobj() if type(a).__name__ == "Legend")
        frame = view.frame()
        legend.set_visible(False)
        full_without = view.full_render()
        legend.set_visible(True)
        assert frames_differ(frame, full_without) >= MAX_OFF
    finally:
        explorer.close()


@pytest.mark.parametrize("name", ["adaline", "adaline_raw", "training"])
def test_the_contract_fails_on_the_old_blitting(name, monkeypatch):
    # Before the one drawing layer, a frame restored a background that already held the
    # static artists above the changing ones (04's flowers and legend, 06's data legend and
    # frame) and painted the changing ones over them. Bring that back: no static artist is
    # kept above a changing one. The contract must catch it on 04 and 06.
    from nnlib.explorers import _render

    monkeypatch.setattr(_render, "_overlaps", lambda regions, extent: False)
    explorer = EXPLORERS[name]()
    try:
        off = [shown_vs_full(explorer)]
        for control, value in list(moves(explorer))[:6]:
            set_controls(explorer, **{control: value})
            off.append(shown_vs_full(explorer))
        assert max(off) >= MAX_OFF, f"the old blitting went unnoticed in {name}: {off}"
    finally:
        explorer.close()


@pytest.mark.parametrize("make, message", [
    (lambda: NeuronExplorer(w1=4.0), r"w1 must be a number in \[-3, 3\]; got 4.0"),
    (lambda: NeuronExplorer(activation="elu"), r"activation must be one of 'step'.*; got 'elu'"),
    (lambda: NeuronExplorer(point=True), r"point must be a whole number in \[0, 3\]"),
    (lambda: ActivationExplorer(activation="nope"), r"activation must be one of .*'softmax'"),
    (lambda: ActivationExplorer(T=0), r"T must be a number in \[0.25, 5\]"),
    (lambda: AdalineExplorer(inputs=""), r"inputs must be one of 'standardised', 'raw'; got ''"),
    (lambda: AdalineExplorer(epochs=0), r"epochs must be a whole number in \[1, "),
    (lambda: PerceptronStepper(resolution=95196), r"resolution must be a whole number in \[10, 400\]"),
    (lambda: PerceptronStepper(dataset="xor"), r"dataset must be one of 'AND'"),
    (lambda: XORNetworkExplorer(w11=11), r"w11 must be a number in \[-10, 10\]"),
    (lambda: XORNetworkExplorer(activation="elu"), r"activation must be one of 'step'"),
    (lambda: TrainingExplorer(epochs_per_tick=0), r"epochs_per_tick must be a whole number"),
])
def test_constructor_arguments_are_checked_and_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()
