"""The facts of a briefing computed from one snapshot: which region and year, and its numbers.

``build_briefing`` resolves nothing twice: the region and year are checked here (a province or a
year not in the data is a :class:`~dashboard.data.errors.DataError` with a message that says what
to use), then every score, rank and indicator value is read from the snapshot. Pure: no Dash.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import datetime

import pandas as pd

from dashboard.charts.query import PERIOD, ExportError, resolve
from dashboard.data.errors import DataError
from dashboard.data.framework import CONTEXT_GROUP
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.measures import (
    COMPOSITE,
    group_means,
    indicator_profile,
    programme_status,
    rank_values,
    score_history,
)
from dashboard.data.views.regions import short_province
from dashboard.exports.briefing.facts import (
    Briefing,
    EventFacts,
    GroupFacts,
    IndicatorFacts,
    LeverFacts,
    ProgrammeFacts,
    ProvinceFacts,
    RegionFacts,
    ScoreFacts,
    TargetFacts,
)
from dashboard.figures.theme import with_unit
from dashboard.i18n import fmt_number, fmt_signed, normalise_lang, t


def resolve_region(snap: Snapshot, key: object) -> str:
    """A kab/kota code from a dotted code, BPS code or name; provinces are refused."""
    code = snap.regions.resolve(str(key).strip())
    if "." not in code:
        raise DataError("briefing.not_regency", key=str(key))
    return code


def resolve_period(snap: Snapshot, raw: object) -> int:
    """The briefing year, read like an export's ``period`` (absent: the default year)."""
    try:
        return resolve(snap, (PERIOD,), {"period": raw}, home="", strict=True)["period"]  # type: ignore[return-value]
    except ExportError:
        raise DataError(
            "briefing.bad_period",
            period=str(raw).strip()[:12],
            periods=", ".join(map(str, snap.periods)),
        ) from None


def build_briefing(
    snap: Snapshot,
    code: str,
    period: int,
    *,
    lang: str = "id",
    generated_at: datetime | None = None,
) -> Briefing:
    """The facts of one kab/kota and year (``code`` and ``period`` already resolved)."""
    lang = normalise_lang(lang)
    code = resolve_region(snap, code)
    period = resolve_period(snap, period)
    region = _region(snap, code)
    scores = snap.scores[snap.scores["period"] == period]
    row = scores[scores["region_code"] == code]
    row = row.iloc[0] if len(row) else None
    indicators, context = _indicators(snap, code, period, lang)
    strong, weak = strongest_weakest(indicators)
    framework = snap.framework
    briefing = Briefing(
        lang=lang,
        region=region,
        period=period,
        score=_score(snap, row, lang),
        groups=_groups(snap, scores, row, region.province_code, lang),
        province=_province(snap, scores, region.province_code, period),
        national_mean=_num(scores[COMPOSITE].mean()),
        share_below=_share_below(scores, row),
        history=_history(snap, code),
        indicators=indicators,
        strongest=tuple(strong),
        weakest=tuple(weak),
        context=context,
        programme=_programme(snap, code),
        levers=_levers(snap, code, period, lang),
        targets=_targets(snap, code, period, lang),
        events=_events(snap, code, lang),
        levels=tuple((lv.name(lang), lv.lower) for lv in framework.levels),
        pillar_share=framework.composite_weights.get("pillars", 1.0),
        max_missing_share=framework.max_missing_share,
        dataset_version=snap.version,
        framework_version=framework.version,
        code_vintage=str(snap.regions.regions["vintage"].iloc[0]),
    )
    return replace(briefing, generated_at=generated_at) if generated_at else briefing


def _targets(snap: Snapshot, code: str, period: int, lang: str) -> tuple[TargetFacts, ...]:
    """The region's RPJMD targets judged with the data up to the deck's year."""
    from dashboard.data.views.targets import target_table

    out = []
    for rec in target_table(snap, code, period).to_dict("records"):
        name, unit, decimals = _target_label(snap, rec["indicator_id"], lang)

        def text(value, signed=False, unit=unit, decimals=decimals) -> str:
            if value is None or pd.isna(value):
                return "–"
            number = (
                fmt_signed(value, lang, decimals) if signed else fmt_number(value, lang, decimals)
            )
            return f"{number} {unit}".strip()

        actual = text(rec["actual"])
        if rec["actual_year"] is not None and not pd.isna(rec["actual_year"]):
            actual += f" ({int(rec['actual_year'])})"
        out.append(
            TargetFacts(
                indicator=rec["indicator_id"],
                name=name,
                year=int(rec["period"]),
                target_text=text(rec["target"]),
                actual_text=actual,
                projected_text=text(rec["projected"]),
                gap_text=text(rec["gap"], signed=True),
                status=rec["status"],
                synthetic=bool(rec["target_synthetic"]),
                source=str(rec["source"]),
                target=float(rec["target"]),
            )
        )
    return tuple(out)


