"""Screen geometry: simplified on a grid, no region losing more than MAX_AREA_CHANGE."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.data.imports.geometry.reading import WGS84
from dashboard.data.imports.geometry.repair import repair_geometry

PRECISION = 1e-4  # degrees, about 11 m: the grid screen coordinates are snapped to
MAX_AREA_CHANGE = 0.02  # no region may gain or lose more than this share of its area
EQUAL_AREA_CRS = "EPSG:6933"


def simplify_for_screen(frame: gpd.GeoDataFrame, tolerance: float) -> tuple[gpd.GeoDataFrame, dict]:
    """Snap, drop islets and simplify; regions that would change area too much are redone."""
    original = frame.geometry.to_numpy()
    before = _areas_km2(original)
    screen = _screen(original, tolerance, drop_islets=True)
    after = _areas_km2(screen)
    protected = np.flatnonzero(~_area_kept(before, after, screen))
    for i in protected:
        screen[i] = _protected(original[i], tolerance, before[i])
    invalid = ~shapely.is_valid(screen)
    for i in np.flatnonzero(invalid):
        screen[i] = repair_geometry(screen[i]) or original[i]
    after = _areas_km2(screen)
    change = np.abs(after / np.where(before > 0, before, np.nan) - 1)
    worst = int(np.nanargmax(change)) if len(change) else 0
    stats = {
        "vertices_after": int(shapely.get_num_coordinates(screen).sum()),
        "parts_before": int(shapely.get_num_geometries(original).sum()),
        "parts_after": int(shapely.get_num_geometries(screen).sum()),
        "protected": [str(frame["code"].iloc[i]) for i in protected],
        "invalid_after_simplify": int(invalid.sum()),
        "area_change_median": float(np.nanmedian(change)) if len(change) else 0.0,
        "area_change_worst": float(change[worst]) if len(change) else 0.0,
        "area_change_worst_code": str(frame["code"].iloc[worst]) if len(change) else None,
        "tolerance": tolerance,
    }
    out = frame.copy()
    out["geometry"] = gpd.GeoSeries(screen, crs=WGS84, index=frame.index)
    return out, stats


def _screen(geoms: np.ndarray, tolerance: float, *, drop_islets: bool) -> np.ndarray:
    """Coordinates on the PRECISION grid, simplified with ``tolerance`` degrees."""
    if drop_islets:
        geoms = _without_islets(geoms, tolerance * tolerance)
    snapped = shapely.set_precision(geoms, PRECISION)
    if tolerance <= 0:
        return snapped
    return shapely.simplify(snapped, tolerance, preserve_topology=True)


def _without_islets(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """Drop parts smaller than ``min_area`` square degrees, always keeping each largest part."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    areas = shapely.area(parts)
    largest = pd.Series(areas).groupby(owner).transform("max").to_numpy()
    keep = (areas >= min_area) | (areas == largest)
    rebuilt = shapely.multipolygons(parts[keep], indices=owner[keep])
    single = shapely.get_num_geometries(rebuilt) == 1
    rebuilt[single] = shapely.get_geometry(rebuilt[single], 0)
    return rebuilt


def _protected(geom: shapely.Geometry, tolerance: float, area: float) -> shapely.Geometry:
    """The coarsest of a ladder of gentler simplifications that keeps the region's area."""
    for step in (tolerance, tolerance / 4, tolerance / 16, 0.0):
        candidate = _screen(np.array([geom], dtype=object), step, drop_islets=False)
        if _area_kept(np.array([area]), _areas_km2(candidate), candidate)[0]:
            return candidate[0]
    return geom


def _area_kept(before: np.ndarray, after: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    ratio = after / np.where(before > 0, before, np.nan)
    return (np.abs(ratio - 1) <= MAX_AREA_CHANGE) & ~shapely.is_empty(geoms)


def _areas_km2(geoms: np.ndarray) -> np.ndarray:
    if len(geoms) == 0:
        return np.zeros(0)
    return gpd.GeoSeries(geoms, crs=WGS84).to_crs(EQUAL_AREA_CRS).area.to_numpy() / 1e6
