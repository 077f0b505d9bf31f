"""Build the series as a static website: `make site`, or `python tools/build_site.py [OUT]`.

One HTML page per notebook (nbconvert's lab template with nnlib's changes, see
nnlib/_jupyter/nbconvert/templates/nnlib-site) and an index page, in build/site by default.
The pages show the stored outputs: every figure, and each explorer as its stored picture
with a line under it on how to run it live. Math is typeset by a MathJax that the site
carries itself (jupyter-server-mathjax's files, copied to _static/mathjax), solutions stay
folded (`<details>` in the notebooks), links between notebooks point at their pages, and no
page loads anything from another site. Open build/site/index.html, or serve the folder.
"""

from __future__ import annotations

import argparse
import copy
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
OUT = REPO / "build" / "site"
TEMPLATES = REPO / "nnlib" / "_jupyter" / "nbconvert" / "templates"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

LIVE_NOTE = (
    "This is a picture of a live explorer. To drag its sliders, run the notebook: "
    "<code>make lab</code> in a copy of the repository opens the series in JupyterLab "
    "(<code>make classroom</code> serves it to a class). Run the cells from the top, and the "
    "explorer answers every slider.")


def mathjax_files() -> Path:
    """MathJax 2.7 as jupyter-server-mathjax ships it (what Jupyter serves offline)."""
    import jupyter_server_mathjax

    return Path(jupyter_server_mathjax.__file__).resolve().parent / "static"


def title_of(nb) -> str:
    """The notebook's first heading, e.g. '01 · The artificial neuron'."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if match:
                return match.group(1).strip()
    raise ValueError("notebook has no '# title' heading in a markdown cell")


def as_pictures(nb):
    """A copy of `nb` whose explorers are their stored pictures, each with LIVE_NOTE below.

    An explorer's output is a widget view with a PNG beside it (what a page without a kernel
    can show). The widget view and the notebook's widget state go: without a kernel they
    would only say "loading widget".
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        explorer = False
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                explorer = explorer or "image/png" in data
        if explorer:
            note = nbformat.v4.new_markdown_cell(f'<p class="nnlib-live">{LIVE_NOTE}</p>')
            cells.append(note)
    nb.cells = cells
    return nb


def page_name(notebook: Path) -> str:
    return notebook.with_suffix(".html").name


def link_pages(text: str, names: set[str]) -> str:
    """Links to a notebook of the series (`02_….ipynb`) point at its page instead."""
    def repl(match):
        target = match.group(2)
        return (f'{match.group(1)}{Path(target).stem}.html{match.group(3)}'
                if target in names else match.group(0))

    return re.sub(r'(href=")([^"#/]+\.ipynb)(["#])', repl, text)


def exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name="nnlib-site", extra_template_basedirs=[str(TEMPLATES)],
        mathjax_url=f"_static/mathjax/MathJax.js?config={MATHJAX_CONFIG}")


def index_page(pages: list[dict]) -> str:
    items = "\n".join(f'  <li><a href="{p["href"]}">{html.escape(p["title"])}</a></li>'
                      for p in pages)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nnlib notebooks: from one neuron to backpropagation</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto;
         padding: 0 1em; line-height: 1.5; }}
</style>
</head>
<body>
<h1>From one neuron to backpropagation</h1>
<p>Six notebooks, read in order. Each page shows the notebook with its stored outputs:
every figure, and each explorer as a picture. To drag the explorers' sliders, run the
series: <code>make lab</code> in a copy of the repository.</p>
<ol>
{items}
</ol>
</body>
</html>
"""


def build(out: Path = OUT, notebooks: Path = NOTEBOOKS) -> list[Path]:
    """Write the site into `out` (emptied first); returns the pages written."""
    sources = sorted(notebooks.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no notebooks in {notebooks}")
    if out.exists():
        shutil.rmtree(out)
    (out / "_static").mkdir(parents=True)
    shutil.copytree(mathjax_files(), out / "_static" / "mathjax")
    read = [(src, nbformat.read(src, as_version=4)) for src in sources]
    pages = [{"href": page_name(src), "title": title_of(nb)} for src, nb in read]
    names = {src.name for src in sources}
    written = []
    for k, (src, nb) in enumerate(read):
        site = {"pages": [dict(p, current=(j == k)) for j, p in enumerate(pages)],
                "next": pages[k + 1] if k + 1 < len(pages) else None}
        body, _ = exporter().from_notebook_node(
            as_pictures(nb), resources={"nnlib_site": site, "metadata": {"name": src.stem}})
        path = out / page_name(src)
        path.write_text(link_pages(body, names), encoding="utf-8")
        written.append(path)
    (out / "index.html").write_text(index_page(pages), encoding="utf-8")
    return [out / "index.html", *written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pages = build(args.out)
    print(f"==> wrote {len(pages)} pages to {args.out}; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
