"""Wall playlists: URL over playlist over defaults; bad values noted and replaced, never an error."""

from __future__ import annotations

import pytest

from dashboard.data.errors import DataError
from dashboard.data.views.wall import DEFAULT_SCENES, load_playlists, wall_config

PLAYLISTS = {
    "default": {"scenes": ["peta", "profil"], "interval": 20, "region": "32.16"},
    "rapat": {"scenes": ["peringkat"], "interval": 45, "region": "32.75", "lang": "en"},
}


def _resolve(key: str) -> str | None:
    return {"32.16": "32.16", "32.75": "32.75", "3216": "32.16"}.get(key)


def config(query: dict):
    return wall_config(query, playlists=PLAYLISTS, home="32.16", lang="id", valid_region=_resolve)


def test_url_overrides_the_playlist():
    cfg = config({"scenes": "peringkat,program", "interval": "12", "region": "3216", "lang": "en"})
    assert cfg.scenes == ("peringkat", "program")
    assert (cfg.interval, cfg.region, cfg.lang) == (12, "32.16", "en")
    assert cfg.notes == ()


def test_named_playlist_and_default_playlist():
    assert config({"playlist": "rapat"}).scenes == ("peringkat",)
    assert config({"playlist": "rapat"}).region == "32.75"
    assert config({}).scenes == ("peta", "profil")
    assert config({}).interval == 20


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"scenes": "peta,kiamat"}, "unknown scenes ignored: kiamat"),
        ({"interval": "1"}, "interval limited"),
        ({"interval": "soon"}, "is not a number"),
        ({"region": "99.99"}, "region '99.99' unknown"),
        ({"playlist": "nope"}, "playlist 'nope' unknown"),
    ],
)
def test_bad_values_are_noted_and_replaced(query, note):
    cfg = config(query)
    assert any(note in n for n in cfg.notes), cfg.notes
    assert cfg.scenes
    assert 5 <= cfg.interval <= 600
    assert cfg.region in ("32.16", "32.75")


def test_only_unknown_scenes_falls_back_to_all():
    assert (
        config({"scenes": "x,y"}).scenes == ("peta", "profil")
        or config({"scenes": "x,y"}).scenes == DEFAULT_SCENES
    )


def test_shipped_playlists_load(tmp_path):
    from dashboard.config import SHIPPED_DATA_DIR

    playlists = load_playlists(SHIPPED_DATA_DIR / "wall_playlists.toml")
    assert "default" in playlists
    broken = tmp_path / "p.toml"
    broken.write_text("[playlists.x\n")
    with pytest.raises(DataError, match="playlist file cannot be read"):
        load_playlists(broken)
    assert load_playlists(tmp_path / "missing.toml") == {}