SCALE_UNITS = ("0-100", "1-5", "0-5", "0-3", "1-4")


def _target_label(snap: Snapshot, indicator: str, lang: str) -> tuple[str, str, int]:
    if indicator == COMPOSITE:
        return t("targets.composite", lang), "", 1
    ind = snap.framework.indicator(indicator)
    return ind.name(lang), "" if ind.unit in SCALE_UNITS else ind.unit, ind.decimals


def _events(snap: Snapshot, code: str, lang: str) -> tuple[EventFacts, ...]:
    from dashboard.data.views.events import event_title, events_for

    return tuple(
        EventFacts(e["date"], event_title(e, lang), bool(e["synthetic"]))
        for e in events_for(snap, code).to_dict("records")
    )


def _region(snap: Snapshot, code: str) -> RegionFacts:
    regions = snap.regions.regions.set_index("code")
    region = regions.loc[code]
    province = str(region["province_code"])
    return RegionFacts(
        code=code,
        bps_code=str(region["bps_code"]),
        name=str(region["name"]),
        type=str(region["type"]),
        province_code=province,
        province_name=short_province(str(regions.loc[province, "name"])),
    )


def _num(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _int(value: object) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def _score(snap: Snapshot, row: pd.Series | None, lang: str) -> ScoreFacts:
    if row is None:
        return ScoreFacts(None, None, None, 0, None, 0, None)
    value = _num(row[COMPOSITE])
    level = snap.framework.level_for(value)
    return ScoreFacts(
        value=value,
        level=level.name(lang) if level else None,
        rank_national=_int(row["rank_national"]),
        n_national=_int(row["n_ranked_national"]) or 0,
        rank_province=_int(row["rank_province"]),
        n_province=_int(row["n_ranked_province"]) or 0,
        change=_num(row["change"]),
    )


def _groups(
    snap: Snapshot, scores: pd.DataFrame, row: pd.Series | None, province: str, lang: str
) -> tuple[GroupFacts, ...]:
    period = int(scores["period"].iloc[0]) if len(scores) else 0
    national = group_means(snap, period)
    provincial = group_means(snap, period, province=province)
    peers = scores[scores["province_code"] == province]
    out = []
    for group in (*snap.framework.pillars, *snap.framework.elements):
        rank, n = None, int(peers[group.id].notna().sum())
        if row is not None and _num(row[group.id]) is not None:
            ranks = rank_values(peers[group.id], "up")
            rank = _int(ranks[peers["region_code"] == row["region_code"]].iloc[0])
        out.append(
            GroupFacts(
                id=group.id,
                kind=group.kind,
                name=group.name(lang),
                value=None if row is None else _num(row[group.id]),
                province_mean=_num(provincial.get(group.id)),
                national_mean=_num(national.get(group.id)),
                change=None if row is None else _num(row[f"change_{group.id}"]),
                rank_province=rank,
                n_province=n,
            )
        )
    return tuple(out)


def _province(snap: Snapshot, scores: pd.DataFrame, province: str, period: int) -> ProvinceFacts:
    table = snap.province_scores
    prow = table[(table["province_code"] == province) & (table["period"] == period)]
    peers = scores[(scores["province_code"] == province) & scores[COMPOSITE].notna()]
    peers = peers.sort_values([COMPOSITE, "name"], ascending=[False, True])
    ranked = [(str(r["name"]), float(r[COMPOSITE])) for _, r in peers.head(2).iterrows()]
    return ProvinceFacts(
        mean=_num(prow[COMPOSITE].iloc[0]) if len(prow) else None,
        rank=_int(prow["rank_national"].iloc[0]) if len(prow) else None,
        n_provinces=int(table.loc[table["period"] == period, COMPOSITE].notna().sum()),
        leader=ranked[0] if ranked else None,
        runner_up=ranked[1] if len(ranked) > 1 else None,
    )


def _share_below(scores: pd.DataFrame, row: pd.Series | None) -> float | None:
    own = None if row is None else _num(row[COMPOSITE])
    values = scores[COMPOSITE].dropna()
    if own is None or values.empty:
        return None
    return float((values < own).sum()) / len(values)


def _history(snap: Snapshot, code: str) -> tuple:
    frame = score_history(snap, code)
    return tuple(
        (int(r["period"]), _num(r[COMPOSITE]), _num(r["province_mean"]), _num(r["national_mean"]))
        for _, r in frame.iterrows()
    )


def strongest_weakest(
    indicators: tuple[IndicatorFacts, ...] | list[IndicatorFacts], n: int = 3
) -> tuple[list[str], list[str]]:
    """Indicator ids with the best and worst national percentile (never in both lists).

    Percentile, not the 0-100 score: "better than 86% of kab/kota" is what strongest means to a
    reader, while a min-max score can call a top-15% indicator weak when one region is an outlier.
    """
    ranked = sorted(
        (i for i in indicators if i.percentile is not None), key=lambda i: (-i.percentile, i.id)
    )
    n_strong = min(n, (len(ranked) + 1) // 2)
    n_weak = min(n, len(ranked) // 2)
    rest = sorted(ranked[n_strong:], key=lambda i: (i.percentile, i.id))
    return [i.id for i in ranked[:n_strong]], [i.id for i in rest[:n_weak]]


_SCALE = re.compile(r"^(\d+)-(\d+)$")


def value_text(indicator, value: object, lang: str) -> str:
    """'3,68 1-5', '47,9%', 'WTP' (ordered categories) or 'data kurang' for a missing value."""
    number = _num(value)
    if number is None:
        return t("briefing.no_value", lang)
    if indicator.categories:
        position = int(number) - 1
        if 0 <= position < len(indicator.categories):
            return indicator.categories[position]
    text = fmt_number(number, lang, indicator.decimals)
    scale = _SCALE.match(indicator.unit or "")
    if scale:  # "3,68 / 5" reads better than "3,68 1-5"
        return f"{text} / {scale.group(2)}"
    return with_unit(text, indicator.unit)


def _indicators(
    snap: Snapshot, code: str, period: int, lang: str
) -> tuple[tuple[IndicatorFacts, ...], tuple[IndicatorFacts, ...]]:
    profile = indicator_profile(snap, code, period)
    scored, context = [], []
    for rec in profile.to_dict("records"):
        ind = snap.framework.indicator(rec["indicator_id"])
        fact = IndicatorFacts(
            id=ind.id,
            group=ind.group,
            name=ind.name(lang),
            value=_num(rec["value"]),
            value_text=value_text(ind, rec["value"], lang),
            year=_int(rec["period"]),
            rank=_int(rec["rank"]),
            n_regions=_int(rec["n_regions"]),
            percentile=_num(rec["percentile"]),
            score=_num(rec["score"]),
            source=str(rec["source"] or ind.source),
            synthetic=bool(rec["synthetic"]) or rec["source"] == SYNTHETIC,
        )
        (context if ind.group == CONTEXT_GROUP else scored).append(fact)
    return tuple(scored), tuple(context)


def _programme(snap: Snapshot, code: str) -> ProgrammeFacts | None:
    status = programme_status(snap, code)
    if status is None:
        return None
    return ProgrammeFacts(
        cohort=_int(status.get("cohort_year")),
        mou_date=str(status["mou_date"]) if status.get("mou_date") else None,
        bimtek_done=_int(status.get("bimtek_done")) or 0,
        masterplan=str(status.get("masterplan_status") or "none"),
        quick_wins=_int(status.get("quick_wins")),
        synthetic=status.get("source") == SYNTHETIC,
    )


def _levers(snap: Snapshot, code: str, period: int, lang: str) -> tuple[LeverFacts, ...]:
    """The three best levers (each indicator's best target kind), none without a composite."""
    from dashboard.data.views.levers import top_levers

    framework = snap.framework
    levels = {lv.id: lv.name(lang) for lv in framework.levels}
    try:
        rows = top_levers(snap, code, period, n=3)
    except (DataError, KeyError):
        return ()
    out = []
    for r in rows.to_dict("records"):
        ind = framework.indicator(r["indicator_id"])
        out.append(
            LeverFacts(
                id=ind.id,
                name=ind.name(lang),
                value_text=value_text(ind, r["value"], lang),
                target_text=value_text(ind, r["target"], lang),
                target_kind=str(r["target_kind"]),
                gain=float(r["gain"]),
                new_composite=float(r["new_composite"]),
                rank=_int(r["rank"]),
                new_rank=_int(r["new_rank"]),
                n_ranked=int(r["n_ranked"]),
                level=levels.get(r["level"]),
                new_level=levels.get(r["new_level"]),
                effort=_num(r["effort"]),
                synthetic=bool(r["synthetic"]) or float(r["synthetic_share"]) > 0,
            )
        )
    return tuple(out)
