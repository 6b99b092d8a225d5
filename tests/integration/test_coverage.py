"""Collection templates end to end: written by the CLI, filled like an official would, imported
by the CLI unchanged; the coverage downloads over HTTP."""

from __future__ import annotations

import io
from json import dumps as json_dumps

import openpyxl
import pytest

from dashboard.cli import main
from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.store.datasets import DataStore


@pytest.fixture
def seeded(tmp_path, regions, framework):
    root = tmp_path / "instance"
    ensure_seeded(DataStore(root), regions, framework)
    return root


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv, environ={})
    out, err = capsys.readouterr()
    return code, out, err


def fill(path, values: dict[str, object]) -> None:
    """Type values into cells the way Excel saves them (the form is otherwise untouched)."""
    book = openpyxl.load_workbook(path)
    for ref, value in values.items():
        book.worksheets[0][ref] = value
    book.save(path)


def test_cli_template_round_trip(seeded, tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    code, out, err = run(
        [
            *("--data-dir", str(seeded), "template"),
            *("--indicators", "eco_poverty,liv_stunting", "--regions", "32"),
            *("--year", "2025", "--agency", "Dinas Kesehatan", "-o", str(form)),
        ],
        capsys,
    )
    assert code == 0, err
    assert "form.xlsx" in out
    assert "27" in out
    data = openpyxl.load_workbook(form).worksheets[0]
    rows = {data.cell(row=r, column=1).value: r for r in range(2, data.max_row + 1)}
    fill(form, {f"E{rows['32.16']}": 4.1, f"F{rows['32.16']}": 18.2, f"F{rows['32.75']}": 12})
    code, out, err = run(["--data-dir", str(seeded), "import", "indicators", str(form)], capsys)
    assert code == 0, err
    obs = DataStore(seeded).load().observations
    mine = obs[(obs["period"] == 2025) & (obs["source"] == "Dinas Kesehatan")]
    got = {(r.region_code, r.indicator_id): r.value for r in mine.itertuples()}
    assert got == {
        ("32.16", "eco_poverty"): 4.1,
        ("32.16", "liv_stunting"): 18.2,
        ("32.75", "liv_stunting"): 12.0,
    }
    # an unfilled cell changed nothing: the other West Java values of 2025 are as before
    other = obs[(obs["period"] == 2025) & (obs["region_code"] == "32.01")]
    assert not (other["source"] == "Dinas Kesehatan").any()


def test_cli_template_errors_exit_1(seeded, tmp_path, capsys):
    base = ["--data-dir", str(seeded), "template", "-o", str(tmp_path / "x.xlsx")]
    code, _, err = run([*base, "--indicators", "eco_povertyy"], capsys)
    assert code == 1
    assert "eco_povertyy" in err
    code, _, err = run(
        ["--lang", "en", *base, "--indicators", "eco_poverty", "--regions", "99"], capsys
    )
    assert code == 1
    assert "unknown region '99'" in err
    code, _, err = run([*base, "--indicators", "eco_poverty", "--year", "1990"], capsys)
    assert code == 1
    assert "1990" in err
    code, _, err = run([*base, "--publisher", "Nobody"], capsys)
    assert code == 1
    assert "BPS" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_template_english_and_publisher(seeded, tmp_path, capsys):
    form = tmp_path / "bps.xlsx"
    code, _, err = run(
        [
            *("--data-dir", str(seeded), "--lang", "en", "template", "--publisher", "BPS"),
            *("--regions", "all", "-o", str(form)),
        ],
        capsys,
    )
    assert code == 0, err
    book = openpyxl.load_workbook(io.BytesIO(form.read_bytes()))
    assert book.sheetnames[:2] == ["Data", "Instructions"]
    assert book.worksheets[0].max_row == 515


# ---------------------------------------------------------------------------- over HTTP


PASSWORD = "a-long-test-password"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from dashboard.config import Settings
    from tests.integration.auth_helpers import app_with_editor

    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("coverage") / "instance",
        RATE_LIMIT_EXPORT="10000 per minute",
        RATE_LIMIT_UPLOAD="10000 per hour",
        RATE_LIMIT_LOGIN="10000 per hour",
        COOKIE_SECURE=False,
    )
    return app_with_editor(settings, PASSWORD)


def test_coverage_page_renders_in_both_languages(web):
    from tests.integration.conftest import router_body
    from tests.integration.test_admin import text_of

    client = web.server.test_client()
    for lang, title, gaps in (
        ("id", "Ketersediaan data", "Belum ada data nyata"),
        ("en", "Data coverage", "No real data yet"),
    ):
        body = router_body("/data", f"?lang={lang}&kode=32.73&period=2021&cakupan=32")
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200
        text = text_of(response.get_json())
        assert title in text
        assert f"{gaps}: Kota Bandung, 2021" in text
        assert "/export/coverage/request.csv?regions=32&period=2021" in text


