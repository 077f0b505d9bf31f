"""Start JupyterLab, Notebook 7, Voila or a slideshow on the series, and print the URL last.

`make lab`, `make notebook`, `make slides`, `make classroom` and the `nnlib-notebooks`
command all come here (`python -m nnlib.serve KIND [FOLDER]`), so every server starts the
same way: `--allow-root` only when running as root (containers, cloud VMs, CI), no news or
update checks, no deprecated options, and a ready-to-open URL printed once the server
answers. Nothing here contacts anything but the server it starts.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

KINDS = ("lab", "notebook", "slides", "classroom")

# nnlib's Voila template (no CDN links) lives here, as package data.
JUPYTER_PATH = Path(__file__).resolve().parent / "_jupyter"
VOILA_TEMPLATE = JUPYTER_PATH / "voila" / "templates" / "nnlib" / "index.html.j2"
# The Voila kinds and their templates: the classroom as apps, the slides with reveal.js
# (Voila's reveal template, so the explorers stay live on their slides).
VOILA_TEMPLATES = {"classroom": "nnlib", "slides": "nnlib-slides"}

# Voila loads every lab extension of the environment. Notebook 7's (the interface switcher,
# "open in Notebook / JupyterLab") is written for a JupyterLab or Notebook host: it needs
# their notebook tracker and shared modules, which Voila's page doesn't have, and there it
# can fail to load ("#RUNTIME-012 ... shared module getter", "No provider for
# INotebookTracker": voila-dashboards/voila#1514). It has no use in Voila, so Voila skips it.
VOILA_ARGS = [
    # (one list item per option: the JSON-list form is deprecated in traitlets 5)
    "--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension",
    "--strip_sources=True",
]

# JupyterLab / Notebook: no news, no update check, no language-server scan (its "Skipped
# non-installed server(s)" list is noise: the series needs none), and no notebook_shim: it
# only reads old Notebook 6 config, and in doing so reads every ServerApp option, which
# prints "DeprecationWarning: ServerApp.token config is deprecated" on every start.
JUPYTER_ARGS = [
    # Default settings (lab/settings/overrides.json): don't ask about news on first open.
    f"--LabServerApp.app_settings_dir={JUPYTER_PATH / 'lab' / 'settings'}",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LanguageServerManager.autodetect=False",
    "--ServerApp.jpserver_extensions=notebook_shim=False",
]

# Widget messages are not kernel activity. Every ipywidgets message a slider sends makes the
# kernel publish "busy" and "idle" around it, and JupyterLab and Notebook 7 redraw their
# kernel indicator for each (a React render and a re-layout of the notebook's toolbar, 6-10 ms
# of the page's main thread twice per move, while the new picture waits behind them). Listed
# here, they still reach every widget (ipywidgets paces its sends on them); only the
# indicator and the server's idle-activity clock ignore them: moving sliders alone does not
# count as activity for an idle-kernel culler. Measured in the browser: a slider press
# median 45-46 -> 29-33 ms (README, "Sliders in the browser").
UNTRACKED_ADDED = ("comm_msg",)


def kernel_args() -> list[str]:
    """Server options for the kernels: jupyter_server's untracked message types plus ours."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    default = MappingKernelManager.class_traits()["untracked_message_types"].default()
    return [f"--MappingKernelManager.untracked_message_types={name}"
            for name in [*default, *(n for n in UNTRACKED_ADDED if n not in default)]]


READY_TIMEOUT = 180.0
# Characters students can type without confusing them (no 0/o, 1/l/i).
_TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def is_root() -> bool:
    """True when running as root (os.geteuid is missing on Windows: never root there)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def room_token(length: int = 10) -> str:
    """A random token short enough to type from a projector (about 50 bits)."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(length))


