"""Slider latency as a learner sees it: key press -> new pixels on the canvas, in JupyterLab.

For every notebook, every explorer: 20 ArrowRight/ArrowLeft presses on its sliders (round
robin, each slider moving back and forth so it stays in range). The times are taken INSIDE
the page with performance.now():
- t_key: a capture-phase keydown listener on the slider handle;
- t_draw: the project's canvas draws a patch (CanvasRenderingContext2D.drawImage, for PNG
  patches, and putImageData, for RLE ones, are wrapped before the page loads; only
  .nnlib-frame-canvas counts; the kernel sends patches only for pixels that changed, so every
  draw brings new pixels);
- t_frame: the requestAnimationFrame after that draw, i.e. the frame that shows the pixels.
latency = t_frame - t_key (the whole round trip: widget message to the kernel, callback,
blit, PNG diff, message back, decode, draw). Prints median and p95 per explorer.
Goal (issue 9): median <= 40 ms, p95 <= 80 ms.

With --play: notebook 06's TrainingExplorer playing (defaults) beside TensorFlow Playground
(../shared/anchors/tf-playground, when it exists) in the same browser, interleaved over
--rounds rounds of --seconds each, measured inside the page: new pictures per second on the
canvas (the explorer's canvas counts the frames it draws; TF Playground's heatmap
`putImageData` calls are counted by a wrapper), epochs per second (the explorer's status box,
read in the kernel; TF Playground's #iter-number), frame interval median and p95, and
pause -> last new picture. Prints both and the ratios.

With --trace (slider mode): where each press's time goes, from timestamps taken in the page
(performance.timeOrigin + performance.now(): key, the comm message sent, the frame message
received, the draw, the next animation frame) and in the kernel (time.time(): the comm
handler starts, the frame is handed to the IOPub thread, which sends it) on the one clock of
the machine. Prints the median and p90 of each stage per explorer.

Uses the same JupyterLab/Chromium set-up as tests/browser (tests/browser/_lab.py), with the
kernel options `make lab` gives (nnlib.serve.kernel_args: widget messages are not kernel
activity, so JupyterLab's kernel indicator does not redraw around each slider move); --stock
measures with jupyter_server's defaults instead, as in a JupyterLab started some other way.
Run: .venv/bin/python benchmarks/bench_browser.py [--presses 20] [notebook-name-part ...]
     .venv/bin/python benchmarks/bench_browser.py --play [--big] [--rounds 3] [--seconds 15]
     .venv/bin/python benchmarks/bench_browser.py --trace 01
     .venv/bin/python benchmarks/bench_browser.py --stock
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import _lab  # noqa: E402

INSTRUMENT_JS = r"""
(() => {
  const bench = window.__nnlibBench = {keys: [], draws: []};
  document.addEventListener('keydown', (event) => {
    if (event.target && event.target.classList && event.target.classList.contains('noUi-handle'))
      bench.keys.push(performance.now());
  }, true);
  // The project's canvas draws a patch with drawImage (PNG) or putImageData (RLE), and only
  // pixels that changed (the kernel sends nothing else).
  for (const name of ['drawImage', 'putImageData']) {
    const original = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      const result = original.apply(this, args);
      const canvas = this.canvas;
      if (canvas && canvas.classList && canvas.classList.contains('nnlib-frame-canvas')) {
        const entry = {t: performance.now(), frame: null, changed: null};
        bench.draws.push(entry);
        requestAnimationFrame(() => { entry.frame = performance.now(); entry.changed = true; });
      }
      return result;
    };
  }
})();
"""

# Resolves with [t_key, t_draw, t_frame] for the first figure draw after the last key press.
WAIT_DRAW_JS = r"""
(since) => {
  const b = window.__nnlibBench;
  const key = b.keys[b.keys.length - 1];
  if (key === undefined || key <= since) return null;
  const d = b.draws.find((e) => e.t >= key && e.changed === true);
  return d ? [key, d.t, d.frame] : null;
}
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure_explorer(page, i: int, presses: int):
    """`presses` key presses over explorer i's sliders: latencies (ms), the same by slider
    label, and the sliders left out because a press brings no new pixels."""
    sliders = [c for c in _lab.read_controls(page, i) if c["kind"] == "slider"
               and not c.get("disabled")]
    direction = {c["id"]: ("ArrowRight" if c["now"] < c["max"] else "ArrowLeft")
                 for c in sliders}
    latencies: list[float] = []
    per_slider: dict[str, list[float]] = {}
    skipped: list[str] = []
    k = 0
    while len(latencies) < presses and sliders:
        control = sliders[k % len(sliders)]
        k += 1
        _lab.settle(page, i, quiet=0.1)
        handle = page.locator(f'[data-nnlib-control="{control["id"]}"] .noUi-handle').first
        handle.scroll_into_view_if_needed()
        handle.focus()
        since = page.evaluate("() => performance.now()")
        key = direction[control["id"]]
        page.keyboard.press(key)
        # Next press on this slider goes the other way: values stay in range.
        direction[control["id"]] = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
        try:
            result = page.wait_for_function(WAIT_DRAW_JS, arg=since, timeout=5000, polling=20)
        except Exception:
            skipped.append(_lab.describe(control))
            sliders.remove(control)  # this slider does not redraw the figure
            continue
        t_key, _t_draw, t_frame = result.json_value()
        latencies.append(t_frame - t_key)
        per_slider.setdefault(control["label"] or control["id"], []).append(t_frame - t_key)
    return latencies, per_slider, skipped


