"""The sample dataset: deterministic, complete where it should be, labelled, and believable."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dashboard.data import sample
from dashboard.data.errors import DataError
from dashboard.data.framework import Framework, Indicator, load_framework
from dashboard.data.regions import RegionIndex, load_regions
from dashboard.data.sample import (
    GRDP_FILE,
    SAMPLE_SEED,
    SAMPLE_YEARS,
    SYNTHETIC_SOURCE,
    generate_observations,
    generate_programme,
    generate_sample,
)
from dashboard.data.store.datasets import OBSERVATION_COLUMNS

YEARS = list(SAMPLE_YEARS)
PAPUA = ("91", "92", "93", "94", "95", "96")


@pytest.fixture(scope="module")
def all_regions() -> pd.DataFrame:
    return load_regions()


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="module")
def grdp_csv() -> pd.DataFrame:
    return pd.read_csv(GRDP_FILE, dtype={"code": str})


@pytest.fixture(scope="module")
def generated(all_regions, fw) -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_sample(all_regions, fw)


@pytest.fixture(scope="module")
def obs(generated) -> pd.DataFrame:
    return generated[0]


@pytest.fixture(scope="module")
def programme(generated) -> pd.DataFrame:
    return generated[1]


@pytest.fixture(scope="module")
def regencies(all_regions) -> pd.DataFrame:
    return all_regions[all_regions["type"] != "provinsi"].set_index("code")


@pytest.fixture(scope="module")
def wide2024(obs) -> pd.DataFrame:
    rows = obs[obs["period"] == 2024]
    return rows.pivot(index="region_code", columns="indicator_id", values="value")


def _values(obs: pd.DataFrame, indicator: str, year: int | None = None) -> pd.Series:
    rows = obs[obs["indicator_id"] == indicator]
    if year is not None:
        rows = rows[rows["period"] == year]
    return rows.set_index("region_code")["value"]


def _tiny_regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["32", "32.16", "32.75", "95.08"],
            "type": ["provinsi", "kabupaten", "kota", "kabupaten"],
            "province_code": ["32", "32", "32", "95"],
            "area_km2": [35000.0, 1255.0, 210.5, 0.0],
            "population_2024": [50_000_000, 3_387_601, 2_500_000, 112_173],
        }
    )


# ------------------------------------------------------------------------------ determinism


def test_same_seed_gives_byte_identical_frames(all_regions, fw, generated):
    again = generate_sample(all_regions, fw)
    pd.testing.assert_frame_equal(generated[0], again[0])
    pd.testing.assert_frame_equal(generated[1], again[1])
    assert generated[0].to_csv(index=False) == again[0].to_csv(index=False)
    assert generated[1].to_csv(index=False) == again[1].to_csv(index=False)


def test_other_seed_gives_other_synthetic_values_but_same_real_ones(all_regions, fw, obs):
    other = generate_observations(all_regions, fw, seed=SAMPLE_SEED + 1)
    keys = ["region_code", "indicator_id", "period"]
    both = obs.merge(other, on=keys, suffixes=("", "_other"))
    synthetic = both["source"] == SYNTHETIC_SOURCE
    assert (both.loc[synthetic, "value"] != both.loc[synthetic, "value_other"]).mean() > 0.5
    real = both[~synthetic]
    assert len(real) > 3000
    assert (real["value"] == real["value_other"]).all()
    assert not generate_programme(all_regions, seed=1).equals(generate_programme(all_regions))


def test_input_row_order_does_not_matter(all_regions, fw, grdp_csv, obs, programme):
    shuffled = all_regions.sample(frac=1.0, random_state=7)
    grdp = grdp_csv.sample(frac=1.0, random_state=8)
    pd.testing.assert_frame_equal(generate_observations(shuffled, fw, grdp=grdp), obs)
    pd.testing.assert_frame_equal(generate_programme(shuffled, grdp=grdp), programme)


def test_region_index_is_accepted_like_the_frame(fw, obs):
    pd.testing.assert_frame_equal(generate_observations(RegionIndex.from_file(), fw), obs)


# ------------------------------------------------------------------------------- coverage


def test_columns_and_types(obs):
    assert tuple(obs.columns) == OBSERVATION_COLUMNS
    assert obs["period"].dtype == np.int64
    assert obs["value"].dtype == np.float64
    assert obs["value"].notna().all()
    for column in ("region_code", "indicator_id", "source", "reference_date", "note"):
        assert all(isinstance(v, str) for v in obs[column].unique())
    assert not obs.duplicated(["region_code", "indicator_id", "period"]).any()


def test_every_indicator_for_all_514_regions(obs, fw, regencies):
    assert set(obs["indicator_id"]) == {i.id for i in fw.indicators}
    per_indicator = obs.groupby("indicator_id")["region_code"].nunique()
    assert (per_indicator >= 500).all()
    assert set(obs["region_code"]) == set(regencies.index)
    assert len(regencies) == 514
    assert 120_000 <= len(obs) <= 140_000


def test_years_2018_to_2025(obs):
    synthetic = obs[obs["source"] == SYNTHETIC_SOURCE]
    assert sorted(synthetic["period"].unique()) == YEARS
    hdi_years = obs.loc[obs["indicator_id"] == "liv_hdi", "period"].unique()
    assert sorted(hdi_years) == YEARS


def test_values_within_bounds_and_rounded(obs, fw):
    for ind in fw.indicators:
        values = _values(obs, ind.id)
        if ind.bounds:
            assert values.between(*ind.bounds).all(), ind.id
        if ind.id != sample.GRDP_INDICATOR:  # the real series is kept exactly as published
            assert np.allclose(values, values.round(ind.decimals)), ind.id


@pytest.mark.parametrize(
    ("indicator", "allowed"),
    [
        ("ri_command_center", {0, 1, 2, 3}),
        ("rp_masterplan", {0, 1, 2, 3}),
        ("gov_audit", {1, 2, 3, 4}),
    ],
)
def test_scores_are_whole_numbers(obs, indicator, allowed):
    values = _values(obs, indicator)
    assert set(values.unique()) <= allowed
    assert len(set(values.unique())) >= 3


def test_mostly_inside_the_typical_range(obs, fw):
    for ind in fw.indicators:
        if ind.typical and ind.id != sample.GRDP_INDICATOR:
            inside = _values(obs, ind.id).between(*ind.typical).mean()
            assert inside > 0.85, (ind.id, inside)


# ------------------------------------------------------------------------- sources, real data


def test_synthetic_rows_are_labelled(obs):
    synthetic = obs[obs["source"] == SYNTHETIC_SOURCE]
    assert (synthetic["note"] == sample.SYNTHETIC_NOTE).all()
    assert "bukan data resmi" in sample.SYNTHETIC_NOTE
    real_ids = {sample.GRDP_INDICATOR, *sample.CONTEXT_SOURCES}
    assert not synthetic["indicator_id"].isin(real_ids).any()
    assert set(obs.loc[obs["source"] != SYNTHETIC_SOURCE, "indicator_id"]) == (
        real_ids | sample.BPS_INDICATORS
    )


def test_real_grdp_equals_the_csv_and_2025_is_not_invented(obs, grdp_csv):
    rows = obs[obs["indicator_id"] == "eco_grdp_pc"]
    assert (rows["source"] == "BPS (via quarcs-lab/indonesia514)").all()
    assert sorted(rows["period"].unique()) == list(range(2018, 2025))
    expected = grdp_csv[grdp_csv["year"].between(2018, 2024)]
    merged = rows.merge(expected, left_on=["region_code", "period"], right_on=["code", "year"])
    assert len(merged) == len(rows) == len(expected) == 514 * 7
    assert (merged["value_x"] == merged["value_y"]).all()
    assert _values(obs, "eco_grdp_pc", 2024)["32.16"] == 89.7


def test_context_values_are_real_and_only_for_2024(obs, regencies):
    expected_sources = {
        "ctx_population": "Dukcapil Kemendagri, Desember 2024",
        "ctx_area": "BIG, Desember 2024",
        "ctx_density": "Turunan: Dukcapil / BIG",
    }
    for indicator, source in expected_sources.items():
        rows = obs[obs["indicator_id"] == indicator]
        assert len(rows) == 514
        assert (rows["period"] == 2024).all()
        assert (rows["source"] == source).all()
        assert (rows["reference_date"] == "2024-12-31").all()
    population = _values(obs, "ctx_population")
    assert (population == regencies["population_2024"].reindex(population.index)).all()
    density = _values(obs, "ctx_density")
    ratio = regencies["population_2024"] / regencies["area_km2"]
    assert np.allclose(density, ratio.reindex(density.index).round(0))


# ------------------------------------------------------------------------------- programme


def test_cohort_sizes_follow_the_facts(programme):
    assert programme["cohort_year"].value_counts().to_dict() == {
        2017: 25,
        2018: 50,
        2019: 25,
        2021: 48,
        2022: 50,
    }
    assert len(programme) == 198
    assert programme["region_code"].is_unique


def test_bekasi_cohort_and_mou_date(programme):
    bekasi = programme.set_index("region_code").loc["32.16"]
    assert bekasi["cohort_year"] == 2022
    assert bekasi["mou_date"] == "2022-04-21"
    assert bekasi["bimtek_done"] == 4
    assert bekasi["masterplan_status"] == "adopted"
    assert "sesuai fakta" in bekasi["note"]


def test_programme_fields_are_valid(programme, regencies):
    assert tuple(programme.columns) == sample.PROGRAMME_COLUMNS
    assert programme["bimtek_done"].between(0, 4).all()
    assert set(programme["masterplan_status"]) <= set(sample.MASTERPLAN_STATUSES)
    assert (programme.loc[programme["masterplan_status"] == "adopted", "bimtek_done"] == 4).all()
    assert (programme["quick_wins"] >= 0).all()
    assert (programme["source"] == SYNTHETIC_SOURCE).all()
    mou_year = pd.to_datetime(programme["mou_date"]).dt.year
    assert (mou_year == programme["cohort_year"]).all()
    for part in ("baseline", "output", "outcome", "impact", "quick_win"):
        scores = programme[f"eval_{part}"].dropna()
        assert scores.between(0, 100).all()
        assert 20 < len(scores) < len(programme)
    assert not programme["region_code"].map(regencies["province_code"]).eq("31").any()


def test_early_cohorts_are_further_along_and_more_urban(programme, regencies):
    by_cohort = programme.groupby("cohort_year")
    adopted = by_cohort["masterplan_status"].apply(lambda s: (s == "adopted").mean())
    assert adopted[2017] > 0.75
    assert (by_cohort["bimtek_done"].apply(lambda s: (s == 4).mean())[2017]) > 0.8
    assert adopted[2017] > adopted[2022]
    assert set(programme.loc[programme["cohort_year"] == 2022, "bimtek_done"]) > {4}
    kota = programme["region_code"].map(regencies["type"]).eq("kota")
    share = kota.groupby(programme["cohort_year"]).mean()
    assert share[2017] > 0.5 > share[2022]


def test_programme_raises_masterplan_and_command_center_scores(obs, programme):
    masterplan = _values(obs, "rp_masterplan", 2025)
    participants = masterplan.index.isin(programme["region_code"])
    assert masterplan[participants].mean() > masterplan[~participants].mean() + 0.5
    adopted = programme.loc[programme["masterplan_status"] == "adopted", "region_code"]
    assert (masterplan.reindex(adopted).dropna() >= 1).all()


# ------------------------------------------------------------------------------- realism


def test_hdi_rises_with_grdp_and_poverty_falls_with_hdi(wide2024):
    assert wide2024["liv_hdi"].corr(wide2024["eco_grdp_pc"], method="spearman") > 0.3
    assert wide2024["eco_poverty"].corr(wide2024["liv_hdi"], method="spearman") < -0.3
    assert wide2024["liv_stunting"].corr(wide2024["eco_grdp_pc"], method="spearman") < 0


def test_kota_differ_from_kabupaten(wide2024, regencies):
    kota = regencies["type"].reindex(wide2024.index).eq("kota")
    higher_in_kota = ["soc_internet", "liv_hdi", "soc_crime", "eco_qris"]
    means = wide2024.groupby(kota).mean()
    for indicator in higher_in_kota:
        assert means.loc[True, indicator] > means.loc[False, indicator], indicator
    assert means.loc[True, "env_green_space"] < means.loc[False, "env_green_space"]


def test_covid_dip_in_2020(obs):
    tourists = obs[obs["indicator_id"] == "brd_tourists"].groupby("period")["value"].mean()
    assert tourists[2020] < 0.6 * tourists[2019]
    assert tourists[2020] < tourists[2022]
    growth_2020 = _values(obs, "eco_growth", 2020)
    assert (growth_2020 < 0).mean() > 0.75
    assert _values(obs, "eco_growth", 2019).median() > 3
    hotels = obs[obs["indicator_id"] == "brd_hotel_occupancy"].groupby("period")["value"].mean()
    assert hotels[2020] < hotels[2019] - 10


def test_digital_indicators_trend_up(obs):
    medians = obs.groupby(["indicator_id", "period"])["value"].median()
    for indicator in ("soc_internet", "ri_4g_villages", "ri_household_internet", "liv_hdi"):
        series = medians[indicator]
        assert series[2025] > series[2018], indicator
    qris = medians["eco_qris"]
    assert qris.is_monotonic_increasing
    assert qris[2024] > 10 * qris[2019]


def test_series_are_smooth_not_white_noise(obs):
    hdi = obs[obs["indicator_id"] == "liv_hdi"].pivot(
        index="region_code", columns="period", values="value"
    )
    steps = hdi.diff(axis=1).abs().stack()
    assert steps.median() < 0.1 * hdi[2024].std()
    assert hdi[2018].corr(hdi[2025]) > 0.9
    # Deviations from each region's own level and the national path are autocorrelated
    # (white noise would give about -1/7 here).
    deviation = hdi.sub(hdi.mean(axis=1), axis=0)
    deviation = deviation.sub(deviation.mean(axis=0), axis=1).dropna()
    lag1 = np.corrcoef(
        deviation.iloc[:, :-1].to_numpy().ravel(), deviation.iloc[:, 1:].to_numpy().ravel()
    )
    assert lag1[0, 1] > 0.3


def test_audit_opinion_mostly_wtp_recently(obs):
    assert (_values(obs, "gov_audit", 2024) == 4).mean() > 0.85
    assert (_values(obs, "gov_audit", 2018) == 4).mean() < (
        _values(obs, "gov_audit", 2024) == 4
    ).mean()


def test_bekasi_looks_rich_digital_and_mid_environment(wide2024):
    bekasi = wide2024.loc["32.16"]
    rank = wide2024.rank(pct=True).loc["32.16"]
    assert rank["eco_grdp_pc"] > 0.8
    for indicator in ("soc_internet", "ri_household_internet", "soc_imdi", "eco_qris"):
        assert bekasi[indicator] > wide2024[indicator].median(), indicator
    assert 0.1 < rank["env_ikplh"] < 0.9
    assert bekasi.notna().all()


# ----------------------------------------------------------------------------------- gaps


def test_gap_share_in_band_and_higher_in_papua(obs, fw, regencies):
    scored = [i.id for i in fw.indicators if i.scored]
    present = obs[obs["indicator_id"].isin(scored)]
    gap = 1 - len(present) / (514 * len(scored) * len(YEARS))
    assert 0.03 <= gap <= 0.08
    counts = present.groupby("region_code").size().reindex(regencies.index, fill_value=0)
    papua = regencies["province_code"].isin(PAPUA)
    assert counts[papua].mean() < counts[~papua].mean()


def test_structural_gaps(obs):
    assert sorted(obs.loc[obs["indicator_id"] == "soc_imdi", "period"].unique()) == [
        2022,
        2023,
        2024,
        2025,
    ]
    spbe_years = sorted(obs.loc[obs["indicator_id"] == "gov_spbe", "period"].unique())
    assert spbe_years == [2018, 2019, 2021, 2022, 2023, 2024]
    assert obs.loc[obs["indicator_id"] == "eco_qris", "period"].min() == 2019


# ----------------------------------------------------------------------- small and bad input


def test_tiny_region_list_and_unknown_indicators(fw):
    extra = (
        Indicator("x_new", "governance", "Baru", "New", "%", "down", "uji", typical=(10, 20),
                  bounds=(0, 100), decimals=1),
        Indicator("x_ord", "governance", "Opini", "Opinion", "-", "ord", "uji",
                  categories=("C", "B", "A"), bounds=(1, 3), decimals=0),
    )  # fmt: skip
    framework = dataclasses.replace(fw, indicators=fw.indicators + extra)
    grdp = pd.DataFrame({"code": ["32.16", "32.16"], "year": [2023, 2024], "value": [86.2, 89.7]})
    obs, programme = generate_sample(_tiny_regions(), framework, grdp=grdp)
    assert set(obs["region_code"]) == {"32.16", "32.75", "95.08"}
    new = _values(obs, "x_new")
    assert new.between(0, 100).all()
    assert new.between(10, 20).mean() > 0.5
    assert set(_values(obs, "x_ord").unique()) <= {1.0, 2.0, 3.0}
    assert sorted(_values(obs, "eco_grdp_pc").index) == ["32.16", "32.16"]
    assert "95.08" not in set(obs.loc[obs["indicator_id"] == "ctx_density", "region_code"])
    assert programme.set_index("region_code").loc["32.16", "mou_date"] == "2022-04-21"
    assert programme["region_code"].is_unique


def test_region_list_without_kab_kota_is_refused(fw):
    provinces = _tiny_regions().iloc[:1]
    with pytest.raises(DataError, match="no kabupaten/kota"):
        generate_observations(provinces, fw)


def test_missing_region_columns_are_named(fw):
    with pytest.raises(
        DataError, match="region list for the sample data lacks columns population_2024"
    ):
        generate_observations(_tiny_regions().drop(columns="population_2024"), fw)


def test_missing_grdp_columns_are_named(fw):
    grdp = pd.DataFrame({"code": ["32.16"], "tahun": [2024], "value": [89.7]})
    with pytest.raises(
        DataError, match="GRDP per capita table for the sample data lacks columns year"
    ):
        generate_observations(_tiny_regions(), fw, grdp=grdp)
