"""The boundary import pipeline: read, repair, match, simplify, measure."""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.data.errors import DataError, Report
from dashboard.data.imports.geometry.geojson import to_geojson_bytes
from dashboard.data.imports.geometry.matching import dissolve_districts, match_features
from dashboard.data.imports.geometry.reading import (
    WGS84,
    check_polygons_exist,
    read_boundaries,
    to_wgs84,
)
from dashboard.data.imports.geometry.repair import feature_geometries, present_mask, repair_all
from dashboard.data.imports.geometry.simplify import simplify_for_screen
from dashboard.data.regions import RegionIndex

LEVELS = ("province", "regency", "district")
MISSING_LISTED = 12  # names listed in the "regions without geometry" warning


@dataclass
class BoundaryResult:
    """Imported boundaries of one level; ``frame`` is empty whenever ``report`` has errors.

    ``stats``: features_read, matched, unmatched, matched_by_location, key_field, key_kind,
    repaired, regions_without_geometry (codes), vertices_before/after, parts_before/after,
    protected (codes simplified more gently to keep their area), area_change_median/worst
    (fractions, measured in EPSG:6933), area_change_worst_code, bytes_geojson, bytes_gzip,
    tolerance, seconds.
    """

    level: str
    frame: gpd.GeoDataFrame
    report: Report
    stats: dict = field(default_factory=dict)


def process_boundaries(
    path: Path | str,
    *,
    level: str,
    regions: RegionIndex,
    tolerance: float = 0.001,
    code_field: str | None = None,
    name_field: str | None = None,
    display_name: str | None = None,
    layer: str | None = None,
    limits=None,
) -> BoundaryResult:
    """Read, repair, match and simplify a boundary file; problems go to the result's report."""
    if level not in LEVELS:
        raise DataError("boundaries.bad_level", level=level)
    started = time.perf_counter()
    path = Path(path)
    report = Report(display_name or path.name)
    stats: dict = {"features_read": 0}
    try:
        raw = read_boundaries(path, layer=layer, limits=limits)
        stats["features_read"] = len(raw)
        raw = to_wgs84(check_polygons_exist(raw), report)
    except DataError as exc:
        report.add(exc.code, unit="feature", **exc.params)
        return _finish(level, _empty_frame(), report, stats, started)
    geoms = feature_geometries(raw.geometry.to_numpy(), report)
    stats["vertices_before"] = int(shapely.get_num_coordinates(geoms[present_mask(geoms)]).sum())
    geoms, stats["repaired"] = repair_all(geoms, report)
    codes, names = match_features(raw, geoms, level, regions, code_field, name_field, report, stats)
    if not report.ok:
        return _finish(level, _empty_frame(), report, stats, started)
    frame = dissolve_districts(codes, names, geoms, report)
    _warn_missing(frame, level, regions, report, stats)
    frame, simplify_stats = simplify_for_screen(frame, tolerance)
    stats.update(simplify_stats)
    return _finish(level, frame, report, stats, started)


def _finish(
    level: str, frame: gpd.GeoDataFrame, report: Report, stats: dict, started: float
) -> BoundaryResult:
    if len(frame):
        payload = to_geojson_bytes(frame)
        stats["bytes_geojson"] = len(payload)
        stats["bytes_gzip"] = len(gzip.compress(payload, compresslevel=6))
    stats["seconds"] = round(time.perf_counter() - started, 3)
    report.counts.update(
        {key: stats[key] for key in ("features_read", "matched", "unmatched") if key in stats}
    )
    return BoundaryResult(level=level, frame=frame, report=report, stats=stats)


def _empty_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": pd.Series(dtype=str), "name": pd.Series(dtype=str)},
        geometry=gpd.GeoSeries([], crs=WGS84),
        crs=WGS84,
    )


def _warn_missing(
    frame: gpd.GeoDataFrame, level: str, regions: RegionIndex, report: Report, stats: dict
) -> None:
    """Regions of this level the file does not cover: a warning, since partial files are fine."""
    if level == "district":
        stats["regions_without_geometry"] = []
        return
    expected = regions.provinces if level == "province" else regions.regencies
    missing = expected[~expected["code"].isin(frame["code"])]
    stats["regions_without_geometry"] = missing["code"].tolist()
    if len(missing):
        shown = [f"{c} {n}" for c, n in missing[["code", "name"]].head(MISSING_LISTED).to_numpy()]
        more = len(missing) - len(shown)
        names = "; ".join(shown) + (f"; +{more}" if more else "")
        report.add(
            "boundaries.missing_regions",
            severity="warning",
            unit="feature",
            n=len(missing),
            names=names,
        )
