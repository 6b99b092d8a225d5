"""Exports must not starve the pages (issue 17 point 3): pages stay fast while clients export.

Starts gunicorn exactly as production does (``gunicorn app:server``, so ``gunicorn.conf.py``:
gthread, ``WEB_CONCURRENCY`` workers x ``GUNICORN_THREADS`` threads, preload) on a free port with a
temporary ``DATA_DIR`` holding the sample data. After warming both workers (pages and the export
browser) it runs for ``--duration`` seconds:

- ``--clients`` export clients (default 8), each requesting map PNGs (a different indicator each
  time) and briefing PDFs in turn, continuously. A 503/429 answer is honoured: the client sleeps
  ``Retry-After`` seconds (about 1 s) before the next request; ``--no-backoff`` retries at once
  (a hostile client);
- a probe asking ``/healthz`` every 0.2 s and one loading ``/wilayah/32.16`` (the page document)
  every 0.5 s, each timing its answers.

The export rate limit is lifted (``RATE_LIMIT_EXPORT=100000 per minute``; all clients share one
address here, so the default limit would turn most exports into 429s and hide what the render gate
does): the render gate alone protects the pages. ``--default-limit`` keeps the default limit.

Prints p50/p95/max of both probes against the targets (``/healthz`` p95 < 100 ms, page p95 < 1 s),
exports done, 503/429 answers, and any other 5xx (target: none). A measurement, not a test: a
missed target prints MISS and the script exits 0. Run: ``python bench/bench_starve.py
[--duration 60] [--clients 8] [--no-backoff] [--default-limit]`` (about 90 s).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
HEALTH_P95_S = 0.100
PAGE_P95_S = 1.0
INDICATORS = (
    "composite",
    "gov_spbe",
    "eco_poverty",
    "liv_hdi",
    "soc_imdi",
    "env_waste",
)
REGIONS = ("32.16", "32.75", "31.71", "35.78", "91.71", "64.72")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, timeout: float = 120) -> tuple[int, float, dict[str, str]]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "*/*"})
        response = conn.getresponse()
        response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, time.perf_counter() - started, headers
    except OSError:
        return 0, time.perf_counter() - started, {}
    finally:
        conn.close()


def _start(data_dir: Path, port: int, default_limit: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "SECRET_KEY": secrets.token_hex(32),
        "PYTHONPATH": str(PROJECT_DIR),
        "LOG_LEVEL": "WARNING",
    }
    if not default_limit:
        env["RATE_LIMIT_EXPORT"] = "100000 per minute"
    log = (data_dir.parent / "gunicorn.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:server", "--no-control-socket"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit((data_dir.parent / "gunicorn.log").read_text()[-2000:])
        if _get(port, "/healthz", timeout=2)[0] == 200:
            return proc
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not answer in 90 s")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--no-backoff", action="store_true", help="retry 503/429 at once")
    parser.add_argument("--default-limit", action="store_true", help="keep RATE_LIMIT_EXPORT")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-starve-") as tmp:
        data_dir = Path(tmp) / "instance"
        port = _free_port()
        proc = _start(data_dir, port, args.default_limit)
        try:
            for _ in range(4):  # both workers: Dash set-up, page, warm export browser
                _get(port, "/wilayah/32.16")
                _get(port, "/export/chart/peta-kesiapan.png")
            stop = time.monotonic() + args.duration
            statuses: collections.Counter[str] = collections.Counter()
            health: list[float] = []
            pages: list[float] = []
            other_5xx: list[str] = []
            lock = threading.Lock()

            def exporter(n: int) -> None:
                i = n
                while time.monotonic() < stop:
                    i += 1
                    if i % 2:
                        path = f"/export/chart/peta-kesiapan.png?indicator={INDICATORS[i % 6]}"
                        kind = "png"
                    else:
                        path = f"/export/briefing/{REGIONS[i % 6]}.pdf"
                        kind = "pdf"
                    status, _, headers = _get(port, path)
                    with lock:
                        statuses[f"{kind} {status}"] += 1
                        if (status >= 500 and status != 503) or status == 0:
                            other_5xx.append(f"{status} {path}")
                    if status in {429, 503} and not args.no_backoff:
                        time.sleep(float(headers.get("retry-after", "1")))

            def probe(path: str, every: float, out: list[float]) -> None:
                while time.monotonic() < stop:
                    status, seconds, _ = _get(port, path)
                    with lock:
                        out.append(seconds)
                        if status != 200:
                            other_5xx.append(f"{status} {path}")
                    time.sleep(max(0.0, every - seconds))

            threads = [
                threading.Thread(target=exporter, args=(n,)) for n in range(args.clients)
            ] + [
                threading.Thread(target=probe, args=("/healthz", 0.2, health)),
                threading.Thread(target=probe, args=("/wilayah/32.16", 0.5, pages)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            proc.terminate()
            proc.wait(30)

    mode = "no backoff" if args.no_backoff else "honour Retry-After"
    limit = "default export limit" if args.default_limit else "export limit lifted"
    print(f"{args.clients} export clients x {args.duration:.0f} s ({mode}, {limit}), 2 cores")

    def line(name: str, values: list[float], target: float) -> None:
        p95 = _pct(values, 0.95)
        verdict = "ok" if p95 < target else "MISS"
        print(
            f"  {name:<16} n={len(values):4d}  p50 {statistics.median(values) * 1000:7.0f} ms"
            f"  p95 {p95 * 1000:7.0f} ms  max {max(values) * 1000:7.0f} ms"
            f"  (target p95 < {target * 1000:.0f} ms) {verdict}"
        )

    line("/healthz", health, HEALTH_P95_S)
    line("/wilayah/32.16", pages, PAGE_P95_S)
    done = statuses["png 200"] + statuses["pdf 200"]
    print(f"  exports done     {done} ({statuses['png 200']} PNG, {statuses['pdf 200']} PDF)")
    refused = {k: v for k, v in sorted(statuses.items()) if not k.endswith(" 200")}
    print(f"  refused          {refused or 'none'}")
    print(
        f"  other 5xx/errors {len(other_5xx)} {'ok' if not other_5xx else 'MISS'}"
        + (f" e.g. {other_5xx[:3]}" if other_5xx else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
