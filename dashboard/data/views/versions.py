"""Store versions and the audit log as tables for the admin page and the CLI."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.data.store.versions import Manifest

VERSION_COLUMNS = (
    "active", "version", "created_at", "kind", "who", "file", "rows", "sha256", "detail",
)  # fmt: skip


AUDIT_COLUMNS = ("at", "action", "kind", "version", "previous", "who", "file", "sha256", "detail")


def versions_frame(manifests: list[Manifest], current: int | None) -> pd.DataFrame:
    """One row per stored version, newest first; ``created_at`` as an aware UTC timestamp."""
    rows = []
    for m in sorted(manifests, key=lambda m: m.version, reverse=True):
        rows.append(
            {
                "active": m.version == current,
                "version": m.version,
                "created_at": pd.Timestamp(m.created_at),
                "kind": m.kind,
                "who": m.who,
                "file": m.source_file,
                "rows": m.counts.get("rows_in_file", m.counts.get("observations"))
                if m.kind != "boundaries"
                else m.counts.get("features"),
                "sha256": m.source_sha256[:12],
                "detail": m.counts.get("level", m.info.get("mode", "")) or "",
            }
        )
    return pd.DataFrame(rows, columns=list(VERSION_COLUMNS))


def audit_frame(events: list[dict[str, Any]], *, limit: int = 500) -> pd.DataFrame:
    """The audit log, newest first (at most ``limit`` events)."""
    rows = []
    for event in reversed(events[-limit:]):
        rows.append(
            {
                "at": pd.Timestamp(event["at"]) if event.get("at") else pd.NaT,
                "action": str(event.get("action", "")),
                "kind": str(event.get("kind", "dataset")),
                "version": event.get("version"),
                "previous": event.get("previous"),
                "who": str(event.get("who", "")),
                "file": str(event.get("file", "")),
                "sha256": str(event.get("sha256", ""))[:12],
                "detail": str(event.get("level") or event.get("mode") or ""),
            }
        )
    return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
