"""Issue 14: 10 concurrent briefing decks through the export queue while ``/healthz`` is polled.

Starts, on a temporary ``DATA_DIR`` seeded with the sample data: gunicorn (``--web-workers``
workers of 4 threads) with ``REDIS_URL`` and a random ``REDIS_PREFIX``, and
``python -m dashboard worker --processes --workers`` (default 2). After the workers are up and
one warm-up deck, ``--decks`` clients (default 10) ask for a PPTX deck of a different regency each
at once (``/export/briefing/<code>.pptx``, waiting for the file), while one client polls
``/healthz`` every 50 ms. Prints each deck's time (queue wait included) and ``/healthz`` p50/p95
(target p95 <= 50 ms: exports must not stall the pages) with the load average.

Needs Redis (``TEST_REDIS_URL``, default ``redis://127.0.0.1:6379/0``) and Chromium. Run:
``python bench/bench_queue.py [--decks 10] [--workers 2]``. A missed target prints ``MISS``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 50.0
REGIONS = ("32.16", "32.75", "31.71", "51.71", "91.71", "11.01", "64.72", "73.71", "32.73", "35.78")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 300, accept: str = "*/*") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not happen within {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decks", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="export worker processes")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()

    import redis
    from rq import Queue, Worker

    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    prefix = "kcbench-" + secrets.token_hex(4)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="kc-bench-queue-"))
    env = {
        **os.environ,
        "DATA_DIR": str(tmp / "instance"),
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": prefix,
        "EXPORT_WAIT_SECONDS": "120",
        "RATE_LIMIT_EXPORT": "1000 per minute",
        "SECRET_KEY": secrets.token_hex(32),
        "PORT": str(port),
        "WEB_CONCURRENCY": str(args.web_workers),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prom"),
    }
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:server", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = None
    try:
        _wait_until(lambda: _healthy(base), 120, "gunicorn start")
        workers = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "worker", "--processes", str(args.workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        queue = Queue(f"{prefix}-exports", connection=redis.Redis.from_url(redis_url))
        _wait_until(
            lambda: len(Worker.all(queue=queue)) >= args.workers, 120, "export workers start"
        )
        started = time.perf_counter()
        status, body = _get(f"{base}/export/briefing/32.16.pptx")
        print(
            f"warm-up deck: HTTP {status}, {len(body):,} bytes, {time.perf_counter() - started:.1f} s"
        )
        load_before = os.getloadavg()
        health: list[float] = []
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set():
                t0 = time.perf_counter()
                _get(f"{base}/healthz", timeout=30)
                health.append((time.perf_counter() - t0) * 1000)
                stop.wait(0.05)

        decks: list[tuple[str, int, float, str]] = []

        def deck(code: str) -> None:
            """One deck as a script gets it: the file, or 202 and then polling the job."""
            t0 = time.perf_counter()
            status, body = _get(f"{base}/export/briefing/{code}.pptx", accept="application/json")
            waited = "direct"
            if status == 202:
                waited = "polled"
                job = json.loads(body)
                while status in (200, 202) and json.loads(body).get("state") != "ready":
                    time.sleep(0.2)  # a client polling the job, as the briefing button does
                    status, body = _get(base + job["status"])
                status, body = _get(base + job["file"])
            ok = status == 200 and body[:2] == b"PK"
            decks.append((code, 200 if ok else status, time.perf_counter() - t0, waited))

        poller = threading.Thread(target=poll)
        poller.start()
        t0 = time.perf_counter()
        clients = [
            threading.Thread(target=deck, args=(REGIONS[i % len(REGIONS)],))
            for i in range(args.decks)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        wall = time.perf_counter() - t0
        stop.set()
        poller.join()
        load_after = os.getloadavg()
    finally:
        for proc in (workers, web):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    proc.kill()
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
        for registry in ("rq:queues", "rq:workers"):
            names = [m for m in client.smembers(registry) if prefix.encode() in m]
            if names:
                client.srem(registry, *names)

    times = sorted(seconds for _, _, seconds, _ in decks)
    ok = sum(1 for _, status, _, _ in decks if status == 200)
    polled = sum(1 for *_, waited in decks if waited == "polled")
    print(
        f"{args.decks} decks through the queue ({args.workers} workers): {ok} OK in {wall:.1f} s "
        f"({args.decks - polled} streamed by the waiting request, {polled} after 202 + polling)"
    )
    print("  deck times (s): " + ", ".join(f"{s:.1f}" for s in times))
    print(f"  median {statistics.median(times):.1f} s, max {times[-1]:.1f} s")
    quantiles = statistics.quantiles(health, n=100)
    p50, p95 = statistics.median(health), quantiles[94]
    verdict = "OK" if p95 <= TARGET_P95_MS else "MISS"
    print(
        f"/healthz during the decks: {len(health)} requests, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(health):.1f} ms (target p95 <= {TARGET_P95_MS:.0f} ms) {verdict}"
    )
    print(
        "load average before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}".format(
            *load_before, *load_after
        )
    )
    return 0


def _healthy(base: str) -> bool:
    try:
        return _get(f"{base}/healthz", timeout=2)[0] in (200, 503)
    except OSError:
        return False


if __name__ == "__main__":
    raise SystemExit(main())
