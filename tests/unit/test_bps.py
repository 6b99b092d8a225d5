"""BPS table exports and WebAPI answers: layout detection, name matching, conversion, errors."""

from __future__ import annotations

import copy
import importlib.util
import io
import json
import urllib.error
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import PROJECT_DIR
from dashboard.data.errors import DataError
from dashboard.data.framework import load_framework
from dashboard.data.imports.bps.hook import collapse_repeats
from dashboard.data.imports.bps.names import NameMatcher, province_key, split_type
from dashboard.data.imports.bps.service import Access, response_bytes
from dashboard.data.imports.bps.table import _table_var, read_layout
from dashboard.data.imports.bps.webapi import (
    Query,
    fetch,
    load_response,
    parse_response,
    request_url,
)
from dashboard.data.imports.tables import validate_file
from dashboard.data.regions import RegionIndex

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bps"
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def regions() -> RegionIndex:
    return RegionIndex.from_file()


@pytest.fixture(scope="module")
def framework():
    return load_framework()


@pytest.fixture(scope="module")
def matcher(regions) -> NameMatcher:
    return NameMatcher(regions)


def check(path, regions, framework, indicator="liv_hdi", **kw):
    return validate_file(path, regions=regions, framework=framework, indicator=indicator, **kw)


def rows_of(text: str) -> list[tuple[int, list[str]]]:
    return [(i + 1, line.split(",")) for i, line in enumerate(text.strip("\n").split("\n"))]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def values(result) -> dict[tuple[str, int], float]:
    obs = result.observations
    return {
        (r, int(p)): v
        for r, p, v in zip(obs["region_code"], obs["period"], obs["value"], strict=True)
    }


# ---------------------------------------------------------------------------- layout


def test_layout_with_the_years_one_row_below_the_value_title():
    table = read_layout(
        rows_of(
            "Provinsi/Kabupaten/Kota/Indonesia,\n,[Metode Baru] IPM\n,2023\nACEH,73.4\n"
            "Simeulue,68.06\nINDONESIA,73.55\nSumber: BPS,\n"
        )
    )
    assert table is not None
    assert table.years == {"2023": 2023}
    assert table.title == "[Metode Baru] IPM"
    assert [(e.row, e.name, e.heading) for e in table.entries] == [(5, "Simeulue", "ACEH")]
    assert table.headings == [(4, "ACEH"), (6, "INDONESIA")]
    assert table.footer == ["Sumber: BPS"]


def test_english_header_and_footer_with_source_url_and_access_time():
    table = read_layout(
        rows_of(
            "Regency/Municipality,2020,2021\nACEH,1,2\nSimeulue,3,...\n"
            "Source Url: https://www.bps.go.id/indicator/26/414/1/uhh.html,,\n"
            "Access Time: October 10,, 2022\n"
        )
    )
    assert table.years == {"2020": 2020, "2021": 2021}
    assert table.entries[0].cells == {"2020": "3", "2021": "..."}
    assert table.source_url == "https://www.bps.go.id/indicator/26/414/1/uhh.html"
    assert table.var == "414"
    assert table.access_time.startswith("October 10")


@pytest.mark.parametrize(
    "text",
    [
        "kode_wilayah,indikator,tahun,nilai\n32.16,liv_hdi,2023,75\n",  # an ordinary long file
        "Kabupaten/Kota,tahun,liv_hdi\nBekasi,2023,75\n",  # a period column: not BPS
        "Kabupaten/Kota,IPM\nBekasi,75\n",  # no year columns
        "[Metode Baru] IPM Menurut Kabupaten/Kota\n2023\n",  # only a title mentions it
    ],
)
def test_other_tables_are_not_bps_tables(text):
    assert read_layout(rows_of(text)) is None


