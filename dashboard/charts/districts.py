"""The kecamatan view's charts (`/wilayah/<code>/kecamatan`): district map, ranking, exports.

``values`` are the resolved district query (:data:`dashboard.charts.query.DISTRICT_KEYS`): the
regency (``kode``), the measure (``indicator``: the district summary score or an indicator with
district data) and the year (``period``). A measure or year the regency has no district data for
falls back to the summary and its latest year (pages never break on a shared link).

The map is geographic when the boundary version has a district level (its GeoJSON is a cached
URL on the trace, as for regencies) and a labelled tile grid otherwise; a filter change sends a
values-only ``Patch`` (:func:`district_patch`), cached per snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
from dash import Patch

from dashboard.charts.columns import column, rounded
from dashboard.charts.provenance import (
    EXPORT_TEMPLATE,
    ChartExport,
    chart_provenance,
    short_publisher,
)
from dashboard.charts.provenance import sources as source_list
from dashboard.charts.query import href
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.districts import (
    SUMMARY,
    district_indicators,
    district_periods,
    district_sources,
    district_values,
)
from dashboard.figures import districtmap
from dashboard.figures.mapvalues import PROVENANCE, keyboard_meta
from dashboard.i18n import t

PATCH_CACHE = 128


def has_district_geometry(snap: Snapshot) -> bool:
    return snap.boundaries.has("district")


def effective(snap: Snapshot, regency: str, measure_id: str, period: int | None) -> tuple:
    """(measure, year) the regency has district data for: the asked ones when it has them."""
    if measure_id != SUMMARY and measure_id not in district_indicators(snap, regency):
        measure_id = SUMMARY
    periods = district_periods(snap, regency, measure_id) or district_periods(snap, regency)
    if period not in periods:
        period = periods[-1] if periods else None
    return measure_id, period


def measure_text(snap: Snapshot, measure_id: str, lang: str) -> tuple[str, str, str, int]:
    """(label, unit, direction, decimals) of a district measure."""
    if measure_id == SUMMARY:
        return t("district.summary", lang), t("figures.score", lang), "up", 1
    ind = snap.framework.indicator(measure_id)
    return (
        ind.name(lang),
        ind.unit,
        ("up" if ind.direction == "ord" else ind.direction),
        (ind.decimals),
    )


def _frame(snap: Snapshot, regency: str, measure_id: str, period: int, lang: str) -> pd.DataFrame:
    """The district values with their hover provenance line, cached per snapshot and filters."""
    key = ("district-frame", regency, measure_id, period, lang)
    return snap.lru(key, lambda: _build_frame(snap, regency, measure_id, period, lang))


def _build_frame(snap: Snapshot, regency: str, measure_id: str, period: int, lang: str):
    values = district_values(snap, regency, measure_id, period)
    notes = [
        (t("real.hover_synthetic", lang) if src == SYNTHETIC else short_publisher(str(src)))
        if pd.notna(v)
        else ""
        for src, v in zip(values["source"], values["value"], strict=True)
    ]
    return values.assign(**{PROVENANCE: notes})


def _args(snap: Snapshot, q: Mapping, lang: str, template: str) -> dict:
    measure_id, period = effective(snap, q["kode"], q["indicator"], q["period"])
    label, unit, direction, decimals = measure_text(snap, measure_id, lang)
    return {
        "values": _frame(snap, q["kode"], measure_id, period, lang),
        "measure_label": label,
        "unit": unit,
        "direction": direction,
        "zrange": (0.0, 100.0) if measure_id == SUMMARY else None,
        "decimals": decimals,
        "lang": lang,
        "template": template,
    }


def map_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    """The district map (geographic with district boundaries, else the tile grid)."""
    args = _args(snap, q, lang, template)
    if has_district_geometry(snap):
        fig = districtmap.district_geo_map(**args, selected=q.get("kecamatan") or None)
        url = snap.boundaries.url("district")
        for trace in fig.data:
            trace.geojson = url
    else:
        fig = districtmap.district_tile_map(**args)
    fig.layout.meta = _meta(snap, q, args)
    return fig


def _meta(snap: Snapshot, q: Mapping, args: dict) -> dict:
    """The map's ``layout.meta`` for its keyboard exploration (``mapvalues.keyboard_meta``)."""
    period = effective(snap, q["kode"], q["indicator"], q["period"])[1]
    trace = (
        districtmap.VALUES_TRACE if has_district_geometry(snap) else districtmap.GRID_VALUES_TRACE
    )
    keys = ("measure_label", "unit", "direction", "decimals")
    return keyboard_meta(values_trace=trace, period=period, **{k: args[k] for k in keys})


