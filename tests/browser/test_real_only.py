"""SAMPLE_FILL=0 in headless Chromium: the overview and the profile of 32.16 render with real values
only, explain the missing composite (which pillars lack which indicators), show no synthetic badge,
and switching to a real indicator (IPM) colours the map and hides the explanation. Console clean."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Server, screenshot, wait_for_dash

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own, seeded with real values only."""
    srv = Server(
        tmp_path_factory.mktemp("real-only") / "instance", env={"SAMPLE_FILL": "0"}
    ).start()
    yield srv
    srv.stop()


def test_overview_explains_the_missing_composite_then_shows_a_real_indicator(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    why = page.wait_for_selector("#why-missing")
    text = why.inner_text()
    assert "tidak tersedia untuk sebagian besar wilayah" in text
    assert "Smart Governance" in text
    assert "Indeks SPBE" in text
    assert not page.is_visible("#synthetic-badge")
    screenshot(page, "real-only-overview", full_page=False)
    page.goto(server.url + "/?indicator=liv_hdi")
    wait_for_dash(page)
    assert page.query_selector("#why-missing") is None
    coloured = page.evaluate(
        """() => {
            const gd = document.querySelector('#readiness-map .js-plotly-plot');
            return gd.data[1].z.flat().filter(v => v !== null).length;
        }"""
    )
    assert coloured == 514
    assert page.console_log.problems() == []


def test_profile_lists_the_pillars_without_score_in_english(page, server):
    page.goto(server.url + "/wilayah/32.16?lang=en")
    wait_for_dash(page)
    text = page.wait_for_selector("#why-missing").inner_text()
    assert "cannot be computed" in text
    assert "Smart Economy" in text
    assert "2 of 5 indicators" in text
    assert "Real GRDP growth" in text
    assert "Human Development Index" in page.inner_text("#page-body")
    assert page.console_log.problems() == []
