"""What every classifier in nnlib shares."""

from __future__ import annotations

import numpy as np

from . import _validation as v


class Classifier:
    """Mixin: accuracy from predict."""

    def score(self, X, y) -> float:
        """Fraction of rows of X whose label is predicted correctly."""
        X, y = v.check_X_y(X, y)
        v.check_labels_like(y, getattr(self, "classes_", None))
        return float(np.mean(self.predict(X) == y))
