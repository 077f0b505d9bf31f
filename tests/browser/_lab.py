"""The one way to start JupyterLab, Voila and Chromium for the browser tests and benchmark.

Used by tests/browser (pytest fixtures) and benchmarks/bench_browser.py. Everything is
isolated: servers listen on 127.0.0.1 with a random token, use temporary runtime/config/
settings directories, never check for updates or fetch news; Chromium gets a temporary
profile and flags that stop its own background traffic.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# Overridable to try the suite on other notebooks without touching the repo's pictures.
NOTEBOOKS = Path(os.environ.get("NNLIB_BROWSER_NOTEBOOKS", REPO / "notebooks"))
SCREENSHOTS = Path(os.environ.get("NNLIB_BROWSER_SCREENSHOTS", REPO / "docs" / "screenshots"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Holds voila/templates/nnlib, the template `make classroom` serves with (nnlib/serve.py).
VOILA_JUPYTER_PATH = REPO / "nnlib" / "_jupyter"

CHROMIUM = os.environ.get("NNLIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Only our own servers: any other host name resolves to nothing, so a page that tries
    # to load something from the internet fails the same way on every machine (and the
    # console error names it).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}

# Generous: two shared cores, several helpers busy at once.
SERVER_START_TIMEOUT = 120.0
RUN_ALL_TIMEOUT = 240.0
PIXEL_TIMEOUT = 5.0


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(workdir: Path) -> dict[str, str]:
    """Environment for a server: temporary Jupyter/IPython dirs, no inherited backends."""
    dirs = {
        "JUPYTER_RUNTIME_DIR": workdir / "runtime",
        "JUPYTER_CONFIG_DIR": workdir / "config",
        "JUPYTER_DATA_DIR": workdir / "data",
        "IPYTHONDIR": workdir / "ipython",
        "MPLCONFIGDIR": workdir / "matplotlib",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({name: str(path) for name, path in dirs.items()})
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    for name in ("MPLBACKEND", "JUPYTER_TOKEN", "JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH"):
        env.pop(name, None)
    # The kernel imports the nnlib of this checkout even where it is not installed
    # (an explicit PYTHONPATH still comes first).
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(REPO)]))
    return env


@dataclass
class Server:
    """A running jupyter lab / voila process on 127.0.0.1 with a token."""

    kind: str
    proc: subprocess.Popen
    base_url: str  # ends with "/"
    token: str
    workdir: Path
    log_path: Path

    @property
    def runtime_dir(self) -> Path:
        return self.workdir / "runtime"

    def url(self, path: str, **query: str) -> str:
        sep = "&" if "?" in path else "?"
        extra = "".join(f"&{k}" if v == "" else f"&{k}={v}" for k, v in query.items())
        return f"{self.base_url}{path}{sep}token={self.token}{extra}"

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


def status_without_token(server: Server, path: str = "") -> int:
    """HTTP status of `path` asked without the token, redirects not followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(f"{server.base_url}{path}", timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_ready(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.kind} exited with {server.proc.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url(path), timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"{server.kind} did not answer within {timeout:.0f} s ({last}):\n"
                       f"{server.log_tail()}")


# Lab settings (user-settings dir): no news or update checks, every cell attached to the DOM
# (so locators see all of them), no autosave of the served copies; the restart question is
# kept (the test answers it, as a teacher would).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/sessionDialogs": {"skipKernelRestartDialog": False},
}

LAB_CONFIG = """\
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
c.ServerApp.terminals_enabled = False
"""


def start_lab(root: Path, workdir: Path, disabled: tuple[str, ...] = (),
              stock: bool = False) -> Server:
    """`jupyter lab` serving `root` on 127.0.0.1:<free port> with a random token and the
    kernel options `make lab` gives (`nnlib.serve.kernel_args`; `stock`: jupyter_server's
    defaults instead); front-end extensions named in `disabled` are off (as `jupyter
    labextension disable` would do)."""
    from nnlib.serve import kernel_args

    workdir.mkdir(parents=True, exist_ok=True)
    env = isolated_env(workdir)
    if disabled:
        labconfig = workdir / "config" / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {name: True for name in disabled}}))
    settings = workdir / "lab-user-settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    (workdir / "config" / "jupyter_lab_config.py").write_text(LAB_CONFIG)
    port, token = free_port(), secrets.token_hex(24)
    log_path = workdir / "lab.log"
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={workdir / 'lab-workspaces'}",
        *([] if stock else kernel_args()),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers, CI
        cmd.append("--ServerApp.allow_root=True")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    server = Server("jupyter lab", proc, f"http://127.0.0.1:{port}/", token, workdir, log_path)
    _wait_ready(server, "api/status", SERVER_START_TIMEOUT)
    return server


