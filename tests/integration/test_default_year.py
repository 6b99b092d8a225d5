"""One default year: `/` without `period`, the region profile, exports and briefings agree.

The year is :func:`dashboard.data.views.periods.default_period` (the latest in which at least half
of the kab/kota have a composite score), never simply the newest year of the data.
"""

from __future__ import annotations

import re

import pytest

from dashboard import ids
from dashboard.charts import query
from dashboard.data.views.periods import default_period
from dashboard.exports.briefing.build import resolve_period
from tests.layout_tree import components


def _find(component, wanted: str):
    if getattr(component, "id", None) == wanted:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found = _find(child, wanted)
            if found is not None:
                return found
    return None


def _shown_years(app, client) -> dict[str, int]:
    from dashboard.pages import overview, region  # after the app registered its pages

    with app.server.test_request_context("/"):
        home = components(overview.layout())
        profile = components(region.layout(code="32.16"))
    csv = client.get("/export/data/peringkat.csv").headers["Content-Disposition"]
    pillars = client.get("/export/data/pilar.csv?kode=32.16").headers["Content-Disposition"]
    return {
        "/": _find(home, ids.PERIOD_SELECT).value,
        "/wilayah/32.16": _find(profile, ids.PROFILE_PERIOD).value,
        "peringkat.csv": int(re.search(r"_(\d{4})\.csv", csv).group(1)),
        "pilar.csv": int(re.search(r"_(\d{4})\.csv", pillars).group(1)),
    }


def test_without_period_every_view_shows_the_default_year(app, client):
    snap = app.server.config["REPOSITORY"].snapshot()
    expected = default_period(snap)
    assert set(_shown_years(app, client).values()) == {expected}
    assert resolve_period(snap, None) == expected  # the briefing deck


@pytest.mark.parametrize("year", [2019, 2022])
def test_the_overview_follows_the_default_rule_not_the_newest_year(app, client, monkeypatch, year):
    """With a default year older than the newest, `/` used to show the newest one."""
    monkeypatch.setattr(query, "default_period", lambda snap: year)
    assert set(_shown_years(app, client).values()) == {year}
