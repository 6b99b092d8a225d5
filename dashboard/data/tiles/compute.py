"""Computing the tile layout (CLI ``tiles`` command only: it needs scipy).

It is the map that always works (no boundary file needed) and keeps Jakarta's small kota as
visible as Papua's big regencies. The layout is computed once from the region points in
``data/regions.csv`` and shipped as ``data/tile_layout.csv``; recomputing gives the same file.

How (all deterministic):
1. Project the points (equirectangular, km) and widen dense longitudes with a rank-based warp.
2. Relax them with a small force model: points closer than one cell repel (two cells between
   island groups, the first digit of the province code, so the seas stay visible; the radius
   grows during the run so dense clusters open up in order), points of one island group are
   tied to their geographic neighbours, and each point is held within about a row of its
   latitude, so Java grows sideways into a band instead of up into Kalimantan.
3. Snap to the grid with an optimal assignment (scipy ``linear_sum_assignment``), improve with
   local moves that keep provinces together and island groups apart, then reattach stray tiles
   to the main piece of their province where a swap allows it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.spatial import Delaunay, QhullError, cKDTree

from dashboard.data.regions import REGIONS_FILE, load_regions
from dashboard.data.tiles.improve import improve
from dashboard.data.tiles.layout import COLUMNS, TILE_LAYOUT_FILE
from dashboard.data.tiles.points import displacement, project, regencies

# Tuning, chosen by looking at the result (see the module docstring).
_START_WIDTH = 40.0  # cells across before relaxation
_RANK_BLEND = 0.7  # share of the rank-based x warp in the starting positions
_SPRING_MAX_KM = 400.0  # neighbours further apart than this are not tied together
_SPRING = 0.05
_GROUP_GAP = 2.0  # minimum distance (cells) between points of different island groups
_LAT_BAND = 1.0  # cells a point may drift from its latitude before being pulled back
_LAT_PULL = 0.2
_ITERATIONS = 1000
_INFLATE_FROM = 0.7  # repulsion radius grows from this share of a cell, so dense clusters
_INFLATE_SHARE = 0.5  # spread out in order, reaching a full cell after this share of iterations
_SLACK = 1.2  # candidate cells per region for the assignment


def compute_tile_layout(regions: pd.DataFrame, *, columns: int | None = None) -> pd.DataFrame:
    """One cell per kab/kota: code, col, row (row 0 at the north), province_code, displacement_km.

    ``columns`` sets the approximate grid width; by default it follows from the point density.
    """
    points = regencies(regions)
    if points.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    groups = points["province_code"].str[0].to_numpy()
    xy = _relax(project(points), groups)
    cells = _snap(_scaled(xy, columns), points["province_code"].to_numpy(), groups)
    cells = cells - cells.min(axis=0)
    layout = pd.DataFrame(
        {
            "code": points["code"].to_numpy(),
            "col": cells[:, 0].astype(int),
            "row": cells[:, 1].astype(int),
            "province_code": points["province_code"].to_numpy(),
        }
    )
    layout["displacement_km"] = np.round(displacement(layout, points)[0], 1)
    return layout


def _relax(km: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Spread dense areas and close sparse ones until points sit about one cell apart."""
    if len(km) < 2:
        return np.zeros_like(km)
    start = km.copy()
    ranks = np.argsort(np.argsort(km[:, 0], kind="stable"), kind="stable")
    rank_x = ranks / (len(km) - 1) * np.ptp(km[:, 0])
    start[:, 0] = _RANK_BLEND * rank_x + (1 - _RANK_BLEND) * km[:, 0]
    width = np.ptp(start[:, 0]) or 1.0
    home = start * ((_START_WIDTH - 1) / width)
    edges = _springs(km, groups)
    pos = home.copy()
    for iteration in range(_ITERATIONS):
        inflate = min(1.0, _INFLATE_FROM + iteration / (_INFLATE_SHARE * _ITERATIONS))
        step = _repulsion(pos, groups, inflate) + _attraction(pos, edges)
        drift = pos[:, 1] - home[:, 1]
        step[:, 1] -= _LAT_PULL * np.sign(drift) * np.maximum(np.abs(drift) - _LAT_BAND, 0)
        pos += step
    return pos


