"""The region profile's improvement levers: a ranked list and a what-if control.

Both come from :mod:`dashboard.data.views.levers` (the real scoring re-run with one value
replaced). The list shows the indicators with the best composite gain per unit of effort and,
for each, what reaching the national median, the province's best and the national 75th
percentile would give. The what-if control (an indicator, a number input and a slider kept in
step) answers with a values-only update: four texts (composite, change, level, rank).
"""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import ids
from dashboard.components.export_menu import titled_card
from dashboard.components.shell import synthetic_badge
from dashboard.data.errors import DataError
from dashboard.data.views.levers import TARGET_KINDS, controls, lever_table, state_for, what_if
from dashboard.i18n import fmt_number, fmt_signed, t
from dashboard.pages.callbacks import Callbacks
from dashboard.state import snapshot

callbacks = Callbacks()
TOP_N = 5
_SCALE = re.compile(r"^\d+(\.\d+)?-\d+$")  # a unit that is a scale ("1-5", "0-100"): not repeated


def levers_section(snap, code: str, period: int, lang: str) -> dbc.Row | None:
    """The levers card and the what-if card side by side (nothing when the region has no score)."""
    try:
        state = state_for(snap, period)
        row = state.row(code)
    except (DataError, KeyError):
        return None
    if pd.isna(state.composite[row]):
        return None
    table = lever_table(snap, code, period)
    return dbc.Row(
        [
            dbc.Col(titled_card(t("levers.title", lang), _lever_list(snap, table, lang)), lg=7),
            dbc.Col(
                titled_card(t("levers.whatif_title", lang), _what_if(snap, code, period, lang)),
                lg=5,
            ),
        ],
        className="g-3 mb-3",
        id=ids.PROFILE_LEVERS,
    )


def _value(snap, indicator_id: str, value: float | None, lang: str) -> str:
    ind = snap.framework.indicator(indicator_id)
    if value is None or pd.isna(value):
        return "–"
    if ind.categories:
        position = round(value) - 1
        if 0 <= position < len(ind.categories):
            return ind.categories[position]
    number = fmt_number(value, lang, ind.decimals)
    return number if _SCALE.match(ind.unit) else f"{number} {ind.unit}"


def _lever_list(snap, table: pd.DataFrame, lang: str) -> list:
    """Top indicators by their best gain per effort; one column per target kind."""
    useful = table[table["gain"] > 1e-9]
    chosen = useful.drop_duplicates("indicator_id")["indicator_id"].head(TOP_N).tolist()
    intro = html.P(t("levers.intro", lang), className="small text-body-secondary mb-2")
    if not chosen:
        return [intro, html.P(t("levers.none", lang), className="mb-0")]
    head = html.Thead(
        html.Tr(
            [
                html.Th("#", scope="col"),
                html.Th(t("levers.col_indicator", lang), scope="col"),
                *(html.Th(t(f"levers.kind_{k}", lang), scope="col") for k in TARGET_KINDS),
            ]
        )
    )
    rows = []
    for position, indicator_id in enumerate(chosen, start=1):
        own = table[table["indicator_id"] == indicator_id].set_index("target_kind")
        first = own.iloc[0]
        synthetic = bool(first["synthetic"] or first["synthetic_share"] > 0)
        name = html.Th(
            [
                html.Div(
                    snap.framework.indicator(indicator_id).name(lang), className="fw-semibold"
                ),
                html.Small(
                    t("levers.now", lang, value=_value(snap, indicator_id, first["value"], lang)),
                    className="text-body-secondary",
                ),
                html.Span(
                    t("levers.synthetic_short", lang),
                    className="badge text-bg-warning ms-1",
                    title=t("common.synthetic_tooltip", lang),
                )
                if synthetic
                else None,
            ],
            scope="row",
            className="fw-normal",
        )
        cells = [_cell(snap, own, kind, indicator_id, lang) for kind in TARGET_KINDS]
        rows.append(html.Tr([html.Td(str(position)), name, *cells]))
    table_node = dbc.Table(
        [head, html.Tbody(rows)],
        size="sm",
        hover=True,
        responsive=True,
        className="mb-1 lever-table align-middle",
    )
    note = html.P(t("levers.effort_note", lang), className="small text-body-secondary mb-0")
    return [intro, table_node, note]


def _cell(snap, own: pd.DataFrame, kind: str, indicator_id: str, lang: str) -> html.Td:
    if kind not in own.index:
        return html.Td(t("levers.reached", lang), className="text-body-secondary small")
    row = own.loc[kind]
    rank = (
        t("levers.rank_to", lang, rank=int(row["new_rank"]), n=int(row["n_ranked"]))
        if pd.notna(row["new_rank"])
        else ""
    )
    effort = (
        t("levers.effort", lang, effort=fmt_number(row["effort"], lang, 1))
        if pd.notna(row["effort"])
        else ""
    )
    return html.Td(
        [
            html.Div(
                [
                    html.Span(
                        fmt_signed(row["gain"], lang, 2), className="fw-semibold text-better"
                    ),
                    html.Span(f" {rank}", className="small"),
                ]
            ),
            html.Small(
                f"{_value(snap, indicator_id, row['target'], lang)} · {effort}",
                className="text-body-secondary",
            ),
        ]
    )


