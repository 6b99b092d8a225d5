"""The kecamatan level end to end: import through the CLI and the admin path, the district view,
its values-only Patch (at most 2 KB), exports and the link from the regency profile."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.imports.indicators import import_indicators
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore
from tests.integration.conftest import dash_post, router_body

KECAMATAN = Path(__file__).resolve().parents[3] / "shared/data/real/bekasi_kecamatan.geojson"
if not KECAMATAN.exists():  # worktrees: ../shared from the repository
    KECAMATAN = Path(__file__).resolve().parents[2] / "../shared/data/real/bekasi_kecamatan.geojson"
PATCH_LIMIT = 2048


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(DATA_DIR=tmp_path_factory.mktemp("districts") / "instance")
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def page_text(client, path: str, search: str = "") -> str:
    response = client.post("/_dash-update-component", json=router_body(path, search))
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True).replace("\\u002f", "/")


def view_patch(client, measure: str, period: int, lang: str = "id"):
    return dash_post(
        client,
        "..district-map.figure...district-ranking.figure...district-source.children..."
        "district-synthetic-badge.className..",
        [
            {"id": "district-measure", "property": "value", "value": measure},
            {"id": "district-period", "property": "value", "value": period},
        ],
        state=[
            {"id": "district-select", "property": "value", "value": None},
            {"id": "district-state", "property": "data", "value": {"kode": "32.16", "lang": lang}},
        ],
        outputs=[
            {"id": "district-map", "property": "figure"},
            {"id": "district-ranking", "property": "figure"},
            {"id": "district-source", "property": "children"},
            {"id": "district-synthetic-badge", "property": "className"},
        ],
    )


def test_district_view_answers_with_map_ranking_and_synthetic_label(client):
    text = page_text(client, "/wilayah/32.16/kecamatan")
    for part in ("district-map", "district-ranking", "district-profile", "Skor kecamatan",
                 "synthetic-badge", "sintetis", "32.16.01"):  # fmt: skip
        assert part in text, part
    assert "d-none" not in text.split('"district-synthetic-badge"')[1][:200]


def test_regency_without_district_data_says_so(client):
    text = page_text(client, "/wilayah/32.75/kecamatan")
    assert "district-no-data" in text
    assert "belum memiliki data tingkat kecamatan" in text


def test_profile_links_to_districts_only_when_there_are_some(client):
    text = page_text(client, "/wilayah/32.16")
    assert "profile-district-link" in text
    assert "/wilayah/32.16/kecamatan" in text
    assert "profile-district-link" not in page_text(client, "/wilayah/32.75")


def test_filter_change_is_a_values_only_patch_under_2_kb(client):
    for measure, period in (("liv_stunting", 2023), ("summary", 2024), ("ri_4g_villages", 2021)):
        response = view_patch(client, measure, period)
        assert response.status_code == 200, response.data[:300]
        answer = response.get_json()["response"]
        patch = answer["district-map"]["figure"]
        assert patch["__dash_patch_update"] == "__dash_patch_update"
        size = len(json.dumps(patch, separators=(",", ":")))
        assert size <= PATCH_LIMIT, (measure, period, size)
        paths = {tuple(op["location"][:3]) for op in patch["operations"]}
        # never the geometry or the layout, but the values' description for the keyboard
        assert all(p[0] == "data" or p[:2] == ("layout", "meta") for p in paths)
        assert "sintetis" in answer["district-source"]["children"]


def test_district_exports_carry_the_synthetic_mark(client):
    response = client.get("/export/data/peringkat-kecamatan.csv?kode=32.16&indicator=liv_water")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "32.16.01" in body
    assert "sintetis" in body.lower()
    bad = client.get("/export/data/peta-kecamatan.csv?kode=32.16&indicator=gov_spbe")
    assert bad.status_code == 400
    assert "gov_spbe" in bad.get_data(as_text=True)


def test_import_district_file_through_the_import_service(app, tmp_path):
    """The admin page and the CLI share ``import_indicators``: a district file lands in the store."""
    store = DataStore(_data_dir(app))
    path = tmp_path / "kec.csv"
    path.write_text(
        "kode_wilayah,kecamatan,indikator,tahun,nilai,sumber\n"
        "32.16,32.16.02,liv_water,2024,77.5,Dinas PUPR\n"
        "32.16,3,liv_water,2024,80.1,Dinas PUPR\n",
        encoding="utf-8",
    )
    outcome = import_indicators(
        store, path, regions=RegionIndex.from_file(), framework=_framework(), who="test"
    )
    obs = store.load(outcome.manifest.version).observations
    rows = obs[(obs["indicator_id"] == "liv_water") & (obs["period"] == 2024)]
    rows = rows.set_index("region_code")
    assert rows.loc["32.16.02", "value"] == 77.5
    assert rows.loc["32.16.03", "source"] == "Dinas PUPR"


def _data_dir(app) -> Path:
    from dashboard.state import settings

    with app.server.test_request_context("/"):
        return Path(settings().DATA_DIR)


def _framework():
    from dashboard.data.framework import load_framework

    return load_framework()


# ---------------------------------------------------------------------------- the CLI
def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=300,
    )


@pytest.mark.skipif(
    not KECAMATAN.exists(), reason="needs ../shared/data/real/bekasi_kecamatan.geojson"
)
def test_cli_imports_district_boundaries_and_checks_names_against_them(tmp_path):
    data_dir = tmp_path / "instance"
    done = cli(data_dir, "import", "boundaries", str(KECAMATAN), "--level", "district")
    assert done.returncode == 0, done.stderr
    good = tmp_path / "good.csv"
    good.write_text(
        "kode_wilayah;kecamatan;indikator;tahun;nilai;sumber\n"
        "32.16;Tarumajaya;liv_sanitation;2024;81,5;Dinkes\n"
        "32.16;Kec. Cikarang Utara;liv_sanitation;2024;90;Dinkes\n",
        encoding="utf-8",
    )
    done = cli(data_dir, "import", "indicators", str(good))
    assert done.returncode == 0, done.stderr + done.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "kode_wilayah,indikator,tahun,nilai\n32.16.01,liv_water,2024,70\n32.16.24,liv_water,2024,71\n"
        "32.16,liv_water,2024,72\n",
        encoding="utf-8",
    )
    done = cli(data_dir, "validate", str(bad))
    assert done.returncode == 1
    out = done.stdout + done.stderr
    assert "bad.csv" in out
    assert "32.16.24" in out
    assert "3" in out
    assert "32.16.23 Bojongmangu" in out  # a suggestion with its name
    typo = tmp_path / "typo.csv"
    typo.write_text(
        "kode_wilayah,kecamatan,indikator,tahun,nilai\n32.16,Tarumajya,liv_water,2024,70\n",
        encoding="utf-8",
    )
    done = cli(data_dir, "validate", str(typo))
    assert done.returncode == 1
    assert "Tarumajya" in done.stdout + done.stderr
    assert "32.16.01 Tarumajaya" in done.stdout + done.stderr


@pytest.mark.skipif(
    not KECAMATAN.exists(), reason="needs ../shared/data/real/bekasi_kecamatan.geojson"
)
def test_geographic_district_map_uses_the_versioned_geometry(tmp_path):
    data_dir = tmp_path / "instance"
    settings = Settings(DATA_DIR=data_dir)
    geo_app = create_app(settings)
    done = cli(data_dir, "import", "boundaries", str(KECAMATAN), "--level", "district")
    assert done.returncode == 0, done.stderr
    client = geo_app.server.test_client()
    text = page_text(client, "/wilayah/32.16/kecamatan")
    assert "/geometry/district.geojson?v=" in text
    assert "Tarumajaya" in text  # names from the boundary version
    url = text.split("/geometry/district.geojson?v=")[1].split('"')[0]
    geometry = client.get(f"/geometry/district.geojson?v={url}")
    assert geometry.status_code == 200
    assert "immutable" in geometry.headers["Cache-Control"]
    response = view_patch(client, "liv_water", 2022)
    patch = response.get_json()["response"]["district-map"]["figure"]
    assert len(json.dumps(patch, separators=(",", ":"))) <= PATCH_LIMIT


# ---------------------------------------------------------------------------- collection forms
def test_district_collection_form_round_trip(client, tmp_path):
    import io

    import openpyxl

    response = client.get(
        "/export/coverage/template.xlsx?indicators=liv_water&regions=32.16&level=district"
    )
    assert response.status_code == 200, response.data[:300]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [f"32.16.{i:02d}" for i in range(1, 24)]
    sheet["E2"] = 66.6
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    done = cli(tmp_path / "instance", "validate", str(filled))
    assert done.returncode == 0, done.stdout + done.stderr
    refused = client.get(
        "/export/coverage/template.xlsx?indicators=liv_water&regions=32.75&level=district"
    )
    assert refused.status_code == 400
    assert "32.75" in refused.get_data(as_text=True)


@pytest.mark.skipif(
    not KECAMATAN.exists(), reason="needs ../shared/data/real/bekasi_kecamatan.geojson"
)
def test_cli_district_form_names_the_districts(tmp_path):
    import openpyxl

    data_dir = tmp_path / "instance"
    assert (
        cli(data_dir, "import", "boundaries", str(KECAMATAN), "--level", "district").returncode == 0
    )
    form = tmp_path / "form.xlsx"
    done = cli(data_dir, "template", "--indicators", "liv_water", "--regions", "32.16", "--level",
               "district", "-o", str(form))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "23 kecamatan" in done.stdout + done.stderr
    rows = list(openpyxl.load_workbook(form).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows[0][:2] == ("32.16.01", "Tarumajaya")


def test_api_answers_district_observations_marked_synthetic(client):
    answer = client.get("/api/v1/observations?region=32.16.05&indicator=liv_water&period=2024")
    assert answer.status_code == 200
    (row,) = answer.get_json()["data"]
    assert row["region_code"] == "32.16.05"
    assert row["synthetic"] is True
    national = client.get("/api/v1/observations?indicator=liv_water&period=2024").get_json()
    assert not any(r["region_code"].count(".") == 2 for r in national["data"])


def test_wall_kecamatan_scene_is_skipped_for_a_region_without_district_data(client):
    body = router_body("/wall", "?scenes=kecamatan,peta&region=32.75")
    text = client.post("/_dash-update-component", json=body).get_data(as_text=True)
    scene = text.split('"wall-scene wall-scene-kecamatan"')[1][:200]
    assert '"data-ok":"0"' in scene
    home = client.post(
        "/_dash-update-component", json=router_body("/wall", "?scenes=kecamatan,peta")
    ).get_data(as_text=True)
    assert '"data-ok":"1"' in home.split('"wall-scene wall-scene-kecamatan"')[1][:200]


# ---------------------------------------------------------------------------- the admin page
def test_district_file_through_the_admin_page(tmp_path_factory):
    from tests.integration.auth_helpers import add_user
    from tests.integration.test_admin import (
        PASSWORD,
        client_as,
        import_staged,
        response_of,
        upload,
    )

    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("district-admin") / "instance",
        RATE_LIMIT_UPLOAD="10000 per hour",
        RATE_LIMIT_LOGIN="10000 per hour",
        COOKIE_SECURE=False,
    )
    admin_app = create_app(settings)
    add_user(settings, "eddie", "editor", PASSWORD)
    admin_app.server.test_client().get("/")
    editor = client_as(admin_app, "eddie")
    store = DataStore(settings.DATA_DIR)
    before = store.dataset.current().version
    bad = b"kode_wilayah,indikator,tahun,nilai\n32.16.01,liv_water,2024,70\n32.99.01,liv_water,2024,71\n"
    out = response_of(upload(admin_app, editor, bad, "kecamatan salah.csv"))
    rows = out["admin-problems"]["rowData"]
    errors = [(r["code"], r["row"]) for r in rows if r["code"] == "importer.unknown_district"]
    assert errors == [("importer.unknown_district", 3)]
    assert "32.99.01" in json.dumps(rows)
    assert out["admin-staged"]["data"]["ok"] is False
    assert store.dataset.current().version == before  # nothing changed
    good = "kode_wilayah,indikator,tahun,nilai,sumber\n32.16.01,liv_water,2024,55.5,Dinas PUPR\n"
    out = response_of(upload(admin_app, editor, good.encode(), "kecamatan.csv"))
    done = response_of(import_staged(admin_app, editor, out["admin-staged"]["data"]))
    version = done["admin-import-done"]["data"]
    assert version == before + 1
    obs = store.load(version).observations
    row = obs[(obs["region_code"] == "32.16.01") & (obs["indicator_id"] == "liv_water")
              & (obs["period"] == 2024)]  # fmt: skip
    assert row["value"].tolist() == [55.5]
    assert row["source"].tolist() == ["Dinas PUPR"]