# ---- --trace: where a press's time goes ----------------------------------------------------
TRACE_PAGE_JS = r"""
(() => {
  const T = window.__nnlibTrace = [];
  const now = () => performance.timeOrigin + performance.now();
  const text = new TextDecoder('utf8');
  // header and parent msg_id, and the content's type (v1 binary protocol or JSON)
  const read = (data) => {
    try {
      if (typeof data === 'string') {
        const m = JSON.parse(data);
        return {type: m.header.msg_type, id: m.header.msg_id, parent: m.parent_header.msg_id,
                frame: !!(m.content.data && m.content.data.content && m.content.data.content.type === 'frame')};
      }
      const view = new DataView(data);
      const n = Number(view.getBigUint64(0, true)), off = [];
      for (let k = 0; k < n; k++) off.push(Number(view.getBigUint64(8 * (k + 1), true)));
      const part = (k) => JSON.parse(text.decode(new Uint8Array(data, off[k], off[k + 1] - off[k])));
      const header = part(1), parent = part(2);
      const frame = header.msg_type === 'comm_msg' && n > 6 && part(4).data.content.type === 'frame';
      return {type: header.msg_type, id: header.msg_id, parent: parent.msg_id, frame};
    } catch (e) { return {}; }
  };
  document.addEventListener('keydown', (e) => {
    if (e.target.classList && e.target.classList.contains('noUi-handle')) T.push({k: 'key', t: now()});
  }, true);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    T.push({k: 'send', t: now(), ...read(data)});
    return send.call(this, data);
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const t = now(), m = read(e.data);
        if (m.frame) T.push({k: 'recv', t, ...m});
      });
    }
  };
  for (const name of ['drawImage', 'putImageData']) {
    const original = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      const result = original.apply(this, args);
      if (this.canvas.classList && this.canvas.classList.contains('nnlib-frame-canvas')) {
        const entry = {k: 'draw', t: now(), shown: null};
        T.push(entry);
        requestAnimationFrame(() => { entry.shown = now(); });
      }
      return result;
    };
  }
})();
"""

