"""Exercises for notebook 03, the perceptron and its learning rule.

- `check_update`: apply one step of the rule by hand (ŷ, then the new w and b).
- `check_confusion`: count TP, TN, FP and FN for a small set of predictions.
- `check_epochs`: predict how many epochs the rule needs on a logic gate, checked against a run.

Every check uses nnlib's convention: ŷ = step(z) = 1 for z = w·x + b ≥ 0, else 0.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..datasets import GATES, logic_gate
from ..linear import Perceptron
from . import Feedback, correct, hint
from . import number as _num

__all__ = ["check_update", "check_confusion", "check_epochs", "CONFUSION_Y", "CONFUSION_Y_HAT"]

# Ten flowers, 1 = versicolor, 0 = setosa: the true labels and a perceptron's predictions.
CONFUSION_Y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
CONFUSION_Y_HAT = np.array([1, 0, 1, 1, 0, 1, 0, 0, 1, 0])


# ---- formatting -------------------------------------------------------------------------------
def _mistakes(n: int) -> str:
    return f"{n} mistake" + ("" if n == 1 else "s")


def _vec(values) -> str:
    return "(" + ", ".join(_num(float(v)) for v in np.ravel(values)) + ")"


# ---- input checks: a friendly hint instead of a traceback ----------------------------------------
def _number(value, name: str, example: str = "0.5") -> tuple[float | None, Feedback | None]:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None, hint(f"{name} must be a single number, e.g. {name} = {example}; got "
                          f"{type(value).__name__} {value!r}."[:200])
    if not np.isfinite(value):
        return None, hint(f"{name} must be a finite number; got {value!r}.")
    return float(value), None


def _label(value, name: str) -> tuple[int | None, Feedback | None]:
    number, problem = _number(value, name)
    if problem is not None:
        return None, problem
    if number not in (0.0, 1.0):
        return None, hint(f"{name} must be 0 or 1 (a class label); got {_num(number)}.")
    return int(number), None


def _vector(value, name: str, size: int | None = None) -> tuple[np.ndarray | None, Feedback | None]:
    if isinstance(value, (str, bytes)) or value is None:
        return None, hint(f"{name} must be a list of numbers, e.g. {name} = [0.5, -1.0]; "
                          f"got {value!r}.")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None, hint(f"{name} must be a list of numbers, e.g. {name} = [0.5, -1.0]; "
                          f"got {value!r}."[:200])
    if arr.ndim != 1 or arr.size == 0:
        return None, hint(f"{name} must be a flat list of numbers like [0.5, -1.0]; got shape "
                          f"{arr.shape}.")
    if size is not None and arr.size != size:
        return None, hint(f"{name} needs {size} numbers, one per input feature; got {arr.size}.")
    if not np.all(np.isfinite(arr)):
        return None, hint(f"{name} contains NaN or infinity; use finite numbers.")
    return arr, None


def _count(value, name: str, what: str = "a count of examples") -> tuple[int | None, Feedback | None]:
    number, problem = _number(value, name, example="3")
    if problem is not None:
        return None, problem
    if number < 0 or number != int(number):
        return None, hint(f"{name} is {what}, a whole number ≥ 0; got {_num(number)}.")
    return int(number), None


# ---- exercise: one update by hand -----------------------------------------------------------------
def check_update(w, b, x, y, y_hat, eta, new_w, new_b) -> Feedback:
    """One step of the perceptron rule on the example (x, y) with weights w, b and rate eta.

    The learner supplies y_hat = step(w·x + b), and the weights after the step:
    new_w = w + eta·(y − y_hat)·x and new_b = b + eta·(y − y_hat).
    """
    w, problem = _vector(w, "w")
    if problem is not None:
        return problem
    x, problem = _vector(x, "x", w.size)
    if problem is not None:
        return problem
    values = {}
    for name, value in (("b", b), ("eta", eta)):
        values[name], problem = _number(value, name)
        if problem is not None:
            return problem
    b, eta = values["b"], values["eta"]
    if eta <= 0:
        return hint(f"eta (η) is a learning rate and must be > 0; got {_num(eta)}.")
    y, problem = _label(y, "y")
    if problem is not None:
        return problem
    y_hat, problem = _label(y_hat, "y_hat")
    if problem is not None:
        return problem
    new_w, problem = _vector(new_w, "new_w", w.size)
    if problem is not None:
        return problem
    new_b, problem = _number(new_b, "new_b")
    if problem is not None:
        return problem

    z = float(w @ x + b)
    true_y_hat = 1 if z >= 0 else 0
    z_text = f"z = w·x + b = {_num(z)}"
    if y_hat != true_y_hat:
        why = "≥ 0, so ŷ = step(z) = 1" if z >= 0 else "< 0, so ŷ = step(z) = 0"
        return hint(f"Check ŷ first: {z_text} is {why}, not {y_hat}. (step(0) = 1.)")

    update = eta * (y - true_y_hat)
    want_w, want_b = w + update * x, b + update
    ok_w = np.allclose(new_w, want_w, rtol=1e-6, atol=1e-9)
    ok_b = np.isclose(new_b, want_b, rtol=1e-6, atol=1e-9)
    if ok_w and ok_b:
        if update == 0:
            return correct(f"{z_text} gives ŷ = {true_y_hat} = y: a correct prediction, so "
                           "y − ŷ = 0 and nothing changes. Only mistakes move the boundary.")
        kind = "false negative (y = 1, ŷ = 0)" if y == 1 else "false positive (y = 0, ŷ = 1)"
        direction = "adds η·x to w and η to b" if y == 1 else "subtracts η·x from w and η from b"
        new_z = float(want_w @ x + want_b)
        crossed = (new_z >= 0) == (y == 1)
        return correct(f"A {kind}: the rule {direction}, giving w = {_vec(want_w)}, "
                       f"b = {_num(want_b)}. This example's z moved from {_num(z)} to {_num(new_z)}, "
                       "toward its correct side" + (" (and across the boundary)." if crossed else
                                                    " (not yet across the boundary)."))

    if update == 0:
        return hint(f"ŷ = {true_y_hat} equals y = {y}, so y − ŷ = 0: the rule changes nothing. "
                    f"new_w should be w = {_vec(w)} and new_b should be b = {_num(b)}.")
    error = y - true_y_hat
    if not ok_w:
        if np.allclose(new_w, w) and not np.allclose(x, 0):
            return hint(f"ŷ = {true_y_hat} but y = {y}: a mistake, so w must change by "
                        "Δw = η·(y − ŷ)·x.")
        if np.allclose(new_w, w - update * x):
            return hint(f"The sign is flipped: y − ŷ = {error}, so w moves by "
                        f"{'+' if error > 0 else '−'}η·x, {'towards' if error > 0 else 'away from'} x.")
        if np.allclose(new_w, w + error * x) and eta != 1:
            return hint("You left out the learning rate: Δw = η·(y − ŷ)·x, with η = "
                        f"{_num(eta)}.")
        if np.allclose(new_w, w + update) and not np.allclose(x, 1):
            return hint("Each weight changes in proportion to its own input: Δwᵢ = η·(y − ŷ)·xᵢ "
                        "(you added η·(y − ŷ) without multiplying by x).")
        wrong = int(np.flatnonzero(~np.isclose(new_w, want_w, rtol=1e-6, atol=1e-9))[0])
        return hint(f"new_w[{wrong}] is off: w[{wrong}] + η·(y − ŷ)·x[{wrong}] = {_num(w[wrong])} "
                    f"+ {_num(eta)}·({error})·{_num(x[wrong])}.")
    if np.isclose(new_b, b):
        return hint("w is right, but the bias changes too: b ← b + η·(y − ŷ) (its input is always 1).")
    if np.isclose(new_b, b - update):
        return hint(f"w is right, but the bias moves the wrong way: y − ŷ = {error}, so "
                    f"b {'increases' if error > 0 else 'decreases'} by η.")
    return hint(f"w is right; check the bias: b + η·(y − ŷ) = {_num(b)} + {_num(eta)}·({error}).")


# ---- exercise: the confusion table ----------------------------------------------------------------
def check_confusion(tp, tn, fp, fn, y=None, y_hat=None) -> Feedback:
    """Counts of true/false positives/negatives for labels y and predictions y_hat.

    Defaults: the ten flowers CONFUSION_Y and predictions CONFUSION_Y_HAT.
    """
    y = CONFUSION_Y if y is None else np.asarray(y)
    y_hat = CONFUSION_Y_HAT if y_hat is None else np.asarray(y_hat)
    counts = {}
    for name, value in (("tp", tp), ("tn", tn), ("fp", fp), ("fn", fn)):
        counts[name], problem = _count(value, name)
        if problem is not None:
            return problem
    truth = {
        "tp": int(np.sum((y == 1) & (y_hat == 1))),
        "tn": int(np.sum((y == 0) & (y_hat == 0))),
        "fp": int(np.sum((y == 0) & (y_hat == 1))),
        "fn": int(np.sum((y == 1) & (y_hat == 0))),
    }
    if counts == truth:
        accuracy = (truth["tp"] + truth["tn"]) / y.size
        return correct(f"TP = {tp}, TN = {tn}, FP = {fp}, FN = {fn}. The {fp + fn} mistakes are the "
                       f"ones the perceptron rule learns from; accuracy = (TP + TN) / n = "
                       f"{tp + tn}/{y.size} = {accuracy:.2f}.")
    total = sum(counts.values())
    if total != y.size:
        return hint(f"The four counts must add up to the number of examples, {y.size}: every "
                    f"example is exactly one of TP, TN, FP, FN. Yours add up to {total}.")
    if (counts["fp"], counts["fn"]) == (truth["fn"], truth["fp"]) and counts["tp"] == truth["tp"]:
        return hint("FP and FN are swapped. A false positive is ŷ = 1 when y = 0 (the model said "
                    "'yes' wrongly); a false negative is ŷ = 0 when y = 1.")
    if (counts["tp"], counts["tn"]) == (truth["tn"], truth["tp"]):
        return hint("TP and TN are swapped. A true positive is y = 1 and ŷ = 1; a true negative "
                    "is y = 0 and ŷ = 0.")
    meaning = {"tp": "y = 1 and ŷ = 1", "tn": "y = 0 and ŷ = 0",
               "fp": "y = 0 but ŷ = 1", "fn": "y = 1 but ŷ = 0"}
    wrong = [name for name in ("tp", "tn", "fp", "fn") if counts[name] != truth[name]]
    name = wrong[0]
    return hint(f"{name.upper()} = {counts[name]} is not right: count the examples with "
                f"{meaning[name]} (go through y and ŷ pair by pair).")


# ---- exercise: epochs to converge -----------------------------------------------------------------
def check_epochs(answer, gate: str = "OR", eta: float = 0.1) -> Feedback:
    """How many epochs does the perceptron, started at w = 0, b = 0, run on a gate?

    Count every epoch it runs, including the last one, which makes no mistake (that clean
    pass is how training knows it is done). For a gate it can never learn, answer None.
    """
    key = str(gate).upper()
    if key not in GATES:
        return hint(f"gate must be one of {', '.join(GATES)}; got {gate!r}.")
    eta_value, problem = _number(eta, "eta")
    if problem is not None:
        return problem
    if eta_value <= 0:
        return hint(f"eta (η) must be > 0; got {_num(eta_value)}.")
    X, y = logic_gate(key)
    model = Perceptron(eta=eta_value, n_iter=100).fit(X, y)
    errors = model.errors_
    shown = ", ".join(str(e) for e in errors[:8]) + (", …" if len(errors) > 8 else "")
    run = f"(mistakes per epoch with η = {_num(eta_value)}: {shown})"
    if not model.converged_:
        if answer is None:
            return correct(f"{key} is not linearly separable, so the rule never has an epoch "
                           f"without mistakes {run}.")
        return hint(f"Run it: Perceptron(eta={_num(eta_value)}, n_iter=100).fit(X, y) never "
                    f"reaches an epoch without mistakes on {key} {run}, so the answer is None.")
    if answer is None:
        return hint(f"{key} is linearly separable, so the perceptron does converge: answer a "
                    "number of epochs.")
    n, problem = _count(answer, "answer", what="a number of epochs")
    if problem is not None:
        return problem
    need = len(errors)
    if n == need:
        message = f"{need} epochs {run}."
        if Perceptron(eta=1.0, n_iter=100).fit(X, y).errors_ == errors:
            message += (" Starting from w = 0, η only scales w and b, so the boundaries (and the "
                        "epoch count) are the same for every η > 0.")
        return correct(message)
    if n >= 1 and n == need - 1:
        return hint(f"Close: epoch {n} still made {_mistakes(errors[n - 1])}. Count the last, "
                    "error-free epoch too: it is the pass that shows training is done.")
    if n < need:
        if n == 0:
            return hint("At least one epoch is needed: from w = 0 every input gets ŷ = 1, and "
                        f"{key} has some 0s.")
        return hint(f"Too few: epoch {n} still made {_mistakes(errors[n - 1])}, so the rule "
                    "had not finished.")
    return hint(f"Too many: epoch {need} already made no mistake, and training stops there.")
