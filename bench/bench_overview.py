"""P1, P2, P8: the overview page `/` over HTTP and in headless Chromium, tile map and geo map.

Starts gunicorn (2 workers, --preload) on a free port with a temporary DATA_DIR, as the browser
tests do, then measures:

- P1: N filter changes (measure, year, province) posted to ``/_dash-update-component`` with the
  bodies the Dash renderer sends: the map callback (a values-only ``Patch``) and the panels
  callback; response sizes (decoded and gzip on the wire) and round-trip time on loopback.
- P2: cold load of ``/`` in a new browser context (empty cache) at 1920x1080 until the map's
  values trace is drawn, with the bytes transferred (Resource Timing ``transferSize``) and the
  geometry bytes; then a second load in the same context: bytes transferred and server time.
- P8: repaint after an indicator change (``dash_clientside.set_props``) until the map's
  ``plotly_afterplot`` with new values.

Then imports ``../shared/data/real/regencies.geojson`` (when present) and repeats all of it on
``/?mode=geo``. A measurement, not a test: always exits 0; misses are marked "MISS". Run:
``python bench/bench_overview.py [--changes 200] [--cold-runs 3] [--repaints 20]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import ids
from dashboard.config import PROJECT_DIR
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server

REAL_DIR = PROJECT_DIR.parent / "shared" / "data" / "real"
UPDATE = "/_dash-update-component"
LANG_STATE = [{"id": "overview-lang", "property": "data", "value": "id"}]
PANEL_OUTPUTS = [
    ("overview-badge-holder", "children"),
    ("overview-subtitle", "children"),
    (ids.OVERVIEW_ALERT, "children"),
    (ids.KPI_ROW, "children"),
    (ids.MAP_CAPTION, "children"),
    (ids.RANKING_CHART, "figure"),
    (ids.DISTRIBUTION_CHART, "figure"),
    ("overview-about", "children"),
]
MISSES: list[str] = []


# ---------------------------------------------------------------- output


def line(label: str, value: float, unit: str, *, target: str = "", limit: float | None = None):
    """One aligned result line; ``limit`` is the upper bound of the target (MISS when above)."""
    text = f"{value:>10.1f}" if isinstance(value, float) else f"{value:>10,}"
    miss = limit is not None and value > limit
    if miss:
        MISSES.append(label.strip())
    suffix = f"   (target {target})" if target else ""
    print(f"  {label:<44}{text} {unit:<5}{suffix}{'  MISS' if miss else ''}", flush=True)


def note(text: str) -> None:
    print(f"  ! {text}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ---------------------------------------------------------------- HTTP (P1)


def post(url: str, body: dict) -> tuple[int, int, float, dict]:
    """POST a callback as the browser does (gzip accepted): wire bytes, decoded bytes, ms, JSON."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url + UPDATE,
        data=data,
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        encoding = response.headers.get("Content-Encoding")
    ms = (time.perf_counter() - started) * 1000
    decoded = gzip.decompress(raw) if encoding == "gzip" else raw
    return len(raw), len(decoded), ms, json.loads(decoded)


def pages_body(search: str = "") -> dict:
    changed = ["_pages_location.pathname", "_pages_location.search"]
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/"},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }


def map_body(state: dict, changed: str) -> dict:
    return {
        "output": f"{ids.READINESS_MAP}.figure",
        "outputs": {"id": ids.READINESS_MAP, "property": "figure"},
        "inputs": _filter_inputs(state, with_mode=True),
        "changedPropIds": [changed],
        "parsedChangedPropsIds": [changed],
        "state": LANG_STATE,
    }


def panels_body(state: dict, changed: str) -> dict:
    return {
        "output": ".." + "...".join(f"{cid}.{prop}" for cid, prop in PANEL_OUTPUTS) + "..",
        "outputs": [{"id": cid, "property": prop} for cid, prop in PANEL_OUTPUTS],
        "inputs": _filter_inputs(state, with_mode=False),
        "changedPropIds": [changed],
        "parsedChangedPropsIds": [changed],
        "state": LANG_STATE,
    }