def free_port(start: int, host: str = "127.0.0.1", tries: int = 50) -> int:
    """`start` if nothing listens there, else the next free port (as Jupyter does)."""
    for port in range(start, start + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {start}..{start + tries - 1}; pick one with PORT=...")


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that other devices on the network can reach.

    Read from the network interfaces (psutil); nothing is sent anywhere. Private addresses
    (192.168.x, 10.x, 172.16-31.x) first: that is where a classroom's Wi-Fi is.
    """
    import psutil

    found = []
    for addrs in psutil.net_if_addrs().values():
        for addr in addrs:
            if addr.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(addr.address)
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
                continue
            found.append(ip)
    found.sort(key=lambda ip: (not ip.is_private, ip))
    return [str(ip) for ip in found]


def qr_text(data: str) -> str:
    """A QR code of `data` drawn with Unicode half blocks, for a terminal."""
    import io

    import segno

    out = io.StringIO()
    segno.make(data, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def command(kind: str, folder: Path, host: str, port: int, token: str,
            open_browser: bool = False) -> list[str]:
    """The server command line for `kind` serving `folder`."""
    if kind in VOILA_TEMPLATES:
        return [sys.executable, "-m", "voila", str(folder), "--no-browser",
                f"--Voila.ip={host}", f"--Voila.port={port}", "--Voila.port_retries=0",
                f"--Voila.token={token}", f"--template={VOILA_TEMPLATES[kind]}",
                *VOILA_ARGS]
    module = "notebook" if kind == "notebook" else "jupyterlab"
    cmd = [sys.executable, "-m", module,
           f"--ServerApp.ip={host}", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
           *JUPYTER_ARGS, *kernel_args()]
    if not open_browser:
        cmd.append("--no-browser")
    if is_root():
        cmd.append("--ServerApp.allow_root=True")
    return cmd


def environment() -> dict[str, str]:
    """The server's environment: nnlib's Jupyter data (Voila template) on JUPYTER_PATH."""
    env = dict(os.environ)
    # Jupyter's own directories, without jupyter_core's warning that they are moving.
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_PATH),
                                                        env.get("JUPYTER_PATH")]))
    return env


def first_notebook(folder: Path) -> str | None:
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    return names[0] if names else None


def urls(kind: str, base: str, token: str, folder: Path) -> list[str]:
    """What to open: the app's start page (with the token), for slides every notebook."""
    query = f"?token={token}" if token else ""
    if kind == "lab":
        return [f"{base}lab{query}"]
    if kind == "notebook":
        return [f"{base}tree{query}"]
    if kind == "slides":
        return [f"{base}voila/render/{p.name}{query}" for p in sorted(folder.glob("*.ipynb"))]
    return [f"{base}{query}"]


def wait_ready(proc: subprocess.Popen, url: str, timeout: float = READY_TIMEOUT) -> None:
    """Poll `url` until it answers 200; exit with the server's code if it dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(proc.returncode or 1)
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"the server did not answer within {timeout:.0f} s")


NAMES = {"lab": "JupyterLab", "notebook": "Jupyter Notebook 7",
         "slides": "Voila slideshows", "classroom": "Voila"}


def has_screen() -> bool:
    """Is there a desktop to open a browser on (not a container, an SSH session or CI)?"""
    return (sys.platform in ("darwin", "win32")
            or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")))


def serve(kind: str, folder: Path, port: int = 8888, room: bool = False,
          open_browser: bool | None = None, out=None) -> int:
    """Run the server in the foreground until Ctrl+C; returns its exit code.

    `open_browser=None` opens one where there is a screen (never for the classroom: the
    teacher's browser is not the students').
    """
    out = out or sys.stdout
    if open_browser is None:
        open_browser = kind != "classroom" and has_screen()
    folder = Path(folder).resolve()
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}")
    if not folder.is_dir():
        raise SystemExit(f"folder {folder} does not exist")
    voila = kind in VOILA_TEMPLATES
    if room and not voila:
        raise ValueError(f"room=True is for {tuple(VOILA_TEMPLATES)} only; got kind {kind!r}")
    if voila:
        template = JUPYTER_PATH / "voila" / "templates" / VOILA_TEMPLATES[kind] / "index.html.j2"
        if not template.is_file():
            # Voila itself would start, then stream an empty page forever.
            raise SystemExit(f"nnlib's Voila template is missing: {template}")
    # Voila on loopback keeps its open door (only this machine reaches it); on the LAN a
    # random token keeps out whoever is not in the room.
    host = "0.0.0.0" if room else "127.0.0.1"
    token = room_token() if room else ("" if voila else secrets.token_hex(24))
    port = free_port(port, host)
    proc = subprocess.Popen(command(kind, folder, host, port, token, open_browser),
                            cwd=folder, env=environment(), stdin=subprocess.DEVNULL)
    try:
        local = f"http://127.0.0.1:{port}/"
        probe = "voila/static/voila.js" if voila else "api/status"
        wait_ready(proc, f"{local}{probe}" + (f"?token={token}" if token else ""))
        _announce(kind, folder, local, port, token, room, out)
        if voila and open_browser:  # Voila's own --no-browser: it would open too early
            import webbrowser

            webbrowser.open(urls(kind, local, token, folder)[0])
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0


def _announce(kind, folder, local, port, token, room, out) -> None:
    print("", file=out)
    if room:
        addresses = lan_addresses()
        if not addresses:
            print("==> No network address found: is this machine on the classroom's "
                  "network?", file=out)
            addresses = ["<this machine's address>"]
        student = f"http://{addresses[0]}:{port}/?token={token}"
        print(qr_text(student), file=out)
        print("==> Every device on this network with the token can open the series; each "
              "student gets their own kernel.", file=out)
        for other in addresses[1:]:
            print(f"    (on another network: http://{other}:{port}/?token={token})", file=out)
        print("==> Students open (or scan the QR code above):", file=out)
        print(f"    {student}", file=out, flush=True)
        return
    if kind == "slides":
        print("==> Each notebook as a live slideshow (Space / Shift+Space or the arrow keys "
              "move; F fullscreen, Esc overview):", file=out)
        for url in urls(kind, local, token, folder):
            print(f"    {url}", file=out)
        print("==> Ctrl+C stops the server.", file=out, flush=True)
        return
    print(f"==> {NAMES[kind]} is ready (Ctrl+C stops it). Open:", file=out)
    print(f"    {urls(kind, local, token, folder)[0]}", file=out, flush=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnlib.serve", description=__doc__)
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("folder", nargs="?", default="notebooks", type=Path)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8888))
    parser.add_argument("--room", action="store_true",
                        help="classroom and slides: listen on the LAN with a random token")
    parser.add_argument("--no-browser", action="store_true",
                        help="don't open a browser (the default where there is no screen)")
    args = parser.parse_args(argv)
    # `kill` (SIGTERM) stops the server as Ctrl+C does, instead of leaving it orphaned.
    signal.signal(signal.SIGTERM, _interrupt)
    return serve(args.kind, args.folder, port=args.port, room=args.room,
                 open_browser=False if args.no_browser else None)


# --------------------------------------------------------------------------- nnlib-notebooks

# Beside the learner's copies: the hash of each notebook as it was copied, so an unchanged
# copy can be updated silently and an edited one is recognised as the learner's work.
MANIFEST = ".nnlib-notebooks.json"


def series_source() -> Path:
    """The six notebooks: package data of an installed nnlib-notebooks (nnlib/_series), or
    the checkout's notebooks/ folder (an editable install or a clone)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_series", here.parent / "notebooks"):
        if any(candidate.glob("*.ipynb")):
            return candidate
    raise FileNotFoundError(f"the notebooks are neither in {here / '_series'} nor in "
                            f"{here.parent / 'notebooks'}; reinstall nnlib-notebooks")


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ask_in_terminal(question: str) -> bool | None:
    """y/N from the terminal; None when there is no terminal to ask in."""
    if not sys.stdin.isatty():
        return None
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def copy_series(folder: Path, ask=_ask_in_terminal) -> dict[str, str]:
    """Copy the series into `folder`; returns {notebook: what happened}.

    A notebook that is not there yet is copied; one that is unchanged since it was copied
    is brought up to date; one the learner edited is replaced only if `ask(question)`
    answers True, and then the learner's version is kept beside it as NAME.mine.ipynb.
    """
    import json
    import shutil

    source = series_source()
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"folder must be a directory; got the file {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    try:
        copied = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        copied = {}
    done = {}
    for src in sorted(source.glob("*.ipynb")):
        dst = folder / src.name
        new = _sha256(src)
        if not dst.exists():
            action = "copied"
        elif _sha256(dst) == new:
            action = "up to date"
        elif _sha256(dst) == copied.get(src.name):
            action = "updated"  # the learner never changed it
        else:
            answer = ask(f"{dst} has changes of yours. Replace it with the series' version "
                         f"(yours is kept as {src.stem}.mine.ipynb)?")
            if not answer:
                done[src.name] = ("kept yours" if answer is False else
                                  "kept yours (run in a terminal to be asked about it)")
                continue
            shutil.copy2(dst, dst.with_name(f"{src.stem}.mine.ipynb"))
            action = "replaced (yours kept as .mine.ipynb)"
        if action != "up to date":
            shutil.copyfile(src, dst)
        copied[src.name] = new
        done[src.name] = action
    manifest_path.write_text(json.dumps(copied, indent=1, sort_keys=True) + "\n")
    return done


def notebooks_main(argv: list[str] | None = None) -> int:
    """`nnlib-notebooks [FOLDER]`: copy the series into FOLDER, then open it in JupyterLab."""
    parser = argparse.ArgumentParser(
        prog="nnlib-notebooks",
        description="Copy the nnlib notebooks into FOLDER (your edited copies are kept unless "
                    "you say otherwise) and open them in JupyterLab.")
    parser.add_argument("folder", nargs="?", default="nnlib-notebooks", type=Path,
                        help="where your copy of the series lives (default: ./nnlib-notebooks)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8888))
    parser.add_argument("--no-browser", action="store_true",
                        help="don't open a browser (the default where there is no screen)")
    parser.add_argument("--copy-only", action="store_true",
                        help="copy (or update) the notebooks, don't start JupyterLab")
    args = parser.parse_args(argv)
    print(f"==> the series in {args.folder.resolve()}")
    for name, action in copy_series(args.folder).items():
        print(f"    {name}: {action}")
    if args.copy_only:
        return 0
    signal.signal(signal.SIGTERM, _interrupt)
    return serve("lab", args.folder, port=args.port,
                 open_browser=False if args.no_browser else None)


if __name__ == "__main__":
    sys.exit(main())
