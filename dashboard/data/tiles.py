"""The tile map: one equal square per kabupaten/kota, laid out so the grid still reads as Indonesia.

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
from scipy import ndimage
from scipy.optimize import linear_sum_assignment
from scipy.spatial import Delaunay, QhullError, cKDTree

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.errors import DataError
from dashboard.data.regions import REGIONS_FILE, load_regions

TILE_LAYOUT_FILE = SHIPPED_DATA_DIR / "tile_layout.csv"
COLUMNS = ("code", "col", "row", "province_code", "displacement_km")
KM_PER_DEGREE = 111.32
EARTH_RADIUS_KM = 6371.0
REFERENCE_LAT = -2.5  # middle of Indonesia, for the cos(lat) scaling of longitudes

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
_SAME_PROVINCE = 3.0  # reward per pair of side-by-side tiles of one province
_OTHER_GROUP = 4.0  # penalty per pair of side-by-side tiles of different island groups
_MOVE_RADIUS = 2
_PASSES = 20
_SIDES = ((1, 0), (-1, 0), (0, 1), (0, -1))


def compute_tile_layout(regions: pd.DataFrame, *, columns: int | None = None) -> pd.DataFrame:
    """One cell per kab/kota: code, col, row (row 0 at the north), province_code, displacement_km.

    ``columns`` sets the approximate grid width; by default it follows from the point density.
    """
    points = _regencies(regions)
    if points.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    groups = points["province_code"].str[0].to_numpy()
    xy = _relax(_project(points), groups)
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
    layout["displacement_km"] = np.round(_displacement(layout, points)[0], 1)
    return layout


def _regencies(regions: pd.DataFrame) -> pd.DataFrame:
    frame = regions[regions["type"] != "provinsi"] if "type" in regions else regions
    frame = frame[["code", "province_code", "lat", "lon"]].astype({"code": str})
    frame = frame.astype({"province_code": str, "lat": float, "lon": float})
    return frame.sort_values("code").reset_index(drop=True)


def _project(points: pd.DataFrame) -> np.ndarray:
    """Kilometres east and south of the north-west corner (rows grow southwards)."""
    lon, lat = points["lon"].to_numpy(), points["lat"].to_numpy()
    x = (lon - lon.min()) * KM_PER_DEGREE * np.cos(np.radians(REFERENCE_LAT))
    y = (lat.max() - lat) * KM_PER_DEGREE
    return np.column_stack([x, y])


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
    return _improve(pos, candidates[chosen], provinces, groups)


def _improve(
    pos: np.ndarray, cells: np.ndarray, provinces: np.ndarray, groups: np.ndarray
) -> np.ndarray:
    """Greedy moves and swaps that lower displacement and keep provinces in one piece."""
    where = [tuple(int(v) for v in cell) for cell in cells]
    occupant = {cell: i for i, cell in enumerate(where)}
    offsets = [
        (dc, dr)
        for dc in range(-_MOVE_RADIUS, _MOVE_RADIUS + 1)
        for dr in range(-_MOVE_RADIUS, _MOVE_RADIUS + 1)
        if (dc or dr) and dc * dc + dr * dr <= _MOVE_RADIUS * _MOVE_RADIUS
    ]
    context = (pos, provinces, groups, occupant)
    for _ in range(_PASSES):
        moved = 0
        for i in range(len(pos)):
            target = _best_move(i, where[i], offsets, context)
            if target is not None:
                _apply(i, where[i], target, where, occupant)
                moved += 1
        if not moved:
            break
    _join_provinces(pos, where, occupant, provinces)
    return np.array(where)


def _join_provinces(pos: np.ndarray, where: list, occupant: dict, provinces: np.ndarray) -> None:
    """Reattach stray tiles to the main piece of their province where a swap allows it."""
    members = {p: [i for i in range(len(pos)) if provinces[i] == p] for p in sorted(set(provinces))}
    for province in members:
        for _ in range(len(members[province])):
            pieces = _pieces([where[i] for i in members[province]])
            if len(pieces) < 2 or not _reattach(province, pieces, pos, where, occupant, members):
                break


def _reattach(
    province: str, pieces: list, pos: np.ndarray, where: list, occupant: dict, members: dict
) -> bool:
    """Move the cheapest tile of a smaller piece next to the main piece, splitting no other."""
    main = pieces[0]
    border = sorted({(c + dc, r + dr) for c, r in main for dc, dr in _SIDES} - main)
    provinces = {i: p for p, tiles in members.items() for i in tiles}
    best = None
    for piece in pieces[1:]:
        for here in sorted(piece):
            i = occupant[here]
            for there in border:
                other = occupant.get(there, -1)
                cost = _shift_cost(pos, i, other, here, there)
                if best is not None and cost >= best[0]:
                    continue
                if _keeps_pieces(i, other, here, there, where, occupant, members, provinces):
                    best = (cost, i, here, there)
    if best is None:
        return False
    _apply(best[1], best[2], best[3], where, occupant)
    return True


def _shift_cost(pos: np.ndarray, i: int, other: int, here: tuple, there: tuple) -> float:
    def sq(k: int, cell: tuple) -> float:
        return (pos[k, 0] - cell[0]) ** 2 + (pos[k, 1] - cell[1]) ** 2

    cost = sq(i, there) - sq(i, here)
    return cost + (sq(other, here) - sq(other, there) if other >= 0 else 0.0)


def _keeps_pieces(
    i: int,
    other: int,
    here: tuple,
    there: tuple,
    where: list,
    occupant: dict,
    members: dict,
    provinces: dict,
) -> bool:
    """True if the swap joins i's province up more and leaves the other's no more split."""
    touched = [provinces[i]] + ([provinces[other]] if other >= 0 else [])
    before = [_split_measure([where[k] for k in members[p]]) for p in touched]
    _apply(i, here, there, where, occupant)
    after = [_split_measure([where[k] for k in members[p]]) for p in touched]
    _apply(i, there, here, where, occupant)
    return after[0] < before[0] and (len(after) == 1 or after[1][0] <= before[1][0])


def _split_measure(cells: list) -> tuple[int, int]:
    """(pieces, -size of the main piece): smaller is more joined up."""
    pieces = _pieces(cells)
    return len(pieces), -len(pieces[0])


def _pieces(cells: list) -> list[set]:
    """Side-by-side connected groups of cells, largest first (ties: by smallest cell)."""
    left = set(cells)
    pieces = []
    while left:
        start = min(left)
        piece, frontier = {start}, [start]
        left.discard(start)
        while frontier:
            c, r = frontier.pop()
            for dc, dr in _SIDES:
                nxt = (c + dc, r + dr)
                if nxt in left:
                    left.discard(nxt)
                    piece.add(nxt)
                    frontier.append(nxt)
        pieces.append(piece)
    return sorted(pieces, key=lambda p: (-len(p), min(p)))


def _best_move(i: int, here: tuple, offsets: list, context: tuple) -> tuple | None:
    occupant = context[3]
    best, target = -1e-9, None
    for dc, dr in offsets:
        there = (here[0] + dc, here[1] + dr)
        other = occupant.get(there, -1)
        before = _energy(i, here, context) + (_energy(other, there, context) if other >= 0 else 0)
        _swap(i, other, here, there, occupant)
        after = _energy(i, there, context) + (_energy(other, here, context) if other >= 0 else 0)
        _swap(i, other, there, here, occupant)
        if after - before < best:
            best, target = after - before, there
    return target


def _swap(i: int, other: int, here: tuple, there: tuple, occupant: dict) -> None:
    """Move ``i`` from ``here`` to ``there`` and ``other`` (or nobody, -1) the other way."""
    occupant[there] = i
    if other >= 0:
        occupant[here] = other
    else:
        del occupant[here]


def _apply(i: int, here: tuple, there: tuple, where: list, occupant: dict) -> None:
    other = occupant.get(there, -1)
    _swap(i, other, here, there, occupant)
    where[i] = there
    if other >= 0:
        where[other] = here


def _energy(i: int, cell: tuple, context: tuple) -> float:
    """Squared displacement of tile ``i`` at ``cell`` plus its side-by-side neighbour terms."""
    pos, provinces, groups, occupant = context
    energy = (pos[i, 0] - cell[0]) ** 2 + (pos[i, 1] - cell[1]) ** 2
    for dc, dr in _SIDES:
        j = occupant.get((cell[0] + dc, cell[1] + dr), -1)
        if j < 0 or j == i:
            continue
        if provinces[j] == provinces[i]:
            energy -= _SAME_PROVINCE
        if groups[j] != groups[i]:
            energy += _OTHER_GROUP
    return energy


# --- measuring a layout --------------------------------------------------------------------------


def _displacement(layout: pd.DataFrame, points: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
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
    km = _haversine_km(lonlat, fitted)
    try:
        real_cells = np.linalg.solve(coef[:2].T, (lonlat - coef[2]).T).T
    except np.linalg.LinAlgError:
        return km, np.full(len(merged), np.nan)
    cells = np.hypot(real_cells[:, 0] - merged["col"], real_cells[:, 1] - merged["row"])
    return km, cells.to_numpy()


def _haversine_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lon1, lat1, lon2, lat2 = map(np.radians, (a[:, 0], a[:, 1], b[:, 0], b[:, 1]))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def tile_layout_metrics(layout: pd.DataFrame, regions: pd.DataFrame) -> dict:
    """How faithful a layout is: displacement, kept neighbours, province contiguity, shape."""
    points = _regencies(regions)
    km, cells = _displacement(layout, points)
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
    _, nearest = cKDTree(_project(merged)).query(_project(merged), k=k + 1)
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


# --- the shipped file ----------------------------------------------------------------------------


def load_tile_layout(path: Path | str = TILE_LAYOUT_FILE) -> pd.DataFrame:
    """The shipped layout, checked: every code once, no two tiles in one cell."""
    frame = pd.read_csv(path, dtype={"code": str, "province_code": str})
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataError("tiles.missing_columns", file=str(path), columns=", ".join(missing))
    frame = frame[list(COLUMNS)].astype({"col": int, "row": int, "displacement_km": float})
    codes = frame.loc[frame["code"].duplicated(), "code"].tolist()
    if codes:
        raise DataError("tiles.duplicate", file=str(path), what="code", values=", ".join(codes))
    cells = frame[frame.duplicated(["col", "row"])]
    if len(cells):
        listed = ", ".join(f"({c}, {r})" for c, r in zip(cells["col"], cells["row"], strict=True))
        raise DataError("tiles.duplicate", file=str(path), what="col,row", values=listed)
    return frame


def write_tile_layout(
    path: Path | str = TILE_LAYOUT_FILE, *, regions_path: Path | str = REGIONS_FILE
) -> Path:
    """Recompute the layout from the region list and write it (run after regions.csv changes)."""
    layout = compute_tile_layout(load_regions(regions_path))
    path = Path(path)
    layout.to_csv(path, index=False, columns=list(COLUMNS), lineterminator="\n")
    return path
