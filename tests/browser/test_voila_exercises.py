"""Exercises in the classroom: Voila hides the code, so a number exercise shows input fields
and a Check button (the same check as the code cell), and a code exercise says in one line
that it is done in JupyterLab. One exercise is answered wrong, then right.

Lean on purpose: Voila runs a small notebook made of two real exercise cells of 01 and 03
and only the imports they need, not the whole series.
"""

from __future__ import annotations

import time

import nbformat
import pytest

import _lab


def _cell(nb, text: str) -> nbformat.NotebookNode:
    found = [c for c in nb.cells if c.cell_type == "code" and text in c.source]
    assert found, f"no code cell with {text!r}"
    return found[0]


@pytest.fixture(scope="module")
def exercise_notebook(workdir):
    """01's Exercise 2 (AND, a number exercise) and 03's Exercise 4 (the training loop, a code
    exercise), as they are in the notebooks, after the imports they need."""
    n01 = nbformat.read(_lab.NOTEBOOKS / "01_the_neuron.ipynb", as_version=4)
    n03 = nbformat.read(_lab.NOTEBOOKS / "03_the_perceptron.ipynb", as_version=4)
    imports = ("import numpy as np\nfrom nnlib.exercises.neuron import check_and\n"
               "from nnlib.exercises.perceptron import check_perceptron_fit")
    cells = [imports, _cell(n01, "check_and(w1, w2, b)").source,
             _cell(n03, "check_perceptron_fit(perceptron_fit)").source]
    nb = nbformat.v4.new_notebook()
    nb.metadata = n01.metadata
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    folder = workdir / "voila-exercises"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "exercises.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def voila_exercises(workdir, exercise_notebook):
    server = _lab.start_voila(exercise_notebook, workdir / "voila-exercises-server")
    yield server
    server.stop()


def _result(page) -> str:
    return page.locator(".nnlib-answer .nnlib-result").first.inner_text().strip()


def _check(page, values: dict[str, float]) -> str:
    form = page.locator(".nnlib-answer").first
    for name, value in values.items():
        field = form.locator(f".nnlib-field-{name} input")
        field.fill(str(value))
        field.press("Tab")  # commit the value to the kernel, as leaving the field does
    before = _result(page)
    form.locator("button.nnlib-check, .nnlib-check button, .nnlib-check").first.click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = _result(page)
        if now and now != before:
            return now
        time.sleep(0.1)
    raise AssertionError(f"no new verdict within 30 s after Check (still {before!r})")


def test_exercise_answered_in_voila(voila_exercises, page):
    started = time.monotonic()
    page.goto(voila_exercises.url(""), wait_until="domcontentloaded", timeout=120_000)
    page.locator(".nnlib-answer").first.wait_for(state="visible", timeout=120_000)

    # The code is hidden; the AND exercise is a form with w1, w2, b and a Check button.
    form = page.locator(".nnlib-answer")
    assert form.count() == 1, f"expected one answer form, found {form.count()}"
    for name in ("w1", "w2", "b"):
        assert form.locator(f".nnlib-field-{name} input").count() == 1, f"no field {name}"
    assert "check_and" not in page.locator("body").inner_text(), "code is shown in Voila"

    # The code exercise says where it is done.
    note = page.locator(".nnlib-code-note")
    assert note.count() == 1 and "JupyterLab" in note.inner_text()

    wrong = _check(page, {"w1": 1, "w2": 1, "b": -0.5})  # that is OR, not AND
    assert wrong.startswith("Not yet."), wrong
    assert "(0, 1)" in wrong and "(1, 0)" in wrong, wrong  # every wrong input named

    right = _check(page, {"w1": 1, "w2": 1, "b": -1.5})
    assert right.startswith("Correct."), right

    problems = [f"browser console: {e}" for e in page.console_log.errors([
        (r"Failed to load resource.*favicon", "no favicon"),
    ])]
    problems += page.kernel_errors.entries
    assert not problems, "\n".join(problems)
    print(f"voila exercise: wrong then right in {time.monotonic() - started:.1f} s")
