"""The animation loop: pacing, pause semantics, work per frame."""

import threading

import pytest

from nnlib.explorers._animate import Animation, units_per_frame


def test_units_per_frame_fits_the_budget():
    assert units_per_frame(0.002, 0.0167) == 8
    assert units_per_frame(0.05, 0.0167) == 1  # always some progress
    assert units_per_frame(0.0, 0.0167) == 1
    assert units_per_frame(1e-9, 1.0, limit=100) == 100


def test_pacing_sleeps_to_the_fixed_period():
    now = [0.0]
    anim = Animation(lambda budget: True, period=0.02, clock=lambda: now[0])
    now[0] = 0.005
    assert anim.delay(0.0) == pytest.approx(0.015)
    now[0] = 0.025  # a frame that overran: the next starts almost at once
    assert anim.delay(0.0) == pytest.approx(0.002)


def test_frames_run_until_frame_returns_false_and_pause_stops():
    seen = []
    anim = Animation(lambda budget: (seen.append(budget), len(seen) < 3)[1], period=0.01)
    assert anim.run_frames(10) == 2 and len(seen) == 3 and not anim.playing
    anim.frame = lambda budget: anim.pause() or True  # pause from inside a frame
    anim.run_frames(5)
    assert not anim.playing


def test_pause_waits_for_the_frame_in_progress():
    inside, release, order = threading.Event(), threading.Event(), []

    def frame(budget):
        inside.set()
        release.wait(5)
        order.append("frame")
        return True

    anim = Animation(frame)
    anim._playing = True
    worker = threading.Thread(target=anim.tick)
    worker.start()
    inside.wait(5)
    pauser = threading.Thread(target=lambda: (anim.pause(), order.append("paused")))
    pauser.start()
    # Stopped at once, before the frame in progress lets go of the lock: no frame follows it.
    for _ in range(500):
        if not anim.playing:
            break
        threading.Event().wait(0.01)
    assert not anim.playing and order == []
    release.set()
    worker.join(5)
    pauser.join(5)
    assert order == ["frame", "paused"] and not anim.tick()


def test_bad_period_is_named():
    with pytest.raises(ValueError, match="period must be"):
        Animation(lambda b: True, period=0)


def test_a_running_loop_outside_a_kernel_is_not_used():
    import asyncio

    async def make():
        return Animation(lambda budget: True)

    import threading

    made = []  # a thread of its own: this one may have a loop running already (Playwright's)
    thread = threading.Thread(target=lambda: made.append(asyncio.run(make())))
    thread.start()
    thread.join()
    anim = made[0]
    assert anim._loop is None
    assert anim.run_frames(3) == 3
