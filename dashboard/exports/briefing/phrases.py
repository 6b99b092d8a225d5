"""Phrases the findings are written from: numbers, ranks, changes and gaps in either language.

Changes and gaps smaller than :data:`FLAT` read as "unchanged" or "level with", so a sentence
never claims a rise that rounds to 0,0.
"""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing, GroupFacts
from dashboard.i18n import fmt_number, normalise_lang, t

FLAT = 0.05  # changes and gaps smaller than this (after rounding to 0,1) read as "unchanged"


def num(value: float | None, lang: str, decimals: int = 1) -> str:
    """A score as the language writes it: '62,5' / '62.5'; missing as an en dash."""
    return fmt_number(value, lang, decimals)


def ordinal(rank: int, lang: str) -> str:
    """'3' in Indonesian ('peringkat 3'), '3rd' in English."""
    if normalise_lang(lang) == "id":
        return str(rank)
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def change_phrase(change: float | None, since: int, lang: str) -> str:
    """'naik 6,2 poin sejak 2023' / 'rose 6.2 points since 2023', or why there is no change."""
    if change is None:
        return t("briefing.phrase.change_none", lang, year=since)
    if abs(change) < FLAT:
        return t("briefing.phrase.change_flat", lang, year=since)
    key = "change_up" if change > 0 else "change_down"
    return t(f"briefing.phrase.{key}", lang, points=num(abs(change), lang), year=since)


def rank_phrase(rank: int | None, n: int, where: str, lang: str) -> str:
    """'peringkat 3 dari 27 di Jawa Barat' / 'ranked 3rd of 27 in Jawa Barat'."""
    if rank is None or not n:
        return t("briefing.phrase.rank_none", lang, where=where)
    return t("briefing.phrase.rank", lang, rank=ordinal(rank, lang), n=n, where=where)


def gap_phrase(value: float | None, reference: float | None, ref_label: str, lang: str) -> str:
    """'18,3 poin di atas rata-rata nasional' (or below, or level with it)."""
    if value is None or reference is None:
        return t("briefing.phrase.gap_none", lang, ref=ref_label)
    diff = value - reference
    if abs(diff) < FLAT:
        return t("briefing.phrase.gap_level", lang, ref=ref_label)
    key = "gap_above" if diff > 0 else "gap_below"
    return t(f"briefing.phrase.{key}", lang, points=num(abs(diff), lang), ref=ref_label)


def national_ref(lang: str) -> str:
    """'rata-rata nasional' / 'national mean', what a gap is measured against."""
    return t("briefing.phrase.ref_national", lang)


def provincial_ref(b: Briefing) -> str:
    """'rata-rata Jawa Barat' / 'Jawa Barat mean'."""
    return t("briefing.phrase.ref_province", b.lang, province=b.region.province_name)


def scored_groups(groups) -> list[GroupFacts]:
    """The pillars or elements that have a score (the others cannot be best or worst)."""
    return [g for g in groups if g.value is not None]


def publisher(source: str) -> str:
    """'BIG, Desember 2024' -> 'BIG'; 'BPS (via quarcs-lab/indonesia514)' -> 'BPS';
    'BPS — <table>' -> 'BPS'."""
    return source.split(" — ")[0].split(" (")[0].split(",")[0].strip()
