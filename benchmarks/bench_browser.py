"""Slider latency as a learner sees it: key press -> new pixels on the canvas, in JupyterLab.

For every notebook, every explorer: 20 ArrowRight/ArrowLeft presses on its sliders (round
robin, each slider moving back and forth so it stays in range). The times are taken INSIDE
the page with performance.now():
- t_key: a capture-phase keydown listener on the slider handle;
- t_draw: ipympl copies the new image onto the visible canvas (CanvasRenderingContext2D
  drawImage is wrapped before the page loads; only the figure canvas counts);
- t_frame: the requestAnimationFrame after that draw, i.e. the frame that shows the pixels;
  draws that leave the pixels as they were (hashed after the timestamps) don't count.
latency = t_frame - t_key (the whole round trip: widget message to the kernel, callback,
blit, PNG diff, message back, decode, draw). Prints median and p95 per explorer.
Goal: median <= 100 ms.

Uses the same JupyterLab/Chromium set-up as tests/browser (tests/browser/_lab.py).
Run: .venv/bin/python benchmarks/bench_browser.py [--presses 20] [notebook-name-part ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import _lab  # noqa: E402

INSTRUMENT_JS = r"""
(() => {
  const bench = window.__nnlibBench = {keys: [], draws: []};
  document.addEventListener('keydown', (event) => {
    if (event.target && event.target.classList && event.target.classList.contains('noUi-handle'))
      bench.keys.push(performance.now());
  }, true);
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = drawImage.apply(this, args);
    const canvas = this.canvas;
    const div = canvas && canvas.parentElement;
    if (div && div.classList.contains('jupyter-matplotlib-canvas-div')
        && canvas === div.firstElementChild) {
      const t = performance.now();
      const entry = {t, frame: null, changed: null};
      bench.draws.push(entry);
      requestAnimationFrame(() => {
        entry.frame = performance.now();
        // After the timestamps: did this draw bring new pixels? (FNV-1a over the canvas)
        const data = new Uint32Array(
            canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data.buffer);
        let h = 2166136261;
        for (let k = 0; k < data.length; k++) h = Math.imul(h ^ data[k], 16777619);
        entry.changed = canvas.__nnlibHash !== h;
        canvas.__nnlibHash = h;
      });
    }
    return result;
  };
})();
"""

# Resolves with [t_key, t_draw, t_frame] for the first figure draw after the last key press.
WAIT_DRAW_JS = r"""
(since) => {
  const b = window.__nnlibBench;
  const key = b.keys[b.keys.length - 1];
  if (key === undefined || key <= since) return null;
  const d = b.draws.find((e) => e.t >= key && e.changed === true);
  return d ? [key, d.t, d.frame] : null;
}
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure_explorer(page, i: int, presses: int):
    """`presses` key presses over explorer i's sliders: latencies (ms), the same by slider
    label, and the sliders left out because a press brings no new pixels."""
    sliders = [c for c in _lab.read_controls(page, i) if c["kind"] == "slider"
               and not c.get("disabled")]
    direction = {c["id"]: ("ArrowRight" if c["now"] < c["max"] else "ArrowLeft")
                 for c in sliders}
    latencies: list[float] = []
    per_slider: dict[str, list[float]] = {}
    skipped: list[str] = []
    k = 0
    while len(latencies) < presses and sliders:
        control = sliders[k % len(sliders)]
        k += 1
        _lab.settle(page, i, quiet=0.1)
        handle = page.locator(f'[data-nnlib-control="{control["id"]}"] .noUi-handle').first
        handle.scroll_into_view_if_needed()
        handle.focus()
        since = page.evaluate("() => performance.now()")
        key = direction[control["id"]]
        page.keyboard.press(key)
        # Next press on this slider goes the other way: values stay in range.
        direction[control["id"]] = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
        try:
            result = page.wait_for_function(WAIT_DRAW_JS, arg=since, timeout=5000, polling=20)
        except Exception:
            skipped.append(_lab.describe(control))
            sliders.remove(control)  # this slider does not redraw the figure
            continue
        t_key, _t_draw, t_frame = result.json_value()
        latencies.append(t_frame - t_key)
        per_slider.setdefault(control["label"] or control["id"], []).append(t_frame - t_key)
    return latencies, per_slider, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="parts of notebook names (default: all)")
    parser.add_argument("--presses", type=int, default=20, help="key presses per explorer")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    names = [n for n in _lab.notebook_names()
             if not args.notebooks or any(part in n for part in args.notebooks)]
    if not names:
        sys.exit(f"no notebooks matching {args.notebooks} in {_lab.NOTEBOOKS}")
    work = Path(tempfile.mkdtemp(prefix="nnlib-bench-browser-"))
    lab = _lab.start_lab(_lab.copy_notebooks(_lab.NOTEBOOKS, work / "notebooks"), work / "lab")
    rows = []
    try:
        with sync_playwright() as playwright:
            context = _lab.launch_browser(playwright, work / "chromium-profile")
            context.add_init_script(INSTRUMENT_JS)
            for name in names:
                page = context.new_page()
                started = time.monotonic()
                _lab.open_notebook(page, lab, name)
                _lab.restart_run_all(page)
                explorers = _lab.wait_explorers_drawn(page)
                for explorer in explorers:
                    latencies, per_slider, skipped = measure_explorer(
                        page, explorer["index"], args.presses)
                    rows.append((name, explorer, latencies, skipped))
                    _print_row(name, explorer, latencies, per_slider, skipped)
                session = _lab.session_kernel(lab, name)
                lab.api(f"api/sessions/{session['id']}", method="DELETE")
                page.close()
                print(f"   ({name}: {time.monotonic() - started:.0f} s)", flush=True)
            context.close()
    finally:
        lab.stop()
    every = [t for _, _, latencies, _ in rows for t in latencies]
    if every:
        print(f"\nall explorers: {len(every)} presses, median {statistics.median(every):.0f} ms, "
              f"p95 {percentile(every, 0.95):.0f} ms (goal: median <= 100 ms)")


def _print_row(name, explorer, latencies, per_slider, skipped) -> None:
    label = f"{name} explorer {explorer['index']} ({', '.join(explorer['figures'])})"
    if latencies:
        print(f"{label:<58} {len(latencies):>3} presses  median {statistics.median(latencies):6.0f} ms"
              f"  p95 {percentile(latencies, 0.95):6.0f} ms", flush=True)
    else:
        print(f"{label:<58} no slider redraws the figure", flush=True)
    if per_slider:
        print("    by slider (median ms): " + ", ".join(
            f"{label} {statistics.median(v):.0f}" for label, v in per_slider.items()), flush=True)
    if skipped:
        print(f"    no new pixels (left out): {', '.join(skipped)}", flush=True)


if __name__ == "__main__":
    main()
