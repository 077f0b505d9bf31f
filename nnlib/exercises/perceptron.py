"""Exercises for notebook 03, the perceptron and its learning rule.

- `check_update`: one step of the rule by hand on the exercise's example (ŷ, then w and b).
- `check_confusion`: count TP, TN, FP and FN for the ten flowers CONFUSION_Y / CONFUSION_Y_HAT.
- `check_epochs`: how many epochs the rule needs on OR in reverse order with η = 0.1, checked
  against a run.
- `check_perceptron_fit`: the learner's own training loop, compared with nnlib's Perceptron on
  seeded data sets; a wrong loop gets a hint that names the mistake.

Each check owns its problem: the learner passes only the answer. Every step decision uses the
one rule for "z is zero" of `nnlib.zero`: ŷ = step(z) = 1 for z ≥ 0 (a z within rounding of
0 counts as 0), else 0.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..datasets import logic_gate
from ..linear import Perceptron
from ..zero import ZERO_RTOL, decide, is_zero, net_input
from . import (Feedback, Malformed, as_count, as_function, as_label, as_number, as_vector,
               call_learner, checker, correct, hint, off_by)
from . import number as _num

__all__ = [
    "check_update", "check_confusion", "check_epochs", "check_perceptron_fit",
    "UPDATE_PROBLEM", "CONFUSION_Y", "CONFUSION_Y_HAT", "EPOCHS_GATE", "EPOCHS_ETA", "EPOCHS_ORDER",
    "FIT_CASES",
]

# Exercise 1: a perceptron with w = (0.2, −0.3), b = 0.1 and η = 0.5 sees x = (1, 2) with y = 1.
UPDATE_PROBLEM = {"w": (0.2, -0.3), "b": 0.1, "x": (1.0, 2.0), "y": 1, "eta": 0.5}

# Exercise 2: ten flowers, 1 = versicolor, 0 = setosa: the true labels and a perceptron's predictions.
CONFUSION_Y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
CONFUSION_Y_HAT = np.array([1, 0, 1, 1, 0, 1, 0, 0, 1, 0])
CONFUSION_Y.flags.writeable = False
CONFUSION_Y_HAT.flags.writeable = False

# Exercise 3: epochs on OR with η = 0.1, from w = 0, b = 0, the examples in reverse order
# (1, 1), (1, 0), (0, 1), (0, 0): the order matters, η does not.
EPOCHS_GATE, EPOCHS_ETA, EPOCHS_ORDER = "OR", 0.1, (3, 2, 1, 0)


# ---- formatting -------------------------------------------------------------------------------
def _mistakes(n: int) -> str:
    return f"{n} mistake" + ("" if n == 1 else "s")


def _vec(values) -> str:
    return "(" + ", ".join(_num(float(v)) for v in np.ravel(values)) + ")"


_SUB = "₁₂₃₄₅₆₇₈₉"


# ---- exercise 1: one update by hand -------------------------------------------------------------
_UPDATE_FIELDS = {"y_hat": 0, "new_w": [0.0, 0.0], "new_b": 0.0}


@checker(fields=_UPDATE_FIELDS)
def check_update(y_hat, new_w, new_b) -> Feedback:
    """Exercise 1: ŷ and the weights after one step of the rule on UPDATE_PROBLEM's example."""
    p = UPDATE_PROBLEM
    return _judge_update(p["w"], p["b"], p["x"], p["y"], p["eta"], y_hat, new_w, new_b)


