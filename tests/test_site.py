"""tools/build_site.py (`make site`): the static site's pages, links, figures and sources.

What a browser makes of it (math typeset, images loaded, no request leaving the machine) is
tested in tests/browser/test_classroom.py.
"""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("build_site", REPO / "tools" / "build_site.py")
build_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_site)

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


class Links(HTMLParser):
    """Every src/href of a page, and the tags around them."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.details_open = 0
        self.details = 0
        self.navs: list[list[tuple[str, str]]] = []  # per nav bar: (href, class) of its links
        self._in_nav = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name) is not None:
                self.refs.append((tag, name, attrs[name]))
        if tag == "details":
            self.details += 1
            self.details_open += "open" in attrs
        if tag == "nav" and "nnlib-nav" in (attrs.get("class") or ""):
            self._in_nav = True
            self.navs.append([])
        elif tag == "a" and self._in_nav:
            self.navs[-1].append((attrs.get("href"), attrs.get("class") or ""))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    pages = build_site.build(out)
    return out, pages


def _parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_one_page_per_notebook_and_an_index(site):
    out, pages = site
    assert [p.name for p in pages] == ["index.html"] + [nb.with_suffix(".html").name
                                                       for nb in NOTEBOOKS]
    index = _parse(out / "index.html")
    assert [v for t, a, v in index.refs if t == "a"] == [p.name for p in pages[1:]]


def test_nothing_comes_from_another_site(site):
    out, pages = site
    for page in pages:
        for tag, attr, value in _parse(page).refs:
            if value.startswith(("#", "data:")):
                continue
            assert not re.match(r"^([a-z]+:)?//", value), f"{page.name}: <{tag} {attr}={value}>"
            target = (out / value.split("?")[0].split("#")[0])
            assert target.is_file(), f"{page.name}: <{tag} {attr}={value}> points at nothing"


def test_math_is_typeset_by_the_sites_own_mathjax(site):
    out, pages = site
    for page in pages[1:]:
        scripts = [v for t, a, v in _parse(page).refs if t == "script"]
        assert scripts == [f"_static/mathjax/MathJax.js?config={build_site.MATHJAX_CONFIG}"]
    for name in build_site.MATHJAX_CONFIG.split(","):
        assert (out / "_static" / "mathjax" / "config" / f"{name}.js").is_file(), name


def test_navigation_links_every_notebook_and_marks_the_current_one(site):
    out, pages = site
    names = [p.name for p in pages[1:]]
    for k, page in enumerate(pages[1:]):
        navs = _parse(page).navs
        assert len(navs) == 2, f"{page.name}: {len(navs)} navigation bars"
        for links in navs:
            assert [href for href, _ in links[:7]] == ["index.html", *names]
            assert [href for href, cls in links if "current" in cls] == [names[k]]
        nexts = [href for href, _ in navs[1][7:]]
        assert nexts == names[k + 1:k + 2], f"{page.name}: 'Next' goes to {nexts}"
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*\.ipynb', text), f"{page.name} links a notebook"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_every_explorer_note_every_folded_solution(site, notebook):
    out, _ = site
    nb = nbformat.read(notebook, as_version=4)
    text = (out / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    pngs = sum("image/png" in o.get("data", {}) for o in outputs)
    explorers = sum({"image/png", build_site.WIDGET_VIEW} <= set(o.get("data", {}))
                    for o in outputs)
    assert pngs and text.count('src="data:image/png;base64,') == pngs
    assert text.count('class="nnlib-live"') == explorers
    assert build_site.WIDGET_VIEW not in text and "jupyter-widgets" not in text
    solutions = sum(c.source.count("<details") for c in nb.cells if c.cell_type == "markdown")
    links = _parse(out / notebook.with_suffix(".html").name)
    assert links.details == solutions and links.details_open == 0


def test_as_pictures_leaves_the_notebook_alone():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    before = nbformat.writes(nb)
    pictures = build_site.as_pictures(nb)
    assert nbformat.writes(nb) == before
    assert "widgets" not in pictures.metadata
    assert len(pictures.cells) > len(nb.cells)


def test_a_notebook_without_a_title_is_named():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("no heading")])
    with pytest.raises(ValueError, match="no '# title' heading"):
        build_site.title_of(nb)
