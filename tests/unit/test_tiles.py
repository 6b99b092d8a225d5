"""The tile map layout: one cell per kab/kota, deterministic, and still shaped like Indonesia."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.errors import DataError
from dashboard.data.tiles import (
    COLUMNS,
    TILE_LAYOUT_FILE,
    compute_tile_layout,
    load_tile_layout,
    tile_layout_metrics,
    write_tile_layout,
)


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return load_tile_layout()


def _region(code: str, lat: float, lon: float, kind: str = "kabupaten") -> dict:
    return {"code": code, "type": kind, "province_code": code[:2], "lat": lat, "lon": lon}


def test_every_regency_has_exactly_one_cell_of_its_own(shipped, regions):
    assert list(shipped.columns) == list(COLUMNS)
    assert sorted(shipped["code"]) == sorted(regions.regencies["code"])
    assert not shipped.duplicated(["col", "row"]).any()
    assert shipped["col"].min() == 0
    assert shipped["row"].min() == 0
    merged = shipped.merge(regions.regencies[["code", "province_code"]], on="code")
    assert (merged["province_code_x"] == merged["province_code_y"]).all()


def test_recomputing_gives_the_shipped_file(tmp_path):
    written = write_tile_layout(tmp_path / "tile_layout.csv")
    assert written == tmp_path / "tile_layout.csv"
    assert written.read_bytes() == TILE_LAYOUT_FILE.read_bytes()


def test_layout_reads_as_indonesia(shipped):
    by_island = shipped.assign(island=shipped["province_code"].str[0]).groupby("island")
    col, row = by_island["col"].mean(), by_island["row"].mean()
    # west to east: Sumatra, Java, Kalimantan, Sulawesi, Maluku, Papua
    assert col["1"] < col["3"] < col["6"] < col["7"] < col["8"] < col["9"]
    assert row["3"] > row["6"]  # Java lies south of Kalimantan
    assert row["5"] > row["7"]  # Nusa Tenggara south of Sulawesi
    provinces = shipped.groupby("province_code")["row"].mean()
    assert provinces["11"] < provinces["18"]  # Aceh north of Lampung
    columns = shipped.groupby("province_code")["col"].mean()
    assert columns["36"] < columns["31"] < columns["35"]  # Banten, Jakarta, Jawa Timur


def test_layout_quality(shipped, regions):
    metrics = tile_layout_metrics(shipped, regions.regions)
    assert metrics["tiles"] == 514
    assert 2.5 <= metrics["aspect"] <= 3.5
    assert metrics["neighbour_kept_share"] >= 0.95
    assert metrics["provinces_contiguous_4"] >= 0.9
    assert metrics["displacement_km_mean"] < 300


def test_jakarta_tiles_touch_each_other(shipped):
    jakarta = shipped[shipped["province_code"] == "31"]
    assert len(jakarta) == 6
    assert jakarta["col"].max() - jakarta["col"].min() <= 3
    assert jakarta["row"].max() - jakarta["row"].min() <= 3


def test_small_frame_keeps_west_east_order_and_ignores_provinces():
    frame = pd.DataFrame(
        [
            _region("32", -6.9, 107.6, kind="provinsi"),
            _region("32.03", -6.8, 107.0),
            _region("32.01", -6.8, 106.5),
            _region("32.04", -6.8, 108.0),
            _region("32.02", -6.8, 107.5),
        ]
    )
    layout = compute_tile_layout(frame, columns=7)
    assert list(layout.columns) == list(COLUMNS)
    assert layout["code"].tolist() == ["32.01", "32.02", "32.03", "32.04"]
    ordered = layout.sort_values("col")["code"].tolist()
    assert ordered == ["32.01", "32.03", "32.02", "32.04"]
    assert layout["row"].nunique() == 1
    assert not layout.duplicated(["col", "row"]).any()


def test_points_on_top_of_each_other_still_get_their_own_cells():
    frame = pd.DataFrame([_region(f"31.7{i}", -6.2, 106.8) for i in range(1, 6)])
    layout = compute_tile_layout(frame)
    assert len(layout) == 5
    assert not layout.duplicated(["col", "row"]).any()


def test_one_or_no_region():
    one = compute_tile_layout(pd.DataFrame([_region("32.16", -6.2, 107.1)]))
    assert one[["code", "col", "row"]].to_dict("records") == [{"code": "32.16", "col": 0, "row": 0}]
    empty = compute_tile_layout(pd.DataFrame([_region("32", -6.9, 107.6, kind="provinsi")]))
    assert empty.empty
    assert list(empty.columns) == list(COLUMNS)


def test_metrics_name_split_provinces():
    layout = pd.DataFrame(
        {
            "code": ["32.01", "32.02", "32.03", "33.01"],
            "col": [0, 1, 3, 2],
            "row": [0, 0, 0, 0],
            "province_code": ["32", "32", "32", "33"],
            "displacement_km": [0.0] * 4,
        }
    )
    regions = pd.DataFrame(
        [
            _region("32.01", -6.8, 106.5),
            _region("32.02", -6.8, 107.0),
            _region("32.03", -6.8, 108.0),
            _region("33.01", -6.8, 107.5),
        ]
    )
    metrics = tile_layout_metrics(layout, regions)
    assert metrics["provinces_split"] == ["32"]
    assert metrics["provinces_contiguous_4"] == 0.5
    assert (metrics["columns"], metrics["rows"]) == (4, 1)
    assert metrics["displacement_cells_mean"] is None  # a one-row grid has no georeference


def _write(tmp_path, rows: list[str]):
    path = tmp_path / "tiles.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_loading_rejects_missing_columns(tmp_path):
    path = _write(tmp_path, ["code,col,row", "32.16,0,0"])
    with pytest.raises(DataError, match="lacks columns province_code, displacement_km"):
        load_tile_layout(path)


def test_loading_rejects_two_tiles_in_one_cell(tmp_path):
    header = ",".join(COLUMNS)
    path = _write(tmp_path, [header, "32.16,3,4,32,1.0", "32.75,3,4,32,2.0"])
    with pytest.raises(DataError, match=r"duplicate col,row \(\(3, 4\)\)"):
        load_tile_layout(path)


def test_loading_rejects_a_code_twice(tmp_path):
    header = ",".join(COLUMNS)
    path = _write(tmp_path, [header, "32.16,3,4,32,1.0", "32.16,3,5,32,2.0"])
    with pytest.raises(DataError, match=r"duplicate code \(32\.16\)"):
        load_tile_layout(path)


def test_codes_load_as_text(tmp_path):
    header = ",".join(COLUMNS)
    path = _write(tmp_path, [header, "32.10,0,0,32,1.5"])
    layout = load_tile_layout(path)
    assert layout["code"].tolist() == ["32.10"]
    assert layout["col"].dtype.kind == "i"


def test_web_workers_do_not_import_scipy(tmp_path):
    """Only computing a layout needs scipy; the app reads the shipped file (a fresh process)."""
    code = (
        "import sys, pathlib\n"
        "from dashboard.app import create_app\n"
        "from dashboard.config import Settings\n"
        f"create_app(Settings(DATA_DIR=pathlib.Path({str(tmp_path)!r}) / 'instance'))\n"
        "import dashboard.data.tiles as tiles\n"
        "tiles.load_tile_layout()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_computing_names_are_still_importable_from_the_package():
    from dashboard.data import tiles
    from dashboard.data.tiles import compute, metrics

    assert tiles.compute_tile_layout is compute.compute_tile_layout
    assert tiles.write_tile_layout is compute.write_tile_layout
    assert tiles.tile_layout_metrics is metrics.tile_layout_metrics
    with pytest.raises(AttributeError):
        _ = tiles.no_such_name