def _judge_update(w, b, x, y, eta, y_hat, new_w, new_b) -> Feedback:
    """The verdict on one update (the givens w, b, x, y, eta come from the exercise, not the learner)."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    b, eta, y = float(b), float(eta), int(y)
    # The reference first, with the one "z is zero" rule.
    z, size = net_input(x, w, b)
    z_paper = 0.0 if is_zero(z, size) else float(z)
    true_y_hat = int(decide(x, w, b))
    error = y - true_y_hat
    update = eta * error
    want_w, want_b = w + update * x, b + update

    y_hat = as_label(y_hat, "y_hat")
    new_w = as_vector(new_w, "new_w", size=w.size, limit=1e6)
    new_b = as_number(new_b, "new_b", example="0.1", limit=1e6)

    z_text = f"z = w·x + b = {_num(z_paper)}"
    if y_hat != true_y_hat:
        why = "≥ 0, so ŷ = step(z) = 1" if true_y_hat == 1 else "< 0, so ŷ = step(z) = 0"
        return hint(f"Check ŷ first: {z_text} is {why}, not {y_hat}. (step(0) = 1.)")

    close = lambda a, c: np.isclose(a, c, rtol=1e-6, atol=1e-9)  # noqa: E731
    ok_w, ok_b = bool(np.all(close(new_w, want_w))), bool(close(new_b, want_b))
    if ok_w and ok_b:
        if update == 0:
            return correct(f"{z_text} gives ŷ = {true_y_hat} = y: a correct prediction, so "
                           "y − ŷ = 0 and nothing changes. Only mistakes move the boundary.")
        kind = "false negative (y = 1, ŷ = 0)" if y == 1 else "false positive (y = 0, ŷ = 1)"
        direction = "adds η·x to w and η to b" if y == 1 else "subtracts η·x from w and η from b"
        new_z = float(want_w @ x + want_b)
        crossed = bool(decide(x, want_w, want_b)) == (y == 1)
        return correct(f"A {kind}: the rule {direction}, giving w = {_vec(want_w)}, "
                       f"b = {_num(want_b)}. This example's z moved from {_num(z_paper)} to "
                       f"{_num(new_z)}, toward its correct side"
                       + (" (and across the boundary)." if crossed else " (not yet across the boundary)."))

    if update == 0:
        return hint(f"ŷ = {true_y_hat} equals y = {y}, so y − ŷ = 0: the rule changes nothing. "
                    "new_w and new_b should be the weights and bias you started with.")
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
        wrong = np.flatnonzero(~close(new_w, want_w))
        parts = [f"w{_SUB[i]} (new_w[{i}]) = {_num(new_w[i])} is {off_by(new_w[i], want_w[i])}"
                 for i in wrong]
        rule = "; ".join(f"w{_SUB[i]} + η·(y − ŷ)·x{_SUB[i]} = {_num(w[i])} + {_num(eta)}·({error})·"
                         f"{_num(x[i])}" for i in wrong)
        extra = "" if ok_b else " The bias is off too: b + η·(y − ŷ)."
        return hint(f"{'; '.join(parts)}. Work out {rule}.{extra}")
    if np.isclose(new_b, b):
        return hint("w is right, but the bias changes too: b ← b + η·(y − ŷ) (its input is always 1).")
    if np.isclose(new_b, b - update):
        return hint(f"w is right, but the bias moves the wrong way: y − ŷ = {error}, so "
                    f"b {'increases' if error > 0 else 'decreases'} by η.")
    return hint(f"w is right; new_b = {_num(new_b)} is {off_by(new_b, want_b)}: check the bias, "
                f"b + η·(y − ŷ) = {_num(b)} + {_num(eta)}·({error}).")


# ---- exercise 2: the confusion table -----------------------------------------------------------
_MEANING = {"tp": "y = 1 and ŷ = 1", "tn": "y = 0 and ŷ = 0",
            "fp": "y = 0 but ŷ = 1", "fn": "y = 1 but ŷ = 0"}


def _confusion(y: np.ndarray, y_hat: np.ndarray) -> dict[str, int]:
    return {"tp": int(np.sum((y == 1) & (y_hat == 1))), "tn": int(np.sum((y == 0) & (y_hat == 0))),
            "fp": int(np.sum((y == 0) & (y_hat == 1))), "fn": int(np.sum((y == 1) & (y_hat == 0)))}


@checker(fields={"tp": 0, "tn": 0, "fp": 0, "fn": 0})
def check_confusion(tp, tn, fp, fn) -> Feedback:
    """Exercise 2: TP, TN, FP, FN of the predictions CONFUSION_Y_HAT against the labels CONFUSION_Y."""
    y, y_hat = CONFUSION_Y, CONFUSION_Y_HAT
    truth = _confusion(y, y_hat)  # the reference, before anything the learner passed is read
    n = int(y.size)
    counts = {name: as_count(value, name) for name, value in
              (("tp", tp), ("tn", tn), ("fp", fp), ("fn", fn))}
    if counts == truth:
        accuracy = (truth["tp"] + truth["tn"]) / n
        return correct(f"TP = {truth['tp']}, TN = {truth['tn']}, FP = {truth['fp']}, FN = {truth['fn']}. "
                       f"The {truth['fp'] + truth['fn']} mistakes are the ones the perceptron rule "
                       f"learns from; accuracy = (TP + TN) / n = {truth['tp'] + truth['tn']}/{n} = "
                       f"{_num(accuracy, 2)}.")
    total = sum(counts.values())
    if total != n:
        return hint(f"The four counts must add up to the number of examples, {n}: every "
                    f"example is exactly one of TP, TN, FP, FN. Yours add up to {total}.")
    if (counts["fp"], counts["fn"]) == (truth["fn"], truth["fp"]) and counts["tp"] == truth["tp"]:
        return hint("FP and FN are swapped. A false positive is ŷ = 1 when y = 0 (the model said "
                    "'yes' wrongly); a false negative is ŷ = 0 when y = 1.")
    if (counts["tp"], counts["tn"]) == (truth["tn"], truth["tp"]):
        return hint("TP and TN are swapped. A true positive is y = 1 and ŷ = 1; a true negative "
                    "is y = 0 and ŷ = 0.")
    wrong = [name for name in ("tp", "tn", "fp", "fn") if counts[name] != truth[name]]
    parts = [f"{name.upper()} = {counts[name]} is {off_by(counts[name], truth[name], 0)} "
             f"(count the examples with {_MEANING[name]})" for name in wrong]
    return hint("; ".join(parts) + ". Go through y and ŷ pair by pair, example 1 first.")


# ---- exercise 3: epochs to converge ------------------------------------------------------------
@checker(fields={"answer": 0})
def check_epochs(answer) -> Feedback:
    """Exercise 3: how many epochs does the perceptron, from w = 0, b = 0, run on OR with η = 0.1
    and the examples in reverse order, (1, 1), (1, 0), (0, 1), (0, 0)?

    Every epoch counts, including the last one, which makes no mistake (that clean pass is how
    training knows it is done).
    """
    return _judge_epochs(answer, EPOCHS_GATE, EPOCHS_ETA, EPOCHS_ORDER)


def _judge_epochs(answer, gate: str, eta: float, order=(0, 1, 2, 3)) -> Feedback:
    """The verdict on a number of epochs for `gate`, `eta` and the order of the truth table's
    rows (all given by the exercise)."""
    X, y = logic_gate(gate)
    X, y = X[list(order)], y[list(order)]
    model = Perceptron(eta=eta, n_iter=100).fit(X, y)  # the reference run, first
    in_table_order = Perceptron(eta=eta, n_iter=100).fit(*logic_gate(gate)).errors_
    errors = model.errors_
    shown = ", ".join(str(e) for e in errors[:8]) + (", …" if len(errors) > 8 else "")
    run = f"(mistakes per epoch with η = {_num(eta)}: {shown})"
    if not model.converged_:
        if answer is None:
            return correct(f"{gate} is not linearly separable, so the rule never has an epoch "
                           f"without mistakes {run}.")
        return hint(f"The perceptron never reaches an epoch without mistakes on {gate}, so the "
                    "answer is None.")
    if answer is None:
        return hint(f"{gate} is linearly separable, so the perceptron does converge: answer a "
                    "number of epochs.")
    n = as_count(answer, "answer", what="a number of epochs")
    need = len(errors)
    if n == need:
        message = f"{need} epochs {run}."
        if Perceptron(eta=1.0, n_iter=100).fit(X, y).errors_ == errors:
            message += (" Starting from w = 0, η only scales w and b, so the boundaries (and the "
                        "epoch count) are the same for every η > 0.")
        if in_table_order != errors:
            message += (f" The order does matter: in the truth table's order {gate} needs "
                        f"{len(in_table_order)} epochs ({', '.join(map(str, in_table_order))}).")
        return correct(message)
    if n >= 1 and n == need - 1:
        return hint(f"Close: epoch {n} still made {_mistakes(errors[n - 1])}. Count the last, "
                    "error-free epoch too: it is the pass that shows training is done.")
    if n < need:
        if n == 0:
            return hint("At least one epoch is needed: from w = 0 every input gets ŷ = 1, and "
                        f"{gate} has some 0s.")
        return hint(f"Too few: epoch {n} still made {_mistakes(errors[n - 1])}, so the rule "
                    "had not finished.")
    return hint(f"Too many: epoch {need} already made no mistake, and training stops there.")


# ---- exercise 4: the training loop, written by the learner -------------------------------------
def _separable(seed: int, n: int, d: int, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """n points in d dimensions, labelled by a random hyperplane, none closer than `margin` to it."""
    rng = np.random.default_rng(seed)
    w_true, b_true = rng.normal(size=d), rng.normal(scale=0.5)
    X = np.empty((0, d))
    while len(X) < n:
        cand = rng.normal(scale=2.0, size=(4 * n, d))
        z = (cand @ w_true + b_true) / np.linalg.norm(w_true)
        X = np.vstack([X, cand[np.abs(z) > margin]])
    X = np.round(X[:n], 2)  # short numbers, as a learner would print them
    return X, (X @ w_true + b_true > 0).astype(int)


def _noisy(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """n points with random labels: (almost surely) not separable, so training runs to n_iter."""
    rng = np.random.default_rng(seed)
    return np.round(rng.normal(size=(n, d)), 2), rng.integers(0, 2, size=n)


def _fit_cases() -> list[dict]:
    X_and, y_and = logic_gate("AND")
    cases = [
        dict(name="AND with η = 1", X=X_and, y=y_and, eta=1.0, n_iter=20),
        dict(name="30 separable points in 2-D, η = 0.1", eta=0.1, n_iter=30),
        dict(name="25 points in 3-D with random labels (not separable), η = 0.5, n_iter = 8",
             eta=0.5, n_iter=8),
        dict(name="40 separable points in 4-D, η = 0.25", eta=0.25, n_iter=30),
    ]
    cases[1]["X"], cases[1]["y"] = _separable(seed=3, n=30, d=2, margin=0.3)
    cases[2]["X"], cases[2]["y"] = _noisy(seed=4, n=25, d=3)
    cases[3]["X"], cases[3]["y"] = _separable(seed=5, n=40, d=4, margin=0.2)
    for case in cases:
        case["X"] = np.asarray(case["X"], dtype=float)
        case["y"] = np.asarray(case["y"], dtype=int)
        for arr in (case["X"], case["y"]):
            arr.flags.writeable = False
    return cases


FIT_CASES = _fit_cases()
# Seconds per data set: a right loop needs milliseconds; a loop that ignores n_iter never ends
# on the data set that cannot be separated.
FIT_TIME_LIMIT = 10.0


def _loop(X, y, eta, n_iter, *, bias=True, sign=1, use_z=False, push=False, strict=False,
                 no_eta=False, stop="clean", count="mistakes", batch=False):
    """The perceptron loop, and the usual ways to get it wrong (for the hints).

    Defaults give the right loop. bias=False: b never updated; sign=-1: η(ŷ − y); use_z: η(y − z)
    on every example; push: η·(2y − 1) on every example, right or wrong; strict: ŷ = 1 only for z > 0; no_eta: η left out; stop: "clean" (stop
    after the first epoch without mistakes, counted), "never" (all n_iter epochs), "drop" (stop
    but leave the clean epoch out of the counts); count: "mistakes" or "all" (every example
    counted); batch: add the epoch's updates up and apply them at the end of the epoch.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    rate = 1.0 if no_eta else float(eta)
    errors: list[int] = []
    for _ in range(int(n_iter)):
        mistakes, dw, db = 0, np.zeros_like(w), 0.0
        for x, target in zip(X, y):
            z = float(x @ w + b)
            # nnlib.zero's rule, inline for speed: |z| within ZERO_RTOL of the terms' size is 0
            paper_zero = abs(z) <= ZERO_RTOL * float(np.abs(x) @ np.abs(w) + abs(b))
            y_hat = float(z > 0 and not paper_zero) if strict else float(z >= 0 or paper_zero)
            if push:
                delta = rate * sign * (2 * target - 1)
            else:
                delta = rate * sign * ((target - z) if use_z else (target - y_hat))
            if y_hat != target or count == "all":
                mistakes += 1
            if batch:
                dw, db = dw + delta * x, db + delta
            else:
                w = w + delta * x
                b = b + (delta if bias else 0.0)
        if batch:
            w, b = w + dw, b + (db if bias else 0.0)
        errors.append(mistakes)
        if mistakes == 0 and stop != "never":
            if stop == "drop":
                errors.pop()
            break
    return w, b, errors


