"""`make lab` and nnlib.serve, the launcher behind `make lab/notebook/slides/classroom`.

The end-to-end test copies the checkout's tracked files into a fresh folder (what a clone
gives), runs the Makefile's lab target there in the background, waits for the URL it prints
last, opens it with its token and stops the server with Ctrl+C (SIGINT), as a learner would.
It reuses this test run's virtual environment (`VENV=...`, with the install step marked as
done by `make -o`), so it takes seconds, not the minutes of a first install.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nnlib import serve

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120.0  # two shared cores, several jobs at once


def _fresh_copy(dst: Path) -> Path:
    """The checkout's tracked files (as they are now) in `dst`, without .venv or outputs."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        src = REPO / name
        if src.is_file():  # a file deleted but not yet committed is not in a clone either
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    return dst


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None,
                    reason="needs make and git (the two tools the README asks for)")
def test_make_lab_from_a_fresh_clone(tmp_path):
    clone = _fresh_copy(tmp_path / "nnlib-notebooks")
    venv = Path(sys.prefix)
    port = serve.free_port(18800 + os.getpid() % 1000)
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "JUPYTER_TOKEN", "JUPYTER_PATH"):
        env.pop(name, None)  # no screen (as in CI): no browser to open
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / name.lower())  # a new user's empty Jupyter folders
    env.pop("JUPYTER_PLATFORM_DIRS", None)  # as a new user has it: the launcher sets it
    started = time.monotonic()
    proc = subprocess.Popen(
        ["make", "lab", f"VENV={venv}", "-o", f"{venv}/.installed", f"PORT={port}"],
        cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)  # its own process group: SIGINT reaches make and the server
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    output: list[str] = []
    url = None
    try:
        while url is None:
            left = START_TIMEOUT - (time.monotonic() - started)
            try:
                line = lines.get(timeout=max(left, 0.1))
            except queue.Empty:
                pytest.fail(f"no URL within {START_TIMEOUT:.0f} s:\n{''.join(output)}")
            if line is None:
                pytest.fail(f"make lab exited ({proc.wait()}) without a URL:\n"
                            f"{''.join(output)}")
            output.append(line)
            match = re.fullmatch(r"\s+(http://127\.0\.0\.1:\d+/lab\?token=\w+)\s*", line)
            url = match and match.group(1)
        time.sleep(1.0)  # anything printed right after the URL would hide it
        while not lines.empty():
            extra = lines.get()
            output.append(extra or "")
            assert extra is None or extra.startswith("[") or not extra.strip(), \
                f"the URL is not the last thing printed; then came: {extra!r}"
        text = "".join(output)
        assert text.index("==> starting JupyterLab") < text.index(url)
        for noise in ("DeprecationWarning", "Skipped non-installed server",
                      "Running as root is not recommended", "Traceback"):
            assert noise not in text, f"{noise!r} in the output of make lab:\n{text}"

        status, page = _get(url)
        assert status == 200 and "JupyterLab" in page, (status, page[:300])
        base, token = url.split("lab?token=")
        assert _get(f"{base}api/status")[0] == 403, "the server answers without its token"
        status, _ = _get(f"{base}api/contents/01_the_neuron.ipynb?content=0&token={token}")
        assert status == 200, "the server does not serve the clone's notebooks folder"
        # As root (CI, containers) the server only starts with --allow-root: it did.
        print(f"make lab: URL after {time.monotonic() - started:.1f} s")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C in the terminal
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)
        reader.join(timeout=15)
        proc.stdout.close()
    with pytest.raises(OSError):  # the server is gone, its port closed
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5)


