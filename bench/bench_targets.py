"""Issue 15 points 2 and 4: what targets and events cost.

On a temporary ``DATA_DIR`` with the sample data: (1) validating a targets file of every
kab/kota x every scored indicator x two years (about 34,000 rows) and importing it as a new
dataset version; (2) ``target_table`` of one region (cold, per snapshot memo) and of all 514
(what an alert evaluation over every region would do); (3) ``events_for`` of the home region and
the profile's composite trend figure with targets and events. Prints the numbers; a measurement,
not a test. Run: ``python bench/bench_targets.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.charts.region import trend_figure
from dashboard.config import Settings
from dashboard.data.imports.targets import import_targets, validate_targets
from dashboard.data.store.repository import Repository
from dashboard.data.views.events import events_for
from dashboard.data.views.targets import target_table


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - start) * 1000


def main() -> None:
    root = Path(tempfile.mkdtemp()) / "instance"
    repo = Repository(Settings(DATA_DIR=root))
    snap = repo.snapshot()
    regencies = list(snap.regions.regencies["code"])
    indicators = [
        (i.id, round(sum(i.bounds) / 2, 2) if i.bounds else 1)
        for i in snap.framework.scored_indicators
    ]
    path = root.parent / "targets.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("kode_wilayah,indikator,tahun,target,sumber\n")
        for code in regencies:
            for ind, value in indicators:
                for year in (2026, 2029):
                    out.write(f"{code},{ind},{year},{value},bench\n")
    rows = len(regencies) * len(indicators) * 2
    result, ms = timed(
        lambda: validate_targets(path, regions=snap.regions, framework=snap.framework)
    )
    print(f"validate {rows} target rows: {ms:.0f} ms (ok={result.ok})")
    store = repo.store
    _, ms = timed(
        lambda: import_targets(store, path, regions=snap.regions, framework=snap.framework)
    )
    print(f"import {rows} target rows as a new version: {ms:.0f} ms")
    snap = repo.snapshot()
    _ = snap.scores
    _, ms = timed(lambda: target_table(snap, "32.16"))
    print(f"target_table one region (cold): {ms:.1f} ms")
    _, ms = timed(lambda: [target_table(snap, code) for code in regencies])
    print(f"target_table all {len(regencies)} regions ({rows} targets): {ms:.0f} ms")
    _, ms = timed(lambda: events_for(snap, "32.16"))
    print(f"events_for home region (cold): {ms:.1f} ms")
    _, ms = timed(lambda: trend_figure(snap, "32.16", lang="id"))
    print(f"profile trend figure with targets and events: {ms:.1f} ms")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
