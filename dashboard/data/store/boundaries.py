"""Where the active boundary version keeps each level's browser-ready GeoJSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.data.districts import empty_districts, read_district_names
from dashboard.data.store.datasets import DataStore

LEVELS = ("province", "regency", "district")


def geometry_file(level: str) -> str:
    """File name of a level's browser-ready GeoJSON inside a boundary version."""
    return f"{level}.geojson"


@dataclass(frozen=True)
class Boundaries:
    """The boundary version a snapshot was taken with, and the levels it holds."""

    version: int | None = None
    files: dict[str, Path] = field(default_factory=dict)
    serial: int = 0  # the pointer's switch count (see VersionedStore.serial): orders versions

    def has(self, level: str = "regency") -> bool:
        return level in self.files

    def url(self, level: str = "regency") -> str | None:
        """The geometry URL for browsers: versioned, so it can be cached as immutable."""
        return f"/geometry/{level}.geojson?v={self.version}" if level in self.files else None


def current_boundaries(store: DataStore) -> Boundaries:
    """The active boundary version and which levels it has imported."""
    current = store.boundaries.current()
    if current.version is None:
        return Boundaries()
    folder = store.boundaries.version_dir(current.version)
    files = {level: folder / geometry_file(level) for level in LEVELS}
    return Boundaries(
        current.version,
        {k: p for k, p in files.items() if p.is_file()},
        serial=_serial(current.pointer),
    )


def _serial(pointer: dict) -> int:
    try:
        return int(pointer.get("serial", 0))
    except (TypeError, ValueError, AttributeError):
        return 0


def current_geometry(store: DataStore, level: str = "regency") -> tuple[int, Path] | None:
    """(boundary version, path of the level's GeoJSON) when that level has been imported."""
    found = current_boundaries(store)
    return (found.version, found.files[level]) if found.has(level) else None


def district_table(boundaries: Boundaries) -> pd.DataFrame:
    """District codes and names (code, name, regency_code) of a boundary version's district level;
    empty without one. Names are facts kept with the boundaries, never shipped geometry."""
    if not boundaries.has("district"):
        return empty_districts()
    return read_district_names(boundaries.files["district"])


def current_districts(store: DataStore) -> pd.DataFrame:
    """:func:`district_table` of the active boundary version (the importer's district reference)."""
    return district_table(current_boundaries(store))
