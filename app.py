"""Start the dashboard: ``python app.py`` (development) or ``gunicorn app:server`` (production,
with the worker settings of ``gunicorn.conf.py``).

A bad setting (or a PostgreSQL database without the schema: ``python -m dashboard db upgrade``)
stops start-up with one line naming the variable and exit code 3 (gunicorn's "worker
failed to boot"), never a traceback.
"""

import sys

from dashboard.app import create_app, warm_caches
from dashboard.config import SettingError
from dashboard.data.store.pg import SchemaMissing
from dashboard.security.auth import MissingSecretKey

try:
    app = create_app()
except (SettingError, MissingSecretKey, SchemaMissing) as exc:
    print(f"Kota Cerdas: {exc}", file=sys.stderr, flush=True)
    raise SystemExit(3) from None
warm_caches(app)  # before the fork: every worker starts with them
server = app.server

if __name__ == "__main__":
    settings = server.config["REPOSITORY"].settings
    app.run(host=settings.HOST, port=settings.PORT, debug=settings.DEBUG)