def start_voila(target: Path, workdir: Path, strip_sources: bool = True) -> Server:
    """`voila <notebook or folder>` on 127.0.0.1:<free port> with a random token."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = isolated_env(workdir)
    # nnlib's Voila template (what `make classroom` uses): no CDN links, no Notebook 7 lab
    # extension in Voila.
    # A missing template is no start-up error: Voila would stream heartbeats forever.
    template = VOILA_JUPYTER_PATH / "voila" / "templates" / "nnlib" / "index.html.j2"
    if not template.is_file():
        raise FileNotFoundError(f"nnlib's Voila template is missing: {template}")
    env["JUPYTER_PATH"] = str(VOILA_JUPYTER_PATH)
    port, token = free_port(), secrets.token_hex(24)
    log_path = workdir / "voila.log"
    cmd = [
        sys.executable, "-m", "voila", str(target), "--no-browser",
        "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
        f"--Voila.token={token}", f"--strip_sources={strip_sources}", "--template=nnlib",
        "--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=target.parent, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server("voila", proc, f"http://127.0.0.1:{port}/", token, workdir, log_path)
    # A static file: asking for "/" would already execute the notebook.
    _wait_ready(server, "voila/static/voila.js", SERVER_START_TIMEOUT)
    return server


def copy_notebooks(src: Path, dst: Path) -> Path:
    """A throwaway copy of the notebooks (and anything they read beside them)."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dst


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A notebook of these code cells for the python3 kernel, written to `path`."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def notebook_names(folder: Path = NOTEBOOKS) -> list[str]:
    return sorted(p.name for p in folder.glob("*.ipynb"))


# --------------------------------------------------------------------------- browser


def launch_browser(playwright, user_data_dir: Path):
    """A Chromium context with a temporary profile (Playwright's persistent context)."""
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport=VIEWPORT, device_scale_factor=1, accept_downloads=False,
        service_workers="block")


