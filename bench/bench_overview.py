"""P1, P2, P8: the overview page `/` over HTTP and in headless Chromium, tile map and geo map.

Starts gunicorn (2 workers, --preload) on a free port with a temporary DATA_DIR, as the browser
tests do, and measures:

- P1: N filter changes (measure, year, province) posted to ``/_dash-update-component`` with the
  bodies the Dash renderer sends: the map callback (a values-only ``Patch``) and the panels
  callback; response sizes (decoded, and gzip as sent) and round-trip times on loopback.
- P2: cold load in a new browser context (empty cache) at 1920x1080 until the map's values trace
  is drawn, bytes transferred (Resource Timing ``transferSize``) and geometry bytes; in the same
  browser run, alternating with those loads, a bare Dash app drawing one bar chart
  (``bench/bare_dash_app.py``, gunicorn the same way): the map should be drawn no later; a second load
  in the same context: bytes transferred; and the server time of the requests such a load sends
  (document, ``/_dash-layout``, ``/_dash-dependencies``, the page callback), timed over HTTP.
- P8: indicator change (``dash_clientside.set_props``) to the map's ``plotly_afterplot`` with the
  new values, split into "map callback answered" and "drawn".

Then imports ``../shared/data/real/regencies.geojson`` (skipped with a note when absent) and repeats
everything on ``/?mode=geo``. A measurement, not a test: exits 0; missed targets say "MISS". Run:
``python bench/bench_overview.py [--changes 200] [--cold-runs 3] [--repaints 20] [--no-browser]
[--only tile|geo|tile-repaint|geo-repaint]`` (``--only geo-repaint``: P8 of the geo map alone, one
warm page, about a minute).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import ids
from dashboard.config import PROJECT_DIR
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, _free_port

REAL_DIR = PROJECT_DIR.parent / "shared" / "data" / "real"
UPDATE = "/_dash-update-component"
MAP_REQUEST = '{"output":"readiness-map.figure"'
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
KB = 1024
MB = 1024 * 1024
MISSES: list[str] = []
# SPEC P2 (turn 2): cold load to map drawn and bytes transferred, per map type
COLD_SECONDS = {"tile": 1.2, "geo": 1.4}
COLD_MB = {"tile": 1.5, "geo": 2.0}
REPAINT_MS = {"tile": 100, "geo": 120}  # SPEC P8
TAG = [""]  # the map mode being measured, for the summary of misses

# ------------------------------------------------------------------------------------ output


def line(label: str, value: float, unit: str, *, target: str = "", limit: float | None = None):
    """One aligned result; ``limit`` is the target's upper bound (marked MISS when above)."""
    miss = limit is not None and value > limit
    if miss:
        MISSES.append(f"[{TAG[0]}] {label}")
    suffix = f"  (target {target})" if target else ""
    print(f"  {label:<46}{value:>9.1f} {unit:<3}{suffix}{'  MISS' if miss else ''}", flush=True)


def detail(text: str) -> None:
    print(f"      {text}", flush=True)