def test_new_website_table_id_holds_the_variable():
    assert _table_var("NDEzIzI=") == "413"
    assert _table_var("NjIxIzI%3D") == "621"
    assert _table_var("not base64!") == ""


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("heading", "codes"),
    [
        ("JAWA BARAT", ("32",)),
        ("WEST JAVA", ("32",)),
        ("DKI JAKARTA", ("31",)),
        ("D I YOGYAKARTA", ("34",)),
        ("DI YOGYAKARTA", ("34",)),
        ("KEP. BANGKA BELITUNG", ("19",)),
        ("BANGKA BELITUNG ISLANDS", ("19",)),
        ("KEPULAUAN RIAU", ("21",)),
        ("RIAU", ("14",)),
        ("SOUTHEAST SULAWESI", ("74",)),
        ("NUSA TENGGARA BARAT", ("52",)),
        ("PAPUA", ("91", "93", "94", "95")),
        ("PAPUA BARAT", ("92", "96")),
        ("WEST PAPUA", ("92", "96")),
        ("PAPUA SELATAN", ("93",)),
        ("PAPUA TENGAH", ("94",)),
        ("PAPUA PEGUNUNGAN", ("95",)),
        ("HIGHLAND PAPUA", ("95",)),
        ("PAPUA BARAT DAYA", ("96",)),
        ("SOUTHWEST PAPUA", ("96",)),
        ("INDONESIA", ()),
        ("ATLANTIS", None),
    ],
)
def test_province_headings_in_both_languages_and_both_papua_eras(matcher, heading, codes):
    assert matcher.province(heading) == codes


@pytest.mark.parametrize(
    ("name", "heading", "code"),
    [
        ("Bekasi", "JAWA BARAT", "32.16"),
        ("Kota Bekasi", "JAWA BARAT", "32.75"),
        ("Kab. Bekasi", "JAWA BARAT", "32.16"),
        ("Kabupaten  bekasi", "JAWA BARAT", "32.16"),
        ("Bekasi Regency", "WEST JAVA", "32.16"),
        ("Bekasi City", "WEST JAVA", "32.75"),
        ("Banyu Asin", "SUMATERA SELATAN", "16.07"),
        ("Toli-Toli", "SULAWESI TENGAH", "72.04"),
        ("Toba Samosir / Toba", "SUMATERA UTARA", "12.12"),
        ("Toba Samosir", "SUMATERA UTARA", "12.12"),
        ("Mamuju Utara / Pasangkayu", "SULAWESI BARAT", "76.01"),
        ("Kep. Seribu", "DKI JAKARTA", "31.01"),
        ("Kota Jakarta Selatan", "DKI JAKARTA", "31.74"),
        ("Kota Makasar", "SULAWESI SELATAN", "73.71"),
        ("Pontianak", "KALIMANTAN BARAT", "61.02"),
        ("Kota Pontianak", "KALIMANTAN BARAT", "61.71"),
        ("Merauke", "PAPUA", "93.01"),
        ("Merauke", "PAPUA SELATAN", "93.01"),
        ("Nduga", "PAPUA", "95.08"),
        ("Sorong", "PAPUA BARAT", "96.01"),
        ("Kota Sorong", "PAPUA BARAT DAYA", "96.71"),
    ],
)
def test_names_match_within_the_heading(matcher, regions, name, heading, code):
    found = matcher.match(name, matcher.province(heading))
    assert found.code == code, (name, found, regions.name(code))


def test_a_bare_name_is_never_taken_for_the_city(matcher):
    found = matcher.match("Bengkulu", matcher.province("BENGKULU"))
    assert found.code is None
    assert "17.71 Kota Bengkulu" in found.suggestions


def test_a_name_is_only_searched_in_its_own_province(matcher):
    assert matcher.match("Bekasi", matcher.province("JAWA TENGAH")).code is None
    assert matcher.match("Kota Sorong", matcher.province("PAPUA")).code is None


def test_unmatched_names_get_suggestions_from_their_province(matcher):
    found = matcher.match("Bekasih", matcher.province("JAWA BARAT"))
    assert found.code is None
    assert found.suggestions[0] == "32.16 Kabupaten Bekasi"
    assert all(s.startswith("32.") for s in found.suggestions)


def test_name_normalisation():
    assert split_type("Kab. Tojo Una-Una") == ("kabupaten", "tojounauna")
    assert split_type("KOTA ADMINISTRASI JAKARTA PUSAT") == ("kota", "jakartapusat")
    assert split_type("Simeulue") == (None, "simeulue")
    assert province_key("Sulawesi  Tenggara") == province_key("SOUTHEAST SULAWESI")