@dataclass
class ConsoleLog:
    """Console errors and uncaught page errors of one page."""

    entries: list[str] = field(default_factory=list)

    def attach(self, page) -> "ConsoleLog":
        def on_console(message):
            if message.type == "error":
                loc = message.location or {}
                self.entries.append(f"console.error: {message.text} "
                                    f"({loc.get('url', '')}:{loc.get('lineNumber', '')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.entries.append(f"pageerror: {error}"))
        return self

    def errors(self, allow: list[tuple[str, str]]) -> list[str]:
        """Entries that match none of the (regex, reason) allowlist patterns."""
        return [e for e in self.entries if not any(re.search(rx, e) for rx, _ in allow)]


def _ws_message(payload) -> tuple[str, dict] | None:
    """(channel, message) of a kernel websocket frame: JSON, or the v1 binary protocol
    (jupyter_server's serialize_msg_to_ws_v1: offsets, channel, header, parent, metadata,
    content, buffers)."""
    try:
        if isinstance(payload, str):
            msg = json.loads(payload)
            return msg.get("channel", ""), msg
        n = int.from_bytes(payload[:8], "little")
        offsets = [int.from_bytes(payload[8 * (k + 1):8 * (k + 2)], "little") for k in range(n)]
        parts = [payload[offsets[k]:offsets[k + 1]] for k in range(n - 1)]
        channel = parts[0].decode("utf-8")
        header, _parent, _metadata, content = (json.loads(p) for p in parts[1:5])
        return channel, {"header": header, "content": content}
    except Exception:  # not a kernel message (or binary buffers we don't read)
        return None


@dataclass
class KernelErrors:
    """Errors and stderr the kernel sends to the page (iopub), wherever the page puts them:
    JupyterLab shows widget-callback tracebacks only in its log console, Voila nowhere."""

    entries: list[str] = field(default_factory=list)  # tracebacks (iopub "error")
    stderr: list[str] = field(default_factory=list)  # iopub "stream" to stderr

    def stderr_lines(self, allow: list[tuple[str, str]]) -> list[str]:
        """stderr lines that match none of the (regex, reason) allowlist patterns."""
        lines = "".join(self.stderr).splitlines()
        return [ln for ln in lines
                if ln.strip() and not any(re.search(rx, ln) for rx, _ in allow)]

    def attach(self, page) -> "KernelErrors":
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        return self

    def _frame(self, payload) -> None:
        # An exception here would surface in whatever Playwright call runs next: none.
        try:
            self._read(payload)
        except Exception as error:  # noqa: BLE001
            self.stderr.append(f"(unreadable kernel message: {error!r})\n")

    def _read(self, payload) -> None:
        parsed = _ws_message(payload)
        if not parsed or parsed[0] != "iopub":
            return
        msg = parsed[1]
        kind, content = msg.get("header", {}).get("msg_type"), msg.get("content", {})
        if kind == "error":
            tb = "\n".join(content.get("traceback", []))
            tb = re.sub(r"\x1b\[[0-9;]*m", "", tb)
            self.entries.append(f"kernel error {content.get('ename')}: {content.get('evalue')}"
                                f"\n{tb[-1500:]}")
        elif kind == "stream" and content.get("name") == "stderr":
            self.stderr.append(content.get("text", ""))


# --------------------------------------------------------------------------- in-page helpers

# Explorers: every nnlib canvas (a box .nnlib-canvas holding a <canvas> or, as the fallback,
# an <img>) whose outermost enclosing widget box also holds at least one control. The root is
# tagged data-nnlib-explorer=<i> and every control data-nnlib-control=<i>.<j> (document
# order), so Playwright locators can find them. A figure's label is its slot's own class
# (nnlib-canvas-<n>), which the kernel probe reads too.
CANVAS_SELECTOR = ".nnlib-canvas canvas.nnlib-frame-canvas, .nnlib-canvas img"
TAG_EXPLORERS_JS = r"""
() => {
  const CONTROL = [
    '.widget-slider', '.widget-dropdown', '.widget-play', '.widget-checkbox',
    '.widget-toggle-buttons', '.widget-radio', '.widget-toggle-button', 'button.jupyter-button',
  ].join(',');
  const isControl = (el) => el.matches(CONTROL)
      && !el.closest('.nnlib-canvas')
      && !(el.matches('button') && el.parentElement.closest(CONTROL));
  const roots = [];
  for (const slot of document.querySelectorAll('.nnlib-canvas')) {
    let root = slot, el = slot.parentElement;
    while (el && !el.matches('.jp-OutputArea-output, .jp-Cell, body')) {
      if (el.matches('.widget-container, .widget-box, .jupyter-widgets.widget-inline-hbox'))
        root = el;
      el = el.parentElement;
    }
    if (!roots.includes(root)) roots.push(root);
  }
  const out = [];
  for (const root of roots) {
    const controls = [...root.querySelectorAll(CONTROL)].filter(isControl);
    const slots = root.querySelectorAll('.nnlib-canvas');
    if (!controls.length) continue;
    const i = out.length;
    root.setAttribute('data-nnlib-explorer', String(i));
    const labels = [...slots].map(
        (c) => [...c.classList].find((k) => /^nnlib-canvas-\d+$/.test(k)) || '');
    controls.forEach((c, j) => c.setAttribute('data-nnlib-control', `${i}.${j}`));
    out.push({index: i, figures: labels, controls: controls.length});
  }
  return out;
}
"""

# What the browser shows for each control of explorer i (document order).
READ_CONTROLS_JS = r"""
(i) => {
  const root = document.querySelector(`[data-nnlib-explorer="${i}"]`);
  // label: what a reader sees (typeset math included, via MathJax's assistive MathML);
  // plain: the label without typeset math, comparable with the description minus $...$.
  const labelOf = (el) => {
    const label = el.querySelector(':scope > .widget-label, :scope > label, .widget-label-basic');
    if (!label) return {label: '', plain: ''};
    const copy = label.cloneNode(true);
    copy.querySelectorAll('mjx-container, .MathJax').forEach((m) => m.replaceWith(' '));
    return {label: label.textContent.trim(), plain: copy.textContent.trim()};
  };
  return [...root.querySelectorAll('[data-nnlib-control]')].map((el) => {
    const id = el.getAttribute('data-nnlib-control');
    const base = {id, ...labelOf(el)};
    if (el.matches('.widget-slider')) {
      const handle = el.querySelector('.noUi-handle');
      const readout = el.querySelector('.widget-readout');
      return {...base, kind: 'slider',
              readout: readout ? readout.textContent.trim() : null,
              now: handle ? Number(handle.getAttribute('aria-valuenow')) : null,
              min: handle ? Number(handle.getAttribute('aria-valuemin')) : null,
              max: handle ? Number(handle.getAttribute('aria-valuemax')) : null,
              disabled: !!el.querySelector('[disabled]') || el.querySelector('.noUi-target[disabled]') !== null};
    }
    if (el.matches('.widget-dropdown')) {
      const select = el.querySelector('select');
      return {...base, kind: 'dropdown', value: select.value,
              selectedIndex: select.selectedIndex, options: select.options.length,
              disabled: select.disabled};
    }
    if (el.matches('.widget-play')) return {...base, kind: 'play'};
    if (el.matches('.widget-checkbox')) {
      const input = el.querySelector('input');
      return {...base, kind: 'checkbox', value: input.checked, disabled: input.disabled};
    }
    if (el.matches('.widget-toggle-buttons, .widget-radio')) {
      const items = [...el.querySelectorAll('button, input')];
      const active = items.findIndex((b) => b.classList.contains('mod-active') || b.checked);
      return {...base, kind: 'choice', value: active, options: items.length};
    }
    if (el.matches('.widget-toggle-button')) {
      return {...base, kind: 'toggle', value: el.classList.contains('mod-active'),
              label: el.textContent.trim()};
    }
    return {...base, kind: 'button', label: el.textContent.trim(), disabled: el.disabled};
  });
}
"""

# Canvas content of explorer i (all its figures): data URLs, compared as strings.
SIGNATURE_JS = r"""
(i) => {
  const root = document.querySelector(`[data-nnlib-explorer="${i}"]`);
  return [...root.querySelectorAll('.nnlib-canvas canvas.nnlib-frame-canvas, .nnlib-canvas img')]
    .map((c) => c.tagName === 'IMG' ? c.src
                : (c.width && c.height) ? c.toDataURL() : '').join('|');
}
"""

CHANGED_JS = f"([i, before]) => ({SIGNATURE_JS.strip()})(i) !== before"

STDERR_OUTPUTS_JS = r"""
() => [...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    + '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], '
    + '.jp-OutputArea-output.jp-mod-error')]
  .filter((el) => !el.closest('.jp-LogConsole'))
  .map((el) => el.textContent)
"""


def tag_explorers(page) -> list[dict]:
    return page.evaluate(TAG_EXPLORERS_JS)


def read_controls(page, i: int) -> list[dict]:
    return page.evaluate(READ_CONTROLS_JS, i)


def signature(page, i: int) -> str:
    return page.evaluate(SIGNATURE_JS, i)


def wait_changed(page, i: int, before: str, timeout: float = PIXEL_TIMEOUT) -> bool:
    """Poll (in the page) until explorer i's canvases differ from `before`."""
    try:
        page.wait_for_function(CHANGED_JS, arg=[i, before], timeout=timeout * 1000, polling=50)
        return True
    except Exception as error:  # playwright TimeoutError
        if "Timeout" in type(error).__name__ or "Timeout" in str(error):
            return False
        raise


# --------------------------------------------------------------------------- JupyterLab UI


def run_menu(page, menu: str, command: str, timeout: float = 30.0) -> None:
    """Run a JupyterLab command from the main menu bar (menu label, item data-command)."""
    page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).first.click(
        timeout=timeout * 1000)
    item = page.locator(f'.lm-Menu .lm-Menu-item[data-command="{command}"]').first
    item.click(timeout=timeout * 1000)


