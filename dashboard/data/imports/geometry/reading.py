"""Reading GIS files: GeoJSON, Shapefile (zipped or not), GeoPackage; any CRS to WGS84."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError, ProjError

from dashboard.data.errors import DataError, Report
from dashboard.data.imports.geometry.repair import POLYGONAL

SUPPORTED_SUFFIXES = (".geojson", ".json", ".shp", ".zip", ".gpkg")
WGS84 = CRS.from_epsg(4326)


def read_boundaries(path: Path, *, layer: str | None, limits=None) -> gpd.GeoDataFrame:
    """The file's features as a GeoDataFrame, or a file-level DataError.

    A zip is judged by what it inflates to before GDAL opens it, and the feature count
    (``limits.max_features``) is read from the layer's header before any geometry.
    """
    from dashboard.data.imports.guard import check_archive
    from dashboard.data.imports.tables.contract import ImportLimits

    limits = limits or ImportLimits()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DataError("boundaries.unsupported_format", ext=suffix or path.name)
    if not path.is_file():
        raise DataError("boundaries.unreadable", detail="file not found / berkas tidak ada")
    if path.stat().st_size == 0:
        raise DataError("boundaries.empty")
    if suffix == ".zip":
        try:
            check_archive(path, name=path.name, limits=limits, xml=False)
        except DataError as exc:
            if exc.code != "guard.bad_zip":
                raise
            raise DataError("boundaries.unreadable", detail=exc.params["detail"]) from None
    source = _zip_member(path) if suffix == ".zip" else str(path)
    layer = _layer(source, layer)
    _check_features(source, layer, limits.max_features)
    try:
        frame = gpd.read_file(source, layer=layer, engine="pyogrio", use_arrow=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise DataError("boundaries.unreadable", detail=short_error(exc)) from None
    except (ValueError, RuntimeError, pyogrio.errors.FieldError) as exc:
        raise DataError("boundaries.unreadable", detail=short_error(exc)) from None
    if len(frame) == 0:
        raise DataError("boundaries.empty")
    return frame.reset_index(drop=True)


def _zip_member(path: Path) -> str:
    """GDAL's /vsizip/ path to the map inside a ZIP: a .shp first, else a .gpkg or GeoJSON."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if not n.startswith(("__MACOSX", "."))]
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError("boundaries.unreadable", detail=short_error(exc)) from None
    for suffix in (".shp", ".gpkg", ".geojson", ".json"):
        found = sorted(n for n in members if n.lower().endswith(suffix))
        if found:
            return f"/vsizip/{path.resolve()}/{found[0]}"
    raise DataError("boundaries.zip_without_map")


def _check_features(source: str, layer: str, limit: int) -> None:
    try:
        count = int(pyogrio.read_info(source, layer=layer).get("features", 0))
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise DataError("boundaries.unreadable", detail=short_error(exc)) from None
    if count > limit:
        raise DataError("guard.too_many_features", features=f"{count:,}", limit=f"{limit:,}")


def _layer(source: str, layer: str | None) -> str:
    """The named layer if the file has it, else the first one (GeoPackages may hold several)."""
    try:
        layers = [str(name) for name in pyogrio.list_layers(source)[:, 0]]
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise DataError("boundaries.unreadable", detail=short_error(exc)) from None
    if not layers:
        raise DataError("boundaries.empty")
    if layer is None:
        return layers[0]
    if layer not in layers:
        raise DataError("boundaries.layer_missing", layer=layer, layers=", ".join(layers))
    return layer


def short_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def check_polygons_exist(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    kinds = frame.geometry.geom_type.dropna()
    if not kinds.isin(POLYGONAL | {"GeometryCollection"}).any():
        found = ", ".join(sorted(set(kinds))) or "-"
        raise DataError("boundaries.no_polygons", kinds=found)
    return frame


def to_wgs84(frame: gpd.GeoDataFrame, report: Report) -> gpd.GeoDataFrame:
    """Reproject to WGS84; a file without CRS is accepted only if it is plainly lon/lat."""
    if frame.crs is None:
        if not _lonlat(frame.total_bounds):
            raise DataError("boundaries.no_crs")
        report.add("boundaries.assumed_wgs84", severity="warning", unit="feature")
        return frame.set_crs(WGS84)
    if not frame.crs.equals(WGS84, ignore_axis_order=True):
        try:
            frame = frame.to_crs(WGS84)
        except (CRSError, ProjError, ValueError) as exc:
            raise DataError("boundaries.bad_crs", detail=short_error(exc)) from None
    else:
        frame = frame.set_crs(WGS84, allow_override=True)
    bounds = frame.total_bounds
    if not _lonlat(bounds):
        raise DataError("boundaries.out_of_range", bounds=", ".join(f"{v:.6g}" for v in bounds))
    return frame


def _lonlat(bounds: np.ndarray) -> bool:
    west, south, east, north = bounds
    if np.isnan(bounds).any():
        return True
    return -180 <= west <= east <= 180 and -90 <= south <= north <= 90