# ---------------------------------------------------------------------------- files


def test_indonesian_xlsx_with_new_papua_headings(regions, framework):
    result = check(FIXTURES / "ipm_kabkota_id.xlsx", regions, framework)
    assert result.ok, [p.message("en") for p in result.report.errors]
    assert result.layout == "bps"
    got = values(result)
    assert got[("32.16", 2023)] == 75.76
    assert got[("32.75", 2024)] == 83.56
    assert got[("31.01", 2022)] == 72.99  # Kep. Seribu
    assert (
        got[("96.01", 2023)] == 67.49
    )  # Sorong: "-" under PAPUA BARAT, a value under its new heading
    assert got[("93.01", 2022)] == 71.68  # Merauke: listed twice with the same values, kept once
    assert ("32.18", 2022) not in got  # Pangandaran "-" is missing, never zero
    assert ("95.08", 2022) not in got  # Nduga "..."
    assert not {code for code, _ in got} & {"11", "32", "91", "92"}  # no province rows
    assert len(result.observations) == 37
    assert result.report.counts["rows_missing"] > 0
    source = set(result.observations["source"])
    assert source == {
        "BPS — [Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota (var 413)"
    }
    assert set(result.observations["indicator_id"]) == {"liv_hdi"}
    notes = [p for p in result.report.warnings if p.code == "bps.read_as_table"]
    assert len(notes) == 1
    assert "413" in notes[0].message("en")


def test_english_csv_with_old_papua_headings(regions, framework):
    result = check(FIXTURES / "hdi_regency_en.csv", regions, framework)
    assert result.ok, [p.message("en") for p in result.report.errors]
    got = values(result)
    assert got[("32.16", 2021)] == 74.45
    assert got[("32.75", 2020)] == 81.5
    assert got[("95.01", 2021)] == 58.6  # Jayawijaya under the old PAPUA heading: Papua Pegunungan
    assert got[("96.01", 2020)] == 63.94  # Sorong under WEST PAPUA: Papua Barat Daya
    assert got[("74.71", 2021)] == 84.03
    assert ("32.18", 2021) not in got
    assert all("var 413" in s for s in result.observations["source"])
    assert set(result.observations["note"]) == {
        "https://www.bps.go.id/indicator/26/413/1/-metode-baru-indeks-pembangunan-manusia.html,"
        " October 10, 2022"
    }


def test_unmatched_name_is_reported_with_its_row_and_suggestions(regions, framework):
    result = check(FIXTURES / "ipm_unmatched_name.csv", regions, framework)
    assert not result.ok
    assert result.observations.empty
    (problem,) = result.report.errors
    assert (problem.code, problem.row, problem.value) == ("bps.unknown_name", 5, "Bekasih")
    assert "32.16 Kabupaten Bekasi" in problem.message("en")
    assert "JAWA BARAT" in problem.message("id")


def test_bps_table_without_an_indicator_is_refused_saying_so(regions, framework):
    result = check(FIXTURES / "hdi_regency_en.csv", regions, framework, indicator=None)
    assert [p.code for p in result.report.errors] == ["bps.indicator_required"]
    assert "--indicator" in result.report.errors[0].message("en")
    assert result.observations.empty


def test_unknown_indicator_is_refused_with_a_suggestion(regions, framework):
    result = check(FIXTURES / "hdi_regency_en.csv", regions, framework, indicator="liv_hdj")
    (problem,) = result.report.errors
    assert problem.code == "bps.unknown_indicator"
    assert "liv_hdi" in problem.message("en")


def test_indicator_option_on_an_ordinary_file_is_refused(regions, framework):
    good = FIXTURES.parent / "good" / "long_comma_utf8.csv"
    result = check(good, regions, framework)
    assert [p.code for p in result.report.errors] == ["bps.not_a_bps_table"]
    assert check(good, regions, framework, indicator=None).ok  # unchanged without the option