def _what_if(snap, code: str, period: int, lang: str) -> list:
    choices = controls(snap, code, period)
    if not choices:
        return [html.P(t("levers.none", lang), className="mb-0")]
    first = choices[0]
    options = [
        {"label": snap.framework.indicator(c.indicator_id).name(lang), "value": c.indicator_id}
        for c in choices
    ]
    state = state_for(snap, period)
    row = state.row(code)
    base_level = snap.framework.level_for(state.composite[row])
    base_rank = int(((state.composite > state.composite[row]).sum()) + 1)
    n_ranked = int((~pd.isna(state.composite)).sum())
    return [
        dcc.Store(id=ids.WHATIF_CONTEXT, data={"code": code, "period": period, "lang": lang}),
        html.P(t("levers.whatif_intro", lang), className="small text-body-secondary mb-2"),
        dbc.Label(t("levers.whatif_indicator", lang), html_for=ids.WHATIF_INDICATOR),
        dbc.Select(id=ids.WHATIF_INDICATOR, options=options, value=first.indicator_id, size="sm"),
        html.Div(
            [
                dbc.Label(
                    t("levers.whatif_value", lang), html_for=ids.WHATIF_VALUE, className="mb-0"
                ),
                html.Small(id=ids.WHATIF_NOW, className="text-body-secondary ms-2"),
            ],
            className="mt-2 d-flex align-items-baseline flex-wrap",
        ),
        dbc.InputGroup(
            [
                dbc.Input(id=ids.WHATIF_VALUE, type="number", debounce=0.3, size="sm"),
                dbc.InputGroupText(id=ids.WHATIF_UNIT),
            ],
            size="sm",
        ),
        html.Div(
            dcc.Slider(
                id=ids.WHATIF_SLIDER,
                min=0,
                max=1,
                step=None,
                marks=None,
                updatemode="mouseup",
                allow_direct_input=False,  # the number input above is the typed value
                tooltip={"always_visible": False, "placement": "bottom"},
            ),
            className="mt-2 pb-5",
            title=t("levers.whatif_slider", lang),
            **{"data-control-label": t("levers.whatif_value", lang)},  # assets/15-a11y.js
        ),
        html.Div(
            [
                html.Span(t("levers.whatif_targets", lang), className="small me-2"),
                *(
                    dbc.Button(
                        t(f"levers.kind_{kind}", lang),
                        id=button_id,
                        color="outline-primary",
                        size="sm",
                        className="me-1 mb-1",
                        n_clicks=0,
                    )
                    for kind, button_id in ids.WHATIF_TARGET_BUTTONS.items()
                ),
            ],
            className="d-flex flex-wrap align-items-center",
        ),
        html.Div(
            [
                _result(t("profile.score", lang), ids.WHATIF_COMPOSITE, ids.WHATIF_DELTA),
                _result(t("profile.level", lang), ids.WHATIF_LEVEL),
                _result(t("profile.rank_national", lang), ids.WHATIF_RANK),
            ],
            className="d-flex flex-wrap gap-4 mt-2 whatif-result",
            role="status",
            **{"aria-live": "polite", "aria-atomic": "true"},
        ),
        html.Small(
            t(
                "levers.whatif_now",
                lang,
                score=fmt_number(state.composite[row], lang, 1),
                level=base_level.name(lang) if base_level else "–",
                rank=base_rank,
                n=n_ranked,
            ),
            className="text-body-secondary d-block mt-1",
        ),
        html.Div(id=ids.WHATIF_MESSAGE, className="small text-danger mt-1", role="alert"),
        synthetic_badge(lang=lang, show=False, id=ids.WHATIF_SYNTHETIC),
    ]


def _result(label: str, value_id: str, delta_id: str | None = None) -> html.Div:
    parts = [html.Span(id=value_id, className="fs-4 fw-bold")]
    if delta_id:
        parts.append(html.Span(id=delta_id, className="ms-2 fw-semibold"))
    return html.Div([html.Div(label, className="small text-body-secondary"), html.Div(parts)])


def _control(snap, code: str, period: int, indicator_id: str):
    for each in controls(snap, code, period):
        if each.indicator_id == indicator_id:
            return each
    return None