PROMPTS_JS = r"""
() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map((cell) => {
  const prompt = cell.querySelector('.jp-InputPrompt');
  const code = cell.querySelector('.jp-InputArea-editor .cm-content');
  return {prompt: prompt ? prompt.textContent.trim() : '',
          empty: code ? code.textContent.trim() === '' : false};
})
"""

KERNEL_STATUS_JS = r"""
() => {
  const el = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  return el ? el.getAttribute('data-status') : null;
}
"""


def notebook_state(page) -> tuple[str | None, list[dict]]:
    return page.evaluate(KERNEL_STATUS_JS), page.evaluate(PROMPTS_JS)


def wait_run_all(page, timeout: float = RUN_ALL_TIMEOUT) -> None:
    """After clear-all + Restart & Run All: wait until the run has started (a cell queued or
    counted), then until no cell is queued and every non-empty code cell has a count.

    Fails fast on an error output (the rest of the notebook will never run).
    """
    deadline = time.monotonic() + timeout
    started = False
    while True:
        status, cells = notebook_state(page)
        prompts = [c["prompt"] for c in cells]
        pending = [k for k, c in enumerate(cells)
                   if not c["empty"] and not re.fullmatch(r"\[\d+\]:", c["prompt"])]
        queued = "[*]:" in prompts
        started = started or queued or any(re.fullmatch(r"\[\d+\]:", p) for p in prompts)
        errors = page.evaluate(STDERR_OUTPUTS_JS)
        tracebacks = [e for e in errors if "Traceback" in e or "Error" in e]
        if tracebacks:
            raise AssertionError("a cell raised during Restart & Run All:\n"
                                 + "\n---\n".join(t[-2000:] for t in tracebacks))
        if started and not queued and status == "idle":
            if pending:
                raise AssertionError(f"Restart & Run All stopped before code cells {pending} "
                                     f"(prompts: {prompts})")
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"Restart & Run All did not {'finish' if started else 'start'}"
                                 f" within {timeout:.0f} s (kernel {status}, prompts {prompts})")
        time.sleep(0.2)


def dismiss_dialog(page, timeout: float = 10.0) -> bool:
    """Accept a JupyterLab dialog (restart confirmation, kernel choice) if one shows up."""
    button = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    try:
        button.wait_for(state="visible", timeout=timeout * 1000)
    except Exception:
        return False
    button.click()
    return True


def open_notebook(page, lab: Server, name: str, timeout: float = 120.0) -> None:
    """Open notebook `name` in its own workspace (nothing restored from another test)."""
    workspace = re.sub(r"[^A-Za-z0-9]", "", name)
    page.goto(lab.url(f"lab/workspaces/{workspace}/tree/{name}", reset=""),
              wait_until="domcontentloaded", timeout=timeout * 1000)
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(
        state="attached", timeout=timeout * 1000)
    # Collapse the file browser (click its active tab): the notebook gets the full width,
    # as on a projector, and wide explorers are not squeezed.
    sidebar_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if sidebar_tab.count():
        sidebar_tab.first.click()
    # The kernel of a freshly opened notebook: wait until it is up (or a kernel dialog).
    # The status bar says "<kernel name> | Idle" only once a kernel is connected (the
    # toolbar's execution indicator already says idle before there is any kernel).
    deadline = time.monotonic() + timeout
    while not page.evaluate(KERNEL_READY_JS):
        if page.locator(".jp-Dialog").count():
            dismiss_dialog(page, timeout=5)
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}: kernel never became idle after opening "
                                 f"(status bar: {page.locator('.jp-StatusBar-Widget').inner_text()!r})")
        time.sleep(0.2)


KERNEL_READY_JS = r"""
() => [...document.querySelectorAll('.jp-StatusBar-Widget .jp-StatusBar-TextItem')]
  .some((el) => /\|\s*Idle\s*$/.test(el.textContent) && !/No Kernel/.test(el.textContent))
"""


def restart_run_all(page) -> None:
    """Clear outputs (so stale execution counts can't pass), then Restart & Run All."""
    run_menu(page, "Edit", "editmenu:clear-all")
    page.locator(".lm-Menu").first.wait_for(state="detached")
    for attempt in range(3):
        run_menu(page, "Kernel", "runmenu:restart-and-run-all")
        if dismiss_dialog(page, timeout=15):  # "Restart Kernel?" -> Confirm
            break
    else:
        raise AssertionError("the Restart Kernel dialog never appeared")
    wait_run_all(page)


def session_kernel(lab: Server, name: str) -> dict:
    """The kernel model of the session whose notebook path is `name`."""
    for session in lab.api("api/sessions"):
        if session.get("path") == name or session.get("notebook", {}).get("path") == name:
            return session
    raise AssertionError(f"no kernel session for {name}")


# --------------------------------------------------------------------------- kernel queries

