"""The tile map: one equal square per kabupaten/kota, laid out so the grid still reads as Indonesia.

The runtime only reads the shipped layout (:mod:`.layout`, pandas only). Computing and measuring
a layout (:mod:`.compute`, :mod:`.metrics`) needs scipy and is only done by the CLI ``tiles``
command and the benchmarks, so those names are imported on first use, never by a web worker.
"""

from __future__ import annotations

import importlib

from dashboard.data.tiles.layout import COLUMNS, TILE_LAYOUT_FILE, load_tile_layout

__all__ = [
    "COLUMNS",
    "TILE_LAYOUT_FILE",
    "compute_tile_layout",
    "load_tile_layout",
    "tile_layout_metrics",
    "write_tile_layout",
]
_LAZY = {
    "compute_tile_layout": "dashboard.data.tiles.compute",
    "write_tile_layout": "dashboard.data.tiles.compute",
    "tile_layout_metrics": "dashboard.data.tiles.metrics",
}


def __getattr__(name: str) -> object:
    """The scipy-backed names, imported only when asked for."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
