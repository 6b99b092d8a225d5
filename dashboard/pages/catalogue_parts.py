"""The catalogue's grid of every indicator and the details of the chosen one."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import ids
from dashboard.i18n import fmt_number, t
from dashboard.state import href


def _group_names(snap, lang: str) -> dict[str, str]:
    names = {g.id: g.name(lang) for g in (*snap.framework.pillars, *snap.framework.elements)}
    names["context"] = t("catalogue.context", lang)
    return names


def _data_kind(row, lang: str) -> str:
    if row["latest"] is None or pd.isna(row["latest"]):
        return t("catalogue.data_none", lang)
    if row["synthetic"] and len(row.get("real_years") or ()):
        return t("real.data_mixed", lang)
    return t("catalogue.data_synthetic" if row["synthetic"] else "catalogue.data_real", lang)


def grid_rows(snap, table: pd.DataFrame, lang: str) -> list[dict]:
    """The catalogue as grid rows, in the language of the page (sorted by pillar, then order)."""
    groups = _group_names(snap, lang)
    rows = []
    for row in table.to_dict("records"):
        latest = None if row["latest"] is None or pd.isna(row["latest"]) else int(row["latest"])
        rows.append(
            {
                "id": row["id"],
                "group": groups.get(row["group"], row["group"]),
                "group_order": int(row["group_order"]),
                "name": row["name_en"] if lang == "en" else row["name_id"],
                "sub_dimension": row["sub_dimension"] or "–",
                "definition": row["description_en"] if lang == "en" else row["description_id"],
                "unit": row["unit"],
                "direction": _direction_text(row["direction"], row["group"] != "context", lang),
                "source": row["source"],
                "coverage": int(row["n_with_data"]),
                "coverage_text": f"{row['n_with_data']}/{row['n_regions']}",
                "latest": latest,
                "data": _data_kind(row, lang),
            }
        )
    return rows


def indicator_grid(snap, table: pd.DataFrame, chosen: str, lang: str) -> dag.AgGrid:
    columns = _grid_columns(lang)
    return dag.AgGrid(
        id=ids.CATALOGUE_GRID,
        rowData=grid_rows(snap, table, lang),
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": False},
        getRowId="params.data.id",
        selectedRows={"ids": [chosen]},
        scrollTo={"rowId": chosen, "rowPosition": "middle"},
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "quickFilterText": "",
            "tooltipShowDelay": 300,
            "localeText": {"noRowsToShow": t("catalogue.no_results", lang)},
            "animateRows": False,
        },
        className="ag-theme-quartz catalogue-grid",
        style={"height": "420px", "width": "100%"},
    )


def _direction_text(direction: str, scored: bool, lang: str) -> str:
    """Context values (population, area) are neither better nor worse when higher."""
    return t(f"catalogue.direction_{direction}" if scored else "catalogue.direction_context", lang)


def indicator_detail(snap, info, ind, lang: str, latest: int | None) -> list:
    items = _detail_items(snap, info, ind, lang, latest)
    terms = []
    for term, text in items:
        terms += [html.Dt(term, className="col-sm-4"), html.Dd(text, className="col-sm-8")]
    return [
        html.H2(ind.name(lang), className="h5", id="catalogue-detail-name"),
        html.Dl(terms, className="row small mb-2"),
        dbc.Button(
            [
                html.I(className="bi bi-map me-1", **{"aria-hidden": "true"}),
                t("catalogue.open_overview", lang),
            ],
            href=href("/", lang, indicator=ind.id, period=latest)
            if ind.scored
            else href("/", lang),
            color="outline-primary",
            size="sm",
            disabled=not ind.scored,
        ),
    ]


def _grid_columns(lang: str) -> list[dict]:
    return [
        # rows arrive grouped by pillar/element in framework order (row grouping is enterprise-only)
        {
            "field": "group",
            "headerName": t("catalogue.col_group", lang),
            "minWidth": 150,
            "pinned": "left",
        },
        {
            "field": "name",
            "headerName": t("catalogue.col_name", lang),
            "minWidth": 230,
            "flex": 2,
            "pinned": "left",
            "tooltipField": "name",
        },
        {
            "field": "sub_dimension",
            "headerName": t("catalogue.col_sub_dimension", lang),
            "minWidth": 150,
        },
        {
            "field": "definition",
            "headerName": t("catalogue.col_definition", lang),
            "minWidth": 320,
            "flex": 3,
            "tooltipField": "definition",
        },
        {"field": "unit", "headerName": t("catalogue.col_unit", lang), "minWidth": 100},
        {"field": "direction", "headerName": t("catalogue.col_direction", lang), "minWidth": 170},
        {"field": "source", "headerName": t("catalogue.col_source", lang), "minWidth": 150},
        {
            "field": "coverage",
            "headerName": t("catalogue.col_coverage", lang),
            "minWidth": 110,
            "type": "rightAligned",
            "valueFormatter": {"function": "params.data.coverage_text"},
        },
        {
            "field": "latest",
            "headerName": t("catalogue.col_latest", lang),
            "minWidth": 120,
            "type": "rightAligned",
        },
        {"field": "data", "headerName": t("catalogue.col_data", lang), "minWidth": 110},
    ]


def _detail_items(snap, info, ind, lang: str, latest: int | None) -> list[tuple[str, str]]:
    """(term, text) pairs describing one indicator: definition, unit, source, coverage, weight."""
    groups = _group_names(snap, lang)
    if ind.scored:
        weight = t(
            "catalogue.weight_value",
            lang,
            share=fmt_number(100 * info["weight"], lang, 0) + "%",
            group=groups.get(ind.group, ind.group),
        )
    else:
        weight = t("catalogue.weight_context", lang)
    items = [
        (t("catalogue.definition", lang), ind.description(lang) or "–"),
        (t("catalogue.unit", lang), ind.unit),
        (t("catalogue.direction", lang), _direction_text(ind.direction, ind.scored, lang)),
    ]
    if ind.categories:
        items.append((t("catalogue.categories", lang), " < ".join(ind.categories)))
    items += [
        (t("catalogue.source", lang), ind.source),
        (
            t("catalogue.data_as_of", lang),
            str(latest) if latest is not None else t("catalogue.data_none", lang),
        ),
        (
            t("catalogue.coverage", lang),
            t(
                "catalogue.coverage_value",
                lang,
                n=int(info["n_with_data"]),
                total=int(info["n_regions"]),
                year=latest,
            )
            if latest is not None
            else t("catalogue.data_none", lang),
        ),
        (
            t("catalogue.normalisation", lang),
            t(
                f"catalogue.norm_{ind.normalisation}" if ind.scored else "catalogue.norm_context",
                lang,
            ),
        ),
        (t("catalogue.weight", lang), weight),
    ]
    if info["sources_seen"]:
        items.append((t("catalogue.sources_seen", lang), ", ".join(info["sources_seen"])))
    real_years = tuple(info.get("real_years") or ())
    if real_years and (info["synthetic"] or real_years[-1] != latest):
        span = str(real_years[0]) if len(real_years) == 1 else f"{real_years[0]}–{real_years[-1]}"
        items.append(
            (
                t("real.catalogue_real", lang),
                t(
                    "real.catalogue_real_years",
                    lang,
                    years=span,
                    sources=", ".join(info["real_sources"]),
                ),
            )
        )
    if latest is not None:
        items.append(
            (
                t("catalogue.data_kind", lang),
                t(
                    "catalogue.data_kind_synthetic"
                    if info["synthetic"]
                    else "catalogue.data_kind_real",
                    lang,
                ),
            )
        )
    return items
