"""Findings written from known numbers: rises and falls, rank phrasing, gaps, missing data."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.exports.briefing import build, findings, phrases
from dashboard.exports.briefing.facts import (
    CHART_KEYS,
    Briefing,
    GroupFacts,
    IndicatorFacts,
    ProgrammeFacts,
    ProvinceFacts,
    RegionFacts,
    ScoreFacts,
)


def group(gid, kind, name, value, *, province=50.0, national=45.0, change=None, rank=5):
    return GroupFacts(gid, kind, name, value, province, national, change, rank, 27)


def indicator(iid, grp, name, *, percentile, value=1.0, text="1,0", synthetic=True, rank=10):
    return IndicatorFacts(
        iid, grp, name, value, text, 2024, rank, 500, percentile, percentile, "sintetis", synthetic
    )


@pytest.fixture
def facts() -> Briefing:
    """A made-up kabupaten in Jawa Barat with round numbers that make the sentences checkable."""
    groups = (
        group("governance", "pillar", "Smart Governance", 70.0, change=6.2, rank=3),
        group("branding", "pillar", "Smart Branding", 40.0, change=-1.5),
        group("economy", "pillar", "Smart Economy", 55.0, change=0.02),
        group("struktur", "element", "Struktur", 80.0, national=50.0, change=2.0),
        group("suprastruktur", "element", "Suprastruktur", 30.0, province=42.5, change=None),
    )
    indicators = (
        indicator("gov_spbe", "governance", "Indeks SPBE", percentile=95.0, rank=12),
        indicator("brd_tourists", "branding", "Kunjungan wisatawan", percentile=20.0),
        indicator("rp_masterplan", "suprastruktur", "Masterplan", percentile=10.0, text="1 / 3"),
        indicator("eco_qris", "economy", "QRIS", percentile=60.0),
        indicator("rs_fiscal", "struktur", "Fiskal", percentile=70.0),
        indicator("eco_grdp_pc", "economy", "PDRB per kapita", percentile=90.0, synthetic=False),
    )
    return Briefing(
        lang="id",
        region=RegionFacts("32.99", "3299", "Kabupaten Contoh", "kabupaten", "32", "Jawa Barat"),
        period=2024,
        score=ScoreFacts(62.5, "Unggul", 59, 514, 8, 27, 2.1),
        groups=groups,
        province=ProvinceFacts(59.4, 5, 38, ("Kota Bandung", 75.6), ("Kota Cirebon", 75.3)),
        national_mean=51.2,
        share_below=0.886,
        history=((2022, 55.0, 54.0, 50.0), (2023, 60.4, 56.0, 50.5), (2024, 62.5, 59.4, 51.2)),
        indicators=indicators,
        strongest=("gov_spbe",),
        weakest=("rp_masterplan",),
        context=(),
        programme=ProgrammeFacts(2022, "2022-04-21", 4, "adopted", 5, True),
    )


def english(b: Briefing) -> Briefing:
    return replace(b, lang="en")


# ---------------------------------------------------------------------------- phrases
@pytest.mark.parametrize(
    ("change", "lang", "expected"),
    [
        (6.24, "id", "naik 6,2 poin sejak 2023"),
        (-1.5, "id", "turun 1,5 poin sejak 2023"),
        (0.04, "id", "tidak berubah sejak 2023"),
        (None, "id", "belum dapat dibandingkan dengan 2023 (data kurang)"),
        (1234.5, "en", "rose 1,234.5 points since 2023"),
        (-0.25, "en", "fell 0.2 points since 2023"),
    ],
)
def test_change_phrase(change, lang, expected):
    assert phrases.change_phrase(change, 2023, lang) == expected


@pytest.mark.parametrize(
    ("rank", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_english_ordinals(rank, expected):
    assert phrases.ordinal(rank, "en") == expected
    assert phrases.ordinal(rank, "id") == str(rank)


def test_rank_phrase_in_both_languages_and_without_a_rank():
    assert phrases.rank_phrase(3, 27, "Jawa Barat", "id") == "peringkat 3 dari 27 di Jawa Barat"
    assert phrases.rank_phrase(3, 27, "Jawa Barat", "en") == "ranked 3rd of 27 in Jawa Barat"
    assert phrases.rank_phrase(None, 27, "Jawa Barat", "id") == (
        "belum berperingkat di Jawa Barat (data kurang)"
    )
    assert "not ranked" in phrases.rank_phrase(4, 0, "Indonesia", "en")


def test_gap_phrase_above_below_level_and_missing():
    national = "rata-rata nasional"
    assert phrases.gap_phrase(70.0, 51.7, national, "id") == "18,3 poin di atas rata-rata nasional"
    assert phrases.gap_phrase(40.0, 52.5, national, "id") == "12,5 poin di bawah rata-rata nasional"
    assert phrases.gap_phrase(50.02, 50.0, national, "id") == "setara rata-rata nasional"
    assert phrases.gap_phrase(None, 50.0, national, "id") == "tanpa pembanding rata-rata nasional"
    assert (
        phrases.gap_phrase(60.0, 50.0, "national mean", "en")
        == "10.0 points above the national mean"
    )


# ---------------------------------------------------------------------------- key findings
def test_key_findings_name_the_biggest_move_the_highest_and_the_lowest(facts):
    assert findings.key_findings(facts) == [
        "Smart Governance naik 6,2 poin sejak 2023, peringkat 3 dari 27 di Jawa Barat.",
        "Struktur tertinggi di 80,0, 30,0 poin di atas rata-rata nasional.",
        "Suprastruktur terendah di 30,0, 12,5 poin di bawah rata-rata Jawa Barat; "
        "indikator terlemahnya Masterplan (1 / 3).",
    ]


def test_key_findings_in_english(facts):
    assert findings.key_findings(english(facts)) == [
        "Smart Governance rose 6.2 points since 2023, ranked 3rd of 27 in Jawa Barat.",
        "Struktur is the highest at 80.0, 30.0 points above the national mean.",
        "Suprastruktur is the lowest at 30.0, 12.5 points below the Jawa Barat mean; "
        "its weakest indicator is Masterplan (1 / 3).",
    ]


def test_a_fall_larger_than_any_rise_is_the_movement(facts):
    groups = tuple(replace(g, change=-9.0) if g.id == "branding" else g for g in facts.groups)
    first = findings.key_findings(replace(facts, groups=groups))[0]
    assert first.startswith("Smart Branding turun 9,0 poin sejak 2023, peringkat 5 dari 27")


def test_without_last_year_the_movement_is_the_overall_standing(facts):
    groups = tuple(replace(g, change=None) for g in facts.groups)
    first = findings.key_findings(replace(facts, groups=groups))[0]
    assert first == "Indeks kesiapan 62,5 (Unggul), peringkat 59 dari 514 di Indonesia."


def test_without_a_score_there_is_one_honest_sentence(facts):
    missing = replace(facts, score=ScoreFacts(None, None, None, 0, None, 0, None))
    assert findings.key_findings(missing) == [
        "Skor Kabupaten Contoh untuk 2024 belum dapat dihitung: data kurang."
    ]
    texts = findings.findings(missing)
    assert texts["rank"] == texts["distribution"] == findings.key_findings(missing)[0]


def test_without_a_score_the_second_sentence_names_the_pillars_without_one(facts):
    groups = tuple(replace(g, value=None) if g.kind == "pillar" else g for g in facts.groups)
    missing = replace(facts, score=ScoreFacts(None, None, None, 0, None, 0, None), groups=groups)
    first, second = findings.key_findings(missing)
    assert first.startswith("Skor Kabupaten Contoh")
    assert second.startswith("Tanpa skor: ")
    assert all(g.name in second for g in groups if g.kind == "pillar")
    assert "60%" in second


# ---------------------------------------------------------------------------- chart findings
def test_every_chart_has_one_sentence(facts):
    for lang_facts in (facts, english(facts)):
        texts = findings.findings(lang_facts)
        assert list(texts) == list(CHART_KEYS)
        for key, text in texts.items():
            assert text.endswith("."), (key, text)
            assert "{" not in text, (key, text)
            assert "briefing." not in text, (key, text)


def test_chart_findings_from_known_numbers(facts):
    texts = findings.findings(facts)
    assert texts["map"] == (
        "Jawa Barat: rata-rata kabupaten/kota 59,4, peringkat 5 dari 38 provinsi; "
        "Kabupaten Contoh 3,1 poin di atas rata-rata provinsi."
    )
    assert texts["pillars"] == (
        "2 dari 3 pilar di atas rata-rata nasional; tertinggi Smart Governance (70,0), "
        "terendah Smart Branding (40,0)."
    )
    assert texts["elements"] == (
        "Elemen kesiapan tertinggi Struktur (80,0, 30,0 poin di atas rata-rata Jawa Barat); "
        "terendah Suprastruktur (30,0, 12,5 poin di bawah rata-rata Jawa Barat)."
    )
    assert texts["trend"] == (
        "Indeks naik 7,5 poin sejak 2022 menjadi 62,5 pada 2024, 11,3 poin di atas rata-rata "
        "nasional."
    )
    assert texts["change"] == (
        "Sejak 2023, kenaikan terbesar pada Smart Governance (+6,2 poin) dan penurunan terbesar "
        "pada Smart Branding (−1,5 poin)."
    )
    assert texts["rank"] == (
        "Kabupaten Contoh peringkat 8 dari 27 di Jawa Barat, 13,1 poin di bawah Kota Bandung di "
        "peringkat 1."
    )
    assert texts["distribution"] == (
        "Skor 62,5 lebih tinggi dari 89% kabupaten/kota (peringkat 59 dari 514 di Indonesia); "
        "rata-rata nasional 51,2."
    )
    assert texts["indicators"] == (
        "Indikator terkuat: Indeks SPBE (peringkat 12 dari 500 di Indonesia); terlemah: "
        "Masterplan (peringkat 10 dari 500 di Indonesia)."
    )


def test_the_leader_of_its_province_is_compared_with_the_runner_up(facts):
    first = replace(facts, score=replace(facts.score, rank_province=1, value=76.0))
    assert findings.finding_rank(first) == (
        "Kabupaten Contoh peringkat 1 dari 27 di Jawa Barat, 0,7 poin di atas Kota Cirebon di "
        "peringkat 2."
    )
    assert findings.finding_rank(english(first)) == (
        "Kabupaten Contoh is ranked 1st of 27 in Jawa Barat, 0.7 points ahead of Kota Cirebon in "
        "2nd place."
    )


def test_change_when_nothing_fell_or_nothing_moved(facts):
    rising = tuple(replace(g, change=abs(g.change or 0.0) + 1) for g in facts.groups)
    assert findings.finding_change(replace(facts, groups=rising)).startswith(
        "Sejak 2023 tidak ada pilar atau elemen yang turun; kenaikan terbesar pada Smart Governance"
    )
    flat = tuple(replace(g, change=0.0) for g in facts.groups)
    assert findings.finding_change(replace(facts, groups=flat)) == (
        "Semua pilar dan elemen tidak berubah sejak 2023."
    )
    none = tuple(replace(g, change=None) for g in facts.groups)
    assert findings.finding_change(replace(facts, groups=none)) == (
        "Perubahan belum dapat dihitung: tidak ada skor 2023."
    )


def test_missing_pillars_history_and_indicators_are_said_not_invented(facts):
    empty = replace(
        facts,
        groups=tuple(replace(g, value=None) for g in facts.groups),
        history=((2024, 62.5, 59.4, 51.2),),
        strongest=(),
        weakest=(),
    )
    assert findings.finding_pillars(empty) == (
        "Skor pilar dan elemen untuk 2024 belum dapat dihitung: data kurang."
    )
    assert findings.finding_trend(empty) == "Baru ada data satu tahun: indeks 62,5 pada 2024."
    assert findings.finding_indicators(empty) == "Belum ada skor indikator untuk 2024."
    assert findings.key_findings(empty)[1:] == []  # no highest or lowest pillar to name


def test_trend_that_did_not_move(facts):
    flat = replace(facts, history=((2020, 62.5, 55.0, 50.0), (2024, 62.5, 59.4, 51.2)))
    assert findings.finding_trend(flat) == (
        "Indeks bertahan di sekitar 62,5 sejak 2020, 11,3 poin di atas rata-rata nasional."
    )


# ---------------------------------------------------------------------------- helpers
def test_strongest_and_weakest_by_percentile_never_overlap(facts):
    strong, weak = build.strongest_weakest(facts.indicators, n=3)
    assert strong == ["gov_spbe", "eco_grdp_pc", "rs_fiscal"]
    assert weak == ["rp_masterplan", "brd_tourists", "eco_qris"]
    strong, weak = build.strongest_weakest(facts.indicators[:3], n=3)
    assert strong == ["gov_spbe", "brd_tourists"]
    assert weak == ["rp_masterplan"]
    assert build.strongest_weakest((), n=3) == ([], [])


def test_real_sources_name_their_publisher_and_skip_synthetic(facts):
    assert facts.real_sources() == []  # a value whose source says "sintetis" is never "real"
    real = replace(
        facts,
        indicators=(*facts.indicators[:5], replace(facts.indicators[5], source="BPS")),
    )
    assert real.real_sources() == [("BPS", ["PDRB per kapita"])]
    assert real.synthetic


def test_publisher_is_the_short_name():
    assert phrases.publisher("BPS (via quarcs-lab/indonesia514)") == "BPS"
    assert phrases.publisher("Dukcapil Kemendagri, Desember 2024") == "Dukcapil Kemendagri"


def test_value_text(framework):
    spbe = framework.indicator("gov_spbe")  # unit 1-5
    audit = framework.indicator("gov_audit")  # categories
    poverty = framework.indicator("eco_poverty")  # %
    assert build.value_text(spbe, 3.684, "id") == "3,68 / 5"
    assert build.value_text(audit, 4, "en") == audit.categories[-1]
    assert build.value_text(poverty, 9.04, "id") == "9,04%"
    assert build.value_text(poverty, None, "id") == "data kurang"
    assert build.value_text(poverty, float("nan"), "en") == "insufficient data"
