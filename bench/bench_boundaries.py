"""P5: import a national kab/kota boundary file and simplify it (target <= 30 s, <= 1.5 MB gzip).

Processes the national regency file from ``../shared/data/real`` (or the path given) and prints
time, peak RSS, vertices, GeoJSON size and area change. ``--densify`` also builds a larger copy
(every edge split to at most that many degrees, written to a temporary directory) to measure
files nearer the 50 MB upload limit. Run: ``python bench/bench_boundaries.py [FILE] [--densify
0.0012]`` (0.0012 makes a 45 MB file). The tile layout computation is timed too.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.config import PROJECT_DIR
from dashboard.data.imports.geometry import process_boundaries
from dashboard.data.regions import RegionIndex
from dashboard.data.tiles import compute_tile_layout, tile_layout_metrics

DEFAULT_FILE = PROJECT_DIR.parent / "shared" / "data" / "real" / "regencies.geojson"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path, regions: RegionIndex, *, label: str) -> None:
    started = time.perf_counter()
    result = process_boundaries(path, level="regency", regions=regions)
    seconds = time.perf_counter() - started
    stats = result.stats
    print(f"[{label}] file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"[{label}] ok: {result.report.ok}; matched {stats.get('matched')}/514")
    print(f"[{label}] seconds: {seconds:.2f} (target <= 30)")
    print(f"[{label}] peak RSS so far: {peak_rss_mb():.0f} MB")
    print(
        f"[{label}] vertices: {stats.get('vertices_before')} -> {stats.get('vertices_after')}; "
        f"parts {stats.get('parts_before')} -> {stats.get('parts_after')}; "
        f"repaired {stats.get('repaired')}; protected {stats.get('protected')}"
    )
    print(
        f"[{label}] GeoJSON: {stats.get('bytes_geojson', 0) / 1e6:.2f} MB, "
        f"gzip {stats.get('bytes_gzip', 0) / 1e6:.3f} MB (target <= 1.5, aim <= 0.7)"
    )
    print(
        f"[{label}] area change: median {stats.get('area_change_median', 0):.5%}, "
        f"worst {stats.get('area_change_worst', 0):.3%} ({stats.get('area_change_worst_code')})"
    )


def densified(path: Path, step: float, folder: Path) -> Path:
    frame = gpd.read_file(path)
    frame["geometry"] = shapely.segmentize(frame.geometry.to_numpy(), step)
    out = folder / f"dense_{step}.geojson"
    frame.to_file(out, driver="GeoJSON", COORDINATE_PRECISION=6)
    return out


def time_tiles(regions: RegionIndex) -> None:
    started = time.perf_counter()
    layout = compute_tile_layout(regions.regions)
    seconds = time.perf_counter() - started
    print(f"[tiles] seconds: {seconds:.2f}; {tile_layout_metrics(layout, regions.regions)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--densify", type=float, default=None, help="max edge length, degrees")
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"boundary file not found: {args.file}")
        return 0
    regions = RegionIndex.from_file()
    measure(args.file, regions, label="national")
    if args.densify:
        with tempfile.TemporaryDirectory() as folder:
            big = densified(args.file, args.densify, Path(folder))
            measure(big, regions, label="densified")
    time_tiles(regions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
