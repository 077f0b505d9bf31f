"""Input checks shared by every public function: one place, messages that teach."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np


def _describe(value: Any) -> str:
    """Say briefly what a learner passed, for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def _from_pandas(value: Any, numeric: bool) -> Any:
    """A pandas DataFrame or Series as a NumPy array (pandas itself stays optional)."""
    if type(value).__module__.split(".")[0] != "pandas" or not hasattr(value, "to_numpy"):
        return value
    if numeric:
        try:  # nullable dtypes (Float64, Int64): missing values become NaN, caught below
            return value.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            return value.to_numpy()
    arr = value.to_numpy()
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        # object, category and pandas 3's str dtype: labels of one kind become a NumPy array.
        items = list(arr)
        if items and all(isinstance(i, str) for i in items):
            return np.array(items, dtype=str)
        try:
            return np.array(items, dtype=np.float64) if all(
                isinstance(i, numbers.Real) and not isinstance(i, bool) for i in items) else arr
        except (TypeError, ValueError):
            return arr
    return arr


def as_float_array(value: Any, name: str, allow_inf: bool = False) -> np.ndarray:
    """Convert to a float64 array, rejecting text, complex numbers, ragged lists and NaN/inf.

    With allow_inf, ±inf pass (softmax takes −inf for a masked class); NaN never does.
    """
    value = _from_pandas(value, numeric=True)
    if isinstance(value, tuple) and len(value) == 3 and all(isinstance(p, np.ndarray) for p in value):
        raise TypeError(
            f"{name} is a tuple of 3 arrays, not an array: standardize returns (X_std, mean, std). "
            f"Write `{name}_std, mean, std = standardize({name})` and pass {name}_std."
        )
    if value is None:
        raise TypeError(f"{name} must be an array of numbers; got None.")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers; got the string {value!r}.")
    try:
        raw = np.asarray(value)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of numbers; got rows of different lengths ({exc})."
        ) from None
    if raw.dtype == object:
        raise ValueError(
            f"{name} must be a rectangular array of numbers; got an object array "
            "(rows of different lengths, or mixed types)."
        )
    if np.iscomplexobj(raw):
        raise TypeError(f"{name} must hold real numbers; got complex dtype {raw.dtype}.")
    if not (np.issubdtype(raw.dtype, np.number) or raw.dtype == bool):
        raise TypeError(f"{name} must hold numbers; got dtype {raw.dtype} (text or dates?).")
    arr = raw.astype(np.float64, copy=False)
    if allow_inf and arr.size and np.isnan(arr).any():
        raise ValueError(f"{name} contains {int(np.isnan(arr).sum())} NaN value(s); remove or impute them first.")
    if not allow_inf and arr.size and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} contains {bad} NaN or infinite value(s); remove or impute them first."
        )
    return arr


def check_X(X: Any, name: str = "X", n_features: int | None = None) -> np.ndarray:
    """Return X as a finite float64 array of shape (n_samples, n_features)."""
    arr = as_float_array(X, name)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = (f" Use {name}.reshape(-1, 1) for one feature, or {name}.reshape(1, -1)"
                    " for one sample.")
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features); got shape {arr.shape}.{hint}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must contain at least one sample; got shape {arr.shape}.")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one feature; got shape {arr.shape}.")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"{name} has {arr.shape[1]} feature(s) per sample, but the model was fitted with "
            f"{n_features}; got shape {arr.shape}."
        )
    return arr


def check_y(y: Any, name: str = "y") -> np.ndarray:
    """Return y as a 1-D array of labels (numbers or strings, no NaN)."""
    if y is None:
        raise TypeError(f"{name} must be a 1-D array of labels; got None.")
    if type(y).__module__.split(".")[0] == "pandas" and getattr(y, "ndim", 1) == 2:
        if y.shape[1] != 1:
            raise ValueError(f"{name} must be one column of labels; got a DataFrame with "
                             f"{y.shape[1]} columns {list(y.columns)[:6]}. Pick one: df['label'].")
        y = y.iloc[:, 0]  # df[["label"]]: one column is one label per row, as in scikit-learn
    y = _from_pandas(y, numeric=False)
    try:
        arr = np.asarray(y)
    except ValueError as exc:
        raise ValueError(f"{name} must be a 1-D array of labels; got a ragged list ({exc}).") from None
    if arr.ndim == 2 and 1 in arr.shape and arr.size:
        raise ValueError(
            f"{name} must be 1-D (n_samples,); got shape {arr.shape}. Use {name}.ravel()."
        )
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (n_samples,); got shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{name} must contain at least one label; got an empty array.")
    if arr.dtype == object:
        raise TypeError(f"{name} must hold numbers or strings of one kind; got mixed objects.")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must hold real labels; got complex dtype {arr.dtype}.")
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite labels; remove those samples first.")
    return arr


