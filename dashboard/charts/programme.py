"""The programme tracker's charts (`/program`): participants map, cohorts, bimtek, masterplans.

Every chart shows all cohorts; the page's ``kohort`` filter (validated by the query model) only
narrows its participant list.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import maps
from dashboard.charts.columns import bar_table, column, names_of, region_columns, years_span, yes_no
from dashboard.charts.provenance import (
    EXPORT_TEMPLATE,
    ChartExport,
    chart_provenance,
    sources,
)
from dashboard.charts.query import ALL, href
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.programme import COHORT_FACTS, programme_is_synthetic, programme_table
from dashboard.figures.programme import (
    bimtek_progress,
    cohort_counts,
    masterplan_status,
    participants_map,
)
from dashboard.i18n import t


def participants(snap: Snapshot) -> pd.DataFrame:
    """The stored programme rows (one per participant), or an empty frame."""
    programme = snap.programme
    if programme is None or programme.empty:
        return pd.DataFrame(
            columns=["region_code", "cohort_year", "bimtek_done", "masterplan_status"]
        )
    return programme


def programme_map(snap: Snapshot, *, lang: str, home: str, template: str = "screen") -> go.Figure:
    """Tile map with one colour per cohort; non-participants grey ("bukan peserta")."""
    regions = snap.regions.regions.set_index("code")
    fig = participants_map(
        maps.tile_layout(),
        participants(snap),
        home_code=home,
        names=regions["name"],
        provinces=regions["province_name"],
        lang=lang,
        template=template,
    )
    maps.zoom_tiles(fig, ALL)  # plotly's autorange leaves the country tiny
    return fig


def cohorts_figure(snap: Snapshot, *, lang: str, template: str = "screen") -> go.Figure:
    """Participants per cohort year."""
    return cohort_counts(participants(snap), lang=lang, template=template)


def bimtek_figure(snap: Snapshot, *, lang: str, home: str, template: str = "screen") -> go.Figure:
    """Technical guidance sessions done, per cohort; the home region called out."""
    return bimtek_progress(
        participants(snap), home_code=home, names=names_of(snap), lang=lang, template=template
    )


def masterplan_figure(
    snap: Snapshot, *, lang: str, home: str, template: str = "screen"
) -> go.Figure:
    """Masterplan status per cohort; the home region called out."""
    return masterplan_status(
        participants(snap), home_code=home, names=names_of(snap), lang=lang, template=template
    )


def map_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return programme_map(snap, lang=lang, home=home, template=template)


def cohorts_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return cohorts_figure(snap, lang=lang, template=template)


def bimtek_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return bimtek_figure(snap, lang=lang, home=home, template=template)


def masterplan_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return masterplan_figure(snap, lang=lang, home=home, template=template)


# ---------------------------------------------------------------- exports
def _export(snap: Snapshot, name: str, fig, data, lang: str, notes=()) -> ChartExport:
    """A programme chart's export: every cohort's years and sources, the same page link."""
    table = programme_table(snap)
    members = table[table["participant"]]
    years = sorted(int(y) for y in members["cohort_year"].dropna().unique())
    first, last = years_span(years)
    synthetic = programme_is_synthetic(table)
    real = members["source"].dropna().astype(str) if "source" in members else []
    title_key = "peta_program" if name == "peta-program" else name
    provenance = chart_provenance(
        snap,
        lang,
        title=t(f"export.title.{title_key}", lang),
        measure_label=t("export.title.programme_measure", lang),
        unit=t("export.title.programme_unit", lang),
        period=f"{first}–{last}",
        data_year=f"{first}–{last}",
        sources=sources(real, synthetic, lang),
        synthetic=synthetic,
        url=href("/program", lang),
        notes=notes,
    )
    subtitle = t("export.title.programme_sub", lang, first=first, last=last)
    return ChartExport(name, fig, data, provenance, subtitle, lang)


def map_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    table = programme_table(snap)
    plans = table["masterplan_status"].where(table["participant"])
    data = pd.DataFrame(region_columns(table, lang))
    data[column("participant", lang)] = [yes_no(bool(p), lang) for p in table["participant"]]
    data[column("cohort", lang)] = table["cohort_year"].astype("Int64").to_numpy()
    if "mou_date" in table:
        data[column("mou", lang)] = [None if pd.isna(v) else str(v) for v in table["mou_date"]]
    data[column("bimtek", lang)] = table["bimtek_done"].astype("Int64").to_numpy()
    data[column("masterplan", lang)] = [
        None if not isinstance(p, str) else t(f"programme.masterplan_{p}", lang) for p in plans
    ]
    if "quick_wins" in table:
        data[column("quick_wins", lang)] = (
            pd.to_numeric(table["quick_wins"], errors="coerce").astype("Int64").to_numpy()
        )
    if "source" in table:
        data[column("source", lang)] = [None if pd.isna(s) else str(s) for s in table["source"]]
    fig = partial(map_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    return _export(snap, "peta-program", fig, data, lang)


def cohorts_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    fig = cohorts_of(snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)  # table from its bars
    data = bar_table(fig, category=column("cohort", lang), lang=lang)
    if len(data.columns) > 1:
        data.columns = [column("cohort", lang), column("participants", lang)]
        data[column("fact", lang)] = pd.array(
            [COHORT_FACTS.get(int(y)) for y in data[column("cohort", lang)]], dtype="Int64"
        )
    facts = ", ".join(f"{year}: {n}" for year, n in COHORT_FACTS.items())
    notes = [(t("export.note_cohort_facts", lang), facts)]
    return _export(snap, "angkatan", fig, data, lang, notes)


def bimtek_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    fig = bimtek_of(snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)  # table from its bars
    data = bar_table(fig, category=column("cohort", lang), lang=lang)
    return _export(snap, "bimtek", fig, data, lang)


def masterplan_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    fig = masterplan_of(
        snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE
    )  # table from its bars
    data = bar_table(fig, category=column("cohort", lang), lang=lang)
    return _export(snap, "masterplan", fig, data, lang)
