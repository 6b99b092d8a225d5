"""The indicator catalogue's charts (`/indikator`): one indicator's map and distribution.

Both show the indicator's latest year with values. ``values`` are the resolved catalogue query
(:data:`dashboard.charts.query.CATALOGUE_KEYS`): the indicator (``indikator``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import maps
from dashboard.charts.columns import (
    DISTRIBUTION_BINS,
    histogram_table,
    mean_notes,
    names_of,
    values_table,
)
from dashboard.charts.provenance import (
    EXPORT_TEMPLATE,
    ChartExport,
    chart_provenance,
    sources,
)
from dashboard.charts.query import ALL, href
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.catalogue import catalogue_table
from dashboard.data.views.measures import (
    measure,
    measure_values,
    shows_synthetic,
    sources_of,
    summary,
)
from dashboard.figures.distribution import score_distribution
from dashboard.figures.tilemap import tile_map
from dashboard.i18n import t


def indicator_year(snap: Snapshot, indicator_id: str) -> int | None:
    """The latest year with a value of an indicator (the catalogue shows that year)."""
    latest = catalogue_table(snap).set_index("id").at[indicator_id, "latest"]
    return None if latest is None or pd.isna(latest) else int(latest)


def shown_year(snap: Snapshot, indicator_id: str) -> int:
    """The year the catalogue shows: the latest with a value, else the newest of the data."""
    latest = indicator_year(snap, indicator_id)
    return latest if latest is not None else snap.periods[-1]


def indicator_map(
    snap: Snapshot, indicator_id: str, *, lang: str, home: str, template: str = "screen"
) -> go.Figure:
    """The catalogue's tile map; context indicators get no "better" end on the colour bar."""
    ind = snap.framework.indicator(indicator_id)
    year = shown_year(snap, indicator_id)
    if ind.scored:
        return maps.readiness_figure(
            snap, ind.id, year, mode="tile", province=ALL, lang=lang, home=home, template=template
        )
    values = measure_values(snap, indicator_id, year)
    fig = tile_map(
        maps.tile_layout(),
        values[["code", "value"]],
        measure_label=ind.name(lang),
        unit=ind.unit,
        direction="none",
        home_code=home,
        names=values.set_index("code")["name"],
        provinces=values.set_index("code")["province_name"],
        decimals=ind.decimals,
        lang=lang,
        template=template,
    )
    maps.zoom_tiles(fig, ALL)  # the whole country, as on the overview map
    return fig


def indicator_distribution(
    snap: Snapshot, indicator_id: str, *, lang: str, home: str, template: str = "screen"
) -> go.Figure:
    """The catalogue's histogram of one indicator in its latest year."""
    ind = snap.framework.indicator(indicator_id)
    year = shown_year(snap, indicator_id)
    values = measure_values(snap, indicator_id, year)
    stats = summary(snap, indicator_id, year, home=home)
    return score_distribution(
        values["value"].dropna(),
        home_value=stats.home_value,
        home_label=names_of(snap).get(home, home),
        national_mean=stats.national_mean,
        measure_label=ind.name(lang),
        unit=ind.unit,
        direction=ind.direction if ind.scored and ind.direction in ("up", "down") else None,
        decimals=ind.decimals,
        nbins=DISTRIBUTION_BINS,
        lang=lang,
        template=template,
    )


def map_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return indicator_map(snap, q["indikator"], lang=lang, home=home, template=template)


def distribution_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return indicator_distribution(snap, q["indikator"], lang=lang, home=home, template=template)


# ---------------------------------------------------------------- exports
def _common(snap: Snapshot, indicator_id: str, lang: str) -> dict:
    ind = snap.framework.indicator(indicator_id)
    year = shown_year(snap, indicator_id)
    values = measure_values(snap, indicator_id, year)
    synthetic = shows_synthetic(values)
    return {
        "ind": ind,
        "m": measure(snap, indicator_id),
        "year": year,
        "values": values,
        "synthetic": synthetic,
        "sources": sources(sources_of(values), synthetic, lang),
        "url": href("/indikator", lang, indikator=indicator_id),
        "slug": (indicator_id.replace("_", "-"), str(year)),
        "subtitle": " · ".join(p for p in (ind.unit, t("export.all_indonesia", lang)) if p),
    }


def _export(snap: Snapshot, name: str, c: dict, fig, data, title_key: str, lang: str, notes=()):
    title = t(f"export.title.{title_key}", lang, measure=c["ind"].name(lang), period=c["year"])
    provenance = chart_provenance(
        snap,
        lang,
        title=title,
        measure_label=c["ind"].name(lang),
        unit=c["ind"].unit,
        period=c["year"],
        data_year=c["year"],
        sources=c["sources"],
        synthetic=c["synthetic"],
        url=c["url"],
        notes=notes,
    )
    return ChartExport(name, fig, data, provenance, c["subtitle"], lang, c["slug"])


def map_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    c = _common(snap, q["indikator"], lang)
    fig = partial(map_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    data = values_table(c["values"], c["m"], c["year"], lang)
    return _export(snap, "peta-indikator", c, fig, data, "peta_kesiapan", lang)


def distribution_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    c = _common(snap, q["indikator"], lang)
    fig = partial(distribution_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    stats = summary(snap, q["indikator"], c["year"], home=home)
    home_name = names_of(snap).get(home, home)
    data = histogram_table(
        c["values"]["value"],
        xrange=None,
        home_value=stats.home_value,
        home_name=home_name,
        lang=lang,
    )
    notes = mean_notes(stats, home_name, c["ind"].decimals, lang, False)
    return _export(snap, "sebaran-indikator", c, fig, data, "sebaran", lang, notes)
