"""Where the active boundary version keeps each level's browser-ready GeoJSON."""

from __future__ import annotations

from pathlib import Path

from dashboard.data.store.datasets import DataStore

LEVELS = ("province", "regency", "district")


def geometry_file(level: str) -> str:
    """File name of a level's browser-ready GeoJSON inside a boundary version."""
    return f"{level}.geojson"


def current_geometry(store: DataStore, level: str = "regency") -> tuple[int, Path] | None:
    """(boundary version, path of the level's GeoJSON) when that level has been imported."""
    current = store.boundaries.current()
    if current.version is None:
        return None
    path = store.boundaries.version_dir(current.version) / geometry_file(level)
    return (current.version, path) if path.is_file() else None
