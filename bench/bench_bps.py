"""Issue 13 point 5: read, convert and validate a BPS table export of 514 kab/kota x 15 years.

The shipped ``data/bps/hdi_bps.csv`` (IPM 2010-2024) is written back in the BPS website layout
(title, "Provinsi/Kabupaten/Kota" column, province headings with the old Papua headings, bare
regency names, "-" for missing, INDONESIA row, footer), once as CSV and once as XLSX. Timed
(median of ``--runs``): *layout* (recognise the layout and read the rows, names not matched yet),
*validate* (the whole ``validate_file``: read, layout, name matching, conversion, every check) and
*import* (``import_indicators`` into an empty store: validation again, parquet write, commit).
Run: ``python bench/bench_bps.py [--runs 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.framework import load_framework
from dashboard.data.imports.bps.hook import _raw_rows
from dashboard.data.imports.bps.table import read_layout
from dashboard.data.imports.indicators import import_indicators
from dashboard.data.imports.tables import validate_file
from dashboard.data.imports.tables.reading import read_file
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore

SOURCE = SHIPPED_DATA_DIR / "bps" / "hdi_bps.csv"
OLD_PAPUA = {"93": "91", "94": "91", "95": "91", "96": "92"}


def bps_rows(facts: pd.DataFrame, regions: RegionIndex) -> list[list[object]]:
    wide = facts.pivot(index="code", columns="period", values="value")
    years = [int(y) for y in wide.columns]
    names = regions.regencies.set_index("code")["name"]
    provinces = dict(zip(regions.provinces["code"], regions.provinces["name"], strict=True))
    rows: list[list[object]] = [
        ["[Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota"],
        [],
        ["Provinsi/Kabupaten/Kota", "[Metode Baru] Indeks Pembangunan Manusia"],
        ["", *years],
    ]
    groups: dict[str, list[str]] = {}
    for code in wide.index:
        groups.setdefault(OLD_PAPUA.get(code[:2], code[:2]), []).append(code)
    for province in sorted(groups):
        rows.append([provinces[province].upper(), *([70.0] * len(years))])
        for code in groups[province]:
            values = ["-" if pd.isna(v) else float(v) for v in wide.loc[code]]
            rows.append([names[code].removeprefix("Kabupaten "), *values])
    rows.append(["INDONESIA", *([72.0] * len(years))])
    rows += [[], ["Sumber: Badan Pusat Statistik"],
             ["Source Url: https://www.bps.go.id/id/statistics-table/2/NDEzIzI=/ipm.html"]]  # fmt: skip
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def write_csv(rows: list[list[object]], path: Path) -> None:
    pd.DataFrame(rows).to_csv(path, header=False, index=False)


def write_xlsx(rows: list[list[object]], path: Path) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def median_time(action, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    regions, framework = RegionIndex.from_file(), load_framework()
    facts = pd.read_csv(SOURCE, dtype={"code": str})
    rows = bps_rows(facts, regions)
    years = facts["period"].nunique()
    print(f"BPS table: {facts['code'].nunique()} kab/kota x {years} years "
          f"({len(facts)} values, the rest '-'), from {SOURCE.name}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for kind, writer in (("csv", write_csv), ("xlsx", write_xlsx)):
            path = Path(folder) / f"ipm.{kind}"
            writer(rows, path)
            table = read_file(path, name=path.name, sheet=None)
            layout_s, bps = median_time(lambda t=table: read_layout(_raw_rows(t)), args.runs)
            check = lambda p=path: validate_file(  # noqa: E731
                p, regions=regions, framework=framework, indicator="liv_hdi"
            )
            validate_s, result = median_time(check, args.runs)
            assert result.ok, [p.message("en") for p in result.report.errors[:3]]
            assert len(result.observations) == len(facts)

            def load(p=path):
                store = DataStore(Path(tempfile.mkdtemp(dir=folder)))
                return import_indicators(
                    store, p, regions=regions, framework=framework, indicator="liv_hdi"
                )

            import_s, _ = median_time(load, args.runs)
            size = path.stat().st_size / 1024
            print(f"{kind:>4} ({size:,.0f} KB): layout {layout_s * 1000:7.1f} ms "
                  f"({len(bps.entries)} rows)   validate {validate_s * 1000:7.1f} ms   "
                  f"import {import_s * 1000:7.1f} ms   values {len(result.observations)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
