"""gunicorn settings, read by a plain ``gunicorn app:server`` from the project directory.

gthread workers, so a slow export holds one thread and never a whole worker: pages keep being
served while images render (at most ``RENDER_SLOTS`` at once per host, see
``dashboard/exports/gate.py``). Values come from the app's settings (``dashboard/config.py``):
``WEB_CONCURRENCY`` workers, ``GUNICORN_THREADS`` threads each, bound to ``HOST:PORT``. A bad
setting stops start-up with one line naming it (exit 3). Command-line flags still override.

Metrics: the workers share ``PROMETHEUS_MULTIPROC_DIR`` (default ``DATA_DIR/run/prometheus``),
emptied here at start before any worker exists; ``child_exit`` marks a dead worker's files.
``LOG_FORMAT=json``: gunicorn's own lines are JSON too and its access log is off (the app writes
one JSON access line per request with route, status, duration and request id).
"""

import os
import sys
from pathlib import Path

from dashboard.config import SettingError, Settings

try:
    _settings = Settings.from_env(__import__("os").environ)
except SettingError as exc:
    print(f"Kota Cerdas: {exc}", file=sys.stderr, flush=True)
    raise SystemExit(3) from None

_metrics_dir = Path(
    os.environ.get("PROMETHEUS_MULTIPROC_DIR") or Path(_settings.DATA_DIR) / "run" / "prometheus"
)
_metrics_dir.mkdir(parents=True, exist_ok=True)
for _old in _metrics_dir.glob("*.db"):  # values of a previous run's workers
    _old.unlink(missing_ok=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir.resolve())


def child_exit(server, worker):
    """A worker's live gauges go with it (prometheus-client multiprocess mode)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


_host = f"[{_settings.HOST}]" if ":" in _settings.HOST else _settings.HOST
bind = [f"{_host}:{_settings.PORT}"]
worker_class = "gthread"
workers = _settings.WEB_CONCURRENCY
threads = _settings.GUNICORN_THREADS
preload_app = True  # load the data once and check every setting before forking
timeout = 120  # above the longest request (a briefing deck: about 10 s; an admin import)
graceful_timeout = 30
keepalive = 5
# recycle workers now and then (memory of long-lived plotly/pandas objects levels off, README R1),
# rarely enough that their warm caches survive busy minutes
max_requests = _settings.GUNICORN_MAX_REQUESTS
max_requests_jitter = max_requests // 10
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = None if _settings.LOG_FORMAT == "json" else "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'
errorlog = "-"
loglevel = _settings.LOG_LEVEL.lower()
if _settings.LOG_FORMAT == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "dashboard.web.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["console"],
                "propagate": False,
            }
        },
    }