TRACE_KERNEL = r"""
def __nnlib_trace():
    import builtins, json, threading, time
    if hasattr(builtins, "__nnlib_trace_log"):
        builtins.__nnlib_trace_log.clear()
        return json.dumps("cleared")
    import comm.base_comm
    import ipykernel.iostream
    log = builtins.__nnlib_trace_log = []
    handle = comm.base_comm.BaseComm.handle_msg
    def handle_msg(self, msg):
        log.append({"k": "handler", "t": time.time() * 1000, "id": msg["header"]["msg_id"],
                    "thread": threading.current_thread().name})
        return handle(self, msg)
    comm.base_comm.BaseComm.handle_msg = handle_msg
    really_send = ipykernel.iostream.IOPubThread._really_send
    def send(self, msg, *args, **kwargs):  # on the IOPub thread: the frame leaves the kernel
        parts = [bytes(p) for p in msg]
        if len(parts) > parts.index(b"<IDS|MSG>") + 6:  # has buffers: a frame
            i = parts.index(b"<IDS|MSG>")
            log.append({"k": "iopub", "t": time.time() * 1000,
                        "id": json.loads(parts[i + 2])["msg_id"],
                        "parent": json.loads(parts[i + 3]).get("msg_id")})
        return really_send(self, msg, *args, **kwargs)
    ipykernel.iostream.IOPubThread._really_send = send
    return json.dumps("installed")
__nnlib_probe_result = __nnlib_trace()
del __nnlib_trace
"""

TRACE_DUMP = r"""
import builtins as __nnlib_b, json as __nnlib_j
__nnlib_probe_result = __nnlib_j.dumps(__nnlib_b.__nnlib_trace_log)
del __nnlib_b, __nnlib_j
"""

STAGES = [("key -> comm message sent", "key", "send"),
          ("sent -> kernel handler starts", "send", "handler"),
          ("handler -> frame leaves the kernel", "handler", "iopub"),
          ("kernel -> page receives the frame", "iopub", "recv"),
          ("received -> drawn", "recv", "draw"),
          ("drawn -> next animation frame", "draw", "shown")]


def trace_stages(page_events: list[dict], kernel_events: list[dict]) -> dict[str, list[float]]:
    """Per key press, the time of each stage (ms): the first comm message after the key, the
    kernel's handler of that message, the first frame it sent, that frame's arrival and the
    first draw after it."""
    keys = [e["t"] for e in page_events if e["k"] == "key"]
    handler = {e["id"]: e for e in kernel_events if e["k"] == "handler"}
    frames = {}
    for e in kernel_events:
        if e["k"] == "iopub":
            frames.setdefault(e["parent"], e)
    received = {e["id"]: e for e in page_events if e["k"] == "recv"}
    stages = {name: [] for name, _, _ in STAGES}
    for n, key in enumerate(keys):
        end = keys[n + 1] if n + 1 < len(keys) else float("inf")
        sent = next((e for e in page_events if e["k"] == "send" and e.get("type") == "comm_msg"
                     and key <= e["t"] < end), None)
        if sent is None or sent["id"] not in handler or sent["id"] not in frames:
            continue
        frame = frames[sent["id"]]
        recv = received.get(frame["id"])
        draw = next((e for e in page_events if e["k"] == "draw" and recv and e["t"] >= recv["t"]
                     and e["shown"]), None)
        if recv is None or draw is None:
            continue
        t = {"key": key, "send": sent["t"], "handler": handler[sent["id"]]["t"],
             "iopub": frame["t"], "recv": recv["t"], "draw": draw["t"], "shown": draw["shown"]}
        for name, a, b in STAGES:
            stages[name].append(t[b] - t[a])
    return stages


def _print_stages(stages: dict[str, list[float]]) -> None:
    for name, values in stages.items():
        if values:
            print(f"    {name:<36} median {statistics.median(values):6.1f} ms  "
                  f"p90 {percentile(values, 0.9):6.1f} ms", flush=True)


# ---- playing: notebook 06 vs TF Playground -----------------------------------------------
ANCHOR = Path(__file__).resolve().parents[1].parent / "shared" / "anchors" / "tf-playground"
TFP_QUERY = ("#activation=tanh&batchSize=10&dataset=circle&learningRate=0.03&noise=20"
             "&networkShape=6&percTrainData=70&x=true&y=true&seed=0.12345")
