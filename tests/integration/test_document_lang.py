"""``<html lang>`` of the first paint is the page's language (WCAG 3.1.1): ``?lang=`` on pages;
on the wall the URL's, else its playlist's, else ``DASHBOARD_LANG``. (After a language switch
without reload the browser updates it: tests/browser/test_a11y.py.)"""

from __future__ import annotations

import re

import pytest

from dashboard.app import create_app
from dashboard.config import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("document-lang")
    playlists = folder / "playlists.toml"
    playlists.write_text('[playlists.lobby]\nscenes = ["peta"]\nlang = "en"\n', encoding="utf-8")
    settings = Settings(DATA_DIR=folder / "instance", WALL_PLAYLISTS=playlists)
    return create_app(settings).server.test_client()


def _lang(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    tag = re.search(r"<html[^>]*>", response.get_data(as_text=True)).group(0)
    return re.search(r'lang="([^"]*)"', tag).group(1)


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        ("/", "id"),
        ("/?lang=en", "en"),
        ("/?lang=xx", "id"),
        ("/wilayah/32.16?lang=en", "en"),
        ("/tidak-ada?lang=en", "en"),
        ("/wall", "id"),
        ("/wall?lang=en", "en"),
        ("/wall?playlist=lobby", "en"),
        ("/wall?playlist=lobby&lang=id", "id"),
    ],
)
def test_first_paint_states_the_page_language(client, url, lang):
    assert _lang(client, url) == lang
