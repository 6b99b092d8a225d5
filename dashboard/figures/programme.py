"""Gerakan Menuju Smart City progress: participants per cohort, bimtek done, masterplan status.

``programme`` has one row per participating region: region_code, cohort_year, bimtek_done
(0-4) and masterplan_status (none, drafting, adopted). Non-participants have no row.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import colors
from dashboard.figures.theme import base_layout, empty_figure, style_for
from dashboard.figures.tilemap import tile_map
from dashboard.i18n import t
from dashboard.labels import short_name

BIMTEK_STEPS = (0, 1, 2, 3, 4)
MASTERPLAN_STATES = ("none", "drafting", "adopted")


def _cohorts(programme: pd.DataFrame) -> list[int]:
    if programme.empty or "cohort_year" not in programme.columns:
        return []
    years = pd.to_numeric(programme["cohort_year"], errors="coerce").dropna()
    return sorted({int(y) for y in years})


def cohort_palette(years: Sequence[int]) -> list[str]:
    """The fixed cohort colours, or an ordered palette (earliest darkest) for unknown years."""
    if all(y in colors.COHORT_COLOURS for y in years):
        return [colors.COHORT_COLOURS[y] for y in years]
    return list(reversed(colors.discrete(len(years))))


def _layout(fig: go.Figure, *, lang: str, template: str, title: str, stacked: bool) -> go.Figure:
    style = style_for(template)
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        barmode="stack" if stacked else None,
        bargap=0.3,
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "normal"},
        margin={"l": 4, "r": style.font_size, "t": round(style.font_size * 4), "b": 4},
    )
    fig.update_xaxes(type="category", title={"text": t("figures.cohort", lang)}, showgrid=False)
    fig.update_yaxes(title={"text": title}, rangemode="tozero")
    return fig


def cohort_counts(
    programme: pd.DataFrame, *, lang: str = "id", template: str = "screen"
) -> go.Figure:
    """Participants per cohort year, with the running total in the corner."""
    years = _cohorts(programme)
    if not years:
        return empty_figure(lang=lang, template=template)
    counts = pd.to_numeric(programme["cohort_year"], errors="coerce").value_counts()
    values = [int(counts.get(y, 0)) for y in years]
    fig = go.Figure(
        go.Bar(
            x=[str(y) for y in years],
            y=values,
            marker={"color": cohort_palette(years)},
            text=values,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}: <b>%{{y}} {t('figures.regions', lang)}</b><extra></extra>",
        )
    )
    fig.add_annotation(
        text=t("figures.total", lang, n=sum(values)),
        x=0,
        y=1,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        font={"color": style_for(template).muted},
    )
    return _layout(
        fig, lang=lang, template=template, title=t("figures.participants", lang), stacked=False
    )


def _stacked(
    programme: pd.DataFrame,
    column: str,
    steps: Sequence[object],
    names: Sequence[str],
    *,
    lang: str,
    template: str,
) -> go.Figure:
    """One trace per step (light = least progress, dark = done), stacked per cohort."""
    years = _cohorts(programme)
    table = programme.assign(_year=pd.to_numeric(programme["cohort_year"], errors="coerce"))
    palette = colors.discrete(len(steps), dark=style_for(template).dark)
    regions = t("figures.regions", lang)
    fig = go.Figure()
    for step, name, colour in zip(steps, names, palette, strict=True):
        matches = table[table[column].astype(str) == str(step)]
        per_year = matches.groupby("_year").size()
        fig.add_trace(
            go.Bar(
                x=[str(y) for y in years],
                y=[int(per_year.get(y, 0)) for y in years],
                name=name,
                marker={"color": colour},
                hovertemplate=f"%{{x}} · {name}: <b>%{{y}} {regions}</b><extra></extra>",
            )
        )
    return fig


def _mark_home(
    fig: go.Figure, programme: pd.DataFrame, home_code: str | None, names, detail, style
) -> None:
    """An arrow to the home region's cohort bar saying how far it has come."""
    row = programme[programme["region_code"].astype(str) == str(home_code)] if home_code else []
    if len(row) == 0:
        return
    rec = row.iloc[0]
    years = _cohorts(programme)
    if pd.isna(rec["cohort_year"]) or int(rec["cohort_year"]) not in years:
        return
    total = int(
        (pd.to_numeric(programme["cohort_year"], errors="coerce") == rec["cohort_year"]).sum()
    )
    name = dict(names).get(home_code, home_code) if names is not None else home_code
    index = years.index(int(rec["cohort_year"]))  # category axes place annotations by index
    fig.add_annotation(
        x=index,
        y=total,
        xanchor="right" if index >= len(years) / 2 else "left",
        text=f"<b>{short_name(name)}</b>: {detail(rec)}",
        showarrow=True,
        arrowcolor=colors.HOME,
        arrowwidth=2,
        ax=style.font_size if index < len(years) / 2 else -style.font_size,
        ay=-style.font_size * 2.5,
        font={"color": colors.HOME},
        bgcolor=style.background,
        bordercolor=colors.HOME,
        borderpad=3,
    )


