"""The alerts list as an exported table: translated headers and provenance (CSV/XLSX)."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.provenance import Provenance, code_vintage, sources
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.alerts import TABLE_COLUMNS, alert_state, alert_table, alerts_version
from dashboard.i18n import t

EXPORT_COLUMNS = (*tuple(c for c in TABLE_COLUMNS if c != "region_code"), "region_code")


def alerts_export(
    snap: Snapshot, *, lang: str, status: str, severity: str, url: str = ""
) -> tuple[pd.DataFrame, Provenance]:
    """Every alert matching the filters, headed in ``lang``, with its provenance."""
    table = alert_table(snap, lang, status=status, severity=severity).copy()
    synthetic = bool(table["synthetic"].any()) if len(table) else False
    real = [s for s, fake in zip(table["source"], table["synthetic"], strict=True) if not fake]
    table["status"] = [t(f"alerts.status_{s}", lang) for s in table["status"]]
    table["severity"] = [t(f"alerts.severity_{s}", lang) for s in table["severity"]]
    table = table[list(EXPORT_COLUMNS)]
    table.columns = [t(f"alerts.col_{c}", lang) for c in EXPORT_COLUMNS]
    years = sorted({int(p) for p in alert_table(snap, lang)["period"].dropna()})
    state = alert_state(snap)
    provenance = Provenance(
        title=t("alerts.export_title", lang),
        measure=t(
            "alerts.rules_version",
            lang,
            digest=alerts_version(snap),
            n=len(state.rules.rules),
            ms=round(state.seconds * 1000),
        ),
        unit="",
        period=", ".join(map(str, years)) or "—",
        sources=sources(real, synthetic, lang),
        data_year=str(years[-1]) if years else "—",
        dataset_version=snap.version,
        code_vintage=code_vintage(snap),
        synthetic=synthetic,
        filters={
            t("alerts.status_label", lang): t(f"alerts.status_{status}", lang),
            t("alerts.severity_label", lang): t(f"alerts.severity_{severity}", lang),
        },
        url=url,
    )
    return table, provenance
