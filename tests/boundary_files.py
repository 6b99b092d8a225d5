"""Synthetic boundary files for tests: small squares around the regions' points."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from dashboard.data.regions import RegionIndex

HALF = 0.03  # degrees: squares this far around each region's point do not overlap


def squares(regions: RegionIndex, codes: list[str], *, half: float = HALF) -> gpd.GeoDataFrame:
    points = regions.regions.set_index("code")
    geometry = [
        box(
            points.loc[c, "lon"] - half,
            points.loc[c, "lat"] - half,
            points.loc[c, "lon"] + half,
            points.loc[c, "lat"] + half,
        )
        for c in codes
    ]
    return gpd.GeoDataFrame({"code": codes}, geometry=geometry, crs="EPSG:4326")


def squares_file(regions: RegionIndex, codes: list[str], path: Path) -> Path:
    """A GeoJSON file of regency squares, as an operator would import."""
    squares(regions, codes).to_file(path)
    return path
