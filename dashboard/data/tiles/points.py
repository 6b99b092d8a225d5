"""Region points in kilometres and how far a tile sits from its real place (numpy only)."""

from __future__ import annotations

import numpy as np
import pandas as pd

KM_PER_DEGREE = 111.32
EARTH_RADIUS_KM = 6371.0
REFERENCE_LAT = -2.5  # middle of Indonesia, for the cos(lat) scaling of longitudes


def regencies(regions: pd.DataFrame) -> pd.DataFrame:
    frame = regions[regions["type"] != "provinsi"] if "type" in regions else regions
    frame = frame[["code", "province_code", "lat", "lon"]].astype({"code": str})
    frame = frame.astype({"province_code": str, "lat": float, "lon": float})
    return frame.sort_values("code").reset_index(drop=True)


def project(points: pd.DataFrame) -> np.ndarray:
    """Kilometres east and south of the north-west corner (rows grow southwards)."""
    lon, lat = points["lon"].to_numpy(), points["lat"].to_numpy()
    x = (lon - lon.min()) * KM_PER_DEGREE * np.cos(np.radians(REFERENCE_LAT))
    y = (lat.max() - lat) * KM_PER_DEGREE
    return np.column_stack([x, y])


def displacement(layout: pd.DataFrame, points: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Distance of each tile from its real point, in km and in cells.

    The grid is georeferenced with the least-squares affine map from (col, row) to (lon, lat);
    km is the distance from the real point to where that map puts the tile, cells the distance
    from the tile to where the inverse map puts the real point.
    """
    merged = layout[["code", "col", "row"]].merge(points[["code", "lon", "lat"]], on="code")
    design = np.column_stack([merged["col"], merged["row"], np.ones(len(merged))])
    lonlat = merged[["lon", "lat"]].to_numpy(dtype=float)
    if len(merged) < 3:
        return np.zeros(len(merged)), np.zeros(len(merged))
    coef, *_ = np.linalg.lstsq(design, lonlat, rcond=None)
    fitted = design @ coef
    km = haversine_km(lonlat, fitted)
    try:
        real_cells = np.linalg.solve(coef[:2].T, (lonlat - coef[2]).T).T
    except np.linalg.LinAlgError:
        return km, np.full(len(merged), np.nan)
    cells = np.hypot(real_cells[:, 0] - merged["col"], real_cells[:, 1] - merged["row"])
    return km, cells.to_numpy()


def haversine_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lon1, lat1, lon2, lat2 = map(np.radians, (a[:, 0], a[:, 1], b[:, 0], b[:, 1]))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
