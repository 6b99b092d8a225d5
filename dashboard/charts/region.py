"""The region profile's charts (`/wilayah/<code>`): pillars against province and nation, trend.

``values`` are the resolved profile query (:data:`dashboard.charts.query.REGION_KEYS`): the
kab/kota code (``kode``) and the year (``period``; the trend shows every year).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.columns import column, provenance_columns, rounded, years_span
from dashboard.charts.provenance import (
    EXPORT_TEMPLATE,
    ChartExport,
    chart_provenance,
    scored_observations,
    sources,
)
from dashboard.charts.query import href
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.events import event_title, events_for
from dashboard.data.views.measures import (
    COMPOSITE,
    group_means,
    measure,
    measure_values,
    score_history,
)
from dashboard.data.views.targets import actual_series, targets_for
from dashboard.figures.profile import pillar_comparison, trend_chart
from dashboard.figures.targets import target_panels
from dashboard.i18n import t


def profile_groups(snap: Snapshot, lang: str) -> list[tuple[str, str, str]]:
    """Pillars then readiness elements as (id, name, kind)."""
    fw = snap.framework
    return [(g.id, g.name(lang), g.kind) for g in (*fw.pillars, *fw.elements)]


def score_row(snap: Snapshot, code: str, period: int) -> pd.Series | None:
    """A region's scores of one year (``snap.scores`` row), or None."""
    scores = snap.scores
    row = scores[(scores["region_code"] == code) & (scores["period"] == period)]
    return row.iloc[0] if len(row) else None


def pillars_figure(
    snap: Snapshot, code: str, period: int, *, lang: str, template: str = "screen"
) -> go.Figure:
    """A region's pillar and element scores beside its province's and Indonesia's means."""
    groups = profile_groups(snap, lang)
    own = score_row(snap, code, period)
    province = code.split(".")[0]
    return pillar_comparison(
        own[[g for g, _, _ in groups]] if own is not None else pd.Series(dtype=float),
        group_means(snap, period, province=province),
        group_means(snap, period),
        groups=groups,
        lang=lang,
        template=template,
    )


def trend_figure(snap: Snapshot, code: str, *, lang: str, template: str = "screen") -> go.Figure:
    """A region's composite score over the years beside its province and Indonesia, with its
    composite targets and its events."""
    targets = targets_for(snap, code, COMPOSITE)
    return trend_chart(
        score_history(snap, code),
        lang=lang,
        region_label=snap.regions.name(code),
        levels=[(lv.lower, lv.name(lang)) for lv in snap.framework.levels],
        template=template,
        targets=list(zip(targets["period"].astype(int), targets["value"], strict=True)),
        events=event_dicts(snap, code, lang),
    )


def event_dicts(snap: Snapshot, code: str, lang: str) -> list[dict]:
    """A region's events (and the national ones) as the figures' ``events``."""
    return [
        {"date": e["date"], "title": event_title(e, lang), "synthetic": bool(e["synthetic"])}
        for e in events_for(snap, code).to_dict("records")
    ]


def pillars_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return pillars_figure(snap, q["kode"], q["period"], lang=lang, template=template)


def trend_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return trend_figure(snap, q["kode"], lang=lang, template=template)


# ---------------------------------------------------------------- exports
def _common(snap: Snapshot, code: str, lang: str, period: int | None) -> dict:
    regions = snap.regions.regions.set_index("code")
    province = regions.at[code, "province_code"]
    own = scored_observations(snap, [code])
    if period is not None:
        own = own[own["period"] == period]
    synthetic = bool((own["source"] == SYNTHETIC).any())
    return {
        "name": regions.at[code, "name"],
        "province": province,
        "province_name": regions.at[province, "name"] if province in regions.index else "",
        "synthetic": synthetic,
        "sources": sources(own["source"], synthetic, lang),
        "filters": {t("export.filter.region", lang): f"{regions.at[code, 'name']} ({code})"},
    }


