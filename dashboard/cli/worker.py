"""``python -m dashboard worker [--processes N]``: export workers for the queue on ``REDIS_URL``.

Each process takes chart-image and briefing-deck jobs from the queue the web hosts fill
(:mod:`dashboard.exports.queue`) and keeps its own Chromium warm. Run it under systemd (or a
container) beside the web hosts, with the same settings (``DATA_DIR`` or ``DATABASE_URL``,
``REDIS_URL``, ``REDIS_PREFIX``). SIGTERM stops every process after its current job.
"""

from __future__ import annotations

from dashboard.cli.context import AddCommand, Cli
from dashboard.data.errors import DataError


def add_worker_command(add: AddCommand) -> None:
    p = add("worker", cmd_worker, "run export workers for the Redis queue (REDIS_URL)")
    p.add_argument("--processes", "-n", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--burst", action="store_true", help="stop when the queue is empty")


def cmd_worker(cli: Cli) -> int:
    from dashboard.config import redis_location
    from dashboard.exports.queue import run_workers

    settings = cli.settings
    if not settings.REDIS_URL:
        raise DataError("queue.no_redis")
    processes = cli.args.processes
    if not 1 <= processes <= 64:
        raise DataError("queue.bad_processes", processes=processes)
    cli.say(
        "queue.worker_started",
        processes=processes,
        where=redis_location(settings.REDIS_URL),
        queue=f"{settings.REDIS_PREFIX}-exports",
    )
    return run_workers(settings, processes, burst=cli.args.burst)
