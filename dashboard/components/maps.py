"""Transitional, for ``pages/wall.py`` only: the map moved to :mod:`dashboard.charts.maps`.

Delete at merge once the wall imports ``dashboard.charts.maps`` and calls
``has_geometry(snap)`` with its snapshot (the only signature that changed).
"""

from __future__ import annotations

from dashboard.charts import maps as _maps
from dashboard.charts.maps import (  # noqa: F401  (re-exported for the wall)
    ALL,
    graph_config,
    readiness_figure,
    readiness_patch,
    tile_layout,
    zoom_tiles,
)


def has_geometry() -> bool:
    """Whether the current snapshot has regency boundaries (reads the request's app)."""
    from dashboard.state import snapshot

    return _maps.has_geometry(snapshot())