def test_first_install_says_what_it_does(tmp_path):
    """Each install step is announced (make -n prints the recipe without running it)."""
    recipe = subprocess.run(["make", "-n", "setup", f"VENV={tmp_path / 'venv'}"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout
    steps = re.findall(r'echo "==> \[(\d)/3\] ([^"]+)"', recipe)
    assert [n for n, _ in steps] == ["1", "2", "3"], recipe
    assert re.search(r"first time: about \d+", steps[1][1]), steps[1][1]


@pytest.mark.parametrize("kind", ["lab", "notebook"])
def test_allow_root_only_as_root(kind, monkeypatch):
    for root in (True, False):
        monkeypatch.setattr(serve, "is_root", lambda root=root: root)
        cmd = serve.command(kind, Path("notebooks"), "127.0.0.1", 8888, "tok")
        assert ("--ServerApp.allow_root=True" in cmd) is root


@pytest.mark.parametrize("kind", ["lab", "notebook"])
def test_no_deprecated_token_option_and_no_news(kind):
    cmd = serve.command(kind, Path("notebooks"), "127.0.0.1", 8888, "tok")
    assert "--IdentityProvider.token=tok" in cmd
    assert not any(arg.startswith("--ServerApp.token") for arg in cmd)
    assert "--LabApp.news_url=None" in cmd
    settings = next(a for a in cmd if a.startswith("--LabServerApp.app_settings_dir="))
    overrides = Path(settings.split("=", 1)[1]) / "overrides.json"
    assert '"fetchNews": "false"' in overrides.read_text()


@pytest.mark.parametrize("kind, template", [("classroom", "nnlib"), ("slides", "nnlib-slides")])
def test_voila_uses_an_offline_template_without_notebook7_extension(kind, template):
    cmd = serve.command(kind, Path("notebooks"), "127.0.0.1", 8866, "")
    assert f"--template={template}" in cmd
    assert "--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension" in cmd
    folder = serve.JUPYTER_PATH / "voila" / "templates" / template
    text = (folder / "index.html.j2").read_text()
    assert "cdn.jsdelivr.net" in text  # the links it removes, named exactly
    for css in folder.rglob("*.css"):  # vendored styles: no web fonts or imports from outside
        assert not re.search(r"url\((?!data:|\.)|@import", css.read_text()), css


def test_voila_pages_around_the_notebooks_link_nothing_outside():
    page = (serve.VOILA_TEMPLATE.parent / "page.html").read_text()
    assert "https://" not in page and "{% block stylesheets %}" in page


def test_classroom_listens_on_loopback_unless_room(monkeypatch):
    seen = {}

    class FakePopen:
        def __init__(self, cmd, **kwargs):
            seen["cmd"] = cmd
            self.returncode = 0

        def poll(self):
            return None

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(serve.subprocess, "Popen", FakePopen)
    monkeypatch.setattr(serve, "wait_ready", lambda proc, url, timeout=0: None)
    monkeypatch.setattr(serve, "lan_addresses", lambda: ["192.0.2.7"])
    for room, host in ((False, "127.0.0.1"), (True, "0.0.0.0")):
        out = __import__("io").StringIO()
        serve.serve("classroom", REPO / "notebooks", port=serve.free_port(18700),
                    room=room, out=out)
        cmd = seen["cmd"]
        assert f"--Voila.ip={host}" in cmd
        token = next(a for a in cmd if a.startswith("--Voila.token=")).split("=", 1)[1]
        assert bool(token) is room
        if room:
            assert f"http://192.0.2.7:" in out.getvalue() and f"?token={token}" in out.getvalue()
            assert "\u2588" in out.getvalue() or "\u2580" in out.getvalue()  # the QR code


def test_room_token_is_random_and_typeable():
    tokens = {serve.room_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) == 10 and set(t) <= set(serve._TOKEN_ALPHABET) for t in tokens)


def test_qr_code_is_text_blocks():
    text = serve.qr_text("http://192.0.2.2:8866/?token=abcdefghjk")
    lines = text.splitlines()
    assert len(lines) > 10 and set("".join(lines)) <= set(" \u2588\u2580\u2584")


def test_bad_kind_is_named():
    with pytest.raises(ValueError, match="kind must be one of"):
        serve.serve("jupyter", Path("notebooks"))


@pytest.mark.parametrize("kind", ["lab", "notebook"])
def test_widget_messages_are_not_kernel_activity(kind):
    """The server options parse (with the real app) into jupyter_server's untracked types plus
    comm_msg: JupyterLab then leaves its kernel indicator alone around a slider's message."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    if kind == "lab":
        from jupyterlab.labapp import LabApp as App
    else:
        from notebook.app import JupyterNotebookApp as App

    cmd = serve.command(kind, Path("notebooks"), "127.0.0.1", 8888, "tok")
    app = App()
    app.parse_command_line([a for a in cmd[3:] if a.startswith("--") and "=" in a])
    untracked = list(app.config.MappingKernelManager.untracked_message_types)
    default = MappingKernelManager.class_traits()["untracked_message_types"].default()
    assert untracked[:len(default)] == default
    assert untracked[len(default):] == ["comm_msg"]
    for type_ in ("execute_request", "comm_open"):  # a cell's run still shows "busy"
        assert type_ not in untracked
