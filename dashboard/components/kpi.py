"""KPI cards: big number, label, and context (rank 'dari 514', change with sign and arrow)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.data.views.measures import Measure, Summary
from dashboard.i18n import fmt_number, fmt_signed, t


def kpi_card(
    label: str, value: str, *, detail: str = "", tone: str = "", icon: str = ""
) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(
                        [
                            html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"})
                            if icon
                            else None,
                            label,
                        ],
                        className="kpi-label small text-body-secondary",
                    ),
                    html.Div(value, className=f"kpi-value {tone}"),
                    html.Div(detail, className="kpi-detail small text-body-secondary")
                    if detail
                    else None,
                ]
            ),
            className="kpi-card h-100 shadow-sm",
        ),
        xs=6,
        md=4,
        xl=2,
    )


def kpi_row(
    stats: Summary,
    *,
    measure: Measure,
    lang: str,
    home_name: str,
    period: int,
    province_name: str | None,
    home_province: str,
    level_name: str | None = None,
) -> dbc.Row:
    """National mean, home value and level, national and provincial rank, change since last year."""
    d = measure.decimals
    unit = "" if measure.is_score else f" {measure.unit}"
    cards = [
        kpi_card(
            t("overview.kpi_national", lang),
            fmt_number(stats.national_mean, lang, d),
            detail=t(
                "overview.kpi_regions_with_data", lang, n=stats.n_with_data, total=stats.n_regions
            ),
            icon="bi-globe-asia-australia",
        ),
        kpi_card(
            t("overview.kpi_home", lang, name=home_name),
            fmt_number(stats.home_value, lang, d) + (unit if stats.home_value is not None else ""),
            detail=t("common.insufficient_data", lang)
            if stats.home_value is None
            else measure.unit_label(lang),
            tone="text-home",
            icon="bi-geo-alt-fill",
        ),
    ]
    if level_name:
        cards.append(kpi_card(t("overview.kpi_level", lang), level_name, icon="bi-bar-chart-steps"))
    cards += [
        kpi_card(
            t("overview.kpi_rank", lang),
            str(stats.home_rank) if stats.home_rank else "–",
            detail=t("overview.kpi_of", lang, n=stats.n_with_data),
            icon="bi-trophy",
        ),
        kpi_card(
            t("overview.kpi_rank_province", lang, province=home_province),
            str(stats.home_rank_province) if stats.home_rank_province else "–",
            detail=t("overview.kpi_of", lang, n=stats.n_province),
            icon="bi-flag",
        ),
        kpi_card(
            t("overview.kpi_change", lang, year=period - 1),
            _arrow(stats.home_change, measure.direction) + fmt_signed(stats.home_change, lang, d),
            tone=_tone(stats.home_change, measure.direction),
            icon="bi-graph-up-arrow",
        ),
    ]
    if province_name and stats.province_mean is not None:
        cards.append(
            kpi_card(
                t("overview.kpi_province_mean", lang, province=province_name),
                fmt_number(stats.province_mean, lang, d),
            )
        )
    return dbc.Row(cards, className="g-3")


def _better(change: float | None, direction: str) -> bool | None:
    if change is None or change == 0:
        return None
    return change > 0 if direction != "down" else change < 0


def _arrow(change: float | None, direction: str) -> str:
    if change is None or change == 0:
        return ""
    return "▲ " if change > 0 else "▼ "


def _tone(change: float | None, direction: str) -> str:
    better = _better(change, direction)
    return "" if better is None else ("text-better" if better else "text-worse")
