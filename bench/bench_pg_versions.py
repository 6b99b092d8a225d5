"""P9 (part): how soon a second process serves a version another process imported into PostgreSQL.

A watcher process (its own ``Repository`` and ``DATA_DIR``, as another app host) calls
``snapshot()`` in a loop the way requests do; this process commits new dataset versions (an
import's transaction: rows by ``COPY``, pointer switch, audit entry) and records the commit time.
The delay is from the commit returning to the watcher holding the loaded new version (pointer poll
plus loading the version's rows). Target: <= 2 s. A private database is created on the server and
dropped at the end. Run: ``python bench/bench_pg_versions.py [--database-url URL] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WATCHER = """
import sys, time
from dashboard.config import Settings
from dashboard.data.store.repository import Repository
repo = Repository(Settings(DATA_DIR=sys.argv[1], DATABASE_URL=sys.argv[2]))
seen = repo.snapshot().version
print("ready", seen, flush=True)
while True:
    version = repo.snapshot().version
    if version != seen:
        print(version, time.time(), flush=True)
        seen = version
    time.sleep(0.005)
"""


def main() -> int:
    import psycopg

    from dashboard.config import Settings
    from dashboard.data.store.pg import Database, redact, upgrade
    from dashboard.data.store.repository import Repository

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    name = f"kc_bench_{secrets.token_hex(4)}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(args.database_url)._replace(path=f"/{name}"))
    watcher = None
    try:
        upgrade(Database(url))
        with tempfile.TemporaryDirectory() as tmp:
            writer = Repository(Settings(DATA_DIR=Path(tmp) / "a", DATABASE_URL=url))
            base = writer.snapshot()  # seeds the sample dataset (version 1)
            env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
            watcher = subprocess.Popen(
                [sys.executable, "-c", WATCHER, str(Path(tmp) / "b"), url],
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
            assert watcher.stdout.readline().startswith("ready")
            store = writer.store
            delays = []
            for round_number in range(args.rounds):
                frame = base.observations.copy()
                frame["value"] = frame["value"] + round_number * 0.001
                with store.dataset.lock():
                    manifest = store.save_dataset(frame, base.programme, kind="import", who="b")
                    store.append_audit({"action": "import", "version": manifest.version})
                committed = time.time()
                line = watcher.stdout.readline().split()
                assert int(line[0]) == manifest.version, line
                delays.append(float(line[1]) - committed)
                time.sleep(0.3)
        print(f"store                   {redact(url)}")
        print(f"rows per version        {len(base.observations):>12,}")
        print(f"rounds                  {len(delays):>12}")
        print(f"median commit -> served {statistics.median(delays):>12.3f} s")
        print(f"max commit -> served    {max(delays):>12.3f} s   (target P9: <= 2 s)")
        print(f"load average            {os.getloadavg()[0]:>12.2f}")
        return 0
    finally:
        if watcher is not None:
            watcher.kill()
            watcher.wait()
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
