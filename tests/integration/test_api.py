"""/api/v1 through the Flask test client: every endpoint, CSV, paging, ETag/304, CORS, errors,
the token and the rate limit. Counts come from the snapshot, never hard-coded (helpers change the
bundled data).
"""

from __future__ import annotations

import csv
import gzip
import io

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.store.repository import SYNTHETIC
from dashboard.state import snapshot

TOKEN = "t0ken-for-tests-0123456789"


def _app(tmp_path_factory, name: str, **settings):
    config = Settings(DATA_DIR=tmp_path_factory.mktemp(name) / "instance", **settings)
    return create_app(config).server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    return _app(tmp_path_factory, "api", RATE_LIMIT_API="100000 per minute")


@pytest.fixture(scope="module")
def client(server):
    return server.test_client()


@pytest.fixture(scope="module")
def snap(server):
    with server.test_request_context("/"):
        return snapshot()


def test_regions_lists_every_region_with_codes(client, snap):
    body = client.get("/api/v1/regions?limit=20000").get_json()
    assert body["total"] == len(snap.regions.regions)
    assert {"32.16", "32"} <= {row["code"] for row in body["data"]}
    provinces = client.get("/api/v1/regions?level=province&limit=100").get_json()
    assert provinces["total"] == len(snap.regions.provinces)


def test_indicators_have_satu_data_metadata_in_both_languages(client, snap):
    body = client.get("/api/v1/indicators?lang=id").get_json()
    assert body["total"] == len(snap.framework.indicators)
    row = next(r for r in body["data"] if r["id"] == "eco_poverty")
    for key in ("name", "definition", "unit", "frequency", "publisher", "level", "direction"):
        assert row[key] not in ("", None), key
    assert row["frequency"] == "tahunan"
    english = client.get("/api/v1/indicators", headers={"Accept-Language": "en-US,en"})
    assert next(r for r in english.get_json()["data"] if r["id"] == "eco_poverty")["frequency"] == (
        "annual"
    )


def test_observations_flag_synthetic_values_from_their_source(client, snap):
    year = snap.periods[-1]
    body = client.get(f"/api/v1/observations?period={year}&limit=20000").get_json()
    obs = snap.observations
    assert body["total"] == int((obs["period"] == year).sum())
    assert body["dataset_version"] == snap.version
    for row in body["data"]:
        assert row["synthetic"] == (row["source"] == SYNTHETIC)
        assert row["dataset_version"] == snap.version
        assert row["period"] == year


def test_scores_for_regencies_and_provinces(client, snap):
    body = client.get("/api/v1/scores").get_json()
    assert body["total"] == len(snap.regions.regencies)
    assert {"composite", "maturity_level", "synthetic_share", "rank_national"} <= set(
        body["data"][0]
    )
    provinces = client.get("/api/v1/scores?level=province&province=32").get_json()
    assert [row["region_code"] for row in provinces["data"]] == ["32"]


def test_paging_follows_next_links_to_the_whole_answer(client):
    url = "/api/v1/observations?indicator=eco_poverty&limit=700"
    seen, total = [], None
    while url:
        response = client.get(url)
        body = response.get_json()
        total = body["total"]
        seen += [(r["region_code"], r["period"]) for r in body["data"]]
        assert response.headers["X-Total-Count"] == str(total)
        url = body["links"]["next"]
        if url:
            assert f'<{url}>; rel="next"' in response.headers["Link"]
    assert len(seen) == total == len(set(seen))


def test_csv_answer(client):
    response = client.get("/api/v1/observations?indicator=liv_hdi&format=csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert table
    assert set(table[0]) >= {"value", "source", "synthetic", "dataset_version"}
    assert response.headers["X-Total-Count"] == str(len(table))


def test_etag_gives_304_and_gzip_is_served_once_compressed(client):
    first = client.get("/api/v1/scores", headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.data).startswith(b"{")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/scores", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get("/api/v1/scores?lang=id", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_cors_preflight_and_headers_for_other_origins(client):
    pre = client.options(
        "/api/v1/observations",
        headers={
            "Origin": "https://portal.example.go.id",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in pre.headers["Access-Control-Allow-Headers"]
    response = client.get("/api/v1/regions", headers={"Origin": "https://portal.example.go.id"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/observations?indicator=nope", "indicator"),
        ("/api/v1/observations?period=1900", "period"),
        ("/api/v1/scores?level=kecamatan", "level"),
        ("/api/v1/regions?limit=0", "limit"),
        ("/api/v1/regions?colour=red", "colour"),
    ],
)
def test_bad_parameters_are_json_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter
    assert parameter in error["message"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_indicator_points_to_the_valid_ones(client):
    error = client.get("/api/v1/observations?indicator=nope&lang=id").get_json()["error"]
    assert "eco_poverty" in error["valid"]
    assert error["see"] == "/api/v1/indicators"
    assert "tidak dikenal" in error["message"]


def test_unknown_paths_and_methods_are_json(client):
    missing = client.get("/api/v1/nothing")
    assert missing.status_code == 404
    assert "/api/v1/openapi.json" in missing.get_json()["error"]["valid"]
    assert client.get("/api/v2/regions").status_code == 404
    post = client.post("/api/v1/regions", json={})
    assert post.status_code == 405
    assert post.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert post.get_json()["error"]["code"] == "method_not_allowed"


def test_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert set(doc["paths"]) >= {"/api/v1/regions", "/api/v1/observations", "/api/v1/scores"}


def test_api_hook_runs_before_the_security_hooks(server):
    from dashboard.security import auth
    from dashboard.web import api

    hooks = server.before_request_funcs[None]
    assert hooks.index(api._before) < hooks.index(auth._guard)


def test_token_is_required_when_set(tmp_path_factory):
    client = _app(tmp_path_factory, "api-token", API_TOKEN=TOKEN).test_client()
    missing = client.get("/api/v1/regions")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/regions", headers={"Authorization": "Bearer wrong"}).status_code == (
        401
    )
    ok = client.get("/api/v1/regions", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    assert "private" in ok.headers["Cache-Control"]
    assert client.options("/api/v1/regions").status_code == 204  # preflights carry no token
    doc = client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert doc.get_json()["security"] == [{"bearer": []}]


def test_api_is_closed_under_require_login_without_token(tmp_path_factory):
    client = _app(tmp_path_factory, "api-closed", REQUIRE_LOGIN=True).test_client()
    response = client.get("/api/v1/regions")
    assert response.status_code == 401
    assert "API_TOKEN" in response.get_json()["error"]["message"]


def test_rate_limit_answers_429_with_retry_after(tmp_path_factory):
    client = _app(tmp_path_factory, "api-limit", RATE_LIMIT_API="3 per minute").test_client()
    statuses = [client.get("/api/v1/regions?limit=1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/regions?limit=1")
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["error"]["code"] == "too_many"


def test_a_failure_is_json_500_without_traceback(client, monkeypatch):
    from dashboard.web import api

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api, "answer", broken)
    response = client.get("/api/v1/regions?offset=7")
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"]["code"] == "internal"
    assert "secret internals" not in response.get_data(as_text=True)
    assert body["request_id"] in body["error"]["message"]


def test_foreign_host_is_refused_before_the_api_answers(client):
    response = client.options("/api/v1/regions", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_head_answers_headers_without_a_body(client):
    response = client.head("/api/v1/regions?limit=2")
    assert response.status_code == 200
    assert response.headers["ETag"]
    assert response.data == b""
