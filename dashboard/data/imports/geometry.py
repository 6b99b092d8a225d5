"""Boundary import: read a GIS file, repair it, match it to region codes, simplify it for screens.

Users bring whatever they have (GeoJSON, Shapefile or a zipped one, GeoPackage; any CRS; codes or
names), so everything wrong is reported per feature and nothing half-matched is kept: every
unmatched feature is an error; regions the file does not cover are only a warning, so a single
province is a valid file. Screen geometry is simplified, but no region may lose more than
``MAX_AREA_CHANGE`` of its area: small island regions (Kepulauan Seribu) keep their islets.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError, ProjError

from dashboard.data.errors import AmbiguousRegion, DataError, Report, UnknownRegion
from dashboard.data.regions import RegionIndex

LEVELS = ("province", "regency", "district")
SUPPORTED_SUFFIXES = (".geojson", ".json", ".shp", ".zip", ".gpkg")
PRECISION = 1e-4  # degrees, about 11 m: the grid screen coordinates are snapped to
MAX_AREA_CHANGE = 0.02  # no region may gain or lose more than this share of its area
EQUAL_AREA_CRS = "EPSG:6933"
MISSING_LISTED = 12  # names listed in the "regions without geometry" warning
GEOBOUNDARIES_API = "https://www.geoboundaries.org/api/current/gbOpen/IDN/{adm}/"
GEOBOUNDARIES_ATTRIBUTION = "geoBoundaries (www.geoboundaries.org), CC BY 4.0"

_WGS84 = CRS.from_epsg(4326)
_POLYGONAL = {"Polygon", "MultiPolygon"}
_CODE_PATTERN = {
    "province": re.compile(r"^\d{2}$"),
    "regency": re.compile(r"^(\d{2}\.\d{2}|\d{4})$"),
    "district": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
}
_CODE_FIELDS = (
    "code", "kode", "kode_wilayah", "kd_wilayah", "kode_kab", "kode_kabkota", "kode_prov",
    "kode_kec", "kdpkab", "kdppum", "kdcpum", "kdbbps", "kdpbps", "kdcbps", "adm1_pcode",
    "adm2_pcode", "adm3_pcode", "pcode", "bps_code", "kode_bps", "id",
)  # fmt: skip
_NAME_FIELDS = (
    "name", "nama", "namobj", "wadmkk", "wadmpr", "wadmkc", "shapename", "adm1_en", "adm2_en",
    "adm3_en", "name_1", "name_2", "name_3", "nama_kab", "nama_kabkota", "nama_prov",
    "nama_kec", "kabupaten", "kab_kota", "provinsi", "kecamatan", "wilayah", "region",
)  # fmt: skip
_CODE_SHARE = 0.8  # share of a column's values that must be codes for it to be the code column
_NAME_SHARE = 0.5  # same for a name column (names are messier)
_NAME_SAMPLE = 200


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
) -> BoundaryResult:
    """Read, repair, match and simplify a boundary file; problems go to the result's report."""
    if level not in LEVELS:
        raise DataError("boundaries.bad_level", level=level)
    started = time.perf_counter()
    path = Path(path)
    report = Report(display_name or path.name)
    stats: dict = {"features_read": 0}
    try:
        raw = _read(path, layer=layer)
        stats["features_read"] = len(raw)
        raw = _to_wgs84(_check_polygons_exist(raw), report)
    except DataError as exc:
        report.add(exc.code, unit="feature", **exc.params)
        return _finish(level, _empty_frame(), report, stats, started)
    geoms = _feature_geometries(raw.geometry.to_numpy(), report)
    stats["vertices_before"] = int(shapely.get_num_coordinates(geoms[_present(geoms)]).sum())
    geoms, stats["repaired"] = _repair(geoms, report)
    codes, names = _match(raw, geoms, level, regions, code_field, name_field, report, stats)
    if not report.ok:
        return _finish(level, _empty_frame(), report, stats, started)
    frame = _dissolve(codes, names, geoms, report)
    _warn_missing(frame, level, regions, report, stats)
    frame, simplify_stats = _simplify(frame, tolerance)
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
        geometry=gpd.GeoSeries([], crs=_WGS84),
        crs=_WGS84,
    )


# --- reading -------------------------------------------------------------------------------------


