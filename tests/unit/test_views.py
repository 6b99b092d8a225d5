"""Views of a snapshot for compare, catalogue, programme and region keys (pure, memoised)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.data.store.datasets import Dataset
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.catalogue import catalogue_table
from dashboard.data.views.compare import MAX_COMPARE, compare_scores, compare_values, value_grid
from dashboard.data.views.programme import (
    COHORT_FACTS,
    cohort_summary,
    programme_is_synthetic,
    programme_table,
)
from dashboard.data.views.regions import (
    parse_region_keys,
    region_choices,
    short_province,
)


def observations(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["region_code", "indicator_id", "period", "value", "source"])
    frame["reference_date"] = ""
    frame["note"] = ""
    return frame


PROGRAMME_COLUMNS = [
    "region_code",
    "cohort_year",
    "mou_date",
    "bimtek_done",
    "masterplan_status",
    "quick_wins",
    "source",
]


@pytest.fixture
def tiny(regions, framework) -> Snapshot:
    obs = observations(
        [
            ("32.16", "eco_poverty", 2023, 9.1, SYNTHETIC),
            ("32.16", "eco_poverty", 2024, 8.9, SYNTHETIC),
            ("32.75", "eco_poverty", 2023, 5.3, SYNTHETIC),
            ("32.16", "eco_grdp_pc", 2023, 88.0, "BPS"),
            ("32.75", "eco_grdp_pc", 2023, 30.7, "BPS"),
            ("32.15", "eco_grdp_pc", 2023, np.nan, "BPS"),
            ("32.16", "gov_spbe", 2024, 3.7, SYNTHETIC),
        ]
    )
    programme = pd.DataFrame(
        [
            ("32.16", 2022, "2022-04-21", 4, "adopted", 5, SYNTHETIC),
            ("32.75", 2017, "2017-05-01", 2, "drafting", 0, SYNTHETIC),
            ("32.15", 2017, "2017-05-01", 4, "none", 1, SYNTHETIC),
        ],
        columns=PROGRAMME_COLUMNS,
    )
    return Snapshot(Dataset(None, obs, programme), regions, framework)


# ---------------------------------------------------------------------------- region keys
def test_short_province():
    assert short_province("Daerah Khusus Ibukota Jakarta") == "DKI Jakarta"
    assert short_province("Jawa Barat") == "Jawa Barat"


def test_region_choices_cover_every_regency_with_readable_labels(regions):
    choices = region_choices(regions)
    assert len(choices) == 514
    labels = dict(zip(choices["code"], choices["label"], strict=True))
    assert labels["32.16"] == "Kab. Bekasi (Jawa Barat)"
    assert labels["31.71"] == "Kota Adm. Jakarta Pusat (DKI Jakarta)"
    search = dict(zip(choices["code"], choices["search"], strict=True))
    assert "3216" in search["32.16"]
    assert "32.16" in search["32.16"]
    bare = choices["label"].str.replace(r"^(Kab\.|Kota)( Adm\.)? ", "", regex=True)
    assert bare.iloc[0] <= bare.iloc[-1]  # sorted by the name without the type


def test_parse_region_keys_accepts_dotted_bps_and_names(regions):
    choice = parse_region_keys(regions, " 32.16, 3275 ,Kabupaten Karawang,,32.16")
    assert choice.codes == ("32.16", "32.75", "32.15")
    assert choice.unknown == ()
    assert choice.dropped == ()


def test_parse_region_keys_lists_what_it_cannot_use(regions):
    choice = parse_region_keys(regions, ["99.99", "32", "Bekasi", "32.16", "99.99"])
    assert choice.codes == ("32.16",)
    assert choice.unknown == ("99.99", "32", "Bekasi")  # unknown, a province, ambiguous


def test_parse_region_keys_keeps_the_first_six(regions):
    keys = ["32.01", "32.02", "32.03", "32.04", "32.05", "32.06", "32.07", "32.08"]
    choice = parse_region_keys(regions, keys)
    assert len(choice.codes) == MAX_COMPARE
    assert choice.codes == tuple(keys[:6])
    assert choice.dropped == ("32.07", "32.08")


@pytest.mark.parametrize("raw", [None, "", " , "])
def test_parse_region_keys_empty(regions, raw):
    assert parse_region_keys(regions, raw).codes == ()


# ---------------------------------------------------------------------------- compare
def test_compare_values_take_the_latest_value_up_to_the_year(tiny):
    values = compare_values(tiny, ["32.16", "32.75", "32.15"], 2024)
    poverty = values[values["indicator_id"] == "eco_poverty"].set_index("code")
    assert poverty.loc["32.16", "value"] == 8.9
    assert poverty.loc["32.16", "period"] == 2024
    assert poverty.loc["32.75", "period"] == 2023  # older value, with its year
    # a NaN value is no value
    assert not ((values["indicator_id"] == "eco_grdp_pc") & (values["code"] == "32.15")).any()
    earlier = compare_values(tiny, ["32.16"], 2023)
    assert earlier.loc[earlier["indicator_id"] == "eco_poverty", "value"].item() == 9.1


def test_value_grid_keeps_order_and_marks_missing(tiny):
    values = compare_values(tiny, ["32.75", "32.16"], 2024)
    grid = value_grid(values, ["32.75", "32.16"], ["gov_spbe", "eco_poverty", "liv_hdi"])
    assert list(grid.columns) == ["32.75", "32.16"]
    assert list(grid.index) == ["gov_spbe", "eco_poverty", "liv_hdi"]
    assert np.isnan(grid.at["gov_spbe", "32.75"])
    assert grid.at["gov_spbe", "32.16"] == 3.7
    assert grid.loc["liv_hdi"].isna().all()


def test_compare_scores_one_row_per_region_in_order(tiny):
    scores = compare_scores(tiny, ["32.75", "32.16"], 2024)
    assert list(scores["code"]) == ["32.75", "32.16"]
    assert list(scores["label"]) == ["Kota Bekasi", "Kab. Bekasi"]
    for group in ("governance", "economy", "struktur"):
        assert group in scores.columns
    assert scores["composite"].isna().all()  # too little data: no score, never 0


# ---------------------------------------------------------------------------- catalogue
def test_catalogue_table_coverage_latest_year_and_kind(tiny):
    table = catalogue_table(tiny).set_index("id")
    assert len(table) == len(tiny.framework.indicators)
    assert table.at["eco_poverty", "latest"] == 2024
    assert table.at["eco_poverty", "n_with_data"] == 1  # only 32.16 has a 2024 value
    assert table.at["eco_poverty", "n_regions"] == 514
    assert table.at["eco_grdp_pc", "n_with_data"] == 2  # the NaN does not count
    assert not table.at["eco_grdp_pc", "synthetic"]
    assert table.at["eco_grdp_pc", "sources_seen"] == ("BPS",)
    assert bool(table.at["eco_poverty", "synthetic"])
    assert pd.isna(table.at["liv_hdi", "latest"])
    assert table.at["liv_hdi", "n_with_data"] == 0
    assert table.at["eco_poverty", "weight"] == pytest.approx(0.2)
    assert table.at["ctx_population", "weight"] == 0.0
    groups = list(dict.fromkeys(table["group"]))
    assert groups[0] == "governance"
    assert groups[-1] == "context"


# ---------------------------------------------------------------------------- programme
def test_programme_table_has_every_regency(tiny):
    table = programme_table(tiny)
    assert len(table) == 514
    assert int(table["participant"].sum()) == 3
    bekasi = table.set_index("code").loc["32.16"]
    assert bekasi["cohort_year"] == 2022
    assert bekasi["mou_date"] == "2022-04-21"
    assert pd.isna(table.set_index("code").loc["11.01", "cohort_year"])


def test_programme_table_without_programme(regions, framework):
    snap = Snapshot(
        Dataset(None, observations([]), pd.DataFrame(columns=PROGRAMME_COLUMNS)),
        regions,
        framework,
    )
    table = programme_table(snap)
    assert len(table) == 514
    assert not table["participant"].any()
    assert not programme_is_synthetic(table)
    summary = cohort_summary(table)
    assert list(summary["cohort_year"]) == list(COHORT_FACTS)
    assert summary["participants"].sum() == 0


def test_cohort_summary_counts_and_facts(tiny):
    summary = cohort_summary(programme_table(tiny)).set_index("cohort_year")
    assert summary.at[2017, "participants"] == 2
    assert summary.at[2017, "fact"] == 25
    assert summary.at[2017, "drafting"] == 1
    assert summary.at[2017, "none"] == 1
    assert summary.at[2017, "bimtek_complete"] == 1
    assert summary.at[2022, "adopted"] == 1
    assert summary.at[2018, "participants"] == 0  # a cohort with no one in the data is still listed
    assert programme_is_synthetic(programme_table(tiny))


# ---------------------------------------------------------------------------- snapshot memo
def test_lru_keeps_recent_values_per_kind(tiny):
    """Many cheap map Patches must not evict the panels, which are slower to rebuild."""
    calls: list[tuple] = []

    def build(key: tuple) -> tuple:
        calls.append(key)
        return key

    panels = ("overview-panels", "composite", 2024)
    assert tiny.lru(panels, lambda: build(panels), maxsize=2) == panels
    for i in range(10):
        patch = ("readiness-patch", i)
        tiny.lru(patch, lambda patch=patch: build(patch), maxsize=2)
    tiny.lru(panels, lambda: build(panels), maxsize=2)
    assert calls.count(panels) == 1  # still cached after ten other-kind entries

    tiny.lru(("readiness-patch", 0), lambda: build(("readiness-patch", 0)), maxsize=2)
    assert calls.count(("readiness-patch", 0)) == 2  # evicted by its own kind (maxsize 2)
    tiny.lru(("readiness-patch", 0), lambda: build(("readiness-patch", 0)), maxsize=2)
    assert calls.count(("readiness-patch", 0)) == 2  # and cached again


def test_lru_once_builds_a_value_asked_for_at_the_same_moment_once(tiny):
    """Fifty walls refresh within one poll of an import: one build, the others wait for it."""
    import threading

    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def build(name: str) -> str:
        calls.append(name)
        started.set()
        release.wait(5)  # every other thread asks while this one is building
        return name

    def ask(name: str) -> None:
        results.append(tiny.lru(("wall-part", name), lambda: build(name), maxsize=8, once=True))

    results: list[str] = []
    first = threading.Thread(target=ask, args=("peta-map",))
    first.start()
    assert started.wait(5)
    others = [threading.Thread(target=ask, args=("peta-map",)) for _ in range(7)]
    for thread in others:
        thread.start()
    # time for the others to reach the cache: without ``once`` each would build now
    threading.Event().wait(0.3)
    other_key = threading.Thread(target=ask, args=("profil-trend",))
    release.set()
    other_key.start()
    for thread in [first, *others, other_key]:
        thread.join(5)
    assert calls == ["peta-map", "profil-trend"]
    assert results.count("peta-map") == 8
