"""The profile's what-if callback over HTTP: a values-only answer computed with the scoring code."""

from __future__ import annotations

import pytest

from dashboard import ids
from tests.integration.conftest import dash_post, router_body

OUTPUTS = [
    (ids.WHATIF_VALUE, "value"),
    (ids.WHATIF_SLIDER, "value"),
    (ids.WHATIF_SLIDER, "min"),
    (ids.WHATIF_SLIDER, "max"),
    (ids.WHATIF_SLIDER, "step"),
    (ids.WHATIF_VALUE, "step"),
    (ids.WHATIF_UNIT, "children"),
    (ids.WHATIF_NOW, "children"),
    (ids.WHATIF_COMPOSITE, "children"),
    (ids.WHATIF_DELTA, "children"),
    (ids.WHATIF_DELTA, "className"),
    (ids.WHATIF_LEVEL, "children"),
    (ids.WHATIF_RANK, "children"),
    (ids.WHATIF_MESSAGE, "children"),
    (ids.WHATIF_SYNTHETIC, "className"),
    *((b, "children") for b in ids.WHATIF_TARGET_BUTTONS.values()),
    *((b, "disabled") for b in ids.WHATIF_TARGET_BUTTONS.values()),
]
KEY = ".." + "...".join(f"{i}.{p}" for i, p in OUTPUTS) + ".."


def post(client, indicator, typed, slid, changed, lang="id"):
    inputs = [
        {"id": ids.WHATIF_INDICATOR, "property": "value", "value": indicator},
        {"id": ids.WHATIF_VALUE, "property": "value", "value": typed},
        {"id": ids.WHATIF_SLIDER, "property": "value", "value": slid},
        *(
            {"id": b, "property": "n_clicks", "value": 0}
            for b in ids.WHATIF_TARGET_BUTTONS.values()
        ),
    ]
    context = {"code": "32.16", "period": 2024, "lang": lang}
    return dash_post(
        client,
        KEY,
        inputs,
        state=[{"id": ids.WHATIF_CONTEXT, "property": "data", "value": context}],
        outputs=[{"id": i, "property": p} for i, p in OUTPUTS],
        changed=[changed],
    )


def test_profile_has_the_levers(client):
    body = client.post("/_dash-update-component", json=router_body("/wilayah/32.16")).get_data(
        as_text=True
    )
    assert ids.PROFILE_LEVERS in body
    assert "Pengungkit perbaikan" in body
    assert ids.WHATIF_SLIDER in body


def test_typed_value_gives_composite_level_rank(client):
    answer = post(client, "eco_poverty", 1.5, 4.8, f"{ids.WHATIF_VALUE}.value")
    assert answer.status_code == 200, answer.data[:300]
    body = answer.get_json()["response"]
    assert body[ids.WHATIF_COMPOSITE]["children"] == "65,43"
    assert body[ids.WHATIF_DELTA]["children"] == "+0,15"
    assert body[ids.WHATIF_RANK]["children"].startswith("56 dari 514")
    assert body[ids.WHATIF_SLIDER]["value"] == 1.5  # the slider follows
    assert ids.WHATIF_UNIT not in body  # values only: ranges and unit unchanged
    assert len(answer.data) < 1_000


def test_indicator_choice_resets_to_the_current_value(client):
    answer = post(client, "liv_hdi", None, None, f"{ids.WHATIF_INDICATOR}.value", lang="en")
    body = answer.get_json()["response"]
    assert body[ids.WHATIF_VALUE]["value"] == body[ids.WHATIF_SLIDER]["value"]
    assert body[ids.WHATIF_DELTA]["children"] in ("0.00", "+0.00", "−0.00")
    assert "current value" in body[ids.WHATIF_NOW]["children"]


def test_bad_value_is_a_message(client):
    answer = post(client, "liv_water", 250, 90, f"{ids.WHATIF_VALUE}.value")
    body = answer.get_json()["response"]
    assert "di luar batas" in body[ids.WHATIF_MESSAGE]["children"]
    assert ids.WHATIF_COMPOSITE not in body


def test_target_button_puts_the_target_in(client):
    start = post(client, "gov_spbe", None, None, f"{ids.WHATIF_INDICATOR}.value")
    labels = start.get_json()["response"]
    best = ids.WHATIF_TARGET_BUTTONS["province_best"]
    assert labels[best]["children"] == "Terbaik di provinsi: 4,14"
    assert labels[best]["disabled"] is False
    answer = post(client, "gov_spbe", 3.68, 3.68, f"{best}.n_clicks")
    body = answer.get_json()["response"]
    assert body[ids.WHATIF_VALUE]["value"] == pytest.approx(4.14)
    assert body[ids.WHATIF_SLIDER]["value"] == pytest.approx(4.14)
    assert body[ids.WHATIF_DELTA]["children"] == "+0,39"  # as the levers list says
    assert best not in body  # labels only change with the indicator


def test_empty_value_asks_for_a_number(client):
    answer = post(client, "liv_hdi", None, 70, f"{ids.WHATIF_VALUE}.value", lang="en")
    body = answer.get_json()["response"]
    assert body[ids.WHATIF_MESSAGE]["children"] == "Type a target value (a number)."
