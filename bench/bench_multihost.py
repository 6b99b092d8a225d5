"""P9: the overview callback mix on 1 app instance vs 3, all on one PostgreSQL, on this machine.

Each instance is a gunicorn (2 gthread workers, ``--preload``, as the browser tests start it) with
its own ``DATA_DIR`` and one private PostgreSQL database (created on ``--database-url``'s server,
dropped at the end). The clients are ``bench_load.py``'s users changing filters on `/` (map and
panels callbacks, a page load every 15 changes); with 3 instances client i talks to instance
i mod 3, as a round-robin balancer would spread them. Reported per setup: req/s, p50/p95, errors,
CPU seconds used by the servers and by the load generator per wall second (on 2 cores the ratio is
bounded by the cores, not by the app).

Then the first request after a new version on every host: a version is imported through instance
A (the CLI, one transaction) and each instance's ``/healthz`` is polled until it answers the new
version; the time from the import's commit (the CLI returning) to each host's first answer with it.
Target: <= 2 s (SPEC P9).

A measurement, not a test: exits 0. Run: ``python bench/bench_multihost.py [--database-url URL]
[--duration 20] [--clients 20] [--rounds 3]`` (about 3 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from bench_load import (  # noqa: E402  (after the path set-up)
    Client,
    children,
    cpu_seconds,
    own_cpu_seconds,
    percentile,
    scripts_for,
    user_script,
)
from bench_overview import filter_options  # noqa: E402

from tests.browser.conftest import Server  # noqa: E402

GOOD = BENCH_DIR.parent / "tests" / "fixtures" / "good" / "long_comma_utf8.csv"
WARM_UP_SECONDS = 5


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def start_hosts(n: int, root: Path, env: dict[str, str]) -> list[Server]:
    hosts = [Server(root / f"h{i}" / "instance", env=env) for i in range(n)]
    for host in hosts:
        host.data_dir.parent.mkdir(parents=True, exist_ok=True)
    hosts[0].start(timeout=180)  # seeds the database
    rest = [threading.Thread(target=h.start, kwargs={"timeout": 180}) for h in hosts[1:]]
    for thread in rest:
        thread.start()
    for thread in rest:
        thread.join()
    return hosts


def stop_hosts(hosts: list[Server]) -> None:
    stoppers = [threading.Thread(target=h.stop) for h in hosts]
    for thread in stoppers:
        thread.start()
    for thread in stoppers:
        thread.join()


def closed_loop(urls: list[str], scripts: list, seconds: float) -> tuple[list, float]:
    """Client i sends its script to ``urls[i % len(urls)]`` one request after another."""
    results: list[list] = [[] for _ in scripts]
    barrier = threading.Barrier(len(scripts) + 1)
    deadline = [0.0]

    def run(i: int) -> None:
        client, script, out = Client(urls[i % len(urls)]), scripts[i], results[i]
        barrier.wait()
        n = 0
        while time.perf_counter() < deadline[0]:
            out.append(client.send(script[n % len(script)]))
            n += 1
        client.close()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(scripts))]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    return [r for rs in results for r in rs], time.perf_counter() - began


def mix_run(label: str, hosts: list[Server], args) -> dict:
    urls = [h.url for h in hosts]
    options = filter_options(urls[0])
    scripts = scripts_for(options, args.clients, ["tile"], user_script, args.changes)
    closed_loop(urls, scripts, WARM_UP_SECONDS)
    pids = [pid for h in hosts for pid in [h.proc.pid, *children(h.proc.pid)]]
    cpu0, own0 = cpu_seconds(pids), own_cpu_seconds()
    results, seconds = closed_loop(urls, scripts, args.duration)
    server_cpu = (cpu_seconds(pids) - cpu0) / seconds
    client_cpu = (own_cpu_seconds() - own0) / seconds
    ms = [r.ms for r in results]
    errors = sum(1 for r in results if r.error)
    row = {
        "rate": len(results) / seconds,
        "p50": statistics.median(ms),
        "p95": percentile(ms, 0.95),
        "errors": errors,
        "server_cpu": server_cpu,
        "client_cpu": client_cpu,
    }
    print(
        f"  {label:<34} {row['rate']:7.1f} req/s  p50 {row['p50']:6.1f} ms  "
        f"p95 {row['p95']:6.1f} ms  errors {errors}  server CPU {server_cpu:.2f} cores, "
        f"load generator {client_cpu:.2f} cores  ({load_average()})",
        flush=True,
    )
    return row


def health(url: str) -> dict:
    with urllib.request.urlopen(url + "/healthz", timeout=30) as answer:
        return json.loads(answer.read())


def _watch(host: Server, version: int, committed: float, seen: dict[str, float]) -> None:
    """Poll one host until it answers ``version``; seconds since ``committed`` into ``seen``."""
    while time.perf_counter() - committed < 60:
        if health(host.url)["dataset_version"] == version:
            seen[host.url] = time.perf_counter() - committed
            return


def first_request_after_import(hosts: list[Server], env: dict[str, str], rounds: int) -> None:
    print(
        f"P9 first answer with a new version on every host (import through host 1, {rounds} "
        "rounds; target <= 2 s)",
        flush=True,
    )
    worst_all = []
    for n in range(1, rounds + 1):
        before = health(hosts[0].url)["dataset_version"]
        cli_env = {**os.environ, **env, "DATA_DIR": str(hosts[0].data_dir)}
        cli_env["PYTHONPATH"] = str(BENCH_DIR.parent)
        subprocess.run(
            [sys.executable, "-m", "dashboard", "--quiet", "import", "indicators", str(GOOD)],
            cwd=BENCH_DIR.parent,
            env=cli_env,
            check=True,
        )
        committed = time.perf_counter()
        seen: dict[str, float] = {}

        watchers = [
            threading.Thread(target=_watch, args=(h, before + 1, committed, seen)) for h in hosts
        ]
        for thread in watchers:
            thread.start()
        for thread in watchers:
            thread.join()
        delays = [seen.get(h.url, float("inf")) for h in hosts]
        worst = max(delays)
        worst_all.append(worst)
        verdict = "" if worst <= 2.0 else "  MISS"
        print(
            f"  round {n}: version {before + 1} served by hosts after "
            + ", ".join(f"{d:.2f}" for d in delays)
            + f" s (slowest {worst:.2f} s){verdict}  ({load_average()})",
            flush=True,
        )
    print(f"  slowest host over {rounds} rounds: {max(worst_all):.2f} s (target <= 2 s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL server where a private database may be created",
    )
    parser.add_argument("--duration", type=float, default=20, help="seconds of each mix run")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--changes", type=int, default=200, help="distinct changes per client")
    parser.add_argument("--rounds", type=int, default=3, help="imports for the P9 delay")
    args = parser.parse_args()
    from tests import pg

    database = pg.create_database(args.database_url)
    env = {"DATABASE_URL": database, "SECRET_KEY": secrets.token_hex(32)}
    print(
        f"PostgreSQL: private database on {args.database_url.rsplit('@', 1)[-1]}; {load_average()}"
    )
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rows = {}
            print(f"P9 callback mix, {args.clients} clients, {args.duration:g} s each", flush=True)
            for count in (1, 3):
                hosts = start_hosts(count, Path(tmp) / f"run{count}", env)
                try:
                    rows[count] = mix_run(f"{count} instance(s) x 2 workers", hosts, args)
                    if count == 3:
                        first_request_after_import(hosts, env, args.rounds)
                finally:
                    stop_hosts(hosts)
            ratio = rows[3]["rate"] / rows[1]["rate"] if rows[1]["rate"] else 0.0
            print(
                f"  throughput ratio 3 instances / 1: {ratio:.2f}; server CPU "
                f"{rows[1]['server_cpu']:.2f} -> {rows[3]['server_cpu']:.2f} cores of "
                f"{os.cpu_count()} (the load generator shares them)"
            )
    finally:
        pg.drop_database(args.database_url, database)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