def _read(path: Path, *, layer: str | None) -> gpd.GeoDataFrame:
    """The file's features as a GeoDataFrame, or a file-level DataError."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DataError("boundaries.unsupported_format", ext=suffix or path.name)
    if not path.is_file():
        raise DataError("boundaries.unreadable", detail="file not found / berkas tidak ada")
    if path.stat().st_size == 0:
        raise DataError("boundaries.empty")
    source = _zip_member(path) if suffix == ".zip" else str(path)
    layer = _layer(source, layer)
    try:
        frame = gpd.read_file(source, layer=layer, engine="pyogrio", use_arrow=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise DataError("boundaries.unreadable", detail=_short(exc)) from None
    except (ValueError, RuntimeError, pyogrio.errors.FieldError) as exc:
        raise DataError("boundaries.unreadable", detail=_short(exc)) from None
    if len(frame) == 0:
        raise DataError("boundaries.empty")
    return frame.reset_index(drop=True)


def _zip_member(path: Path) -> str:
    """GDAL's /vsizip/ path to the map inside a ZIP: a .shp first, else a .gpkg or GeoJSON."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if not n.startswith(("__MACOSX", "."))]
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError("boundaries.unreadable", detail=_short(exc)) from None
    for suffix in (".shp", ".gpkg", ".geojson", ".json"):
        found = sorted(n for n in members if n.lower().endswith(suffix))
        if found:
            return f"/vsizip/{path.resolve()}/{found[0]}"
    raise DataError("boundaries.zip_without_map")


def _layer(source: str, layer: str | None) -> str:
    """The named layer if the file has it, else the first one (GeoPackages may hold several)."""
    try:
        layers = [str(name) for name in pyogrio.list_layers(source)[:, 0]]
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise DataError("boundaries.unreadable", detail=_short(exc)) from None
    if not layers:
        raise DataError("boundaries.empty")
    if layer is None:
        return layers[0]
    if layer not in layers:
        raise DataError("boundaries.layer_missing", layer=layer, layers=", ".join(layers))
    return layer


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _check_polygons_exist(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    kinds = frame.geometry.geom_type.dropna()
    if not kinds.isin(_POLYGONAL | {"GeometryCollection"}).any():
        found = ", ".join(sorted(set(kinds))) or "-"
        raise DataError("boundaries.no_polygons", kinds=found)
    return frame


def _to_wgs84(frame: gpd.GeoDataFrame, report: Report) -> gpd.GeoDataFrame:
    """Reproject to WGS84; a file without CRS is accepted only if it is plainly lon/lat."""
    if frame.crs is None:
        if not _lonlat(frame.total_bounds):
            raise DataError("boundaries.no_crs")
        report.add("boundaries.assumed_wgs84", severity="warning", unit="feature")
        return frame.set_crs(_WGS84)
    if not frame.crs.equals(_WGS84, ignore_axis_order=True):
        try:
            frame = frame.to_crs(_WGS84)
        except (CRSError, ProjError, ValueError) as exc:
            raise DataError("boundaries.bad_crs", detail=_short(exc)) from None
    else:
        frame = frame.set_crs(_WGS84, allow_override=True)
    bounds = frame.total_bounds
    if not _lonlat(bounds):
        raise DataError("boundaries.out_of_range", bounds=", ".join(f"{v:.6g}" for v in bounds))
    return frame


def _lonlat(bounds: np.ndarray) -> bool:
    west, south, east, north = bounds
    if np.isnan(bounds).any():
        return True
    return -180 <= west <= east <= 180 and -90 <= south <= north <= 90


# --- geometry checks and repair ------------------------------------------------------------------


def _feature_geometries(geoms: np.ndarray, report: Report) -> np.ndarray:
    """Polygonal part of each feature; None (with an error) for missing or non-polygon ones."""
    out = np.empty(len(geoms), dtype=object)
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            report.add("boundaries.no_geometry", row=i + 1, unit="feature")
            continue
        polygonal = _polygonal(geom)
        if polygonal is None:
            report.add("boundaries.not_polygon", row=i + 1, unit="feature", kind=geom.geom_type)
            continue
        out[i] = polygonal
    return out


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry | None:
    """Only the polygon parts of ``geom`` (collections included), or None if there are none."""
    if geom.geom_type in _POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL and not p.is_empty]
    if not parts:
        return None
    return shapely.unary_union(parts) if len(parts) > 1 else parts[0]


def _present(geoms: np.ndarray) -> np.ndarray:
    return np.array([g is not None for g in geoms], dtype=bool)


def _repair(geoms: np.ndarray, report: Report) -> tuple[np.ndarray, int]:
    """Fix invalid geometries part by part, then merge the parts (nested shells become land)."""
    present = _present(geoms)
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
    polygons = [p for part in parts if (p := _polygonal(part)) is not None]
    if not polygons:
        return None
    merged = _polygonal(shapely.unary_union(polygons))
    return None if merged is None or merged.is_empty else merged


# --- matching features to region codes -----------------------------------------------------------


def _match(
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
        column, mode = _key_field(table, level, regions, code_field, name_field)
    except DataError as exc:
        report.add(exc.code, unit="feature", **exc.params)
        return [None] * len(raw), [None] * len(raw)
    stats.update({"key_field": column, "key_kind": mode, "matched_by_location": 0})
    label = _district_name_field(table, column) if level == "district" else None
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
                value=_text(value),
                unit="feature",
                **problem[1],
            )
        codes.append(code)
        names.append(_display_name(code, level, regions, table, label, i))
    stats["matched"] = sum(c is not None for c in codes)
    stats["unmatched"] = len(codes) - stats["matched"]
    return codes, names


