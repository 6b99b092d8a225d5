"""Alert rules: parsing and validation messages, every kind on small frames, the history."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.data.alerts.evaluate import Inputs, evaluate
from dashboard.data.alerts.history import AlertHistory
from dashboard.data.alerts.rules import RulesError, parse_rules
from dashboard.data.alerts.source import SHIPPED_RULES, RuleSource

HOME = "32.16"
TODAY = date(2026, 12, 4)


def parse(text: str, framework, regions):
    return parse_rules(text, file="alerts.toml", framework=framework, regions=regions, home=HOME)


def rule(kind: str, **extra) -> str:
    lines = [f'id = "r-{kind}"', 'title_id = "Uji"', 'title_en = "Test"', f'kind = "{kind}"']
    for key, value in extra.items():
        lines.append(f"{key} = {value}")
    return "[[rule]]\n" + "\n".join(lines) + "\n"


def values(*rows) -> pd.DataFrame:
    """(region, measure, period, value[, synthetic]) tuples -> the evaluation's value frame."""
    out = []
    for row in rows:
        region, measure, period, value, *rest = row
        synthetic = bool(rest and rest[0])
        source = "sintetis" if synthetic else "BPS"
        out.append((region, measure, period, value, source, synthetic))
    columns = ["region_code", "measure", "period", "value", "source", "synthetic"]
    return pd.DataFrame(out, columns=columns)


def inputs(frame, targets=None) -> Inputs:
    directions = {"liv_hdi": "up", "eco_poverty": "down"}
    provinces = pd.Series({"32.16": "32", "32.75": "32", "32.01": "32", "33.01": "33"})
    extra = {} if targets is None else {"targets": targets}
    return Inputs(frame, directions, provinces, **extra)


def run(text: str, frame, framework, regions, *, targets=None, today=TODAY) -> pd.DataFrame:
    return evaluate(parse(text, framework, regions), inputs(frame, targets), today=today)


# ---------------------------------------------------------------------------- parsing


def test_shipped_rules_are_valid(framework, regions):
    rules = parse(SHIPPED_RULES.read_text("utf-8"), framework, regions)
    assert {r.kind for r in rules} == {"threshold", "target", "rank_fall", "drop", "missing"}
    assert all(r.regions == (HOME,) for r in rules)


def test_regions_words_and_province_codes(framework, regions):
    text = rule("threshold", indicator='"liv_hdi"', below=70, regions='["all"]')
    assert len(parse(text, framework, regions)[0].regions) == 514
    text = rule("threshold", indicator='"liv_hdi"', below=70, regions='["32", "home"]')
    codes = parse(text, framework, regions)[0].regions
    assert HOME in codes
    assert all(c.startswith("32.") for c in codes)
    assert len(codes) == 27


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        (rule("threshold", indicator='"nope"', below=1), "r-threshold, field indicator", "nope"),
        (rule("threshold", indicator='"liv_hdi"'), "field below/above", "exactly one"),
        (rule("threshold", indicator='"liv_hdi"', below=1, above=2), "below/above", "exactly one"),
        (rule("threshold", indicator='"liv_hdi"', below='"x"'), "field below", "number"),
        (rule("rank_fall", places=0), "field places", "whole number"),
        (rule("rank_fall", places=2.5), "field places", "whole number"),
        (rule("rank_fall", places=2, scope='"world"'), "field scope", "'world'"),
        (rule("drop", indicator='"liv_hdi"', percent=-3), "field percent", "above 0"),
        (rule("missing", indicator='"liv_hdi"', period=2025, deadline='"soon"'), "deadline", "date"),
        (rule("missing", indicator='"composite"', period=2025, deadline="2026-06-30"), "indicator", "score"),
        (rule("target", indicator='"liv_hdi"', sides='"worse"'), "field sides", "not a parameter"),
        (rule("threshold", indicator='"liv_hdi"', below=1, regions='["99.99"]'), "regions", "99.99"),
        (rule("threshold", indicator='"liv_hdi"', below=1, severity='"loud"'), "severity", "'loud'"),
        (rule("nonsense", indicator='"liv_hdi"'), "field kind", "'nonsense'"),
        ('[[rule]]\nkind = "threshold"\n', "rule #1, field id", "missing"),
    ],
)  # fmt: skip
def test_malformed_rules_name_file_rule_and_field(framework, regions, text, where, reason):
    with pytest.raises(RulesError) as caught:
        parse(text, framework, regions)
    message = caught.value.messages("en")[0]
    assert message.startswith("alerts.toml, rule ")
    assert where in message, message
    assert reason in message, message


def test_duplicate_ids_and_bad_toml(framework, regions):
    text = rule("threshold", indicator='"liv_hdi"', below=1) * 2
    with pytest.raises(RulesError, match="another rule already has this id"):
        parse(text, framework, regions)
    with pytest.raises(RulesError, match=r"alerts.toml: not valid TOML"):
        parse("[[rule]\n", framework, regions)
    with pytest.raises(RulesError, match="rule r-threshold, field indicator") as caught:
        parse(rule("threshold", indicator='"x"', below=1), framework, regions)
    assert "aturan r-threshold, kolom indicator" in caught.value.messages("id")[0]