# Run in the notebook's kernel: for every nnlib canvas shown inside a widget box, the box's
# valued controls in display order (the order the browser shows them).
KERNEL_PROBE = r"""
def __nnlib_probe():
    import json
    import ipywidgets as W
    from ipywidgets.widgets.widget import _instances
    widgets = list(_instances.values())

    def kids(w):
        return list(getattr(w, "children", ()) or ())

    def walk(w):
        yield w
        for c in kids(w):
            yield from walk(c)

    def fmt(w):
        f = getattr(w, "readout_format", None)
        try:
            if isinstance(w, (W.SelectionSlider,)):
                return str(w.label)
            if isinstance(w, W.FloatLogSlider):
                return format(w.value, f)
            return format(w.value, f) if f else str(w.value)
        except Exception:
            return str(w.value)

    contained = set()
    for w in widgets:
        for c in kids(w):
            contained.add(id(c))
    out = []
    for root in widgets:
        if id(root) in contained or not kids(root):
            continue
        all_ = list(walk(root))
        figs = [w for w in all_ if type(w).__name__ == "CanvasSlot"]
        if not figs:
            continue
        controls = []
        for w in all_:
            if isinstance(w, (W.Box, W.Output, W.Image)) or type(w).__name__ == "FrameCanvas":
                continue
            if isinstance(w, (W.Label, W.HTML, W.HTMLMath)):
                continue
            kind = type(w).__name__
            entry = {"kind": kind, "description": getattr(w, "description", ""),
                     "model_id": w.model_id}
            if isinstance(w, W.Button):
                pass
            elif isinstance(w, W.Play):
                entry["value"] = w.value
            elif hasattr(w, "label") and hasattr(w, "options"):
                entry["value"] = w.label
                entry["readout"] = str(w.label)
            elif hasattr(w, "value"):
                v = w.value
                entry["value"] = v if isinstance(v, (int, float, str, bool)) or v is None else repr(v)
                entry["readout"] = fmt(w)
            controls.append(entry)
        out.append({"figures": [f.uid for f in figs], "controls": controls})
    return json.dumps(out)
__nnlib_probe_result = __nnlib_probe()
del __nnlib_probe
"""


def kernel_json(runtime_dir: Path, kernel_id: str, code: str, timeout: float = 60.0) -> Any:
    """Run `code` (which sets `__nnlib_probe_result` to a JSON string) in a running kernel
    (via its connection file) and return the decoded result."""
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient()
    client.load_connection_file(str(runtime_dir / f"kernel-{kernel_id}.json"))
    client.start_channels()
    try:
        client.wait_for_ready(timeout=timeout)
        msg_id = client.execute(code, silent=True, store_history=False,
                                user_expressions={"r": "__nnlib_probe_result"})
        reply = client.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=timeout)
        content = reply["content"]
        if content["status"] != "ok":
            raise AssertionError(f"kernel probe failed: {content.get('ename')}: "
                                 f"{content.get('evalue')}")
        result = content["user_expressions"]["r"]
        if result.get("status") != "ok":
            raise AssertionError(f"kernel probe failed: {result}")
        text = result["data"]["text/plain"]
        client.execute("del __nnlib_probe_result", silent=True, store_history=False)
        return json.loads(eval(text))  # repr of a str -> str  # noqa: S307
    finally:
        client.stop_channels()


def kernel_controls(runtime_dir: Path, kernel_id: str, timeout: float = 60.0) -> list[dict]:
    """Ask a running kernel what its explorer controls hold."""
    return kernel_json(runtime_dir, kernel_id, KERNEL_PROBE, timeout)


# Run in the kernel: a plain full render of the figure behind each nnlib canvas, as PNG.
KERNEL_RENDERS = r"""
def __nnlib_renders():
    import base64, json
    from ipywidgets.widgets.widget import _instances
    from nnlib._png import encode_png
    out = {}
    for w in list(_instances.values()):
        if type(w).__name__ == "CanvasSlot" and w.owner is not None and w.owner() is not None:
            view = w.owner()
            if not view.closed:
                out[w.uid] = base64.b64encode(encode_png(view.full_render())).decode("ascii")
    return json.dumps(out)
__nnlib_probe_result = __nnlib_renders()
del __nnlib_renders
"""

# The pixels explorer i's first canvas shows, as a PNG data URL (an <img> is drawn first).
CANVAS_PIXELS_JS = r"""
(i) => {
  const el = document.querySelector(`[data-nnlib-explorer="${i}"]`)
      .querySelector('.nnlib-canvas canvas.nnlib-frame-canvas, .nnlib-canvas img');
  if (el.tagName !== 'IMG') return el.toDataURL();
  const c = document.createElement('canvas');
  c.width = el.naturalWidth; c.height = el.naturalHeight;
  c.getContext('2d').drawImage(el, 0, 0);
  return c.toDataURL();
}
"""


