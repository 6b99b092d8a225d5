"""Programme tracker `/program`: Gerakan Menuju Smart City participants, bimtek and masterplans."""

from __future__ import annotations

import json
from datetime import datetime

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import ids
from dashboard.charts import maps
from dashboard.charts import region as region_charts
from dashboard.charts.columns import names_of
from dashboard.charts.query import ALL, PROGRAMME_KEYS, REGION_KEYS, cohorts, defaults, resolve
from dashboard.charts.registry import chart_figure
from dashboard.components.controls import dropdown, labelled, note
from dashboard.components.export_menu import titled_card
from dashboard.components.kpi import kpi_card
from dashboard.components.shell import synthetic_badge
from dashboard.data.views.programme import (
    BIMTEK_SESSIONS,
    COHORT_FACTS,
    cohort_summary,
    programme_is_synthetic,
    programme_table,
)
from dashboard.data.views.regions import short_name
from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.pages import region_targets
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.common import open_profile_on_click, write_query_on_change
from dashboard.pages.frame import chart_menu, chart_with_text, needs_data, page_frame
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(
    __name__, path="/program", name="programme", title="Program Menuju Smart City · Kota Cerdas"
)
callbacks = Callbacks()

LANG_STORE = "programme-lang"
DEFAULTS = "programme-defaults"
URL_STATE = "programme-url-state"
COHORT_SELECT = "programme-cohort"
PARTICIPANTS = "programme-participants"
PARTICIPANTS_CAPTION = "programme-participants-caption"