def _springs(km: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Delaunay neighbours within one island group and closer than _SPRING_MAX_KM."""
    try:
        simplices = Delaunay(km).simplices
    except (QhullError, ValueError):
        return np.zeros((0, 2), dtype=int)
    pairs = np.vstack([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]])
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    length = np.linalg.norm(km[pairs[:, 0]] - km[pairs[:, 1]], axis=1)
    keep = (length < _SPRING_MAX_KM) & (groups[pairs[:, 0]] == groups[pairs[:, 1]])
    return pairs[keep]


def _repulsion(pos: np.ndarray, groups: np.ndarray, inflate: float) -> np.ndarray:
    """Push apart points closer than ``inflate`` cells (``inflate`` * gap across groups)."""
    step = np.zeros_like(pos)
    pairs = cKDTree(pos).query_pairs(_GROUP_GAP * inflate, output_type="ndarray")
    if not len(pairs):
        return step
    same = groups[pairs[:, 0]] == groups[pairs[:, 1]]
    limit = np.where(same, 1.0, _GROUP_GAP) * inflate
    delta = pos[pairs[:, 1]] - pos[pairs[:, 0]]
    dist = np.maximum(np.linalg.norm(delta, axis=1), 1e-6)
    close = dist < limit
    push = ((limit - dist) / (4 * dist))[:, None] * delta
    np.add.at(step, pairs[close, 1], push[close])
    np.add.at(step, pairs[close, 0], -push[close])
    return step


def _attraction(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    step = np.zeros_like(pos)
    if not len(edges):
        return step
    delta = pos[edges[:, 1]] - pos[edges[:, 0]]
    dist = np.maximum(np.linalg.norm(delta, axis=1), 1e-6)
    pull = (_SPRING * np.maximum(dist - 1.0, 0) / dist)[:, None] * delta
    np.add.at(step, edges[:, 0], pull)
    np.add.at(step, edges[:, 1], -pull)
    return step


def _scaled(pos: np.ndarray, columns: int | None) -> np.ndarray:
    """Positions in cell units: typical neighbour distance 1, or ``columns`` wide."""
    pos = pos - pos.min(axis=0)
    if len(pos) < 2:
        return pos
    if columns is not None:
        return pos * ((max(columns, 2) - 1) / (np.ptp(pos[:, 0]) or 1.0))
    nearest = cKDTree(pos).query(pos, k=2)[0][:, 1]
    return pos / (np.median(nearest) or 1.0)


def _snap(pos: np.ndarray, provinces: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Integer cells: optimal assignment to nearby cells, then local improvement."""
    width, height = np.ceil(pos.max(axis=0)).astype(int) + 2
    cols, rows = np.meshgrid(np.arange(-2, width + 1), np.arange(-2, height + 1))
    grid = np.column_stack([cols.ravel(), rows.ravel()])
    nearest = cKDTree(pos).query(grid)[0]
    count = min(len(grid) - 1, int(_SLACK * len(pos)))
    candidates = grid[nearest <= np.sort(nearest)[count]]
    cost = ((pos[:, None, :] - candidates[None, :, :]) ** 2).sum(axis=2)
    _, chosen = linear_sum_assignment(cost)
    return improve(pos, candidates[chosen], provinces, groups)


def write_tile_layout(
    path: Path | str = TILE_LAYOUT_FILE, *, regions_path: Path | str = REGIONS_FILE
) -> Path:
    """Recompute the layout from the region list and write it (run after regions.csv changes)."""
    layout = compute_tile_layout(load_regions(regions_path))
    path = Path(path)
    layout.to_csv(path, index=False, columns=list(COLUMNS), lineterminator="\n")
    return path