# --big (issue 12): both with 3 hidden layers of 8 and all seven features, every heat map shown.
TFP_QUERY_BIG = ("#activation=tanh&batchSize=10&dataset=circle&learningRate=0.03&noise=20"
                 "&networkShape=8,8,8&percTrainData=70&x=true&y=true&xSquared=true&ySquared=true"
                 "&xTimesY=true&sinX=true&sinY=true&seed=0.12345")
BIG_SETUP = ("%matplotlib inline\nfrom nnlib.explorers import TrainingExplorer\n"
             "explorer = TrainingExplorer(dataset='circle', hidden_layer_sizes=(8, 8, 8), batch_size=10,\n"
             "    features=('x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'))\nexplorer")


def _big_notebook(folder: Path) -> str:
    """A notebook of one explorer cell: 06's explorer with the biggest network (--big)."""
    _lab.write_notebook(folder / "bench_big.ipynb", [BIG_SETUP])
    return "bench_big.ipynb"
TFP_INSTRUMENT_JS = r"""
(() => {
  const times = window.__tfpTimes = [];
  const put = CanvasRenderingContext2D.prototype.putImageData;
  CanvasRenderingContext2D.prototype.putImageData = function (...args) {
    const result = put.apply(this, args);
    const canvas = this.canvas;
    if (canvas && canvas.closest && canvas.closest('#heatmap')) times.push(performance.now());
    return result;
  };
})();
"""

EPOCH_PROBE = r"""
def __nnlib_epoch():
    import gc
    import json
    # The newest TrainingExplorer still open (a re-run cell closes the earlier ones).
    found = [o for o in gc.get_objects() if type(o).__name__ == "TrainingExplorer"
             and not getattr(getattr(o, "view", None), "closed", False)]
    return json.dumps(int(found[-1].epoch) if found else None)
__nnlib_probe_result = __nnlib_epoch()
del __nnlib_epoch
"""


def _summary(times: list[float], start: float, paused: float, epochs: int) -> dict:
    """What one playing window measured: pictures and epochs per second, intervals, pause."""
    shown = [t for t in times if start < t <= paused]
    median, p95 = _intervals(shown)
    seconds = (paused - start) / 1000
    return {"pictures_per_s": len(shown) / seconds, "epochs_per_s": epochs / seconds,
            "interval_median_ms": median, "interval_p95_ms": p95,
            "pause_to_still_ms": max(times) - paused if times else float("nan")}


def _intervals(times: list[float]) -> tuple[float, float]:
    gaps = [b - a for a, b in zip(times, times[1:])]
    return (statistics.median(gaps), percentile(gaps, 0.95)) if gaps else (float("nan"),) * 2


def play_nnlib(page, lab, kernel_id: str, i: int, seconds: float) -> dict:
    play = next(c for c in _lab.read_controls(page, i) if c["kind"] == "toggle")
    reset = next(c for c in _lab.read_controls(page, i) if c["kind"] == "button"
                 and "reset" in c["label"])
    page.evaluate(_lab.CLICK_JS, reset["id"])
    _lab.settle(page, i)
    epoch0 = _lab.kernel_json(lab.runtime_dir, kernel_id, EPOCH_PROBE)
    start = page.evaluate(_lab.CLICK_JS, play["id"])
    time.sleep(seconds)
    paused = page.evaluate(_lab.CLICK_JS, play["id"])
    time.sleep(1.0)
    epoch1 = _lab.kernel_json(lab.runtime_dir, kernel_id, EPOCH_PROBE)
    times = page.evaluate(_lab.FRAMES_JS, i)["times"]
    return _summary(times, start, paused, epoch1 - epoch0)


