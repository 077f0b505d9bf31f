"""nnlib: from one neuron to backpropagation, in NumPy."""

from .activations import ACTIVATIONS, Activation, get_activation
from .datasets import (load_iris, logic_gate, make_blobs, make_circle, make_circles, make_gauss,
                       make_moons, make_spiral, make_xor, standardize, train_test_split)
from . import features
from .gradcheck import check_gradients, numerical_gradient
from .linear import Adaline, DivergenceWarning, Neuron, OneVsRest, Perceptron, PerceptronStep
from .losses import binary_cross_entropy, cross_entropy, mse
from .mlp import MLP
from ._validation import NotFittedError
from . import zero
from .zero import ZERO_RTOL

__all__ = [
    "ACTIVATIONS", "Activation", "get_activation", "zero", "ZERO_RTOL",
    "Neuron", "Perceptron", "PerceptronStep", "Adaline", "OneVsRest", "DivergenceWarning", "MLP",
    "NotFittedError",
    "cross_entropy", "binary_cross_entropy", "mse",
    "numerical_gradient", "check_gradients",
    "logic_gate", "make_moons", "make_circles", "make_xor", "make_blobs", "make_spiral",
    "make_gauss", "make_circle", "features",
    "load_iris", "train_test_split", "standardize",
]
__version__ = "0.1.0"
