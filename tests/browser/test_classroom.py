"""The classroom and the ecosystem in Chromium, each started the way a teacher starts it
(`python -m nnlib.serve`, what `make lab/classroom/slides/notebook` run; `make site`'s
builder): nothing is fetched from outside, the slides and Notebook 7 keep the explorers live,
the static site typesets its math and links its pages.

Every request and websocket that is not to 127.0.0.1 is blocked and recorded; each test
fails on any. Lean on purpose: one notebook each (01), the Voila tree page, the six site
pages.
"""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import _lab

LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1[:/]")
START_TIMEOUT = 120.0


@dataclass
class Launched:
    server: _lab.Server
    url: str  # what the launcher printed last


def launch(kind: str, folder: Path, workdir: Path) -> Launched:
    """`python -m nnlib.serve KIND FOLDER` in an isolated environment; waits for its URL."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = _lab.isolated_env(workdir)
    port = _lab.free_port()
    log_path = workdir / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnlib.serve", kind, str(folder), "--port", str(port),
         "--no-browser"], cwd=_lab.REPO, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    lines: queue.Queue = queue.Queue()

    def pump():
        with open(log_path, "w") as log:
            for line in proc.stdout:
                log.write(line)
                log.flush()
                lines.put(line)
        proc.stdout.close()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    url = None
    while url is None:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
        except queue.Empty:
            proc.terminate()
            raise AssertionError(f"nnlib.serve {kind} printed no URL in {START_TIMEOUT:.0f} s:"
                                 f"\n{log_path.read_text()[-3000:]}")
        match = re.fullmatch(r"\s+(http://127\.0\.0\.1:\d+/\S*)\s*", line)
        url = match and match.group(1)
    token = (re.search(r"[?&]token=(\w+)", url) or [None, ""])[1]
    server = _lab.Server(f"nnlib.serve {kind}", proc, f"http://127.0.0.1:{port}/", token,
                         workdir, log_path)
    return Launched(server, url)


def block_outside(page) -> list[str]:
    """Abort every request and websocket that leaves 127.0.0.1; returns the list of them."""
    attempted: list[str] = []

    def abort(route):
        attempted.append(route.request.url)
        route.abort()

    page.route(lambda url: not LOCAL.match(url) and urlsplit(url).scheme in
               ("http", "https"), abort)
    page.on("websocket", lambda ws: None if LOCAL.match(ws.url) else attempted.append(ws.url))
    return attempted


@pytest.fixture(scope="module")
def classroom(workdir, notebook_copy):
    launched = launch("classroom", notebook_copy, workdir / "classroom")
    yield launched
    launched.server.stop()


@pytest.fixture(scope="module")
def launched_lab(workdir, notebook_copy):
    launched = launch("lab", notebook_copy, workdir / "launched-lab")
    yield launched
    launched.server.stop()


def test_nothing_fetched_from_outside_in_jupyterlab(launched_lab, page):
    attempted = block_outside(page)
    page.goto(launched_lab.url, wait_until="domcontentloaded", timeout=120_000)
    name = "01_the_neuron.ipynb"
    _lab.open_notebook(page, launched_lab.server, name)
    _lab.restart_run_all(page)  # the explorers and exercise widgets, live
    page.locator(".jp-NotebookPanel mjx-container").first.wait_for(state="attached")
    time.sleep(2)  # anything the fresh outputs load
    assert not page.locator(".Toastify__toast").filter(has_text="news").count(), \
        "JupyterLab asks about news on first open"
    assert not attempted, f"JupyterLab tried to fetch from outside: {attempted}"
    errors = [e for e in page.console_log.entries if "ERR_" in e]
    assert not errors, errors


def test_nothing_fetched_from_outside_in_voila(classroom, notebook_copy, page):
    attempted = block_outside(page)
    assert classroom.url == classroom.server.base_url, \
        f"the loopback classroom should need no token; it printed {classroom.url}"
    page.goto(classroom.url, wait_until="load", timeout=60_000)
    links = page.locator(".jp-DirListing-item", has_text=".ipynb")  # the series, listed
    links.first.wait_for(state="attached")
    assert links.count() == len(_lab.notebook_names(notebook_copy)), page.content()[:2000]
    page.goto(f"{classroom.url}voila/render/01_the_neuron.ipynb", wait_until="load",
              timeout=180_000)
    page.locator(".jupyter-widgets").first.wait_for(state="attached")
    page.locator("mjx-container").first.wait_for(state="attached")
    time.sleep(2)
    assert not attempted, f"Voila tried to fetch from outside: {attempted}"
    errors = [e for e in page.console_log.entries if "ERR_" in e or "RUNTIME" in e]
    assert not errors, errors


@pytest.fixture(scope="module")
def slides(workdir, notebook_copy):
    launched = launch("slides", notebook_copy, workdir / "slides")
    yield launched
    launched.server.stop()


# The explorer's picture: the project's canvas (nnlib.explorers' anywidget), else whatever
# canvas or image the explorer's output shows.
PICTURE = "canvas.nnlib-frame-canvas, .jp-OutputArea-output canvas, .jp-OutputArea-output img"


def drag_first_slider(page, where) -> None:
    """Drag the first slider handle inside `where` 40 px to the right, as a hand would."""
    handle = where.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y, steps=5)
    page.mouse.up()


def wait_picture_changes(picture, before: bytes, what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while picture.screenshot() == before:
        assert time.monotonic() < deadline, f"{what}: moving the slider left the explorer unchanged"
        time.sleep(0.3)


def test_explorer_is_live_on_its_slide(slides, page):
    """`make slides`: a notebook as slides; on the explorer's slide a slider redraws it."""
    attempted = block_outside(page)
    assert "/voila/render/01_" in slides.url, slides.url
    page.goto(slides.url, wait_until="load", timeout=180_000)
    page.locator(".reveal .slides section").first.wait_for(state="visible")
    present = page.locator(".reveal .slides section.present")
    for _ in range(60):  # Space through the slides to the first with a slider
        if present.locator(".widget-slider").count():
            break
        page.keyboard.press("Space")
        time.sleep(0.3)
    else:
        raise AssertionError("no slide with an explorer's slider")
    picture = present.locator(PICTURE).first
    picture.wait_for(state="visible")
    time.sleep(1)  # the first frame
    before = picture.screenshot()
    drag_first_slider(page, present)
    wait_picture_changes(picture, before, "slides")
    assert present.locator(PICTURE).count(), "the explorer left its slide"
    assert not attempted, f"the slides tried to fetch from outside: {attempted}"
    errors = [e for e in page.console_log.entries if "ERR_" in e or "RUNTIME" in e]
    assert not errors, errors


