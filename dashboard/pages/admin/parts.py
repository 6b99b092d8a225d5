"""Small pieces shared by the admin page's sections: cards, alerts, grids, the role check."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd

from dashboard.i18n import fmt_date, t
from dashboard.security.auth import PermissionDenied, require_role
from dashboard.state import lang_of

ROLE = "editor"
LEVELS = ("regency", "province", "district")
# versions and audit: as tall as their rows, ten to a page (a store keeps every version it made)
PAGED = {"domLayout": "autoHeight", "pagination": True, "paginationPageSize": 10,
         "paginationPageSizeSelector": False}  # fmt: skip


def card(title: str, body, *, extra_class: str = "mb-3") -> dbc.Card:
    return dbc.Card(
        [dbc.CardHeader(title, className="fw-semibold"), dbc.CardBody(body)],
        className=f"shadow-sm {extra_class}",
    )


def alert(text: str, color: str = "danger") -> dbc.Alert:
    return dbc.Alert(text, color=color, className="mb-2")


def denied(lang: str) -> dbc.Alert:
    return alert(t("admin.permission_denied", lang), "warning")


def editor_only(refused: Callable[[dbc.Alert], Any]) -> Callable:
    """Let a callback run for editors and admins only, checked on the server at every call.

    A direct POST to ``/_dash-update-component`` then cannot do what the page would not show. The
    callback's last argument is the page language (``admin-lang``): it arrives made valid, and the
    logged-in user comes as the keyword ``user``. Anyone else gets ``refused(<denied alert>)``.
    """

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def checked(*args):
            *values, lang = args
            lang = lang_of(lang)
            try:
                user = require_role(ROLE)
            except PermissionDenied:
                return refused(denied(lang))
            return func(*values, lang, user=user)

        return checked

    return decorate


def column(field: str, lang: str, *, label: str | None = None, **options) -> dict:
    """A grid column headed by the text ``admin.col_<label or field>``."""
    return {"field": field, "headerName": t(f"admin.col_{label or field}", lang), **options}


def paged_grid(ident: str, rows: list[dict], columns: list[dict], lang: str, *, name: str,
               options: dict | None = None, **props) -> dag.AgGrid:  # fmt: skip
    """A sortable grid as tall as its rows, ten rows to a page, with paging texts in ``lang``."""
    return dag.AgGrid(
        id=ident,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": False},
        dashGridOptions={
            **PAGED,
            "localeText": paging_texts(lang),
            "animateRows": False,
            **(options or {}),
        },
        className=f"ag-theme-quartz {name}",
        style={"width": "100%"},
        **props,
    )


def paging_texts(lang: str) -> dict[str, str]:
    keys = {"page": "page", "of": "of", "to": "to", "firstPage": "first",
            "previousPage": "previous", "nextPage": "next", "lastPage": "last"}  # fmt: skip
    texts = {grid: t(f"admin.grid_{key}", lang) for grid, key in keys.items()}
    return {**texts, "noRowsToShow": t("admin.no_rows", lang)}


def when(stamp, lang: str) -> str:
    """A stored time as a WIB date and time, or an en dash."""
    if stamp is None or pd.isna(stamp):
        return "–"
    return fmt_date(pd.Timestamp(stamp).to_pydatetime(), lang, time=True)


def detail(value: str, lang: str) -> str:
    """A boundary level by its name in ``lang``; other details as they are."""
    if value in LEVELS:
        return t(f"admin.level_{value}", lang)
    return value


def kind_name(kind: str, lang: str) -> str:
    return t("admin.kind_dataset" if kind == "dataset" else "admin.kind_boundaries_short", lang)
