"""The coverage page's figures and the data request list as a table with provenance.

``/data`` and the wall scene ``data`` show :func:`coverage_figure` and :func:`publisher_figure`;
``/export/coverage/request.<csv|xlsx>`` writes :func:`request_export`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.provenance import Provenance, code_vintage
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
