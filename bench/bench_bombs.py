"""Issue 17 points 1-2: peak memory and time of checking each hostile file (targets < 300 MB and
< 10 s per rejected file).

Generates every file of ``tests/bombs.py`` in a temporary directory (the 2 GiB whitespace sheet,
3 million rows, a 320 MiB cell, billion laughs, an external entity, 6000 parts, ...), stages it
as `/admin` does and runs the check the way `/admin` runs it: in the separate process of
``dashboard.data.imports.isolated``. "peak" is that process's peak resident memory (VmHWM,
including the loaded program, about 150 MB); "check" the validation inside it; "total" the
wall time from the web worker's side (process start included). Run:
``python bench/bench_bombs.py [--only NAME ...]``.
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.data.imports import isolated, uploads
from dashboard.data.imports.tables import ImportLimits
from tests import bombs

PEAK_MB, SECONDS = 300, 10.0
GOOD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "good" / "long_comma_utf8.csv"


def good(path: Path) -> Path:
    path.write_bytes(GOOD.read_bytes())
    return path


CASES = {
    "good_csv (reference)": ("indicators", good, ".csv"),
    **{name: ("indicators", make, ".xlsx") for name, make in bombs.ALL_XLSX.items()},
    "csv_long_field": ("indicators", bombs.csv_long_field, ".csv"),
    "csv_wide": ("indicators", bombs.csv_wide, ".csv"),
    "csv_rows_2.5m": ("indicators", lambda p: bombs.csv_many_rows(p, 2_500_000), ".csv"),
    "whitespace_100mib_ratio": ("indicators", lambda p: bombs.whitespace_bomb(p, 0.1), ".xlsx"),
    "text_cell_40mib": ("indicators", lambda p: bombs.huge_cell(p, 40, letters=True), ".xlsx"),
    "shapefile_zip_1gib": ("boundaries", bombs.shapefile_zip_bomb, ".zip"),
}


def check(data_dir: Path, path: Path, kind: str) -> dict:
    raw = path.read_bytes()
    staged = uploads.stage_upload(
        data_dir,
        "data:application/octet-stream;base64," + base64.b64encode(raw).decode(),
        path.name,
        who="bench",
        kind=kind,
    )
    del raw
    task = {"task": "validate", "token": staged.token, "kind": kind, "tolerance": 0.001}
    started = time.perf_counter()
    answer = isolated.run_child(
        task, data_dir=data_dir, limits=ImportLimits(), memory_mb=2048, timeout_s=90
    )
    answer["total"] = time.perf_counter() - started
    rows = uploads.load_report_rows(data_dir, staged, "en")
    errors = [r for r in rows if r["severity"] == "error"]
    answer["code"] = errors[0]["code"] if errors else ("ok" if answer.get("ok") else "-")
    uploads.discard_staged(data_dir, staged.token)
    return answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="case names to run")
    args = parser.parse_args()
    print(f"targets: peak < {PEAK_MB} MB and check < {SECONDS:g} s per rejected file\n")
    header = (
        f"{'case':24} {'file MB':>8} {'outcome':26} {'peak MB':>8} {'check s':>8} {'total s':>8}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data_dir = root / "instance"
        for name, (kind, make, suffix) in CASES.items():
            if args.only and name not in args.only:
                continue
            path = make(root / f"{name.split()[0]}{suffix}")
            size = path.stat().st_size / 1e6
            answer = check(data_dir, path, kind)
            path.unlink()
            peak, seconds = answer.get("peak_mb", float("nan")), answer.get("seconds", float("nan"))
            verdict = "ok" if peak < PEAK_MB and seconds < SECONDS else "MISS"
            print(
                f"{name:24} {size:8.2f} {answer['code']:26} {peak:8.0f} {seconds:8.2f} "
                f"{answer['total']:8.2f}  {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
