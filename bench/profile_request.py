"""Where a request of the P3 callback mix spends its time inside one worker, outside the network.

Builds the app as gunicorn does (``app:server`` with the environment of the browser tests and
``PROMETHEUS_MULTIPROC_DIR`` set, so metrics write their mmap files), then sends the mix of
``bench_load.py`` (map and panels callbacks for 200 filter changes, a page load every 15 changes)
straight to ``server.wsgi_app`` in this process: no sockets, no gunicorn, no client. Prints the time
per request kind and splits it into the callback functions' own time and everything else (Flask
hooks, Dash's dispatch and JSON, compression, metrics, logging): the per-request overhead.
``--profile`` adds a cProfile summary of the whole pipeline (sorted by own time).

Run: ``python bench/profile_request.py [--rounds 2] [--profile] [--geo]`` (about a minute);\n``PROFILE_PROJECT=DIR`` profiles the checkout in DIR instead (before/after comparisons).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

# PROFILE_PROJECT=/path/to/another/checkout profiles that checkout's app with this script
PROJECT = Path(os.environ.get("PROFILE_PROJECT") or Path(__file__).resolve().parent.parent)
BENCH_DIR = PROJECT / "bench"
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(BENCH_DIR))

# CPU time of this thread, not wall time: the machine is shared, and a request's CPU cost is what
# limits throughput on 2 cores
CLOCK = time.thread_time

from bench_load import ACCEPT_ENCODING, Req, user_script  # noqa: E402
from bench_overview import REAL_DIR, import_boundaries  # noqa: E402


def environ_for(req: Req, host: str, *, encoding: str = ACCEPT_ENCODING) -> dict:
    """A WSGI environ as gunicorn builds it for the bench's request (the bench's headers)."""
    from werkzeug.test import EnvironBuilder

    headers = {
        "Origin": f"http://{host}",
        "Referer": f"http://{host}/",
        "Accept-Encoding": encoding,
        "User-Agent": "Mozilla/5.0 (profile_request)",
    }
    if req.body is not None:
        headers |= {"Content-Type": "application/json", "Accept": "application/json"}
    path, _, query = req.path.partition("?")
    builder = EnvironBuilder(
        path=path,
        query_string=query,
        method=req.method,
        headers=headers,
        data=req.body,
        base_url=f"http://{host}",
        environ_overrides={"REMOTE_ADDR": "127.0.0.1"},
    )
    try:
        return builder.get_environ()
    finally:
        builder.close()


def callback_timer() -> dict[str, float]:
    """Time the callback bodies: Dash calls every sync callback through ``_invoke_callback``."""
    import dash._callback as dash_callback

    spent = {"t": 0.0}
    invoke = dash_callback._invoke_callback

    def timed(*args, **kwargs):
        t0 = CLOCK()
        try:
            return invoke(*args, **kwargs)
        finally:
            spent["t"] += CLOCK() - t0

    dash_callback._invoke_callback = timed
    return spent


def hook_timer(server) -> dict[str, list[float]]:
    """Time every Flask before/after-request hook and teardown (CPU ms per call)."""
    spent: dict[str, list[float]] = defaultdict(list)

    def timed(fn, label):
        def run(*args, **kwargs):
            t0 = CLOCK()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label].append((CLOCK() - t0) * 1000)

        return run

    for kind, table in (
        ("before", server.before_request_funcs),
        ("after", server.after_request_funcs),
        ("teardown", server.teardown_request_funcs),
    ):
        for funcs in table.values():
            for i, fn in enumerate(funcs):
                label = f"{kind} {fn.__module__}.{fn.__qualname__}"
                funcs[i] = timed(fn, label)
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="passes over the mix")
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="cProfile summary")
    parser.add_argument("--geo", action="store_true", help="import boundaries, geo map too")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--hooks", action="store_true", help="time each Flask request hook")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="no warm-up pass: each filter state is seen for the first time, as in bench_overview's P1",
    )
    parser.add_argument("--kind", default="", help="only request kinds containing this, e.g. map")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp()
    data_dir = Path(tmp) / "instance"
    if args.geo and (REAL_DIR / "regencies.geojson").exists():
        import_boundaries(data_dir, REAL_DIR / "regencies.geojson")
    metrics_dir = Path(tmp) / "prometheus"
    metrics_dir.mkdir()
    os.environ |= {
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_hex(32),
        "RATE_LIMIT_EXPORT": "1000 per minute",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    from dashboard import ids
    from dashboard.app import create_app

    app = create_app()
    server = app.server
    host = "127.0.0.1:8050"

    def call(req: Req, encoding: str = ACCEPT_ENCODING, environ: dict | None = None):
        environ = environ or environ_for(req, host, encoding=encoding)
        status: list[str] = []
        body = b"".join(server.wsgi_app(environ, lambda s, h, e=None: status.append(s)))
        return int(status[0].split()[0]), body

    # the filter options, as bench_load reads them
    from bench_overview import _components, pages_body

    first = Req("p", "POST", "/_dash-update-component", json.dumps(pages_body()).encode())
    page = json.loads(call(first, "identity")[1])
    wanted = (ids.INDICATOR_SELECT, ids.PERIOD_SELECT, ids.PROVINCE_SELECT)
    options = {
        c["props"]["id"]: [o["value"] for o in c["props"]["options"] if not o.get("disabled")]
        for c in _components(page)
        if c["props"].get("id") in wanted
    }
    modes = ["tile", "geo"] if args.geo else ["tile"]
    scripts = [user_script(options, modes[i % len(modes)], 23 * i, args.changes) for i in range(4)]
    mix = [req for group in zip(*scripts, strict=False) for req in group]
    mix = [req for req in mix if args.kind in req.kind]
    spent = callback_timer()
    if not args.cold:
        for req in mix:  # warm-up: every answer memoised, as in the steady state of bench_load
            call(req)

    hooks = hook_timer(server) if args.hooks else None
    total: dict[str, list[float]] = defaultdict(list)
    inside: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile() if args.profile else None
    wall0 = time.perf_counter()
    for _ in range(args.rounds):
        for req in mix:
            spent["t"] = 0.0
            environ = environ_for(req, host)  # the client's work, not measured
            if profiler:
                profiler.enable()
            t0 = CLOCK()
            status, _ = call(req, environ=environ)
            dt = CLOCK() - t0
            if profiler:
                profiler.disable()
            if status != 200:
                print(f"HTTP {status} for {req.kind}", file=sys.stderr)
            total[req.kind].append(dt * 1000)
            inside[req.kind].append(spent["t"] * 1000)
    wall = time.perf_counter() - wall0
    n = sum(len(v) for v in total.values())
    cpu = sum(sum(v) for v in total.values())
    print(
        f"{n} requests, one thread, profiler {'on' if profiler else 'off'}: {wall:.1f} s wall, "
        f"{cpu / 1000:.1f} s CPU, {cpu / n:.2f} ms CPU per request: at most "
        f"{n / cpu * 1000:.0f} req/s per core"
    )
    print(
        f"{'request kind (CPU ms)':<30}{'n':>6}{'p50':>8}{'mean':>8}{'callback body':>15}"
        f"{'outside it':>12}{'share':>7}"
    )
    outside = 0.0
    for kind in sorted(total, key=lambda k: -sum(total[k])):
        k_total, k_inside = sum(total[kind]), sum(inside[kind])
        outside += k_total - k_inside
        count = len(total[kind])
        print(
            f"{kind:<30}{count:>6}{statistics.median(total[kind]):>8.2f}{k_total / count:>8.2f}"
            f"{k_inside / count:>15.2f}{(k_total - k_inside) / count:>12.2f}"
            f"{k_total / cpu:>7.0%}"
        )
    print(f"outside the callback bodies: {outside / cpu:.0%} of the CPU time")
    if hooks:
        print(f"{'Flask hook (CPU ms per request)':<80}{'mean':>8}")
        for label, values in sorted(hooks.items(), key=lambda kv: -sum(kv[1])):
            print(f"{label[:80]:<80}{sum(values) / n:>8.3f}")
        print(f"{'all hooks':<80}{sum(sum(v) for v in hooks.values()) / n:>8.3f}")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
