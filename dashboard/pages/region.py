"""Region profile `/wilayah/<code>`: score, level, pillars, trend, every indicator, programme status."""

from __future__ import annotations

import json

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import ids
from dashboard.components import maps
from dashboard.components.briefing_button import briefing_controls
from dashboard.components.controls import dropdown, labelled
from dashboard.components.export_menu import card_header, export_menu
from dashboard.components.kpi import kpi_card
from dashboard.components.shell import page_frame, synthetic_badge
from dashboard.data.errors import DataError
from dashboard.data.views.measures import indicator_profile, programme_status, strongest_and_weakest
from dashboard.exports import page_charts
from dashboard.i18n import fmt_number, fmt_signed, t
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(
    __name__, path_template="/wilayah/<code>", name="region", title="Profil wilayah · Kota Cerdas"
)

LANG_STORE = "profile-lang"
CODE_STORE = "profile-code"


def layout(code: str | None = None, lang=None, period=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    resolved = _resolve(snap, code if code is not None else home)
    frame = dict(
        lang=lang,
        active="profile",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )
    if resolved is None:
        return page_frame(_not_found(code, lang), **frame)
    year = _period(snap, period)
    if "." not in resolved:
        return page_frame(*_province_view(snap, resolved, year, lang), **frame)
    return page_frame(
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=CODE_STORE, data=resolved),
        dcc.Store(id="profile-url-state"),
        html.Div(
            id="profile-defaults",
            hidden=True,
            **{"data-defaults": json.dumps({"period": _period(snap, None)})},
        ),
        html.Div(
            _regency_view(snap, resolved, year, lang, home, seen_period=period), id="profile-body"
        ),
        **frame,
    )


def _resolve(snap, code: object) -> str | None:
    if code is None:
        return None
    try:
        return snap.regions.resolve(str(code))
    except DataError:
        return None


def _period(snap, period: object) -> int:
    try:
        year = int(period)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        year = -1
    if year in snap.periods:
        return year
    scores = snap.scores
    counts = scores[scores["composite"].notna()].groupby("period").size()
    good = counts[counts >= 0.5 * len(snap.regions.regencies)]
    return int(good.index.max()) if len(good) else snap.periods[-1]


def _not_found(code: object, lang: str) -> dbc.Alert:
    return dbc.Alert(
        [
            html.H1(t("profile.not_found", lang, code=str(code)), className="h4"),
            html.P(t("profile.not_found_hint", lang)),
            dbc.Button(t("common.back_home", lang), href=href("/", lang), color="primary"),
        ],
        color="light",
        className="mt-4",
        id="profile-not-found",
    )


def _regency_view(
    snap, code: str, period: int, lang: str, home: str, *, seen_period: object = None
) -> list:
    region = snap.regions.regions.set_index("code").loc[code]
    scores = snap.scores
    row = scores[(scores["region_code"] == code) & (scores["period"] == period)]
    row = row.iloc[0] if len(row) else None
    indicators = indicator_profile(snap, code, period)
    header = html.Div(
        [
            html.Div(
                [
                    html.H1(region["name"], className="h3 mb-0 me-3"),
                    synthetic_badge(
                        lang=lang, show=bool(indicators["synthetic"].any()), id=ids.SYNTHETIC_BADGE
                    ),
                    html.Span(t("common.home_region", lang), className="badge text-bg-danger")
                    if code == home
                    else None,
                ],
                className="d-flex flex-wrap align-items-center gap-2",
            ),
            html.P(
                t(
                    "profile.subtitle",
                    lang,
                    type=t(f"profile.type_{region['type']}", lang),
                    province=region["province_name"],
                    code=code,
                    bps=region["bps_code"],
                ),
                className="text-body-secondary mb-2",
            ),
        ]
    )
    controls = dbc.Row(
        [
            labelled(
                t("profile.period", lang),
                dropdown(
                    ids.PROFILE_PERIOD,
                    [{"label": str(p), "value": p} for p in reversed(snap.periods)],
                    period,
                    lang=lang,
                    searchable=False,
                ),
                control_id=ids.PROFILE_PERIOD,
                width={"xs": 6, "md": 3, "lg": 2},
            ),
            dbc.Col(
                dbc.Button(
                    [
                        html.I(className="bi bi-layout-three-columns me-1"),
                        t("profile.compare_with", lang),
                    ],
                    href=href("/bandingkan", lang, kode=f"{code},{home}" if code != home else code),
                    color="outline-primary",
                    size="sm",
                ),
                className="ms-auto align-self-end",
                width="auto",
            ),
            dbc.Col(
                briefing_controls(code, period, lang), className="align-self-end", width="auto"
            ),
        ],
        className="g-3 mb-3",
    )
    body = [header, controls]
    if row is None or pd.isna(row["composite"]):
        body.append(dbc.Alert(t("profile.no_score", lang, period=period), color="info"))
    body.append(_kpis(snap, row, period, lang))
    seen = {"period": period if seen_period is None else seen_period}

    def menu(chart: str):
        return export_menu(
            chart, lang=lang, resolved={"period": period}, seen=seen, fixed={"kode": code}
        )

    strong, weak = strongest_and_weakest(snap, code, period)
    body.append(
        dbc.Row(
            [
                dbc.Col(
                    _card(
                        t("profile.pillars_title", lang),
                        dcc.Graph(
                            id=ids.PROFILE_PILLARS,
                            figure=page_charts.pillars_figure(snap, code, period, lang=lang),
                            config=maps.graph_config("pilar"),
                            className="profile-pillars",
                        ),
                        menu=menu("pilar"),
                    ),
                    lg=7,
                ),
                dbc.Col(
                    [
                        _card(
                            t("profile.trend_title", lang),
                            dcc.Graph(
                                id=ids.PROFILE_TREND,
                                figure=page_charts.trend_figure(snap, code, lang=lang),
                                config=maps.graph_config("tren"),
                                className="profile-trend",
                            ),
                            menu=menu("tren"),
                        ),
                    ],
                    lg=5,
                ),
            ],
            className="g-3 mb-3",
        )
    )
    body.append(
        dbc.Row(
            [
                dbc.Col(
                    _card(
                        t("profile.strongest", lang),
                        _indicator_list(snap, strong, indicators, lang, "better"),
                    ),
                    md=6,
                    lg=4,
                ),
                dbc.Col(
                    _card(
                        t("profile.weakest", lang),
                        _indicator_list(snap, weak, indicators, lang, "worse"),
                    ),
                    md=6,
                    lg=4,
                ),
                dbc.Col(
                    _card(t("profile.programme_title", lang), _programme(snap, code, lang)), lg=4
                ),
            ],
            className="g-3 mb-3",
        )
    )
    body.append(_card(t("profile.indicators_title", lang), _indicator_grid(snap, indicators, lang)))
    return body


