"""Region profile `/wilayah/<code>`: score, level, pillars, trend, every indicator, programme status."""

from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import ids
from dashboard.charts import maps
from dashboard.charts.query import PERIOD, defaults, period_of
from dashboard.charts.registry import chart_figure
from dashboard.components import why
from dashboard.components.briefing_button import briefing_controls
from dashboard.components.controls import period_select
from dashboard.components.export_menu import titled_card
from dashboard.components.kpi import kpi_card
from dashboard.components.shell import synthetic_badge
from dashboard.data.errors import DataError
from dashboard.data.store.datasets import SYNTHETIC
from dashboard.data.views.districts import has_district_data
from dashboard.data.views.measures import indicator_profile, programme_status, strongest_and_weakest
from dashboard.data.views.provenance import composite_gap
from dashboard.i18n import fmt_number, fmt_signed, t
from dashboard.pages import briefing_download, region_levers, region_targets
from dashboard.pages.briefing_download import FORMATS as BRIEFING_FORMATS
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.common import write_query_on_change
from dashboard.pages.frame import chart_menu, chart_with_text, needs_data, page_frame
from dashboard.pages.region_indicators import indicator_grid, indicator_list
from dashboard.pages.region_province import province_view, rank_text
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(
    __name__, path_template="/wilayah/<code>", name="region", title="Profil wilayah · Kota Cerdas"
)
callbacks = Callbacks()


LANG_STORE = "profile-lang"
CODE_STORE = "profile-code"


