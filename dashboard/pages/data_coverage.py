"""Data coverage `/data` ("Ketersediaan data"): which values are real, synthetic or missing.

For officials who must fill the gaps: per indicator and year how many of the 514 kab/kota have a
real value, a synthetic one or none, with the publisher and latest real year; per region (the
home region first) what it lacks; the data request list grouped by publisher, downloadable as
CSV/XLSX, and collection templates (XLSX) per publisher. Query: ``period``, ``kode`` (region),
``cakupan`` (request scope: ``home``, the home province code or ``all``).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html

from dashboard.charts.coverage import coverage_figure, scope_label
from dashboard.components.controls import dropdown, labelled, note, period_select
from dashboard.components.coverage import (
    download_links,
    indicator_table,
    legend,
    region_gaps,
    request_list,
    scroll_region,
)
from dashboard.components.export_menu import titled_card
from dashboard.components.kpi import kpi_card
from dashboard.components.shell import synthetic_badge
from dashboard.data.errors import DataError
from dashboard.data.views.coverage import (
    data_request,
    indicator_coverage,
    missing_for_region,
    region_summary,
    regions_home_first,
    scope_regions,
)
from dashboard.data.views.periods import default_period
from dashboard.i18n import fmt_number, t
from dashboard.labels import short_name
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.common import write_query_on_change
from dashboard.pages.frame import chart_menu, chart_with_text, needs_data, page_frame
from dashboard.state import lang_of, settings, snapshot

dash.register_page(__name__, path="/data", name="coverage", title="Ketersediaan data · Kota Cerdas")
callbacks = Callbacks()

PERIOD = "coverage-period"
REGION = "coverage-region"
SCOPE = "coverage-scope"
LANG_STORE = "coverage-lang"
DEFAULTS = "coverage-defaults"
URL_STATE = "coverage-url-state"
KPIS = "coverage-kpis"
TABLE = "coverage-table"
TABLE_TITLE = "coverage-table-title"
GAPS = "coverage-gaps"
GAPS_TITLE = "coverage-gaps-title"
REQUEST = "coverage-request"
REQUEST_TITLE = "coverage-request-title"
DOWNLOADS = "coverage-downloads"
HEATMAP = "coverage-heatmap"
CHART = "ketersediaan"


@needs_data("coverage")
def layout(lang=None, period=None, kode=None, cakupan=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    year = _year(snap, period)
    region = kode if kode in set(snap.regions.regencies["code"]) else home
    scopes = _scopes(snap, home, lang)
    scope = cakupan if cakupan in {s["value"] for s in scopes} else "home"
    defaults = {"period": default_period(snap), "kode": home, "cakupan": "home"}
    parts = sections(snap, year, region, scope, lang)
    body = [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=URL_STATE),
        html.Div(id=DEFAULTS, hidden=True, **{"data-defaults": json.dumps(defaults)}),
        html.Div(
            [
                html.H1(t("coverage.title", lang), className="h3 mb-0 me-3"),
                synthetic_badge(lang=lang, show=snap.is_synthetic, id="coverage-badge"),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(t("coverage.subtitle", lang, n=len(snap.regions.regencies)), className="mb-3"),
        _controls(snap, year, region, scope, scopes, home, lang),
        dbc.Row(parts[KPIS], id=KPIS, className="g-3 mb-3"),
        dbc.Row(
            [
                dbc.Col(_table_card(parts, lang), lg=7, className="mb-3"),
                dbc.Col(
                    [_gaps_card(parts, lang), _request_card(parts, lang)],
                    lg=5,
                    className="mb-3 d-flex flex-column gap-3",
                ),
            ]
        ),
        _heatmap_card(snap, lang),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="coverage",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


def _year(snap, raw) -> int:
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return default_period(snap)
    return value if value in snap.periods else default_period(snap)


def _scopes(snap, home: str, lang: str) -> list[dict]:
    province = home.split(".")[0]
    return [
        {"label": snap.regions.name(home), "value": "home"},
        {
            "label": t("coverage.scope_province_option", lang, name=snap.regions.name(province)),
            "value": province,
        },
        {"label": t("coverage.scope_all", lang, n=len(snap.regions.regencies)), "value": "all"},
    ]


def _controls(snap, year, region, scope, scopes, home, lang) -> dbc.Row:
    names = snap.regions.regencies.set_index("code")["name"]
    regions = [{"label": f"{names[c]} ({c})", "value": c} for c in regions_home_first(snap, home)]
    return dbc.Row(
        [
            period_select(
                PERIOD,
                snap.periods,
                year,
                label=t("coverage.period", lang),
                lang=lang,
                width={"xs": 12, "md": 3, "lg": 2},
            ),
            labelled(
                t("coverage.region", lang),
                dropdown(REGION, regions, region, lang=lang),
                control_id=REGION,
                width={"xs": 12, "md": 5, "lg": 4},
            ),
            labelled(
                t("coverage.scope", lang),
                dropdown(SCOPE, scopes, scope, lang=lang, searchable=False),
                control_id=SCOPE,
                width={"xs": 12, "md": 4, "lg": 3},
            ),
        ],
        className="g-3 mb-3",
    )


def _heatmap_card(snap, lang: str):
    """The coverage heatmap (chart ``ketersediaan``) with its export menu and text alternative."""
    graph = dcc.Graph(
        id=HEATMAP,
        figure=coverage_figure(snap, lang=lang),
        config={"displaylogo": False, "responsive": True},
    )
    return titled_card(
        t("coverage.heatmap_title", lang),
        [
            note(t("coverage.heatmap_note", lang), extra_class="d-block mb-2"),
            chart_with_text(CHART, graph, lang=lang, values={}),
        ],
        menu=chart_menu(CHART, lang=lang),
        class_name="shadow-sm mb-3",
    )


def _table_card(parts, lang):
    return titled_card(
        html.Span(parts[TABLE_TITLE], id=TABLE_TITLE),
        [legend(lang), html.Div(parts[TABLE], id=TABLE)],
        class_name="shadow-sm h-100",
    )


def _gaps_card(parts, lang):
    return titled_card(
        html.Span(parts[GAPS_TITLE], id=GAPS_TITLE),
        html.Div(parts[GAPS], id=GAPS, className="kc-cov-scroll", **scroll_region(GAPS_TITLE)),
        class_name="shadow-sm",
    )


def _request_card(parts, lang):
    return titled_card(
        t("coverage.request_card", lang),
        [
            note(t("coverage.request_note", lang), extra_class="d-block mb-2"),
            html.Div(parts[DOWNLOADS], id=DOWNLOADS),
            html.Div(
                parts[REQUEST],
                id=REQUEST,
                className="kc-cov-scroll",
                **scroll_region(REQUEST_TITLE),
            ),
        ],
        title_id=REQUEST_TITLE,
        class_name="shadow-sm",
    )


def sections(snap, year: int, region: str, scope: str, lang: str) -> dict:
    """Every part that follows the controls, by its container id."""
    home = settings().HOME_REGION
    table = indicator_coverage(snap, year)
    gaps = missing_for_region(snap, region, year)
    try:
        codes = scope_regions(snap, scope, home=home)
    except DataError:
        scope, codes = "home", [home]
    request = data_request(snap, year, codes)
    query = {"regions": scope, "period": str(year), "lang": lang}
    links = {
        "csv": "/export/coverage/request.csv?" + urlencode(query),
        "xlsx": "/export/coverage/request.xlsx?" + urlencode(query),
        "template": "/export/coverage/template.xlsx?"
        + urlencode({**query, "indicators": ",".join(request["id"]) or "all"}),
    }
    scored = table[table["scored"]]
    values = int(scored["n_regions"].sum()) or 1
    summary = region_summary(snap, home, year)
    name = snap.regions.name(region)
    return {
        KPIS: [
            kpi_card(
                t("coverage.kpi_real_share", lang, year=year),
                fmt_number(100 * scored["real"].sum() / values, lang, 1) + "%",
                detail=t(
                    "coverage.kpi_real_share_detail",
                    lang,
                    n=fmt_number(int(scored["real"].sum()), lang, 0),
                ),
                icon="bi-patch-check",
            ),
            kpi_card(
                t("coverage.kpi_synthetic_share", lang),
                fmt_number(100 * scored["synthetic"].sum() / values, lang, 1) + "%",
                icon="bi-exclamation-triangle",
            ),
            kpi_card(
                t("coverage.kpi_indicators_real", lang),
                f"{int((scored['real'] > 0).sum())} / {len(scored)}",
                icon="bi-list-check",
            ),
            kpi_card(
                t("coverage.kpi_home", lang, region=short_name(snap.regions.name(home))),
                f"{summary.real} / {summary.total}",
                detail=t(
                    "coverage.kpi_home_detail",
                    lang,
                    synthetic=summary.synthetic,
                    missing=summary.missing,
                ),
                icon="bi-geo-alt",
            ),
        ],
        TABLE_TITLE: t("coverage.table_title", lang, year=year),
        TABLE: indicator_table(table, lang=lang, label_id=TABLE_TITLE),
        GAPS_TITLE: t("coverage.gaps_title", lang, region=name, year=year, n=len(gaps)),
        GAPS: region_gaps(gaps, region_name=name, lang=lang),
        DOWNLOADS: download_links(links, lang=lang),
        REQUEST: [
            html.P(
                t(
                    "coverage.request_scope",
                    lang,
                    scope=scope_label(snap, scope, codes, lang),
                    year=year,
                    n=len(request),
                ),
                className="small mb-2",
            ),
            request_list(request, lang=lang, template_query=query, n_regions=len(codes)),
        ],
    }


OUTPUT_IDS = (KPIS, TABLE_TITLE, TABLE, GAPS_TITLE, GAPS, DOWNLOADS, REQUEST)


@callbacks.callback(
    [Output(key, "children") for key in OUTPUT_IDS],
    Input(PERIOD, "value"),
    Input(REGION, "value"),
    Input(SCOPE, "value"),
    Input(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_on_filter(period, region, scope, lang):
    """New year, region or request scope: every part below the controls."""
    snap = snapshot()
    lang = lang_of(lang)
    year = _year(snap, period)
    codes = set(snap.regions.regencies["code"])
    region = region if region in codes else settings().HOME_REGION
    parts = sections(snap, year, region, str(scope or "home"), lang)
    return [parts[key] for key in OUTPUT_IDS]


write_query_on_change(
    callbacks,
    URL_STATE,
    {
        "period": Input(PERIOD, "value"),
        "kode": Input(REGION, "value"),
        "cakupan": Input(SCOPE, "value"),
    },
    DEFAULTS,
    prevent_initial_call=True,
)

register_callbacks = callbacks.register
