"""Data coverage views: real, synthetic and missing counts, the region's gaps, the request list.

Small hand-made snapshots pin the arithmetic; the counts on the shipped sample are derived from
its observations (helpers change the bundled data, so nothing here hard-codes them).
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data.errors import DataError
from dashboard.data.store.datasets import Dataset, empty_programme
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.coverage import (
    coverage_matrix,
    data_request,
    indicator_coverage,
    latest_real,
    missing_for_region,
    region_status,
    region_summary,
    regions_home_first,
    scope_regions,
)


def _snap(regions, framework, rows) -> Snapshot:
    obs = pd.DataFrame(rows, columns=["region_code", "indicator_id", "period", "value", "source"])
    obs["reference_date"] = ""
    obs["note"] = ""
    return Snapshot(Dataset(None, obs, empty_programme()), regions, framework)


@pytest.fixture
def small(regions, framework):
    return _snap(
        regions,
        framework,
        [
            ("32.16", "eco_poverty", 2023, 4.8, "BPS"),
            ("32.16", "eco_poverty", 2024, 4.6, "BPS"),
            ("32.75", "eco_poverty", 2024, 4.1, SYNTHETIC),
            ("32.01", "eco_poverty", 2024, float("nan"), "BPS"),  # no value: missing
            ("32", "eco_poverty", 2024, 7.0, "BPS"),  # a province value is no regency coverage
            ("32.16", "liv_stunting", 2024, 21.0, SYNTHETIC),
            ("32.75", "liv_stunting", 2023, 15.0, "Kemenkes"),
        ],
    )


def test_matrix_counts_real_synthetic_and_missing_of_all_regencies(small, regions):
    n = len(regions.regencies)
    matrix = coverage_matrix(small).set_index(["indicator_id", "period"])
    assert matrix.loc[("eco_poverty", 2024)][["real", "synthetic", "missing"]].tolist() == [
        1,
        1,
        n - 2,
    ]
    assert matrix.loc[("eco_poverty", 2023), "real"] == 1
    assert matrix.loc[("gov_spbe", 2024)][["real", "synthetic", "missing"]].tolist() == [0, 0, n]
    assert (matrix["real"] + matrix["synthetic"] + matrix["missing"] == n).all()


def test_indicator_coverage_names_publisher_and_latest_real_year(small):
    table = indicator_coverage(small, 2024).set_index("id")
    assert table.loc["eco_poverty", "publisher"] == "BPS"
    assert table.loc["eco_poverty", "latest_real"] == 2024
    assert table.loc["liv_stunting", "publisher"] == "Kemenkes"
    assert table.loc["liv_stunting", "latest_real"] == 2023  # the 2024 value is synthetic
    assert pd.isna(table.loc["gov_spbe", "latest_real"])
    assert latest_real(small) == {"eco_poverty": 2024, "liv_stunting": 2023}


def test_region_status_and_missing_list(small, framework):
    status = region_status(small, "32.16", 2024).set_index("id")["status"]
    assert status["eco_poverty"] == "real"
    assert status["liv_stunting"] == "synthetic"
    assert status["gov_spbe"] == "missing"
    missing = missing_for_region(small, "32.16", 2024)
    assert "eco_poverty" not in set(missing["id"])
    assert len(missing) == len(framework.indicators) - 1
    summary = region_summary(small, "32.16", 2024)
    assert (summary.real, summary.synthetic) == (1, 1)
    assert summary.total == len(framework.scored_indicators)


def test_home_region_first_then_its_province(small):
    order = regions_home_first(small, "32.16")
    assert order[0] == "32.16"
    assert all(c.startswith("32.") for c in order[1:27])
    assert len(order) == len(set(order)) == len(small.regions.regencies)


def test_scopes(small):
    assert scope_regions(small, "home", home="32.16") == ["32.16"]
    assert scope_regions(small, None, home="32.16") == ["32.16"]
    assert len(scope_regions(small, "all", home="32.16")) == len(small.regions.regencies)
    west_java = scope_regions(small, "32", home="32.16")
    assert "32.16" in west_java
    assert all(c.startswith("32.") for c in west_java)
    assert scope_regions(small, "3216", home="11.01") == ["32.16"]
    with pytest.raises(DataError) as bad:
        scope_regions(small, "Bekasi", home="32.16")
    assert "32.75" in bad.value.message("en")
    assert "use all, home" in bad.value.message("en")


def test_data_request_groups_by_publisher_and_lists_lacking_regions(small):
    request = data_request(small, 2024, ["32.16", "32.75", "32.01"])
    assert list(request["publisher"]) == sorted(request["publisher"])
    poverty = request.set_index("id").loc["eco_poverty"]
    assert poverty["lacking"] == 2
    assert poverty["synthetic"] == 1
    assert poverty["missing"] == 1
    assert poverty["regions"] == "32.75, 32.01"
    stunting = request.set_index("id").loc["liv_stunting"]
    assert stunting["lacking"] == 3
    assert stunting["latest_real"] == 2023
    only = data_request(small, 2024, ["32.16"], indicators=["eco_poverty", "liv_stunting"])
    assert list(only["id"]) == ["liv_stunting"]  # 32.16 has a real poverty value


def test_sample_counts_follow_its_observations(tmp_path, regions, framework):
    from dashboard.config import Settings
    from dashboard.data.store.repository import Repository

    snap = Repository(Settings(DATA_DIR=tmp_path / "i"), regions=regions).snapshot()
    obs = snap.observations
    regency = obs[obs["region_code"].isin(set(regions.regencies["code"])) & obs["value"].notna()]
    period = snap.periods[-1]
    expected = regency[regency["period"] == period].groupby("indicator_id")["source"]
    table = indicator_coverage(snap, period).set_index("id")
    for ident, sources in expected:
        assert table.loc[ident, "real"] == int((sources != SYNTHETIC).sum())
        assert table.loc[ident, "synthetic"] == int((sources == SYNTHETIC).sum())
