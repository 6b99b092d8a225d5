"""P3, P7, R1: gunicorn under the load of users changing filters on `/`, its memory, and a soak.

Starts gunicorn as the browser tests do (2 workers, --preload, --no-control-socket, a temporary
DATA_DIR with the sample data) after importing ``../shared/data/real/regencies.geojson`` so that
"national data" includes the map geometry (skipped with a note when absent, or with ``--no-geo``).

The request mix is what the Dash renderer sends while a user changes filters on `/`: for each
change the map callback (a values-only ``Patch``) and the panels callback, for a new measure, year
or province, on the tile map and (every other client) the geographic map; every 15 changes the
client loads the page again (`/`, `/_dash-layout`, `/_dash-dependencies`, the page callback). The
bodies come from ``bench_overview.py``. Requests carry a browser's ``Origin`` and
``Accept-Encoding`` headers. The load generator is Python threads on the same 2 cores as the
server; its CPU use is printed so the numbers can be read with that in mind.

- P3: N closed-loop clients for ``--duration`` seconds: req/s, p50/p95/p99, errors by status,
  time per request kind; one client alone (where the server's time goes, without queueing);
  then the map callback alone the same way. Each client cycles through ``--changes`` (200)
  distinct filter changes, so most answers are not memoised yet; ``--changes 40`` shows the
  memoised case.
- P7: RSS (``VmRSS``) and PSS (``smaps_rollup``) of each worker and of the master after warm-up,
  after P3 and after the soak.
- R1: the same mix paced at a fixed 20 req/s (open loop: requests leave on schedule whether or not
  earlier ones have answered) for ``--soak-minutes``; 5xx and other errors, worker RSS every 30 s,
  growth from the first sample to the last.

A measurement, not a test: exits 0; missed targets say "MISS". Run:
``python bench/bench_load.py [--duration 30] [--clients 20] [--changes 200] [--soak-minutes 30]
[--no-geo] [--skip-soak] [--database-url URL] [--redis-url URL] [--no-recycle]`` (about 32 min; 2 min with
``--skip-soak``). ``--database-url`` and ``--redis-url``: the same on PostgreSQL (a private
database, tile map only) with rate limits in Redis (a random key prefix), R1's second setting.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from bench_overview import (  # noqa: E402  (after the path set-up)
    REAL_DIR,
    UPDATE,
    change_sequence,
    filter_options,
    import_boundaries,
    map_body,
    pages_body,
    panels_body,
    percentile,
    texts_body,
)

from tests.browser.conftest import Server  # noqa: E402

PAGE_EVERY = 15  # filter changes between two page loads of one client
SAMPLE_SECONDS = 30  # RSS sampling interval of the soak
MAP_ONLY_SECONDS = 10
WARM_UP_SECONDS = 5
UNLOADED_SECONDS = 10
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
MISSES: list[str] = []

# ------------------------------------------------------------------------------------ output


def line(
    label: str,
    value: float,
    unit: str,
    *,
    target: str = "",
    upper: float | None = None,
    lower: float | None = None,
) -> None:
    """One aligned result, marked MISS when above ``upper`` or below ``lower``."""
    miss = (upper is not None and value > upper) or (lower is not None and value < lower)
    if miss:
        MISSES.append(label)
    suffix = f"  (target {target})" if target else ""
    print(f"  {label:<46}{value:>9.1f} {unit:<5}{suffix}{'  MISS' if miss else ''}", flush=True)


def detail(text: str) -> None:
    print(f"      {text}", flush=True)


# ---------------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Req:
    kind: str
    method: str
    path: str
    body: bytes | None = None


@dataclass
class Result:
    kind: str
    status: int  # 0: no HTTP answer (connection error, timeout)
    ms: float  # send to last byte
    queued_ms: float = 0.0  # schedule to last byte (paced runs)
    error: str = ""


def _post(kind: str, body: dict) -> Req:
    return Req(kind, "POST", UPDATE, json.dumps(body).encode())


def page_load(search: str) -> list[Req]:
    """What a (browser-cache warm) page load asks the server for."""
    return [
        Req("page: document", "GET", "/" + search),
        Req("page: /_dash-layout", "GET", "/_dash-layout"),
        Req("page: /_dash-dependencies", "GET", "/_dash-dependencies"),
        _post("page: page callback", pages_body(search)),
    ]


def user_script(options: dict[str, list], mode: str, offset: int, changes: int) -> list[Req]:
    """One user's cycle of requests: filter changes (map, panels, then the charts' texts) and a
    page load every 15."""
    sequence = change_sequence(options, changes, mode)
    sequence = sequence[offset % len(sequence) :] + sequence[: offset % len(sequence)]
    search = "?mode=geo" if mode == "geo" else ""
    out: list[Req] = []
    for i, (state, changed) in enumerate(sequence):
        if i % PAGE_EVERY == 0:
            out += page_load(search)
        out.append(_post(f"map callback [{mode}]", map_body(state, changed)))
        out.append(_post(f"panels callback [{mode}]", panels_body(state, changed)))
        out.append(_post(f"texts callback [{mode}]", texts_body(state)))
    return out


def map_script(options: dict[str, list], mode: str, offset: int, changes: int) -> list[Req]:
    sequence = change_sequence(options, changes, mode)
    sequence = sequence[offset % len(sequence) :] + sequence[: offset % len(sequence)]
    return [
        _post(f"map callback [{mode}]", map_body(state, changed)) for state, changed in sequence
    ]


class Client:
    """One HTTP connection (re-opened when the server closes it, as gunicorn's sync worker does)."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        self.headers = {
            "Origin": url,
            "Referer": url + "/",
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": "Mozilla/5.0 (bench_load)",
        }
        self.post_headers = {
            **self.headers,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }

    def send(self, req: Req) -> Result:
        headers = self.headers if req.body is None else self.post_headers
        started = time.perf_counter()
        try:
            self.conn.request(req.method, req.path, body=req.body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            status = response.status
            if response.will_close:
                self.conn.close()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            return Result(
                req.kind, 0, (time.perf_counter() - started) * 1000, error=type(exc).__name__
            )
        ms = (time.perf_counter() - started) * 1000
        error = "" if 200 <= status < 400 and (data or status == 204) else f"HTTP {status}"
        return Result(req.kind, status, ms, error=error)

    def close(self) -> None:
        self.conn.close()


# ---------------------------------------------------------------------------------- /proc


def children(pid: int) -> list[int]:
    """gunicorn's workers: the master's child processes."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return sorted(int(p) for p in text.split())
    except OSError:
        pass
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return sorted(out)


def memory(pid: int) -> tuple[float | None, float | None]:
    """(RSS, PSS) in MiB; None when unreadable."""
    rss = pss = None
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmRSS:"):
                rss = int(row.split()[1]) / 1024
    except OSError:
        pass
    try:
        for row in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if row.startswith("Pss:"):
                pss = int(row.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def report_memory(master: int, when: str) -> dict[int, float]:
    """P7: RSS and PSS of each worker and the master; returns worker RSS by pid."""
    workers = children(master)
    print(f"P7 memory {when}", flush=True)
    out = {}
    for n, pid in enumerate(workers, 1):
        rss, pss = memory(pid)
        if rss is None:
            detail(f"worker {n} (pid {pid}): /proc unreadable")
            continue
        out[pid] = rss
        line(f"worker {n} RSS (pid {pid})", rss, "MiB", target="<= 350 MB", upper=350)
        if pss is not None:
            detail(f"PSS {pss:.1f} MiB (RSS minus the pages shared by --preload's fork)")
    rss, pss = memory(master)
    pss_text = f", PSS {pss:.1f} MiB" if pss is not None else ""
    detail(f"master (pid {master}): RSS {rss or 0:.1f} MiB{pss_text}")
    return out


# ------------------------------------------------------------------------------- closed loop


def closed_loop(url: str, scripts: list[list[Req]], seconds: float) -> tuple[list[Result], float]:
    """Each script is one client sending its requests one after another until the deadline."""
    results: list[list[Result]] = [[] for _ in scripts]
    start = threading.Barrier(len(scripts) + 1)
    deadline = [0.0]

    def run(i: int) -> None:
        client, script, out = Client(url), scripts[i], results[i]
        start.wait()
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
    start.wait()
    for thread in threads:
        thread.join()
    return [r for rs in results for r in rs], time.perf_counter() - began


def summarise(
    results: list[Result],
    seconds: float,
    *,
    label: str,
    rate_target: float | None,
    p95_target: float | None,
    by_kind: bool,
) -> None:
    ms = [r.ms for r in results]
    errors = Counter(r.error for r in results if r.error)
    line(
        f"{label}: throughput",
        len(results) / seconds,
        "req/s",
        target=f">= {rate_target:.0f} req/s" if rate_target else "",
        lower=rate_target,
    )
    line(f"{label}: latency p50", statistics.median(ms), "ms")
    line(
        f"{label}: latency p95",
        percentile(ms, 0.95),
        "ms",
        target=f"<= {p95_target:.0f} ms" if p95_target else "",
        upper=p95_target,
    )
    line(f"{label}: latency p99", percentile(ms, 0.99), "ms")
    line(f"{label}: errors", sum(errors.values()), "", target="0", upper=0)
    statuses = Counter(r.status for r in results)
    detail(
        f"{len(results)} requests; status: "
        + ", ".join(f"{s or 'no answer'} x{n}" for s, n in sorted(statuses.items()))
        + (f"; errors: {dict(errors)}" if errors else "")
    )
    if by_kind:
        kinds: dict[str, list[float]] = defaultdict(list)
        for r in results:
            kinds[r.kind].append(r.ms)
        detail(f"{'request kind':<32}{'share':>7}{'p50 ms':>9}{'p95 ms':>9}{'ms total':>10}")
        total = sum(ms) or 1
        for kind, values in sorted(kinds.items(), key=lambda kv: -sum(kv[1])):
            detail(
                f"{kind:<32}{len(values) / len(results):>6.0%}{statistics.median(values):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{sum(values) / total:>9.0%}"
            )


def server_shares(results: list[Result]) -> None:
    """Per kind: median time with one client, and its estimated share of the server's time."""
    kinds: dict[str, list[float]] = defaultdict(list)
    for r in results:
        kinds[r.kind].append(r.ms)
    cost = {kind: len(v) * statistics.median(v) for kind, v in kinds.items()}
    total = sum(cost.values()) or 1
    detail(f"{'request kind':<32}{'n':>5}{'median ms':>11}{'share of server time':>22}")
    for kind, values in sorted(kinds.items(), key=lambda kv: -cost[kv[0]]):
        detail(
            f"{kind:<32}{len(values):>5}{statistics.median(values):>11.1f}"
            f"{cost[kind] / total:>21.0%}"
        )
    errors = sum(1 for r in results if r.error)
    if errors:
        detail(f"{errors} errors")


def cpu_note(
    master: int, server_cpu: float, client_cpu: float, seconds: float, requests: int
) -> None:
    """CPU shares, and CPU per request: the number that still compares on a loaded machine."""
    per = 1000 / max(requests, 1)
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    detail(
        f"CPU over the run: server (master + workers) {server_cpu / seconds:.0%} of one core, "
        f"load generator {client_cpu / seconds:.0%} of one core ({os.cpu_count()} cores); "
        f"per request: server {server_cpu * per:.2f} ms CPU, load generator "
        f"{client_cpu * per:.2f} ms; load average {load}"
    )


def measured(master: int, fn, *args):
    """Run ``fn`` and also return the CPU seconds of the server and of this process."""
    pids = [master, *children(master)]
    server0, client0 = cpu_seconds(pids), own_cpu_seconds()
    out = fn(*args)
    return out, cpu_seconds(pids) - server0, own_cpu_seconds() - client0


# ---------------------------------------------------------------------------------- R1 soak


def soak(url: str, master: int, scripts: list[list[Req]], *, minutes: float, rate: float) -> None:
    """R1: the mix at a fixed rate (open loop), errors and worker RSS every 30 s."""
    jobs: queue.Queue = queue.Queue()
    results: list[Result] = []
    lock = threading.Lock()
    stop = object()
    pool = len(scripts)

    def work() -> None:
        client = Client(url)
        while (job := jobs.get()) is not stop:
            scheduled, req = job
            result = client.send(req)
            result.queued_ms = (time.perf_counter() - scheduled) * 1000
            with lock:
                results.append(result)
        client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(pool)]
    for thread in threads:
        thread.start()
    seconds = minutes * 60
    total = int(seconds * rate)
    print(
        f"R1 soak: {minutes:g} min at {rate:g} req/s, paced (open loop), {pool} connections, "
        f"worker RSS every {SAMPLE_SECONDS} s",
        flush=True,
    )
    samples: list[tuple[float, dict[int, float]]] = []
    positions = [0] * len(scripts)
    began = time.perf_counter()
    next_sample = began
    max_backlog = 0
    for i in range(total + 1):
        at = began + i / rate
        if at >= next_sample or i == total:
            elapsed = time.perf_counter() - began if i == total else next_sample - began
            rss = {pid: memory(pid)[0] or 0.0 for pid in children(master)}
            samples.append((elapsed, rss))
            with lock:
                done = list(results)
            bad = sum(1 for r in done if r.status >= 500)
            other = sum(1 for r in done if r.error and r.status < 500)
            detail(
                f"t={elapsed:>5.0f} s  sent {i:>6}  answered {len(done):>6}  5xx {bad}  "
                f"other errors {other}  backlog {jobs.qsize()}  worker RSS "
                + ", ".join(f"{v:.1f}" for v in rss.values())
                + " MiB"
            )
            next_sample += SAMPLE_SECONDS
        if i == total:
            break
        delay = at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)  # pacing the load generator, not waiting for a result
        user = i % len(scripts)
        script = scripts[user]
        jobs.put((at, script[positions[user] % len(script)]))
        positions[user] += 1
        max_backlog = max(max_backlog, jobs.qsize())
    for _ in threads:
        jobs.put(stop)
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.perf_counter() - began

    fivexx = sum(1 for r in results if r.status >= 500)
    others = Counter(r.error for r in results if r.error and r.status < 500)
    line("R1 achieved rate", len(results) / elapsed, "req/s", target=f"{rate:g} req/s")
    line("R1 5xx responses", fivexx, "", target="0", upper=0)
    line("R1 other errors (4xx, no answer)", sum(others.values()), "", target="0", upper=0)
    if others:
        detail(f"other errors: {dict(others)}")
    ms = [r.ms for r in results]
    queued = [r.queued_ms for r in results]
    detail(
        f"latency p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
        f"p99 {percentile(ms, 0.99):.1f} ms, max {max(ms):.0f} ms; from the scheduled send "
        f"(includes waiting for a free connection) p95 {percentile(queued, 0.95):.1f} ms; "
        f"largest backlog {max_backlog}"
    )
    first, last = samples[0][1], samples[-1][1]
    if set(first) != set(last):
        line(
            "R1 worker restarts (pid changed)", len(set(first) - set(last)), "", target="0", upper=0
        )
    for n, pid in enumerate(sorted(first), 1):
        if pid not in last or not first[pid]:
            continue
        growth = (last[pid] - first[pid]) / first[pid] * 100
        line(
            f"R1 worker {n} RSS growth ({first[pid]:.0f} -> {last[pid]:.0f} MiB)",
            growth,
            "%",
            target="<= 10 %",
            upper=10,
        )
    peak = {pid: max(s[1].get(pid, 0.0) for s in samples) for pid in first}
    detail("peak worker RSS during the soak: " + ", ".join(f"{v:.1f} MiB" for v in peak.values()))


