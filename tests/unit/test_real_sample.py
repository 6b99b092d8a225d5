"""Real BPS values in the sample: shipped unchanged, used first, never lost; fill anchored to them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.data.errors import DataError
from dashboard.data.framework import load_framework
from dashboard.data.regions import RegionIndex
from dashboard.data.sample import (
    BPS_DIR,
    BPS_TABLES,
    SAMPLE_YEARS,
    generate_sample,
    load_bps,
)
from dashboard.data.sample.real import anchor
from dashboard.data.store.datasets import SYNTHETIC, is_synthetic
from dashboard.i18n import t

KEY = ["region_code", "indicator_id", "period"]


@pytest.fixture(scope="module")
def framework():
    return load_framework()


@pytest.fixture(scope="module")
def regions():
    return RegionIndex.from_file()


@pytest.fixture(scope="module")
def real():
    return load_bps()


@pytest.fixture(scope="module")
def filled(regions, framework):
    return generate_sample(regions.regions, framework)


@pytest.fixture(scope="module")
def real_only(regions, framework):
    return generate_sample(regions.regions, framework, fill=False)


def _facts_in_years(real: pd.DataFrame) -> pd.DataFrame:
    return real[real["period"].isin(list(SAMPLE_YEARS))]


def test_shipped_tables_equal_the_facts_text(real):
    """Every row of every shipped file is read, as published (string-exact values)."""
    total = 0
    for table in BPS_TABLES:
        text = pd.read_csv(BPS_DIR / table.file, dtype=str)
        total += len(text)
        rows = real[real["indicator_id"] == table.indicator_id]
        assert len(rows) == len(text)
        assert np.array_equal(rows["value"].to_numpy(), text["value"].astype(float).to_numpy())
        assert (rows["source"] == f"BPS — {table.table}").all()
    assert total == len(real) == 35_196


@pytest.mark.parametrize("fill", [True, False])
def test_every_fact_value_is_in_the_dataset_as_real(fill, filled, real_only, real):
    obs = (filled if fill else real_only)[0]
    facts = _facts_in_years(real)
    merged = facts.merge(obs, on=KEY, how="left", suffixes=("_fact", ""))
    assert len(merged) == len(facts) == 14_906
    assert (merged["value"] == merged["value_fact"]).all()  # none lost, none altered
    assert (merged["source"] == merged["source_fact"]).all()
    assert not merged["source"].map(is_synthetic).any()


def test_synthetic_only_where_no_real_value(filled, real):
    obs = filled[0]
    synthetic = obs[obs["source"] == SYNTHETIC]
    facts = _facts_in_years(real)
    clash = synthetic.merge(facts[KEY], on=KEY)
    assert clash.empty
    assert not obs.duplicated(KEY).any()
    # no made-up context values: expected schooling and expenditure are real or absent
    ctx = obs[obs["indicator_id"].isin(["ctx_expected_schooling", "ctx_expenditure"])]
    assert len(ctx) == 2 * 514 * 4
    assert not ctx["source"].map(is_synthetic).any()


def test_real_only_has_no_synthetic_value_and_no_programme(real_only):
    obs, programme = real_only
    assert not obs["source"].map(is_synthetic).any()
    assert obs["source"].str.len().gt(0).all()
    assert programme.empty
    assert set(obs["period"]) <= set(SAMPLE_YEARS)


def test_fill_meets_the_real_level_where_real_values_end(filled):
    obs = filled[0].set_index(KEY)["value"]
    bekasi_2021 = obs[("32.16", "liv_life_exp", 2021)]
    bekasi_2022 = obs[("32.16", "liv_life_exp", 2022)]
    assert bekasi_2021 == 73.81  # BPS
    assert abs(bekasi_2022 - bekasi_2021) < 1.0  # the synthetic continuation does not jump
    hdi = filled[0][filled[0]["indicator_id"] == "liv_hdi"].pivot(
        index="region_code", columns="period", values="value"
    )
    step = (hdi[2025] - hdi[2024]).abs()
    assert step.median() < 1.5


def test_anchor_keeps_real_cells_and_scales_the_rest(framework):
    ind = framework.indicator("eco_poverty")
    synthetic = np.array([[10.0, 11.0, 12.0, 13.0], [5.0, 5.0, 5.0, 5.0]])
    real = np.array([[np.nan, 22.0, np.nan, np.nan], [np.nan, np.nan, np.nan, np.nan]])
    merged, present = anchor(synthetic, real, ind)
    assert present.tolist() == [[False, True, False, False], [False] * 4]
    assert merged[0].tolist() == [20.0, 22.0, 24.0, 26.0]  # ratio 2 from the nearest real year
    assert merged[1].tolist() == [10.0] * 4  # no real value: the median ratio


def test_bad_bps_table_names_file_and_row(tmp_path):
    for table in BPS_TABLES:
        (tmp_path / table.file).write_bytes((BPS_DIR / table.file).read_bytes())
    broken = tmp_path / BPS_TABLES[0].file
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",ipm,", ",uhh,")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_bps(tmp_path)
    assert info.value.file == str(broken)
    assert info.value.row == 4
    assert "ipm" in t(info.value.code, "en", **info.value.params)