def bimtek_progress(
    programme: pd.DataFrame,
    *,
    home_code: str | None = None,
    names: pd.Series | dict | None = None,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """How many regions of each cohort have done 0, 1, ... 4 technical guidance sessions."""
    if not _cohorts(programme):
        return empty_figure(lang=lang, template=template)
    labels = [t("figures.bimtek_n", lang, n=n) for n in BIMTEK_STEPS]
    fig = _stacked(programme, "bimtek_done", BIMTEK_STEPS, labels, lang=lang, template=template)

    def detail(rec) -> str:
        return t("figures.bimtek_n", lang, n=int(rec["bimtek_done"]))

    _mark_home(fig, programme, home_code, names, detail, style_for(template))
    return _layout(
        fig, lang=lang, template=template, title=t("figures.participants", lang), stacked=True
    )


def masterplan_status(
    programme: pd.DataFrame,
    *,
    home_code: str | None = None,
    names: pd.Series | dict | None = None,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """How many regions of each cohort have no masterplan, are drafting one, or adopted it."""
    if not _cohorts(programme):
        return empty_figure(lang=lang, template=template)
    labels = [t(f"figures.masterplan_{s}", lang) for s in MASTERPLAN_STATES]
    fig = _stacked(
        programme, "masterplan_status", MASTERPLAN_STATES, labels, lang=lang, template=template
    )

    def detail(rec) -> str:
        return t(f"figures.masterplan_{rec['masterplan_status']}", lang).lower()

    _mark_home(fig, programme, home_code, names, detail, style_for(template))
    return _layout(
        fig, lang=lang, template=template, title=t("figures.participants", lang), stacked=True
    )


def participants_map(
    layout: pd.DataFrame,
    programme: pd.DataFrame,
    *,
    home_code: str | None = None,
    names: pd.Series | dict | None = None,
    provinces: pd.Series | dict | None = None,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """The tile map coloured by cohort; regions outside the programme are grey "not a participant"."""
    years = _cohorts(programme)
    position = {y: i + 1 for i, y in enumerate(years)}
    values = pd.DataFrame({"code": pd.Series(dtype=str), "value": pd.Series(dtype=float)})
    if years:
        cohort = pd.to_numeric(programme["cohort_year"], errors="coerce")
        values = pd.DataFrame(
            {
                "code": programme["region_code"].astype(str).to_numpy(),
                "value": [position.get(int(y)) if pd.notna(y) else None for y in cohort],
            }
        )
    return tile_map(
        layout,
        values,
        measure_label=t("figures.cohort", lang),
        unit=t("figures.cohort", lang),
        direction="none",
        home_code=home_code,
        names=names,
        provinces=provinces,
        categories=[str(y) for y in years] or None,
        category_colours=cohort_palette(years),
        decimals=0,
        missing_label=t("figures.not_participant", lang),
        lang=lang,
        template=template,
    )