# (keyword arguments of _loop, what the learner's loop does wrong, what to do instead)
_MISTAKES = [
    (dict(bias=False), "You never update the bias", "after a mistake b changes too: "
     "b ← b + η·(y − ŷ), like a weight whose input is always 1."),
    (dict(sign=-1), "The update has the wrong sign", "use η·(y − ŷ): a missed positive (y = 1, "
     "ŷ = 0) adds η·x to w, a false alarm subtracts it."),
    (dict(use_z=True), "You update on every example, by η·(y − z) with the net input z", "that is "
     "Adaline's rule (notebook 04). The perceptron uses ŷ = step(z) and changes nothing when ŷ = y."),
    (dict(push=True), "You update on every example, also when ŷ = y", "the rule changes w and b only "
     "after a mistake: Δw = η·(y − ŷ)·x is 0 when the prediction is right, and ±η·x when it is wrong."),
    (dict(strict=True), "Your step gives ŷ = 0 at z = 0", "in this series step(0) = 1: ŷ = 1 for "
     "z ≥ 0. It matters from the very first example, where w = 0, b = 0 give z = 0."),
    (dict(no_eta=True), "You left out the learning rate η", "Δw = η·(y − ŷ)·x and Δb = η·(y − ŷ)."),
    (dict(stop="never"), "Your loop runs all n_iter epochs", "stop after the first epoch without "
     "a mistake: nothing can change after it (its 0 is the last entry of errors)."),
    (dict(stop="drop"), "Your loop stops at the right time but leaves out the clean epoch",
     "the epoch with 0 mistakes was run, so its 0 belongs in errors (last entry)."),
    (dict(count="all"), "You count every example, not only the mistakes", "add 1 to the epoch's "
     "count only when ŷ ≠ y."),
    (dict(batch=True), "You apply the updates at the end of the epoch", "the perceptron updates "
     "right after each mistake, so the next example already sees the new w and b."),
]


