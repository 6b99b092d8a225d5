"""API latency: a full year of observations (every region x every indicator of one year) fetched
by 20 concurrent clients from gunicorn with 2 workers (issue 13: p95 < 50 ms).

Starts gunicorn as the browser tests do (2 workers, ``--preload``, ``gunicorn.conf.py``'s gthread
workers, a temporary ``DATA_DIR`` with the bundled data) with ``RATE_LIMIT_API`` raised so the
limiter counts but never refuses. Each client is a closed loop on its own keep-alive connection
sending ``Accept-Encoding: gzip`` as integration clients do. Three ways to fetch the year:

- ``paged``: ``/api/v1/observations?period=Y&limit=5000`` and then every ``links.next``, as a
  portal harvester pages through the answer (a "fetch" is all pages of the year);
- ``single``: one page with ``limit=20000`` (the whole year in one answer);
- ``revalidate``: the single page again with ``If-None-Match`` (a harvester that already has it:
  304 without a body).

Printed per mode: requests, req/s, request latency p50/p95/p99 (the target applies to requests),
time per full-year fetch, bytes per fetch. Warm-up first: the first request of each worker builds
the rows once per dataset version; the numbers are the steady state a portal sees. The load
generator is Python threads on the same 2 cores as the server (its CPU use is printed).

A measurement, not a test: exits 0; a missed target says "MISS". Run:
``python bench/bench_api.py [--clients 20] [--duration 15]`` (about a minute).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.conftest import Server

TARGET_P95_MS = 50.0
PAGE = 5000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Client:
    """One keep-alive connection (re-opened when the server closes it)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, bytes, dict, float]:
        started = time.perf_counter()
        try:
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return 0, b"", {}, (time.perf_counter() - started) * 1000
        if response.will_close:
            self.conn.close()
        ms = (time.perf_counter() - started) * 1000
        return response.status, data, dict(response.getheaders()), ms


def link_next(headers: dict) -> str | None:
    for part in headers.get("Link", "").split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


def fetch_year(client: Client, mode: str, year: int, etag: str | None) -> tuple[list, int, int]:
    """One full-year fetch: (request latencies, bytes, error count)."""
    headers = {"Accept-Encoding": "gzip", "Accept": "application/json"}
    latencies, size, errors = [], 0, 0
    if mode == "paged":
        url: str | None = f"/api/v1/observations?period={year}&limit={PAGE}"
        while url:
            status, data, got, ms = client.get(url, headers)
            latencies.append(ms)
            size += len(data)
            errors += status != 200
            url = link_next(got) if status == 200 else None
        return latencies, size, errors
    if mode == "revalidate" and etag:
        headers["If-None-Match"] = etag
    status, data, _, ms = client.get(f"/api/v1/observations?period={year}&limit=20000", headers)
    ok = 304 if mode == "revalidate" else 200
    return [ms], len(data), int(status != ok)


def run_mode(srv: Server, mode: str, year: int, clients: int, duration: float) -> dict:
    probe = Client(srv.port)
    _, _, got, _ = probe.get(
        f"/api/v1/observations?period={year}&limit=20000", {"Accept-Encoding": "gzip"}
    )
    etag = got.get("ETag")
    latencies: list[float] = []
    fetches: list[float] = []
    sizes: list[int] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker() -> None:
        client = Client(srv.port)
        while time.monotonic() < stop:
            started = time.perf_counter()
            lat, size, err = fetch_year(client, mode, year, etag)
            took = (time.perf_counter() - started) * 1000
            with lock:
                latencies.extend(lat)
                fetches.append(took)
                sizes.append(size)
                errors[0] += err

    cpu = time.process_time()
    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return {
        "mode": mode,
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "fetch_p50": percentile(fetches, 0.50),
        "fetch_p95": percentile(fetches, 0.95),
        "bytes": sum(sizes) / max(1, len(sizes)),
        "errors": errors[0],
        "client_cpu": (time.process_time() - cpu) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=15.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        env = {"RATE_LIMIT_API": "1000000 per minute", "LOG_LEVEL": "WARNING"}
        srv = Server(Path(tmp) / "instance", env=env).start()
        try:
            probe = Client(srv.port)
            _, data, _, _ = probe.get("/api/v1/indicators?limit=1", {})
            year = json.loads(data)["data"][0]["coverage_period"]
            _, data, _, _ = probe.get(f"/api/v1/observations?period={year}&limit=1", {})
            total = json.loads(data)["total"]
            print(f"API bench: {args.clients} clients, {args.duration:.0f} s per mode, gunicorn "
                  f"2 workers; year {year}: {total} observations; load average before "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)  # fmt: skip
            for _ in range(4):  # warm both workers: rows, pages and gzip built once per version
                for mode in ("paged", "single"):
                    fetch_year(Client(srv.port), mode, year, None)
            for mode in ("paged", "single", "revalidate"):
                r = run_mode(srv, mode, year, args.clients, args.duration)
                miss = "  MISS" if r["p95"] > TARGET_P95_MS or r["errors"] else ""
                print(
                    f"  {mode:<10} {r['requests']:>6} req {r['rps']:>7.1f} req/s  request "
                    f"p50 {r['p50']:.1f} / p95 {r['p95']:.1f} / p99 {r['p99']:.1f} ms  "
                    f"(target p95 < {TARGET_P95_MS:.0f} ms){miss}",
                    flush=True,
                )
                print(
                    f"  {'':<10} full-year fetch p50 {r['fetch_p50']:.1f} / p95 "
                    f"{r['fetch_p95']:.1f} ms, {r['bytes'] / 1024:.0f} KiB per fetch (gzip), "
                    f"errors {r['errors']}, load generator CPU {r['client_cpu']:.2f} cores",
                    flush=True,
                )
            print(f"  load average after: {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
