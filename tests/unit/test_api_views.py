"""The API's pure side: validation, rows, paging, CSV and the OpenAPI document from one spec.

A small hand-made snapshot pins the behaviour; nothing depends on how many values of the shipped
sample are real (helpers change the bundled data).
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from dashboard.data.store.datasets import Dataset, empty_programme
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.api import openapi
from dashboard.data.views.api.answer import answer, links
from dashboard.data.views.api.query import ApiError, parse
from dashboard.data.views.api.rows import rows
from dashboard.data.views.api.spec import BY_NAME, ENDPOINTS, MAX_LIMIT, OPENAPI


@pytest.fixture
def snap(regions, framework) -> Snapshot:
    data = [
        ("32.16", "eco_poverty", 2023, 4.8, "BPS, tabel 192"),
        ("32.16", "eco_poverty", 2024, 4.6, "BPS, tabel 192"),
        ("32.75", "eco_poverty", 2024, 4.1, SYNTHETIC),
        ("32.16", "liv_stunting", 2024, 21.0, SYNTHETIC),
        ("11.01", "liv_stunting", 2024, 30.0, SYNTHETIC),
        ("32", "eco_poverty", 2024, 7.0, "BPS"),
    ]
    obs = pd.DataFrame(data, columns=["region_code", "indicator_id", "period", "value", "source"])
    obs["reference_date"] = ""
    obs["note"] = ["", "", "=HYPERLINK(1)", "", "", ""]
    return Snapshot(Dataset(None, obs, empty_programme()), regions, framework)


def q(snap, name, **args):
    return parse(BY_NAME[name], {k: [str(v)] for k, v in args.items()}, snap)


def test_observations_carry_source_synthetic_flag_and_version(snap):
    frame = rows(snap, q(snap, "observations", indicator="eco_poverty", period=2024))
    assert list(frame.columns) == [f.name for f in BY_NAME["observations"].fields(snap)]
    assert frame.set_index("region_code")["synthetic"].to_dict() == {
        "32": False,
        "32.16": False,
        "32.75": True,
    }
    assert set(frame["source"]) == {"BPS", "BPS, tabel 192", SYNTHETIC}


def test_observation_filters_combine(snap):
    assert len(rows(snap, q(snap, "observations", province="32"))) == 5
    assert len(rows(snap, q(snap, "observations", region="32.16", period=2024))) == 2
    assert len(rows(snap, q(snap, "observations"))) == 6


def test_unknown_indicator_names_the_parameter_and_lists_the_valid_ones(snap):
    with pytest.raises(ApiError) as caught:
        q(snap, "observations", indicator="eco_povrty")
    error = caught.value
    assert (error.status, error.parameter, error.code) == (400, "indicator", "unknown_value")
    assert "eco_poverty" in error.valid
    assert error.see == "/api/v1/indicators"


@pytest.mark.parametrize(
    ("args", "parameter", "code"),
    [
        ({"limit": ["0"]}, "limit", "out_of_range"),
        ({"limit": [str(MAX_LIMIT + 1)]}, "limit", "out_of_range"),
        ({"offset": ["-1"]}, "offset", "not_integer"),
        ({"limit": ["1e3"]}, "limit", "not_integer"),
        ({"period": ["1999"]}, "period", "unknown_value"),
        ({"region": ["99.99"]}, "region", "unknown_value_see"),
        ({"indicator": [""]}, "indicator", "empty_value"),
        ({"indicator": ["eco_poverty", "liv_hdi"]}, "indicator", "repeated_parameter"),
        ({"indikator": ["eco_poverty"]}, "indikator", "unknown_parameter"),
        ({"format": ["xml"]}, "format", "unknown_value"),
    ],
)
def test_bad_queries_are_refused_with_the_parameter(snap, args, parameter, code):
    with pytest.raises(ApiError) as caught:
        parse(BY_NAME["observations"], args, snap)
    assert (caught.value.parameter, caught.value.code) == (parameter, code)


def test_paging_links_walk_the_whole_answer(snap):
    query = q(snap, "observations", limit=4)
    page = links(query, 6)
    assert page["prev"] is None
    assert page["next"].endswith("limit=4&offset=4")
    assert page["last"].endswith("offset=4")
    second = q(snap, "observations", limit=4, offset=4)
    body = json.loads(answer(snap, second).body)
    assert (body["total"], body["count"], body["links"]["next"]) == (6, 2, None)
    assert body["links"]["prev"].endswith("offset=0")


def test_csv_has_every_row_without_limit_and_defuses_formulas(snap):
    result = answer(snap, q(snap, "observations", format="csv"))
    table = list(csv.DictReader(io.StringIO(result.body.decode())))
    assert len(table) == 6
    assert result.media_type == "text/csv"
    assert {row["synthetic"] for row in table} == {"true", "false"}
    assert "'=HYPERLINK(1)" in {row["note"] for row in table}


def test_indicators_follow_satu_data_metadata_and_count_coverage(snap):
    frame = rows(snap, q(snap, "indicators", period=2024, lang="id")).set_index("id")
    poverty = frame.loc["eco_poverty"]
    assert poverty["frequency"] == "tahunan"
    assert poverty["level"] == "kabupaten/kota"
    assert poverty["publisher"]
    assert poverty["definition"]
    assert poverty["unit"]
    assert (poverty["real_regions"], poverty["synthetic_regions"]) == (1, 1)
    assert poverty["latest_real_period"] == 2024


def test_scores_name_the_share_of_synthetic_inputs(snap):
    frame = rows(snap, q(snap, "scores", period=2024))
    assert list(frame.columns) == [f.name for f in BY_NAME["scores"].fields(snap)]
    shares = frame.set_index("region_code")["synthetic_share"]
    assert shares["32.16"] == 0.5  # one real, one synthetic scored value
    assert shares["11.01"] == 1.0
    assert frame.set_index("region_code")["real_inputs"]["32.16"] == 1
    provinces = rows(snap, q(snap, "scores", period=2024, level="province")).set_index(
        "region_code"
    )
    # a province counts its kab/kota's inputs and its own values
    assert (provinces.loc["32", "real_inputs"], provinces.loc["32", "synthetic_inputs"]) == (2, 2)
    assert frame.set_index("region_code")["synthetic"]["32.16"]


def test_openapi_document_declares_every_endpoint_and_parameter(snap):
    doc = openapi.document(snap, "en")
    assert doc["openapi"].startswith("3.")
    for endpoint in (*ENDPOINTS, OPENAPI):
        operation = doc["paths"][endpoint.path]["get"]
        assert [p["name"] for p in operation["parameters"]] == [p.name for p in endpoint.params]
        assert {"200", "304", "400", "401", "404", "429"} <= set(operation["responses"])
    indicator = doc["paths"]["/api/v1/observations"]["get"]["parameters"][0]
    assert "eco_poverty" in indicator["schema"]["enum"]
    assert "security" not in doc
    assert openapi.document(snap, "en", token_required=True)["security"] == [{"bearer": []}]
    assert json.dumps(doc)  # serialisable as it is
