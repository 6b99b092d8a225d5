"""The menu button is named in the page's language (dbc's own toggler says "Toggle navigation")."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.components.shell import navbar_toggler
from dashboard.pages.common import toggle_navbar


@pytest.mark.parametrize(
    ("lang", "name"),
    [("id", "Buka atau tutup menu navigasi"), ("en", "Open or close the navigation menu")],
)
def test_the_toggler_is_named_in_the_page_language(lang, name):
    props = navbar_toggler(lang).to_plotly_json()["props"]
    assert props["aria-label"] == name
    assert props["aria-controls"] == ids.NAVBAR_COLLAPSE
    assert props["aria-expanded"] == "false"
    assert "navbar-toggler" in props["className"]


def test_the_toggler_says_whether_the_menu_is_open():
    assert toggle_navbar(1, False) == (True, "true")
    assert toggle_navbar(2, True) == (False, "false")