@needs_data("profile")
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
    year = period_of(snap, period)
    if "." not in resolved:
        return page_frame(*province_view(snap, resolved, year, lang), **frame)
    return page_frame(
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=CODE_STORE, data=resolved),
        dcc.Store(id="profile-url-state"),
        html.Div(
            id="profile-defaults",
            hidden=True,
            **{"data-defaults": json.dumps(defaults(snap, (PERIOD,), home=home))},
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
    """Header, controls, KPIs, chart cards, indicator lists and grid of one kab/kota and year."""
    scores = snap.scores
    row = scores[(scores["region_code"] == code) & (scores["period"] == period)]
    row = row.iloc[0] if len(row) else None
    indicators = indicator_profile(snap, code, period)
    body = [_header(snap, code, indicators, lang, home), _controls(snap, code, period, lang, home)]
    if row is None or pd.isna(row["composite"]):
        names = {i.id: i.name(lang) for i in snap.framework.indicators}
        region = snap.regions.name(code)
        body.append(why.region_gap(composite_gap(snap, code, period), names, region=region,
                                   lang=lang))  # fmt: skip
    seen = {"period": period if seen_period is None else seen_period}
    body += [
        _kpis(snap, row, period, lang),
        _charts(snap, code, period, lang, home, seen),
        _lists(snap, code, period, indicators, lang),
        region_targets.targets_section(snap, code, period, lang),
        region_levers.levers_section(snap, code, period, lang),
        titled_card(t("profile.indicators_title", lang), indicator_grid(snap, indicators, lang)),
    ]
    return body


def _header(snap, code: str, indicators, lang: str, home: str) -> html.Div:
    region = snap.regions.regions.set_index("code").loc[code]
    home_badge = html.Span(t("common.home_region", lang), className="badge text-bg-danger")
    subtitle = t(
        "profile.subtitle",
        lang,
        type=t(f"profile.type_{region['type']}", lang),
        province=region["province_name"],
        code=code,
        bps=region["bps_code"],
    )
    synthetic = bool(indicators["synthetic"].any())
    return html.Div(
        [
            html.Div(
                [
                    html.H1(region["name"], className="h3 mb-0 me-3"),
                    synthetic_badge(lang=lang, show=synthetic, id=ids.SYNTHETIC_BADGE),
                    home_badge if code == home else None,
                ],
                className="d-flex flex-wrap align-items-center gap-2",
            ),
            html.P(subtitle, className="text-body-secondary mb-2"),
        ]
    )


def _controls(snap, code: str, period: int, lang: str, home: str) -> dbc.Row:
    """Year, the link to compare with the home region, and the briefing download."""
    compare = dbc.Button(
        [html.I(className="bi bi-layout-three-columns me-1"), t("profile.compare_with", lang)],
        href=href("/bandingkan", lang, kode=f"{code},{home}" if code != home else code),
        color="outline-primary",
        size="sm",
    )
    briefing = briefing_controls(code, period, lang, formats=BRIEFING_FORMATS)
    districts = (
        dbc.Col(
            dbc.Button(
                [html.I(className="bi bi-grid-3x3-gap me-1"), t("district.profile_link", lang)],
                href=href(f"/wilayah/{code}/kecamatan", lang),
                color="outline-primary",
                size="sm",
                id=ids.PROFILE_DISTRICT_LINK,
            ),
            className="align-self-end",
            width="auto",
        )
        if has_district_data(snap, code)
        else None
    )
    return dbc.Row(
        [
            period_select(
                ids.PROFILE_PERIOD,
                snap.periods,
                period,
                label=t("profile.period", lang),
                lang=lang,
                width={"xs": 6, "md": 3, "lg": 2},
            ),
            dbc.Col(compare, className="ms-auto align-self-end", width="auto"),
            districts,
            dbc.Col(briefing, className="align-self-end", width="auto"),
        ],
        className="g-3 mb-3 kc-filters",
    )


CHART_CARDS = (  # chart name, title key, graph id, css class, columns on large screens
    ("pilar", "profile.pillars_title", ids.PROFILE_PILLARS, "profile-pillars", 7),
    ("tren", "profile.trend_title", ids.PROFILE_TREND, "profile-trend", 5),
)


def _charts(snap, code: str, period: int, lang: str, home: str, seen: dict) -> dbc.Row:
    """The pillars and trend cards, each with its export menu and text alternative."""
    q = {"kode": code, "period": period}
    cols = []
    for name, title, graph_id, class_name, width in CHART_CARDS:
        graph = dcc.Graph(
            id=graph_id,
            figure=chart_figure(name, snap, q, lang=lang, home=home),
            config=maps.graph_config(name),
            className=class_name,
        )
        menu = chart_menu(
            name, lang=lang, resolved={"period": period}, seen=seen, fixed={"kode": code}
        )
        described = chart_with_text(name, graph, lang=lang, values=q, fixed={"kode": code})
        cols.append(dbc.Col(titled_card(t(title, lang), described, menu=menu), lg=width))
    return dbc.Row(cols, className="g-3 mb-3")


def _lists(snap, code: str, period: int, indicators, lang: str) -> dbc.Row:
    """Strongest and weakest indicators, and the programme status."""
    strong, weak = strongest_and_weakest(snap, code, period)
    strongest = indicator_list(snap, strong, indicators, lang, "better")
    weakest = indicator_list(snap, weak, indicators, lang, "worse")
    return dbc.Row(
        [
            dbc.Col(titled_card(t("profile.strongest", lang), strongest), md=6, lg=4),
            dbc.Col(titled_card(t("profile.weakest", lang), weakest), md=6, lg=4),
            dbc.Col(
                titled_card(t("profile.programme_title", lang), _programme(snap, code, lang)),
                lg=4,
            ),
        ],
        className="g-3 mb-3",
    )


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
                rank_text(row["rank_national"]),
                detail=t("profile.of", lang, n=rank_text(row["n_ranked_national"])),
                icon="bi-trophy",
            ),
            kpi_card(
                t("profile.rank_province", lang),
                rank_text(row["rank_province"]),
                detail=t("profile.of", lang, n=rank_text(row["n_ranked_province"])),
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


def _bimtek_bar(done: int, lang: str) -> html.Div:
    """Bootstrap's progress markup with a name (WCAG 4.1.2, axe aria-progressbar-name), which
    ``dbc.Progress`` cannot give: it passes no ``aria-*`` to its bar."""
    return html.Div(
        html.Div(
            className="progress-bar",
            role="progressbar",
            style={"width": f"{done * 25}%"},
            **{
                "aria-label": t("profile.bimtek", lang),
                "aria-valuenow": str(done),
                "aria-valuemin": "0",
                "aria-valuemax": "4",
                "aria-valuetext": t("profile.bimtek_of", lang, n=done),
            },
        ),
        className="progress mb-1",
        style={"height": "10px"},
    )


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
                            _bimtek_bar(bimtek, lang),
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
                lang=lang, show=status.get("source") == SYNTHETIC, id="programme-synthetic"
            ),
        ]
    )


@callbacks.callback(
    Output("profile-body", "children"),
    Input(ids.PROFILE_PERIOD, "value"),
    State(CODE_STORE, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_profile_on_period(period, code, lang):
    """Rebuild the profile for another year (the period is also written to the URL)."""
    snap = snapshot()
    return _regency_view(snap, code, period_of(snap, period), lang, settings().HOME_REGION)


write_query_on_change(
    callbacks,
    "profile-url-state",
    {"period": Input(ids.PROFILE_PERIOD, "value")},
    "profile-defaults",
)


def register_callbacks(app: dash.Dash) -> None:
    """The profile's callbacks and its briefing download's, on ``app``."""
    callbacks.register(app)
    briefing_download.register_callbacks(app)
    region_levers.register_callbacks(app)
