"""Self-checking exercises: each check returns Feedback, "Correct." or a hint naming what fails.

One module per notebook topic (neuron, activations, perceptron, adaline, xor, backprop). This
package holds what every check shares:

- `Feedback`, `correct`, `hint`: the verdict, shown as plain text or as HTML that wraps.
- `checker`: the decorator every public check wears. A malformed answer (None, text, complex,
  Fraction, a number too large for float, an array where a name is expected, wrong arguments,
  ...) becomes a hint naming the argument, never a traceback or a warning. Declaring `fields`
  makes the check answerable in Voila, where code is hidden (see `_widgets.answer_widget`).
- Readers that raise `Malformed` (turned into a hint by `checker`): `as_number`, `as_count`,
  `as_label`, `as_vector`, `as_array`, `as_choice`, `as_function`.
- Learner code: `call_learner` (copies in, references computed before, mutation and
  exceptions named) and `check_elementwise` (several shapes, both sides of every breakpoint,
  the breakpoints themselves, random points over a wide range).
- Consistent wording: `example_name` ("example 1" is the first row, everywhere),
  `examples_text`, `off_by` ("0.2 too high"), `compare_hand_number` (a word about rounding),
  `point`, and the project's one number formatter `number` / `bracketed`.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import html
import inspect
import math
import numbers
import os
import signal
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .._format import bracketed, number  # noqa: F401  (the ONE formatter, re-exported)

__all__ = [
    "Feedback", "correct", "hint", "checker", "Malformed", "in_voila",
    "as_number", "as_count", "as_label", "as_vector", "as_array", "as_choice", "as_function",
    "call_learner", "check_elementwise", "example_name", "examples_text", "off_by",
    "compare_hand_number", "point", "number", "bracketed",
]

_GOOD_COLOUR, _BAD_COLOUR = "#1a7f37", "#b35900"


# ---- the verdict --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: "Correct." or "Not yet." followed by a message."""

    correct: bool
    message: str
    # Set by `checker`: which check produced this and with which answers, so that Voila can show
    # the same exercise as input fields. Not part of the verdict's value.
    check: Callable | None = field(default=None, compare=False, repr=False)
    answers: dict = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return self.correct

    @property
    def verdict(self) -> str:
        """'Correct.' or 'Not yet.'."""
        return "Correct." if self.correct else "Not yet."

    def __repr__(self) -> str:
        return f"{self.verdict} {self.message}".rstrip()

    def __str__(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        colour = _GOOD_COLOUR if self.correct else _BAD_COLOUR
        body = html.escape(self.message).replace("\n", "<br>")
        # white-space: normal so that long hints wrap between words in every front end.
        return (f'<div class="nnlib-feedback" style="white-space: normal; line-height: 1.4; '
                f'max-width: 60em; overflow-wrap: break-word;">'
                f'<b style="color: {colour};">{self.verdict}</b> {body}</div>')

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if in_voila() and self.check is not None and getattr(self.check, "fields", None) is not None:
            # In the classroom the code is hidden: show the exercise as fields and a button.
            from ._widgets import answer_widget

            display(answer_widget(self.check, self.check.fields, values=self.answers))
            return
        if in_voila() and self.check is not None and getattr(self.check, "code_exercise", False):
            from ._widgets import code_note

            display(code_note())
            return
        display({"text/plain": repr(self), "text/html": self._repr_html_()}, raw=True)


def correct(message: str = "") -> Feedback:
    """A passing verdict."""
    return Feedback(True, message)


def hint(message: str) -> Feedback:
    """A failing verdict whose message names the failing case."""
    return Feedback(False, message)


def in_voila() -> bool:
    """True in a kernel started by Voila (which sets VOILA_* variables in its kernels' environment).

    Voila 0.5 sets VOILA_BASE_URL, VOILA_SERVER_URL and VOILA_APP_PORT for every kernel it
    starts (handler.py, and voila_kernel_manager.py for preheated kernels) and VOILA_KERNEL_ID
    once the notebook runs in it; JupyterLab and nbval set none of them.
    """
    return any(os.environ.get(name) for name in
               ("VOILA_KERNEL_ID", "VOILA_BASE_URL", "VOILA_SERVER_URL", "VOILA_APP_PORT"))


# ---- malformed answers ----------------------------------------------------------------------------
class Malformed(Exception):
    """An answer that cannot be checked; `checker` turns it into a hint with this message."""


def _short(value: Any) -> str:
    """What the learner passed, briefly."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} (dtype {value.dtype})"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def as_number(value: Any, name: str, example: str = "0.5", limit: float | None = None) -> float:
    """value as a finite float, or Malformed naming `name`; |value| ≤ limit if a limit is given."""
    expected = f"{name} must be a single real number, e.g. {name} = {example}"
    if isinstance(value, np.ndarray):
        if value.ndim != 0:
            raise Malformed(f"{expected}; got {_short(value)}.")
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise Malformed(f"{expected}; got the truth value {value!r}.")
    if isinstance(value, (complex, np.complexfloating)):
        raise Malformed(f"{expected}; got the complex number {value!r}. Use its real part only if "
                        "that is what you mean.")
    if not isinstance(value, numbers.Real):
        raise Malformed(f"{expected}; got {_short(value)}.")
    try:
        result = float(value)
    except OverflowError:
        raise Malformed(f"{name} = {str(value)[:30]}... is too large for a floating-point number "
                        "(the largest is about 1.8e308).") from None
    except (TypeError, ValueError):
        raise Malformed(f"{expected}; got {_short(value)}.") from None
    if not math.isfinite(result):
        raise Malformed(f"{name} must be a finite number; got {result!r}.")
    if limit is not None and abs(result) > limit:
        raise Malformed(f"{name} = {number(result)} is far larger than this exercise needs "
                        f"(|{name}| ≤ {number(limit)}); use an ordinary size.")
    return result


def as_count(value: Any, name: str, what: str = "a count of examples") -> int:
    """value as a whole number ≥ 0, or Malformed."""
    result = as_number(value, name, example="3", limit=1e15)
    if result < 0 or result != int(result):
        raise Malformed(f"{name} is {what}, a whole number ≥ 0; got {number(result)}.")
    return int(result)


def as_label(value: Any, name: str) -> int:
    """value as a class label 0 or 1, or Malformed."""
    result = as_number(value, name, example="1")
    if result not in (0.0, 1.0):
        raise Malformed(f"{name} must be 0 or 1 (a class label); got {number(result)}.")
    return int(result)


def as_array(value: Any, name: str, shape: tuple[int, ...] | None = None, example: str = "[0.5, -1.0]",
             limit: float | None = None) -> np.ndarray:
    """value as a finite float array (of `shape`, if given), or Malformed."""
    expected = f"{name} must be numbers, e.g. {name} = {example}"
    if value is None or isinstance(value, (str, bytes, dict, set, frozenset)):
        raise Malformed(f"{expected}; got {_short(value)}.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            raw = np.asarray(value)
    except (ValueError, TypeError, Warning):
        raise Malformed(f"{expected}, in rows of equal length; got {_short(value)}.") from None
    if np.iscomplexobj(raw):
        raise Malformed(f"{expected}: real numbers; got complex numbers.")
    if raw.dtype == object:
        try:
            items = [as_number(v, f"every entry of {name}") for v in raw.ravel()]
        except Malformed as exc:
            raise Malformed(f"{expected}. {exc}") from None
        raw = np.array(items, dtype=float).reshape(raw.shape)
    if not (np.issubdtype(raw.dtype, np.integer) or np.issubdtype(raw.dtype, np.floating)):
        raise Malformed(f"{expected}; got {_short(value)}.")
    arr = raw.astype(np.float64)
    if arr.size == 0:
        raise Malformed(f"{expected}; got an empty list.")
    if not np.all(np.isfinite(arr)):
        raise Malformed(f"{name} must hold finite numbers; it contains NaN or infinity.")
    if limit is not None and np.max(np.abs(arr)) > limit:
        raise Malformed(f"{name} holds numbers far larger than this exercise needs (> {number(limit)}).")
    if shape is not None and arr.shape != tuple(shape):
        extra = ""
        if arr.ndim == 2 and arr.T.shape == tuple(shape):
            extra = f" Did you mean {name}.T (rows and columns swapped)?"
        raise Malformed(f"{name} must have shape {tuple(shape)}, e.g. {name} = {example}; got shape "
                        f"{arr.shape}.{extra}")
    return arr


def as_vector(value: Any, name: str, size: int | None = None, example: str = "[0.5, -1.0]",
              limit: float | None = None) -> np.ndarray:
    """value as a flat list of finite floats (of `size` entries, if given), or Malformed."""
    arr = as_array(value, name, example=example, limit=limit)
    if arr.ndim != 1:
        raise Malformed(f"{name} must be a flat list of numbers like {example}; got shape {arr.shape}.")
    if size is not None and arr.size != size:
        raise Malformed(f"{name} needs {size} numbers; got {arr.size}.")
    return arr


def as_choice(value: Any, name: str, choices) -> str:
    """value as one of the string `choices` (case and spaces ignored), or Malformed."""
    options = ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise Malformed(f"{name} must be one of {options} (a string in quotes); got {_short(value)}.")
    key = value.strip()
    for choice in choices:
        if key.upper() == str(choice).upper():
            return choice
    raise Malformed(f"{name} must be one of {options}; got {value!r}.")


def as_function(value: Any, name: str = "your function") -> Callable:
    """value if it is callable, else Malformed."""
    if not callable(value):
        raise Malformed(f"Pass {name} itself, e.g. check(my_function) without parentheses, not its "
                        f"result; got {_short(value)}.")
    return value


# ---- the decorator --------------------------------------------------------------------------------
def checker(fn: Callable | None = None, *, fields: dict | None = None, code: bool = False):
    """Make `fn` a public check: malformed answers and wrong arguments become hints.

    `fields` (answer name -> default value, a list of choices, or a set of options) lets Voila
    show the exercise as input fields; `code=True` marks an exercise written in code.
    """
    def wrap(func: Callable) -> Callable:
        signature = inspect.signature(func)
        params = ", ".join(signature.parameters)

        @functools.wraps(func)
        def run(*args, **kwargs) -> Feedback:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError as exc:
                return _attach(hint(f"{func.__name__} takes ({params}): {exc}. The exercise fixes "
                                    "everything else; pass only your answer."), run, {})
            answers = dict(bound.arguments)
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    result = func(*bound.args, **bound.kwargs)
            except Malformed as exc:
                result = hint(str(exc))
            except Exception as exc:  # never a traceback for a learner: name what went wrong
                result = hint(f"Your answer could not be checked: {type(exc).__name__}: {exc}"[:300])
            return _attach(result, run, answers)

        run.fields = fields
        run.code_exercise = code
        return run

    return wrap(fn) if fn is not None else wrap


def _attach(feedback: Feedback, check: Callable, answers: dict) -> Feedback:
    return Feedback(feedback.correct, feedback.message, check=check, answers=answers)


# ---- learner code ---------------------------------------------------------------------------------
def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, np.ndarray) else copy.deepcopy(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    try:
        return bool(a == b)
    except Exception:
        return True


class _TimeUp(BaseException):
    """Raised in learner code that runs past its time limit (a BaseException, so that the
    learner's own `except Exception` cannot swallow it)."""


@contextlib.contextmanager
def _time_limit(seconds: float | None):
    """Raise _TimeUp after `seconds` of wall time (SIGALRM; main thread on Unix only, else no limit)."""
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_learner(fn: Callable, *args, names: tuple[str, ...] | None = None,
                 label: str | None = None, expects: str = "", time_limit: float | None = None,
                 too_long: str = "") -> Any:
    """fn(*copies of args); Malformed if it raises, returns None, or writes into an input.

    Compute every reference BEFORE calling this: nothing the learner does can then reach it.
    `names` name the arguments in hints; `label` says what the call was (e.g. "z = [1, 2]").
    With `time_limit` (seconds), a call that runs longer is stopped and named (a loop that
    never ends), with `too_long` as the hint's advice.
    """
    fn = as_function(fn)
    names = names or tuple(f"argument {i + 1}" for i in range(len(args)))
    pristine = [_copy(a) for a in args]
    given = [_copy(a) for a in args]
    where = f" (called with {label})" if label else ""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), _time_limit(time_limit):
            warnings.simplefilter("ignore")
            result = fn(*given)
    except _TimeUp:
        raise Malformed(f"Your function was still running after {number(time_limit)} s{where}: "
                        "does every loop end? " + too_long) from None
    except Exception as exc:  # the learner's code: any error becomes a hint
        raise Malformed(f"Your function raised {type(exc).__name__}: {str(exc)[:160]}{where}. "
                        + expects) from None
    changed = [n for n, a, b in zip(names, pristine, given) if not _same(a, b)]
    if changed:
        raise Malformed(f"Your function changed its input {', '.join(changed)}{where}: it wrote into "
                        "the array it was given. Compute a new array instead (e.g. np.where(...) or "
                        "z * 1.0), so the caller's data stay as they were.")
    if result is None:
        raise Malformed(f"Your function returned None{where}: did you forget `return`?")
    return result


def as_result(result: Any, shape: tuple[int, ...], label: str) -> np.ndarray:
    """A learner function's result as a float array of `shape` (NaN/inf allowed), or Malformed."""
    try:
        raw = np.asarray(result)
    except Exception:
        raise Malformed(f"For {label} your function returned {_short(result)}; it should return "
                        "numbers (a NumPy array).") from None
    if np.iscomplexobj(raw):
        raise Malformed(f"For {label} your function returned complex numbers; it should return real ones.")
    if raw.dtype == object or not (np.issubdtype(raw.dtype, np.number) or raw.dtype == bool):
        raise Malformed(f"For {label} your function returned {_short(result)}; it should return "
                        "numbers (a NumPy array).")
    if raw.shape != tuple(shape):
        raise Malformed(f"For an input of shape {tuple(shape)} ({label}) your function returned shape "
                        f"{raw.shape}; it works element by element, so the shapes must match.")
    return raw.astype(np.float64)


def test_points(breakpoints=(), scale: float = 1e3, n_random: int = 64, seed: int = 0) -> np.ndarray:
    """Points that catch piecewise mistakes: every breakpoint, both sides of it at several
    distances, a grid between −3 and 3 (plus the breakpoints' range) and seeded random points
    over ±scale. Sorted, unique."""
    rng = np.random.default_rng(seed)
    bps = np.asarray(breakpoints, dtype=float)
    offsets = np.array([1e-9, 1e-6, 1e-3, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0])
    near = [bps[:, None] + s * offsets * np.maximum(1.0, np.abs(bps))[:, None] for s in (-1, 1)] if bps.size else []
    lo = min(-3.0, float(bps.min()) - 1.0) if bps.size else -3.0
    hi = max(3.0, float(bps.max()) + 1.0) if bps.size else 3.0
    parts = [bps, *(a.ravel() for a in near), np.linspace(lo, hi, 121),
             rng.uniform(-scale, scale, n_random), rng.uniform(lo, hi, n_random),
             np.array([-scale, scale, -10.0, 10.0, -50.0, 50.0])]
    return np.unique(np.concatenate(parts))


def check_elementwise(fn: Callable, reference: Callable, breakpoints=(), *, name: str = "z",
                      scale: float = 1e3, seed: int = 0, rtol: float = 1e-6, atol: float = 1e-9,
                      rule: Callable[[float], str] | None = None, title: str = "the function",
                      inputs: Callable[[np.ndarray], np.ndarray] | None = None) -> str | None:
    """None if fn agrees with `reference` everywhere tested, else a hint's text.

    fn is called on 0-d, 1-d and 2-d arrays (scalar-only code fails), on both sides of every
    breakpoint, on the breakpoints and on seeded random points over ±scale. `reference` is
    computed first. `rule(z)` says in words what is expected at z. `inputs` maps the test
    points to what fn receives (e.g. z -> σ(z) for a derivative written with the output).
    """
    fn = as_function(fn)
    z = test_points(breakpoints, scale=scale, seed=seed)
    feed = inputs(z) if inputs is not None else z
    with np.errstate(all="ignore"):
        expected = np.asarray(reference(z), dtype=float)
    k = z.size - z.size % 6
    cases = [  # (argument, positions in z) — references above are computed before any call
        (feed.copy(), np.arange(z.size), f"a 1-D array of {z.size} values of {name}"),
        (feed[:k].reshape(-1, 6).copy(), np.arange(k).reshape(-1, 6), f"a 2-D array of {name}, shape ({k // 6}, 6)"),
        (np.array(feed[z.size // 2]), np.array(z.size // 2), f"a 0-d array, {name} = {number(z[z.size // 2])}"),
    ]
    for arg, idx, label in cases:
        result = call_learner(fn, arg, names=(name,), label=label,
                              expects=f"The exercise gives {title} a NumPy array: use array "
                                      "operations (np.where, np.maximum, ...), not `if` on a number.")
        got = as_result(result, np.shape(arg), label)
        want = expected[idx]
        bad = ~np.isclose(got, want, rtol=rtol, atol=atol) | (~np.isfinite(got) & np.isfinite(want))
        if bad.any():
            return _elementwise_hint(z[idx][bad], got[bad], want[bad], breakpoints, name, rule)
    return None


def _elementwise_hint(zs, got, want, breakpoints, name, rule) -> str:
    """Name every piece (between breakpoints) where fn is wrong, with its first wrong point."""
    zs, got, want = np.ravel(zs), np.ravel(got), np.ravel(want)
    order = np.argsort(zs)
    zs, got, want = zs[order], got[order], want[order]
    bps = sorted(float(b) for b in breakpoints)
    pieces: dict[str, list[int]] = {}
    for i, zi in enumerate(zs):
        if zi in bps:
            key = f"at the breakpoint {name} = {number(zi)}"
        else:
            j = int(np.searchsorted(bps, zi))
            lo = f"{number(bps[j - 1])} < " if j > 0 else ""
            hi = f" < {number(bps[j])}" if j < len(bps) else ""
            key = f"on {lo}{name}{hi}" if (lo or hi) else "for some inputs"
        pieces.setdefault(key, []).append(i)
    lines = []
    for key, members in pieces.items():
        i = members[0]
        expected_text = number(want[i], 6)
        why = f" ({rule(float(zs[i]))})" if rule is not None else ""
        lines.append(f"wrong {key}: at {name} = {number(zs[i], 10)} yours gives {number(got[i], 6)}, "
                     f"expected {expected_text}{why}; {len(members)} wrong point(s) there")
    return "Your function is " + "; ".join(lines) + "."


# ---- consistent wording ---------------------------------------------------------------------------
def example_name(i: int) -> str:
    """'example 1' for row 0: examples are numbered from 1, in the order of the data."""
    return f"example {int(i) + 1}"


def examples_text(indices) -> str:
    """'example 2', 'examples 1 and 3', 'examples 1, 2 and 4' (0-based indices in)."""
    nums = [str(int(i) + 1) for i in indices]
    if len(nums) == 1:
        return f"example {nums[0]}"
    return f"examples {', '.join(nums[:-1])} and {nums[-1]}"


def off_by(got: float, expected: float, digits: int = 4) -> str:
    """'0.2 too high' / '0.2 too low': which way an answer is off."""
    diff = float(got) - float(expected)
    return f"{number(abs(diff), digits)} too {'high' if diff > 0 else 'low'}"


def compare_hand_number(got: float, expected: float, name: str, rtol: float = 1e-6,
                        round_rtol: float = 1e-2) -> str | None:
    """None if got matches expected, else a hint's text: rounding named as rounding."""
    if math.isclose(got, expected, rel_tol=rtol, abs_tol=1e-12):
        return None
    text = f"{name} = {number(got, 6)} is {off_by(got, expected)}"
    if math.isclose(got, expected, rel_tol=round_rtol, abs_tol=1e-9):
        text += (": close, probably rounded. Keep more digits while you work and round only at "
                 f"the end (to at least {int(-math.log10(rtol))} significant digits).")
    else:
        text += "."
    return text


def point(x) -> str:
    """A logic-gate input as '(0, 1)'."""
    return f"({int(x[0])}, {int(x[1])})"
