"""The query model: pages fall back quietly, exports refuse with a message naming what to use."""

from __future__ import annotations

import pytest

from dashboard.charts import query
from dashboard.charts.query import (
    CATALOGUE_KEYS,
    COMPARE_KEYS,
    OVERVIEW_KEYS,
    PERIOD,
    PROGRAMME_KEYS,
    REGION_KEYS,
    ExportError,
    resolve,
)
from dashboard.data.views.measures import COMPOSITE
from dashboard.data.views.periods import default_period

HOME = "32.16"


def test_missing_values_are_the_defaults_in_both_modes(snap):
    for strict in (False, True):
        got = resolve(snap, OVERVIEW_KEYS, {}, home=HOME, strict=strict)
        assert got.values == {
            "indicator": COMPOSITE,
            "period": default_period(snap),
            "province": "all",
            "mode": "tile",
        }
        assert got.rejected == ()


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_blank_means_the_default_not_a_bad_value(snap, blank):
    got = resolve(snap, (PERIOD,), {"period": blank}, home=HOME, strict=True)
    assert got["period"] == default_period(snap)
    assert got.ok("period")


def test_lenient_mode_falls_back_quietly_and_says_which_keys(snap):
    raw = {"indicator": "nope", "period": "abc", "province": "99", "mode": "geo"}
    got = resolve(snap, OVERVIEW_KEYS, raw, home=HOME)
    assert got.values == resolve(snap, OVERVIEW_KEYS, {}, home=HOME).values
    assert set(got.rejected) == {"indicator", "period", "province", "mode"}  # no boundaries


def test_lenient_mode_keeps_good_values_of_any_type(snap):
    got = resolve(snap, OVERVIEW_KEYS, {"indicator": "eco_poverty", "period": 2019}, home=HOME)
    assert (got["indicator"], got["period"]) == ("eco_poverty", 2019)
    assert resolve(snap, PROGRAMME_KEYS, {"kohort": 2022}, home=HOME)["kohort"] == 2022
    assert resolve(snap, REGION_KEYS, {"kode": "3216"}, home=HOME)["kode"] == "32.16"


def test_a_bad_year_falls_back_to_the_default_year_not_the_newest(snap, monkeypatch):
    monkeypatch.setattr(query, "default_period", lambda snap: 2020)
    for raw in ("abc", "1999", None):
        assert query.period_of(snap, raw) == 2020


@pytest.mark.parametrize(
    ("keys", "raw", "reason", "names"),
    [
        (OVERVIEW_KEYS, {"period": "1999"}, "bad_period", ["2018", "2024"]),
        (OVERVIEW_KEYS, {"period": "abc"}, "bad_period", ["2018"]),
        (OVERVIEW_KEYS, {"indicator": "nope"}, "bad_indicator", ["composite"]),
        (OVERVIEW_KEYS, {"province": "32.16"}, "bad_province", ["'all'"]),
        (OVERVIEW_KEYS, {"mode": "3d"}, "bad_mode", ["'tile'", "'geo'"]),
        (OVERVIEW_KEYS, {"mode": "geo"}, "no_boundaries", ["mode=tile"]),
        (REGION_KEYS, {"kode": "32"}, "bad_region", ["32.16", "3216"]),
        (COMPARE_KEYS, {"kode": "32.16"}, "too_few_regions", ["two to six"]),
        (CATALOGUE_KEYS, {"indikator": "nope"}, "bad_catalogue_indicator", ["/indikator"]),
        (PROGRAMME_KEYS, {"kohort": "1990"}, "bad_cohort", ["'all'", "2017", "2022"]),
    ],
)
def test_strict_mode_raises_an_export_error_naming_the_valid_values(snap, keys, raw, reason, names):
    with pytest.raises(ExportError, match=reason) as raised:
        resolve(snap, keys, raw, home=HOME, strict=True)
    assert raised.value.status == 400
    message = raised.value.message("en")
    for name in names:
        assert name in message, message


def test_compare_page_keeps_what_it_can(snap):
    choice = query.compare_choice(snap, None, HOME)
    assert choice.codes == tuple(query.default_compare_codes(HOME))
    assert query.compare_choice(snap, [], HOME).codes == ()  # an emptied selection
    mixed = query.compare_choice(snap, "32.16,99.99,32.75", HOME)
    assert (mixed.codes, mixed.unknown) == (("32.16", "32.75"), ("99.99",))


def test_defaults_as_they_appear_in_urls(snap):
    assert query.defaults(snap, COMPARE_KEYS, home=HOME) == {
        "kode": "32.16,32.75,32.15",
        "period": default_period(snap),
    }


def test_lang_is_strict_for_exports():
    assert query.read_lang(None, "en") == "en"
    assert query.read_lang("id", "en") == "id"
    with pytest.raises(ExportError, match="bad_lang"):
        query.read_lang("fr", "id")


def test_links_keep_the_language():
    assert query.href("/", "id") == "/"
    assert (
        query.href("/bandingkan", "en", kode="32.16,32.75")
        == "/bandingkan?lang=en&kode=32.16,32.75"
    )