def test_request_downloads_csv_and_xlsx_with_provenance(web):
    import pandas as pd

    client = web.server.test_client()
    response = client.get("/export/coverage/request.csv?regions=32&period=2024&lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('data-request_32_2024.csv"')
    text = response.get_data(as_text=True)
    assert "# Title,Data request list" in text
    table = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), comment="#", dtype=str)
    assert list(table.columns[:3]) == ["Publisher / agency", "Indicator id", "Indicator"]
    assert list(table["Publisher / agency"]) == sorted(table["Publisher / agency"])
    response = client.get("/export/coverage/request.xlsx?regions=all")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Data", "Metadata"]
    assert book["Data"]["A1"].value == "Penerbit / instansi"


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/export/coverage/request.pdf", 404, "request.csv"),
        ("/export/coverage/request.csv?regions=Bekasi", 400, "32.75"),
        ("/export/coverage/request.csv?period=1990", 400, "1990"),
        ("/export/coverage/request.csv?kode=32", 400, "regions"),
        ("/export/coverage/template.xlsx?indicators=nope", 400, "eco_poverty"),
        ("/export/coverage/template.xlsx", 400, "eco_poverty,liv_stunting"),
        ("/export/coverage/template.xlsx?publisher=Nobody", 400, "BPS"),
        ("/export/coverage/template.xlsx?indicators=eco_poverty&period=20x4", 400, "20x4"),
    ],
)
def test_bad_download_requests_say_what_to_use(web, url, status, words):
    response = web.server.test_client().get(url)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert words in text
    assert "Traceback" not in text


def test_admin_round_trip_of_a_downloaded_template(web):
    """Download on /data, fill in like an official, upload and import on /admin unchanged."""
    from tests.integration.test_admin import client_as, import_staged, response_of, upload

    client = web.server.test_client()
    url = "/export/coverage/template.xlsx?publisher=Kemenkes&regions=32&period=2024&agency=Dinkes+Jabar"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('templat_32_2024.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    data = book.worksheets[0]
    assert data["E1"].value == "Prevalensi stunting balita (%)"
    rows = {data.cell(row=r, column=1).value: r for r in range(2, data.max_row + 1)}
    data[f"E{rows['32.16']}"] = 17.9
    data[f"E{rows['32.73']}"] = 16.25
    out = io.BytesIO()
    book.save(out)
    editor = client_as(web, "eddie")
    checked = response_of(upload(web, editor, out.getvalue(), "stunting jabar.xlsx"))
    staged = checked["admin-staged"]["data"]
    assert staged["ok"], checked
    done = response_of(import_staged(web, editor, staged))
    version = done["admin-import-done"]["data"]
    obs = DataStore(web.server.config["SETTINGS"].DATA_DIR).load(version).observations
    mine = obs[(obs["source"] == "Dinkes Jabar")]
    assert {(r.region_code, r.indicator_id, r.period, r.value) for r in mine.itertuples()} == {
        ("32.16", "liv_stunting", 2024, 17.9),
        ("32.73", "liv_stunting", 2024, 16.25),
    }


def test_wall_data_scene_builds_in_both_languages(web):
    from dashboard.pages import wall

    for lang, words in (("id", "indikator bernilai nyata"), ("en", "indicators with real values")):
        with web.server.test_request_context(f"/wall?lang={lang}"):
            tree = str(wall.layout(scenes="data", interval="10", lang=lang))
        assert "'data-ok': '0'" not in tree
        assert "wall-scene-data" in tree
        assert words in tree


def test_real_only_data_still_shows_coverage(tmp_path):
    """SAMPLE_FILL=0: no synthetic value anywhere; the page, the list and the scene still work."""
    from dashboard.app import create_app
    from dashboard.config import Settings
    from tests.integration.conftest import router_body
    from tests.integration.test_admin import text_of

    settings = Settings(
        DATA_DIR=tmp_path / "instance", SAMPLE_FILL=False, RATE_LIMIT_EXPORT="1000 per minute"
    )
    app = create_app(settings)
    from dashboard.pages import wall  # pages register themselves once an app exists

    client = app.server.test_client()
    client.get("/")
    response = client.post("/_dash-update-component", json=router_body("/data"))
    assert response.status_code == 200
    text = text_of(response.get_json())
    assert "0 sintetis" in text
    assert "Data contoh (sintetis)" not in text or "d-none" in json_dumps(response.get_json())
    response = client.get("/export/coverage/request.csv?regions=all")
    assert response.status_code == 200
    assert "di antaranya sintetis" in response.get_data(as_text=True)
    with app.server.test_request_context("/wall"):
        tree = str(wall.layout(scenes="data", interval="10"))
    assert "'data-ok': '0'" not in tree