def _read_fit(result, n_features: int, label: str) -> tuple[np.ndarray, float, list[int]]:
    """The learner's (w, b, errors), or Malformed naming what is wrong with it."""
    shape = "return w, b, errors: the weights (n_features numbers), the bias and the list of mistakes per epoch"
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise Malformed(f"On {label} your function returned {type(result).__name__} "
                        f"{str(result)[:60]}; {shape}.")
    w, b, errors = result
    try:
        w = as_vector(w, "w", size=n_features, limit=1e12)
        b = as_number(b, "b", limit=1e12)
        errors = as_vector(errors, "errors", example="[2, 1, 0]")
        errors = [as_count(e, "every entry of errors", what="a count of mistakes") for e in errors]
    except Malformed as exc:
        raise Malformed(f"On {label}: {exc} ({shape}.)") from None
    return w, b, errors


def _same_fit(got, want) -> bool:
    w, b, errors = got
    return (list(errors) == list(want[2]) and np.allclose(w, want[0], rtol=1e-5, atol=1e-8)
            and bool(np.isclose(b, want[1], rtol=1e-5, atol=1e-8)))


@checker(code=True)
def check_perceptron_fit(fn: Callable) -> Feedback:
    """Exercise 4: fn(X, y, eta, n_iter) -> (w, b, errors), the perceptron's training loop.

    Compared with nnlib's Perceptron(eta, n_iter).fit(X, y) (w_, b_, errors_) on FIT_CASES.
    """
    fn = as_function(fn, "your training function")
    cases = _fit_cases()  # private copies: nothing the learner does to FIT_CASES reaches them
    # The references first: nnlib's Perceptron on every data set.
    refs = []
    for case in cases:
        model = Perceptron(eta=case["eta"], n_iter=case["n_iter"]).fit(case["X"], case["y"])
        refs.append((model.w_.copy(), float(model.b_), list(model.errors_)))
    for k, (case, want) in enumerate(zip(cases, refs), start=1):
        label = f"data set {k} ({case['name']})"
        result = call_learner(fn, case["X"].copy(), case["y"].copy(), case["eta"], case["n_iter"],
                              names=("X", "y", "eta", "n_iter"), label=label,
                              expects="It gets X (n_samples, n_features), y (0s and 1s), eta and n_iter.",
                              time_limit=FIT_TIME_LIMIT,
                              too_long="On data no line separates, only the limit of n_iter epochs stops "
                                       "the loop: use `for epoch in range(n_iter):`, not `while`.")
        got = _read_fit(result, case["X"].shape[1], label)
        if _same_fit(got, want):
            continue
        for kwargs, what, fix in _MISTAKES:  # which known mistake gives exactly the learner's run?
            wrong = _loop(case["X"], case["y"], case["eta"], case["n_iter"], **kwargs)
            if _same_fit(got, wrong) and not _same_fit(wrong, want):
                return hint(f"{what} (seen on {label}): {fix}")
        return hint(f"On {label}: " + _difference(got, want))
    n = sum(len(r[2]) for r in refs)
    return correct(f"Your loop gives the same weights, bias and mistakes per epoch as nnlib's "
                   f"Perceptron on all {len(FIT_CASES)} data sets ({n} epochs in all), including "
                   "the one that never converges and stops at n_iter.")


