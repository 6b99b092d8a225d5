"""P4: validate and import 1,000,000 observation rows (target <= 15 s, peak RSS <= 2 GB).

Generates a long CSV in a temporary directory. The period range the importer accepts (2000 to next
year) and the 552 regions x 36 indicators allow about 560,000 distinct keys, so the remaining rows
repeat earlier ones with identical values (collapsed with a warning), as happens when a sheet is
pasted twice. Prints one line per measure; run: ``python bench/bench_import.py [--rows N]``.

``--database-url postgresql://postgres@127.0.0.1:5432/test`` measures the PostgreSQL store instead
(P4 target <= 30 s): a private database is created on that server, migrated, and dropped at the
end. It also stores ``--rows`` distinct observations directly (the ``COPY`` alone, no merge) and
reads them back (what a host's first request after a new version costs).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.data.framework import load_framework
from dashboard.data.imports.indicators import ensure_seeded, import_indicators
from dashboard.data.imports.tables import ImportLimits
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore


def make_file(path: Path, rows: int, regions: RegionIndex, framework) -> None:
    rng = np.random.default_rng(1)
    codes = regions.regions["code"].to_numpy()
    indicators = [i for i in framework.indicators if i.direction != "ord"]
    years = np.arange(2000, 2026)
    grid = pd.MultiIndex.from_product(
        [codes, [i.id for i in indicators], years], names=["kode_wilayah", "indikator", "tahun"]
    ).to_frame(index=False)
    lows = {i.id: (i.typical or i.bounds)[0] for i in indicators}
    highs = {i.id: (i.typical or i.bounds)[1] for i in indicators}
    lo = grid["indikator"].map(lows).to_numpy()
    hi = grid["indikator"].map(highs).to_numpy()
    grid["nilai"] = np.round(lo + rng.random(len(grid)) * (hi - lo), 2)
    grid["sumber"] = "bench"
    if rows > len(grid):
        extra = grid.sample(rows - len(grid), replace=True, random_state=2)
        grid = pd.concat([grid, extra], ignore_index=True)
    grid.iloc[:rows].to_csv(path, index=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="", help="PostgreSQL server to measure on")
    args = parser.parse_args()
    if args.database_url:
        return _on_postgresql(args)
    return _measure(args, lambda tmp: DataStore(Path(tmp) / "instance"), target=15)


def _on_postgresql(args) -> int:
    import secrets
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    from dashboard.data.store.pg import Database, PgStore, redact, upgrade

    name = f"kc_bench_{secrets.token_hex(4)}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(args.database_url)._replace(path=f"/{name}"))
    try:
        upgrade(Database(url))
        print(f"store                   {redact(url)}")
        stores: list[PgStore] = []

        def open_pg(tmp: str) -> PgStore:
            stores.append(PgStore(Path(tmp) / "instance", url))
            return stores[0]

        code = _measure(args, open_pg, target=30)
        _copy_alone(stores[0], args.rows)
        stores[0].close()
        return code
    finally:
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy_alone(store, rows: int) -> None:
    """``rows`` distinct observations stored (COPY, one transaction) and read back."""
    codes = [f"{i // 1000:02d}.{i % 1000:03d}" for i in range(rows // 100 + 1)]
    frame = pd.DataFrame(
        {
            "region_code": np.repeat(codes, 100)[:rows],
            "indicator_id": np.tile([f"ind_{i}" for i in range(20)], rows // 20 + 1)[:rows],
            "period": np.tile(np.repeat(np.arange(2000, 2005), 20), rows // 100 + 1)[:rows],
            "value": np.random.default_rng(3).random(rows),
            "source": "bench",
        }
    )
    start = time.perf_counter()
    with store.dataset.lock():
        manifest = store.save_dataset(frame, frame.iloc[:0], kind="import", who="bench")
        store.append_audit({"action": "import", "version": manifest.version, "who": "bench"})
    stored = time.perf_counter() - start
    start = time.perf_counter()
    loaded = store.load(manifest.version)
    read = time.perf_counter() - start
    print(f"COPY {rows:,} distinct rows {stored:>8.2f} s   (one transaction, with the audit entry)")
    print(
        f"read them back          {read:>12.2f} s   ({len(loaded.observations):,} rows, checksum)"
    )


def _measure(args, open_store, *, target: int) -> int:
    regions = RegionIndex.from_file()
    framework = load_framework()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "observations_1m.csv"
        make_file(path, args.rows, regions, framework)
        size_mb = path.stat().st_size / 1e6
        store = open_store(tmp)
        ensure_seeded(store, regions, framework)
        limits = ImportLimits(max_bytes=500 * 1024 * 1024, max_rows=5_000_000)
        stages: dict[str, float] = {}
        start = time.perf_counter()
        outcome = import_indicators(
            store,
            path,
            regions=regions,
            framework=framework,
            limits=limits,
            who="bench",
            progress=lambda name: stages.setdefault(name, time.perf_counter()),
        )
        total = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        validate_s = stages.get("store", start + total) - start
    print(f"rows in file            {args.rows:>12,}")
    print(f"file size               {size_mb:>12.1f} MB")
    print(f"validate                {validate_s:>12.2f} s")
    print(f"store (merge + write)   {total - validate_s:>12.2f} s")
    print(f"validate + store        {total:>12.2f} s   (target P4: <= {target} s)")
    print(f"peak RSS                {peak_mb:>12.0f} MB  (target P4: <= 2048 MB)")
    print(f"observations stored     {outcome.manifest.counts['observations']:>12,}")
    print(f"warnings                {len(outcome.result.report.warnings):>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
