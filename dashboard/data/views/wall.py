"""Wall playlists and the numbers the command-center scenes show (pure; no Dash)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.store.repository import Snapshot

SCENES = (
    "peta",
    "profil",
    "target",
    "kecamatan",
    "peringkat",
    "program",
    "sorotan",
    "pergerakan",
    "data",
)
# "kecamatan" and "target" play by default: the rotation skips them on a wall whose region has no
# district data or no targets
DEFAULT_SCENES = (
    "peta",
    "profil",
    "target",
    "kecamatan",
    "peringkat",
    "pergerakan",
    "sorotan",
    "program",
    "data",
)
MIN_INTERVAL, MAX_INTERVAL, DEFAULT_INTERVAL = 5, 600, 30


@dataclass(frozen=True)
class WallConfig:
    """What one wall shows: scenes in order, seconds per scene, the region called out, language."""

    scenes: tuple[str, ...]
    interval: int
    region: str
    lang: str
    notes: tuple[str, ...] = ()  # what was ignored in the URL or playlist, for the operator


Position = dict[str, list[int]]


def position(snap: Snapshot) -> Position:
    """Where a snapshot stands, per store: ``[pointer serial, version]``, compared in that order.

    The serial counts pointer switches (a rollback is a step forward too), the version breaks ties
    for pointers written before serials. A wall compares what it shows with what a host answers
    (:func:`compare`) and only ever moves forward: behind a round-robin balancer, a host that has
    not seen the newest version yet must not take a wall back.
    """
    return {
        "dataset": [snap.dataset_serial, snap.version or 0],
        "boundaries": [snap.boundaries.serial, snap.boundary_version or 0],
    }


def compare(answer: object, shown: object) -> int:
    """1 when ``answer`` is ahead of ``shown`` (no store behind, one ahead), -1 when any store is
    behind (or the answer is not a position), 0 when they are the same."""
    try:
        pairs = [(list(answer[k]), list(shown[k])) for k in ("dataset", "boundaries")]  # type: ignore[index]
    except (KeyError, TypeError):
        return -1
    if any(a < s for a, s in pairs):
        return -1
    return 1 if any(a > s for a, s in pairs) else 0


def load_playlists(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        return dict(tomllib.loads(path.read_text(encoding="utf-8")).get("playlists", {}))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError("wall.playlist_file", file=str(path), detail=str(exc)) from None


def wall_config(
    query: dict[str, object], *, playlists: dict[str, dict], home: str, lang: str, valid_region
) -> WallConfig:
    """The URL wins over the named playlist, which wins over the defaults; bad values are noted."""
    notes: list[str] = []
    base = dict(playlists.get(str(query.get("playlist") or "default"), {}))
    if query.get("playlist") and str(query["playlist"]) not in playlists:
        notes.append(f"playlist {query['playlist']!r} unknown")
    raw_scenes = query.get("scenes") or base.get("scenes") or DEFAULT_SCENES
    if isinstance(raw_scenes, str):
        raw_scenes = raw_scenes.split(",")
    scenes = tuple(s.strip() for s in raw_scenes if s.strip() in SCENES)
    unknown = [s for s in raw_scenes if s.strip() and s.strip() not in SCENES]
    if unknown:
        notes.append(f"unknown scenes ignored: {', '.join(unknown)}")
    if not scenes:
        scenes = DEFAULT_SCENES
    try:
        interval = int(float(query.get("interval") or base.get("interval") or DEFAULT_INTERVAL))
    except (TypeError, ValueError):
        notes.append(f"interval {query.get('interval')!r} is not a number")
        interval = DEFAULT_INTERVAL
    clamped = min(max(interval, MIN_INTERVAL), MAX_INTERVAL)
    if clamped != interval:
        notes.append(f"interval limited to {MIN_INTERVAL}-{MAX_INTERVAL} s")
    region = str(query.get("region") or base.get("region") or home)
    resolved = valid_region(region)
    if resolved is None:
        notes.append(f"region {region!r} unknown")
        resolved = home
    return WallConfig(scenes, clamped, resolved, wall_lang(query, base, lang), tuple(notes))


def wall_lang(query: dict[str, object], playlist: dict, lang: str) -> str:
    """The wall's language: the URL's, else the playlist's, else the default ``lang``."""
    chosen = str(query.get("lang") or playlist.get("lang") or lang)
    return chosen if chosen in ("id", "en") else "id"


def movers(snap: Snapshot, period: int, *, n: int = 8) -> pd.DataFrame:
    """The kab/kota whose composite rose or fell most since the previous year."""
    table = snap.scores
    rows = table[(table["period"] == period) & table["change"].notna()]
    up = rows.nlargest(n, "change")
    down = rows.nsmallest(n, "change")
    out = pd.concat([up, down.iloc[::-1]])
    return out[["region_code", "name", "province_code", "composite", "change"]].reset_index(
        drop=True
    )


def spotlight_indicators(snap: Snapshot) -> list[str]:
    """Scored indicators in framework order that have values in the latest year they cover."""
    return [i.id for i in snap.framework.scored_indicators if i.id in snap.data_as_of]
