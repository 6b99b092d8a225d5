"""Issue 13: collection template round trip for 514 kab/kota x 10 indicators (target < 2 s).

Steps, each timed (median of ``--runs``): *write* the form (``build_template``, as the CLI and
``/export/coverage/template.xlsx`` do); *fill* every value cell with openpyxl and save (what the
official does in Excel; measured, not part of the app's time); *validate* the filled form
(``validate_file``); *import* it into a seeded store as a new dataset version (validation
again, merge, parquet write, atomic commit). The app's round trip is write + validate + import.
Prints one line per measure; run: ``python bench/bench_template.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.data.framework import load_framework
from dashboard.data.imports.indicators import ensure_seeded, import_indicators
from dashboard.data.imports.tables import validate_file
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore
from dashboard.exports.template import TemplateSpec, build_template

TARGET_S = 2.0
INDICATORS = (
    "gov_spbe",
    "gov_audit",
    "eco_poverty",
    "eco_unemployment",
    "liv_stunting",
    "liv_water",
    "liv_sanitation",
    "soc_internet",
    "env_waste",
    "ri_4g_villages",
)


def fill(raw: bytes, framework, path: Path, rng: np.random.Generator) -> int:
    """Type a plausible value into every value cell (category labels for ordered ones)."""
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book.worksheets[0]
    filled = 0
    for offset, ident in enumerate(INDICATORS):
        ind = framework.indicator(ident)
        column = 5 + offset
        low, high = ind.typical or ind.bounds
        for row in range(2, sheet.max_row + 1):
            if ind.categories:
                value = ind.categories[int(rng.integers(len(ind.categories)))]
            else:
                value = round(float(rng.uniform(low, high)), 2)
            sheet.cell(row=row, column=column, value=value)
            filled += 1
    book.save(path)
    return filled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    framework, regions = load_framework(), RegionIndex.from_file()
    missing = [i for i in INDICATORS if i not in framework.by_id]
    if missing:
        sys.exit(f"indicators not in the framework: {missing}")
    codes = tuple(regions.regencies["code"])
    spec = TemplateSpec(INDICATORS, codes, 2024, "id", "Bappeda", "all")
    rng = np.random.default_rng(13)
    times: dict[str, list[float]] = {"write": [], "fill": [], "validate": [], "import": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = DataStore(root / "instance")
        ensure_seeded(store, regions, framework)
        for run in range(args.runs):
            started = time.perf_counter()
            raw = build_template(framework, regions, spec)
            times["write"].append(time.perf_counter() - started)
            path = root / f"form-{run}.xlsx"
            started = time.perf_counter()
            cells = fill(raw, framework, path, rng)
            times["fill"].append(time.perf_counter() - started)
            started = time.perf_counter()
            result = validate_file(path, regions=regions, framework=framework)
            times["validate"].append(time.perf_counter() - started)
            if not result.ok:
                sys.exit(f"the filled form did not validate: {result.report.errors[:3]}")
            started = time.perf_counter()
            outcome = import_indicators(
                store, path, regions=regions, framework=framework, who="bench"
            )
            times["import"].append(time.perf_counter() - started)
            filled_kb = path.stat().st_size / 1024
    median = {k: statistics.median(v) for k, v in times.items()}
    app = median["write"] + median["validate"] + median["import"]
    verdict = "ok" if app < TARGET_S else "MISS"
    print(f"template round trip, {len(codes)} kab/kota x {len(INDICATORS)} indicators")
    print(f"  cells filled: {cells}, rows valid: {result.report.counts['rows_valid']}")
    print(f"  form size: {len(raw) / 1024:.0f} KB, filled: {filled_kb:.0f} KB")
    print(f"  dataset version after the last import: {outcome.manifest.version}")
    for step, value in median.items():
        print(f"  {step:<9} {value:6.3f} s  (median of {args.runs})")
    print(f"  write + validate + import: {app:.3f} s (target < {TARGET_S} s) {verdict}")
    print(f"  with the openpyxl fill:    {app + median['fill']:.3f} s")


if __name__ == "__main__":
    main()
