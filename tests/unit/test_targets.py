"""Targets and events: status maths (direction, trend projection), validation messages."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data.imports.events import parse_date, validate_events
from dashboard.data.imports.targets import validate_targets
from dashboard.data.views.targets import target_status, trend_value
from dashboard.figures.events import clusters, event_x, short_label


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


# ------------------------------------------------------------------ status maths
def test_target_year_in_data_met_or_missed_by_direction():
    s = series({2022: 10.0, 2023: 9.0, 2024: 8.0})
    assert target_status(s, 8.5, 2024, "down").status == "met"
    assert target_status(s, 8.5, 2024, "up").status == "missed"
    judged = target_status(s, 8.5, 2024, "down")
    assert judged.gap == pytest.approx(0.5)  # + = better than the target
    assert target_status(s, 8.5, 2024, "up").gap == pytest.approx(-0.5)


def test_target_year_missing_uses_first_value_after_it():
    s = series({2022: 1.0, 2025: 5.0})
    judged = target_status(s, 4.0, 2023, "up")
    assert (judged.status, judged.actual_year) == ("met", 2025)


def test_future_target_projected_by_linear_trend_of_recent_years():
    # the old 2015 value is outside the last four years and must not count
    s = series({2015: 100.0, 2021: 50.0, 2022: 52.0, 2023: 54.0, 2024: 56.0})
    assert trend_value(s.index.to_numpy(), s.to_numpy(), 2026) == pytest.approx(60.0)
    on = target_status(s, 59.0, 2026, "up")
    assert on.status == "on_course"
    assert on.projected == pytest.approx(60.0)
    assert on.gap == pytest.approx(-3.0)  # the latest value against the target
    assert target_status(s, 61.0, 2026, "up").status == "off_course"


def test_future_target_falling_indicator():
    s = series({2022: 6.0, 2023: 5.5, 2024: 5.0})
    assert target_status(s, 4.2, 2026, "down").status == "on_course"  # 4.0 projected
    assert target_status(s, 3.5, 2026, "down").status == "off_course"


def test_future_target_already_reached_is_met():
    assert target_status(series({2024: 80.0}), 70.0, 2026, "up").status == "met"


def test_no_data_and_no_trend():
    assert target_status(series({}), 1.0, 2026).status == "no_data"
    assert target_status(series({2024: 1.0}), 2.0, 2026).status == "no_data"


# ------------------------------------------------------------------ validation
def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(report) -> list[str]:
    return [p.message("en") for p in report.errors]


def test_targets_file_validates(tmp_path, regions, framework):
    path = write(
        tmp_path,
        "t.csv",
        "kode_wilayah,indikator,tahun,target,sumber\n"
        "32.16,eco_poverty,2026,4.2,RPJMD\n"
        "Kab. Bekasi,komposit,2026,70,RPJMD\n"
        '3216,Indeks Pembangunan Manusia,2026,"77,5",RPJMD\n',
    )
    result = validate_targets(path, regions=regions, framework=framework)
    assert result.ok, messages(result.report)
    assert sorted(result.targets["indicator_id"]) == ["composite", "eco_poverty", "liv_hdi"]
    assert set(result.targets["region_code"]) == {"32.16"}
    assert result.targets.set_index("indicator_id").at["liv_hdi", "value"] == 77.5


def test_targets_each_problem_named_with_row_and_reason(tmp_path, regions, framework):
    path = write(
        tmp_path,
        "bad.csv",
        "kode_wilayah,indikator,tahun,target,sumber\n"
        "32.99,eco_poverty,2026,4.2,x\n"
        "32.16,eco_povrty,2026,4.2,x\n"
        "32.16,eco_poverty,20x6,4.2,x\n"
        "32.16,eco_poverty,2027,abc,x\n"
        "32.16,liv_hdi,2026,80,x\n"
        "32.16,liv_hdi,2026,81,x\n"
        "32.16,eco_poverty,2028,250,x\n",
    )
    result = validate_targets(path, regions=regions, framework=framework)
    assert not result.ok
    assert result.targets.empty
    found = messages(result.report)
    assert len(found) == 6
    assert found[0].startswith("bad.csv, row 2, column 'A': unknown region '32.99'")
    assert "row 3" in found[1]
    assert "did you mean: eco_poverty" in found[1]
    assert "row 4" in found[2]
    assert "year" in found[2]
    assert "20x6" in found[2]
    assert "row 5" in found[3]
    assert "not a number" in found[3]
    assert "row 7" in found[4]
    assert "already given in row 6" in found[4]
    assert "row 8" in found[5]
    assert "bounds" in found[5]


def test_targets_missing_column(tmp_path, regions, framework):
    path = write(tmp_path, "m.csv", "kode_wilayah,indikator,tahun\n32.16,liv_hdi,2026\n")
    result = validate_targets(path, regions=regions, framework=framework)
    assert not result.ok
    assert "column value not found" in messages(result.report)[0]


def test_events_validate_and_report(tmp_path, regions):
    path = write(
        tmp_path,
        "ev.csv",
        "tanggal,judul,title_en,wilayah,kategori,sumber\n"
        "2024-02-01,Perbup SPBE,SPBE regulation,32.16,kebijakan,JDIH\n"
        "2025-13-01,x,x,32.16,policy,x\n"
        "2025-01-01,y,y,99.99,policy,x\n"
        "2025-01-02,z,z,nasional,party,x\n"
        "21/04/2022,MoU,,nasional,program,x\n",
    )
    result = validate_events(path, regions=regions)
    found = messages(result.report)
    assert len(found) == 3
    assert result.events.empty
    assert "row 3, column 'A': the date is not valid" in found[0]
    assert "row 4, column 'D': unknown region" in found[1]
    assert "row 5, column 'E': unknown category" in found[2]
    assert "'party'" in found[2]
    good = write(
        tmp_path,
        "ok.csv",
        "\n".join([*path.read_text().splitlines()[:2], "21/04/2022,MoU,,nasional,program,x"]),
    )
    ok = validate_events(good, regions=regions)
    assert ok.ok
    assert list(ok.events["date"]) == ["2022-04-21", "2024-02-01"]
    assert list(ok.events["region_code"]) == ["", "32.16"]
    assert list(ok.events["category"]) == ["programme", "policy"]


def test_parse_date():
    assert parse_date("2022-04-21").isoformat() == "2022-04-21"
    assert parse_date("2022-04-21 00:00:00").isoformat() == "2022-04-21"
    assert parse_date("2022-02-30") is None
    assert parse_date("1999-01-01") is None


# ------------------------------------------------------------------ figures helpers
def test_event_markers_cluster_close_events_and_short_labels():
    events = [{"x": event_x(d), "title": d} for d in ("2022-04-21", "2022-06-14", "2024-01-01")]
    groups = clusters(events, span=0.9)
    assert [len(g) for g in groups] == [2, 1]
    assert short_label("Bimtek 1: arah kebijakan") == "Bimtek 1"
    assert short_label("Masterplan smart city ditetapkan") == "Masterplan"
    assert len(short_label("Penandatanganankesepakatan")) <= 12
    assert event_x("2022-01-01") == 2022.0
