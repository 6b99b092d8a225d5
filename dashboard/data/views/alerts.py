"""Alerts as pages, the wall, exports and the API see them: evaluated once per (dataset version,
rules version, day), with their history.

:func:`alert_state` is memoised on the snapshot under the rules' digest and today's date (WIB; a
``missing`` rule's deadline passes at midnight), so callbacks only ever read the result. The first
evaluation of a new dataset version or rules version also records the history (started/ended).
:func:`alert_table` is the one table of alerts every screen and file shows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from dashboard.data.alerts.evaluate import ALERT_COLUMNS, TARGET_COLUMNS, Inputs, evaluate
from dashboard.data.alerts.history import RECORD_COLUMNS, records_frame
from dashboard.data.alerts.rules import COMPOSITE, SEVERITIES, Rule
from dashboard.data.alerts.source import RuleSet
from dashboard.data.store.datasets import synthetic_mask
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.provenance import input_counts
from dashboard.data.views.targets import targets_for
from dashboard.i18n import WIB, fmt_number, t

STATUSES = ("active", "ended")


@dataclass(frozen=True)
class AlertState:
    """The alerts of one evaluation: active ones, every record, the rules, and how long it took."""

    active: pd.DataFrame  # ALERT_COLUMNS
    records: pd.DataFrame  # RECORD_COLUMNS (history, active and ended)
    rules: RuleSet
    seconds: float

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules.rules if r.id == rule_id), None)


def today_wib() -> str:
    return datetime.now(WIB).date().isoformat()


def alert_state(snap: Snapshot) -> AlertState:
    """This snapshot's alerts under the rules in use (one evaluation per rules version and day)."""
    ctx = snap.alerts
    rules = ctx.source.current() if ctx is not None else RuleSet((), "", "")
    day = today_wib()

    def compute() -> AlertState:
        started = time.perf_counter()
        active = evaluate(rules.rules, alert_inputs(snap), today=datetime.fromisoformat(day).date())
        seconds = time.perf_counter() - started
        if ctx is None:
            records = records_frame([])
        else:
            current = ctx.current_version() == snap.version
            records = ctx.history.update(
                active, version=snap.version, rules=rules.digest, day=day, current=current
            )
        return AlertState(active, records, rules, seconds)

    return snap.memo(("alerts", rules.digest, rules.problem, day), compute)


def alerts_version(snap: Snapshot) -> str:
    """The rules version and day the alerts were evaluated under (cache keys, ETags)."""
    ctx = snap.alerts
    digest = ctx.source.current().digest if ctx is not None else ""
    return f"{digest}-{today_wib()}"


def alert_inputs(snap: Snapshot) -> Inputs:
    """Every value a rule can look at: regency indicator values and scores (once per version)."""

    def compute() -> Inputs:
        fw = snap.framework
        obs = snap.observations
        obs = obs[obs["region_code"].str.contains(".", regex=False) & obs["value"].notna()]
        indicators = pd.DataFrame(
            {
                "region_code": obs["region_code"].to_numpy(),
                "measure": obs["indicator_id"].to_numpy(),
                "period": obs["period"].to_numpy("int64"),
                "value": obs["value"].to_numpy("float64"),
                "source": obs["source"].to_numpy(),
                "synthetic": synthetic_mask(obs["source"]).to_numpy(),
            }
        )
        groups = [COMPOSITE, *(g.id for g in (*fw.pillars, *fw.elements))]
        scores = snap.scores.melt(
            id_vars=["region_code", "period"], value_vars=groups, var_name="measure"
        )
        scores = scores[scores["value"].notna()]
        counts = input_counts(snap).set_index(["region_code", "period", "measure"])["n_synthetic"]
        keys = pd.MultiIndex.from_frame(scores[["region_code", "period", "measure"]])
        synthetic = counts.reindex(keys).fillna(0).to_numpy() > 0
        scores = scores.assign(
            period=scores["period"].astype("int64"),
            value=scores["value"].astype("float64"),
            source=np.where(synthetic, SYNTHETIC, ""),
            synthetic=synthetic,
        )
        values = pd.concat([indicators, scores], ignore_index=True)
        directions = {i.id: i.direction for i in fw.indicators}
        provinces = snap.regions.regencies.set_index("code")["province_code"]
        return Inputs(values, directions, provinces, targets_frame(snap))

    return snap.memo(("alert-inputs",), compute)


def targets_frame(snap: Snapshot) -> pd.DataFrame:
    """Targets per region, indicator and year (TARGET_COLUMNS) for the ``target`` rule kind,
    from the targets data (:func:`dashboard.data.views.targets.targets_for`); none: empty."""
    table = targets_for(snap)
    out = table.rename(columns={"value": "target"})
    return out[list(TARGET_COLUMNS)].reset_index(drop=True)


# ---------------------------------------------------------------------------- the shown table

TABLE_COLUMNS = (
    "status", "severity", "rule_id", "rule", "region_code", "region", "indicator_id",
    "indicator", "unit", "period", "value", "threshold", "reference", "reference_period",
    "change", "message", "source", "synthetic", "started_at", "started_version", "ended_at",
    "ended_version",
)  # fmt: skip


