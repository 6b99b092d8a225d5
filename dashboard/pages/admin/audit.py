"""The audit log of `/admin`: every seed, import and rollback, newest first."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import ids
from dashboard.data.views.versions import audit_frame
from dashboard.i18n import t
from dashboard.pages.admin.parts import card, column, detail, paged_grid, when
from dashboard.state import repository

ACTIONS = ("seed", "import", "rollback", "alerts")


def audit_card(lang: str) -> dbc.Card:
    columns = [
        column("at", lang, width=240),
        column("action", lang, width=100),
        column("kind", lang, width=110),
        column("version", lang, width=80, type="rightAligned"),
        column("previous", lang, width=130, type="rightAligned"),
        column("who", lang, width=100),
        column("file", lang, flex=1, minWidth=160, tooltipField="file"),
        column("sha256", lang, label="sha", width=120),
        column("detail", lang, width=130),
    ]
    return card(
        t("admin.audit_title", lang),
        [
            html.P(t("admin.audit_help", lang), className="small text-body-secondary"),
            paged_grid(ids.ADMIN_AUDIT_GRID, audit_rows(lang), columns, lang, name="admin-audit"),
        ],
        extra_class="mt-3",
    )


def audit_rows(lang: str) -> list[dict]:
    """The audit log as grid rows, actions and kinds named in ``lang``."""
    frame = audit_frame(repository().store.read_audit())
    kinds = {
        "dataset": t("admin.kind_dataset", lang),
        "indicators": t("admin.kind_dataset", lang),
        "targets": t("admin.kind_dataset", lang),
        "events": t("admin.kind_dataset", lang),
        "boundaries": t("admin.kind_boundaries_short", lang),
    }
    return [
        {
            "at": when(r["at"], lang),
            "action": t(f"admin.action_{r['action']}", lang)
            if r["action"] in ACTIONS
            else r["action"],
            "kind": kinds.get(r["kind"], r["kind"]),
            "version": _version(r["version"]),
            "previous": _version(r["previous"]),
            "who": r["who"],
            "file": r["file"],
            "sha256": r["sha256"],
            "detail": detail(r["detail"], lang),
        }
        for r in frame.to_dict("records")
    ]


def _version(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
