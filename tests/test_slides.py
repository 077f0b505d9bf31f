"""`make slides`: every notebook is a slideshow with a slide per section and each explorer
on a slide of its own (the browser test in tests/browser/test_classroom.py presents one)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _slide_type(cell) -> str | None:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_sections_and_explorers_get_their_own_slides(path):
    cells = nbformat.read(path, as_version=4).cells
    assert [k for k, c in enumerate(cells) if _slide_type(c) is None] == [], \
        f"{path.name}: cells without slide metadata"
    sections = [k for k, c in enumerate(cells)
                if c.cell_type == "markdown" and re.match(r"#{1,2} ", c.source)]
    assert sections and all(_slide_type(cells[k]) == "slide" for k in sections), \
        f"{path.name}: a section heading that does not start a slide"
    explorers = [k for k, c in enumerate(cells) if c.cell_type == "code"
                 and any(WIDGET_VIEW in o.get("data", {}) and "image/png" in o.get("data", {})
                         for o in c.get("outputs", []))]
    assert explorers, f"{path.name}: no explorer output stored"
    for k in explorers:
        after = _slide_type(cells[k + 1]) if k + 1 < len(cells) else "slide"
        assert (_slide_type(cells[k]), after) == ("slide", "slide"), \
            f"{path.name}: the explorer in cell {k} shares its slide"