def _display_name(
    code: str | None,
    level: str,
    regions: RegionIndex,
    table: pd.DataFrame,
    label: str | None,
    i: int,
) -> str | None:
    if code is None:
        return None
    if level != "district":
        return regions.name(code)
    text = _text(table[label].iloc[i]) if label else ""
    return text or code


def _district_name_field(table: pd.DataFrame, code_column: str) -> str | None:
    by_lower = {str(c).lower(): c for c in table.columns if c != code_column}
    for candidate in _NAME_FIELDS:
        column = by_lower.get(candidate)
        if column is not None and table[column].map(lambda v: isinstance(v, str)).any():
            return column
    return None


def _key_field(
    table: pd.DataFrame,
    level: str,
    regions: RegionIndex,
    code_field: str | None,
    name_field: str | None,
) -> tuple[str, str]:
    """The column to match on and whether it holds codes or names."""
    columns = ", ".join(map(str, table.columns)) or "-"
    for given, mode in ((code_field, "code"), (name_field, "name")):
        if given is not None:
            if given not in table.columns:
                raise DataError("boundaries.field_missing", field=given, columns=columns)
            return given, mode
    found = _best_column(table, _CODE_FIELDS, _CODE_SHARE, lambda v: _code_ok(v, level, regions))
    if found is not None:
        return found, "code"
    if level == "district":
        raise DataError("boundaries.district_needs_code", columns=columns)
    found = _best_column(table, _NAME_FIELDS, _NAME_SHARE, lambda v: _name_ok(v, level, regions))
    if found is not None:
        return found, "name"
    raise DataError("boundaries.no_key_field", columns=columns)


def _best_column(table: pd.DataFrame, preferred: tuple[str, ...], share: float, ok) -> str | None:
    """The column whose non-empty values most often pass ``ok``; preferred names win ties."""
    best: tuple[float, int, int] | None = None
    chosen = None
    for position, column in enumerate(table.columns):
        values = [t for t in map(_text, table[column].tolist()) if t][:_NAME_SAMPLE]
        if not values:
            continue
        score = sum(map(ok, values)) / len(values)
        rank = (score, int(str(column).lower() in preferred), -position)
        if score >= share and (best is None or rank > best):
            best, chosen = rank, column
    return chosen


def _text(value: object) -> str:
    """A cell as text: integral floats lose '.0', NaN/None become ''."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code_text(value: object) -> str:
    """A code cell without the OCHA 'ID'/'IDN' prefix ('ID3216' -> '3216')."""
    return re.sub(r"^IDN?(?=\d)", "", _text(value), flags=re.IGNORECASE)


def _level_of(code: str) -> str:
    return ("province", "regency", "district")[code.count(".")]


def _code_ok(value: str, level: str, regions: RegionIndex) -> bool:
    """Does this look like a code of ``level``? Districts: the pattern is enough."""
    if level == "district":
        return bool(_CODE_PATTERN["district"].match(_code_text(value)))
    return _resolve_code(value, level, regions)[1] is None


def _name_ok(value: str, level: str, regions: RegionIndex) -> bool:
    code, error = regions.try_resolve(value)
    if isinstance(error, AmbiguousRegion):
        return any(_level_of(c) == level for c, _ in error.candidates)
    return code is not None and _level_of(code) == level


_Issue = tuple[str, dict]  # message key and its parameters


def _resolve(
    value: object,
    mode: str,
    level: str,
    regions: RegionIndex,
    geom: shapely.Geometry,
    stats: dict,
) -> tuple[str | None, _Issue | None]:
    text = _text(value)
    if not text:
        return None, ("boundaries.key_missing", {})
    if mode == "code" or level == "district":
        return _resolve_code(text, level, regions)
    return _resolve_name(text, level, regions, geom, stats)


def _resolve_code(text: str, level: str, regions: RegionIndex) -> tuple[str | None, _Issue | None]:
    code = _code_text(text)
    if level == "district":
        if not _CODE_PATTERN["district"].match(code):
            return None, ("boundaries.bad_district_code", {"key": text})
        if code[:5] not in regions:
            return None, ("boundaries.district_unknown_regency", {"key": text, "prefix": code[:5]})
        return code, None
    if not re.fullmatch(r"\d{2}(\.\d{2})?|\d{4}", code):
        return None, ("boundaries.unknown_region", {"key": text})
    found, error = regions.try_resolve(code)
    if error is not None:
        return None, ("boundaries.unknown_region", {"key": text})
    return _level_checked(text, found, level, regions)


def _level_checked(
    text: str, code: str, level: str, regions: RegionIndex
) -> tuple[str | None, _Issue | None]:
    if _level_of(code) == level:
        return code, None
    params = {"key": text, "name": regions.name(code), "region": code}
    return None, (f"boundaries.not_{level}", params)


def _resolve_name(
    text: str, level: str, regions: RegionIndex, geom: shapely.Geometry, stats: dict
) -> tuple[str | None, _Issue | None]:
    """A name; ambiguity is settled by level, then by which candidate's point lies inside."""
    try:
        return _level_checked(text, regions.resolve(text), level, regions)
    except UnknownRegion as exc:
        if exc.suggestions:
            names = " / ".join(f"{c} {n}" for c, n in exc.suggestions)
            return None, ("boundaries.unknown_region_hint", {"key": text, "names": names})
        return None, ("boundaries.unknown_region", {"key": text})
    except AmbiguousRegion as exc:
        candidates = [c for c, _ in exc.candidates if _level_of(c) == level]
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


