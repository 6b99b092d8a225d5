"""Framework file: the shipped one is valid; mistakes in an edited copy are clear errors."""

from __future__ import annotations

import re

import pytest

from dashboard.data.errors import DataError
from dashboard.data.framework import FRAMEWORK_FILE, load_framework


def test_shipped_framework_matches_the_catalogue(framework):
    assert [p.id for p in framework.pillars] == [
        "governance",
        "branding",
        "economy",
        "living",
        "society",
        "environment",
    ]
    assert [e.id for e in framework.elements] == ["struktur", "infrastruktur", "suprastruktur"]
    assert len(framework.scored_indicators) == 33
    assert {i.id for i in framework.indicators if not i.scored} == {
        "ctx_population",
        "ctx_area",
        "ctx_density",
        "ctx_expected_schooling",
        "ctx_expenditure",
    }
    assert framework.composite_weights == {"pillars": 0.7, "elements": 0.3}
    assert [lv.lower for lv in framework.levels] == [0, 20, 40, 60, 80]
    assert framework.indicator("gov_audit").categories == ("TMP", "TW", "WDP", "WTP")
    assert len(framework.sha256) == 64


def test_every_indicator_is_described_in_both_languages(framework):
    for ind in framework.indicators:
        assert ind.description_id, ind.id
        assert ind.description_en, ind.id
        assert ind.bounds is not None, ind.id


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (0.0, "rintisan"),
        (19.99, "rintisan"),
        (20.0, "berkembang"),
        (79.9, "unggul"),
        (100, "optimal"),
    ],
)
def test_level_for_uses_lower_bounds(framework, level, expected):
    assert framework.level_for(level).id == expected


def test_level_for_missing_score_is_none(framework):
    assert framework.level_for(None) is None
    assert framework.level_for(float("nan")) is None


def _edited(tmp_path, old: str, new: str, count: int = 1):
    text = FRAMEWORK_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "framework.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'group = "governance"\nsub_dimension = "tata kelola birokrasi"\nname_id = "Indeks SPBE"',
            'group = "governanse"\nsub_dimension = "x"\nname_id = "Indeks SPBE"',
            "unknown pillar/element 'governanse'",
        ),
        ("weight = 0.16667", "weight = 0.5", "pillar weights sum to 1.3333, expected 1.0"),
        ('id = "gov_innovation"', 'id = "gov_spbe"', "duplicate id 'gov_spbe'"),
        ("[composite]\npillars = 0.7", "[composite]\npillars = 0.8", "composite weights sum"),
        ("quick_win = 10", "quick_win = 15", "evaluation weights sum to 105"),
        ('direction = "down"', 'direction = "sideways"', "unknown direction 'sideways'"),
        ("lower = 20", "lower = 0", "maturity levels must start at 0 and rise"),
        ("typical = [1.0, 4.5]", "typical = [4.5, 1.0]", "typical must be \\[min, max\\]"),
        ('categories = ["TMP", "TW", "WDP", "WTP"]', "", "has direction ord but no categories"),
        ("weight = 0.33334", 'weight = "heavy"', "must be a positive number"),
        ('normalisation = "percentile"', 'normalisation = "zscore"', "unknown normalisation"),
    ],
)
def test_invalid_edits_are_reported_clearly(tmp_path, old, new, message):
    path = _edited(tmp_path, old, new)
    with pytest.raises(DataError, match=message) as exc:
        load_framework(path)
    assert str(path) in str(exc.value)
    assert exc.value.message("id") != exc.value.message("en")


def test_syntax_error_is_reported_with_the_file(tmp_path):
    path = tmp_path / "framework.toml"
    path.write_text("version = \n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(str(path)) + ".*cannot be read"):
        load_framework(path)


def test_group_without_indicators_is_refused(tmp_path):
    text = FRAMEWORK_FILE.read_text(encoding="utf-8")
    text = text.replace('group = "suprastruktur"', 'group = "struktur"')
    path = tmp_path / "framework.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="element 'suprastruktur' has no indicators"):
        load_framework(path)
