"""When each alert started and ended, kept under ``DATA_DIR/alerts/history.json``.

An evaluation of the *current* dataset version with the current rules is compared with the
alerts still open: a new one opens (started_version, started_at), one no longer active closes
(ended_version, ended_at), the others get their latest value. The same (dataset version, rules
version, day) is applied once, whichever worker evaluates first (an flock serialises them), and a
worker still holding an older version never writes. A rollback is a new evaluation like any other,
so an alert that comes back gets a new record: the history is what officials saw, in order.
"""

from __future__ import annotations

import fcntl
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from dashboard.data.store.versions import now_iso, write_atomic

HISTORY_FILE = "history.json"
KEPT_FIELDS = (
    "rule_id", "kind", "severity", "region_code", "indicator", "period", "value", "threshold",
    "reference", "reference_period", "change", "source", "synthetic", "deadline",
)  # fmt: skip
RECORD_COLUMNS = (
    "key", *KEPT_FIELDS, "started_version", "started_at", "ended_version", "ended_at", "active",
)  # fmt: skip
MAX_CLOSED = 5000  # oldest closed records are dropped beyond this


class AlertHistory:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / HISTORY_FILE

    def read(self) -> dict:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {"last": None, "alerts": []}
        if not isinstance(data, dict) or not isinstance(data.get("alerts"), list):
            return {"last": None, "alerts": []}
        return data

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("a+") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            yield

    def update(
        self, active: pd.DataFrame, *, version: int | None, rules: str, day: str, current: bool
    ) -> pd.DataFrame:
        """Apply one evaluation (if it is new and of the current version); every record."""
        mark = {"dataset_version": version, "rules": rules, "day": day}
        data = self.read()
        if not current or data.get("last") == mark:
            return records_frame(data["alerts"])
        with self._locked():
            data = self.read()
            if data.get("last") != mark:
                data["alerts"] = _apply(data["alerts"], active, version, now_iso())
                data["last"] = mark
                payload = json.dumps(data, ensure_ascii=False, indent=1, default=str)
                write_atomic(self.path, payload.encode("utf-8"))
        return records_frame(data["alerts"])


def _clean(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _apply(records: list[dict], active: pd.DataFrame, version: int | None, now: str) -> list[dict]:
    open_by_key = {r["key"]: r for r in records if r.get("ended_at") is None}
    seen = set()
    for row in active.to_dict("records"):
        key = row["key"]
        seen.add(key)
        fields = {name: _clean(row.get(name)) for name in KEPT_FIELDS}
        if key in open_by_key:
            open_by_key[key].update(fields)
        else:
            record = {"key": key, **fields, "started_version": version, "started_at": now,
                      "ended_version": None, "ended_at": None}  # fmt: skip
            records.append(record)
            open_by_key[key] = record
    for key, record in open_by_key.items():
        if key not in seen:
            record["ended_version"] = version
            record["ended_at"] = now
    closed = [r for r in records if r.get("ended_at") is not None]
    if len(closed) > MAX_CLOSED:
        drop = {id(r) for r in closed[: len(closed) - MAX_CLOSED]}
        records = [r for r in records if id(r) not in drop]
    return records


def records_frame(records: list[dict]) -> pd.DataFrame:
    """The history as a frame (RECORD_COLUMNS), newest start first."""
    frame = pd.DataFrame(records, columns=[c for c in RECORD_COLUMNS if c != "active"])
    frame["active"] = frame["ended_at"].isna()
    frame = frame.sort_values("started_at", ascending=False, kind="stable")
    return frame[list(RECORD_COLUMNS)].reset_index(drop=True)
