"""Exercises in the classroom (Voila hides code): input fields and a Check button.

`answer_widget(check, fields)` shows one field per answer and calls the same check as the
code cell. A field is given by its default value:

- a number (int or float) -> a number field;
- a list of numbers -> a row of number fields, passed to the check as a list;
- a list or tuple of strings, or a dict {key: label} -> one choice (radio buttons);
- a set of strings -> any number of them (check boxes), passed to the check as a set.

Exercises that are written in code show `code_note()` instead. A check declared with
`@checker(fields=...)` shows its widget by itself in Voila, wherever its Feedback is displayed.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

CODE_NOTE = ("This exercise is written in code: open the notebook in JupyterLab "
             "(<code>make lab</code>) to do it.")


def code_note() -> widgets.HTML:
    """The one-line note a code-writing exercise shows in Voila."""
    return widgets.HTML(f'<div class="nnlib-code-note" style="white-space: normal;">{CODE_NOTE}</div>')


def _field(name: str, spec, value) -> tuple[widgets.Widget, Callable[[], object]]:
    """One input widget for an answer and a function that reads its value."""
    label = widgets.HTML(f"<b>{name}</b>", layout=widgets.Layout(width="auto", min_width="3em"))
    if isinstance(spec, (set, frozenset)):
        chosen = set(value) if isinstance(value, (set, frozenset, list, tuple)) else set()
        boxes = {opt: widgets.Checkbox(value=opt in chosen, description=str(opt), indent=False,
                                       layout=widgets.Layout(width="auto"))
                 for opt in sorted(spec)}
        box = widgets.HBox([label, *boxes.values()], layout=widgets.Layout(align_items="center"))
        return box, lambda: {opt for opt, b in boxes.items() if b.value}
    if isinstance(spec, (list, tuple)) and all(isinstance(v, (int, float)) for v in spec):
        start = list(value) if isinstance(value, (list, tuple)) and len(value) == len(spec) else list(spec)
        boxes = [widgets.FloatText(value=float(v), layout=widgets.Layout(width="7em")) for v in start]
        for i, b in enumerate(boxes):
            b.add_class(f"nnlib-field-{name}-{i}")
        row = widgets.HBox([label, *boxes], layout=widgets.Layout(align_items="center"))
        return row, lambda: [b.value for b in boxes]
    if isinstance(spec, dict) or isinstance(spec, (list, tuple)):
        keys = list(spec)
        options = [(f"{k}. {spec[k]}" if isinstance(spec, dict) else str(k), k) for k in keys]
        initial = value if value in keys else None
        radio = widgets.RadioButtons(options=options, value=initial,
                                     layout=widgets.Layout(width="auto", max_width="100%"))
        radio.add_class("nnlib-choice")
        return widgets.VBox([label, radio]), lambda: radio.value if radio.value is not None else ""
    start = value if isinstance(value, (int, float)) and not isinstance(value, bool) else spec
    if isinstance(spec, int) and not isinstance(spec, bool):
        box = widgets.IntText(value=int(start), layout=widgets.Layout(width="9em"))
    else:
        box = widgets.FloatText(value=float(start), layout=widgets.Layout(width="9em"))
    box.add_class(f"nnlib-field-{name}")
    return widgets.HBox([label, box], layout=widgets.Layout(align_items="center")), lambda: box.value


def answer_widget(check: Callable, fields: dict, values: dict | None = None) -> widgets.VBox:
    """Fields for the answers named in `fields`, a Check button, and the check's Feedback below.

    `values` pre-fill the fields (the answers written in the notebook's code cell).
    """
    values = values or {}
    rows, readers = [], {}
    for name, spec in fields.items():
        row, read = _field(name, spec, values.get(name, spec))
        rows.append(row)
        readers[name] = read
    button = widgets.Button(description="Check", button_style="primary",
                            layout=widgets.Layout(width="8em"))
    button.add_class("nnlib-check")
    result = widgets.HTML("")
    result.add_class("nnlib-result")

    def on_click(_=None) -> None:
        feedback = check(**{name: read() for name, read in readers.items()})
        result.value = feedback._repr_html_()

    button.on_click(on_click)
    form = widgets.VBox([*rows, button, result])
    form.add_class("nnlib-answer")
    form.check = on_click  # for tests: press the button from Python
    return form
