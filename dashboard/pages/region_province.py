"""The region profile of a province (`/wilayah/32`): its score, rank and its kab/kota."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.components.export_menu import titled_card
from dashboard.components.kpi import kpi_card
from dashboard.i18n import fmt_number, t
from dashboard.state import href


def rank_text(value) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))


def province_view(snap, code: str, period: int, lang: str) -> list:
    name = snap.regions.name(code)
    table = snap.scores[(snap.scores["province_code"] == code) & (snap.scores["period"] == period)]
    prov = snap.province_scores
    prow = prov[(prov["province_code"] == code) & (prov["period"] == period)]
    score = prow["composite"].iloc[0] if len(prow) else None
    rows = [
        {
            "code": r["region_code"],
            "name": f"[{r['name']}]({href('/wilayah/' + r['region_code'], lang)})",
            "composite": None if pd.isna(r["composite"]) else round(float(r["composite"]), 1),
            "rank_province": None if pd.isna(r["rank_province"]) else int(r["rank_province"]),
            "rank_national": None if pd.isna(r["rank_national"]) else int(r["rank_national"]),
        }
        for r in table.sort_values("rank_province").to_dict("records")
    ]
    grid = _regencies_grid(rows, lang)
    return [
        html.H1(name, className="h3 mb-0"),
        html.P(t("profile.province_subtitle", lang, code=code), className="text-body-secondary"),
        dbc.Row(
            [
                kpi_card(
                    t("profile.score", lang), fmt_number(score, lang, 1), icon="bi-speedometer2"
                ),
                kpi_card(
                    t("profile.rank_national", lang),
                    rank_text(prow["rank_national"].iloc[0]) if len(prow) else "–",
                    detail=t("profile.of", lang, n=len(snap.regions.provinces)),
                    icon="bi-trophy",
                ),
            ],
            className="g-3 mb-3",
        ),
        titled_card(t("profile.province_regencies", lang, province=name), grid),
    ]


def _regencies_grid(rows: list[dict], lang: str) -> dag.AgGrid:
    """The province's kab/kota by rank, each linking to its profile."""
    return dag.AgGrid(
        id="province-regencies",
        rowData=rows,
        columnDefs=[
            {
                "field": "rank_province",
                "headerName": t("profile.rank_province", lang),
                "width": 150,
            },
            {
                "field": "name",
                "headerName": t("profile.col_indicator", lang)
                .replace("Indikator", "Wilayah")
                .replace("Indicator", "Region"),
                "flex": 2,
                "cellRenderer": "markdown",
            },
            {
                "field": "composite",
                "headerName": t("profile.score", lang),
                "flex": 1,
                "type": "rightAligned",
            },
            {
                "field": "rank_national",
                "headerName": t("profile.rank_national", lang),
                "flex": 1,
                "type": "rightAligned",
            },
        ],
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"domLayout": "autoHeight"},
        className="ag-theme-quartz",
    )
