"""Boundary import: read a GIS file, repair it, match it to region codes, simplify it for screens.

Users bring whatever they have (GeoJSON, Shapefile or a zipped one, GeoPackage; any CRS; codes or
names), so everything wrong is reported per feature and nothing half-matched is kept: every
unmatched feature is an error; regions the file does not cover are only a warning, so a single
province is a valid file. Screen geometry is simplified, but no region may lose more than
``MAX_AREA_CHANGE`` of its area: small island regions (Kepulauan Seribu) keep their islets.

Steps, one module each: :mod:`.reading` (formats, layers, CRS), :mod:`.repair`, :mod:`.fields`
(which column holds the key) and :mod:`.matching` (keys to region codes), :mod:`.simplify`,
:mod:`.geojson` (what the browser gets), :mod:`.download` (geoBoundaries); :mod:`.process` runs them.
"""

from __future__ import annotations

from dashboard.data.imports.geometry.download import (
    GEOBOUNDARIES_API,
    GEOBOUNDARIES_ATTRIBUTION,
    download_geoboundaries,
)
from dashboard.data.imports.geometry.geojson import to_geojson_bytes
from dashboard.data.imports.geometry.process import (
    LEVELS,
    MISSING_LISTED,
    BoundaryResult,
    process_boundaries,
)
from dashboard.data.imports.geometry.reading import SUPPORTED_SUFFIXES
from dashboard.data.imports.geometry.repair import repair_geometry
from dashboard.data.imports.geometry.simplify import EQUAL_AREA_CRS, MAX_AREA_CHANGE, PRECISION

__all__ = [
    "EQUAL_AREA_CRS",
    "GEOBOUNDARIES_API",
    "GEOBOUNDARIES_ATTRIBUTION",
    "LEVELS",
    "MAX_AREA_CHANGE",
    "MISSING_LISTED",
    "PRECISION",
    "SUPPORTED_SUFFIXES",
    "BoundaryResult",
    "download_geoboundaries",
    "process_boundaries",
    "repair_geometry",
    "to_geojson_bytes",
]