def compare_pixels_with_kernel(page, explorers: list[dict], runtime_dir: Path, kernel_id: str,
                               where: str, max_off: float = 0.0005) -> list[str]:
    """For each explorer's current state: the canvas pixels the browser shows vs the kernel's
    plain full render of the same figure (same size; < 0.05 % of pixels off by > 40/255)."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    def decode(data: str):
        return np.array(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA"))

    problems = []
    shown = {}
    for explorer in explorers:
        settle(page, explorer["index"])
        shown[explorer["figures"][0]] = page.evaluate(CANVAS_PIXELS_JS, explorer["index"])
    renders = kernel_json(runtime_dir, kernel_id, KERNEL_RENDERS)
    for label, url in shown.items():
        if label not in renders:
            problems.append(f"{where}: {label}: no figure behind it in the kernel")
            continue
        browser, kernel = decode(url.split(",", 1)[1]), decode(renders[label])
        if browser.shape != kernel.shape:
            problems.append(f"{where}: {label}: the browser shows {browser.shape[1]}x"
                            f"{browser.shape[0]} pixels, the figure is {kernel.shape[1]}x"
                            f"{kernel.shape[0]}")
            continue
        delta = np.abs(browser.astype(np.int16) - kernel.astype(np.int16)).max(axis=-1)
        off = float((delta > 40).mean())
        if off >= max_off:
            problems.append(f"{where}: {label}: {off:.3%} of the pixels the browser shows "
                            "differ from the kernel's full render of the figure")
    return problems


def readout_matches(kernel_readout: str, kernel_value: Any, shown: str) -> bool:
    """Does the browser's readout show the kernel's value, up to the readout's precision?"""
    if shown == kernel_readout:
        return True
    try:
        shown_value = float(shown.replace("\u2212", "-"))
        value = float(kernel_value)
    except (TypeError, ValueError):
        return False
    mantissa, _, exponent = shown.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    tolerance = 10.0 ** (-decimals) * (10.0 ** int(exponent) if exponent else 1.0)
    return math.isclose(shown_value, value, abs_tol=tolerance * 1.0001)


# --------------------------------------------------------------------------- explorers


# [width, height, painted] per canvas; painted: some pixel is not transparent.
CANVAS_SIZES_JS = r"""
(i) => [...document.querySelector(`[data-nnlib-explorer="${i}"]`)
    .querySelectorAll('.nnlib-canvas canvas.nnlib-frame-canvas, .nnlib-canvas img')]
  .map((c) => {
    if (c.tagName === 'IMG') return [c.naturalWidth, c.naturalHeight, c.complete && c.naturalWidth > 0];
    if (!c.width || !c.height) return [c.width, c.height, false];
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = false;
    for (let k = 3; k < d.length; k += 4) if (d[k]) { painted = true; break; }
    return [c.width, c.height, painted];
  })
"""


BROKEN_IMAGE = re.compile(r"Error setting state: .*drawImage.*'broken' state")


def wait_explorers_drawn(page, timeout: float = 60.0, log: ConsoleLog | None = None,
                         grace: float = 10.0) -> list[dict]:
    """Tag the explorers and wait until every canvas has a size and pixels.

    With `log`: once ipympl's "broken image" error is in the console, a 0x0 canvas never
    recovers, so give up `grace` seconds later instead of at `timeout`.
    """
    started = time.monotonic()
    deadline = started + timeout
    while True:
        if log is not None and any(BROKEN_IMAGE.search(e) for e in log.entries):
            deadline = min(deadline, time.monotonic() + grace)
            log = None
        found = tag_explorers(page)
        bad = []
        for explorer in found:
            sizes = page.evaluate(CANVAS_SIZES_JS, explorer["index"])
            if not sizes or any(w == 0 or h == 0 or not painted for w, h, painted in sizes):
                bad.append((explorer, sizes))
        if found and not bad:
            return found
        if time.monotonic() > deadline:
            for explorer, _ in bad[:1]:  # so the failure screenshot shows it
                page.evaluate("(i) => document.querySelector(`[data-nnlib-explorer=\"${i}\"]`)"
                              ".scrollIntoView({block: 'start'})", explorer["index"])
            detail = "; ".join(f"explorer {e['index']} ({', '.join(e['figures'])}) canvas "
                               f"[width, height, painted] {s}" for e, s in bad)
            detail = detail or "no explorer (widget box with controls and a figure) found"
            raise AssertionError(f"figures never appeared ({time.monotonic() - started:.0f} s):"
                                 f" {detail} "
                                 "(0x0: the canvas was never sized; painted False: sized, "
                                 "but no frame of the figure ever reached it)")
        time.sleep(0.25)


def settle(page, i: int, quiet: float = 0.25, timeout: float = PIXEL_TIMEOUT) -> str:
    """Wait until explorer i's pixels stop changing (no redraw for `quiet` s)."""
    deadline = time.monotonic() + timeout
    last = signature(page, i)
    while True:
        time.sleep(quiet)
        now = signature(page, i)
        if now == last or time.monotonic() > deadline:
            return now
        last = now


SCROLL_TO_TOP_JS = r"""
(i) => {
  const el = document.querySelector(`[data-nnlib-explorer="${i}"]`);
  el.scrollIntoView({block: 'start', inline: 'nearest'});
  const e = el.getBoundingClientRect();
  const scroller = el.closest('.jp-WindowedPanel-outer, .jp-Notebook');
  const v = scroller ? scroller.getBoundingClientRect()
                     : {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
  const x = Math.max(e.left - 4, v.left, 0), y = Math.max(e.top - 4, v.top, 0);
  return {x, y, width: Math.min(e.right + 4, v.right, innerWidth) - x,
          height: Math.min(e.bottom + 4, v.bottom, innerHeight) - y};
}
"""


def screenshot_explorer(page, i: int, path: Path) -> None:
    """A picture of explorer i as shown (its top part if it is taller than the window)."""
    clip = page.evaluate(SCROLL_TO_TOP_JS, i)
    settle(page, i)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), clip=clip)


def describe(control: dict) -> str:
    label = control.get("label") or "(no label)"
    return f"{control['kind']} '{label}' [{control['id']}]"


VALUED = ("slider", "dropdown", "checkbox", "choice", "toggle")