def test_unknown_heading_and_conflicting_duplicates_are_errors(tmp_path, regions, framework):
    path = write(
        tmp_path,
        "t.csv",
        "Kabupaten/Kota,2023\nATLANTIS,1\nNowhere,2\nPAPUA,70\nMerauke,72.19\n"
        "PAPUA SELATAN,67\nMerauke,72.5\nINDONESIA,73\n",
    )
    result = check(path, regions, framework)
    codes = sorted(p.code for p in result.report.errors)
    assert "bps.unknown_heading" in codes
    assert any("duplicate" in c for c in codes)
    assert result.observations.empty


def test_a_province_table_without_headings_matches_unique_names(tmp_path, regions, framework):
    path = write(tmp_path, "jabar.csv", "Kabupaten/Kota,2022,2023\nBekasi,75.22,75.76\n"
                 "Kota Bekasi,82.46,83.03\nPidie,70,71\nJAWA BARAT,73.12,73.74\n")  # fmt: skip
    result = check(path, regions, framework)
    assert result.ok
    assert values(result)[("32.75", 2023)] == 83.03
    assert values(result)[("11.07", 2022)] == 70
    totals = write(tmp_path, "bengkulu.csv", "Kabupaten/Kota,2023\nKota Bengkulu,81\n"
                   "Kaur,68\nProvinsi Bengkulu,72\nBengkulu,72\n")  # fmt: skip
    result = check(totals, regions, framework)
    assert result.ok, [p.message("en") for p in result.report.errors]
    assert {code for code, _ in values(result)} == {"17.71", "17.04"}
    ambiguous = write(tmp_path, "a.csv", "Kabupaten/Kota,2023\nBanggai,70\nMalang,71\n")
    assert check(ambiguous, regions, framework).ok  # each exists in one province only
    twice = write(tmp_path, "b.csv", "Kabupaten/Kota,2023\nJayapura,70\nKota Bima,71\n")
    assert check(twice, regions, framework).ok


def test_collapse_keeps_a_value_over_a_missing_mark_and_one_of_equal_values():
    long = pd.DataFrame(
        {"region": ["a", "a", "b", "b", "c", "c"], "period": ["1"] * 6,
         "value": ["-", "5", "7", "7 ", "1", "2"], "_row": range(6)}
    )  # fmt: skip
    kept = collapse_repeats(long)
    assert list(kept["_row"]) == [1, 2, 4, 5]
    assert list(kept.index) == [0, 1, 2, 3]


def test_regencies_listed_twice_without_any_missing_value(tmp_path, regions, framework):
    path = write(tmp_path, "p.csv", "Kabupaten/Kota,2023\nPAPUA,70\nMerauke,72.19\n"
                 "Kota Jayapura,81.14\nPAPUA SELATAN,67\nMerauke,72.19\n")  # fmt: skip
    result = check(path, regions, framework)
    assert result.ok, [p.message("en") for p in result.report.errors]
    assert values(result) == {("93.01", 2023): 72.19, ("91.71", 2023): 81.14}


# ---------------------------------------------------------------------------- real tables


def shipped_hdi() -> Path | None:
    candidates = [
        *sorted((PROJECT_DIR / "data").rglob("hdi_bps.csv")),
        PROJECT_DIR.parent / "shared" / "data" / "facts" / "bps" / "hdi_bps.csv",
        Path("/work/shared/data/facts/bps/hdi_bps.csv"),
    ]
    return next((p for p in candidates if p.is_file()), None)