# -------------------------------------------------------------------------------------- main


def scripts_for(
    options: dict[str, list], clients: int, modes: list[str], build, changes: int
) -> list[list[Req]]:
    """One script per client, alternating the map modes, each starting elsewhere in the cycle."""
    return [build(options, modes[i % len(modes)], 23 * i, changes) for i in range(clients)]


API_EVERY = 10


def with_api(script: list[Req]) -> list[Req]:
    """``script`` with an API request (rate-limited, so counted in Redis) every ``API_EVERY``."""
    out: list[Req] = []
    for n, req in enumerate(script, 1):
        out.append(req)
        if n % API_EVERY == 0:
            out.append(Req("api: /api/v1/regions", "GET", "/api/v1/regions"))
    return out


def backends(args) -> tuple[dict[str, str], list]:
    """Environment for PostgreSQL (a private database) and Redis (a random key prefix) when asked,
    and what to clean up afterwards (R1 on PostgreSQL + Redis)."""
    env: dict[str, str] = {}
    cleanup: list = []
    if args.no_recycle:  # gunicorn.conf.py recycles workers every 2000 requests
        env["GUNICORN_CMD_ARGS"] = "--max-requests 0"
        print("workers not recycled (--no-recycle): RSS growth over the whole soak")
    if args.database_url:
        from tests import pg

        database = pg.create_database(args.database_url)
        env["DATABASE_URL"] = database
        cleanup.append(lambda: pg.drop_database(args.database_url, database))
        print(f"store: PostgreSQL, private database on {args.database_url.rsplit('@', 1)[-1]}")
    if args.redis_url:
        import secrets

        import redis

        prefix = "kcbench-" + secrets.token_hex(4)
        env |= {"REDIS_URL": args.redis_url, "REDIS_PREFIX": prefix}

        def forget() -> None:
            client = redis.Redis.from_url(args.redis_url)
            keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
            if keys:
                client.delete(*keys)

        cleanup.append(forget)
        print(f"rate limits: Redis, key prefix {prefix}")
    return env, cleanup