def _filter_inputs(state: dict, *, with_mode: bool) -> list[dict]:
    inputs = [
        {"id": ids.INDICATOR_SELECT, "property": "value", "value": state["measure"]},
        {"id": ids.PERIOD_SELECT, "property": "value", "value": state["period"]},
        {"id": ids.PROVINCE_SELECT, "property": "value", "value": state["province"]},
    ]
    if with_mode:
        inputs.append({"id": ids.MAP_MODE, "property": "value", "value": state["mode"]})
    return inputs


def _components(node) -> Iterator[dict]:
    if isinstance(node, dict):
        if "props" in node and isinstance(node["props"], dict):
            yield node
        for value in node.values():
            yield from _components(value)
    elif isinstance(node, list):
        for value in node:
            yield from _components(value)


def filter_options(url: str) -> dict[str, list]:
    """Enabled option values of the overview's dropdowns, read from the page the server sends."""
    *_, page = post(url, pages_body())
    found = {}
    for component in _components(page):
        props = component["props"]
        if props.get("id") in (ids.INDICATOR_SELECT, ids.PERIOD_SELECT, ids.PROVINCE_SELECT):
            found[props["id"]] = [
                o["value"] for o in props.get("options", []) if not o.get("disabled")
            ]
    return found


def change_sequence(options: dict[str, list], n: int, mode: str) -> list[tuple[dict, str]]:
    """N filter changes: mostly the measure, every 4th the year, every 10th the province."""
    measures = options[ids.INDICATOR_SELECT]
    periods = options[ids.PERIOD_SELECT]
    provinces = ["all", *options[ids.PROVINCE_SELECT][1:8]]
    state = {"measure": measures[0], "period": periods[0], "province": "all", "mode": mode}
    out = []
    for i in range(n):
        if i % 10 == 9:
            state["province"] = provinces[(i // 10 + 1) % len(provinces)]
            changed = ids.PROVINCE_SELECT
        elif i % 4 == 3:
            state["period"] = periods[(i // 4 + 1) % len(periods)]
            changed = ids.PERIOD_SELECT
        else:
            state["measure"] = measures[(i - i // 4 + 1) % len(measures)]
            changed = ids.INDICATOR_SELECT
        out.append((dict(state), f"{changed}.value"))
    return out


def bench_callbacks(url: str, *, n: int, mode: str, tag: str) -> None:
    """P1: map and panels callback sizes and times for N changes."""
    options = filter_options(url)
    sequence = change_sequence(options, n, mode)
    for state, changed in sequence[:6]:  # warm both workers
        post(url, map_body(state, changed))
        post(url, panels_body(state, changed))
    m_wire, m_size, m_ms, p_wire, p_size, p_ms, full = [], [], [], [], [], [], 0
    for state, changed in sequence:
        wire, size, ms, body = post(url, map_body(state, changed))
        figure = body["response"][ids.READINESS_MAP]["figure"]
        if figure.get("__dash_patch_update") != "__dash_patch_update":
            full += 1
        m_wire.append(wire)
        m_size.append(size)
        m_ms.append(ms)
        wire, size, ms, _ = post(url, panels_body(state, changed))
        p_wire.append(wire)
        p_size.append(size)
        p_ms.append(ms)
    whole_size = [a + b for a, b in zip(m_size, p_size, strict=True)]
    whole_ms = [a + b for a, b in zip(m_ms, p_ms, strict=True)]
    print(
        f"P1 [{tag}] {n} filter changes ({len(options[ids.INDICATOR_SELECT])} measures, "
        f"{len(options[ids.PERIOD_SELECT])} years, provinces), HTTP on loopback",
        flush=True,
    )
    kb = 1024
    line("map response, median", statistics.median(m_size) / kb, "KB", target="P1: <= 10 KB", limit=10)
    line("map response, max", max(m_size) / kb, "KB", target="P1: <= 10 KB", limit=10)
    line("map response gzip, median", statistics.median(m_wire) / kb, "KB")
    line("map time, median", statistics.median(m_ms), "ms", target="P1: <= 5 ms", limit=5)
    line("map time, p95", percentile(m_ms, 0.95), "ms")
    line("panels response, median", statistics.median(p_size) / kb, "KB")
    line("panels response gzip, median", statistics.median(p_wire) / kb, "KB")
    line("panels time, median", statistics.median(p_ms), "ms")
    line("whole change, median", statistics.median(whole_size) / kb, "KB", target="P1: <= 60 KB", limit=60)
    line("whole change, max", max(whole_size) / kb, "KB", target="P1: <= 60 KB", limit=60)
    line("whole change time (map + panels), median", statistics.median(whole_ms), "ms", target="P1: <= 50 ms", limit=50)
    line("whole change time, p95", percentile(whole_ms, 0.95), "ms")
    if full:
        note(f"{full} of {n} map responses were whole figures, not a values-only Patch")


# ---------------------------------------------------------------- browser (P2, P8)

MAP_DRAWN = """(mode) => {
    const gd = document.querySelector('#readiness-map .js-plotly-plot');
    if (!gd || !gd._fullData || gd._fullData.length < 2 || !gd._fullLayout) return false;
    if (mode === 'geo') {
        const traces = gd.querySelectorAll('.choroplethlayer .trace');
        const values = traces.length > 1 ? traces[1].querySelectorAll('path.choroplethlocation') : [];
        return values.length > 0 ? performance.now() : false;
    }
    return gd.querySelectorAll('.heatmaplayer image').length >= 2 ? performance.now() : false;
}"""

RESOURCES = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const rows = [nav, ...performance.getEntriesByType('resource')];
    return rows.map(e => ({
        name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize,
        decoded: e.decodedBodySize, server: e.responseStart - e.requestStart,
        start: e.startTime, end: e.responseEnd,
    }));
}"""

REPAINT = """async ([measure, timeout]) => {
    const gd = document.querySelector('#readiness-map .js-plotly-plot');
    const before = JSON.stringify(gd.data[1].z);
    const done = () => performance.getEntriesByType('resource')
        .filter(e => e.name.includes('_dash-update-component')).length;
    const count = done();
    const ms = await new Promise((resolve) => {
        const handler = () => {
            if (JSON.stringify(gd.data[1].z) !== before) {
                gd.removeListener('plotly_afterplot', handler);
                resolve(performance.now() - t0);
            }
        };
        gd.on('plotly_afterplot', handler);
        const t0 = performance.now();
        window.dash_clientside.set_props('indicator-select', {value: measure});
        setTimeout(() => resolve(-1), timeout);
    });
    const deadline = performance.now() + timeout;
    while (done() < count + 2 && performance.now() < deadline) {
        await new Promise(r => setTimeout(r, 5));
    }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return ms;
}"""


def watch(page, problems: list[str]) -> None:
    page.on(
        "console",
        lambda msg: problems.append(f"console {msg.type}: {msg.text[:200]}")
        if msg.type in ("error", "warning")
        else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {str(exc)[:200]}"))
    page.on("requestfailed", lambda req: problems.append(f"failed: {req.url} {req.failure}"))


def load(context, url: str, mode: str, problems: list[str]) -> tuple[float, list[dict], object]:
    """Open ``url`` in a new page of ``context``: ms from navigation start to map drawn, resources."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    watch(page, problems)
    page.goto(url, wait_until="commit")
    page.evaluate("() => performance.setResourceTimingBufferSize(5000)")
    drawn = page.wait_for_function(MAP_DRAWN, arg=mode, polling="raf").json_value()
    page.wait_for_load_state("networkidle")
    return float(drawn), page.evaluate(RESOURCES), page


def _kind(name: str) -> str:
    path = name.split("://", 1)[-1].split("/", 1)[-1]
    if path.startswith("geometry/"):
        return "geometry"
    if path.startswith("_dash-update-component"):
        return "callbacks"
    if path.startswith(("_dash-layout", "_dash-dependencies")):
        return path.split("?")[0]
    if path.startswith(("_dash-component-suites", "assets")):
        return "static"
    return "document" if "?" not in path or path.startswith("?") else "other"


def summarise(resources: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in resources:
        row = out.setdefault(_kind(r["name"]), {"n": 0, "transfer": 0, "decoded": 0, "server": 0.0})
        row["n"] += 1
        row["transfer"] += r["transfer"]
        row["decoded"] += r["decoded"]
        if r["transfer"] > 0:  # served by the network, not from the cache
            row["server"] += max(0.0, r["server"])
    return out


def bench_browser(browser, url: str, *, mode: str, tag: str, cold_runs: int, repaints: int, measures: list[str]) -> None:
    """P2 cold and second load, P8 repaint, for one map mode."""
    problems: list[str] = []
    colds, totals, geometry_bytes = [], [], []
    kinds: dict[str, dict] = {}
    for _ in range(cold_runs):
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
        ms, resources, _page = load(context, url, mode, problems)
        kinds = summarise(resources)
        colds.append(ms)
        totals.append(sum(r["transfer"] for r in resources))
        geometry_bytes.append(kinds.get("geometry", {}).get("transfer", 0))
        last = context
        if _ < cold_runs - 1:
            context.close()
    mb = 1024 * 1024
    print(f"P2 [{tag}] cold load of {url.split('/', 3)[-1] or '/'} at 1920x1080, {cold_runs} new contexts", flush=True)
    line("navigation start to map drawn, median", statistics.median(colds) / 1000, "s", target="P2: <= 2.0 s", limit=2.0)
    line("navigation start to map drawn, max", max(colds) / 1000, "s")
    line("transferred, everything", statistics.median(totals) / mb, "MB", target="P2: <= 2.6 MB", limit=2.6)
    if mode == "geo":
        geo = kinds.get("geometry", {})
        line("transferred, geometry", statistics.median(geometry_bytes) / mb, "MB", target="P2: <= 0.7 MB compressed", limit=0.7)
        line("geometry decoded", geo.get("decoded", 0) / mb, "MB")
        if geo.get("n", 0) == 0:
            note("no /geometry request seen: geometry embedded in the figure?")
    for kind, row in sorted(kinds.items()):
        print(
            f"    {kind:<26}{row['n']:>4} req {row['transfer'] / 1024:>9.1f} KB on the wire, "
            f"{row['decoded'] / 1024:>9.1f} KB decoded",
            flush=True,
        )

    ms, resources, page = load(last, url, mode, problems)
    kinds = summarise(resources)
    network = [r for r in resources if r["transfer"] > 0]
    app_bytes = sum(r["transfer"] for r in resources)
    layout_ms = kinds.get("_dash-layout", {}).get("server", 0.0) + _pages_callback_ms(resources)
    print(f"P2 [{tag}] second load, same context (warm cache)", flush=True)
    line("transferred, everything", app_bytes / 1024, "KB", target="P2: <= 100 KB", limit=100)
    line("server time, _dash-layout + page callback", layout_ms, "ms", target="P2: <= 20 ms", limit=20)
    line("server time, all requests sent", sum(max(0.0, r["server"]) for r in network), "ms")
    line("navigation start to map drawn", ms / 1000, "s")
    for r in network:
        path = r["name"].split("/", 3)[-1][:60] or "/"
        print(f"    /{path:<62}{r['transfer'] / 1024:>8.1f} KB {r['server']:>7.1f} ms", flush=True)
    geo = [r for r in resources if _kind(r["name"]) == "geometry"]
    if mode == "geo":
        state = "not requested" if not geo else ("re-downloaded" if geo[0]["transfer"] > 1000 else "from cache" if geo[0]["transfer"] == 0 else "revalidated (304)")
        print(f"    geometry on second load: {state}", flush=True)
        if geo and geo[0]["transfer"] > 1000:
            MISSES.append(f"[{tag}] geometry re-downloaded on the second load")

    bench_repaint(page, measures, repaints=repaints, tag=tag)
    last.close()
    if problems:
        note(f"[{tag}] {len(problems)} console/page problems, first: " + "; ".join(problems[:3]))
    else:
        print(f"    [{tag}] console: no errors or warnings", flush=True)


def _pages_callback_ms(resources: list[dict]) -> float:
    """Server time of the first callback (Dash Pages renders the page layout in it)."""
    calls = sorted((r for r in resources if _kind(r["name"]) == "callbacks" and r["transfer"] > 0), key=lambda r: r["start"])
    return max(0.0, calls[0]["server"]) if calls else 0.0


def bench_repaint(page, measures: list[str], *, repaints: int, tag: str) -> None:
    """P8: indicator change to the map's afterplot with the new values."""
    current = page.evaluate("() => document.querySelector('#indicator-select input, #indicator-select') && null")
    del current
    times, lost = [], 0
    for i in range(repaints + 2):  # the first two warm the code paths
        ms = page.evaluate(REPAINT, [measures[(i + 1) % len(measures)], 10_000])
        if i < 2:
            continue
        if ms < 0:
            lost += 1
        else:
            times.append(ms)
    print(f"P8 [{tag}] repaint after an indicator change, {repaints} changes", flush=True)
    if times:
        line("change to map afterplot, median", statistics.median(times), "ms", target="P8: <= 150 ms", limit=150)
        line("change to map afterplot, max", max(times), "ms")
    if lost:
        note(f"{lost} changes never repainted the map within 10 s")


# ---------------------------------------------------------------- main


def repaint_measures(url: str) -> list[str]:
    """Composite, pillars and elements, then a few indicators (each change must differ)."""
    measures = filter_options(url)[ids.INDICATOR_SELECT]
    return measures[:12] + measures[12::5]


def run_mode(srv: Server, browser, *, mode: str, path: str, args) -> None:
    tag = "tile map" if mode == "tile" else "geo map"
    bench_callbacks(srv.url, n=args.changes, mode=mode, tag=tag)
    if browser is not None:
        measures = repaint_measures(srv.url)
        bench_browser(
            browser,
            srv.url + path,
            mode=mode,
            tag=tag,
            cold_runs=args.cold_runs,
            repaints=args.repaints,
            measures=measures,
        )


def import_boundaries(data_dir: Path, path: Path) -> bool:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "--data-dir", str(data_dir), "import", "boundaries", str(path), "--level", "regency"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    print(f"boundary import: exit {done.returncode} in {time.perf_counter() - started:.1f} s: {done.stdout.strip()[-200:]}{done.stderr.strip()[-500:]}", flush=True)
    return done.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200, help="filter changes for P1")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold loads (new contexts)")
    parser.add_argument("--repaints", type=int, default=20, help="indicator changes for P8")
    parser.add_argument("--real-dir", type=Path, default=REAL_DIR)
    parser.add_argument("--no-browser", action="store_true", help="P1 only")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "instance"
        with _browser(args) as browser:
            srv = Server(data_dir).start()
            try:
                run_mode(srv, browser, mode="tile", path="/", args=args)
            finally:
                srv.stop()
            regencies = args.real_dir / "regencies.geojson"
            if not regencies.exists():
                print(f"geo map: skipped, {regencies} is absent", flush=True)
            elif import_boundaries(data_dir, regencies):
                srv = Server(data_dir).start()
                try:
                    run_mode(srv, browser, mode="geo", path="/?mode=geo", args=args)
                finally:
                    srv.stop()
    print(f"done in {time.perf_counter() - started:.0f} s; {len(MISSES)} targets missed" + (": " + ", ".join(MISSES) if MISSES else ""))
    return 0


class _browser:
    """Headless Chromium via Playwright, or None with a note when it cannot run."""

    def __init__(self, args) -> None:
        self.args = args
        self.pw = None
        self.instance = None

    def __enter__(self):
        if self.args.no_browser:
            return None
        if not Path(CHROMIUM).exists():
            print(f"browser parts skipped: Chromium not installed at {CHROMIUM}")
            return None
        from playwright.sync_api import sync_playwright

        self.pw = sync_playwright().start()
        self.instance = self.pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self.instance

    def __exit__(self, *exc) -> None:
        if self.instance is not None:
            self.instance.close()
        if self.pw is not None:
            self.pw.stop()


if __name__ == "__main__":
    sys.exit(main())