def warn(text: str) -> None:
    print(f"  ! {text}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# -------------------------------------------------------------------------------------- HTTP


def fetch(url: str, body: dict | None = None) -> tuple[int, bytes, float]:
    """GET, or POST ``body`` as JSON, accepting gzip: (bytes on the wire, decoded body, ms)."""
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        encoding = response.headers.get("Content-Encoding")
    ms = (time.perf_counter() - started) * 1000
    return len(raw), gzip.decompress(raw) if encoding == "gzip" else raw, ms


def pages_body(search: str = "") -> dict:
    """The Dash Pages callback that renders ``/`` (the page layout travels in its answer)."""
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


TEXT_OUTPUTS = [  # pages/overview.describe_charts_on_filter: each chart's title and summary
    (f"{chart}-text-{part}", "children")
    for chart in ("peta-kesiapan", "peringkat", "sebaran")
    for part in ("title", "summary")
]


def texts_body(state: dict) -> dict:
    """The charts' texts callback, sent once the map's answer is in (its input is a time stamp)."""
    return {
        "output": ".." + "...".join(f"{cid}.{prop}" for cid, prop in TEXT_OUTPUTS) + "..",
        "outputs": [{"id": cid, "property": prop} for cid, prop in TEXT_OUTPUTS],
        "inputs": [{"id": "overview-map-answered", "property": "data", "value": time.time()}],
        "changedPropIds": ["overview-map-answered.data"],
        "parsedChangedPropsIds": ["overview-map-answered.data"],
        "state": [*_filter_inputs(state, with_mode=False), *LANG_STATE],
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
        if isinstance(node.get("props"), dict):
            yield node
        for value in node.values():
            yield from _components(value)
    elif isinstance(node, list):
        for value in node:
            yield from _components(value)


def filter_options(url: str) -> dict[str, list]:
    """Enabled option values of the overview's dropdowns, from the page the server renders."""
    page = json.loads(fetch(url + UPDATE, pages_body())[1])
    wanted = (ids.INDICATOR_SELECT, ids.PERIOD_SELECT, ids.PROVINCE_SELECT)
    return {
        c["props"]["id"]: [o["value"] for o in c["props"]["options"] if not o.get("disabled")]
        for c in _components(page)
        if c["props"].get("id") in wanted
    }


def change_sequence(options: dict[str, list], n: int, mode: str) -> list[tuple[dict, str]]:
    """N changes: every 4th the year, a province picked and cleared again every 10, else measure."""
    measures, periods = options[ids.INDICATOR_SELECT], options[ids.PERIOD_SELECT]
    provinces = options[ids.PROVINCE_SELECT][1:]
    state = {"measure": measures[0], "period": periods[0], "province": "all", "mode": mode}
    out, m = [], 0
    for i in range(n):
        if i % 10 in (4, 7):
            state["province"] = provinces[(i // 10) % len(provinces)] if i % 10 == 4 else "all"
            changed = ids.PROVINCE_SELECT
        elif i % 4 == 3:
            state["period"] = periods[(i // 4 + 1) % len(periods)]
            changed = ids.PERIOD_SELECT
        else:
            m += 1
            state["measure"] = measures[m % len(measures)]
            changed = ids.INDICATOR_SELECT
        out.append((dict(state), f"{changed}.value"))
    return out


# ---------------------------------------------------------------------------------------- P1


def bench_callbacks(url: str, *, n: int, mode: str, tag: str) -> None:
    """P1: sizes and times of the map and panels callbacks for N filter changes."""
    options = filter_options(url)
    sequence = change_sequence(options, n, mode)
    for state, changed in sequence[:4]:  # both workers have served each callback once
        fetch(url + UPDATE, map_body(state, changed))
        fetch(url + UPDATE, panels_body(state, changed))
    rows, whole_figures = [], 0
    for state, changed in sequence:
        m_wire, m_body, m_ms = fetch(url + UPDATE, map_body(state, changed))
        p_wire, p_body, p_ms = fetch(url + UPDATE, panels_body(state, changed))
        figure = json.loads(m_body)["response"][ids.READINESS_MAP]["figure"]
        whole_figures += figure.get("__dash_patch_update") != "__dash_patch_update"
        rows.append((len(m_body), m_wire, m_ms, len(p_body), p_wire, p_ms))
    m_size, m_wire, m_ms, p_size, p_wire, p_ms = (list(c) for c in zip(*rows, strict=True))
    size = [a + b for a, b in zip(m_size, p_size, strict=True)]
    ms = [a + b for a, b in zip(m_ms, p_ms, strict=True)]
    med = statistics.median
    print(
        f"P1 [{tag}] {n} filter changes over {len(options[ids.INDICATOR_SELECT])} measures, "
        f"{len(options[ids.PERIOD_SELECT])} years, provinces; HTTP on loopback",
        flush=True,
    )
    line("map response, median", med(m_size) / KB, "KB", target="<= 10 KB", limit=10)
    line("map response, max", max(m_size) / KB, "KB", target="<= 10 KB", limit=10)
    line("map response gzip, median", med(m_wire) / KB, "KB")
    line("map time, median", med(m_ms), "ms", target="<= 3 ms", limit=3)
    line("map time, p95", percentile(m_ms, 0.95), "ms")
    line("panels response, median", med(p_size) / KB, "KB")
    line("panels time, median", med(p_ms), "ms", target="<= 8 ms", limit=8)
    detail(f"gzip {med(p_wire) / KB:.1f} KB; time p95 {percentile(p_ms, 0.95):.1f} ms")
    line("whole change (map + panels), median", med(size) / KB, "KB", target="<= 60 KB", limit=60)
    line("whole change, max", max(size) / KB, "KB", target="<= 60 KB", limit=60)
    line("whole change time, median (sum)", med(ms), "ms", target="<= 20 ms", limit=20)
    line("whole change time, p95 (sum)", percentile(ms, 0.95), "ms")
    again = [fetch(url + UPDATE, map_body(state, changed))[2] for state, changed in sequence]
    detail(
        f"map time when the same {n} changes are repeated (values memoised): median {med(again):.1f} ms"
    )
    if whole_figures:
        warn(f"{whole_figures} of {n} map answers were whole figures, not a values-only Patch")
        MISSES.append(f"[{tag}] map figure re-sent")


def warm_up(url: str, search: str) -> None:
    """Each worker's first request sets Dash up; measure it, then warm both workers."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = list(pool.map(lambda _: fetch(url + "/" + search)[2], range(2)))
        detail(
            f"first page requests after start (Dash setup per worker): {first[0]:.0f} ms, {first[1]:.0f} ms"
        )
        for _ in range(3):
            list(pool.map(lambda _: fetch(url + "/" + search), range(4)))
            list(pool.map(lambda _: fetch(url + UPDATE, pages_body(search)), range(4)))


def bench_page_requests(url: str, search: str, *, repeats: int = 15) -> None:
    """P2 server side: what a warm-cache load asks the server for, each timed over HTTP."""
    requests = [
        ("document /" + search, url + "/" + search, None),
        ("/_dash-layout", url + "/_dash-layout", None),
        ("/_dash-dependencies", url + "/_dash-dependencies", None),
        ("page callback (layout of /)", url + UPDATE, pages_body(search)),
    ]
    total = 0.0
    for label, target, body in requests:
        timings = [fetch(target, body) for _ in range(repeats)]
        ms = statistics.median(t[2] for t in timings)
        total += ms
        detail(
            f"{label:<34}{ms:>7.1f} ms {timings[-1][0] / KB:>8.1f} KB gzip "
            f"{len(timings[-1][1]) / KB:>8.1f} KB decoded"
        )
    line("server time of a load's requests, sum", total, "ms", target="<= 20 ms", limit=20)


# -------------------------------------------------------------------------------- browser JS

MAP_DRAWN = """(mode) => {
    const gd = document.querySelector('#readiness-map .js-plotly-plot');
    if (!gd || !gd._fullData || gd._fullData.length < 2 || !gd._fullLayout) return false;
    if (mode === 'geo') {
        const traces = gd.querySelectorAll('.choroplethlayer .trace');
        const drawn = traces.length > 1 && traces[1].querySelector('path.choroplethlocation');
        return drawn ? performance.now() : false;
    }
    return gd.querySelectorAll('.heatmaplayer image').length >= 2 ? performance.now() : false;
}"""

BAR_DRAWN = """() => document.querySelector('#bar .js-plotly-plot .barlayer .point path')
    ? performance.now() : false"""

RESOURCES = """() => [performance.getEntriesByType('navigation')[0],
                      ...performance.getEntriesByType('resource')].map(e => ({
    name: e.name, transfer: e.transferSize, decoded: e.decodedBodySize,
    wait: e.responseStart - e.requestStart, start: e.startTime, end: e.responseEnd}))"""

# callbacks of one indicator change: the map, the panels and the charts' texts (the texts once the
# map's answer is in); the next change starts when all have answered, as a user's would
CALLS_PER_CHANGE = 3
REPAINT = """async ([measure, timeout, CALLS]) => {
    const gd = document.querySelector('#readiness-map .js-plotly-plot');
    const signature = () => JSON.stringify([gd.data[1].z, gd.data[1].hovertemplate]);
    const before = signature();
    const calls = () => performance.getEntriesByType('resource')
        .filter(e => e.name.includes('_dash-update-component')).length;
    const count = calls();
    const t0 = performance.now();
    const total = await new Promise((resolve) => {
        const handler = () => {
            if (signature() === before) return;
            gd.removeListener('plotly_afterplot', handler);
            resolve(performance.now() - t0);
        };
        gd.on('plotly_afterplot', handler);
        window.dash_clientside.set_props('indicator-select', {value: measure});
        setTimeout(() => resolve(-1), timeout);
    });
    while (calls() < count + CALLS && performance.now() < t0 + timeout) {
        await new Promise(r => setTimeout(r, 5));  // the panels and texts have answered too
    }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return {total, t0: performance.timeOrigin + t0};
}"""

# ---------------------------------------------------------------------------------------- P2


def new_context(browser):
    return browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")


def open_page(context, url: str, mode: str, problems: list[str]):
    """A new page of ``context`` at ``url``: (ms from navigation start to map drawn, resources)."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.on("console", lambda m: _console(m, problems))
    page.on("pageerror", lambda exc: problems.append(f"page error: {str(exc)[:200]}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.goto(url, wait_until="commit")
    drawn = page.wait_for_function(MAP_DRAWN, arg=mode, polling="raf").json_value()
    page.wait_for_load_state("networkidle")
    return page, float(drawn), page.evaluate(RESOURCES)


def _console(message, problems: list[str]) -> None:
    if message.type in ("error", "warning"):
        problems.append(f"console {message.type}: {message.text[:200]}")


def kind(name: str) -> str:
    path = "/" + name.split("://", 1)[-1].split("/", 1)[-1]
    for prefix, label in (
        ("/geometry/", "geometry"),
        (UPDATE, "callbacks"),
        ("/_dash-layout", "/_dash-layout"),
        ("/_dash-dependencies", "/_dash-dependencies"),
        ("/_dash-component-suites/", "scripts (component suites)"),
        ("/assets/", "assets (css, js, fonts, topojson)"),
        ("/_favicon", "favicon"),
    ):
        if path.startswith(prefix):
            return label
    return "document"


def by_kind(resources: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in resources:
        row = out.setdefault(kind(r["name"]), {"n": 0, "transfer": 0, "decoded": 0})
        row["n"] += 1
        row["transfer"] += r["transfer"]
        row["decoded"] += r["decoded"]
    return out


def bench_cold(browser, url: str, *, mode: str, tag: str, runs: int, problems: list[str], bare):
    """P2 cold: ``runs`` new contexts, each followed by a cold load of the bare Dash app (``bare``,
    its URL, or None); returns the last context (warm) for the second load."""
    drawn, totals, geometry, context, resources, bare_drawn = [], [], [], None, [], []
    for _ in range(runs):
        if context is not None:
            context.close()
        context = new_context(browser)
        page, ms, resources = open_page(context, url, mode, problems)
        page.close()
        drawn.append(ms)
        totals.append(sum(r["transfer"] for r in resources))
        geometry.append(sum(r["transfer"] for r in resources if kind(r["name"]) == "geometry"))
        if bare is not None:
            bare_drawn.append(bare_load(browser, bare))
    print(f"P2 [{tag}] cold load of {url.split('/', 3)[-1] or '/'}, 1920x1080, {runs} new contexts")
    line(
        "navigation start to map drawn, median",
        statistics.median(drawn) / 1000,
        "s",
        target=f"<= {COLD_SECONDS[mode]} s",
        limit=COLD_SECONDS[mode],
    )
    detail(f"runs: {', '.join(f'{ms / 1000:.2f} s' for ms in drawn)}")
    if bare_drawn:
        line(
            "bare Dash app: one bar chart drawn, median",
            statistics.median(bare_drawn) / 1000,
            "s",
        )
        detail(
            f"runs (each right after a dashboard run): {', '.join(f'{ms / 1000:.2f} s' for ms in bare_drawn)}"
        )
        line(
            "map drawn minus bare app's chart drawn",
            (statistics.median(drawn) - statistics.median(bare_drawn)) / 1000,
            "s",
            target="<= 0 s",
            limit=0,
        )
    detail(f"load average {os.getloadavg()[0]:.1f} (2 cores; others' work makes timings noisy)")
    line(
        "transferred, everything, median",
        statistics.median(totals) / MB,
        "MB",
        target=f"<= {COLD_MB[mode]} MB",
        limit=COLD_MB[mode],
    )
    if mode == "geo":
        line(
            "transferred, geometry",
            statistics.median(geometry) / MB,
            "MB",
            target="<= 0.7 MB",
            limit=0.7,
        )
        if not any(kind(r["name"]) == "geometry" for r in resources):
            warn("no /geometry request: is the geometry embedded in the figure?")
    for name, row in sorted(by_kind(resources).items()):
        detail(
            f"{name:<34}{row['n']:>3} req {row['transfer'] / KB:>8.1f} KB sent "
            f"{row['decoded'] / KB:>8.1f} KB decoded"
        )
    largest = sorted(resources, key=lambda r: -r["transfer"])[:6]
    detail(
        "largest: " + ", ".join(f"{_short(r['name'])} {r['transfer'] / KB:.0f} KB" for r in largest)
    )
    timeline(resources, drawn[-1])
    return context


def bare_load(browser, url: str) -> float:
    """ms from navigation start to the bare Dash app's bar chart drawn, in a new context."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(url, wait_until="commit")
        return float(page.wait_for_function(BAR_DRAWN, polling="raf").json_value())
    finally:
        context.close()


class BareApp:
    """``bench/bare_dash_app.py`` under gunicorn, as :class:`Server` runs the dashboard."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> BareApp:
        command = [sys.executable, "-m", "gunicorn", "bare_dash_app:server", "--workers", "2"]
        command += ["--preload", "--bind", f"127.0.0.1:{self.port}", "--no-control-socket"]
        self.proc = subprocess.Popen(
            command,
            cwd=Path(__file__).resolve().parent,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                fetch(self.url)  # also Dash's first-request setup in one worker
                for _ in range(4):
                    fetch(self.url + "_dash-layout")
                return self
            except OSError:
                time.sleep(0.2)  # polling a starting server
        raise RuntimeError("the bare Dash app did not start")

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)


def _short(name: str) -> str:
    path = name.split("/", 3)[-1].split("?")[0]
    return path.rsplit("/", 1)[-1][:40] or "/"


def timeline(resources: list[dict], drawn_ms: float) -> None:
    """When the big pieces arrived in the last cold run (ms from navigation start)."""
    marks = []
    for r in resources:
        k = kind(r["name"])
        if (
            r["decoded"] > 200 * KB
            or k in ("geometry", "callbacks", "document")
            or "topojson" in r["name"]
        ):
            marks.append(f"{_short(r['name'])} {r['start']:.0f}-{r['end']:.0f}")
    detail("timeline (ms): " + "; ".join(marks) + f"; map drawn {drawn_ms:.0f}")


def bench_second(context, url: str, *, mode: str, tag: str, problems: list[str]):
    """P2 second load in the warm context; returns the page for P8."""
    page, ms, resources = open_page(context, url, mode, problems)
    sent = [r for r in resources if r["transfer"] > 0]
    print(f"P2 [{tag}] second load, same context (warm cache)", flush=True)
    line(
        "transferred, everything",
        sum(r["transfer"] for r in sent) / KB,
        "KB",
        target="<= 100 KB",
        limit=100,
    )
    line("navigation start to map drawn", ms / 1000, "s")
    for r in sent:
        if r["transfer"] > KB:
            name = "/" + r["name"].split("/", 3)[-1].split("?")[0]
            detail(
                f"{name[:58]:<58}{r['transfer'] / KB:>7.1f} KB sent, waited {r['wait']:>6.1f} ms"
            )
    revalidated = [r for r in sent if r["transfer"] <= KB]
    detail(
        f"{len(revalidated)} more requests revalidated (304 or tiny), {len(resources) - len(sent)} from cache"
    )
    geometry = [r for r in resources if kind(r["name"]) == "geometry"]
    if mode == "geo":
        state = (
            "not requested"
            if not geometry
            else "from cache"
            if geometry[0]["transfer"] == 0
            else "sent again"
        )
        detail(f"geometry: {state}")
        if geometry and geometry[0]["transfer"] > KB:
            MISSES.append(f"[{tag}] geometry sent again on the second load")
    return page


# ---------------------------------------------------------------------------------------- P8


def bench_repaint(page, measures: list[str], *, n: int, tag: str, mode: str) -> None:
    """P8: indicator change to the map's afterplot with the new values (median of n)."""
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    results = []
    for i in range(n + 2):  # the first two warm the code paths
        result = page.evaluate(
            REPAINT, [measures[(i + 1) % len(measures)], 5_000, CALLS_PER_CHANGE]
        )
        if i >= 2:
            results.append(result)
    map_calls = [r for r in finished if (r.post_data or "").startswith(MAP_REQUEST)]
    done = [r for r in results if r["total"] >= 0]
    print(f"P8 [{tag}] repaint after an indicator change, {n} changes", flush=True)
    if done:
        total = [r["total"] for r in done]
        line(
            "change to map redrawn, median",
            statistics.median(total),
            "ms",
            target=f"<= {REPAINT_MS[mode]} ms",
            limit=REPAINT_MS[mode],
        )
        line("change to map redrawn, max", max(total), "ms")
        answered = [_answered(map_calls, r["t0"]) for r in done]
        answered = [ms for ms in answered if ms is not None]
        if answered:
            line("change to map callback answered, median", statistics.median(answered), "ms")
    if len(done) < n:
        warn(f"{n - len(done)} changes did not redraw the map within 5 s")
    figures = sum(1 for r in map_calls if b"__dash_patch_update" not in r.response().body())
    if figures:
        warn(f"{figures} of {len(map_calls)} map answers in the browser were whole figures")
        MISSES.append(f"[{tag}] map figure re-sent in the browser")


def _answered(requests: list, t0: float) -> float | None:
    """ms from the change to the end of the map callback's response (network timing)."""
    after = [r for r in requests if r.timing["startTime"] >= t0 - 1]
    if not after:
        return None
    first = min(after, key=lambda r: r.timing["startTime"])
    return first.timing["startTime"] + first.timing["responseEnd"] - t0


# -------------------------------------------------------------------------------------- main


def repaint_measures(url: str) -> list[str]:
    """Composite, pillars and elements, then every fifth indicator (consecutive ones differ)."""
    measures = filter_options(url)[ids.INDICATOR_SELECT]
    return measures[:10] + measures[10::5]


def run_mode(srv: Server, browser, *, mode: str, args) -> None:
    tag = f"{mode} map"
    TAG[0] = tag
    search = "" if mode == "tile" else "?mode=geo"
    print(f"[{tag}] server started", flush=True)
    if args.only and args.only.endswith("-repaint"):
        if browser is not None:
            repaint_only(srv, browser, mode=mode, search=search, tag=tag, args=args)
        return
    warm_up(srv.url, search)
    bench_callbacks(srv.url, n=args.changes, mode=mode, tag=tag)
    print(f"P2 [{tag}] server side of a load, HTTP medians", flush=True)
    bench_page_requests(srv.url, search)
    if browser is None:
        return
    problems: list[str] = []
    url = srv.url + "/" + search
    with BareApp() as bare:
        context = bench_cold(
            browser, url, mode=mode, tag=tag, runs=args.cold_runs, problems=problems, bare=bare.url
        )
    page = bench_second(context, url, mode=mode, tag=tag, problems=problems)
    bench_repaint(page, repaint_measures(srv.url), n=args.repaints, tag=tag, mode=mode)
    context.close()
    if problems:
        warn(f"[{tag}] {len(problems)} console/page problems: " + "; ".join(problems[:3]))
    else:
        detail(f"[{tag}] console: no errors or warnings")


def repaint_only(srv: Server, browser, *, mode: str, search: str, tag: str, args) -> None:
    """P8 alone: one page loaded twice (the second from a warm cache, as in the full run)."""
    warm_up(srv.url, search)
    problems: list[str] = []
    context = new_context(browser)
    url = srv.url + "/" + search
    open_page(context, url, mode, problems)[0].close()
    page = open_page(context, url, mode, problems)[0]
    bench_repaint(page, repaint_measures(srv.url), n=args.repaints, tag=tag, mode=mode)
    context.close()
    if problems:
        warn(f"[{tag}] {len(problems)} console/page problems: " + "; ".join(problems[:3]))


def import_boundaries(data_dir: Path, path: Path) -> bool:
    started = time.perf_counter()
    command = ["import", "boundaries", str(path), "--level", "regency"]
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "--data-dir", str(data_dir), *command],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    print(f"boundaries: {path.name} imported in {seconds:.1f} s (exit {done.returncode})")
    detail((done.stdout + done.stderr).strip()[-400:])
    return done.returncode == 0


def serve(data_dir: Path, browser, *, mode: str, args) -> None:
    srv = Server(data_dir).start()
    try:
        run_mode(srv, browser, mode=mode, args=args)
    finally:
        srv.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200, help="filter changes for P1")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold loads, each a new context")
    parser.add_argument("--repaints", type=int, default=20, help="indicator changes for P8")
    parser.add_argument("--real-dir", type=Path, default=REAL_DIR, help="has regencies.geojson")
    parser.add_argument("--no-browser", action="store_true", help="HTTP measurements only")
    parser.add_argument(
        "--only",
        choices=("tile", "geo", "tile-repaint", "geo-repaint"),
        help="one map type (everything, or only P8); default both map types, everything",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Chromium(enabled=not args.no_browser) as browser:
        data_dir = Path(tmp) / "instance"
        if not args.only or args.only.startswith("tile"):
            serve(data_dir, browser, mode="tile", args=args)
        regencies = args.real_dir / "regencies.geojson"
        if args.only and args.only.startswith("tile"):
            pass
        elif not regencies.exists():
            print(f"geo map: skipped, {regencies} is absent")
        elif import_boundaries(data_dir, regencies):
            serve(data_dir, browser, mode="geo", args=args)
    missed = f": {'; '.join(MISSES)}" if MISSES else ""
    print(f"done in {time.perf_counter() - started:.0f} s; {len(MISSES)} targets missed{missed}")
    return 0


class Chromium:
    """Headless Chromium through Playwright, or None (with a note) when it cannot run."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.playwright = None
        self.browser = None

    def __enter__(self):
        if not self.enabled:
            return None
        if not Path(CHROMIUM).exists():
            print(f"browser measurements skipped: no Chromium at {CHROMIUM}")
            return None
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self.browser

    def __exit__(self, *exc) -> None:
        if self.browser is not None:
            self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()


if __name__ == "__main__":
    sys.exit(main())
