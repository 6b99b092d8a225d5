"""The overview's charts (`/`): readiness map, ranking and distribution of one measure and year.

The page draws them with the ``screen`` template; an export draws the same figure in ``print``
with the table behind it and its provenance. ``values`` are the resolved overview query
(:data:`dashboard.charts.query.OVERVIEW_KEYS`): indicator, period, province, mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import maps
from dashboard.charts.columns import (
    DISTRIBUTION_BINS,
    column,
    histogram_table,
    mean_notes,
    measure_slug,
    names_of,
    provenance_columns,
    region_columns,
    rounded,
    values_table,
    yes_no,
)
from dashboard.charts.provenance import (
    EXPORT_TEMPLATE,
    ChartExport,
    chart_provenance,
    sources,
)
from dashboard.charts.query import ALL, href
from dashboard.charts.ready import json_ready
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.measures import (
    measure,
    measure_values,
    province_rows,
    shows_synthetic,
    summary,
    value_sources,
)
from dashboard.data.views.regions import short_name
from dashboard.figures.distribution import score_distribution_dict
from dashboard.figures.ranking import ranked, ranking_bar_dict, shown_rows
from dashboard.figures.theme import plain_figure
from dashboard.i18n import t

RANKING_N = 10  # top and bottom regions on the ranking chart
SELECTED_CACHE = 32  # one province's rows of a measure and year: a few KB each


def selected_values(snap: Snapshot, measure_id: str, period: int, province: str) -> pd.DataFrame:
    """The overview's regions for one measure and year: all of them, or one province's."""
    values = measure_values(snap, measure_id, period)
    if province in (None, ALL):
        return values
    # the panels ask three times per filter change (cards, ranking, distribution)
    key = ("overview-selected", measure_id, int(period), province)
    return snap.lru(key, lambda: values.take(province_rows(snap, province)), maxsize=SELECTED_CACHE)


def ranking_figure(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    province: str,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """The overview's ranking: top and bottom ten of the selection, the home region always shown."""
    return go.Figure(**_ranking(snap, measure_id, period, province, lang, home, template))


def ranking_json(
    snap: Snapshot, measure_id: str, period: int, *, province: str, lang: str, home: str
) -> dict:
    """:func:`ranking_figure` (screen) as the plain data a callback sends, built without
    plotly.py's validation (P1; ``tests/unit/charts`` checks both give the same figure)."""
    return json_ready(plain_figure(_ranking(snap, measure_id, period, province, lang, home)))


def _ranking(snap, measure_id, period, province, lang, home, template="screen") -> dict:
    m = measure(snap, measure_id)
    selected = selected_values(snap, measure_id, period, province)
    return ranking_bar_dict(
        selected,
        value_col="value",
        home_code=home,
        n=RANKING_N,
        names=names_of(snap),
        lang=lang,
        measure_label=m.label(lang),
        unit=m.unit_label(lang),
        decimals=m.decimals,
        direction=m.direction,
        template=template,
    )


