"""The chart registry: every chart builds from a page query, strict about bad values, and shows
the same figure as the page (print template) with the data and provenance behind it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.charts import maps, stamp
from dashboard.charts.overview import ranking_figure
from dashboard.charts.provenance import safe_file_name
from dashboard.charts.query import ExportError, shown
from dashboard.charts.registry import CHARTS, build_chart
from dashboard.data.views.measures import measure_values
from dashboard.data.views.periods import default_period

HOME = "32.16"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]+\.[a-z]+$")


def build(snap, name: str, query: dict | None = None, lang: str = "id"):
    return build_chart(name, query or {}, snap=snap, lang=lang, home=HOME)


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_builds_with_its_data_and_provenance(snap, name):
    export = build(snap, name)
    assert export.figure.data, name
    assert isinstance(export.data, pd.DataFrame)
    assert len(export.data) > 0
    prov = export.provenance
    assert prov.title
    assert prov.dataset_version == snap.version
    assert prov.code_vintage.startswith("Kepmendagri")
    assert prov.synthetic  # the bundled sample is synthetic everywhere
    assert prov.url.startswith("/")
    assert SAFE_NAME.match(export.file_name("png")), export.file_name("png")
    assert export.figure.layout.template.layout.paper_bgcolor == "#ffffff"  # print template


@pytest.mark.parametrize(
    ("name", "query", "status", "fragment"),
    [
        ("nope", {}, 404, "peta-kesiapan"),
        ("peta-kesiapan", {"indikator": "x"}, 400, "indicator, period"),
        ("peta-kesiapan", {"indicator": "nope"}, 400, "'nope'"),
        ("peta-kesiapan", {"period": "abc"}, 400, "2018"),
        ("peta-kesiapan", {"period": "1999"}, 400, "'1999'"),
        ("peringkat", {"province": "99"}, 400, "'99'"),
        ("peringkat", {"province": "32.16"}, 400, "'32.16'"),
        ("sebaran", {"mode": "3d"}, 400, "'3d'"),
        ("peta-kesiapan", {"mode": "geo"}, 400, "import boundaries"),
        ("pilar", {"kode": "Bekasi"}, 400, "'Bekasi'"),  # ambiguous: kabupaten or kota
        ("pilar", {"kode": "32"}, 400, "'32'"),  # a province has no profile charts
        ("tren", {"kode": "32.16", "period": "2000"}, 400, "'2000'"),
        ("bandingkan-pilar", {"kode": "32.16"}, 400, "1"),
        ("bandingkan-pilar", {"kode": "32.16,99.99"}, 400, "99.99"),
        (
            "bandingkan-pilar",
            {"kode": ",".join(f"32.0{n}" for n in range(1, 8))},
            400,
            "(given: 7)",
        ),
        ("peta-indikator", {"indikator": "nope"}, 400, "'nope'"),
        ("angkatan", {"kohort": "1990"}, 400, "2022"),
    ],
)
def test_bad_queries_are_refused_with_a_message(snap, name, query, status, fragment):
    with pytest.raises(ExportError) as raised:
        build(snap, name, query)
    assert raised.value.status == status
    message = raised.value.message("en")
    assert fragment in message
    assert "export.error" not in message  # a real text, not a missing key


def test_blank_values_mean_the_page_default(snap):
    export = build(snap, "peta-kesiapan", {"indicator": "", "period": " ", "province": ""})
    assert export.slug[0] == "komposit"
    assert export.slug[1] == str(default_period(snap))


def test_values_are_echoed_printable_and_short():
    text = shown("=evil\x00" + "x" * 200)
    assert "\x00" not in text
    assert len(text) <= 60


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("peta-kesiapan_komposit_2024", "peta-kesiapan_komposit_2024.png"),
        ('../../etc/passwd";x=1', "etc-passwd-x-1.png"),
        ("Peta kesiapan: Jawa Barat/32", "Peta-kesiapan-Jawa-Barat-32.png"),
        ("", "export.png"),
    ],
)
def test_file_names_use_a_whitelist_of_characters(stem, expected):
    assert safe_file_name(stem, "png") == expected


def test_map_export_is_the_screen_map_in_print_colours(snap):
    export = build(snap, "peta-kesiapan", {"indicator": "eco_poverty", "period": "2024"})
    screen = maps.readiness_figure(
        snap, "eco_poverty", 2024, mode="tile", province="all", lang="id", home=HOME
    )
    assert export.figure.data[1].z == screen.data[1].z
    assert export.figure.data[1].colorscale == screen.data[1].colorscale
    assert export.file_name("png") == "peta-kesiapan_eco-poverty_2024.png"
    table = export.data.set_index("Kode wilayah")
    home = table.loc[HOME]
    assert home["Nama wilayah"] == "Kabupaten Bekasi"
    assert home["Tahun"] == 2024
    assert isinstance(home["Nilai"], float)
    assert [
        s.type for s in export.figure.layout.shapes if s.line.color == "#e4572e"
    ]  # home outlined


def test_province_filter_selects_the_regions_and_names_the_file(snap):
    export = build(snap, "peringkat", {"province": "32"})
    assert set(export.data["Kode provinsi"]) == {"32"}
    assert export.file_name("csv").endswith("_prov32.csv")
    assert export.provenance.filters == {"Provinsi": "Jawa Barat"}
    shown = export.data[export.data["Di grafik"] == "ya"]
    assert HOME in set(shown["Kode wilayah"])  # the home region is always on the chart
    assert list(export.data["Peringkat"]) == sorted(export.data["Peringkat"])


def test_histogram_rows_are_the_bars_on_screen(snap):
    export = build(snap, "sebaran", {"indicator": "eco_poverty"})
    bars = export.figure.data[0]
    assert list(export.data["Jumlah wilayah"]) == list(bars.y)
    with_value = measure_values(snap, "eco_poverty", default_period(snap))
    assert export.data["Jumlah wilayah"].sum() == with_value["value"].notna().sum()
    assert export.data["Berisi Kabupaten Bekasi"].tolist().count("ya") == 1
    notes = dict(export.provenance.notes)
    assert "Rata-rata nasional" in notes


def test_screen_figures_come_from_the_same_builders(snap):
    screen = ranking_figure(snap, "composite", 2024, province="all", lang="id", home=HOME)
    export = build(snap, "peringkat", {"period": "2024"})
    assert [t.x for t in screen.data] == [t.x for t in export.figure.data]
    assert screen.layout.template.layout.paper_bgcolor != "#ffffff"


def test_exporting_never_changes_the_cached_screen_figure(snap):
    screen = maps.readiness_figure(
        snap,
        "composite",
        2024,
        mode="tile",
        province="all",
        lang="id",
        home=HOME,
        template="print",
    )
    before = screen.to_json()
    export = build(snap, "peta-kesiapan", {"period": "2024"})
    stamp.framed_figure(export)
    assert screen.to_json() == before
    assert screen.layout.title.text is None


def test_region_and_compare_tables(snap):
    pillars = build(snap, "pilar", {"kode": "3216", "period": "2024"})  # a BPS code works
    assert pillars.slug == ("3216", "2024")
    assert len(pillars.data) == len(snap.framework.pillars) + len(snap.framework.elements)
    trend = build(snap, "tren", {"kode": "32.16"})
    assert list(trend.data["Tahun"]) == snap.periods
    compare = build(snap, "bandingkan-pilar", {"kode": "32.16,Kota Bekasi", "period": "2024"})
    assert list(compare.data["Kode wilayah"]) == ["32.16", "32.75"]
    assert compare.file_name("xlsx") == "bandingkan-pilar_3216-3275_2024.xlsx"


def test_programme_tables_follow_the_bars(snap):
    cohorts = build(snap, "angkatan")
    assert list(cohorts.data["Angkatan"]) == [2017, 2018, 2019, 2021, 2022]
    assert list(cohorts.data["Peserta menurut Kominfo"]) == [25, 50, 25, 48, 50]
    bimtek = build(snap, "bimtek", {"kohort": "2022"})
    assert bimtek.data.drop(columns="Angkatan").sum(axis=1).tolist() == list(
        cohorts.data["Peserta (data)"]
    )
    members = build(snap, "peta-program", lang="en").data
    assert len(members) == len(snap.regions.regencies)
    assert members.set_index("Region code").loc[HOME, "Cohort"] == 2022


def test_english_exports_speak_english(snap):
    export = build(snap, "sebaran-indikator", {"indikator": "gov_spbe"}, lang="en")
    assert export.title.startswith("Distribution:")
    assert "From" in export.data.columns
    assert export.provenance.rows("en")[0][0] == "Title"