def bps_layout(facts: pd.DataFrame, regions: RegionIndex, *, old_papua: bool) -> str:
    """The facts table written back as a BPS website CSV: headings, bare regency names, years."""
    wide = facts.pivot(index="code", columns="period", values="value")
    years = list(wide.columns)
    table = regions.regencies.set_index("code")
    provinces = dict(zip(regions.provinces["code"], regions.provinces["name"], strict=True))
    heading_of = {"93": "91", "94": "91", "95": "91", "96": "92"} if old_papua else {}
    lines = ["[Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota", "",
             "Provinsi/Kabupaten/Kota," + "[Metode Baru] IPM" + "," * (len(years) - 1),
             "," + ",".join(str(y) for y in years)]  # fmt: skip
    groups: dict[str, list[str]] = {}
    for code in wide.index:
        groups.setdefault(heading_of.get(code[:2], code[:2]), []).append(code)
    for province in sorted(groups):
        lines.append(provinces[province].upper() + "," + ",".join("70" for _ in years))
        for code in groups[province]:
            name = table.loc[code, "name"].removeprefix("Kabupaten ")
            cells = ["-" if pd.isna(v) else repr(float(v)) for v in wide.loc[code]]
            lines.append(f'"{name}",' + ",".join(cells))
    lines += ["INDONESIA," + ",".join("72" for _ in years), "Sumber: Badan Pusat Statistik"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("old_papua", [True, False])
def test_shipped_bps_table_round_trips_through_the_bps_layout(
    tmp_path, regions, framework, old_papua
):
    source = shipped_hdi()
    if source is None:
        pytest.skip("no shipped BPS HDI table")
    facts = pd.read_csv(source, dtype={"code": str})
    path = write(tmp_path, "ipm.csv", bps_layout(facts, regions, old_papua=old_papua))
    result = check(path, regions, framework)
    assert result.ok, [p.message("en") for p in result.report.errors[:5]]
    got = result.observations.set_index(["region_code", "period"])["value"].sort_index()
    want = facts.set_index(["code", "period"])["value"].sort_index()
    want.index.names = got.index.names
    assert len(got) == len(want) == len(facts)
    pd.testing.assert_series_equal(got, want, check_names=False)


# ---------------------------------------------------------------------------- WebAPI


def fixture_response() -> dict:
    return json.loads((FIXTURES / "webapi_var413.json").read_text("utf-8"))


def test_request_url_has_domain_var_years_and_key():
    url = request_url("https://x.example/v1/api/", KEY, Query("413", "3200", (2023, 2022)))
    assert url == (
        f"https://x.example/v1/api/list/model/data/lang/ind/domain/3200/var/413/th/122;123/key/{KEY}/"
    )


def test_webapi_answer_is_read_into_long_rows(regions):
    parsed = parse_response(fixture_response(), indicator="liv_hdi", regions=regions, name="r.json")
    assert parsed.report.ok
    rows = parsed.rows.set_index(["kode_wilayah", "tahun"])["nilai"]
    assert rows[("11.09", 2023)] == "68.06"
    assert rows[("32.16", 2022)] == "75.22"
    assert rows[("93.01", 2023)] == "72.19"  # new BPS code 9501
    assert rows[("95.01", 2023)] == "60.5"  # old code 9402, matched by name under Papua
    assert ("32.75", 2022) not in rows.index  # no value in the answer
    assert not {c for c, _ in rows.index} & {"11", "99"}  # provinces and INDONESIA left out
    assert set(parsed.rows["sumber"]) == {
        "BPS — [Metode Baru] Indeks Pembangunan Manusia (var 413)"
    }


def test_webapi_unknown_region_code_is_an_error_with_suggestions(regions):
    data = fixture_response()
    data["vervar"].append({"val": 3299, "label": "Bekasih"})
    data["datacontent"]["329941301230"] = 70.0
    parsed = parse_response(data, indicator="liv_hdi", regions=regions, name="r.json")
    (problem,) = parsed.report.errors
    assert problem.code == "bps.unknown_vervar"
    assert "32.16" in problem.message("en")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d.update(status="Error"), "bps.no_data"),
        (lambda d: d.update({"data-availability": "list-not-available"}), "bps.no_data"),
        (lambda d: d.pop("vervar"), "bps.bad_response"),
        (lambda d: d.update(datacontent={}), "bps.bad_response"),
        (lambda d: d["turvar"].append({"val": 1, "label": "Laki-laki"}), "bps.several_turvar"),
    ],
)
def test_webapi_answers_that_cannot_be_read_are_refused(regions, change, code):
    data = copy.deepcopy(fixture_response())
    change(data)
    with pytest.raises(DataError) as info:
        parse_response(data, indicator="liv_hdi", regions=regions, name="r.json", var="413")
    assert info.value.code == code


def test_not_json_is_refused():
    with pytest.raises(DataError) as info:
        load_response(b"<html>maintenance</html>")
    assert info.value.code == "bps.not_json"


