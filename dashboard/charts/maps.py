"""The readiness map: tile map (always) or geographic map (after a boundary import).

Builds the full figure once per page view and, on filter changes, a values-only ``Patch`` (SPEC P1):
the geometry never travels again. The geographic map's GeoJSON is not inside the figure at all: the
trace points at ``snap.boundaries.url("regency")`` (``/geometry/regency.geojson?v=<version>``), which
plotly.js fetches once and the browser caches (immutable URL, ETag). Every cache key carries the
snapshot's boundary version. An export draws the GeoJSON in with :func:`trace_geometry`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
from dash import Patch

from dashboard.charts.provenance import note_list, provenance_notes
from dashboard.charts.query import ALL
from dashboard.charts.ready import json_ready
from dashboard.data.store.repository import Snapshot
from dashboard.data.tiles import load_tile_layout
from dashboard.data.views.measures import (
    COMPOSITE,
    measure,
    measure_arrays,
    measure_values,
    objects,
)
from dashboard.figures import geomap, tilemap
from dashboard.figures.mapvalues import fold_notes, keyboard_meta, slot_texts, value_encoding
from dashboard.i18n import t

T = TypeVar("T")

# Recent filter states kept per worker and dataset version, sized by memory (P7): a whole map
# figure is about 330 KB in memory, a values-only Patch about 30 KB.
FIGURE_CACHE = 16
PATCH_CACHE = 256
# a map's values per (measure, year, map type, language, template) as JSON bytes, about 5 KB
# each: every measure and year of both map types in one language (43 x 8 x 2) fit, with room
VALUES_CACHE = 1024
JSON_FIGURE_CACHE = 8  # a whole map as plain JSON data (a map-type change), about 300 KB each
MAX_NAMED_MISSING = 40  # above this, grey regions hover with their code only (patch size)
_TILES = None


def tile_layout():
    global _TILES
    if _TILES is None:
        _TILES = load_tile_layout()
    return _TILES


def has_geometry(snap: Snapshot) -> bool:
    """Whether the snapshot's boundary version has regency shapes (the geographic map)."""
    return snap.boundaries.has("regency")


def geometry_url(snap: Snapshot) -> str | None:
    return snap.boundaries.url("regency")


def graph_config(filename: str) -> dict:
    """dcc.Graph config: local base maps, a sensible PNG download, no plotly logo or cloud links."""
    return {
        "displaylogo": False,
        "topojsonURL": "/assets/topojson/",
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": 1920,
            "height": 1080,
            "scale": 1,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "locale": "id",
    }


def _common(
    snap: Snapshot, measure_id: str, period: int, lang: str, home: str, template: str = "screen"
) -> dict:
    m = measure(snap, measure_id)
    values = measure_values(snap, measure_id, period)
    # a new frame from the columns: selecting and assigning on pandas' Arrow-string frame cost
    # more than the rest of a recolour (P1)
    values = pd.DataFrame(
        {
            "code": pd.Series(objects(values["code"]), dtype=object),
            "value": values["value"].to_numpy(dtype="float64", na_value=np.nan),
            "provenance": pd.Series(provenance_notes(values, m, lang), dtype=object),
        }
    )
    names, provinces = snap.memo(("map-region-names",), lambda: _region_names(snap))
    return {
        "values": values,
        "measure_label": m.label(lang),
        "unit": m.unit_label(lang),
        "direction": m.direction,
        "home_code": home,
        "categories": list(m.categories) or None,
        "zrange": (0.0, 100.0) if m.is_score else None,
        "decimals": m.decimals,
        "lang": lang,
        "template": template,
        "names": names,
        "provinces": provinces,
    }


def _region_names(snap: Snapshot) -> tuple:
    """code -> name and code -> province name, as Series (once per snapshot)."""
    regions = snap.regions.regions.set_index("code")
    return regions["name"], regions["province_name"]


