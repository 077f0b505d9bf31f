"""A kernel-side animation loop: one frame per fixed period, on the kernel's asyncio loop.

Each tick calls `frame(budget_seconds)` (the explorer trains a chunk, updates its artists,
renders and sends), then sleeps for the rest of the period, and only MIN_SLEEP after a
frame that took longer (the sleep lets the kernel read control messages): fixed-period
pacing, not paced on replies from the browser (a round trip costs ~40 ms through
jupyter_server).
Controls may be handled on another thread (JupyterLab 4.6 + ipykernel 7 route some comm
messages to other threads): explorers take `lock` around state changes, and `play`/`pause`
wake the loop with `call_soon_threadsafe`.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from typing import Callable

__all__ = ["Animation", "units_per_frame"]

# The shortest sleep between frames: long enough for the kernel to read a waiting control
# message (pause, a slider) before the next frame starts.
MIN_SLEEP = 0.002


def units_per_frame(unit_seconds: float, budget_seconds: float, limit: int = 10_000) -> int:
    """How many units of work (e.g. epochs) of the measured cost fit in the frame budget (>= 1)."""
    if not unit_seconds > 0 or not math.isfinite(unit_seconds):
        return 1
    return max(1, min(limit, int(budget_seconds / unit_seconds)))


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The loop cells run on, in an IPython kernel; None elsewhere (scripts, tests: use
    run_frames). Another library's running loop (e.g. Playwright's in a test session) is not
    one to animate on."""
    try:
        from ipykernel.kernelapp import IPKernelApp
        if not IPKernelApp.initialized():
            return None
        return asyncio.get_running_loop()
    except (ImportError, RuntimeError):
        return None


class Animation:
    """Call `frame(budget)` once per `period` seconds while playing; `frame` returns False to stop."""

    def __init__(self, frame: Callable[[float], bool], period: float = 1 / 60,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        if not period > 0:
            raise ValueError(f"period must be a positive number of seconds; got {period!r}")
        self.frame, self.period, self.clock = frame, float(period), clock
        self.lock = threading.RLock()  # held during each frame: state changes wait for it
        self._playing = False
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = _kernel_loop()

    @property
    def playing(self) -> bool:
        """True while the loop runs frames."""
        return self._playing

    def play(self) -> None:
        """Start (or keep) playing; safe from any thread."""
        with self.lock:
            if self._playing:
                return
            self._playing = True
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._start)

    def pause(self) -> None:
        """Stop before the next frame; the picture stays what the last frame showed. Returns
        once a frame in progress has finished."""
        # The flag first (a bool store is atomic): from now on the loop starts no frame, even
        # if this thread gets the lock only later (a control's handler thread waits behind
        # the frame in progress, and on two busy cores perhaps behind one more).
        self._playing = False
        with self.lock:  # waits for a frame in progress, so no frame starts after this
            self._playing = False

    def _start(self) -> None:
        if self._task is None or self._task.done():
            self._task = self._loop.create_task(self._run())

    def tick(self) -> bool:
        """One frame if playing; False once it stopped (paused, or `frame` returned False)."""
        with self.lock:
            if not self._playing:
                return False
            if self.frame(self.period) is False:
                self._playing = False
            return self._playing

    def delay(self, started: float) -> float:
        """Seconds to sleep after a frame that started at `started` (clock time): the rest of
        the period, or none when the frame took longer (waiting for the next period boundary
        would halve the rate of a frame that overran by a little)."""
        return max(MIN_SLEEP, self.period - (self.clock() - started))

    async def _run(self) -> None:
        while True:
            started = self.clock()
            if not self.tick():
                return
            await asyncio.sleep(self.delay(started))

    def run_frames(self, n: int) -> int:
        """Run up to n frames synchronously (tests, no event loop); the number run."""
        done = 0
        with self.lock:
            self._playing = True
        while done < n and self.tick():
            done += 1
        return done
