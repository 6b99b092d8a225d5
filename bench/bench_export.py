"""Chart exports (SPEC P6): cold and warm PNG of the readiness map at 1920x1080, other formats.

Runs the app in-process on a temporary ``DATA_DIR`` with the sample data and asks the real HTTP
endpoint (Flask test client: query parsing, figure, provenance frame, kaleido, response) for
``/export/chart/peta-kesiapan.png``, as a browser's export link does:

- **cold**: the export browser closed before each run, so the time includes starting Chromium
  (the first export of a gunicorn worker); median of ``--cold`` runs;
- **warm**: the browser kept open between exports (every later export); the same map repeated,
  and a different indicator every time (the figure is built afresh); median and worst of
  ``--warm`` runs;
- then SVG, PDF, PNG 2x (3840x2160) of the map and CSV/XLSX of its data, warm.

When ``../shared/data/real/regencies.geojson`` exists it is imported into a second temporary
``DATA_DIR`` with ``python -m dashboard import boundaries FILE --level regency`` and the
geographic map (``mode=geo``) is measured the same way. A measurement, not a test: a missed target
prints MISS and the script exits 0. Run: ``python bench/bench_export.py [--cold 3] [--warm 10]``
(about a minute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.app import create_app
from dashboard.config import PROJECT_DIR, Settings
from dashboard.exports import render

REAL_REGENCIES = PROJECT_DIR.parent / "shared" / "data" / "real" / "regencies.geojson"
P6_WARM_S = 2.0
INDICATORS = (
    "composite",
    "governance",
    "gov_spbe",
    "eco_poverty",
    "liv_hdi",
    "soc_imdi",
    "env_waste",
    "struktur",
    "ri_4g_villages",
    "eco_grdp_pc",
    "liv_stunting",
    "branding",
)
MISSES: list[str] = []


def line(label: str, seconds: float, *, limit: float | None = None, note: str = "") -> None:
    miss = limit is not None and seconds > limit
    if miss:
        MISSES.append(label)
    target = f"  (target <= {limit:g} s)" if limit is not None else ""
    extra = f"  {note}" if note else ""
    flag = "  MISS" if miss else ""
    print(f"  {label:<46}{seconds:>8.2f} s{target}{extra}{flag}", flush=True)


def fetch(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.get_data(as_text=True)}")
    return elapsed, len(response.data)


def measure_map(client, base: str, *, cold: int, warm: int) -> None:
    url = f"/export/chart/peta-kesiapan.png?{base}"
    colds = []
    for _ in range(cold):
        render.renderer().close()
        colds.append(fetch(client, url)[0])
    line("PNG 1920x1080, cold (starts Chromium)", statistics.median(colds))
    fetch(client, url)
    same = [fetch(client, url)[0] for _ in range(warm)]
    size = fetch(client, url)[1]
    line(
        "PNG 1920x1080, warm, same map (median)",
        statistics.median(same),
        limit=P6_WARM_S,
        note=f"{size / 1024:.0f} KiB",
    )
    line("PNG 1920x1080, warm, same map (worst)", max(same))
    varied = [
        fetch(client, f"{url}&indicator={INDICATORS[i % len(INDICATORS)]}")[0] for i in range(warm)
    ]
    line("PNG 1920x1080, warm, new indicator (median)", statistics.median(varied), limit=P6_WARM_S)
    line("PNG 1920x1080, warm, new indicator (worst)", max(varied))
    for label, fmt_url in (
        ("PNG 3840x2160 (scale=2), warm", f"{url}&scale=2"),
        ("SVG, warm", url.replace(".png", ".svg")),
        ("PDF, warm", url.replace(".png", ".pdf")),
        ("CSV of the map's data", url.replace("/chart/", "/data/").replace(".png", ".csv")),
        ("XLSX of the map's data", url.replace("/chart/", "/data/").replace(".png", ".xlsx")),
    ):
        fetch(client, fmt_url)
        times = [fetch(client, fmt_url) for _ in range(3)]
        line(
            label,
            statistics.median(t for t, _ in times),
            note=f"{times[-1][1] / 1024:.0f} KiB",
        )


def app_client(data_dir: Path):
    settings = Settings(DATA_DIR=data_dir, RATE_LIMIT_EXPORT="100000 per minute")
    return create_app(settings).server.test_client()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", type=int, default=3, help="cold exports (browser restarted)")
    parser.add_argument("--warm", type=int, default=10, help="warm exports per measurement")
    parser.add_argument("--no-geo", action="store_true", help="skip the geographic map")
    args = parser.parse_args()
    if not render.available():
        print("Chromium not found (apt-get install chromium, or set BROWSER_PATH): nothing to do")
        return 0
    print(f"Chart exports, {os.cpu_count()} cores, Chromium {render.find_chromium()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kc-bench-export-") as tmp:
        tile_dir = Path(tmp) / "tile"
        client = app_client(tile_dir)
        print("\nTile map (P6: server-side PNG of the map 1920x1080, warm <= 2 s)")
        measure_map(client, "period=2024", cold=args.cold, warm=args.warm)
        if args.no_geo:
            pass
        elif not REAL_REGENCIES.is_file():
            print(f"\nGeographic map: skipped, {REAL_REGENCIES} not found")
        else:
            geo_dir = Path(tmp) / "geo"
            app_client(geo_dir)  # seed the sample data first
            started = time.perf_counter()
            subprocess.run(
                [
                    *(sys.executable, "-m", "dashboard", "--quiet", "--data-dir", str(geo_dir)),
                    *("import", "boundaries", str(REAL_REGENCIES), "--level", "regency"),
                ],
                check=True,
                cwd=PROJECT_DIR,
            )
            print(
                f"\nGeographic map (boundaries imported in {time.perf_counter() - started:.1f} s)"
            )
            measure_map(app_client(geo_dir), "period=2024&mode=geo", cold=args.cold, warm=args.warm)
        render.renderer().close()
    print("\n" + ("MISS: " + ", ".join(MISSES) if MISSES else "All targets met."))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