# --- dissolving, coverage ------------------------------------------------------------------------


def _dissolve(
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
            geometry = _polygonal(shapely.unary_union(group["geometry"].to_numpy()))
        rows.append((code, group["name"].iloc[0], geometry))
    codes_, names_, geometry_ = zip(*rows, strict=True) if rows else ((), (), ())
    return gpd.GeoDataFrame(
        {"code": list(codes_), "name": list(names_)}, geometry=list(geometry_), crs=_WGS84
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


# --- simplification for screens ------------------------------------------------------------------


def _simplify(frame: gpd.GeoDataFrame, tolerance: float) -> tuple[gpd.GeoDataFrame, dict]:
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
    out["geometry"] = gpd.GeoSeries(screen, crs=_WGS84, index=frame.index)
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
    return gpd.GeoSeries(geoms, crs=_WGS84).to_crs(EQUAL_AREA_CRS).area.to_numpy() / 1e6


# --- output for the browser ----------------------------------------------------------------------


def to_geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """Compact GeoJSON (4 decimals, id = code) with clockwise exterior rings for plotly geo."""
    oriented = shapely.orient_polygons(frame.geometry.to_numpy(), exterior_cw=True)
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "name": name},
            "geometry": _geometry_json(geom),
        }
        for code, name, geom in zip(frame["code"], frame["name"], oriented, strict=True)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _geometry_json(geom: shapely.Geometry) -> dict:
    polygons = [p for p in shapely.get_parts(geom) if not p.is_empty]
    rings = [_polygon_rings(p) for p in polygons]
    rings = [r for r in rings if r]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def _polygon_rings(polygon: shapely.Polygon) -> list:
    exterior = _ring(polygon.exterior)
    if exterior is None:
        return []
    holes = [r for r in map(_ring, polygon.interiors) if r is not None]
    return [exterior, *holes]


def _ring(ring: shapely.LinearRing) -> list | None:
    """Ring coordinates rounded to 4 decimals, without repeated points; None if it collapses."""
    coords = np.round(shapely.get_coordinates(ring), 4)
    keep = np.ones(len(coords), dtype=bool)
    keep[1:] = np.any(coords[1:] != coords[:-1], axis=1)
    coords = coords[keep]
    return coords.tolist() if len(coords) >= 4 else None


# --- optional download ---------------------------------------------------------------------------


def download_geoboundaries(*, timeout: float = 5.0, directory: Path | None = None) -> list[Path]:
    """Fetch geoBoundaries IDN ADM1 and ADM2 GeoJSON (CC BY 4.0); fails fast when offline."""
    target = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="gb-"))
    paths = []
    try:
        for adm in ("ADM1", "ADM2"):
            meta = _fetch_json(GEOBOUNDARIES_API.format(adm=adm), timeout=timeout)
            url = meta.get("gjDownloadURL")
            if not isinstance(url, str) or not url.startswith("https://"):
                raise DataError("boundaries.download_failed", url=adm, reason="no gjDownloadURL")
            path = target / f"geoBoundaries-IDN-{adm}.geojson"
            path.write_bytes(_fetch(url, timeout=timeout))
            paths.append(path)
    except DataError:
        if directory is None:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return paths


def _fetch_json(url: str, *, timeout: float) -> dict:
    try:
        meta = json.loads(_fetch(url, timeout=timeout))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError("boundaries.download_failed", url=url, reason=_short(exc)) from None
    if not isinstance(meta, dict):
        raise DataError("boundaries.download_failed", url=url, reason="not a JSON object")
    return meta


def _fetch(url: str, *, timeout: float) -> bytes:
    """One GET with a socket timeout and no retries: offline must fail in seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise DataError("boundaries.download_failed", url=url, reason=exc.code) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DataError("boundaries.offline", reason=_short(reason)) from None