def alert_table(
    snap: Snapshot,
    lang: str,
    *,
    status: str = "all",
    severity: str = "all",
    region: str | None = None,
) -> pd.DataFrame:
    """Active and past alerts (TABLE_COLUMNS), active first then newest, texts in ``lang``."""

    def compute() -> pd.DataFrame:
        state = alert_state(snap)
        frame = state.records
        if status in STATUSES:
            frame = frame[frame["active"] == (status == "active")]
        if severity in SEVERITIES:
            frame = frame[frame["severity"] == severity]
        if region:
            frame = frame[frame["region_code"] == region]
        frame = frame.sort_values(["active", "started_at"], ascending=False, kind="stable")
        return _shown(snap, state, frame, lang)

    key = ("alert-table", alert_state(snap).rules.digest, today_wib(), lang, status, severity,
           region)  # fmt: skip
    return snap.lru(key, compute, maxsize=64)


def _shown(snap: Snapshot, state: AlertState, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = []
    for record in frame.to_dict("records"):
        rule = state.rule(record["rule_id"])
        measure = str(record["indicator"])
        rows.append(
            {
                "status": "active" if record["active"] else "ended",
                "severity": record["severity"],
                "rule_id": record["rule_id"],
                "rule": rule.title(lang) if rule else record["rule_id"],
                "region_code": record["region_code"],
                "region": snap.regions.name(record["region_code"]),
                "indicator_id": measure,
                "indicator": measure_name(snap, measure, lang),
                "unit": measure_unit(snap, measure, lang),
                "period": _int(record["period"]),
                "value": _num(record["value"]),
                "threshold": _num(record["threshold"]),
                "reference": _num(record["reference"]),
                "reference_period": _int(record["reference_period"]),
                "change": _num(record["change"]),
                "message": alert_message(snap, record, lang),
                "source": source_label(record, lang),
                "synthetic": bool(record.get("synthetic")),
                "started_at": record["started_at"],
                "started_version": _int(record["started_version"]),
                "ended_at": record["ended_at"],
                "ended_version": _int(record["ended_version"]),
            }
        )
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def measure_name(snap: Snapshot, measure: str, lang: str) -> str:
    fw = snap.framework
    if measure == COMPOSITE:
        return fw.name_en if lang == "en" else fw.name_id
    if measure in fw.by_id:
        return fw.by_id[measure].name(lang)
    if measure in fw.groups:
        return fw.groups[measure].name(lang)
    return measure


def measure_unit(snap: Snapshot, measure: str, lang: str) -> str:
    if measure in snap.framework.by_id:
        return snap.framework.by_id[measure].unit
    return t("common.score_unit", lang)


def _decimals(snap: Snapshot, measure: str) -> int:
    ind = snap.framework.by_id.get(measure)
    return ind.decimals if ind is not None else 1


def source_label(record: dict, lang: str) -> str:
    """The value's source; synthetic values say so, scores say they are computed."""
    if record.get("synthetic"):
        return t("alerts.source_synthetic", lang)
    if record.get("kind") == "missing":
        return "–"
    source = str(record.get("source") or "")
    return source or t("alerts.source_score", lang)


def alert_message(snap: Snapshot, record: dict, lang: str) -> str:
    """One sentence naming the value, the threshold and the year."""
    measure = str(record["indicator"])
    digits = _decimals(snap, measure)
    unit = measure_unit(snap, measure, lang)

    def num(value: object, decimals: int = digits) -> str:
        return fmt_number(value, lang, decimals)

    kind = record["kind"]
    params = {"indicator": measure_name(snap, measure, lang), "unit": unit,
              "year": _int(record["period"]), "value": num(record["value"]),
              "threshold": num(record["threshold"])}  # fmt: skip
    if kind == "threshold":
        below = record["value"] is not None and record["value"] < record["threshold"]
        return t(f"alerts.msg_threshold_{'below' if below else 'above'}", lang, **params)
    if kind == "target":
        below = record["value"] is not None and record["value"] < record["threshold"]
        return t(f"alerts.msg_target_{'below' if below else 'above'}", lang, **params)
    if kind == "rank_fall":
        params |= {"value": num(record["value"], 0), "threshold": num(record["threshold"], 0)}
        return t(
            "alerts.msg_rank_fall", lang, **params, previous=num(record["reference"], 0),
            places=num(record["change"], 0), before=_int(record["reference_period"]),
        )  # fmt: skip
    if kind == "drop":
        rule_percent = snap.alerts is not None and _rule_percent(snap, record["rule_id"])
        change = num(record["change"], 1) + (" %" if rule_percent else f" {unit}")
        return t(
            "alerts.msg_drop", lang, **params, previous=num(record["reference"]),
            before=_int(record["reference_period"]), change=change,
        )  # fmt: skip
    return t("alerts.msg_missing", lang, **params, deadline=record.get("deadline") or "")


def _rule_percent(snap: Snapshot, rule_id: str) -> bool:
    rule = next((r for r in alert_state(snap).rules.rules if r.id == rule_id), None)
    return rule is not None and rule.params.get("by") == "percent"


def home_alerts(snap: Snapshot, home: str) -> pd.DataFrame:
    """The active alerts of the home region (most severe first): the wall banner's lines."""
    active = alert_state(snap).active
    return active[active["region_code"] == home].reset_index(drop=True)


__all__ = ["ALERT_COLUMNS", "RECORD_COLUMNS", "AlertState", "alert_state", "alert_table"]
