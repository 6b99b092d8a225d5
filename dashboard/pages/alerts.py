"""Alerts list `/peringatan`: active and past alerts, filterable by severity and status, exports.

Alerts are evaluated once per (dataset version, rules version, day) in
:mod:`dashboard.data.views.alerts`; this page and its one callback only read that result.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import ids
from dashboard.components.shell import synthetic_badge
from dashboard.data.alerts.rules import SEVERITIES
from dashboard.data.views.alerts import STATUSES, AlertState, alert_state, alert_table, home_alerts
from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.frame import needs_data, page_frame
from dashboard.security.auth import has_role
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(__name__, path="/peringatan", name="alerts", title="Peringatan · Kota Cerdas")
callbacks = Callbacks()

MAX_ROWS = 500  # the exports carry every row
SEVERITY_COLORS = {"critical": "danger", "warning": "warning", "info": "info"}
SEVERITY_ICONS = {
    "critical": "bi-exclamation-circle",
    "warning": "bi-exclamation-triangle-fill",
    "info": "bi-info-circle",
}


@needs_data("alerts")
def layout(lang=None, tingkat=None, status=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    severity = tingkat if tingkat in SEVERITIES else "all"
    status = status if status in STATUSES else "all"
    state = alert_state(snap)
    table = alert_table(snap, lang)
    body = [
        dcc.Store(id=ids.ALERTS_LANG, data=lang),
        html.Div(
            [
                html.H1(t("alerts.title", lang), className="h3 mb-0 me-3"),
                synthetic_badge(
                    lang=lang, show=bool(table["synthetic"].any()), id=ids.SYNTHETIC_BADGE
                ),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(t("alerts.subtitle", lang), className="text-body-secondary mb-3"),
        _home_summary(snap, home, lang),
        _filters(lang, severity, status),
        html.Div(_list(snap, lang, severity, status), id=ids.ALERTS_LIST),
        _rules_card(state, lang),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="alerts",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


def _home_summary(snap, home: str, lang: str) -> dbc.Alert:
    active = home_alerts(snap, home)
    region = snap.regions.name(home)
    if active.empty:
        return dbc.Alert(t("alerts.none_active", lang, region=region), color="success",
                         id=ids.ALERTS_SUMMARY)  # fmt: skip
    worst = active["severity"].iloc[0]
    return dbc.Alert(
        [
            html.I(className=f"bi {SEVERITY_ICONS[worst]} me-2", **{"aria-hidden": "true"}),
            t("alerts.active_count", lang, n=len(active), region=region),
        ],
        color=SEVERITY_COLORS[worst],
        id=ids.ALERTS_SUMMARY,
        className="fw-semibold",
    )


def _filters(lang: str, severity: str, status: str) -> dbc.Row:
    def select(ident: str, label: str, options: list[tuple[str, str]], value: str) -> dbc.Col:
        return dbc.Col(
            [
                dbc.Label(label, html_for=ident, className="small fw-semibold mb-1"),
                dbc.Select(
                    id=ident,
                    options=[{"label": lab, "value": v} for v, lab in options],
                    value=value,
                    size="sm",
                ),
            ],
            xs=12,
            sm=4,
            lg=3,
        )

    severities = [("all", t("alerts.severity_all", lang))]
    severities += [(s, t(f"alerts.severity_{s}", lang)) for s in SEVERITIES]
    statuses = [("all", t("alerts.status_all", lang))]
    statuses += [(s, t(f"alerts.status_{s}", lang)) for s in STATUSES]
    links = html.Div(
        [
            dbc.Button(
                [
                    html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}),
                    t("alerts.export_csv", lang),
                ],
                id=ids.ALERTS_EXPORT_CSV,
                href=_export_href("csv", lang, severity, status),
                external_link=True,
                color="outline-primary",
                size="sm",
            ),
            dbc.Button(
                [
                    html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}),
                    t("alerts.export_xlsx", lang),
                ],
                id=ids.ALERTS_EXPORT_XLSX,
                href=_export_href("xlsx", lang, severity, status),
                external_link=True,
                color="outline-primary",
                size="sm",
            ),
        ],
        className="d-flex gap-2 align-items-end",
    )
    return dbc.Row(
        [
            select(ids.ALERTS_SEVERITY, t("alerts.severity_label", lang), severities, severity),
            select(ids.ALERTS_STATUS, t("alerts.status_label", lang), statuses, status),
            dbc.Col(links, xs=12, sm=4, lg=6, className="d-flex align-items-end"),
        ],
        className="g-2 mb-3",
    )


def _export_href(fmt: str, lang: str, severity: str, status: str) -> str:
    query = urlencode({"status": status, "severity": severity, "lang": lang})
    return f"/export/alerts.{fmt}?{query}"


def _list(snap, lang: str, severity: str, status: str):
    table = alert_table(snap, lang, status=status, severity=severity)
    if table.empty:
        return html.P(t("alerts.none", lang), className="text-body-secondary")
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"alerts.col_{c}", lang), scope="col")
                for c in ("severity", "message", "region", "source", "started_at", "ended_at")
            ]
        )
    )
    rows = [_row(r, lang) for r in table.head(MAX_ROWS).to_dict("records")]
    return dbc.Table([head, html.Tbody(rows)], hover=True, responsive=True, size="sm",
                     className="alerts-table align-middle")  # fmt: skip


def _row(record: dict, lang: str) -> html.Tr:
    severity = record["severity"]
    badge = dbc.Badge(
        [html.I(className=f"bi {SEVERITY_ICONS[severity]} me-1", **{"aria-hidden": "true"}),
         t(f"alerts.severity_{severity}", lang)],
        color=SEVERITY_COLORS[severity],
        text_color="dark" if severity == "warning" else None,
    )  # fmt: skip
    status = t(f"alerts.status_{record['status']}", lang)
    started = t("alerts.since", lang, when=_when(record["started_at"], lang),
                version=record["started_version"])  # fmt: skip
    ended = (
        "–"
        if record["ended_at"] is None
        else t(
            "alerts.since",
            lang,
            when=_when(record["ended_at"], lang),
            version=record["ended_version"],
        )
    )
    source = html.Span(record["source"], className="text-warning-emphasis fw-semibold"
                       if record["synthetic"] else "")  # fmt: skip
    return html.Tr(
        [
            html.Td([badge, html.Div(status, className="small text-body-secondary")]),
            html.Td(
                [
                    html.Div(record["rule"], className="fw-semibold"),
                    html.Div(record["message"], className="small"),
                ]
            ),
            html.Td(html.A(record["region"], href=href(f"/wilayah/{record['region_code']}", lang))),
            html.Td(source, className="small"),
            html.Td(started, className="small"),
            html.Td(ended, className="small"),
        ],
        className="alert-row" + (" alert-row-ended" if record["status"] == "ended" else ""),
        **{"data-severity": severity, "data-status": record["status"]},
    )


def _when(stamp: str, lang: str) -> str:
    return fmt_date(pd.Timestamp(stamp).to_pydatetime(), lang, time=True)


def _rules_card(state: AlertState, lang: str) -> dbc.Card:
    rules = state.rules
    items = [
        html.Li(
            [
                html.Code(r.id, className="me-2"),
                r.title(lang),
                html.Span(
                    f" · {r.kind} · {t(f'alerts.severity_{r.severity}', lang)}",
                    className="text-body-secondary small",
                ),
            ]
        )
        for r in rules.rules
    ]
    ms = fmt_number(state.seconds * 1000, lang, 0)
    body = [
        html.P(
            t("alerts.rules_version", lang, digest=rules.digest or "–", n=len(rules.rules), ms=ms),
            className="small text-body-secondary",
        ),
        html.Ul(items, className="small mb-0"),
    ]
    if rules.problem and has_role("editor"):
        body.insert(0, dbc.Alert(t("alerts.rules_problem", lang, problem=rules.problem),
                                 color="danger", className="small"))  # fmt: skip
    return dbc.Card(
        [dbc.CardHeader(t("alerts.rules_title", lang), className="fw-semibold"),
         dbc.CardBody(body)],
        className="shadow-sm mt-3",
    )  # fmt: skip


@callbacks.callback(
    Output(ids.ALERTS_LIST, "children"),
    Output(ids.ALERTS_EXPORT_CSV, "href"),
    Output(ids.ALERTS_EXPORT_XLSX, "href"),
    Input(ids.ALERTS_SEVERITY, "value"),
    Input(ids.ALERTS_STATUS, "value"),
    State(ids.ALERTS_LANG, "data"),
    prevent_initial_call=True,
)
def filter_alerts(severity, status, lang):
    """The list for the chosen severity and status (read from the memoised evaluation)."""
    lang = lang_of(lang)
    severity = severity if severity in SEVERITIES else "all"
    status = status if status in STATUSES else "all"
    snap = snapshot()
    return (
        _list(snap, lang, severity, status),
        _export_href("csv", lang, severity, status),
        _export_href("xlsx", lang, severity, status),
    )


register_callbacks = callbacks.register
