"""Live explorers: sliders and buttons that redraw matplotlib figures in place.

Use `%matplotlib widget` (ipympl) in the notebook, then e.g. `NeuronExplorer()`.
"""

from importlib import import_module

from ._base import Explorer, LiveFigure

_WHERE = {
    "NeuronExplorer": "neuron",
    "ActivationExplorer": "activation",
    "PerceptronStepper": "perceptron",
    "AdalineExplorer": "adaline",
    "XORNetworkExplorer": "xor",
    "TrainingExplorer": "training",
}

__all__ = ["Explorer", "LiveFigure", *_WHERE]


def __getattr__(name: str):
    # Imported on first use, so `import nnlib` stays quick and ipywidgets-free paths work.
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
