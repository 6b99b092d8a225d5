"""Score provenance: input counts per score, synthetic flag per region, gaps, hover lines, columns."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts.columns import provenance_columns
from dashboard.charts.provenance import provenance_notes, short_publisher
from dashboard.components.why import national_gap, region_gap
from dashboard.data.sample import generate_sample
from dashboard.data.store.datasets import SYNTHETIC, Dataset, is_synthetic
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.measures import measure, measure_values
from dashboard.data.views.provenance import composite_gap, input_counts, national_gaps


@pytest.fixture(scope="module")
def snaps(regions, framework):
    out = {}
    for fill in (True, False):
        obs, programme = generate_sample(regions.regions, framework, fill=fill)
        out[fill] = Snapshot(Dataset(None, obs, programme), regions, framework)
    return out


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return " ".join(_text(n) for n in node)
    return _text(getattr(node, "children", None)) if node is not None else ""


def test_is_synthetic_is_the_stores_marker():
    assert is_synthetic(SYNTHETIC)
    assert not is_synthetic("BPS — [Metode Baru] Indeks Pembangunan Manusia (var 413)")
    assert not is_synthetic("")


def test_input_counts_add_up_to_the_observations(snaps):
    snap = snaps[True]
    counts = input_counts(snap)
    bekasi = counts[(counts["region_code"] == "32.16") & (counts["period"] == 2024)]
    composite = bekasi[bekasi["measure"] == "composite"].iloc[0]
    groups = bekasi[bekasi["measure"] != "composite"]
    assert composite["n_real"] == groups["n_real"].sum() == 3  # GRDP, IPM, P0 in 2024
    assert composite["n_synthetic"] == groups["n_synthetic"].sum() == 30
    economy = bekasi[bekasi["measure"] == "economy"].iloc[0]
    assert (economy["n_real"], economy["n_synthetic"]) == (2, 3)


def test_a_score_is_synthetic_when_any_input_is(snaps):
    values = measure_values(snaps[True], "economy", 2024)
    bekasi = values[values["code"] == "32.16"].iloc[0]
    assert bekasi["source"] == SYNTHETIC
    assert (bekasi["n_real"], bekasi["n_synthetic"]) == (2, 3)
    hdi = measure_values(snaps[True], "liv_hdi", 2024)
    assert hdi["n_synthetic"].sum() == 0
    assert hdi["n_real"].sum() == 514


def test_real_only_composite_gap_names_what_is_missing(snaps):
    gap = composite_gap(snaps[False], "32.16", 2024)
    assert gap.composite is None
    economy = next(g for g in gap.groups if g.id == "economy")
    assert economy.score is None
    assert set(economy.present) == {"eco_grdp_pc", "eco_poverty"}
    assert "eco_growth" in economy.missing
    assert economy.weight_present == pytest.approx(0.4)
    assert {g.id for g in gap.lacking} >= {"governance", "economy", "living"}


def test_national_gaps_count_regions_and_absent_indicators(snaps):
    gaps = national_gaps(snaps[False], 2021)
    assert gaps.n_regions == 514
    assert gaps.n_composite == 0
    economy = next(g for g in gaps.groups if g.id == "economy")
    assert economy.n_scored == 514  # GRDP, P0 and TPT: 60% of the weight in 2021
    assert "eco_unemployment" not in economy.absent
    governance = next(g for g in gaps.groups if g.id == "governance")
    assert governance.n_scored == 0
    assert set(governance.absent) == {"gov_spbe", "gov_innovation", "gov_audit",
                                      "gov_public_service"}  # fmt: skip


@pytest.mark.parametrize("lang", ["id", "en"])
def test_why_components_list_pillars_and_indicators(snaps, framework, lang):
    names = {i.id: i.name(lang) for i in framework.indicators}
    region = _text(region_gap(composite_gap(snaps[False], "32.16", 2024), names,
                              region="Kabupaten Bekasi", lang=lang))  # fmt: skip
    assert "Kabupaten Bekasi" in region
    assert "Smart Economy" in region
    assert names["eco_growth"] in region
    national = _text(national_gap(national_gaps(snaps[False], 2024), names, measure="X",
                                  share=0.4, lang=lang))  # fmt: skip
    assert "0" in national
    assert names["gov_spbe"] in national
    assert "60" in national  # the 60% rule


def test_hover_notes_and_export_columns(snaps):
    snap = snaps[True]
    score = measure_values(snap, "composite", 2024)
    notes = provenance_notes(score, measure(snap, "composite"), "id")
    bekasi = notes[score.index[score["code"] == "32.16"][0]]
    assert bekasi == (3, 30)  # numbers: the map writes the words once
    hdi = measure_values(snap, "liv_hdi", 2024)
    assert set(provenance_notes(hdi, measure(snap, "liv_hdi"), "en")) == {"BPS"}
    water = measure_values(snap, "liv_water", 2024)
    assert "synthetic" in provenance_notes(water, measure(snap, "liv_water"), "en")
    cols = pd.DataFrame(provenance_columns(score, measure(snap, "composite"), "id"))
    assert set(cols["Sintetis"]) <= {"ya", "tidak", ""}
    assert cols["Nilai resmi (jumlah)"].max() >= 3
    assert short_publisher("BPS — P0 (var 621)") == "BPS"


def test_map_hover_carries_the_provenance_line():
    from dashboard.figures.mapvalues import value_encoding

    enc = value_encoding([1.0, None], measure_label="M", unit="%", direction="up",
                         notes=["BPS", ""])  # fmt: skip
    assert enc["hovertext"] == ["BPS", ""]
    assert "<i>%{hovertext}</i>" in enc["hovertemplate"]
    cat = value_encoding([2.0], measure_label="M", unit="", direction="ord",
                         categories=["A", "B"], notes=["sintetis"])  # fmt: skip
    assert cat["hovertext"] == ["B</b><br><i>sintetis</i><b>"]


def test_national_explanation_names_the_indicators_to_look_at(snaps, framework):
    names = {i.id: i.name("id") for i in framework.indicators}
    gaps = national_gaps(snaps[False], 2024)
    assert set(gaps.available) == {"eco_grdp_pc", "eco_poverty", "liv_hdi"}
    text = _text(national_gap(gaps, names, measure="X", share=0.4, lang="id"))
    assert "Indeks Pembangunan Manusia" in text