def distribution_figure(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    province: str,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """The overview's histogram of the selection, with the home region and the mean marked."""
    return go.Figure(**_distribution(snap, measure_id, period, province, lang, home, template))


def distribution_json(
    snap: Snapshot, measure_id: str, period: int, *, province: str, lang: str, home: str
) -> dict:
    """:func:`distribution_figure` (screen) as the plain data a callback sends (see
    :func:`ranking_json`)."""
    return json_ready(plain_figure(_distribution(snap, measure_id, period, province, lang, home)))


def _distribution(snap, measure_id, period, province, lang, home, template="screen") -> dict:
    m = measure(snap, measure_id)
    selected = selected_values(snap, measure_id, period, province)
    stats = summary(
        snap, measure_id, period, home=home, province=None if province == ALL else province
    )
    return score_distribution_dict(
        selected["value"].dropna(),
        home_value=stats.home_value,
        home_label=names_of(snap).get(home, home),
        national_mean=stats.national_mean
        if province == ALL
        else (stats.province_mean or stats.national_mean),
        measure_label=m.label(lang),
        unit=m.unit_label(lang),
        direction=m.direction,
        decimals=m.decimals,
        nbins=DISTRIBUTION_BINS,
        xrange=(0, 100) if m.is_score else None,
        lang=lang,
        template=template,
    )


# ---------------------------------------------------------------- figures from a resolved query
def map_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return maps.readiness_figure(
        snap,
        q["indicator"],
        q["period"],
        mode=q["mode"],
        province=q["province"],
        lang=lang,
        home=home,
        template=template,
    )


def _from_query(figure):
    """An overview figure builder taking the resolved query (measure, year, province)."""

    def build(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
        return figure(
            snap,
            q["indicator"],
            q["period"],
            province=q["province"],
            lang=lang,
            home=home,
            template=template,
        )

    return build


ranking_of = _from_query(ranking_figure)
distribution_of = _from_query(distribution_figure)


# ---------------------------------------------------------------- exports
def _common(snap: Snapshot, q: Mapping, lang: str) -> dict:
    """Texts, provenance parts and the selection every overview chart shares."""
    measure_id, period, province = q["indicator"], q["period"], q["province"]
    m = measure(snap, measure_id)
    selected = selected_values(snap, measure_id, period, province)
    synthetic = shows_synthetic(selected)
    real = value_sources(snap, m.id, period, selected)
    scope = t("export.all_indonesia", lang) if province == ALL else snap.regions.name(province)
    link = {
        "indicator": measure_id,
        "period": period,
        "province": None if province == ALL else province,
        "mode": None if q["mode"] == "tile" else q["mode"],
    }
    slug = [measure_slug(measure_id), str(period)]
    if province != ALL:
        slug.append(f"prov{province}")
    return {
        "m": m,
        "selected": selected,
        "label": m.label(lang),
        "unit": m.unit_label(lang),
        "scope": scope,
        "synthetic": synthetic,
        "sources": sources(real, synthetic, lang),
        "url": href("/", lang, **link),
        "filters": {t("export.filter.province", lang): scope},
        "slug": slug,
    }


def _provenance(snap: Snapshot, c: dict, q: Mapping, lang: str, title_key: str, **extra):
    """One overview chart's provenance; ``extra`` may replace the filters or add notes."""
    title = t(f"export.title.{title_key}", lang, measure=c["label"], period=q["period"])
    return chart_provenance(
        snap,
        lang,
        title=title,
        measure_label=c["label"],
        unit=c["unit"],
        period=q["period"],
        data_year=q["period"],
        sources=c["sources"],
        synthetic=c["synthetic"],
        url=c["url"],
        filters=extra.pop("filters", c["filters"]),
        **extra,
    )


def map_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    c = _common(snap, q, lang)
    fig = partial(map_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    geo = q["mode"] == "geo"
    if geo:
        c["slug"].append("geo")
    map_kind = t("export.geo_map" if geo else "export.tile_map", lang)
    filters = {**c["filters"], t("export.filter.map", lang): map_kind}
    return ChartExport(
        "peta-kesiapan",
        fig,
        values_table(c["selected"], c["m"], q["period"], lang),
        _provenance(snap, c, q, lang, "peta_kesiapan", filters=filters),
        " · ".join((c["unit"], c["scope"], map_kind)),
        lang,
        tuple(c["slug"]),
        geometry=snap.boundaries.files.get("regency") if geo else None,
    )


def ranking_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    c = _common(snap, q, lang)
    fig = partial(ranking_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    table = ranked(
        c["selected"].rename(columns={"code": "region_code"}),
        value_col="value",
        direction=c["m"].direction,
        names=names_of(snap),
    )
    on_chart = {r for r in shown_rows(table, n=RANKING_N, home_code=home) if r is not None}
    info = c["selected"].set_index("code")
    data = pd.DataFrame(
        {
            column("rank_selection", lang): table["rank"].astype(int).to_numpy(),
            **region_columns(info.loc[table["code"]].reset_index(), lang),
            column("value", lang): rounded(table["value"]).to_numpy(),
            column("rank", lang): info.loc[table["code"], "rank"].astype("Int64").to_numpy(),
            column("on_chart", lang): [yes_no(i in on_chart, lang) for i in range(len(table))],
            **provenance_columns(info.loc[table["code"]].reset_index(), c["m"], lang),
        }
    )
    home_name = short_name(names_of(snap).get(home, home))
    subtitle = " · ".join(
        (t("export.title.ranking_sub", lang, home=home_name), c["unit"], c["scope"])
    )
    return ChartExport(
        "peringkat",
        fig,
        data,
        _provenance(snap, c, q, lang, "peringkat"),
        subtitle,
        lang,
        tuple(c["slug"]),
    )


def distribution_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    c = _common(snap, q, lang)
    m = c["m"]
    fig = partial(distribution_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    province = None if q["province"] == ALL else q["province"]
    stats = summary(snap, q["indicator"], q["period"], home=home, province=province)
    home_name = names_of(snap).get(home, home)
    data = histogram_table(
        c["selected"]["value"],
        xrange=(0, 100) if m.is_score else None,
        home_value=stats.home_value,
        home_name=home_name,
        lang=lang,
    )
    notes = mean_notes(stats, home_name, m.decimals, lang, province is not None)
    return ChartExport(
        "sebaran",
        fig,
        data,
        _provenance(snap, c, q, lang, "sebaran", notes=notes),
        " · ".join((c["unit"], c["scope"])),
        lang,
        tuple(c["slug"]),
    )