# ---------------------------------------------------------------------------- kinds


def test_threshold_uses_the_latest_value_and_ignores_missing(framework, regions):
    frame = values(
        (HOME, "liv_hdi", 2023, 69.0), (HOME, "liv_hdi", 2024, 71.0),
        ("32.75", "liv_hdi", 2024, float("nan")), ("32.75", "liv_hdi", 2023, 60.0),
    )  # fmt: skip
    text = rule("threshold", indicator='"liv_hdi"', below=70, regions='["32.16", "32.75"]')
    out = run(text, frame, framework, regions)
    assert out["region_code"].tolist() == ["32.75"]  # Bekasi's latest is 71; 32.75's NaN skipped
    assert (out["period"].iloc[0], out["value"].iloc[0], out["threshold"].iloc[0]) == (2023, 60, 70)
    above = run(rule("threshold", indicator='"liv_hdi"', above=70), frame, framework, regions)
    assert above["value"].tolist() == [71.0]


def test_synthetic_values_are_labelled_or_excluded(framework, regions):
    frame = values((HOME, "liv_hdi", 2023, 60.0), (HOME, "liv_hdi", 2024, 61.0, True))
    out = run(rule("threshold", indicator='"liv_hdi"', below=70), frame, framework, regions)
    assert bool(out["synthetic"].iloc[0])
    assert out["source"].iloc[0] == "sintetis"
    real = rule("threshold", indicator='"liv_hdi"', below=70, include_synthetic="false")
    out = run(real, frame, framework, regions)
    assert out["period"].tolist() == [2023]
    assert not out["synthetic"].iloc[0]


def test_target_follows_the_indicator_direction(framework, regions):
    frame = values((HOME, "liv_hdi", 2024, 70.0), (HOME, "eco_poverty", 2024, 5.0))
    targets = pd.DataFrame(
        {"region_code": [HOME, HOME], "indicator_id": ["liv_hdi", "eco_poverty"],
         "period": [2024, 2024], "target": [72.0, 4.0]}
    )  # fmt: skip
    for indicator, expected in (("liv_hdi", 72.0), ("eco_poverty", 4.0)):
        out = run(rule("target", indicator=f'"{indicator}"'), frame, framework, regions,
                  targets=targets)  # fmt: skip
        assert out["threshold"].tolist() == [expected], indicator
    above = rule("target", indicator='"liv_hdi"', side='"above"')
    assert run(above, frame, framework, regions, targets=targets).empty
    assert run(rule("target", indicator='"liv_hdi"'), frame, framework, regions).empty  # no target


def test_rank_fall_national_and_within_the_province(framework, regions):
    frame = values(
        (HOME, "composite", 2023, 90.0), ("32.75", "composite", 2023, 80.0),
        ("32.01", "composite", 2023, 70.0), ("33.01", "composite", 2023, 60.0),
        (HOME, "composite", 2024, 50.0), ("32.75", "composite", 2024, 80.0),
        ("32.01", "composite", 2024, 70.0), ("33.01", "composite", 2024, 60.0),
    )  # fmt: skip
    national = run(rule("rank_fall", places=3), frame, framework, regions)
    assert (national["reference"].iloc[0], national["value"].iloc[0]) == (1, 4)
    assert run(rule("rank_fall", places=4), frame, framework, regions).empty
    province = run(rule("rank_fall", places=2, scope='"province"'), frame, framework, regions)
    assert (province["reference"].iloc[0], province["value"].iloc[0]) == (1, 3)


def test_rank_of_a_lower_is_better_indicator(framework, regions):
    frame = values(
        (HOME, "eco_poverty", 2023, 2.0), ("32.75", "eco_poverty", 2023, 5.0),
        (HOME, "eco_poverty", 2024, 9.0), ("32.75", "eco_poverty", 2024, 5.0),
    )  # fmt: skip
    out = run(rule("rank_fall", indicator='"eco_poverty"', places=1), frame, framework, regions)
    assert (out["reference"].iloc[0], out["value"].iloc[0]) == (1, 2)


def test_drop_absolute_percent_and_direction(framework, regions):
    frame = values(
        (HOME, "liv_hdi", 2023, 70.0), (HOME, "liv_hdi", 2024, 66.0),
        (HOME, "eco_poverty", 2023, 5.0), (HOME, "eco_poverty", 2024, 4.0),
    )  # fmt: skip
    out = run(rule("drop", indicator='"liv_hdi"', amount=4), frame, framework, regions)
    assert out["change"].tolist() == [-4.0]
    assert run(rule("drop", indicator='"liv_hdi"', amount=4.5), frame, framework, regions).empty
    pct = run(rule("drop", indicator='"liv_hdi"', percent=5), frame, framework, regions)
    assert pct["change"].round(3).tolist() == [-5.714]
    # poverty falling is an improvement: "worse" stays quiet, "fall" fires
    assert run(rule("drop", indicator='"eco_poverty"', amount=0.5), frame, framework, regions).empty
    fall = rule("drop", indicator='"eco_poverty"', amount=0.5, change='"fall"')
    assert len(run(fall, frame, framework, regions)) == 1