def check_X_y(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check X and y together: both valid and of the same length."""
    X = check_X(X)
    y = check_y(y)
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y must have the same number of samples; got X with {X.shape[0]} "
            f"(shape {X.shape}) and y with {y.shape[0]} (shape {y.shape})."
        )
    return X, y


def check_binary(y: np.ndarray, model: str) -> np.ndarray:
    """Return the two class labels of y, or explain that the model takes two classes."""
    classes = np.unique(y)
    if classes.size > 2:
        raise ValueError(
            f"{model} separates two classes; y has {classes.size} ({_preview(classes)}). "
            f"Wrap it for more classes: OneVsRest({model}())."
        )
    if classes.size < 2:
        raise ValueError(
            f"{model} needs examples of two classes to learn a boundary; y has only "
            f"{_preview(classes)}."
        )
    return classes


def _preview(values: np.ndarray) -> str:
    shown = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in values[:6])
    return shown + (", ..." if len(values) > 6 else "")


class NotFittedError(ValueError, AttributeError):
    """predict (or anything that needs learned weights) was called before fit."""


def _scalar(value: Any) -> Any:
    """A 0-d NumPy array stands for the number inside it."""
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


def check_positive(value: Any, name: str) -> float:
    """Return value as a float, requiring a finite number > 0."""
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number > 0; got {_describe(value)}.")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}.")
    return float(value)


def check_int(value: Any, name: str, minimum: int = 1) -> int:
    """Return value as an int, requiring a whole number >= minimum."""
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= {minimum}; got {_describe(value)}.")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}.")
    return int(value)


def check_fraction(value: Any, name: str) -> float:
    """Return value as a float strictly between 0 and 1."""
    value = _scalar(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number between 0 and 1; got {_describe(value)}.")
    if not 0 < value < 1:
        raise ValueError(f"{name} must be strictly between 0 and 1 (a fraction); got {value!r}.")
    return float(value)


def check_choice(value: Any, name: str, choices) -> str:
    """Return the allowed name value stands for (case-insensitive), or explain the choices."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a name, one of {sorted(choices)}; got {_describe(value)}.")
    key = value.lower().replace("-", "_").replace(" ", "_")
    if key not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}.")
    return key


def check_bool(value: Any, name: str) -> bool:
    """Require a real boolean (True or False), not a string or a number."""
    value = _scalar(value)
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_describe(value)}.")
    return bool(value)


def check_verbose(value: Any) -> bool | str:
    """verbose is True (a line per epoch), False (silent) or "auto" (only for slow epochs)."""
    value = _scalar(value)
    if isinstance(value, str) and value.lower() == "auto":
        return "auto"
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"verbose must be True, False or 'auto'; got {_describe(value)}.")
    return bool(value)


def check_real(value: Any, name: str) -> float:
    """Return value as a float, requiring one finite real number (a 0-d array is fine)."""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a finite number; got {_describe(value)}.")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}.")
    return float(value)


def check_labels_like(y: np.ndarray, classes: np.ndarray, name: str = "y") -> None:
    """Labels to compare with predictions must be of the kind seen in fit (numbers vs text)."""
    if classes is None:
        return
    text = lambda a: a.dtype.kind in "US"  # noqa: E731
    if text(y) != text(np.asarray(classes)):
        raise TypeError(
            f"{name} holds {'text' if text(y) else 'numbers'} but the model was fitted on "
            f"classes_ = {_preview(np.asarray(classes))}; pass labels of the same kind."
        )


def check_random_state(random_state: Any) -> np.random.Generator:
    """Turn None, an int seed or a Generator into a Generator."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (
        isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool)
        and random_state >= 0
    ):
        return np.random.default_rng(random_state)
    raise TypeError(
        f"random_state must be None, a non-negative int seed or a numpy Generator; "
        f"got {_describe(random_state)}."
    )


def check_fitted(model: Any, attribute: str) -> None:
    """Raise NotFittedError (a ValueError) when predict is called before fit."""
    if getattr(model, attribute, None) is None:
        name = type(model).__name__
        raise NotFittedError(
            f"This {name} is not fitted yet: call {name}.fit(X, y) before using it."
        )
