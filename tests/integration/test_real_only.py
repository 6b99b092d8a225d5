"""SAMPLE_FILL=0: real values only. Every page, wall scene and export still answers, without a
traceback, and a composite index that cannot be computed says which pillars lack what."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from pptx import Presentation

from dashboard.app import create_app
from dashboard.charts.registry import CHARTS
from dashboard.config import Settings
from dashboard.data.store.datasets import is_synthetic
from dashboard.data.views.periods import default_period
from tests.integration.conftest import router_body

PAGES = [
    ("/", ""),
    ("/", "?lang=en"),
    ("/", "?indicator=liv_hdi"),
    ("/", "?indicator=governance"),
    ("/wilayah/32.16", ""),
    ("/wilayah/32.16", "?lang=en"),
    ("/wilayah/32", ""),
    ("/bandingkan", "?kode=32.16,32.75"),
    ("/indikator", ""),
    ("/indikator", "?indikator=eco_unemployment"),
    ("/program", ""),
    ("/program", "?lang=en"),
    ("/wall", "?scenes=peta,profil,peringkat,program,sorotan,pergerakan"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("real-only") / "instance",
        SAMPLE_FILL=False,
        RATE_LIMIT_EXPORT="1000 per minute",
    )
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def snap(app):
    return app.server.config["REPOSITORY"].snapshot()


def _no_traceback(response) -> str:
    text = response.data.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert 'File "' not in text
    return text


def _texts(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(_texts(n) for n in node)
    if isinstance(node, dict):
        return _texts(node.get("props", {}).get("children"))
    return ""


def _find(node, wanted: str):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == wanted:
            return node
        for value in node.values():
            found = _find(value, wanted)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find(value, wanted)
            if found is not None:
                return found
    return None


def _page(client, path: str, search: str = "") -> dict:
    response = client.post("/_dash-update-component", json=router_body(path, search))
    assert response.status_code == 200, (path, search, response.data[:300])
    _no_traceback(response)
    return response.get_json()


def test_the_store_holds_real_values_only(snap):
    obs = snap.observations
    assert len(obs) > 20_000
    assert not obs["source"].map(is_synthetic).any()
    assert snap.programme.empty
    assert not snap.is_synthetic
    assert default_period(snap) == 2024  # no composite anywhere: the latest year of real values


@pytest.mark.parametrize(("path", "search"), PAGES)
def test_every_page_answers(client, path, search):
    _page(client, path, search)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("id", ["tidak tersedia untuk sebagian besar wilayah", "Smart Governance", "Indeks SPBE"]),
        ("en", ["not available for most regions", "Smart Governance", "E-government (SPBE)"]),
    ],
)
def test_overview_explains_the_missing_composite(client, lang, expected):
    why = _find(_page(client, "/", f"?lang={lang}"), "why-missing")
    assert why is not None
    text = _texts(why)
    for word in expected:
        assert word in text, word
    assert "0 " in text  # computed for 0 of 514 regions


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("id", ["tidak dapat dihitung", "Smart Economy", "2 dari 5 indikator", "Belum ada"]),
        ("en", ["cannot be computed", "Smart Economy", "2 of 5 indicators", "Missing"]),
    ],
)
def test_profile_explains_which_pillars_lack_which_indicators(client, lang, expected):
    why = _find(_page(client, "/wilayah/32.16", f"?lang={lang}"), "why-missing")
    assert why is not None
    text = _texts(why)
    for word in expected:
        assert word in text, word
    assert "Laju pertumbuhan PDRB" in text or "Real GRDP growth" in text


def test_an_indicator_with_real_values_shows_no_explanation(client):
    assert _find(_page(client, "/", "?indicator=liv_hdi"), "why-missing") is None


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_data_export_answers(client, name, fmt):
    query = "?kode=32.16,32.75" if "kode" in CHARTS[name].keys else ""
    if name in {"pilar", "tren"}:
        query = "?kode=32.16"
    response = client.get(f"/export/data/{name}.{fmt}{query}")
    _no_traceback(response)
    if name.endswith("-kecamatan"):  # district data exists only as synthetic sample data
        assert response.status_code == 404, response.data[:300]
        assert "belum memuat data kecamatan" in response.get_data(as_text=True)
        return
    assert response.status_code == 200, response.data[:300]


def test_csv_names_the_bps_table_and_marks_nothing_synthetic(client):
    response = client.get("/export/data/peringkat.csv?indicator=eco_poverty&period=2024")
    table = pd.read_csv(io.BytesIO(response.data), comment="#", dtype=str)
    assert set(table["Sintetis"].dropna()) == {"tidak"}
    assert table["Sumber"].str.startswith("BPS — Persentase Penduduk Miskin").all()
    head = response.data.decode("utf-8-sig").split("\r\n\r\n")[0]
    assert "sintetis" not in head


def test_briefing_deck_is_honest_without_synthetic_values(client):
    response = client.get("/export/briefing/32.16.pptx")
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.data))
    text = json.dumps(
        [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    )
    assert "data kurang" in text
    assert "Data contoh (sintetis)" not in text
    assert "BPS" in text


def test_wall_home_panel_names_the_pillars_without_score(app):
    from dashboard.pages import wall

    with app.server.test_request_context("/wall"):
        tree = str(wall.layout(scenes="profil", interval="10"))
    assert "Data kurang: tanpa skor" in tree
    assert "'data-ok': '0'" not in tree


def test_compare_names_the_regions_without_a_composite(client):
    tree = _page(client, "/bandingkan", "?kode=32.16,32.75")
    text = _texts(_find(tree, "compare-notes"))
    assert "tidak dapat dihitung" in text
    assert "Kab. Bekasi" in text