def _card(title: str, body, *, menu=None) -> dbc.Card:
    header = card_header(title, menu) if menu else dbc.CardHeader(title, className="fw-semibold")
    return dbc.Card([header, dbc.CardBody(body)], className="h-100 shadow-sm")


def _kpis(snap, row, period: int, lang: str) -> dbc.Row:
    if row is None:
        return dbc.Row()
    level = snap.framework.level_for(row["composite"]) if pd.notna(row["composite"]) else None
    change = row["change"] if pd.notna(row["change"]) else None
    return dbc.Row(
        [
            kpi_card(
                t("profile.score", lang),
                fmt_number(row["composite"], lang, 1),
                icon="bi-speedometer2",
                tone="text-home",
            ),
            kpi_card(
                t("profile.level", lang),
                level.name(lang) if level else "–",
                icon="bi-bar-chart-steps",
            ),
            kpi_card(
                t("profile.rank_national", lang),
                _int(row["rank_national"]),
                detail=t("profile.of", lang, n=_int(row["n_ranked_national"])),
                icon="bi-trophy",
            ),
            kpi_card(
                t("profile.rank_province", lang),
                _int(row["rank_province"]),
                detail=t("profile.of", lang, n=_int(row["n_ranked_province"])),
                icon="bi-flag",
            ),
            kpi_card(
                t("profile.change", lang, year=period - 1),
                fmt_signed(change, lang, 1),
                tone=""
                if change is None or change == 0
                else ("text-better" if change > 0 else "text-worse"),
                icon="bi-graph-up-arrow",
            ),
        ],
        className="g-3 mb-3",
    )


def _int(value) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))


def _indicator_list(
    snap, indicator_ids: list[str], table: pd.DataFrame, lang: str, tone: str
) -> html.Ol:
    by_id = table.set_index("indicator_id")
    items = []
    for ind_id in indicator_ids:
        ind = snap.framework.indicator(ind_id)
        row = by_id.loc[ind_id]
        value = _value_text(ind, row["value"], lang)
        rank = f" · #{int(row['rank'])}/{int(row['n_regions'])}" if pd.notna(row["rank"]) else ""
        items.append(
            html.Li(
                [
                    html.Span(ind.name(lang), className="fw-semibold"),
                    html.Br(),
                    html.Small(f"{value}{rank}", className=f"text-{tone}"),
                ]
            )
        )
    return html.Ol(items or [html.Li(t("common.no_data", lang))], className="mb-0 ps-3")


