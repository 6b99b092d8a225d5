"""Features to region codes: by code, by name, districts dissolved into their regency."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.data.errors import AmbiguousRegion, DataError, Report, UnknownRegion
from dashboard.data.imports.geometry.fields import (
    Issue,
    cell_text,
    display_name,
    district_name_field,
    key_field,
    level_checked,
    level_of,
    resolve_code,
)
from dashboard.data.imports.geometry.reading import WGS84
from dashboard.data.imports.geometry.repair import polygonal_part
from dashboard.data.regions import RegionIndex


def match_features(
    raw: gpd.GeoDataFrame,
    geoms: np.ndarray,
    level: str,
    regions: RegionIndex,
    code_field: str | None,
    name_field: str | None,
    report: Report,
    stats: dict,
) -> tuple[list[str | None], list[str | None]]:
    """Region code and display name per feature (None where unmatched, with an error)."""
    table = pd.DataFrame(raw.drop(columns=raw.geometry.name))
    try:
        column, mode = key_field(table, level, regions, code_field, name_field)
    except DataError as exc:
        report.add(exc.code, unit="feature", **exc.params)
        return [None] * len(raw), [None] * len(raw)
    stats.update({"key_field": column, "key_kind": mode, "matched_by_location": 0})
    label = district_name_field(table, column) if level == "district" else None
    codes: list[str | None] = []
    names: list[str | None] = []
    for i, (value, geom) in enumerate(zip(table[column].tolist(), geoms, strict=True)):
        if geom is None:
            codes.append(None)
            names.append(None)
            continue
        code, problem = _resolve(value, mode, level, regions, geom, stats)
        if problem is not None:
            report.add(
                problem[0],
                row=i + 1,
                column=column,
                value=cell_text(value),
                unit="feature",
                **problem[1],
            )
        codes.append(code)
        names.append(display_name(code, level, regions, table, label, i))
    stats["matched"] = sum(c is not None for c in codes)
    stats["unmatched"] = len(codes) - stats["matched"]
    return codes, names


def _resolve(
    value: object,
    mode: str,
    level: str,
    regions: RegionIndex,
    geom: shapely.Geometry,
    stats: dict,
) -> tuple[str | None, Issue | None]:
    text = cell_text(value)
    if not text:
        return None, ("boundaries.key_missing", {})
    if mode == "code" or level == "district":
        return resolve_code(text, level, regions)
    return _resolve_name(text, level, regions, geom, stats)


def _resolve_name(
    text: str, level: str, regions: RegionIndex, geom: shapely.Geometry, stats: dict
) -> tuple[str | None, Issue | None]:
    """A name; ambiguity is settled by level, then by which candidate's point lies inside."""
    try:
        return level_checked(text, regions.resolve(text), level, regions)
    except UnknownRegion as exc:
        if exc.suggestions:
            names = " / ".join(f"{c} {n}" for c, n in exc.suggestions)
            return None, ("boundaries.unknown_region_hint", {"key": text, "names": names})
        return None, ("boundaries.unknown_region", {"key": text})
    except AmbiguousRegion as exc:
        candidates = [c for c, _ in exc.candidates if level_of(c) == level]
        if len(candidates) == 1:
            return candidates[0], None
        inside = [c for c in candidates if geom.contains(_region_point(regions, c))]
        if len(inside) == 1:
            stats["matched_by_location"] += 1
            return inside[0], None
        listed = "; ".join(f"{c} {n}" for c, n in exc.candidates)
        return None, ("boundaries.ambiguous", {"key": text, "candidates": listed})


def _region_point(regions: RegionIndex, code: str) -> shapely.Point:
    row = regions.regions.loc[regions.regions["code"] == code].iloc[0]
    return shapely.Point(float(row["lon"]), float(row["lat"]))


def dissolve_districts(
    codes: list[str | None], names: list[str | None], geoms: np.ndarray, report: Report
) -> gpd.GeoDataFrame:
    """One row per code; several features with the same code are merged into one geometry."""
    table = pd.DataFrame({"code": codes, "name": names, "geometry": list(geoms)})
    table = table[table["code"].notna()]
    counts = table["code"].value_counts()
    shared = counts[counts > 1]
    if len(shared):
        report.add(
            "boundaries.dissolved",
            severity="warning",
            unit="feature",
            n=int(shared.sum()),
            m=len(shared),
        )
    rows = []
    for code, group in table.groupby("code", sort=True):
        geometry = group["geometry"].iloc[0]
        if len(group) > 1:
            geometry = polygonal_part(shapely.unary_union(group["geometry"].to_numpy()))
        rows.append((code, group["name"].iloc[0], geometry))
    codes_, names_, geometry_ = zip(*rows, strict=True) if rows else ((), (), ())
    return gpd.GeoDataFrame(
        {"code": list(codes_), "name": list(names_)}, geometry=list(geometry_), crs=WGS84
    )