@needs_data("programme")
def layout(lang=None, kohort=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    table = programme_table(snap)
    summary = cohort_summary(table)
    q = resolve(snap, PROGRAMME_KEYS, {"kohort": kohort}, home=home)
    synthetic = programme_is_synthetic(table)
    header = html.Div(
        [
            html.H1(t("programme.title", lang), className="h3 mb-0 me-3"),
            synthetic_badge(lang=lang, show=synthetic, id=ids.SYNTHETIC_BADGE),
        ],
        className="d-flex flex-wrap align-items-center gap-2 mb-1",
    )
    body = [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=URL_STATE),
        html.Div(
            id=DEFAULTS,
            hidden=True,
            **{"data-defaults": json.dumps(defaults(snap, PROGRAMME_KEYS, home=home))},
        ),
        header,
        html.P(t("programme.subtitle", lang), className="text-body-secondary mb-1"),
        note(t("programme.sample_note", lang), extra_class="d-block mb-3") if synthetic else None,
    ]
    if not table["participant"].any():
        body.append(
            dbc.Alert(t("programme.no_programme", lang), color="info", id="programme-empty")
        )
    kpis = _kpis(table, summary, lang, home, names_of(snap))
    body += [
        html.Div(kpis, id="programme-kpis", className="mb-3"),
        *_charts(snap, lang, home, resolved=q.values, seen={"kohort": kohort}),
        _home_timeline(snap, lang, home),
        _participants_card(table, cohorts(snap), q["kohort"], q.ok("kohort"), kohort, lang, home),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="programme",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


CHART_CARDS = (  # chart name, title key, graph id, css class, a note under the chart
    ("peta-program", "programme.map_title", ids.PROGRAMME_MAP, "readiness-map", "click_hint"),
    ("angkatan", "programme.cohorts_title", ids.PROGRAMME_COHORTS, "programme-chart", "facts"),
    ("bimtek", "programme.bimtek_title", ids.PROGRAMME_BIMTEK, "programme-chart", None),
    ("masterplan", "programme.masterplan_title", ids.PROGRAMME_MASTERPLAN, "programme-chart", None),
)
CHART_WIDTHS = (7, 5, 6, 6)  # columns on large screens: map and cohorts, then bimtek and plans


def _charts(snap, lang: str, home: str, *, resolved: dict, seen: dict) -> list:
    """Two rows of chart cards, each with its export menu."""
    cols = []
    for (name, title, graph_id, class_name, below), width in zip(
        CHART_CARDS, CHART_WIDTHS, strict=True
    ):
        graph = dcc.Graph(
            id=graph_id,
            figure=chart_figure(name, snap, resolved, lang=lang, home=home),
            config=maps.graph_config(name),
            className=class_name,
            **({"responsive": True} if name == "peta-program" else {}),
        )
        graph = chart_with_text(name, graph, lang=lang, values=resolved)
        body = [graph, _chart_note(below, lang)] if below else graph
        menu = chart_menu(name, lang=lang, resolved=resolved, seen=seen)
        cols.append(dbc.Col(titled_card(t(title, lang), body, menu=menu), lg=width))
    return [
        dbc.Row(cols[:2], className="g-3 mb-3"),
        dbc.Row(cols[2:], className="g-3 mb-3"),
    ]


def _home_timeline(snap, lang: str, home: str) -> dbc.Row:
    """The home region's index over the years with its programme milestones and events."""
    name = short_name(names_of(snap).get(home, home))
    graph = dcc.Graph(
        id=ids.PROGRAMME_HOME_TREND,
        figure=region_charts.trend_figure(snap, home, lang=lang),
        config=maps.graph_config("tren"),
        className="programme-chart",
    )
    trend = resolve(snap, REGION_KEYS, {"kode": home}, home=home).values  # the profile's chart
    graph = chart_with_text("tren", graph, lang=lang, values=trend, menu=False)
    return dbc.Row(
        [
            dbc.Col(titled_card(t("programme.home_trend_title", lang, name=name), graph), lg=8),
            dbc.Col(
                titled_card(
                    t("events.timeline_title", lang),
                    region_targets.timeline(snap, home, lang, id=ids.PROGRAMME_TIMELINE),
                ),
                lg=4,
            ),
        ],
        className="g-3 mb-3",
    )


def _chart_note(kind: str, lang: str):
    if kind == "facts":
        return note(_facts_text(lang), icon="bi-patch-check")
    return note(t("programme.click_hint", lang))


def _facts_text(lang: str) -> str:
    facts = ", ".join(f"{year}: {n}" for year, n in COHORT_FACTS.items())
    return t("programme.cohort_facts", lang, facts=facts)


def _date(text: object, lang: str) -> str:
    if text is None or pd.isna(text) or not str(text):
        return "–"
    try:
        return fmt_date(datetime.fromisoformat(str(text)), lang)
    except ValueError:
        return str(text)


def _kpis(table: pd.DataFrame, summary: pd.DataFrame, lang: str, home: str, names) -> list:
    members = table[table["participant"]]
    plans = members["masterplan_status"].fillna("none")
    first = [
        kpi_card(
            t("programme.kpi_total", lang),
            fmt_number(len(members), lang, 0),
            detail=t("programme.kpi_total_detail", lang, total=fmt_number(len(table), lang, 0)),
            icon="bi-people-fill",
        )
    ]
    for row in summary.itertuples(index=False):
        fact = "" if pd.isna(row.fact) else t("programme.kpi_cohort_fact", lang, n=int(row.fact))
        first.append(
            kpi_card(
                t("programme.kpi_cohort", lang, year=int(row.cohort_year)),
                fmt_number(row.participants, lang, 0),
                detail=f"{t('programme.kpi_cohort_detail', lang)} · {fact}" if fact else "",
                icon="bi-calendar-check",
            )
        )
    second = [
        kpi_card(
            t("programme.kpi_adopted", lang),
            fmt_number(int((plans == "adopted").sum()), lang, 0),
            detail=t(
                "programme.kpi_adopted_detail", lang, drafting=int((plans == "drafting").sum())
            ),
            icon="bi-journal-check",
        ),
        kpi_card(
            t("programme.kpi_bimtek", lang),
            fmt_number(int((members["bimtek_done"] >= BIMTEK_SESSIONS).sum()), lang, 0),
            detail=t("programme.kpi_bimtek_detail", lang, n=len(members)),
            icon="bi-mortarboard",
        ),
        _home_card(table, lang, home, names),
    ]
    return [dbc.Row(first, className="g-3 mb-3"), dbc.Row(second, className="g-3")]


def _home_card(table: pd.DataFrame, lang: str, home: str, names) -> dbc.Col:
    row = table[table["code"] == home]
    name = short_name(names.get(home, home))
    if row.empty or not bool(row["participant"].iloc[0]):
        card = kpi_card(
            t("programme.kpi_home", lang, name=name),
            t("programme.home_none", lang),
            detail=t("programme.home_none_detail", lang),
            tone="text-home",
            icon="bi-geo-alt-fill",
        )
    else:
        rec = row.iloc[0]
        plan = rec["masterplan_status"] if isinstance(rec["masterplan_status"], str) else "none"
        card = kpi_card(
            t("programme.kpi_home", lang, name=name),
            t("programme.home_cohort", lang, year=int(rec["cohort_year"])),
            detail=t(
                "programme.home_detail",
                lang,
                mou=_date(rec["mou_date"], lang),
                bimtek=0 if pd.isna(rec["bimtek_done"]) else int(rec["bimtek_done"]),
                plan=t(f"programme.masterplan_{plan}", lang),
            ),
            tone="text-home",
            icon="bi-geo-alt-fill",
        )
    card.xl = 6  # the home card carries a sentence: give it room
    card.md = 12
    return card


def _participants_card(table, cohorts, cohort, cohort_ok, raw, lang: str, home: str) -> dbc.Card:
    options = [{"label": t("programme.all_cohorts", lang), "value": ALL}] + [
        {"label": str(year), "value": year} for year in cohorts
    ]
    rows = participant_rows(table, cohort, lang)
    control = dbc.Row(
        labelled(
            t("programme.cohort_filter", lang),
            dropdown(COHORT_SELECT, options, cohort, lang=lang, searchable=False),
            control_id=COHORT_SELECT,
            width={"xs": 12, "md": 4, "lg": 3},
        ),
        className="mb-2 align-items-end",
    )
    caption = [t("programme.participants_count", lang, n=len(rows))]
    if not cohort_ok:
        caption = [t("programme.bad_cohort", lang, cohort=raw), " · ", *caption]
    return dbc.Card(
        [
            dbc.CardHeader(t("programme.participants_title", lang), className="fw-semibold"),
            dbc.CardBody(
                [
                    control,
                    html.Small(
                        caption,
                        id=PARTICIPANTS_CAPTION,
                        className="text-body-secondary d-block mb-2",
                    ),
                    dag.AgGrid(
                        id=PARTICIPANTS,
                        rowData=rows,
                        columnDefs=_participant_columns(lang, home),
                        defaultColDef={"sortable": True, "resizable": True},
                        getRowId="params.data.code",
                        dashGridOptions={"animateRows": False},
                        className="ag-theme-quartz",
                        style={"height": "420px", "width": "100%"},
                    ),
                ]
            ),
        ],
        className="shadow-sm",
    )


def participant_rows(table: pd.DataFrame, cohort, lang: str) -> list[dict]:
    """Participants (of one cohort or all) as grid rows, newest cohort first."""
    members = table[table["participant"]]
    if cohort != ALL:
        members = members[members["cohort_year"] == cohort]
    members = members.sort_values(
        ["cohort_year", "province_code", "code"], ascending=[False, True, True]
    )
    rows = []
    for rec in members.to_dict("records"):
        plan = rec["masterplan_status"] if isinstance(rec["masterplan_status"], str) else "none"
        bimtek = None if pd.isna(rec["bimtek_done"]) else int(rec["bimtek_done"])
        rows.append(
            {
                "code": rec["code"],
                "region": f"[{rec['name']}]({href('/wilayah/' + rec['code'], lang)})",
                "province": rec["province_name"],
                "cohort": int(rec["cohort_year"]),
                "mou": _date(rec.get("mou_date"), lang),
                "bimtek": bimtek,
                "masterplan": t(f"programme.masterplan_{plan}", lang),
                "quick_wins": None if pd.isna(rec.get("quick_wins")) else int(rec["quick_wins"]),
            }
        )
    return rows


def _participant_columns(lang: str, home: str) -> list[dict]:
    return [
        {
            "field": "region",
            "headerName": t("programme.col_region", lang),
            "cellRenderer": "markdown",
            "minWidth": 220,
            "flex": 2,
            "cellClassRules": {"text-home": f"params.data.code === '{home}'"},
        },
        {
            "field": "province",
            "headerName": t("programme.col_province", lang),
            "minWidth": 160,
            "flex": 1,
        },
        {
            "field": "cohort",
            "headerName": t("programme.col_cohort", lang),
            "minWidth": 110,
            "type": "rightAligned",
        },
        {"field": "mou", "headerName": t("programme.col_mou", lang), "minWidth": 150},
        {
            "field": "bimtek",
            "headerName": t("programme.col_bimtek", lang),
            "minWidth": 130,
            "type": "rightAligned",
            "valueFormatter": {"function": "params.value == null ? '–' : params.value + '/4'"},
        },
        {"field": "masterplan", "headerName": t("programme.col_masterplan", lang), "minWidth": 140},
        {
            "field": "quick_wins",
            "headerName": t("programme.col_quick_wins", lang),
            "minWidth": 110,
            "type": "rightAligned",
        },
    ]


@callbacks.callback(
    Output(PARTICIPANTS, "rowData"),
    Output(PARTICIPANTS_CAPTION, "children"),
    Input(COHORT_SELECT, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_participants_on_cohort(cohort, lang):
    """List the participants of the chosen cohort (or all of them)."""
    lang = lang_of(lang)
    snap = snapshot()
    chosen = resolve(snap, PROGRAMME_KEYS, {"kohort": cohort}, home="")["kohort"]
    rows = participant_rows(programme_table(snap), chosen, lang)
    return rows, t("programme.participants_count", lang, n=len(rows))


write_query_on_change(
    callbacks,
    URL_STATE,
    {"kohort": Input(COHORT_SELECT, "value")},
    DEFAULTS,
    prevent_initial_call=True,
)
open_profile_on_click(callbacks, ids.PROGRAMME_MAP)


register_callbacks = callbacks.register
