"""The coverage page's figures and the data request list as a table with provenance.

``/data`` and the wall scene ``data`` show :func:`coverage_figure` and :func:`publisher_figure`;
``/export/coverage/request.<csv|xlsx>`` writes :func:`request_export`. The heatmap is the
registered chart ``ketersediaan`` (:func:`heatmap_of`, :func:`heatmap_export`): exports and its
data table page ``/tabel/ketersediaan``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.columns import column, years_span
from dashboard.charts.provenance import (
    EXPORT_TEMPLATE,
    ChartExport,
    Provenance,
    chart_provenance,
    code_vintage,
    sources,
)
from dashboard.charts.query import href
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.coverage import (
    coverage_matrix,
    data_request,
    region_status,
)
from dashboard.figures.coverage import coverage_heatmap, status_bars
from dashboard.i18n import t

MAX_PUBLISHER_ROWS = 12


def indicator_labels(snap: Snapshot, lang: str) -> dict[str, str]:
    return {ind.id: ind.name(lang) for ind in snap.framework.indicators}


def coverage_figure(snap: Snapshot, *, lang: str, template: str = "screen") -> go.Figure:
    """Every framework indicator by year: kab/kota with a real value (heatmap)."""
    fig = coverage_heatmap(
        coverage_matrix(snap), indicator_labels(snap, lang), lang=lang, template=template
    )
    rows = len(snap.framework.indicators)
    fig.update_layout(height=max(420, 26 * rows + 120), margin={"t": 60, "r": 20, "b": 20})
    return fig


def heatmap_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    """The registry's figure builder: the heatmap takes no query."""
    return coverage_figure(snap, lang=lang, template=template)


def heatmap_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    """Per indicator and year: kab/kota with a real, a synthetic or no value (the heatmap's cells)."""
    matrix = coverage_matrix(snap)
    names = indicator_labels(snap, lang)
    data = pd.DataFrame(
        {
            column("indicator_id", lang): matrix["indicator_id"].astype(str).to_numpy(),
            column("indicator", lang): [names.get(i, i) for i in matrix["indicator_id"]],
            column("period", lang): matrix["period"].astype(int).to_numpy(),
            column("real_count", lang): matrix["real"].to_numpy(),
            column("synthetic_count", lang): matrix["synthetic"].to_numpy(),
            column("missing_count", lang): matrix["missing"].to_numpy(),
        }
    )
    first, last = years_span([int(p) for p in snap.periods])
    synthetic = bool(matrix["synthetic"].sum())
    provenance = chart_provenance(
        snap,
        lang,
        title=t("coverage.heatmap_title", lang),
        measure_label=t("coverage.heatmap_title", lang),
        unit=t("export.title.programme_unit", lang),
        period=f"{first}–{last}",
        data_year=f"{first}–{last}",
        sources=sources(snap.observations["source"].dropna().unique(), synthetic, lang),
        synthetic=synthetic,
        url=href("/data", lang),
    )
    figure = partial(heatmap_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    subtitle = t("coverage.heatmap_note", lang)
    return ChartExport(
        "ketersediaan", figure, data, provenance, subtitle, lang, (f"{first}-{last}",)
    )


def publisher_status(snap: Snapshot, region: str, period: int) -> pd.DataFrame:
    """One row per publisher: how many of its scored indicators the kab/kota has real, synthetic
    or missing in ``period`` (most lacking first)."""
    status = region_status(snap, region, period)
    status = status[status["scored"]]
    counts = (
        pd.crosstab(status["publisher"], status["status"])
        .reindex(columns=["real", "synthetic", "missing"], fill_value=0)
        .reset_index()
    )
    counts["lacking"] = counts["synthetic"] + counts["missing"]
    counts["total"] = counts[["real", "synthetic", "missing"]].sum(axis=1)
    counts = counts.sort_values(["lacking", "total", "publisher"], ascending=[False, False, True])
    return counts.rename(columns={"publisher": "label"}).reset_index(drop=True)


def publisher_figure(
    snap: Snapshot, region: str, period: int, *, lang: str, template: str = "screen"
) -> go.Figure:
    """The kab/kota's scored indicators per publisher, split into real, synthetic and missing
    (the publishers with the fewest gaps merged into "others" beyond a dozen rows)."""
    counts = publisher_status(snap, region, period)
    if len(counts) > MAX_PUBLISHER_ROWS:
        head = counts.iloc[: MAX_PUBLISHER_ROWS - 1]
        rest = counts.iloc[MAX_PUBLISHER_ROWS - 1 :]
        other = {"label": t("coverage.others", lang, n=len(rest))}
        other |= {k: int(rest[k].sum()) for k in ("real", "synthetic", "missing")}
        counts = pd.concat([head, pd.DataFrame([other])], ignore_index=True)
    return status_bars(counts, lang=lang, template=template)


REQUEST_COLUMNS = (
    "publisher",
    "id",
    "name",
    "unit",
    "period",
    "lacking",
    "synthetic",
    "missing",
    "latest_real",
    "regions",
)


def request_export(
    snap: Snapshot, period: int, regions: list[str], *, scope: str, lang: str, url: str = ""
) -> tuple[pd.DataFrame, Provenance]:
    """The data request list with translated headers, and its provenance."""
    request = data_request(snap, period, regions)
    table = request.assign(name=request[f"name_{'en' if lang == 'en' else 'id'}"])
    table = table[list(REQUEST_COLUMNS)].astype({"latest_real": "object"})
    table["latest_real"] = [None if pd.isna(v) else int(v) for v in table["latest_real"]]
    table.columns = [t(f"coverage.request_col.{c}", lang) for c in REQUEST_COLUMNS]
    provenance = Provenance(
        title=t("coverage.request_title", lang),
        measure=t("coverage.request_measure", lang),
        unit="",
        period=str(period),
        sources=tuple(sorted(set(request["publisher"]))),
        data_year=str(period),
        dataset_version=snap.version,
        code_vintage=code_vintage(snap),
        synthetic=bool(request["synthetic"].sum()),
        filters={t("coverage.scope_label", lang): scope_label(snap, scope, regions, lang)},
        url=url,
    )
    return table, provenance


def scope_label(snap: Snapshot, scope: str, regions: list[str], lang: str) -> str:
    """ "Kabupaten Bekasi", "Jawa Barat (27 kab/kota)" or "Semua 514 kab/kota"."""
    if len(regions) == 1:
        return snap.regions.name(regions[0])
    provinces = {c.split(".")[0] for c in regions}
    if len(provinces) == 1 and len(regions) < len(snap.regions.regencies):
        return t(
            "coverage.scope_province", lang, name=snap.regions.name(provinces.pop()), n=len(regions)
        )
    return t("coverage.scope_all", lang, n=len(regions))
