"""06's TrainingExplorer in the real browser: a click adds a point, and the biggest network plays.

A notebook of two cells (the explorer with 3 hidden layers of 8 and all seven features) is
written next to the series' copy and run in JupyterLab. A click on the data panel must reach
the kernel as one more training point and change the picture; playing must draw frames with
no error anywhere (page, kernel, log console), and pause must stop them.
"""

from __future__ import annotations

import json
import time


import _lab

FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
SETUP = ("from nnlib.explorers import TrainingExplorer\n"
         f"explorer = TrainingExplorer(hidden_layer_sizes=(8, 8, 8), features={FEATURES!r})\n"
         "explorer")

# Where (0.25, 2.75) of the data panel lies on the canvas, and how many points there are.
PROBE = r"""
import json as __json
__v = explorer.view
__x, __y = __v.ax_main.transData.transform((0.25, 2.75))
__nnlib_probe_result = __json.dumps({"x": float(__x), "y": float(__y), "width": __v.size[0],
                                     "height": __v.size[1], "points": int(len(explorer.X)),
                                     "train": int(len(explorer.X_train)), "epoch": explorer.epoch})
"""

CANVAS_RECT_JS = r"""
(i) => {
  const c = document.querySelector(`[data-nnlib-explorer="${i}"] canvas.nnlib-frame-canvas`);
  const r = c.getBoundingClientRect();
  return {left: r.left, top: r.top, width: r.width, height: r.height};
}
"""


def _notebook(folder) -> str:
    _lab.write_notebook(folder / "playground.ipynb", ["%matplotlib inline", SETUP])
    return f"{folder.name}/playground.ipynb"


def test_click_adds_a_point_and_the_biggest_network_plays(lab, notebook_copy, page):
    name = _notebook(notebook_copy / "browser-playground")
    _lab.open_notebook(page, lab, name)
    _lab.restart_run_all(page)
    explorer = _lab.wait_explorers_drawn(page, log=page.console_log)[0]
    i = explorer["index"]
    kernel = _lab.session_kernel(lab, name)["kernel"]["id"]
    problems = []

    before = _lab.kernel_json(lab.runtime_dir, kernel, PROBE)
    picture = _lab.settle(page, i)
    rect = page.evaluate(CANVAS_RECT_JS, i)
    # Figure pixels (origin bottom left) to the page's CSS pixels (origin top left).
    x = rect["left"] + before["x"] * rect["width"] / before["width"]
    y = rect["top"] + (before["height"] - before["y"]) * rect["height"] / before["height"]
    page.mouse.click(x, y)
    deadline = time.monotonic() + 20
    after = before
    while time.monotonic() < deadline and after["points"] == before["points"]:
        time.sleep(0.2)
        after = _lab.kernel_json(lab.runtime_dir, kernel, PROBE)
    if (after["points"], after["train"]) != (before["points"] + 1, before["train"] + 1):
        problems.append(f"a click on the data panel: points {before['points']} -> {after['points']}, "
                        f"training points {before['train']} -> {after['train']} (expected one more each)")
    if not _lab.wait_changed(page, i, picture):
        problems.append("a click on the data panel left the picture unchanged")

    found, measured = _lab.play_explorer(page, i, name, seconds=3.0)
    problems += found
    epoch = _lab.kernel_json(lab.runtime_dir, kernel, PROBE)["epoch"]
    if epoch <= after["epoch"]:
        problems.append(f"playing trained no epoch ({after['epoch']} -> {epoch})")
    print(f"3 layers of 8, all features, playing: {json.dumps(measured)}; epoch {epoch}")

    problems += [f"output: {o[-1500:]}" for o in page.evaluate(_lab.STDERR_OUTPUTS_JS)]
    problems += [str(e) for e in page.kernel_errors.entries]
    problems += [f"browser console: {e}" for e in page.console_log.errors(
        [(r"Could not restore the debugger state", "see test_browser_notebooks.py")])]
    for entry in _lab.log_console_entries(page):
        if entry["level"] in ("error", "critical") or "Traceback" in entry["text"]:
            problems.append(f"log console {entry['level']}: {entry['text'][-1500:]}")
    lab.api(f"api/sessions/{_lab.session_kernel(lab, name)['id']}", method="DELETE")
    assert not problems, "\n".join(problems)
