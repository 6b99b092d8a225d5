"""Issue 15 point 1: the district map change is a values-only update of at most 2 KB.

Creates the app on a temporary ``DATA_DIR`` with the sample data (its synthetic Kabupaten Bekasi
districts), optionally imports the real Bekasi kecamatan boundaries (``--boundaries FILE``, e.g.
``../shared/data/real/bekasi_kecamatan.geojson``: tests and benchmarks only) so the map is
geographic, then replays every (measure, year) change of ``/wilayah/32.16/kecamatan`` as the
browser posts it to ``/_dash-update-component`` (Flask test client). Reports the map Patch size
(serialised JSON, the answer's ``district-map`` part), the whole answer's size and the callback
time: first (computed) and repeated (cached per snapshot). A measurement, not a test: a miss
prints MISS and exits 0. Run: ``python bench/bench_districts.py [--boundaries FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.imports.boundaries import import_boundaries
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore

TARGET_BYTES = 2048
OUTPUTS = ("district-map.figure", "district-ranking.figure", "district-source.children",
           "district-synthetic-badge.className")  # fmt: skip


def body(measure: str, period: int) -> dict:
    return {
        "output": ".." + "...".join(OUTPUTS) + "..",
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in OUTPUTS],
        "inputs": [
            {"id": "district-measure", "property": "value", "value": measure},
            {"id": "district-period", "property": "value", "value": period},
        ],
        "state": [
            {"id": "district-select", "property": "value", "value": None},
            {"id": "district-state", "property": "data", "value": {"kode": "32.16", "lang": "id"}},
        ],
        "changedPropIds": ["district-measure.value"],
    }


def run(client, changes) -> tuple[list[int], list[int], list[float]]:
    patch_sizes, answer_sizes, times = [], [], []
    for measure, period in changes:
        start = time.perf_counter()
        answer = client.post("/_dash-update-component", json=body(measure, period))
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, answer.data[:200]
        patch = answer.get_json()["response"]["district-map"]["figure"]
        patch_sizes.append(len(json.dumps(patch, separators=(",", ":"))))
        answer_sizes.append(len(answer.data))
    return patch_sizes, answer_sizes, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boundaries", help="a district boundary file (geographic map)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "instance"
        app = create_app(Settings(DATA_DIR=data_dir))
        client = app.server.test_client()
        client.get("/healthz")
        if args.boundaries:
            import_boundaries(DataStore(data_dir), args.boundaries, level="district",
                              regions=RegionIndex.from_file(), who="bench")  # fmt: skip
        page = client.post("/_dash-update-component", json={
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname",
                        "value": "/wilayah/32.16/kecamatan"},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"], "state": []})  # fmt: skip
        assert page.status_code == 200
        kind = "geo" if b"district.geojson" in page.data else "grid"
        measures = ["summary", "eco_poverty", "liv_stunting", "liv_water", "liv_sanitation",
                    "ri_4g_villages", "ri_household_internet"]  # fmt: skip
        changes = [(m, y) for m in measures for y in (2021, 2022, 2023, 2024)]
        sizes, answers, first = run(client, changes)
        _, _, cached = run(client, changes)
    worst = max(sizes)
    verdict = "ok" if worst <= TARGET_BYTES else "MISS"
    print(f"district map ({kind}), {len(changes)} changes, load average {os.getloadavg()[0]:.1f}")
    print(f"  map Patch: median {statistics.median(sizes)} B, max {worst} B "
          f"(target <= {TARGET_BYTES} B: {verdict})")  # fmt: skip
    print(f"  whole answer (Patch + ranking + source + badge): median "
          f"{statistics.median(answers) / 1024:.1f} KB, max {max(answers) / 1024:.1f} KB")  # fmt: skip
    print(f"  callback time: first {statistics.median(first):.1f} ms median "
          f"(max {max(first):.1f}); repeated {statistics.median(cached):.1f} ms median")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