def _value_text(ind, value, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("common.insufficient_data", lang)
    if ind.categories:
        position = int(float(value)) - 1
        return ind.categories[position] if 0 <= position < len(ind.categories) else str(value)
    return f"{fmt_number(value, lang, ind.decimals)} {ind.unit}"


def _programme(snap, code: str, lang: str) -> html.Div:
    status = programme_status(snap, code)
    if status is None:
        return html.P(t("profile.programme_none", lang), className="text-body-secondary mb-0")
    bimtek = int(status.get("bimtek_done") or 0)
    plan = status.get("masterplan_status") or "none"
    return html.Div(
        [
            html.Dl(
                [
                    html.Dt(t("profile.cohort", lang)),
                    html.Dd(str(status.get("cohort_year") or "–")),
                    html.Dt(t("profile.mou", lang)),
                    html.Dd(str(status.get("mou_date") or "–")),
                    html.Dt(t("profile.bimtek", lang)),
                    html.Dd(
                        [
                            dbc.Progress(
                                value=bimtek * 25,
                                className="mb-1",
                                style={"height": "10px"},
                                label="",
                            ),
                            html.Small(t("profile.bimtek_of", lang, n=bimtek)),
                        ]
                    ),
                    html.Dt(t("profile.masterplan", lang)),
                    html.Dd(t(f"profile.masterplan_{plan}", lang)),
                    html.Dt(t("profile.quick_wins", lang)),
                    html.Dd(
                        str(
                            status.get("quick_wins")
                            if status.get("quick_wins") is not None
                            else "–"
                        )
                    ),
                ],
                className="mb-0 small",
            ),
            synthetic_badge(
                lang=lang, show=status.get("source") == "sintetis", id="programme-synthetic"
            ),
        ]
    )


def _indicator_grid(snap, table: pd.DataFrame, lang: str) -> dag.AgGrid:
    groups = {g.id: g.name(lang) for g in (*snap.framework.pillars, *snap.framework.elements)}
    groups["context"] = t("profile.context_title", lang)
    rows = []
    for rec in table.to_dict("records"):
        ind = snap.framework.indicator(rec["indicator_id"])
        rows.append(
            {
                "indicator": ind.name(lang),
                "group": groups.get(rec["group"], rec["group"]),
                "value": _value_text(ind, rec["value"], lang)
                if ind.categories
                else (
                    fmt_number(rec["value"], lang, ind.decimals)
                    if rec["value"] is not None and not pd.isna(rec["value"])
                    else t("common.insufficient_data", lang)
                ),
                "unit": ind.unit,
                "rank": None
                if rec["rank"] is None or pd.isna(rec["rank"])
                else f"{int(rec['rank'])}/{int(rec['n_regions'])}",
                "percentile": None
                if rec["percentile"] is None or pd.isna(rec["percentile"])
                else round(rec["percentile"]),
                "year": None
                if rec["period"] is None or pd.isna(rec["period"])
                else int(rec["period"]),
                "source": rec["source"],
                "synthetic": t("profile.yes", lang) if rec["synthetic"] else t("profile.no", lang),
            }
        )
    columns = [
        {
            "field": "indicator",
            "headerName": t("profile.col_indicator", lang),
            "flex": 3,
            "minWidth": 220,
            "tooltipField": "indicator",
        },
        {
            "field": "group",
            "headerName": t("profile.col_group", lang),
            "flex": 2,
            "minWidth": 150,
            "rowGroup": False,
        },
        {
            "field": "value",
            "headerName": t("profile.col_value", lang),
            "flex": 1,
            "minWidth": 100,
            "type": "rightAligned",
        },
        {"field": "unit", "headerName": t("profile.col_unit", lang), "flex": 1, "minWidth": 90},
        {
            "field": "rank",
            "headerName": t("profile.col_rank", lang),
            "flex": 1,
            "minWidth": 90,
            "type": "rightAligned",
        },
        {
            "field": "percentile",
            "headerName": t("profile.col_percentile", lang),
            "flex": 1,
            "minWidth": 100,
            "type": "rightAligned",
        },
        {"field": "year", "headerName": t("profile.col_year", lang), "flex": 1, "minWidth": 100},
        {
            "field": "source",
            "headerName": t("profile.col_source", lang),
            "flex": 2,
            "minWidth": 150,
        },
        {
            "field": "synthetic",
            "headerName": t("profile.col_synthetic", lang),
            "flex": 1,
            "minWidth": 90,
        },
    ]
    return dag.AgGrid(
        id=ids.PROFILE_INDICATORS,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"domLayout": "autoHeight", "tooltipShowDelay": 300},
        className="ag-theme-quartz indicator-table",
        style={"width": "100%"},
    )


def _province_view(snap, code: str, period: int, lang: str) -> list:
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
    grid = dag.AgGrid(
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
                    _int(prow["rank_national"].iloc[0]) if len(prow) else "–",
                    detail=t("profile.of", lang, n=len(snap.regions.provinces)),
                    icon="bi-trophy",
                ),
            ],
            className="g-3 mb-3",
        ),
        _card(t("profile.province_regencies", lang, province=name), grid),
    ]


@callback(
    Output("profile-body", "children"),
    Input(ids.PROFILE_PERIOD, "value"),
    State(CODE_STORE, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_profile_on_period(period, code, lang):
    """Rebuild the profile for another year (the period is also written to the URL)."""
    snap = snapshot()
    return _regency_view(snap, code, _period(snap, period), lang, settings().HOME_REGION)


clientside_callback(
    """
    function(period) {
        return window.kc.writeQuery({period: period}, "profile-defaults");
    }
    """,
    Output("profile-url-state", "data"),
    Input(ids.PROFILE_PERIOD, "value"),
)