def act(page, control: dict, back: bool = False) -> str | None:
    """Operate one control the way a person would; with `back`, undo the previous `act`.

    Returns what was done, or None if the control can't be operated (disabled, one option).
    """
    loc = page.locator(f'[data-nnlib-control="{control["id"]}"]')
    kind = control["kind"]
    if control.get("disabled"):
        return None
    if kind == "slider":
        forward = "ArrowRight" if control["now"] < control["max"] else "ArrowLeft"
        key = ({"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}[forward] if back
               else forward)
        handle = loc.locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        page.keyboard.press(key)
        return f"pressed {key}"
    if kind == "dropdown":
        if control["options"] < 2:
            return None
        index = control["selectedIndex"] if back else \
            (control["selectedIndex"] + 1) % control["options"]
        loc.locator("select").select_option(index=index)
        return f"selected option {index}"
    if kind == "checkbox":
        loc.locator("input").click()
        return "toggled"
    if kind == "choice":
        if control["options"] < 2:
            return None
        target = control["value"] if back else (control["value"] + 1) % control["options"]
        loc.locator("button, input").nth(target).click()
        return f"chose option {target}"
    if kind in ("button", "toggle"):
        loc.click()
        return "clicked"
    raise ValueError(kind)


def exercise_explorer(page, i: int, where: str, timeout: float = PIXEL_TIMEOUT,
                      exempt=lambda control: False) -> list[str]:
    """Operate every control of explorer i and check that each action redraws the figure.

    Valued controls (sliders, dropdowns, checkboxes, toggles) are each moved one step and
    back, so every one starts from the state the learner first sees; then buttons and Play
    widgets, in display order (play, then pause). Returns one problem per action that left
    the figure's pixels unchanged for `timeout` seconds.
    """
    problems: list[str] = []

    def check(control: dict, action: str | None, before: str) -> None:
        if action is not None and not wait_changed(page, i, before, timeout) \
                and not exempt(control):
            problems.append(f"{where}: explorer {i}, {describe(control)}: {action} but the "
                            f"figure did not change within {timeout:.0f} s")

    controls = read_controls(page, i)
    # A play/pause toggle is pressed like a Play widget: play must redraw; pause must not
    # (the picture stays the last frame), so only play is checked.
    is_play = lambda c: c["kind"] == "toggle" and "play" in c.get("label", "")  # noqa: E731
    for control in [c for c in controls if c["kind"] in VALUED and not is_play(c)]:
        control = next(c for c in read_controls(page, i) if c["id"] == control["id"])
        before = settle(page, i)
        check(control, act(page, control), before)
        before = settle(page, i)
        check(control, act(page, control, back=True) and "then back", before)
    for control in [c for c in controls if c["kind"] not in VALUED or is_play(c)]:
        control = next(c for c in read_controls(page, i) if c["id"] == control["id"])
        before = settle(page, i)
        if is_play(control):
            page.locator(f'[data-nnlib-control="{control["id"]}"]').click()  # play
            check(control, "pressed play", before)
            page.locator(f'[data-nnlib-control="{control["id"]}"]').click()  # pause
            settle(page, i)
        elif control["kind"] == "play":
            button = page.locator(f'[data-nnlib-control="{control["id"]}"] button').first
            button.scroll_into_view_if_needed()
            button.click()  # play
            check(control, "pressed play", before)
            button.click()  # pause
            settle(page, i)
        else:
            action = act(page, control)
            if action is not None and not wait_changed(page, i, before, timeout):
                # A button that sets a state ("reset", "load the solution") changes nothing
                # when that state is already shown: move the first slider, then retry.
                sliders = [c for c in read_controls(page, i)
                           if c["kind"] == "slider" and not c.get("disabled")]
                if sliders:
                    act(page, sliders[0])
                    settle(page, i)
                    before = settle(page, i)
                    action = f"clicked (also after moving {describe(sliders[0])})"
                    check(control, act(page, control) and action, before)
                else:
                    check(control, action, before)
    return problems


# Playing, measured inside the page: the canvas counts the frames it draws (data-frames) and
# keeps their performance.now() times in a ring (nnlibTimes).
FRAMES_JS = r"""
(i) => {
  const c = document.querySelector(`[data-nnlib-explorer="${i}"] canvas.nnlib-frame-canvas`);
  if (!c) return null;
  const n = Number(c.dataset.frames), ring = c.nnlibTimes, times = [];
  for (let k = Math.max(0, n - ring.length); k < n; k++) times.push(ring[k % ring.length]);
  return {n, times, now: performance.now()};
}
"""

# Click a control's button inside the page and return performance.now() at the click.
CLICK_JS = r"""
(id) => {
  const el = document.querySelector(`[data-nnlib-control="${id}"]`);
  const button = el.matches('button') ? el : el.querySelector('button');
  const t = performance.now();
  button.click();
  return t;
}
"""


def play_explorer(page, i: int, where: str, seconds: float = 3.0) -> tuple[list[str], dict]:
    """Press play on explorer i, move a slider while it plays, press pause: problems found
    and what was measured (frames per second, pause -> last new frame)."""
    problems: list[str] = []
    controls = read_controls(page, i)
    play = next((c for c in controls if c["kind"] == "toggle" and "play" in c["label"]), None)
    if play is None:
        return [f"{where}: explorer {i} has no play control"], {}
    first = page.evaluate(FRAMES_JS, i)
    if first is None:
        return [f"{where}: explorer {i}: no project canvas (the fallback image is shown)"], {}
    page.evaluate(CLICK_JS, play["id"])
    time.sleep(seconds / 2)
    slider = next(c for c in read_controls(page, i) if c["kind"] == "slider")
    act(page, slider)  # a control change while playing: handled between frames
    time.sleep(seconds / 2)
    paused_at = page.evaluate(CLICK_JS, play["id"])
    time.sleep(1.0)
    last = page.evaluate(FRAMES_JS, i)
    playing = [t for t in last["times"] if t <= paused_at]
    shown = [t for t in last["times"] if first["now"] < t <= paused_at]
    rate = len(shown) / seconds
    still = max(last["times"]) - paused_at if last["times"] else float("nan")
    late = page.evaluate(FRAMES_JS, i)
    if late["n"] != last["n"]:
        problems.append(f"{where}: explorer {i}: frames still arrive 1 s after pause")
    if rate < 10:
        problems.append(f"{where}: explorer {i}: only {rate:.1f} new pictures/s while playing")
    if still > 500:
        problems.append(f"{where}: explorer {i}: the last frame came {still:.0f} ms after pause")
    label = next(c for c in read_controls(page, i) if c["id"] == play["id"])["label"]
    if "play" not in label:
        problems.append(f"{where}: explorer {i}: after pause the control reads {label!r}")
    return problems, {"pictures_per_s": rate, "pause_to_still_ms": still,
                      "frames": len(playing)}


LOG_CONSOLE_JS = r"""
() => [...document.querySelectorAll('.jp-LogConsole .jp-OutputArea-child')].map((child) => {
  const prompt = child.querySelector('[data-log-level]');
  const output = child.querySelector('.jp-OutputArea-output');
  return {level: prompt ? prompt.getAttribute('data-log-level') : '',
          mime: output ? output.getAttribute('data-mime-type') || '' : '',
          text: output ? output.textContent : child.textContent};
})
"""


def log_console_entries(page) -> list[dict]:
    """Open JupyterLab's log console for the current notebook and read its entries."""
    # The status bar item's title says how many entries the notebook's logger holds.
    title = page.evaluate("() => (document.querySelector("
                          "'.jp-LogConsoleStatusItem [title]') || {}).title || ''")
    match = re.search(r"(\d+) log entr", title)
    expected = int(match.group(1)) if match else 0
    run_menu(page, "View", "logconsole:open")
    page.locator(".jp-LogConsole").first.wait_for(state="attached")
    deadline = time.monotonic() + 10
    entries = page.evaluate(LOG_CONSOLE_JS)
    while len(entries) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
        entries = page.evaluate(LOG_CONSOLE_JS)
    return entries


def compare_with_kernel(browser_explorers: list[dict], kernel: list[dict],
                        where: str) -> list[str]:
    """Browser controls vs the kernel's, explorer by figure label, control by display order."""
    problems = []
    by_figure = {tuple(k["figures"]): k for k in kernel}
    kinds = {"slider": ("Slider",), "dropdown": ("Dropdown", "Select"), "play": ("Play",),
             "checkbox": ("Checkbox",), "choice": ("ToggleButtons", "RadioButtons"),
             "toggle": ("ToggleButton",), "button": ("Button",)}
    for explorer in browser_explorers:
        name = f"{where}: explorer {explorer['index']} ({', '.join(explorer['figures'])})"
        match = by_figure.get(tuple(explorer["figures"]))
        if match is None:
            problems.append(f"{name}: no widget box with these figures in the kernel "
                            f"(kernel has {sorted(by_figure)})")
            continue
        shown, held = explorer["controls"], match["controls"]
        if len(shown) != len(held):
            problems.append(f"{name}: browser shows {len(shown)} controls, kernel has "
                            f"{len(held)}: {[describe(c) for c in shown]} vs "
                            f"{[(k['kind'], k['description']) for k in held]}")
            continue
        for b, k in zip(shown, held):
            what = f"{name}, {describe(b)} (kernel {k['kind']} '{k['description']}')"
            if not k["kind"].endswith(kinds[b["kind"]]):
                problems.append(f"{what}: kinds differ")
                continue
            if b["kind"] not in ("button", "toggle", "play") and \
                    not _same_label(b["plain"], k["description"]):
                problems.append(f"{what}: label differs")
            if b["kind"] == "slider" and b.get("readout") is not None:
                if not readout_matches(k.get("readout", ""), k.get("value"), b["readout"]):
                    problems.append(f"{what}: browser readout {b['readout']!r}, kernel value "
                                    f"{k.get('value')!r} (formatted {k.get('readout')!r})")
            elif b["kind"] == "dropdown" and b["value"] != k.get("value"):
                problems.append(f"{what}: browser shows {b['value']!r}, kernel {k.get('value')!r}")
            elif b["kind"] == "checkbox" and bool(b["value"]) != bool(k.get("value")):
                problems.append(f"{what}: browser {b['value']}, kernel {k.get('value')}")
    return problems


def _same_label(shown_plain: str, description: str) -> bool:
    """Browser label (typeset math removed) vs kernel description (with $...$ math)."""
    def norm(text: str) -> str:
        return " ".join(text.split())

    if "$" in shown_plain:  # no MathJax on the page: the raw description is shown
        return norm(shown_plain) == norm(description)
    return norm(shown_plain) == norm(re.sub(r"\$[^$]*\$", " ", description))