def readiness_figure(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    mode: str,
    province: str,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """The whole map figure (page load and map-type change), built once per snapshot and filters."""
    filters = {"mode": mode, "province": province, "lang": lang, "home": home, "template": template}
    return _cached(
        snap, "readiness-figure", _readiness_figure, FIGURE_CACHE, measure_id, period, filters
    )


def _readiness_figure(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    mode: str,
    province: str,
    lang: str,
    home: str,
    template: str,
) -> go.Figure:
    args = _common(snap, measure_id, period, lang, home, template)
    geo_map = mode == "geo" and has_geometry(snap)
    if geo_map:
        home_point = (
            snap.regions.regions.set_index("code").loc[home, ["lon", "lat"]]
            if home in snap.regions
            else None
        )
        fig = geomap.geo_map(**args, home_lonlat=None if home_point is None else tuple(home_point))
        values = args["values"]
        missing = sorted(values.loc[values["value"].isna(), "code"].astype(str))
        fig.data[geomap.BACKGROUND_TRACE].update(**_missing_layer(snap, missing, lang))
        url = geometry_url(snap)
        for trace in fig.data:
            if trace.type == "choropleth":
                trace.geojson = url
        _zoom_geo(fig, snap, province)
    else:
        fig = tilemap.tile_map(tile_layout(), **args)
        zoom_tiles(fig, province)
    _fold_notes(fig, geomap.VALUES_TRACE if geo_map else tilemap.VALUES_TRACE)
    fig.layout.meta = map_meta(snap, measure_id, period, lang)
    return fig


def _fold_notes(fig: go.Figure, index: int) -> None:
    """The figure's values trace as its Patch has it (:func:`~dashboard.figures.mapvalues.fold_notes`)."""
    trace = fig.data[index]
    keys = ("z", "hovertemplate", "hovertext", "customdata")
    folded = fold_notes({key: _listed(trace[key]) for key in keys})
    trace.update(
        hovertemplate=folded["hovertemplate"],
        hovertext=folded["hovertext"],
        customdata=folded["customdata"],
    )


def _listed(value: object) -> object:
    """A trace property as the Patch has it (plotly keeps arrays as tuples/ndarrays)."""
    if isinstance(value, tuple):
        return [_listed(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def map_meta(snap: Snapshot, measure_id: str, period: int, lang: str) -> dict:
    """The map's ``layout.meta`` for its keyboard exploration (``mapvalues.keyboard_meta``)."""

    def build() -> dict:
        m = measure(snap, measure_id)
        return keyboard_meta(
            values_trace=tilemap.VALUES_TRACE,  # the same index in the geographic map
            measure_label=m.label(lang),
            unit=m.unit_label(lang),
            direction=m.direction,
            period=period,
            decimals=m.decimals,
            categories=list(m.categories) or None,
        )

    return snap.memo(("map-meta", measure_id, period, lang), build)


def readiness_patch(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    mode: str,
    province: str,
    lang: str,
    home: str,
    template: str = "screen",
) -> Patch:
    """Only what changes when the measure, year or province changes.

    Built once per dataset version and filter combination: every viewer changing to the same
    filters gets the same Patch (Dash only serialises it, never changes it).
    """
    filters = {"mode": mode, "province": province, "lang": lang, "home": home, "template": template}
    return _cached(
        snap, "readiness-patch", _readiness_patch, PATCH_CACHE, measure_id, period, filters
    )


def readiness_patch_json(
    snap: Snapshot, measure_id: str, period: int, *, mode: str, province: str, lang: str, home: str
) -> dict:
    """:func:`readiness_patch` (screen template) as the plain data Dash sends for it.

    For the overview's map callback: Dash serialises a ``Patch`` by walking every value of its
    lists on every request, the plain dict goes through ``orjson`` in one pass (see
    :mod:`dashboard.charts.ready`). Assembled per request from the measure's values kept as JSON
    bytes (:func:`_values_json`, prepared for every measure and year at start-up by
    :func:`prepare`) and the province's view: tens of microseconds, the same on a filter state's
    first sight as on a repeat (P1), and no per-filter copies of the values in memory.
    """
    return _patch_json(
        snap, measure_id, period, mode=mode, province=province, lang=lang, template="screen"
    )


def readiness_figure_json(
    snap: Snapshot, measure_id: str, period: int, *, mode: str, province: str, lang: str, home: str
) -> dict:
    """:func:`readiness_figure` (screen template) as plain data: a map-type change, a page load."""
    filters = {"mode": mode, "province": province, "lang": lang, "home": home, "template": "screen"}
    return _cached(
        snap,
        "readiness-figure-json",
        lambda *args, **kw: json_ready(_readiness_figure(*args, **kw)),
        JSON_FIGURE_CACHE,
        measure_id,
        period,
        filters,
    )


def _cached(
    snap: Snapshot,
    kind: str,
    build: Callable[..., T],
    maxsize: int,
    measure_id: str,
    period: int,
    filters: dict[str, str],
) -> T:
    """One LRU entry per (kind, measure, year, filters, boundary version) on the snapshot."""
    key = (kind, measure_id, period, *filters.values(), snap.boundary_version)
    return snap.lru(key, lambda: build(snap, measure_id, period, **filters), maxsize=maxsize)


def _readiness_patch(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    mode: str,
    province: str,
    lang: str,
    home: str,
    template: str,
) -> Patch:
    patch = Patch()
    for location, value in _assignments(snap, measure_id, period, mode, province, lang, template):
        target = patch
        for key in location[:-1]:
            target = target[key]
        target[location[-1]] = value
    return patch


def _patch_json(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    mode: str,
    province: str,
    lang: str,
    template: str,
) -> dict:
    """:func:`_readiness_patch` as the plain data of its JSON form (``Patch.to_plotly_json``),
    written directly: its values are plain data already (P1)."""
    assignments = _assignments(snap, measure_id, period, mode, province, lang, template)
    return {
        "__dash_patch_update": "__dash_patch_update",
        "operations": [
            {"operation": "Assign", "location": list(location), "params": {"value": value}}
            for location, value in assignments
        ],
    }


def _assignments(
    snap: Snapshot, measure_id: str, period: int, mode: str, province: str, lang: str, template: str
) -> list[tuple[tuple, object]]:
    """What a recolour assigns, in order: (location in the figure, plain JSON value)."""
    geo = mode == "geo" and has_geometry(snap)
    changes, missing = orjson.loads(_values_json(snap, measure_id, period, geo, lang, template))
    out: list[tuple[tuple, object]] = [
        (("layout", "meta"), map_meta(snap, measure_id, period, lang))
    ]
    if geo:
        trace = geomap.VALUES_TRACE
        out += [(("data", geomap.BACKGROUND_TRACE, key), value) for key, value in missing.items()]
        view = _geo_view(snap, province)
        out += [
            (("layout", "geo", "fitbounds"), view["fitbounds"]),
            (("layout", "geo", "lonaxis", "range"), list(view["lonaxis_range"])),
            (("layout", "geo", "lataxis", "range"), list(view["lataxis_range"])),
        ]
    else:
        trace = tilemap.VALUES_TRACE
        x_range, y_range = _tile_ranges(province)
        out += [(("layout", "xaxis", "range"), x_range), (("layout", "yaxis", "range"), y_range)]
    out += [(("data", trace, key), value) for key, value in changes.items()]
    return out


def _value_changes(
    snap: Snapshot, measure_id: str, period: int, geo: bool, lang: str, template: str
) -> tuple[dict, dict]:
    """The values trace's new keys (and the geo map's grey layer) as plain JSON data: the same
    for every province and home region, so a province change reuses them (P1).

    Reads the measure's arrays (:func:`~dashboard.data.views.measures.measure_arrays`) and the
    snapshot's slot order (:func:`_slot_order`), never a frame: a filter state seen for the first
    time costs about what a cached one does. The same values as ``tile_values_patch`` /
    ``geo_values_patch`` of the values frame (``tests/unit/charts/test_map_values.py``).
    """
    m = measure(snap, measure_id)
    arrays = measure_arrays(snap, measure_id, period)
    positions, codes = _slot_order(snap, geo)
    value = arrays.value.tolist()
    notes = note_list(
        (~np.isnan(arrays.value)).tolist(),
        arrays.source.tolist(),
        arrays.n_real.tolist(),
        arrays.n_synthetic.tolist(),
        m,
        lang,
    )
    encoding = value_encoding(
        [None if at < 0 else value[at] for at in positions],
        measure_label=m.label(lang),
        unit=m.unit_label(lang),
        direction=m.direction,
        categories=list(m.categories) or None,
        zrange=(0.0, 100.0) if m.is_score else None,
        decimals=m.decimals,
        lang=lang,
        template=template,
        notes=[None if at < 0 else notes[at] for at in positions],
        codes=codes,
    )
    changes = fold_notes(encoding)
    if not geo:
        return changes, {}
    absent = np.isnan(arrays.value)
    missing = [code for code, at in zip(codes, positions, strict=True) if absent[at]]
    return changes, _missing_layer(snap, missing, lang)


def _values_json(
    snap: Snapshot, measure_id: str, period: int, geo: bool, lang: str, template: str
) -> bytes:
    """:func:`_value_changes` as JSON bytes, kept per snapshot (about 4-6 KB each: every measure
    and year of both map types fit in a few MB, where the same values as Python lists and dicts
    took 5-12 times that)."""
    key = ("map-values", measure_id, int(period), geo, lang, template, snap.boundary_version)
    return snap.lru(
        key,
        lambda: orjson.dumps(
            _value_changes(snap, measure_id, period, geo, lang, template),
            option=orjson.OPT_SERIALIZE_NUMPY,
        ),
        maxsize=VALUES_CACHE,
    )


def overview_measures(snap: Snapshot) -> list[str]:
    """The measures of the overview's dropdown (``components.controls``), the ones worth preparing."""
    fw = snap.framework
    groups = (*fw.pillars, *fw.elements)
    return [
        COMPOSITE,
        *(g.id for g in groups),
        *(i.id for g in groups for i in fw.indicators_of(g.id)),
    ]


def prepare(snap: Snapshot, lang: str) -> int:
    """Compute the map values of every measure and year (tile map, and geographic map when the
    snapshot has boundaries) in ``lang``, so that no filter change computes them (P1).

    Called once at start-up in the process gunicorn forks its workers from (``app.py``): about
    0.4 ms per measure and year and map type (a few tenths of a second), shared by the workers.
    Returns how many were computed. A dataset version imported later is computed lazily, one
    filter state at a time.
    """
    modes = (False, True) if has_geometry(snap) else (False,)
    count = 0
    for geo in modes:
        for measure_id in overview_measures(snap):
            for period in snap.periods:
                _values_json(snap, measure_id, int(period), geo, lang, "screen")
                count += 1
    return count


def _slot_order(snap: Snapshot, geo: bool) -> tuple[list[int], list[str | None]]:
    """Per slot of the map's values trace: its region's position in ``snap.regions.regencies``
    (-1 for a tile map's pads and cells of no regency) and its code (None for pads). The geographic
    map's slots are the regency codes, sorted (``geomap.geo_codes``). Once per snapshot."""

    def build() -> tuple[list[int], list[str | None]]:
        index = pd.Index(objects(snap.regions.regencies["code"]).astype(str))
        if geo:
            codes: list[str | None] = sorted(set(index.tolist()))
        else:
            codes = tilemap.tile_slot_codes(tile_layout())
        found = index.get_indexer([code if code is not None else "" for code in codes])
        return [
            int(at) if code is not None else -1 for at, code in zip(found, codes, strict=True)
        ], codes

    return snap.memo(("map-slot-order", geo, id(tile_layout())), build)


def _missing_layer(snap: Snapshot, codes: list[str], lang: str) -> dict:
    """The grey "data kurang" layer holds only the regions without a value (``codes``, sorted).

    Drawing every region twice (grey underneath, colours on top) doubled the geographic map's
    repaint time; the missing ones are usually a few dozen. When most regions lack a value (a
    year an indicator was not collected) their hover names are left out to keep the patch small;
    the hover then shows the code.
    """
    missing = t("figures.insufficient_data", lang)
    if len(codes) > MAX_NAMED_MISSING:
        return {
            "locations": codes,
            "z": [0] * len(codes),
            "text": None,
            "customdata": None,
            "hovertemplate": f"%{{location}}<br><i>{missing}</i><extra></extra>",
        }
    names, provinces = snap.memo(("hover-names",), lambda: _hover_names(snap))
    return {
        "locations": codes,
        "z": [0] * len(codes),
        "text": slot_texts(codes, names, provinces),
        "customdata": codes,
        "hovertemplate": f"%{{text}}<br><i>{missing}</i><extra></extra>",
    }


def _hover_names(snap: Snapshot) -> tuple[dict, dict]:
    regions = snap.regions.regions
    return dict(zip(regions["code"], regions["name"], strict=True)), dict(
        zip(regions["code"], regions["province_name"], strict=True)
    )


def _without(args: dict, *keys: str) -> dict:
    return {k: v for k, v in args.items() if k not in keys}


def _tile_ranges(province: str) -> tuple[list[float] | None, list[float] | None]:
    layout = tile_layout()
    if not (_RANGES and _RANGES[0] is layout):
        _RANGES[:] = [layout, _all_tile_ranges(layout)]
    ranges = _RANGES[1]
    if province not in ranges:
        ranges[province] = _compute_tile_ranges(province)
    x, y = ranges[province]
    return list(x), list(y)


_RANGES: list = []  # [tile layout, {province: axis ranges}]: the one layout a process draws


def _all_tile_ranges(layout: pd.DataFrame) -> dict:
    """Every province's axis ranges in one pass (a province's first sight costs nothing, P1);
    the same numbers as :func:`_compute_tile_ranges`."""
    out = {ALL: _compute_tile_ranges(ALL)}
    pad = 1.5
    bounds = layout.groupby("province_code")[["col", "row"]].agg(["min", "max"])
    for code, row in zip(bounds.index, bounds.to_numpy(dtype="float64").tolist(), strict=True):
        col_min, col_max, row_min, row_max = row
        out[code] = ([col_min - pad, col_max + pad], [row_max + pad, row_min - pad])
    return out


def _compute_tile_ranges(province: str) -> tuple[list[float], list[float]]:
    layout = tile_layout()
    cells = layout if province in (None, ALL) else layout[layout["province_code"] == province]
    if cells.empty:
        cells = layout
    pad = 1.5 if province not in (None, ALL) else 0.8
    x = [float(cells["col"].min()) - pad, float(cells["col"].max()) + pad]
    y = [float(cells["row"].max()) + pad, float(cells["row"].min()) - pad]
    return x, y


def trace_geometry(fig: go.Figure, geojson: Path) -> tuple[tuple[int, dict], ...]:
    """The GeoJSON each choropleth trace of a geographic map needs (on screen it is a URL).

    Each trace gets only the features it draws (the grey layer holds just the regions without a
    value, the home outline one region), so the national file travels about once. The GeoJSON
    goes into the plain figure dict at render time: through plotly's validators it would cost
    half a second per export. ``geojson``: the boundary version's regency file.
    """
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]  # per export: not kept
    key = geomap.FEATURE_ID_KEY.split(".")[-1]
    out = []
    for index, trace in enumerate(fig.data):
        if trace.type != "choropleth":
            continue
        wanted = {str(code) for code in (trace.locations or ())}
        chosen = [f for f in features if str(f["properties"].get(key)) in wanted]
        out.append((index, {"type": "FeatureCollection", "features": chosen}))
    return tuple(out)


def zoom_tiles(fig: go.Figure, province: str) -> None:
    """Frame the tile map on a province, or on all of Indonesia."""
    x_range, y_range = _tile_ranges(province)
    fig.update_xaxes(range=x_range)
    fig.update_yaxes(range=y_range)


def _geo_view(snap: Snapshot, province: str) -> dict:
    """Where the geographic map looks: all of Indonesia (fitted to the regions) or one province."""
    if province in (None, ALL):
        # fitbounds wins over the ranges; fixed ranges alone clip Papua on wide cards
        return {
            "fitbounds": "locations",
            "lonaxis_range": [94.0, 142.0],
            "lataxis_range": [-11.5, 6.5],
        }
    views = snap.memo(("geo-views",), lambda: _province_views(snap))
    if province in views:
        return views[province]
    return snap.memo(("geo-view", province), lambda: _province_view(snap, province))


def _province_views(snap: Snapshot) -> dict:
    """:func:`_province_view` of every province in one pass (once per snapshot, P1)."""
    pad = 1.2
    points = snap.regions.regencies
    bounds = points.groupby("province_code")[["lon", "lat"]].agg(["min", "max"])
    out = {}
    for code, row in zip(bounds.index, bounds.to_numpy(dtype="float64").tolist(), strict=True):
        lon_min, lon_max, lat_min, lat_max = row
        out[code] = {
            "fitbounds": False,
            "lonaxis_range": [lon_min - pad, lon_max + pad],
            "lataxis_range": [lat_min - pad, lat_max + pad],
        }
    return out


def _province_view(snap: Snapshot, province: str) -> dict:
    points = snap.regions.regencies
    points = points[points["province_code"] == province]
    pad = 1.2
    return {
        "fitbounds": False,
        "lonaxis_range": [float(points["lon"].min()) - pad, float(points["lon"].max()) + pad],
        "lataxis_range": [float(points["lat"].min()) - pad, float(points["lat"].max()) + pad],
    }


def _zoom_geo(fig: go.Figure, snap: Snapshot, province: str) -> None:
    fig.update_geos(**_geo_view(snap, province))
