"""Explorers where the project's canvas widget can't load: the fallback image still draws.

JupyterLab is started with anywidget's front-end extension disabled (its own settings,
`disabledExtensions`), as in a front end without it. The first control change tells the
kernel that the canvas never said 'ready', and the explorer swaps to an `ipywidgets.Image`
showing the same frames; from then on every control of notebooks 01 and 05 redraws it.
"""

from __future__ import annotations

import pytest

import _lab

ALLOW = [  # the page says, correctly, that it cannot render the canvas widget
    (r"anywidget|AnyModel|AnyView|Class .* not found in module", "anywidget is disabled on purpose"),
    (r"Could not (create|restore) a? ?(view|model)|Error creating (view|widget)|"
     r"Failed to (load|create) (model|view)", "the disabled canvas widget's view"),
    (r"Could not restore the debugger state", "see test_browser_notebooks.py"),
]


@pytest.fixture(scope="module")
def lab_without_anywidget(workdir, notebook_copy):
    server = _lab.start_lab(notebook_copy, workdir / "lab-no-anywidget", disabled=("anywidget",))
    yield server
    server.stop()


@pytest.mark.parametrize("prefix", ["01", "05"])
def test_explorers_draw_without_the_canvas_extension(prefix, lab_without_anywidget, page):
    lab = lab_without_anywidget
    name = next(n for n in _lab.notebook_names() if n.startswith(prefix))
    _lab.open_notebook(page, lab, name)
    _lab.restart_run_all(page)
    found = _lab.tag_explorers(page)
    assert found, f"{name}: no explorer found"
    for explorer in found:  # a first move: the kernel learns the canvas never said 'ready'
        slider = next(c for c in _lab.read_controls(page, explorer["index"]) if c["kind"] == "slider")
        _lab.act(page, slider)
    explorers = _lab.wait_explorers_drawn(page, timeout=60)
    problems = []
    for explorer in explorers:
        shows_image = page.evaluate(
            "(i) => !!document.querySelector(`[data-nnlib-explorer=\"${i}\"] .nnlib-canvas img`)",
            explorer["index"])
        if not shows_image:
            problems.append(f"{name}: explorer {explorer['index']} shows no fallback image")
        problems += _lab.exercise_explorer(page, explorer["index"], f"{name} without anywidget")
    session = _lab.session_kernel(lab, name)
    problems += _lab.compare_pixels_with_kernel(page, explorers, lab.runtime_dir,
                                                session["kernel"]["id"], name)
    problems += [f"{name}: {o[-1500:]}" for o in page.evaluate(_lab.STDERR_OUTPUTS_JS)]
    problems += [f"{name}: {e}" for e in page.kernel_errors.entries]
    problems += [f"{name}: browser console: {e}" for e in page.console_log.errors(ALLOW)]
    lab.api(f"api/sessions/{session['id']}", method="DELETE")
    assert not problems, "\n".join(problems)
