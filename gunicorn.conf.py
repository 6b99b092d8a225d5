"""gunicorn settings, read by a plain ``gunicorn app:server`` from the project directory.

gthread workers, so a slow export holds one thread and never a whole worker: pages keep being
served while images render (at most ``RENDER_SLOTS`` at once per host, see
``dashboard/exports/gate.py``). Values come from the app's settings (``dashboard/config.py``):
``WEB_CONCURRENCY`` workers, ``GUNICORN_THREADS`` threads each, bound to ``HOST:PORT``. A bad
setting stops start-up with one line naming it (exit 3). Command-line flags still override.
"""

import sys

from dashboard.config import SettingError, Settings

try:
    _settings = Settings.from_env(__import__("os").environ)
except SettingError as exc:
    print(f"Kota Cerdas: {exc}", file=sys.stderr, flush=True)
    raise SystemExit(3) from None

_host = f"[{_settings.HOST}]" if ":" in _settings.HOST else _settings.HOST
bind = [f"{_host}:{_settings.PORT}"]
worker_class = "gthread"
workers = _settings.WEB_CONCURRENCY
threads = _settings.GUNICORN_THREADS
preload_app = True  # load the data once and check every setting before forking
timeout = 120  # above the longest request (a briefing deck: about 10 s; an admin import)
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory of long-lived plotly/pandas objects)
max_requests_jitter = 200
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'
errorlog = "-"
loglevel = _settings.LOG_LEVEL.lower()