def test_no_key_fails_before_any_network():
    def opener(*args, **kwargs):  # pragma: no cover - must not be called
        raise AssertionError("network used without a key")

    for access in (None, Access(url="https://x.example", key="", opener=opener)):
        with pytest.raises(DataError) as info:
            response_bytes(Query("413"), access=access, from_file=None)
        assert info.value.code == "bps.no_key"
        assert "BPS_API_KEY" in info.value.message("en")


def test_no_network_fails_fast_naming_the_host_never_the_key():
    def offline(request, timeout):
        assert timeout <= 10
        raise urllib.error.URLError(OSError(101, f"Network is unreachable {request.full_url}"))

    access = Access(url="https://webapi.bps.go.id/v1/api", key=KEY, opener=offline)
    with pytest.raises(DataError) as info:
        response_bytes(Query("413"), access=access, from_file=None)
    message = info.value.message("en") + info.value.message("id")
    assert info.value.code == "bps.unreachable"
    assert "webapi.bps.go.id" in message
    assert KEY not in message


def test_http_error_names_the_status_never_the_key():
    def refused(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 403, "Forbidden", {}, io.BytesIO())

    access = Access(url="https://webapi.bps.go.id/v1/api", key=KEY, opener=refused)
    with pytest.raises(DataError) as info:
        response_bytes(Query("413"), access=access, from_file=None)
    assert info.value.code == "bps.http_error"
    assert "403" in info.value.message("en")
    assert KEY not in info.value.message("en")
    assert KEY not in repr(info.value.params)


def test_refused_connection_on_a_real_socket_is_quick():
    with pytest.raises(DataError) as info:
        fetch(request_url("http://127.0.0.1:9/v1/api", KEY, Query("413")), timeout=2)
    assert info.value.code == "bps.unreachable"
    assert KEY not in info.value.message("en")


@pytest.mark.parametrize(("var", "domain"), [("41x", "0000"), ("413", "32"), ("413", "../x")])
def test_bad_query_parameters_are_refused(var, domain):
    with pytest.raises(DataError):
        Query(var, domain)


def test_tables_of_several_variables_or_breakdowns_are_refused(tmp_path, regions, framework):
    two_vars = write(tmp_path, "two.csv", "Kabupaten/Kota,IPM,,UHH,\n,2022,2023,2022,2023\n"
                     "JAWA BARAT,1,2,3,4\nBekasi,75,76,73,74\n")  # fmt: skip
    result = check(two_vars, regions, framework)
    assert [p.code for p in result.report.errors] == ["bps.repeated_years"]
    by_sex = write(tmp_path, "sex.csv", "Kabupaten/Kota,2022,,\n,Laki-laki,Perempuan,Total\n"
                   "JAWA BARAT,1,2,3\nBekasi,75,76,75.5\n")  # fmt: skip
    result = check(by_sex, regions, framework)
    assert {(p.code, p.column) for p in result.report.errors} == {
        ("bps.column_without_year", "C"),
        ("bps.column_without_year", "D"),
    }
    assert result.observations.empty


def test_committed_fixtures_match_a_fresh_build(tmp_path):
    spec = importlib.util.spec_from_file_location("make_bps", FIXTURES / "make_bps_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path)
    changed = [
        p.name
        for p in sorted(tmp_path.iterdir())
        if p.read_bytes() != (FIXTURES / p.name).read_bytes()
    ]
    assert changed == [], "run tests/fixtures/bps/make_bps_fixtures.py and commit the result"


def test_xlsx_problems_name_the_sheet_row(tmp_path, regions, framework):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["IPM menurut Kabupaten/Kota"], [], ["Kabupaten/Kota", "IPM"], [None, 2023],
                ["JAWA BARAT", 73.7], ["Bekasi", 75.76], [], ["Bekasih", 75.0]):  # fmt: skip
        sheet.append(row)
    path = tmp_path / "ipm.xlsx"
    book.save(path)
    result = check(path, regions, framework)
    (problem,) = result.report.errors
    assert (problem.code, problem.row, problem.value) == ("bps.unknown_name", 8, "Bekasih")
