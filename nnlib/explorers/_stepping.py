"""The perceptron rule one example at a time, as a state machine: no widgets, no drawing.

`PerceptronRun` drives `nnlib.Perceptron.steps()` from w = 0, b = 0: which example comes
next, the update it makes, the bookkeeping of epochs (mistakes per finished epoch, mistakes
so far in the current one) and when training is over (an epoch without a mistake, or the
epoch limit). Each press returns a `Move` (what it did) and `state()` an immutable
`RunState` (where training stands); notebook 03's explorer words and draws those two.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..linear import Perceptron, PerceptronStep


@dataclass(frozen=True)
class Move:
    """What one press did.

    kind: "start" (nothing looked at yet), "example" (one example), "epoch" (to the end of
    an epoch) or "idle" (training had already finished: nothing changed).
    """

    kind: str
    step: PerceptronStep | None = None  # the last example the move looked at
    before: tuple[np.ndarray, float] | None = None  # (w, b) before the move, if it changed them
    first: int = 0  # "epoch": the index of the example the move began with


@dataclass(frozen=True)
class RunState:
    """Where training stands: the weights, the mistakes of each epoch, and whether it is over."""

    w: np.ndarray
    b: float
    eta: float
    n_iter: int
    n_examples: int
    errors: tuple[int, ...]  # mistakes of each finished epoch
    running: int             # mistakes so far in the current epoch
    last: PerceptronStep | None
    finished: bool
    converged: bool

    @property
    def mid_epoch(self) -> bool:
        """True while an epoch has begun and not ended (its running count is worth showing)."""
        return self.last is not None and not self.finished and self.last.index < self.n_examples - 1


class PerceptronRun:
    """One training run of `nnlib.Perceptron(eta, n_iter)` on (X, y), one example per step."""

    def __init__(self, X: np.ndarray, y: np.ndarray, eta: float, n_iter: int) -> None:
        self.model = Perceptron(eta=eta, n_iter=n_iter)
        self.n_examples = len(y)
        self._steps = self.model.steps(X, y)
        self.w = np.zeros(np.shape(X)[1])
        self.b = 0.0
        self.errors: list[int] = []
        self.running = 0
        self.last: PerceptronStep | None = None
        self.finished = False
        self.converged = False

    def state(self) -> RunState:
        """The run as it stands now (an immutable copy)."""
        return RunState(w=self.w.copy(), b=self.b, eta=self.model.eta, n_iter=self.model.n_iter,
                        n_examples=self.n_examples, errors=tuple(self.errors), running=self.running,
                        last=self.last, finished=self.finished, converged=self.converged)

    def _advance(self) -> PerceptronStep | None:
        """Look at the next example (None once training has finished)."""
        if self.finished:
            return None
        step = next(self._steps, None)
        if step is None:  # not reached in practice: the end is detected below
            self._finish()
            return None
        self.last = step
        self.w, self.b = np.array(step.w, float), float(step.b)
        self.running += int(step.mistake)
        if step.index == self.n_examples - 1:  # the epoch is over
            self.errors.append(self.running)
            self.running = 0
            if self.errors[-1] == 0 or len(self.errors) >= self.model.n_iter:
                self._finish()
        return step

    def _finish(self) -> None:
        # Let the generator run to its end, so the model records errors_ and converged_.
        for _ in self._steps:
            pass
        self.finished = True
        self.converged = bool(self.model.converged_)

    def step_example(self) -> Move:
        """Apply the rule to the next example."""
        before = (self.w.copy(), self.b)
        step = self._advance()
        if step is None:
            return Move("idle")
        return Move("example", step, before if step.mistake else None)

    def step_epoch(self) -> Move:
        """Run to the end of the current epoch (a whole epoch when one has just ended)."""
        before = (self.w.copy(), self.b)
        first = 0 if self.last is None or self.last.index == self.n_examples - 1 else self.last.index + 1
        step = None
        while (nxt := self._advance()) is not None:
            step = nxt
            if step.index == self.n_examples - 1:
                break
        if step is None:
            return Move("idle")
        changed = not (np.array_equal(before[0], self.w) and before[1] == self.b)
        return Move("epoch", step, before if changed else None, first)