def play_tfp(page, url: str, seconds: float) -> dict:
    page.goto(url, wait_until="load")
    page.wait_for_selector("#play-pause-button")
    time.sleep(1.0)
    epoch = lambda: int(page.evaluate(  # noqa: E731
        "() => Number(document.querySelector('#iter-number').textContent.replace(/,/g, ''))"))
    epoch0 = epoch()
    start = page.evaluate("() => { const t = performance.now(); "
                          "document.querySelector('#play-pause-button').click(); return t; }")
    time.sleep(seconds)
    paused = page.evaluate("() => { const t = performance.now(); "
                           "document.querySelector('#play-pause-button').click(); return t; }")
    epoch1 = epoch()
    time.sleep(1.0)
    times = page.evaluate("() => window.__tfpTimes")
    return _summary(times, start, paused, epoch1 - epoch0)


def main_play(rounds: int, seconds: float, big: bool = False, stock: bool = False) -> None:
    import subprocess

    from playwright.sync_api import sync_playwright

    name = next(n for n in _lab.notebook_names() if n.startswith("06"))
    work = Path(tempfile.mkdtemp(prefix="nnlib-bench-play-"))
    notebooks = _lab.copy_notebooks(_lab.NOTEBOOKS, work / "notebooks")
    if big:
        name = _big_notebook(notebooks)
    lab = _lab.start_lab(notebooks, work / "lab", stock=stock)
    anchor = None
    if ANCHOR.is_dir():
        port = _lab.free_port()
        anchor = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                                   "--directory", str(ANCHOR), str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tfp_url = f"http://127.0.0.1:{port}/index.html{TFP_QUERY_BIG if big else TFP_QUERY}"
    results = {"nnlib": [], "tfp": []}
    try:
        with sync_playwright() as playwright:
            context = _lab.launch_browser(playwright, work / "chromium-profile")
            page = context.new_page()
            _lab.open_notebook(page, lab, name)
            _lab.restart_run_all(page)
            explorers = _lab.wait_explorers_drawn(page)
            i = next(e["index"] for e in explorers if any(
                c["kind"] == "toggle" for c in _lab.read_controls(page, e["index"])))
            kernel_id = _lab.session_kernel(lab, name)["kernel"]["id"]
            tfp_page = None
            if anchor is not None:
                tfp_page = context.new_page()
                tfp_page.add_init_script(TFP_INSTRUMENT_JS)
            for r in range(rounds):
                page.bring_to_front()
                results["nnlib"].append(play_nnlib(page, lab, kernel_id, i, seconds))
                print(f"round {r + 1} nnlib 06: {_fmt(results['nnlib'][-1])}", flush=True)
                if tfp_page is not None:
                    tfp_page.bring_to_front()
                    results["tfp"].append(play_tfp(tfp_page, tfp_url, seconds))
                    print(f"round {r + 1} TF Playground: {_fmt(results['tfp'][-1])}", flush=True)
            context.close()
    finally:
        lab.stop()
        if anchor is not None:
            anchor.terminate()
    mean = {k: {m: statistics.mean(r[m] for r in v) for m in v[0]} for k, v in results.items() if v}
    print(f"\nnnlib 06 (mean of {rounds} rounds): {_fmt(mean['nnlib'])}")
    if "tfp" in mean:
        print(f"TF Playground (mean of {rounds} rounds): {_fmt(mean['tfp'])}")
        print(f"ratios nnlib / TF Playground: pictures/s "
              f"{mean['nnlib']['pictures_per_s'] / mean['tfp']['pictures_per_s']:.2f}x, epochs/s "
              f"{mean['nnlib']['epochs_per_s'] / mean['tfp']['epochs_per_s']:.2f}x "
              "(goals: >= 1.0x and >= 3x; interval p95 <= 33 ms; pause -> still <= 100 ms)")