@callbacks.callback(
    Output(ids.WHATIF_VALUE, "value"),
    Output(ids.WHATIF_SLIDER, "value"),
    Output(ids.WHATIF_SLIDER, "min"),
    Output(ids.WHATIF_SLIDER, "max"),
    Output(ids.WHATIF_SLIDER, "step"),
    Output(ids.WHATIF_VALUE, "step"),
    Output(ids.WHATIF_UNIT, "children"),
    Output(ids.WHATIF_NOW, "children"),
    Output(ids.WHATIF_COMPOSITE, "children"),
    Output(ids.WHATIF_DELTA, "children"),
    Output(ids.WHATIF_DELTA, "className"),
    Output(ids.WHATIF_LEVEL, "children"),
    Output(ids.WHATIF_RANK, "children"),
    Output(ids.WHATIF_MESSAGE, "children"),
    Output(ids.WHATIF_SYNTHETIC, "className"),
    *(Output(b, "children") for b in ids.WHATIF_TARGET_BUTTONS.values()),
    *(Output(b, "disabled") for b in ids.WHATIF_TARGET_BUTTONS.values()),
    Input(ids.WHATIF_INDICATOR, "value"),
    Input(ids.WHATIF_VALUE, "value"),
    Input(ids.WHATIF_SLIDER, "value"),
    *(Input(b, "n_clicks") for b in ids.WHATIF_TARGET_BUTTONS.values()),
    State(ids.WHATIF_CONTEXT, "data"),
)
def update_what_if(indicator_id, typed, slid, *rest):
    """An indicator chosen: the control starts at the region's value (the target buttons name
    that indicator's median, province best and 75th percentile). A value typed, slid or taken
    from a button: the other controls follow and the composite, level and rank are computed
    server-side with the scoring code."""
    context = rest[-1]
    snap = snapshot()
    code, period, lang = context["code"], int(context["period"]), context["lang"]
    control = _control(snap, code, period, indicator_id)
    if control is None:
        return (no_update,) * 13 + (t("levers.whatif_pick", lang), no_update) + (no_update,) * 6
    trigger = ctx.triggered_id
    answer = _what_if_answer(snap, control, (code, period, lang), trigger, typed, slid)
    return answer + _target_buttons(snap, control, lang, trigger)


def _target_buttons(snap, control, lang: str, trigger) -> tuple:
    """Button labels with the target values, and which are disabled (no such target)."""
    if trigger not in (None, ids.WHATIF_INDICATOR):
        return (no_update,) * 6
    labels, disabled = [], []
    for kind in ids.WHATIF_TARGET_BUTTONS:
        value = control.targets.get(kind)
        name = t(f"levers.kind_{kind}", lang)
        text = _value(snap, control.indicator_id, value, lang) if value is not None else "–"
        labels.append(f"{name}: {text}")
        disabled.append(value is None)
    return (*labels, *disabled)


def _what_if_answer(snap, control, where: tuple, trigger, typed, slid) -> tuple:
    """The fifteen what-if outputs for the trigger (indicator, typed value, slider, a button)."""
    code, period, lang = where
    indicator_id = control.indicator_id
    ind = snap.framework.indicator(indicator_id)
    kinds = {b: k for k, b in ids.WHATIF_TARGET_BUTTONS.items()}
    if trigger in kinds:
        target = control.targets.get(kinds[trigger])
        ranges = (no_update,) * 4
        unit = now = no_update
        typed_out = target
        slid_out = None if target is None else min(max(target, control.low), control.high)
    elif trigger in (None, ids.WHATIF_INDICATOR):
        target = control.value
        ranges = (control.low, control.high, control.step, control.step)
        unit = "/".join(ind.categories) if ind.categories else ind.unit
        now = t(
            "levers.whatif_current", lang, value=_value(snap, indicator_id, control.value, lang)
        )
        typed_out, slid_out = target, target
    else:
        target = slid if trigger == ids.WHATIF_SLIDER else typed
        ranges = (no_update,) * 4
        unit = now = no_update
        typed_out = target if trigger == ids.WHATIF_SLIDER else no_update
        slid_out = (
            min(max(target, control.low), control.high)
            if trigger == ids.WHATIF_VALUE and isinstance(target, int | float)
            else no_update
        )
    if target is None:
        return (typed_out, slid_out, *ranges, unit, now, *(no_update,) * 5,
                t("levers.whatif_empty", lang), no_update)  # fmt: skip
    try:
        answer = what_if(snap, code, period, indicator_id, target)
    except DataError as exc:
        return (typed_out, slid_out, *ranges, unit, now, *(no_update,) * 5,
                exc.reason(lang), no_update)  # fmt: skip
    delta = answer.new_composite - answer.composite
    level = snap.framework.level_for(answer.new_composite)
    tone = "ms-2 fw-semibold " + (
        "text-better" if delta > 1e-9 else "text-worse" if delta < -1e-9 else "text-body-secondary"
    )
    return (
        typed_out,
        slid_out,
        *ranges,
        unit,
        now,
        fmt_number(answer.new_composite, lang, 2),
        fmt_signed(delta, lang, 2),
        tone,
        level.name(lang) if level else "–",
        t(
            "levers.rank_of",
            lang,
            rank=int(answer.new_rank),
            n=answer.n_ranked,
            was=int(answer.rank),
        ),
        "",
        "badge text-bg-warning synthetic-badge" + ("" if answer.synthetic else " d-none"),
    )


register_callbacks = callbacks.register
