"""Wall endurance: JS heap over 200+ scene changes in headless Chromium; server CPU with 50 walls.

Starts gunicorn the way the browser tests do (2 workers, ``--preload``, ``--no-control-socket``, a
free port, a temporary ``DATA_DIR`` with the sample data) and measures:

- Rotation: ``/wall?interval=600`` at 1920x1080 (the long interval means only this script rotates).
  Each change calls ``window.kcWall.next()`` and waits for the ``kc-wall-scene`` event and two
  animation frames; when the spotlight asks the server for its next indicator, it also waits for
  the spotlight map's ``plotly_afterplot`` with the new values and for no pending Dash callback.
  The default 720 changes are one soft-reload period (6 h at the default 30 s interval): the
  page's own watchdog bounds what accumulates over longer runs. Every ``--every`` changes: JS heap
  after a forced garbage collection (DevTools ``HeapProfiler.collectGarbage``, then
  ``Performance.getMetrics``; also ``performance.memory``, unrounded with
  ``--enable-precise-memory-info`` but cached by Chromium, so it can lag the GC), DOM nodes and
  event listeners. Plotly graphs are tagged at the start; at the end every graph must still carry
  its tag (same element: nothing re-mounted). Console errors, page errors and failed requests are
  counted. The spotlight and new-version callback bodies are captured from the browser's requests.
- Server: 50 simulated walls, each thread doing what a wall does while it rotates: ``GET
  /wall/state`` every 15 s and one spotlight callback per rotation cycle (6 scenes x 30 s = 180 s),
  replaying the captured body with each wall's own spotlight index; then 10x that cadence
  (stress); then the burst after a dataset import: a real one (``python -m dashboard import
  events``, one event merged: a new dataset version every worker reads on its own), after which
  every wall posts the full refresh callback at its next poll. Walls start out of phase, as real ones do; the 6-hourly soft reload (one page
  load per wall) is left out. CPU is the gunicorn master + workers' utime + stime from ``/proc``
  before and after each run, as % of one core.
- Then, when ``../shared/data/real/regencies.geojson`` exists, imports it with ``python -m
  dashboard import boundaries`` and repeats the rotation on the geographic map.

Targets come from the issue (no re-mounting, no console errors), SPEC P7 (worker RSS), or are
this bench's own bar (heap growth after the warm-up <= 10 %). A measurement, not a test: missed
targets say MISS, exit 0. Run: ``python bench/bench_wall.py [--changes 720] [--every 60]
[--walls 50] [--seconds 90] [--stress-seconds 30] [--no-geo] [--no-browser]`` (about 4 minutes;
2 minutes of it are the walls' real cadence).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.config import PROJECT_DIR
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server

REAL_DIR = PROJECT_DIR.parent / "shared" / "data" / "real"
UPDATE = "/_dash-update-component"
MB = 1024 * 1024
TICKS = os.sysconf("SC_CLK_TCK")
MISSES: list[str] = []

# ------------------------------------------------------------------------------------ output


def line(
    label: str,
    value: float,
    unit: str,
    *,
    target: str = "",
    limit: float | None = None,
    digits: int = 2,
) -> None:
    """One aligned result; ``limit`` is the target's upper bound (marked MISS when above)."""
    miss = limit is not None and value > limit
    if miss:
        MISSES.append(label)
    suffix = f"  (target {target})" if target else ""
    number = f"{value:>9.{digits}f}"
    print(f"  {label:<48}{number} {unit:<5}{suffix}{'  MISS' if miss else ''}", flush=True)


def pair(label: str, text: str, *, target: str = "") -> None:
    """An aligned result that is not one number (``start / end`` pairs, counts)."""
    suffix = f"  (target {target})" if target else ""
    print(f"  {label:<48}{text:>9}{suffix}", flush=True)


def detail(text: str) -> None:
    print(f"      {text}", flush=True)


