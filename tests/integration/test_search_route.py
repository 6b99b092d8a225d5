"""``/search/regions``: the navbar search's JSON, in both languages, and the navbar markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.cli import main
from dashboard.config import Settings
from tests.integration.conftest import router_body


def test_suggestions(client):
    answer = client.get("/search/regions?q=Kab.%20Bekasi")
    assert answer.status_code == 200
    doc = answer.get_json()
    assert doc["count"] == len(doc["results"]) >= 1
    top = doc["results"][0]
    assert top["code"] == "32.16"
    assert top["href"] == "/wilayah/32.16"
    assert top["kind_label"] == "Kabupaten"
    assert "ditemukan" in doc["status"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_bps_code_in_english(client):
    doc = client.get("/search/regions?q=3216&lang=en").get_json()
    assert doc["results"][0]["href"] == "/wilayah/32.16?lang=en"
    assert doc["results"][0]["kind_label"] == "Regency"
    assert "found" in doc["status"]


def test_no_match_and_bad_limits(client):
    doc = client.get("/search/regions?q=zzzzqq").get_json()
    assert doc["count"] == 0
    assert doc["status"] == "Tidak ada wilayah yang cocok"
    assert len(client.get("/search/regions?q=kab&limit=500").get_json()["results"]) == 20
    assert len(client.get("/search/regions?q=kab&limit=x").get_json()["results"]) == 8
    assert client.get("/search/regions").get_json()["count"] == 0


def test_every_page_has_the_search(client):
    for path in ("/", "/wilayah/32.16", "/bandingkan", "/indikator"):
        body = client.post("/_dash-update-component", json=router_body(path)).get_data(as_text=True)
        assert '"role":"search"' in body.replace(" ", ""), path
        assert "region-search-list" in body


def test_kecamatan_by_code(client):
    doc = client.get("/search/regions?q=32.16.01").get_json()
    top = doc["results"][0]
    assert top["code"] == "32.16.01"
    assert top["kind_label"] == "Kecamatan"
    assert top["href"] == "/wilayah/32.16/kecamatan?kecamatan=32.16.01"


KECAMATAN = Path(__file__).resolve().parents[2] / ".." / "shared/data/real/bekasi_kecamatan.geojson"


@pytest.mark.skipif(
    not KECAMATAN.exists(), reason="needs ../shared/data/real/bekasi_kecamatan.geojson"
)
def test_kecamatan_by_name_after_a_district_boundary_import(tmp_path):
    data_dir = tmp_path / "instance"
    geo_app = create_app(Settings(DATA_DIR=data_dir))
    argv = ["--data-dir", str(data_dir), "-q", "import", "boundaries", str(KECAMATAN)]
    assert main([*argv, "--level", "district"], environ={}) == 0
    client = geo_app.server.test_client()
    doc = client.get("/search/regions?q=Tarumajya&lang=en").get_json()  # a typo
    top = doc["results"][0]
    assert (top["code"], top["name"], top["kind_label"]) == ("32.16.01", "Tarumajaya", "District")
    assert top["context"] == "Kabupaten Bekasi"
    assert top["href"] == "/wilayah/32.16/kecamatan?lang=en&kecamatan=32.16.01"
