"""Filter controls shared by pages: measure, year and province pickers with visible labels."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.charts.query import ALL  # "all provinces": the query model's value
from dashboard.data.framework import Framework
from dashboard.data.regions import RegionIndex
from dashboard.i18n import t


def measure_options(framework: Framework, lang: str) -> list[dict]:
    """Composite, pillars, elements, then indicators grouped under disabled headings."""
    options = [{"label": t("overview.composite_option", lang), "value": "composite"}]

    def heading(text: str, key: str) -> dict:
        return {"label": f"── {text} ──", "value": f"_heading_{key}", "disabled": True}

    options.append(heading(t("overview.group_pillars", lang), "pillars"))
    options += [{"label": g.name(lang), "value": g.id} for g in framework.pillars]
    options.append(heading(t("overview.group_elements", lang), "elements"))
    options += [{"label": g.name(lang), "value": g.id} for g in framework.elements]
    for group in (*framework.pillars, *framework.elements):
        options.append(
            heading(t("overview.group_indicators", lang, group=group.name(lang)), group.id + "_ind")
        )
        options += [
            {"label": i.name(lang), "value": i.id} for i in framework.indicators_of(group.id)
        ]
    return options


def province_options(regions: RegionIndex, lang: str) -> list[dict]:
    provinces = regions.provinces.sort_values("name")
    return [{"label": t("overview.all_provinces", lang), "value": ALL}] + [
        {"label": name, "value": code}
        for code, name in zip(provinces["code"], provinces["name"], strict=True)
    ]


def dropdown_labels(lang: str) -> dict:
    """Every text Dash 4's dropdown draws itself (its defaults are English only)."""
    if lang == "en":
        return {
            "search": "Search",
            "no_options_found": "Nothing found",
            "clear_search": "Clear",
            "selected_count": "{num_selected} selected",
            "select_all": "Select all",
            "deselect_all": "Deselect all",
            "clear_selection": "Clear selection",
        }
    return {
        "search": "Cari",
        "no_options_found": "Tidak ditemukan",
        "clear_search": "Hapus",
        "selected_count": "{num_selected} dipilih",
        "select_all": "Pilih semua",
        "deselect_all": "Batalkan semua",
        "clear_selection": "Hapus pilihan",
    }


def labelled(label: str, control, *, control_id: str, width: dict | None = None) -> dbc.Col:
    """A control with a visible label bound to it (accessibility: every input has a label)."""
    return dbc.Col(
        [
            dbc.Label(label, html_for=control_id, className="form-label small fw-semibold mb-1"),
            control,
        ],
        **(width or {"xs": 12, "md": 6, "lg": 3}),
    )


def dropdown(
    id: str, options: list[dict], value, *, lang: str, clearable: bool = False, **kwargs
) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=id,
        options=options,
        value=value,
        clearable=clearable,
        labels=dropdown_labels(lang),
        maxHeight=420,
        **kwargs,
    )


def note(text: str, *, icon: str = "bi-info-circle", extra_class: str = "") -> html.Small:
    return html.Small(
        [html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"}), text],
        className=f"text-body-secondary {extra_class}",
    )


def period_select(
    control_id: str, periods: list[int], value: int, *, label: str, lang: str, width: dict
) -> dbc.Col:
    """The year picker of a page, newest year first."""
    return labelled(
        label,
        dropdown(
            control_id,
            [{"label": str(p), "value": p} for p in reversed(periods)],
            value,
            lang=lang,
            searchable=False,
        ),
        control_id=control_id,
        width=width,
    )