def warn(text: str) -> None:
    print(f"  ! {text}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


# -------------------------------------------------------------------------------- browser JS

READY = """() => {
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    return window.kcWall && window.kcWall.state() && document.querySelector('.wall-scene.active')
        && plots.length > 0 && plots.every(gd => gd._fullLayout && gd.querySelector('.main-svg'))
        && plots.length === document.querySelectorAll('.wall-graph').length  // every scene's graph
        && !document.querySelector('[data-dash-is-loading="true"]');
}"""

TAG_GRAPHS = """() => {
    const plots = document.querySelectorAll('.js-plotly-plot');
    plots.forEach((gd, i) => { gd.__kcBench = i + 1; });
    return plots.length;
}"""

GRAPHS = """() => {
    const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
    const state = window.kcWall.state();
    return {plots: plots.length, tagged: plots.filter(gd => gd.__kcBench).length,
            wrappers: document.querySelectorAll('.wall-graph').length,
            timers: state ? state.timers.length : -1, changes: state ? state.changes : -1};
}"""

MEMORY = "() => performance.memory ? performance.memory.usedJSHeapSize : null"
RELOAD_HOURS = "() => document.getElementById('wall-root').dataset.reloadHours"

# One scene change. When the spotlight asks for its next indicator, wait until the map has been
# redrawn with new values (afterplot after the values changed) and no callback is pending.
NEXT_SCENE = """async (timeout) => {
    const wall = window.kcWall;
    const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const within = (promise) => {
        let timer;
        const late = new Promise(r => { timer = setTimeout(() => r(false), timeout); });
        return Promise.race([promise, late]).finally(() => clearTimeout(timer));
    };
    const gd = document.querySelector('.wall-scene-sorotan .js-plotly-plot');
    const panel = document.querySelector('.wall-scene-sorotan .wall-panel');
    const signature = () => (panel ? panel.textContent : '')
        + JSON.stringify(gd && gd.data ? gd.data.map(t => t.z || null) : null);
    const before = signature();
    const index = wall.state().spotlight;
    const t0 = performance.now();
    let handler = null;
    const redrawn = new Promise(resolve => {
        handler = () => { if (signature() !== before) resolve(true); };
        if (gd) gd.on('plotly_afterplot', handler);
    });
    const shown = await within(new Promise(resolve => {
        window.addEventListener('kc-wall-scene', e => resolve(e.detail), {once: true});
        wall.next();
    }));
    const advanced = wall.state().spotlight !== index;
    let ok = shown !== false;
    if (advanced) {
        ok = ok && await within(redrawn);
        const deadline = performance.now() + timeout;
        while (document.querySelector('[data-dash-is-loading="true"]')
               && performance.now() < deadline) {
            await frames();
        }
    }
    if (gd) gd.removeListener('plotly_afterplot', handler);
    await frames();
    return {scene: shown, advanced, ok, ms: performance.now() - t0};
}"""

# ------------------------------------------------------------------------------- browser part


@dataclass
class Sample:
    changes: int
    heap_mb: float
    total_mb: float
    memory_mb: float | None
    nodes: int
    listeners: int


@dataclass
class Captured:
    """Dash callback bodies the wall sent, and what the browser saw."""

    spotlight: dict | None = None
    refresh: dict | None = None
    spotlight_requests: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def sample(cdp, page, changes: int) -> Sample:
    """Heap after two forced collections, DOM nodes and listeners."""
    for _ in range(2):
        cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    memory = page.evaluate(MEMORY)
    return Sample(
        changes,
        metrics["JSHeapUsedSize"] / MB,
        metrics["JSHeapTotalSize"] / MB,
        None if memory is None else memory / MB,
        int(metrics["Nodes"]),
        int(metrics["JSEventListeners"]),
    )


def print_sample(s: Sample) -> None:
    memory = "n/a" if s.memory_mb is None else f"{s.memory_mb:8.2f} MB"
    print(
        f"  after {s.changes:>4} changes   JS heap {s.heap_mb:7.2f} MB (of {s.total_mb:6.2f})"
        f"   performance.memory {memory}   DOM nodes {s.nodes:>6}   listeners {s.listeners:>5}",
        flush=True,
    )


def trigger_of(request) -> str | None:
    """The id of the first input of a Dash callback request (what triggered it)."""
    if UPDATE not in request.url or not request.post_data:
        return None
    inputs = json.loads(request.post_data).get("inputs") or [{}]
    return inputs[0].get("id") if isinstance(inputs[0], dict) else None


def watch(page, captured: Captured) -> None:
    """Collect console errors and failed requests; keep the spotlight and refresh bodies."""

    def on_request(request) -> None:
        if UPDATE not in request.url or not request.post_data:
            return
        body = json.loads(request.post_data)
        trigger = trigger_of(request)
        if trigger == "wall-spotlight":
            captured.spotlight = body
            captured.spotlight_requests.append(request)
        elif trigger == "wall-version":
            captured.refresh = body

    page.on("request", on_request)
    page.on(
        "console",
        lambda m: (
            captured.problems.append(f"console: {m.text[:200]}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: captured.problems.append(f"page error: {str(exc)[:200]}"))
    page.on("requestfailed", lambda r: captured.problems.append(f"failed: {r.url} {r.failure}"))


def open_wall(browser, url: str, captured: Captured):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(60_000)
    watch(page, captured)
    started = time.perf_counter()
    page.goto(url + "/wall?interval=600")
    page.wait_for_function(READY, polling="raf")
    page.wait_for_load_state("networkidle")
    print(f"wall loaded in {time.perf_counter() - started:.1f} s (first scene drawn)", flush=True)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    return context, page, cdp


def rotate(page, cdp, *, changes: int, every: int) -> tuple[list[Sample], list[dict]]:
    """``changes`` scene changes; a heap sample every ``every`` changes."""
    samples = [sample(cdp, page, 0)]
    print_sample(samples[0])
    results = []
    for n in range(1, changes + 1):
        results.append(page.evaluate(NEXT_SCENE, 15_000))
        if n % every == 0 or n == changes:
            samples.append(sample(cdp, page, n))
            print_sample(samples[-1])
    return samples, results


def capture_refresh(page) -> float | None:
    """Trigger the new-version callback once (as a poll would) and wait until it is applied."""
    with page.expect_request_finished(lambda r: trigger_of(r) == "wall-version") as info:
        page.evaluate(
            "() => { const s = window.kcWall.state(); window.dash_clientside.set_props("
            "'wall-version', {data: {dataset: s.version + 1000, boundaries: s.boundaryVersion}}); }"
        )
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    timing = info.value.timing
    return timing["responseEnd"] if timing["responseEnd"] > 0 else None


def report_heap(samples: list[Sample], *, reload_changes: int) -> None:
    """Heap at the start and end, after the warm-up, and over one soft-reload period."""
    first, last = samples[0], samples[-1]
    growth = last.heap_mb - first.heap_mb
    line("JS heap start (after GC)", first.heap_mb, "MB")
    line("JS heap end (after GC)", last.heap_mb, "MB")
    line("JS heap growth, start to end", growth, "MB")
    line("JS heap growth, start to end", 100 * growth / first.heap_mb, "%")
    if len(samples) > 2:
        warm = samples[1]
        settled = last.heap_mb - warm.heap_mb
        label = f"JS heap growth after the first {warm.changes} (warm-up)"
        line(label, settled, "MB")
        line(label, 100 * settled / warm.heap_mb, "%", target="<= 10 %", limit=10)
        fit = statistics.linear_regression(
            [s.changes for s in samples[1:]], [s.heap_mb * 1024 for s in samples[1:]]
        )
        line("  trend after the warm-up (least squares)", fit.slope, "KB/ch")
    within = [s for s in samples if s.changes <= reload_changes]
    if within[-1].changes == reload_changes:
        line(
            f"JS heap growth over one soft reload ({reload_changes} ch.)",
            within[-1].heap_mb - first.heap_mb,
            "MB",
        )
        detail("the page reloads itself after that many changes at the default 30 s interval")
    if first.memory_mb is not None and last.memory_mb is not None:
        line("performance.memory.usedJSHeapSize start", first.memory_mb, "MB")
        line("performance.memory.usedJSHeapSize end", last.memory_mb, "MB")
    pair("DOM nodes start / end", f"{first.nodes} / {last.nodes}")
    pair("JS event listeners start / end", f"{first.listeners} / {last.listeners}")


def report_timing(results: list[dict]) -> None:
    times = [r["ms"] for r in results if not r["advanced"]]
    spot = [r["ms"] for r in results if r["advanced"]]
    line("scene change to painted, median", statistics.median(times), "ms")
    if spot:
        line("spotlight change to map redrawn, median", statistics.median(spot), "ms")
        line("spotlight change to map redrawn, max", max(spot), "ms")
    failed = [r for r in results if not r["ok"]]
    if failed:
        warn(f"{len(failed)} changes did not finish within 15 s: {failed[:3]}")
        MISSES.append("scene changes that did not finish")


def report_graphs(start: int, end: dict) -> None:
    pair(
        "plotly graphs start / end / same element",
        f"{start} / {end['plots']} / {end['tagged']}",
        target="all equal: nothing re-mounted",
    )
    detail(f"dcc.Graph wrappers at the end: {end['wrappers']}; wall timers: {end['timers']}")
    if not (start == end["plots"] == end["tagged"]):
        MISSES.append("plotly graphs re-mounted")
        warn("graphs were re-mounted (target: the same elements from start to end)")


def report_spotlight(captured: Captured) -> None:
    answers = [r.response() for r in captured.spotlight_requests]
    bodies = [a.body() for a in answers if a is not None and a.ok]
    patches = sum(1 for b in bodies if b"__dash_patch_update" in b)
    sizes = [len(b) / 1024 for b in bodies]
    sent = len(captured.spotlight_requests)
    pair("spotlight callbacks sent / answered / Patch", f"{sent} / {len(bodies)} / {patches}")
    if sizes:
        detail(f"answer size median {statistics.median(sizes):.1f} KB decoded")
    if len(bodies) != patches:
        MISSES.append("spotlight answered with a whole figure")


def report_problems(problems: list[str]) -> None:
    pair("console errors, page errors, failed requests", str(len(problems)), target="0")
    for text in problems[:5]:
        detail(text)
    if problems:
        MISSES.append("console errors")


def bench_browser(url: str, *, changes: int, every: int, tag: str) -> Captured:
    """The rotation in headless Chromium; returns the callback bodies for the server part."""
    from playwright.sync_api import sync_playwright

    captured = Captured()
    args = [*CHROMIUM_ARGS, "--enable-precise-memory-info"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=args)
        context, page, cdp = open_wall(browser, url, captured)
        graphs = page.evaluate(TAG_GRAPHS)
        hours = float(page.evaluate(RELOAD_HOURS) or 6)
        print(
            f"rotation [{tag}]: {changes} scene changes, /wall?interval=600, 1920x1080", flush=True
        )
        started = time.perf_counter()
        samples, results = rotate(page, cdp, changes=changes, every=every)
        seconds = time.perf_counter() - started
        end = page.evaluate(GRAPHS)
        print(
            f"  {end['changes'] - 1} changes counted by the wall in {seconds:.0f} s;"
            f" {sum(r['advanced'] for r in results)} spotlight advances",
            flush=True,
        )
        report_heap(samples, reload_changes=round(hours * 3600 / 30))
        report_timing(results)
        report_graphs(graphs, end)
        report_spotlight(captured)
        report_problems(captured.problems)
        refresh_ms = capture_refresh(page)
        if refresh_ms is not None:
            detail(f"new-version refresh callback in the browser: answered in {refresh_ms:.0f} ms")
        context.close()
        browser.close()
    return captured


# -------------------------------------------------------------------------------- server part


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process, its live children and its reaped children, from /proc."""
    stat = _stat(pid)
    total = sum(int(stat[i]) for i in (11, 12, 13, 14)) / TICKS
    return total + sum(sum(int(_stat(c)[i]) for i in (11, 12)) / TICKS for c in children(pid))


def _stat(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat after the command name (field 3, state, is index 0)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def rss_mb(pid: int) -> float:
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024
    return 0.0


@dataclass
class Stream:
    """One kind of request a wall repeats: every ``period`` seconds from ``due``."""

    kind: str
    due: float
    period: float
    body: dict | None = None
    index: int = 0


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, error: str) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            if error:
                self.errors[kind] = self.errors.get(kind, 0) + 1
                self.first_error = self.first_error or f"{kind}: {error}"


def send(url: str, stream: Stream, tally: Tally) -> None:
    """One request as the wall sends it; the spotlight index is the wall's own."""
    data = None
    if stream.body is not None:
        body = stream.body
        if stream.kind == "spotlight":
            body = copy.deepcopy(body)
            body["inputs"][0]["value"] = stream.index
            stream.index += 1
        data = json.dumps(body).encode()
    path = "/wall/state" if stream.kind == "poll" else UPDATE
    request = urllib.request.Request(
        url + path, data=data, headers={"Content-Type": "application/json"}
    )
    started = time.perf_counter()
    error = ""
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except OSError as exc:  # URLError and HTTPError (4xx, 5xx) included
        error = str(exc)[:200]
    tally.add(stream.kind, (time.perf_counter() - started) * 1000, error)


def one_wall(url: str, streams: list[Stream], stop_at: float, stop: threading.Event, tally):
    while not stop.is_set():
        stream = min(streams, key=lambda s: s.due)
        now = time.monotonic()
        if stream.due >= stop_at:
            return
        if stream.due > now:
            stop.wait(stream.due - now)  # the wall's own cadence
            continue
        send(url, stream, tally)
        stream.due += stream.period


def simulate(url: str, pid: int, *, walls: int, seconds: float, streams) -> dict:
    """Run ``walls`` threads for ``seconds``; ``streams(i, t0)`` gives wall i its schedule."""
    tally, stop = Tally(), threading.Event()
    cpu_before, client_before = tree_cpu(pid), time.process_time()
    t0 = time.monotonic()
    stop_at = t0 + seconds
    threads = [
        threading.Thread(target=one_wall, args=(url, streams(i, t0), stop_at, stop, tally))
        for i in range(walls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    stop.set()
    elapsed = time.monotonic() - t0
    used = tree_cpu(pid) - cpu_before
    return {
        "tally": tally,
        "elapsed": elapsed,
        "cpu_s": used,
        "client_s": time.process_time() - client_before,
    }


def report_load(title: str, result: dict) -> None:
    tally: Tally = result["tally"]
    elapsed = result["elapsed"]
    total = sum(len(v) for v in tally.latencies.values())
    errors = sum(tally.errors.values())
    print(title, flush=True)
    line("server CPU (gunicorn master + 2 workers)", 100 * result["cpu_s"] / elapsed, "% 1c")
    line("  CPU per request", 1000 * result["cpu_s"] / max(1, total), "ms")
    line("requests served", total, "", digits=0)
    line("  per second", total / elapsed, "req/s")
    line("errors", errors, "", target="0", limit=0, digits=0)
    for kind, values in sorted(tally.latencies.items()):
        detail(
            f"{kind:<10}{len(values):>6} req  median {statistics.median(values):7.1f} ms"
            f"  p95 {percentile(values, 0.95):7.1f} ms  max {max(values):7.1f} ms"
            f"  errors {tally.errors.get(kind, 0)}"
        )
    all_ms = [ms for values in tally.latencies.values() for ms in values]
    line("latency p95, all requests", percentile(all_ms, 0.95), "ms")
    detail(
        f"{elapsed:.0f} s; load generator (this process, 50 threads) used "
        f"{100 * result['client_s'] / elapsed:.1f} % of one core on the same 2 cores"
    )
    if tally.first_error:
        detail(f"first error: {tally.first_error}")


def cadence(poll: float, spotlight: float, body: dict | None, walls: int):
    """Each wall polls every ``poll`` s and advances its spotlight every ``spotlight`` s."""

    def streams(i: int, t0: float) -> list[Stream]:
        phase = i / walls
        out = [Stream("poll", t0 + phase * poll, poll)]
        if body is not None:
            # spotlight phases spread over the cycle, decorrelated from the poll phases
            shift = ((i * 7) % walls) / walls
            out.append(Stream("spotlight", t0 + shift * spotlight, spotlight, body, index=i))
        return out

    return streams


def burst(poll: float, body: dict, walls: int):
    """A new dataset version: every wall sees it at its next poll and refreshes everything."""

    def streams(i: int, t0: float) -> list[Stream]:
        due = t0 + (i / walls) * poll
        return [Stream("poll", due, poll), Stream("refresh", due + 0.01, float("inf"), body)]

    return streams


def bench_server(srv: Server, captured: Captured, args) -> None:
    pid = srv.proc.pid
    workers = children(pid)
    rss_before = {w: rss_mb(w) for w in workers}
    idle = simulate(srv.url, pid, walls=0, seconds=args.idle, streams=None)
    print(f"server idle for {args.idle:.0f} s", flush=True)
    line("server CPU, idle", 100 * idle["cpu_s"] / idle["elapsed"], "% 1c")
    if captured.spotlight is None:
        warn("no spotlight body captured from the browser: walls only poll")
    real = cadence(15, 180, captured.spotlight, args.walls)
    result = simulate(srv.url, pid, walls=args.walls, seconds=args.seconds, streams=real)
    report_load(
        f"{args.walls} walls at the real cadence: /wall/state every 15 s, the spotlight callback "
        f"every 180 s (6 scenes x 30 s), {args.seconds:.0f} s",
        result,
    )
    stress = cadence(1.5, 18, captured.spotlight, args.walls)
    result = simulate(srv.url, pid, walls=args.walls, seconds=args.stress_seconds, streams=stress)
    report_load(
        f"{args.walls} walls at 10x the cadence (stress): every 1.5 s, spotlight every 18 s, "
        f"{args.stress_seconds:.0f} s",
        result,
    )
    if captured.refresh is not None:
        version = import_dataset_version(srv)
        result = simulate(
            srv.url,
            pid,
            walls=args.walls,
            seconds=16,
            streams=burst(15, captured.refresh, args.walls),
        )
        report_load(
            f"{args.walls} walls after a dataset import (version {version}): each posts the full "
            "refresh callback at its next poll (within 15 s)",
            result,
        )
    print("gunicorn workers' memory", flush=True)
    for n, worker in enumerate(workers, 1):
        if Path(f"/proc/{worker}").exists():
            line(f"worker {n} RSS before the walls", rss_before[worker], "MB")
            line(f"worker {n} RSS after", rss_mb(worker), "MB", target="P7 <= 350 MB", limit=350)


def import_dataset_version(srv: Server) -> str:
    """A real new dataset version (``python -m dashboard import events``, one event merged), as
    an editor's import makes it: every worker then reads it on its own and the walls rebuild from
    it, so the memory measured after the burst includes reading a version. Returns "a -> b"."""

    def served() -> int:
        with urllib.request.urlopen(srv.url + "/wall/state", timeout=10) as response:
            return int(json.load(response)["version"])

    before = served()
    events = srv.data_dir.parent / "bench-events.csv"
    events.write_text(
        "tanggal,judul,title_en,wilayah,kategori,sumber\n"
        "2024-03-01,Uji beban dinding,Wall load test,32.16,kebijakan,bench_wall\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "--data-dir", str(srv.data_dir), "-q",
         "import", "events", str(events), "--who", "bench_wall"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        warn(f"import events failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
        return f"{before}, import failed"
    # both workers: /wall/state is answered by either, so ask until a few in a row agree
    deadline, agreed = time.monotonic() + 30, 0
    while agreed < 6 and time.monotonic() < deadline:
        agreed = agreed + 1 if served() > before else 0
    return f"{before} -> {served()}"


# -------------------------------------------------------------------------------------- main


def import_boundaries(data_dir: Path, path: Path) -> bool:
    """``python -m dashboard import boundaries`` into the bench's DATA_DIR (for --geo)."""
    started = time.perf_counter()
    command = ["import", "boundaries", str(path), "--level", "regency"]
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "--data-dir", str(data_dir), *command],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    print(
        f"boundaries: {path.name} imported in {time.perf_counter() - started:.1f} s"
        f" (exit {done.returncode})",
        flush=True,
    )
    if done.returncode:
        detail((done.stdout + done.stderr).strip()[-400:])
    return done.returncode == 0


def measure(data_dir: Path, args, *, tag: str, load: bool) -> None:
    """Start gunicorn on ``data_dir``; the rotation in Chromium, then (``load``) the 50 walls."""
    srv = Server(data_dir).start()
    try:
        print(f"[{tag}] server started: {srv.url}, gunicorn pid {srv.proc.pid}", flush=True)
        captured = Captured()
        if args.no_browser:
            print("browser part skipped (--no-browser)")
        elif not Path(CHROMIUM).exists():
            print(f"browser part skipped: no Chromium at {CHROMIUM}")
        else:
            captured = bench_browser(srv.url, changes=args.changes, every=args.every, tag=tag)
        if load:
            bench_server(srv, captured, args)
    finally:
        srv.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=720, help="scene changes (>= 200)")
    parser.add_argument("--every", type=int, default=60, help="heap sample every N changes")
    parser.add_argument("--walls", type=int, default=50, help="simulated walls")
    parser.add_argument("--seconds", type=float, default=90, help="real-cadence run")
    parser.add_argument("--stress-seconds", type=float, default=30, help="10x-cadence run")
    parser.add_argument("--idle", type=float, default=10, help="idle baseline, seconds")
    parser.add_argument("--no-browser", action="store_true", help="server part only, polls only")
    parser.add_argument("--no-geo", action="store_true", help="skip the geographic map")
    parser.add_argument("--real-dir", type=Path, default=REAL_DIR, help="has regencies.geojson")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "instance"
        measure(data_dir, args, tag="tile map", load=True)
        regencies = args.real_dir / "regencies.geojson"
        if args.no_geo or args.no_browser:
            pass
        elif not regencies.exists():
            print(f"geo map: skipped, {regencies} is absent")
        elif import_boundaries(data_dir, regencies):
            measure(data_dir, args, tag="geo map", load=False)
    missed = f": {'; '.join(MISSES)}" if MISSES else ""
    print(f"done in {time.perf_counter() - started:.0f} s; {len(MISSES)} targets missed{missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