def _fmt(r: dict) -> str:
    return (f"{r['pictures_per_s']:.1f} pictures/s, {r['epochs_per_s']:.0f} epochs/s, interval "
            f"median {r['interval_median_ms']:.1f} ms p95 {r['interval_p95_ms']:.1f} ms, "
            f"pause -> still {r['pause_to_still_ms']:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="parts of notebook names (default: all)")
    parser.add_argument("--presses", type=int, default=20, help="key presses per explorer")
    parser.add_argument("--play", action="store_true", help="06 playing vs TF Playground")
    parser.add_argument("--big", action="store_true",
                        help="with --play: 3 hidden layers of 8 and all seven features, on both sides")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--trace", action="store_true",
                        help="sliders: time of each stage of a press (page and kernel)")
    parser.add_argument("--stock", action="store_true",
                        help="jupyter_server's default kernel options, not make lab's "
                             "(nnlib.serve.kernel_args)")
    args = parser.parse_args()
    if args.play:
        main_play(args.rounds, args.seconds, big=args.big, stock=args.stock)
        return

    from playwright.sync_api import sync_playwright

    names = [n for n in _lab.notebook_names()
             if not args.notebooks or any(part in n for part in args.notebooks)]
    if not names:
        sys.exit(f"no notebooks matching {args.notebooks} in {_lab.NOTEBOOKS}")
    work = Path(tempfile.mkdtemp(prefix="nnlib-bench-browser-"))
    lab = _lab.start_lab(_lab.copy_notebooks(_lab.NOTEBOOKS, work / "notebooks"), work / "lab",
                         stock=args.stock)
    rows = []
    try:
        with sync_playwright() as playwright:
            context = _lab.launch_browser(playwright, work / "chromium-profile")
            context.add_init_script(INSTRUMENT_JS)
            if args.trace:
                context.add_init_script(TRACE_PAGE_JS)
            for name in names:
                page = context.new_page()
                started = time.monotonic()
                _lab.open_notebook(page, lab, name)
                _lab.restart_run_all(page)
                explorers = _lab.wait_explorers_drawn(page)
                session = _lab.session_kernel(lab, name)
                for explorer in explorers:
                    if args.trace:
                        _lab.kernel_json(lab.runtime_dir, session["kernel"]["id"], TRACE_KERNEL)
                        page.evaluate("() => { window.__nnlibTrace.length = 0; }")
                    latencies, per_slider, skipped = measure_explorer(
                        page, explorer["index"], args.presses)
                    rows.append((name, explorer, latencies, skipped))
                    _print_row(name, explorer, latencies, per_slider, skipped)
                    if args.trace:
                        _print_stages(trace_stages(
                            page.evaluate("() => window.__nnlibTrace"),
                            _lab.kernel_json(lab.runtime_dir, session["kernel"]["id"],
                                             TRACE_DUMP)))
                lab.api(f"api/sessions/{session['id']}", method="DELETE")
                page.close()
                print(f"   ({name}: {time.monotonic() - started:.0f} s)", flush=True)
            context.close()
    finally:
        lab.stop()
    every = [t for _, _, latencies, _ in rows for t in latencies]
    if every:
        print(f"\nall explorers: {len(every)} presses, median {statistics.median(every):.0f} ms, "
              f"p95 {percentile(every, 0.95):.0f} ms (goals: median <= 40 ms, p95 <= 80 ms)")


def _print_row(name, explorer, latencies, per_slider, skipped) -> None:
    label = f"{name} explorer {explorer['index']} ({', '.join(explorer['figures'])})"
    if latencies:
        print(f"{label:<58} {len(latencies):>3} presses  median {statistics.median(latencies):6.0f} ms"
              f"  p95 {percentile(latencies, 0.95):6.0f} ms", flush=True)
    else:
        print(f"{label:<58} no slider redraws the figure", flush=True)
    if per_slider:
        print("    by slider (median ms): " + ", ".join(
            f"{label} {statistics.median(v):.0f}" for label, v in per_slider.items()), flush=True)
    if skipped:
        print(f"    no new pixels (left out): {', '.join(skipped)}", flush=True)


if __name__ == "__main__":
    main()
