"""Shared test set-up: a non-interactive matplotlib backend and closed figures."""

import matplotlib

matplotlib.use("Agg")  # explorers and plots are tested without a browser

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