@pytest.fixture(scope="module")
def site_url(workdir):
    """The static site (`make site`), built into the test's folder and served on 127.0.0.1."""
    import functools
    import http.server
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_site",
                                                  _lab.REPO / "tools" / "build_site.py")
    build_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_site)
    out = workdir / "site"
    build_site.build(out, _lab.NOTEBOOKS)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


# After MathJax: markdown text (code, scripts and MathJax's own output left out) that still
# holds a $, and the images that did not load.
SITE_PAGE_JS = r"""
() => {
  const raw = [];
  for (const md of document.querySelectorAll('.jp-RenderedMarkdown')) {
    const copy = md.cloneNode(true);
    copy.querySelectorAll('code, pre, script, .MathJax, .MathJax_Display, .MathJax_Preview')
        .forEach((el) => el.remove());
    const m = copy.textContent.match(/.{0,30}\$.{0,30}/);
    if (m) raw.push(m[0]);
  }
  const broken = [...document.images].filter((img) => !img.complete || !img.naturalWidth)
      .map((img) => img.src.slice(0, 60));
  return {raw, broken, images: document.images.length,
          math: document.querySelectorAll('.MathJax, .MathJax_Display').length,
          open: document.querySelectorAll('details[open]').length,
          details: document.querySelectorAll('details').length};
}
"""

MATHJAX_DONE_JS = r"""
() => !!(window.MathJax && MathJax.Hub && MathJax.Hub.queue
         && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running
         && document.querySelectorAll('.MathJax, .MathJax_Display').length
         && !document.querySelector('.MathJax_Processing, .MathJax_Preview:not(:empty)'))
"""


def test_static_site_offline_math_images_links(site_url, page):
    """`make site`: with every outside request blocked, each page typesets its math, shows
    every image, keeps solutions folded, and its 'Next' link opens the next notebook."""
    attempted = block_outside(page)
    page.goto(site_url, wait_until="load")
    first = page.locator("ol a").first
    expected = page.locator("ol a").count()
    first.click()
    seen = []
    while True:
        page.wait_for_load_state("load")
        page.wait_for_function(MATHJAX_DONE_JS, timeout=60_000)
        state = page.evaluate(SITE_PAGE_JS)
        name = page.url.rsplit("/", 1)[-1]
        seen.append(name)
        assert state["math"] and not state["raw"], f"{name}: math left raw: {state['raw']}"
        assert state["images"] and not state["broken"], f"{name}: images {state['broken']}"
        assert state["details"] and not state["open"], f"{name}: solutions unfolded"
        following = page.locator('.nnlib-nav.bottom a[rel="next"]')
        if not following.count():
            break
        following.click()
    assert len(seen) == expected == 6 and len(set(seen)) == 6, seen
    assert not attempted, f"the site tried to fetch from outside: {attempted}"


@pytest.fixture(scope="module")
def notebook7(workdir, notebook_copy):
    launched = launch("notebook", notebook_copy, workdir / "notebook7")
    yield launched
    launched.server.stop()


# The toolbar names the kernel once one is connected, and its indicator says idle.
NOTEBOOK7_KERNEL_READY_JS = r"""
() => {
  const name = document.querySelector('.jp-NotebookPanel-toolbar .jp-KernelName');
  const state = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  return !!(name && !/No Kernel/.test(name.textContent)
            && state && state.getAttribute('data-status') === 'idle');
}
"""


def test_notebook_7_runs_the_series_live(notebook7, page):
    """`make notebook`: notebook 01 in Notebook 7, Run All, its explorer answers a slider."""
    attempted = block_outside(page)
    assert "/tree?token=" in notebook7.url, notebook7.url
    page.goto(notebook7.server.url("notebooks/01_the_neuron.ipynb"), wait_until="load",
              timeout=120_000)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="attached")
    deadline = time.monotonic() + 120
    while not page.evaluate(NOTEBOOK7_KERNEL_READY_JS):
        assert time.monotonic() < deadline, "Notebook 7's kernel never became idle"
        time.sleep(0.5)
    _lab.run_menu(page, "Run", "runmenu:run-all")
    _lab.wait_run_all(page)
    explorer = page.locator(".jp-OutputArea-output", has=page.locator(".widget-slider")).filter(
        has=page.locator(PICTURE)).first
    picture = explorer.locator(PICTURE).first
    picture.scroll_into_view_if_needed()
    picture.wait_for(state="visible")
    time.sleep(1)
    before = picture.screenshot()
    drag_first_slider(page, explorer)
    wait_picture_changes(picture, before, "Notebook 7")
    assert not attempted, f"Notebook 7 tried to fetch from outside: {attempted}"
