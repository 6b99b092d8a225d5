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


def _sent(value):
    import json

    from plotly.io._json import to_json_plotly

    return json.loads(to_json_plotly(value))


def _parts(tree, kind: str) -> dict:
    """The wall's parts of one kind (graphs or texts) by key, in document order."""
    found, stack = {}, [tree]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack[:0] = node
        elif isinstance(node, dict) and "props" in node:
            ident = node["props"].get("id")
            if isinstance(ident, dict) and ident.get("type") == kind:
                found[ident["key"]] = node
            children = node["props"].get("children")
            if isinstance(children, list | dict):
                stack.insert(0, children)
    return found


def test_every_wall_graph_comes_after_its_numeric_summary(app):
    """Every graph on the wall has a text alternative in the wall's language: a visually hidden
    summary with the chart's numbers, right before the graph, with the synthetic count."""
    from dashboard import ids
    from dashboard.pages import wall

    scenes = "peta,profil,peringkat,program,sorotan,pergerakan,data,target"
    for lang, word in (("id", "sintetis"), ("en", "synthetic")):
        with app.server.test_request_context("/wall"):
            tree = _sent(wall.layout(scenes=scenes, interval="10", lang=lang))
        graphs = _parts(tree, ids.WALL_GRAPH)
        texts = _parts(tree, ids.WALL_TEXT)
        assert len(graphs) >= 8
        for key in graphs:
            summary = texts[f"{key}-text"]
            assert "visually-hidden" in summary["props"]["className"]
            words = summary["props"]["children"]
            assert isinstance(words, str), key
            assert any(c.isdigit() for c in words), (key, words)
        assert word in texts["peta-map-text"]["props"]["children"]
        assert word in texts["peringkat-chart-text"]["props"]["children"]


def test_the_spotlight_summary_follows_its_indicator(app):
    from dashboard.pages import wall

    config = {"scenes": ["sorotan"], "region": "32.16", "lang": "en", "interval": 30}
    with app.server.test_request_context("/wall"):
        from dashboard.data.views.wall import position
        from dashboard.state import snapshot

        drawn = position(snapshot())
        first = wall.advance_spotlight(0, config, drawn)[2]
        second = wall.advance_spotlight(1, config, drawn)[2]
    assert first
    assert second
    assert first != second