def district_patch(snap: Snapshot, q: Mapping, *, lang: str, template: str = "screen") -> Patch:
    """Only the values trace's encoding: what a measure or year change sends to the browser."""
    key = ("district-patch", q["kode"], q["indicator"], q["period"], lang, template,
           snap.boundary_version)  # fmt: skip

    def build() -> Patch:
        args = _args(snap, q, lang, template)
        geo = has_district_geometry(snap)
        changes = districtmap.district_values_patch(**args, grid=not geo)
        trace = districtmap.VALUES_TRACE if geo else districtmap.GRID_VALUES_TRACE
        patch = Patch()
        patch["layout"]["meta"] = _meta(snap, q, args)
        for name, value in changes.items():
            patch["data"][trace][name] = value
        return patch

    return snap.lru(key, build, maxsize=PATCH_CACHE)


def selection_patch(snap: Snapshot, code: str | None) -> Patch | None:
    """The geographic map's outline of the chosen district (None for the grid: nothing to move)."""
    if not has_district_geometry(snap):
        return None
    patch = Patch()
    for name, value in districtmap.outline_patch(code).items():
        patch["data"][districtmap.OUTLINE_TRACE][name] = value
    return patch


def ranking_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    args = _args(snap, q, lang, template)
    if args.pop("zrange") is not None:  # the summary score: bars need no unit after each number
        args["unit"] = ""
    return districtmap.district_ranking(**args, selected=q.get("kecamatan") or None)


def ranking_figure(snap: Snapshot, q: Mapping, *, lang: str, template: str = "screen"):
    """:func:`ranking_of` cached per snapshot and filters (a filter change redraws it)."""
    key = ("district-ranking", q["kode"], q["indicator"], q["period"], q.get("kecamatan"), lang,
           template)  # fmt: skip
    return snap.lru(key, lambda: ranking_of(snap, q, lang=lang, home="", template=template),
                    maxsize=PATCH_CACHE)  # fmt: skip


# ---------------------------------------------------------------- exports
def _table(snap: Snapshot, q: Mapping, lang: str) -> tuple[pd.DataFrame, dict]:
    measure_id, period = effective(snap, q["kode"], q["indicator"], q["period"])
    values = district_values(snap, q["kode"], measure_id, period)
    label, unit, _, _ = measure_text(snap, measure_id, lang)
    data = pd.DataFrame(
        {
            column("district_code", lang): values["code"].astype(str).to_numpy(),
            column("district", lang): values["label"].astype(str).to_numpy(),
            column("period", lang): int(period) if period is not None else None,
            column("value", lang): rounded(values["value"]).to_numpy(),
            column("district_score", lang): rounded(values["score"]).to_numpy(),
            column("district_rank", lang): values["rank"].astype("Int64").to_numpy(),
            column("source", lang): values["source"].astype(str).to_numpy(),
            column("synthetic", lang): [
                t("export.yes" if s else "export.no", lang) for s in values["synthetic"]
            ],
        }
    )
    synthetic = bool(values.loc[values["value"].notna(), "synthetic"].any())
    info = {"measure_id": measure_id, "period": period, "label": label, "unit": unit,
            "synthetic": synthetic, "sources": district_sources(values)}  # fmt: skip
    return data, info


def _export(snap: Snapshot, q: Mapping, lang: str, name: str, fig) -> ChartExport:
    data, info = _table(snap, q, lang)
    regency = snap.regions.name(q["kode"])
    title = t(f"export.title.{name.replace('-', '_')}", lang, region=regency,
              measure=info["label"], period=info["period"])  # fmt: skip
    provenance = chart_provenance(
        snap,
        lang,
        title=title,
        measure_label=info["label"],
        unit=info["unit"],
        period=info["period"],
        data_year=info["period"],
        sources=source_list(info["sources"], info["synthetic"], lang),
        synthetic=info["synthetic"],
        url=href(
            f"/wilayah/{q['kode']}/kecamatan",
            lang,
            indicator=info["measure_id"],
            period=info["period"],
        ),
        filters={t("export.filter.region", lang): f"{regency} ({q['kode']})"},
        notes=((t("export.note_district_scoring", lang), t("district.scoring_note", lang)),),
    )
    geometry = snap.boundaries.files.get("district") if name == "peta-kecamatan" else None
    slug = (q["kode"].replace(".", "-"), info["measure_id"].replace("_", "-"), str(info["period"]))
    subtitle = t("export.title.district_sub", lang, unit=info["unit"])
    return ChartExport(name, fig, data, provenance, subtitle, lang, slug, geometry=geometry)


def map_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    fig = partial(map_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    return _export(snap, q, lang, "peta-kecamatan", fig)


def ranking_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    fig = partial(ranking_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    return _export(snap, q, lang, "peringkat-kecamatan", fig)
