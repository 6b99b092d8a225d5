"""Local improvement of a snapped layout: moves and swaps that keep provinces in one piece."""

from __future__ import annotations

import numpy as np

_SAME_PROVINCE = 3.0  # reward per pair of side-by-side tiles of one province
_OTHER_GROUP = 4.0  # penalty per pair of side-by-side tiles of different island groups
_MOVE_RADIUS = 2
_PASSES = 20
_SIDES = ((1, 0), (-1, 0), (0, 1), (0, -1))


def improve(
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
