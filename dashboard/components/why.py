"""Why a score is missing: which pillars and elements lack which indicators (pure dbc trees).

Pages pass the answers of :mod:`dashboard.data.views.provenance` and a name for every indicator;
the texts are in ``locales/*/real.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import html

from dashboard.data.views.provenance import CompositeGap, NationalGaps
from dashboard.i18n import fmt_number, t

WHY_ID = "why-missing"
MAX_NAMED = 8  # indicators named per pillar before "and N more"


def _names(ids: tuple[str, ...], names: Mapping[str, str], lang: str) -> str:
    shown = [names.get(i, i) for i in ids[:MAX_NAMED]]
    text = ", ".join(shown)
    if len(ids) > MAX_NAMED:
        text += " " + t("real.and_more", lang, n=len(ids) - MAX_NAMED)
    return text


def _rule(share: float, lang: str) -> html.P:
    need = fmt_number(round((1 - share) * 100), lang, 0)
    return html.P(t("real.rule", lang, share=need), className="small mb-2")


def region_gap(gap: CompositeGap, names: Mapping[str, str], *, region: str, lang: str) -> dbc.Alert:
    """Why a region's composite (or some of its pillars) has no score, pillar by pillar."""
    items = []
    for group in gap.groups:
        if group.score is not None and not group.missing:
            continue
        total = len(group.present) + len(group.missing)
        key = "real.group_lacking" if group.score is None else "real.group_partial"
        text = t(
            key,
            lang,
            group=group.name(lang),
            n=len(group.present),
            total=total,
            share=fmt_number(round(group.weight_present * 100), lang, 0),
        )
        missing = _names(group.missing, names, lang)
        items.append(
            html.Li(
                [
                    html.Strong(text),
                    " " + t("real.missing_list", lang, indicators=missing) if missing else "",
                ]
            )
        )
    title = (
        t("real.region_no_composite", lang, region=region, period=gap.period)
        if gap.composite is None
        else t("real.region_partial", lang, region=region, period=gap.period)
    )
    return dbc.Alert(
        [
            html.H2(title, className="h6 mb-2"),
            _rule(gap.max_missing_share, lang),
            html.Ul(items, className="small mb-2"),
            html.P(t("real.how_to_fill", lang), className="small mb-0"),
        ],
        color="info",
        className="mb-3",
        id=WHY_ID,
    )


def national_gap(
    gaps: NationalGaps,
    names: Mapping[str, str],
    *,
    measure: str,
    share: float,
    lang: str,
    only: tuple[str, ...] = (),
) -> dbc.Alert:
    """Why a score can be computed for few or no kab/kota in a year, over all regions.

    ``only`` limits the list to some pillars/elements (a pillar measure shows its own).
    """
    items = []
    for group in gaps.groups:
        if only and group.id not in only:
            continue
        if group.n_scored >= gaps.n_regions and not group.absent:
            continue
        text = t("real.national_group", lang, group=group.name(lang), n=group.n_scored,
                 total=gaps.n_regions)  # fmt: skip
        absent = _names(group.absent, names, lang)
        items.append(
            html.Li(
                [
                    html.Strong(text),
                    " " + t("real.absent_list", lang, indicators=absent) if absent else "",
                ]
            )
        )
    return dbc.Alert(
        [
            html.H2(
                t("real.national_title", lang, measure=measure, period=gaps.period),
                className="h6 mb-2",
            ),
            html.P(
                t(
                    "real.national_count",
                    lang,
                    measure=measure,
                    n=gaps.n_composite if not only else _scored(gaps, only),
                    total=gaps.n_regions,
                    period=gaps.period,
                ),
                className="small mb-1",
            ),
            _rule(share, lang),
            html.Ul(items, className="small mb-2"),
            html.P(
                t("real.available", lang, indicators=_names(gaps.available, names, lang))
                if gaps.available
                else t("real.none_available", lang),
                className="small mb-1",
            ),
            html.P(t("real.how_to_fill", lang), className="small mb-0"),
        ],
        color="info",
        className="mb-3",
        id=WHY_ID,
    )


def _scored(gaps: NationalGaps, only: tuple[str, ...]) -> int:
    return min((g.n_scored for g in gaps.groups if g.id in only), default=0)