def test_drop_needs_the_year_before(framework, regions):
    frame = values((HOME, "liv_hdi", 2021, 80.0), (HOME, "liv_hdi", 2024, 60.0))
    assert run(rule("drop", indicator='"liv_hdi"', amount=1), frame, framework, regions).empty


def test_missing_after_the_deadline_only(framework, regions):
    text = rule("missing", indicator='"liv_hdi"', period=2025, deadline="2026-06-30",
                regions='["32.16", "32.75"]')  # fmt: skip
    frame = values(("32.75", "liv_hdi", 2025, 75.0), (HOME, "liv_hdi", 2024, 70.0))
    assert run(text, frame, framework, regions, today=date(2026, 6, 30)).empty
    out = run(text, frame, framework, regions, today=date(2026, 7, 1))
    assert out["region_code"].tolist() == [HOME]
    assert out["value"].isna().all()
    assert out["deadline"].tolist() == ["2026-06-30"]


def test_alerts_most_severe_first(framework, regions):
    frame = values((HOME, "liv_hdi", 2024, 60.0))
    text = rule("threshold", indicator='"liv_hdi"', below=70, severity='"info"')
    text += rule("threshold", indicator='"liv_hdi"', below=65, severity='"critical"').replace(
        "r-threshold", "r-two"
    )
    out = run(text, frame, framework, regions)
    assert out["severity"].tolist() == ["critical", "info"]
    assert out["key"].tolist() == ["r-two|32.16", "r-threshold|32.16"]


# ---------------------------------------------------------------------------- history


def test_history_opens_updates_and_closes(tmp_path, framework, regions):
    history = AlertHistory(tmp_path / "alerts")
    text = rule("threshold", indicator='"liv_hdi"', below=70)
    first = run(text, values((HOME, "liv_hdi", 2024, 60.0)), framework, regions)
    records = history.update(first, version=1, rules="a", day="2026-12-04", current=True)
    assert records["active"].tolist() == [True]
    assert records["started_version"].tolist() == [1]
    again = history.update(first, version=1, rules="a", day="2026-12-04", current=True)
    assert len(again) == 1
    stale = history.update(first.iloc[0:0], version=0, rules="a", day="2026-12-04", current=False)
    assert stale["active"].tolist() == [True]  # an old worker's snapshot never writes
    fixed = run(text, values((HOME, "liv_hdi", 2025, 75.0)), framework, regions)
    records = AlertHistory(tmp_path / "alerts").update(
        fixed, version=2, rules="a", day="2026-12-04", current=True
    )
    assert records["active"].tolist() == [False]
    assert records["ended_version"].tolist() == [2]
    back = history.update(first, version=3, rules="a", day="2026-12-04", current=True)
    assert sorted(back["active"].tolist()) == [False, True]
    assert len(back) == 2


def test_rule_source_seeds_keeps_last_good_and_saves(tmp_path, framework, regions):
    path = tmp_path / "alerts.toml"
    source = RuleSource(path, data_dir=tmp_path, framework=framework, regions=regions, home=HOME)
    first = source.current()
    assert path.read_text("utf-8") == SHIPPED_RULES.read_text("utf-8")
    assert first.rules
    path.write_text("[[rule]]\nid = 3\n", encoding="utf-8")
    broken = source.current()
    assert broken.rules == first.rules
    assert "rule #1" in broken.problem
    with pytest.raises(RulesError):
        source.save("[[rule]]\n", who="ada")
    assert path.read_text("utf-8") == "[[rule]]\nid = 3\n"  # a rejected save writes nothing
    saved = source.save(rule("threshold", indicator='"liv_hdi"', below=70), who="ada")
    assert [r.id for r in saved.rules] == ["r-threshold"]
    assert saved.problem is None
    audit = (tmp_path / "audit.jsonl").read_text("utf-8")
    assert '"action": "alerts"' in audit
    assert '"who": "ada"' in audit


def test_oversized_rule_files_are_refused_before_parsing(framework, regions):
    many = "".join(
        rule("threshold", indicator='"liv_hdi"', below=1).replace("r-threshold", f"r{i}")
        for i in range(201)
    )
    with pytest.raises(RulesError, match=r"alerts\.toml: more than 200 rules"):
        parse(many, framework, regions)
    huge = "# " + "x" * (256 * 1024) + "\n" + rule("threshold", indicator='"liv_hdi"', below=1)
    with pytest.raises(RulesError, match=r"alerts\.toml: the file is larger than 262144 bytes"):
        parse(huge, framework, regions)
