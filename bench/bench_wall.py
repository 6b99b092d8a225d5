"""Wall endurance: JS heap over 200+ scene changes in headless Chromium, and server CPU with 50 walls.

Run: ``python bench/bench_wall.py [--changes 200] [--walls 50] [--seconds 60]``. Prints numbers and
exits 0 (a measurement, not a test). The wall rotates in the browser (assets/30-wall.js); the server
only sees each wall's poll of /wall/state every min(interval, 15) s and the spotlight's request for
its next indicator once per rotation cycle.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server

NEXT_SCENE = """() => new Promise(resolve => {
    window.addEventListener('kc-wall-scene', () =>
        requestAnimationFrame(() => requestAnimationFrame(resolve)), {once: true});
    window.kcWall.next();
})"""


def heap(cdp) -> tuple[float, int]:
    """JS heap used (MB) after a forced garbage collection, and the DOM node count."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["JSHeapUsedSize"] / 2**20, int(metrics["Nodes"])


def rotate(
    url: str, changes: int
) -> tuple[list[tuple[int, float, int]], int, int, int, dict | None]:
    from playwright.sync_api import sync_playwright

    samples = []
    spotlight_body = None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        bodies: list[str] = []
        page.on(
            "request",
            lambda r: (
                bodies.append(r.post_data)
                if "_dash-update-component" in r.url
                and r.post_data
                and "wall-spotlight" in r.post_data
                else None
            ),
        )
        page.goto(url + "/wall?interval=600")
        page.wait_for_selector(".wall-scene.active .js-plotly-plot")
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.js-plotly-plot')).every(g => g._fullLayout)"
        )
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        graphs_start = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
        samples.append((0, *heap(cdp)))
        for change in range(1, changes + 1):
            page.evaluate(NEXT_SCENE)
            page.wait_for_function(
                "() => !document.querySelector('[data-dash-is-loading=\"true\"]')"
            )
            if change % 50 == 0:
                samples.append((change, *heap(cdp)))
        graphs_end = page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
        if bodies:
            import json

            spotlight_body = json.loads(bodies[-1])
        browser.close()
    return samples, graphs_start, graphs_end, len(errors), spotlight_body


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its children, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for each in pids:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def simulate(
    url: str,
    *,
    walls: int,
    seconds: float,
    poll_every: float,
    spotlight_every: float,
    body: dict | None,
    pid: int,
) -> dict:
    import json

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def one_wall(offset: float) -> None:
        nonlocal errors
        next_poll = time.monotonic() + offset
        next_spot = time.monotonic() + offset * 3
        while True:
            now = time.monotonic()
            if now >= stop_at:
                return
            if now >= next_poll:
                request = urllib.request.Request(url + "/wall/state")
                next_poll += poll_every
            elif body is not None and now >= next_spot:
                request = urllib.request.Request(
                    url + "/_dash-update-component",
                    data=json.dumps(body).encode(),
                    headers={"Content-Type": "application/json"},
                )
                next_spot += spotlight_every
            else:
                due = min(next_poll, next_spot) if body is not None else next_poll
                time.sleep(max(0.01, min(due, stop_at) - now))
                continue
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors += 0 if ok else 1

    cpu_before = cpu_seconds(pid)
    threads = [
        threading.Thread(target=one_wall, args=(i * poll_every / walls,)) for i in range(walls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    used = cpu_seconds(pid) - cpu_before
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "cpu_pct": 100 * used / seconds,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "median_ms": statistics.median(latencies) if latencies else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--walls", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "instance").start()
        try:
            started = time.perf_counter()
            samples, graphs_start, graphs_end, console_errors, body = rotate(
                server.url, args.changes
            )
            print(
                f"wall rotation: {args.changes} scene changes in {time.perf_counter() - started:.0f} s (headless Chromium, 1920x1080)"
            )
            for change, mb, nodes in samples:
                print(f"  after {change:>4} changes   JS heap {mb:7.2f} MB   DOM nodes {nodes:>6}")
            if len(samples) > 2:
                settled = samples[-1][1] - samples[1][1]
                print(
                    f"  heap growth after the first 50 (warm-up) {settled:+7.2f} MB ({100 * settled / samples[1][1]:+.1f} %)"
                )
            growth = samples[-1][1] - samples[0][1]
            print(
                f"  heap growth start -> end        {growth:+7.2f} MB ({100 * growth / samples[0][1]:+.1f} %)   (target: bounded, no growth from rotation)"
            )
            print(
                f"  plotly graphs start / end       {graphs_start} / {graphs_end}   (equal: nothing re-mounted)"
            )
            print(f"  console errors                  {console_errors}")
            pid = server.proc.pid
            real = simulate(
                server.url,
                walls=args.walls,
                seconds=args.seconds,
                poll_every=15,
                spotlight_every=180,
                body=body,
                pid=pid,
            )
            print(
                f"{args.walls} walls at real cadence (poll every 15 s, spotlight every 180 s) for {args.seconds:.0f} s"
            )
            print(
                f"  requests {real['requests']}, errors {real['errors']}, median {real['median_ms']:.1f} ms, p95 {real['p95_ms']:.1f} ms"
            )
            print(f"  server CPU                      {real['cpu_pct']:6.2f} % of one core")
            stress = simulate(
                server.url,
                walls=args.walls,
                seconds=args.seconds / 3,
                poll_every=1.5,
                spotlight_every=18,
                body=body,
                pid=pid,
            )
            print(f"{args.walls} walls at 10x cadence (stress) for {args.seconds / 3:.0f} s")
            print(
                f"  requests {stress['requests']}, errors {stress['errors']}, median {stress['median_ms']:.1f} ms, p95 {stress['p95_ms']:.1f} ms"
            )
            print(f"  server CPU                      {stress['cpu_pct']:6.2f} % of one core")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
