"""The wall over HTTP: public by default, token-protected when WALL_TOKEN is set."""

from __future__ import annotations

from dashboard.app import create_app
from dashboard.config import Settings


def test_wall_state_is_public_and_uncached(client):
    response = client.get("/wall/state")
    assert response.status_code == 200
    assert response.get_json()["version"] == 1
    assert response.headers["Cache-Control"] == "no-store"


def test_wall_layout_builds_every_scene(app):
    from dashboard.pages import wall

    with app.server.test_request_context("/wall"):
        tree = str(
            wall.layout(scenes="peta,profil,peringkat,program,sorotan,pergerakan", interval="10")
        )
    for scene in ("peta", "profil", "peringkat", "program", "sorotan", "pergerakan"):
        assert (
            f"'data-scene': '{scene}'" in tree or f"data-scene='{scene}'" in tree or scene in tree
        )
    assert "'data-ok': '0'" not in tree


def test_token_is_required_when_configured(tmp_path):
    app = create_app(Settings(DATA_DIR=tmp_path / "instance", WALL_TOKEN="s3cret"))
    client = app.server.test_client()
    assert client.get("/wall/state").status_code == 403
    assert client.get("/wall/state?token=s3cret").status_code == 200
    from dashboard.pages import wall

    with app.server.test_request_context("/wall"):
        assert "token" in str(wall.layout())
        assert "wall-stage" not in str(wall.layout())
        assert "wall-stage" in str(wall.layout(token="s3cret"))


def test_a_failing_scene_is_marked_to_be_skipped_not_shown(app, monkeypatch):
    import json

    import plotly

    from dashboard.pages import wall, wall_scenes

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setitem(wall_scenes.SCENES, "profil", broken)
    with app.server.test_request_context("/wall"):
        text = json.dumps(wall.layout(scenes="peta,profil"), cls=plotly.utils.PlotlyJSONEncoder)
    assert text.count('"data-ok": "1"') == 1
    assert text.count('"data-ok": "0"') == 1
    assert "boom" not in text


def _spotlight_source(app, indicator: str, lang: str) -> str:
    from dashboard.data.views.wall import WallConfig, spotlight_indicators
    from dashboard.pages import wall_scenes
    from dashboard.state import snapshot

    with app.server.test_request_context("/wall"):
        snap = snapshot()
        index = spotlight_indicators(snap).index(indicator)
        cfg = WallConfig(scenes=("sorotan",), interval=30, region="32.16", lang=lang)
        panel = wall_scenes.spotlight_panel(snap, cfg, max(snap.periods), index)
    return next(div.children for div in panel if getattr(div, "className", "") == "wall-source")


def test_spotlight_never_puts_a_publisher_on_synthetic_values(app):
    # the sample's SPBE index is synthetic: KemenPAN-RB must not read as its source
    assert _spotlight_source(app, "gov_spbe", "id").startswith(
        "Sumber: data contoh (sintetis), bukan data KemenPAN-RB"
    )
    assert "not KemenPAN-RB data" in _spotlight_source(app, "gov_spbe", "en")
    # GRDP per capita is real BPS data in the sample
    real = _spotlight_source(app, "eco_grdp_pc", "id")
    assert "BPS" in real
    assert "sintetis" not in real
