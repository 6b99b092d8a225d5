"""Geometry repair: invalid polygons made valid, non-polygon parts dropped, per feature."""

from __future__ import annotations

import numpy as np
import shapely

from dashboard.data.errors import Report

POLYGONAL = {"Polygon", "MultiPolygon"}


def feature_geometries(geoms: np.ndarray, report: Report) -> np.ndarray:
    """Polygonal part of each feature; None (with an error) for missing or non-polygon ones."""
    out = np.empty(len(geoms), dtype=object)
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            report.add("boundaries.no_geometry", row=i + 1, unit="feature")
            continue
        polygonal = polygonal_part(geom)
        if polygonal is None:
            report.add("boundaries.not_polygon", row=i + 1, unit="feature", kind=geom.geom_type)
            continue
        out[i] = polygonal
    return out


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry | None:
    """Only the polygon parts of ``geom`` (collections included), or None if there are none."""
    if geom.geom_type in POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in POLYGONAL and not p.is_empty]
    if not parts:
        return None
    return shapely.unary_union(parts) if len(parts) > 1 else parts[0]


def present_mask(geoms: np.ndarray) -> np.ndarray:
    return np.array([g is not None for g in geoms], dtype=bool)


def repair_all(geoms: np.ndarray, report: Report) -> tuple[np.ndarray, int]:
    """Fix invalid geometries part by part, then merge the parts (nested shells become land)."""
    present = present_mask(geoms)
    invalid = np.zeros(len(geoms), dtype=bool)
    invalid[present] = ~shapely.is_valid(geoms[present])
    for i in np.flatnonzero(invalid):
        fixed = repair_geometry(geoms[i])
        if fixed is None:
            report.add("boundaries.empty_after_repair", row=int(i) + 1, unit="feature")
        geoms[i] = fixed
    count = int(invalid.sum())
    if count:
        report.add("boundaries.repaired", severity="warning", unit="feature", n=count)
    return geoms, count


def repair_geometry(geom: shapely.Geometry) -> shapely.Geometry | None:
    """A valid polygonal version of ``geom``: make_valid per part, then unary_union."""
    parts = shapely.make_valid(shapely.get_parts(geom))
    polygons = [p for part in parts if (p := polygonal_part(part)) is not None]
    if not polygons:
        return None
    merged = polygonal_part(shapely.unary_union(polygons))
    return None if merged is None or merged.is_empty else merged
