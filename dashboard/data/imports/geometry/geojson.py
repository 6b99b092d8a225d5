"""The GeoJSON the browser gets: rounded, clockwise rings (what Plotly expects)."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely


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
