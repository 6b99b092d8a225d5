"""``/search/regions``: the navbar search's JSON, in both languages, and the navbar markup."""

from __future__ import annotations

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