def pillars_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    code, period = q["kode"], q["period"]
    c = _common(snap, code, lang, period)
    fig = partial(pillars_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    groups = profile_groups(snap, lang)
    own = score_row(snap, code, period)
    provincial = group_means(snap, period, province=c["province"])
    national = group_means(snap, period)
    kinds = {"pillar": column("kind_pillar", lang), "element": column("kind_element", lang)}

    def values(source) -> object:
        return rounded(pd.Series([source(g) for g, _, _ in groups])).to_numpy()

    data = pd.DataFrame(
        {
            column("group_id", lang): [g for g, _, _ in groups],
            column("group", lang): [name for _, name, _ in groups],
            column("kind", lang): [kinds.get(kind, kind) for _, _, kind in groups],
            column("value", lang): values(lambda g: own.get(g) if own is not None else None),
            column("province_mean", lang): values(provincial.get),
            column("national_mean", lang): values(national.get),
        }
    )
    for name, cells in _group_provenance(snap, code, period, groups, lang).items():
        data[name] = cells
    return ChartExport(
        "pilar",
        fig,
        data,
        chart_provenance(
            snap,
            lang,
            title=t("export.title.pilar", lang, region=c["name"], period=period),
            measure_label=", ".join(name for _, name, _ in groups),
            unit=t("figures.score", lang),
            period=period,
            data_year=period,
            sources=c["sources"],
            synthetic=c["synthetic"],
            url=href(f"/wilayah/{code}", lang, period=period),
            filters=c["filters"],
        ),
        t("export.title.pilar_sub", lang, province=c["province_name"]),
        lang,
        (code.replace(".", ""), str(period)),
    )


def _group_provenance(snap: Snapshot, code: str, period: int, groups, lang: str) -> dict:
    """Source and synthetic flag of the region's score in each pillar/element row."""
    rows = []
    for group_id, _, _ in groups:
        values = measure_values(snap, group_id, period)
        rows.append(values[values["code"] == code].iloc[0])
    frame = pd.DataFrame(rows).reset_index(drop=True)
    return provenance_columns(frame, measure(snap, COMPOSITE), lang)


def trend_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    code = q["kode"]
    c = _common(snap, code, lang, None)
    fig = partial(trend_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    history = score_history(snap, code)
    first, last = years_span([int(p) for p in history["period"]])
    data = pd.DataFrame(
        {
            column("period", lang): history["period"].astype(int).to_numpy(),
            column("value", lang): rounded(history[COMPOSITE]).to_numpy(),
            column("province_mean", lang): rounded(history["province_mean"]).to_numpy(),
            column("national_mean", lang): rounded(history["national_mean"]).to_numpy(),
        }
    )
    targets = targets_for(snap, code, COMPOSITE).set_index("period")["value"]
    if len(targets):  # the composite's RPJMD targets of the same years (the chart's line)
        years = history["period"].astype(int)
        data[t("figures.target", lang)] = rounded(years.map(targets)).to_numpy()
    return ChartExport(
        "tren",
        fig,
        data,
        chart_provenance(
            snap,
            lang,
            title=t("export.title.tren", lang, region=c["name"], first=first, last=last),
            measure_label=t("export.title.trend_measure", lang),
            unit=t("figures.score", lang),
            period=f"{first}–{last}",
            data_year=f"{first}–{last}",
            sources=c["sources"],
            synthetic=c["synthetic"],
            url=href(f"/wilayah/{code}", lang),
            filters=c["filters"],
        ),
        t("export.title.tren_sub", lang, province=c["province_name"]),
        lang,
        (code.replace(".", ""),),
    )


def targets_figure(
    snap: Snapshot, code: str, *, lang: str, template: str = "screen", columns: int = 3
) -> go.Figure:
    """One small trend panel per indicator that has a target (composite excluded: the main
    trend shows it), with target lines and the region's events."""
    panels = []
    for indicator in pd.unique(targets_for(snap, code)["indicator_id"]):
        if indicator == COMPOSITE or indicator not in snap.framework.by_id:
            continue
        ind = snap.framework.indicator(indicator)
        series = actual_series(snap, code, indicator)
        targets = targets_for(snap, code, indicator)
        panels.append(
            {
                "title": f"{ind.name(lang)} ({ind.unit})",
                "periods": [int(p) for p in series.index],
                "values": series.to_numpy(),
                "targets": list(zip(targets["period"].astype(int), targets["value"], strict=True)),
                "decimals": ind.decimals,
            }
        )
    return target_panels(
        panels,
        events=event_dicts(snap, code, lang),
        lang=lang,
        template=template,
        columns=columns,
    )