def run(args, data_dir: Path, modes: list[str]) -> None:
    env, cleanup = backends(args)
    try:
        _run(args, data_dir, modes, env)
    finally:
        for step in cleanup:
            step()


def _run(args, data_dir: Path, modes: list[str], env: dict[str, str]) -> None:
    srv = Server(data_dir, env=env).start()
    try:
        master = srv.proc.pid
        print(f"server started: 2 workers, pids {children(master)}; map modes: {', '.join(modes)}")
        report_memory(master, "after start (no request served yet)")
        options = filter_options(srv.url)
        detail(
            f"{len(options['indicator-select'])} measures, {len(options['period-select'])} years, "
            f"{len(options['province-select']) - 1} provinces"
        )
        mix = scripts_for(options, args.clients, modes, user_script, args.changes)
        if "REDIS_URL" in env:  # every 10th request an API call: its rate limit counts in Redis
            mix = [with_api(script) for script in mix]
        closed_loop(srv.url, mix, WARM_UP_SECONDS)  # Dash set-up and first memoised values
        report_memory(master, f"after a {WARM_UP_SECONDS} s warm-up with the mix")

        print(
            f"P3 callback mix: {args.clients} clients, closed loop, {args.duration:g} s; "
            f"{args.changes} distinct filter changes per client cycle, a page load every "
            f"{PAGE_EVERY} changes",
            flush=True,
        )
        (results, seconds), server_cpu, client_cpu = measured(
            master, closed_loop, srv.url, mix, args.duration
        )
        summarise(results, seconds, label="P3 mix", rate_target=200, p95_target=150, by_kind=True)
        cpu_note(master, server_cpu, client_cpu, seconds, len(results))

        print(
            f"P3 profile: client 1's mix (tile map) alone, {UNLOADED_SECONDS} s: time per "
            "request kind without queueing; share of server time = requests x median",
            flush=True,
        )
        results, _ = closed_loop(srv.url, mix[:1], UNLOADED_SECONDS)
        server_shares(results)

        print(f"P3 map callback alone: {args.clients} clients, {MAP_ONLY_SECONDS} s", flush=True)
        maps = scripts_for(options, args.clients, modes, map_script, args.changes)
        (results, seconds), server_cpu, client_cpu = measured(
            master, closed_loop, srv.url, maps, MAP_ONLY_SECONDS
        )
        summarise(
            results,
            seconds,
            label="map alone",
            rate_target=None,
            p95_target=None,
            by_kind=len(modes) > 1,
        )
        detail("SPEC reference for a values-only map callback alone: 606 req/s, p95 38 ms")
        cpu_note(master, server_cpu, client_cpu, seconds, len(results))

        report_memory(master, "after P3")
        if not args.skip_soak:
            soak(srv.url, master, mix, minutes=args.soak_minutes, rate=args.soak_rate)
            report_memory(master, "after the soak")
    finally:
        srv.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of the P3 mix")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument(
        "--changes",
        type=int,
        default=200,
        help="distinct filter changes each client cycles through (fewer: more memoised answers)",
    )
    parser.add_argument("--soak-minutes", type=float, default=30, help="length of the R1 soak")
    parser.add_argument("--soak-rate", type=float, default=20, help="R1 requests per second")
    parser.add_argument("--no-geo", action="store_true", help="tile map only, no boundary import")
    parser.add_argument("--skip-soak", action="store_true", help="P3 and P7 only")
    parser.add_argument("--real-dir", type=Path, default=REAL_DIR, help="has regencies.geojson")
    parser.add_argument(
        "--database-url",
        default="",
        help="R1 on PostgreSQL: a server where a private database is created (tile map only)",
    )
    parser.add_argument("--redis-url", default="", help="rate limits counted in this Redis")
    parser.add_argument(
        "--no-recycle",
        action="store_true",
        help="no max_requests recycling, so each worker's RSS growth spans the whole soak",
    )
    args = parser.parse_args()
    if args.database_url:
        args.no_geo = True  # boundaries would go to the database; the soak uses the tile map
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "instance"
        modes = ["tile"]
        regencies = args.real_dir / "regencies.geojson"
        if args.no_geo:
            print("geo map: skipped (--no-geo); memory is without national geometry")
        elif not regencies.exists():
            print(f"geo map: skipped, {regencies} is absent; memory is without national geometry")
        else:
            if import_boundaries(data_dir, regencies):
                modes = ["tile", "geo"]
        run(args, data_dir, modes)
    missed = f": {'; '.join(MISSES)}" if MISSES else ""
    print(f"done in {time.perf_counter() - started:.0f} s; {len(MISSES)} targets missed{missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
