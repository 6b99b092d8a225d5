"""How faithful a tile layout is: displacement, kept neighbours, province contiguity, shape."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import ndimage
from scipy.spatial import cKDTree

from dashboard.data.tiles.points import displacement, project, regencies


def tile_layout_metrics(layout: pd.DataFrame, regions: pd.DataFrame) -> dict:
    """How faithful a layout is: displacement, kept neighbours, province contiguity, shape."""
    points = regencies(regions)
    km, cells = displacement(layout, points)
    width, height = int(layout["col"].max()) + 1, int(layout["row"].max()) + 1
    return {
        "tiles": len(layout),
        "columns": width,
        "rows": height,
        "aspect": round(width / height, 2),
        "fill": round(len(layout) / (width * height), 3),
        "displacement_km_mean": round(float(km.mean()), 1),
        "displacement_km_max": round(float(km.max()), 1),
        "displacement_cells_mean": _rounded(cells, np.mean, 2),
        "displacement_cells_max": _rounded(cells, np.max, 2),
        "neighbour_kept_share": round(_neighbour_share(layout, points), 3),
        **_contiguity(layout),
    }


def _rounded(values: np.ndarray, how, digits: int) -> float | None:
    """``how`` of the finite values, rounded; None when there are none (a one-row grid)."""
    finite = values[np.isfinite(values)]
    return round(float(how(finite)), digits) if len(finite) else None


def _neighbour_share(layout: pd.DataFrame, points: pd.DataFrame, *, k: int = 3) -> float:
    """Share of regions with one of their k nearest real neighbours among their 8 tile neighbours."""
    merged = layout.merge(points[["code", "lon", "lat"]], on="code")
    if len(merged) <= k:
        return 1.0
    _, nearest = cKDTree(project(merged)).query(project(merged), k=k + 1)
    occupant = {
        (c, r): i for i, (c, r) in enumerate(zip(merged["col"], merged["row"], strict=True))
    }
    kept = 0
    for i, (col, row) in enumerate(zip(merged["col"], merged["row"], strict=True)):
        around = {
            occupant[(col + dc, row + dr)]
            for dc in (-1, 0, 1)
            for dr in (-1, 0, 1)
            if (dc or dr) and (col + dc, row + dr) in occupant
        }
        kept += bool(around & set(nearest[i, 1:].tolist()))
    return kept / len(merged)


def _contiguity(layout: pd.DataFrame) -> dict:
    """Share of provinces whose tiles form one piece (side-by-side, and also corner-to-corner)."""
    shape = (int(layout["row"].max()) + 3, int(layout["col"].max()) + 3)
    whole4 = whole8 = 0
    split = []
    for province, tiles in layout.groupby("province_code"):
        grid = np.zeros(shape, dtype=bool)
        grid[tiles["row"].to_numpy() + 1, tiles["col"].to_numpy() + 1] = True
        pieces4 = ndimage.label(grid)[1]
        whole4 += pieces4 == 1
        whole8 += ndimage.label(grid, structure=np.ones((3, 3)))[1] == 1
        if pieces4 > 1:
            split.append(str(province))
    total = layout["province_code"].nunique()
    return {
        "provinces_contiguous_4": round(whole4 / total, 3),
        "provinces_contiguous_8": round(whole8 / total, 3),
        "provinces_split": split,
    }