def _difference(got, want) -> str:
    """Where the learner's run first departs from nnlib's: the epochs, then w and b."""
    (w, b, errors), (w_ref, b_ref, errors_ref) = got, want
    if list(errors) != list(errors_ref):
        first = next((i for i, (a, c) in enumerate(zip(errors, errors_ref)) if a != c),
                     min(len(errors), len(errors_ref)))
        if first == min(len(errors), len(errors_ref)):
            what = (f"your loop ran {len(errors)} epochs, nnlib's {len(errors_ref)}: it stops after "
                    "the first epoch without a mistake, or after n_iter epochs")
        else:
            what = (f"in epoch {first + 1} your loop counted {_mistakes(errors[first])}, nnlib's "
                    f"{errors_ref[first]}")
        return (f"mistakes per epoch {list(errors)[:10]} against nnlib's {list(errors_ref)[:10]}: "
                f"{what}. Check the order of the steps: z, ŷ = step(z), then update w and b if "
                "ŷ ≠ y and count the mistake.")
    return (f"the mistakes per epoch agree, but you end with w = {_vec(w)}, b = {_num(b)} where "
            f"nnlib's Perceptron ends with w = {_vec(w_ref)}, b = {_num(b_ref)}. Start from "
            "w = 0, b = 0, and update by Δw = η·(y − ŷ)·x, Δb = η·(y − ŷ).")
