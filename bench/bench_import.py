"""P4: validate and import 1,000,000 observation rows (target <= 15 s, peak RSS <= 2 GB).

Generates a long CSV in a temporary directory. The period range the importer accepts (2000 to next
year) and the 552 regions x 36 indicators allow about 560,000 distinct keys, so the remaining rows
repeat earlier ones with identical values (collapsed with a warning), as happens when a sheet is
pasted twice. Prints one line per measure; run: ``python bench/bench_import.py [--rows N]``.
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
    args = parser.parse_args()
    regions = RegionIndex.from_file()
    framework = load_framework()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "observations_1m.csv"
        make_file(path, args.rows, regions, framework)
        size_mb = path.stat().st_size / 1e6
        store = DataStore(Path(tmp) / "instance")
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
    print(f"validate + store        {total:>12.2f} s   (target P4: <= 15 s)")
    print(f"peak RSS                {peak_mb:>12.0f} MB  (target P4: <= 2048 MB)")
    print(f"observations stored     {outcome.manifest.counts['observations']:>12,}")
    print(f"warnings                {len(outcome.result.report.warnings):>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
