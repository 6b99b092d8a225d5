"""The `/admin` page over HTTP: who may use it, uploads, the bad corpus, import, rollback, XSS, R2.

Callbacks are posted the way the Dash renderer posts them (``/_dash-update-component``), by users
logged in through the real ``/login`` form. The store is compared byte for byte where nothing may
change.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib
import json
import threading
from pathlib import Path

import geopandas as gpd
import plotly
import pytest
from shapely.geometry import box

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.errors import Problem, Report
from dashboard.data.imports import uploads
from dashboard.data.imports.indicators import import_indicators
from dashboard.data.imports.tables import validate_file
from dashboard.data.store.datasets import DataStore
from dashboard.data.store.versions import read_audit
from dashboard.i18n import t
from dashboard.security import auth
from dashboard.security.limits import RateLimits
from tests.integration.auth_helpers import add_user, dash_headers, login
from tests.unit.test_bad_corpus import BAD_DIR, CASES, case_options

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"
PASSWORD = "a-long-test-password"
MAX_MB = 2.0  # small, so the 413 test sends a few MB and not 67
XSS = "<script>alert(1)</script>"


# ---------------------------------------------------------------------------- fixtures / helpers


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(
        DATA_DIR=tmp_path_factory.mktemp("admin") / "instance",
        MAX_UPLOAD_MB=MAX_MB,
        RATE_LIMIT_UPLOAD="10000 per hour",
        RATE_LIMIT_LOGIN="10000 per hour",  # these tests log in often; the limit has its own tests
        COOKIE_SECURE=False,
    )


@pytest.fixture(scope="module")
def app(settings):
    app = create_app(settings)
    for name, role in (("eddie", "editor"), ("vera", "viewer"), ("ada", "admin")):
        add_user(settings, name, role, PASSWORD)
    app.server.test_client().get("/")  # Dash sets up pages and callbacks on the first request
    return app


@pytest.fixture(scope="module")
def page(app):
    return importlib.import_module("dashboard.pages.admin")


def client_as(app, name: str | None):
    client = app.server.test_client()
    if name is not None:
        login(client, name, PASSWORD)
    return client


@pytest.fixture(scope="module")
def editor(app):
    return client_as(app, "eddie")


def store_state(data_dir: Path) -> dict[str, str]:
    """sha256 of every file of both stores and of the audit log (the lock file aside)."""
    state = {}
    for sub in ("dataset", "boundaries"):
        for path in sorted((data_dir / sub).rglob("*")):
            if path.is_file() and path.name != ".lock":
                state[str(path.relative_to(data_dir))] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    audit = data_dir / "audit.jsonl"
    state["audit.jsonl"] = hashlib.sha256(audit.read_bytes()).hexdigest() if audit.exists() else ""
    return state


def _callback(app, input_id: str) -> tuple[str, dict]:
    found = [
        (key, spec)
        for key, spec in app.callback_map.items()
        if any(dep["id"] == input_id for dep in spec["inputs"])
    ]
    assert len(found) == 1, (input_id, [k for k, _ in found])
    return found[0]


def _output(part: str) -> dict:
    ident, prop = part.rsplit(".", 1)
    return {"id": ident, "property": prop}


def post(app, client, trigger: str, values: dict[str, object]):
    """POST the callback whose input is ``trigger`` ("id.prop") with ``values`` by "id.prop"."""
    key, spec = _callback(app, trigger.split(".")[0])
    outputs = (
        [_output(p) for p in key.strip(".").split("...")] if key.startswith("..") else _output(key)
    )

    def deps(items):
        return [
            {
                "id": d["id"],
                "property": d["property"],
                "value": values.get(f"{d['id']}.{d['property']}"),
            }
            for d in items
        ]

    body = {
        "output": key,
        "outputs": outputs,
        "inputs": deps(spec["inputs"]),
        "state": deps(spec["state"]),
        "changedPropIds": [trigger],
    }
    return client.post("/_dash-update-component", json=body, headers=dash_headers(client))


def response_of(resp) -> dict[str, dict]:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    body = resp.get_json()["response"]
    # outputs declared with allow_duplicate come back as "prop@hash"
    return {
        ident: {prop.split("@")[0]: value for prop, value in props.items()}
        for ident, props in body.items()
    }


def data_url(raw: bytes, mime: str = "application/octet-stream") -> str:
    return f"data:{mime};base64," + base64.b64encode(raw).decode()


def upload(
    app, client, raw: bytes, name: str, *, kind="indicators", level="regency", sheet=None, lang="id"
):
    return post(
        app,
        client,
        "admin-upload.contents",
        {
            "admin-upload.contents": data_url(raw),
            "admin-upload.filename": name,
            "admin-kind.value": kind,
            "admin-level.value": level,
            "admin-sheet.value": sheet,
            "admin-lang.data": lang,
        },
    )


def import_staged(app, client, staged, *, mode="merge", lang="id"):
    return post(
        app,
        client,
        "admin-import.n_clicks",
        {
            "admin-import.n_clicks": 1,
            "admin-staged.data": staged,
            "admin-mode.value": mode,
            "admin-lang.data": lang,
        },
    )


def text_of(node) -> str:
    """All strings of a component tree (as serialised JSON), joined."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(json.dumps(node, cls=plotly.utils.PlotlyJSONEncoder)))
    return " ".join(found)


def render_page(app, client, path="/admin", search=""):
    """The page router's answer for ``path``, as the browser asks for it."""
    return post(
        app,
        client,
        "_pages_location.pathname",
        {"_pages_location.pathname": path, "_pages_location.search": search},
    )


# ---------------------------------------------------------------------------- who may use it


def test_admin_page_is_for_editors_and_admins_only(app):
    anonymous = app.server.test_client().get("/admin", headers={"Accept": "text/html"})
    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["Location"].startswith("/login")
    assert client_as(app, "vera").get("/admin", headers={"Accept": "text/html"}).status_code == 403
    for name in ("eddie", "ada"):
        assert client_as(app, name).get("/admin").status_code == 200


def test_page_router_gives_the_workspace_to_editors_only(app, settings):
    for name in (None, "vera"):
        response = render_page(app, client_as(app, name))
        assert response.status_code in (401, 403)
        assert b"admin-upload" not in response.data
    layout = response_of(render_page(app, client_as(app, "eddie")))
    content = json.dumps(layout)
    assert '"admin-upload"' in content
    assert f'"max_size": {settings.max_upload_bytes}' in content
    assert t("admin.title", "id") in text_of(layout)
    english = response_of(render_page(app, client_as(app, "eddie"), "/admin", "?lang=en"))
    assert "Manage data" in text_of(english)
    assert "Import as new version" in text_of(english)


def _as(monkeypatch, page, user: auth.User | None) -> None:
    monkeypatch.setattr(auth, "current_user", lambda: user)
    monkeypatch.setattr(page, "current_user", lambda: user)


@pytest.mark.parametrize("user", [None, auth.User("vera", "viewer")], ids=["anonymous", "viewer"])
def test_layout_itself_shows_only_a_login_prompt_below_editor(app, page, monkeypatch, user):
    _as(monkeypatch, page, user)
    with app.server.test_request_context("/admin"):
        layout = page.layout()
    text = text_of(layout)
    assert t("admin.login_required_title", "id") in text
    assert "admin-upload" not in json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder)
    assert "admin-versions" not in json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder)


def _staged_good_file(app, editor) -> dict:
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    staged = response_of(upload(app, editor, raw, "baik.csv"))["admin-staged"]["data"]
    assert staged["ok"] is True
    return staged


def _attempts(staged: dict) -> list[tuple[str, dict]]:
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    return [
        (
            "admin-upload.contents",
            {
                "admin-upload.contents": data_url(raw),
                "admin-upload.filename": "x.csv",
                "admin-kind.value": "indicators",
            },
        ),
        ("admin-import.n_clicks", {"admin-import.n_clicks": 1, "admin-staged.data": staged}),
        (
            "admin-rollback-dataset.n_clicks",
            {"admin-rollback-dataset.n_clicks": 1, "admin-versions.selectedRows": [{"version": 1}]},
        ),
        (
            "admin-rollback-confirm.n_clicks",
            {
                "admin-rollback-confirm.n_clicks": 1,
                "admin-rollback-pending.data": {"kind": "dataset", "version": 1},
            },
        ),
        (
            "admin-report-download.n_clicks",
            {"admin-report-download.n_clicks": 1, "admin-staged.data": staged},
        ),
        ("admin-import-done.data", {"admin-import-done.data": 99}),
        ("admin-kind.value", {"admin-kind.value": "boundaries"}),
        ("admin-alerts-check.n_clicks", {"admin-alerts-check.n_clicks": 1}),
        (
            "admin-alerts-save.n_clicks",
            {"admin-alerts-save.n_clicks": 1, "admin-alerts-text.value": "[[rule]]\n"},
        ),
    ]


@pytest.mark.parametrize("name", [None, "vera"], ids=["anonymous", "viewer"])
def test_direct_posts_to_every_admin_callback_are_refused(app, editor, settings, name):
    staged = _staged_good_file(app, editor)
    client = client_as(app, name)
    before = store_state(settings.DATA_DIR)
    staged_names = sorted(p.name for p in uploads.uploads_dir(settings.DATA_DIR).iterdir())
    attempts = _attempts(staged)
    tried = {_callback(app, trigger.split(".")[0])[0] for trigger, _ in attempts}
    server_side = {
        k for k, spec in app.callback_map.items() if "admin-" in k and spec.get("callback")
    }
    assert tried == server_side  # every server-side admin callback is attempted
    for trigger, values in attempts:
        response = post(app, client, trigger, values)
        assert response.status_code in (401, 403), (trigger, response.status_code)
        assert b"Traceback" not in response.data
    assert store_state(settings.DATA_DIR) == before
    assert sorted(p.name for p in uploads.uploads_dir(settings.DATA_DIR).iterdir()) == staged_names


@pytest.mark.parametrize("user", [None, auth.User("vera", "viewer")], ids=["anonymous", "viewer"])
def test_callbacks_check_the_role_themselves(app, page, editor, settings, monkeypatch, user):
    """Behind the request guard, each callback refuses on its own (defence in depth)."""
    staged = _staged_good_file(app, editor)
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    before = store_state(settings.DATA_DIR)
    staged_names = sorted(p.name for p in uploads.uploads_dir(settings.DATA_DIR).iterdir())
    denied = t("admin.permission_denied", "id")
    _as(monkeypatch, page, user)
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        result = page.upload.validate_upload(
            data_url(raw), None, "x.csv", "indicators", "regency", None, "id"
        )
        assert denied in text_of(result[-1])
        assert all(r is dash_no_update() for r in result[:-1])
        result = page.upload.import_staged_file(1, staged, "merge", "id")
        assert denied in text_of(result[0])
        result = page.versions.ask_rollback(1, None, None, [{"version": 1}], None, "id")
        assert result[0] is False
        assert denied in text_of(result[-1])
        result = page.versions.confirm_rollback(1, {"kind": "dataset", "version": 1}, "id")
        assert result[0] is False
        assert denied in text_of(result[1])
        assert page.report.download_report(1, staged, "id") is dash_no_update()
        assert all(r is dash_no_update() for r in page.versions.refresh_tables(1, None, "id"))
    assert store_state(settings.DATA_DIR) == before
    assert sorted(p.name for p in uploads.uploads_dir(settings.DATA_DIR).iterdir()) == staged_names


def dash_no_update():
    from dash import no_update

    return no_update


# ---------------------------------------------------------------------------- size and rate limits


def test_oversized_upload_is_answered_413_with_a_message(app, editor, settings):
    before = store_state(settings.DATA_DIR)
    raw = b"x" * (settings.max_request_bytes + 1)  # base64 makes it 4/3 of that
    response = upload(app, editor, raw, "besar.csv")
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "MAX_UPLOAD_MB" in text
    assert f"{MAX_MB:g} MB" in text
    assert "Traceback" not in text
    assert store_state(settings.DATA_DIR) == before


def test_file_above_the_limit_but_within_the_request_is_reported_like_the_cli(
    app, editor, settings
):
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    raw += b"\n" * (settings.max_upload_bytes + 10 - len(raw))
    out = response_of(upload(app, editor, raw, "besar.csv"))
    rows = out["admin-problems"]["rowData"]
    assert [r["code"] for r in rows] == ["importer.too_large"]
    assert out["admin-staged"]["data"]["ok"] is False


def test_upload_page_has_the_size_limit_in_the_browser_too(app, editor, settings):
    layout = json.dumps(response_of(render_page(app, editor)))
    assert f'"data-max-bytes": "{settings.max_upload_bytes}"' in layout
    assert "{limit}" in layout  # the too-large message template for assets/40-admin.js


def test_uploads_are_rate_limited_with_a_friendly_message(app, editor, settings, monkeypatch):
    tight = RateLimits(dataclasses.replace(settings, RATE_LIMIT_UPLOAD="2 per hour"))
    tight.reset()  # counters are shared host-wide: forget this module's earlier uploads
    monkeypatch.setitem(app.server.extensions, "kc_rate_limits", tight)
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    for _ in range(2):
        assert response_of(upload(app, editor, raw, "a.csv"))["admin-staged"]["data"]["ok"]
    staged_names = sorted(p.name for p in uploads.uploads_dir(settings.DATA_DIR).iterdir())
    out = response_of(upload(app, editor, raw, "a.csv"))
    assert "admin-staged" not in out
    assert "Terlalu banyak unggahan" in text_of(out["admin-upload-note"])
    assert sorted(p.name for p in uploads.uploads_dir(settings.DATA_DIR).iterdir()) == staged_names


# ---------------------------------------------------------------------------- the bad corpus


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_corpus_through_the_upload_page(
    app, editor, settings, regions, framework, name, monkeypatch
):
    """Each broken file: its specific problems in the report, import refused, store unchanged."""
    options = case_options(name)
    limits = options["limits"]
    monkeypatch.setitem(
        app.server.config,
        "SETTINGS",
        dataclasses.replace(
            settings,
            MAX_UPLOAD_MB=min(MAX_MB, (limits.max_bytes + 0.5) / 1024 / 1024),
            MAX_IMPORT_ROWS=limits.max_rows,
        ),
    )
    before = store_state(settings.DATA_DIR)
    raw = (BAD_DIR / name).read_bytes()
    out = response_of(upload(app, editor, raw, name, sheet=options["sheet"], lang="en"))
    rows = out["admin-problems"]["rowData"]
    found = {(r["code"], r["row"], r["column"] or None) for r in rows if r["level"] == "error"}
    for expected in CASES[name]:
        assert (expected.key, expected.row, expected.column) in found, rows
    # the same messages as the CLI's validation of the same file
    cli = validate_file(BAD_DIR / name, regions=regions, framework=framework, **options)
    assert [r["reason"] for r in rows] == [p.reason("en") for p in cli.report.problems]
    staged = out["admin-staged"]["data"]
    assert staged["ok"] is False
    assert "REJECTED" in text_of(out["admin-report-summary"])
    refused = response_of(import_staged(app, editor, staged))
    assert "admin-import-done" not in refused
    assert t("admin.import_rejected", "id", message="") in text_of(refused["admin-import-result"])
    assert store_state(settings.DATA_DIR) == before


# ---------------------------------------------------------------------------- import and rollback


def test_import_via_the_page_creates_a_version_by_the_logged_in_user(app, editor, settings):
    store = DataStore(settings.DATA_DIR)
    before = store.dataset.current().version
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    out = response_of(upload(app, editor, raw, "laporan 2024.csv"))
    assert t("admin.report_ok", "id", file="laporan 2024.csv") in text_of(
        out["admin-report-summary"]
    )
    done = response_of(import_staged(app, editor, out["admin-staged"]["data"]))
    version = done["admin-import-done"]["data"]
    assert version == before + 1
    assert done["admin-staged"]["data"]["imported"] == version
    assert f"versi dataset {version}" in text_of(done["admin-import-result"])
    manifest = store.dataset.manifest(version)
    assert (manifest.who, manifest.source_file) == ("eddie", "laporan 2024.csv")
    assert manifest.source_sha256 == hashlib.sha256(raw).hexdigest()
    assert store.dataset.current().version == version
    event = read_audit(settings.DATA_DIR)[-1]
    assert (event["action"], event["who"], event["version"], event["file"]) == (
        "import",
        "eddie",
        version,
        "laporan 2024.csv",
    )
    assert app.server.test_client().get("/healthz").get_json()["dataset_version"] == version
    tables = response_of(
        post(app, editor, "admin-import-done.data", {"admin-import-done.data": version})
    )
    top = tables["admin-versions"]["rowData"][0]
    assert (top["version"], top["who"], top["file"]) == (version, "eddie", "laporan 2024.csv")
    assert top["active"] == t("admin.active_mark", "id")
    assert top["sha256"] == manifest.source_sha256[:12]
    audit_top = tables["admin-audit"]["rowData"][0]
    assert (audit_top["action"], audit_top["who"], audit_top["version"]) == (
        "impor",
        "eddie",
        version,
    )
    # the same file cannot be imported twice from the same upload
    again = response_of(import_staged(app, editor, out["admin-staged"]["data"]))
    assert "admin-import-done" not in again
    assert store.dataset.current().version == version


def test_rollback_through_the_confirmation_dialog(app, editor, settings):
    store = DataStore(settings.DATA_DIR)
    latest = store.dataset.current().version
    if latest == 1:
        _import_good(app, editor)
        latest = store.dataset.current().version
    asked = response_of(
        post(
            app,
            editor,
            "admin-rollback-dataset.n_clicks",
            {
                "admin-rollback-dataset.n_clicks": 1,
                "admin-versions.selectedRows": [{"version": 1, "id": "1"}],
                "admin-lang.data": "en",
            },
        )
    )
    assert asked["admin-rollback-modal"]["is_open"] is True
    assert "Make dataset version 1" in asked["admin-rollback-question"]["children"]
    assert asked["admin-rollback-pending"]["data"] == {"kind": "dataset", "version": 1}
    assert store.dataset.current().version == latest  # asking changes nothing
    cancelled = response_of(
        post(app, editor, "admin-rollback-cancel.n_clicks", {"admin-rollback-cancel.n_clicks": 1})
    )
    assert cancelled["admin-rollback-modal"]["is_open"] is False
    confirmed = response_of(
        post(
            app,
            editor,
            "admin-rollback-confirm.n_clicks",
            {
                "admin-rollback-confirm.n_clicks": 1,
                "admin-rollback-pending.data": {"kind": "dataset", "version": 1},
                "admin-lang.data": "en",
            },
        )
    )
    assert confirmed["admin-rollback-modal"]["is_open"] is False
    assert f"now 1 (was {latest})" in text_of(confirmed["admin-rollback-result"])
    assert store.dataset.current().version == 1
    event = read_audit(settings.DATA_DIR)[-1]
    assert (event["action"], event["who"], event["version"], event["previous"]) == (
        "rollback",
        "eddie",
        1,
        latest,
    )
    assert app.server.test_client().get("/healthz").get_json()["dataset_version"] == 1
    tables = response_of(
        post(app, editor, "admin-rollback-done.data", {"admin-rollback-done.data": "x"})
    )
    active = [r["version"] for r in tables["admin-versions"]["rowData"] if r["active"]]
    assert active == [1]
    assert tables["admin-audit"]["rowData"][0]["action"] == "pulihkan"
    # roll forward the same way
    response_of(
        post(
            app,
            editor,
            "admin-rollback-confirm.n_clicks",
            {
                "admin-rollback-confirm.n_clicks": 2,
                "admin-rollback-pending.data": {"kind": "dataset", "version": latest},
            },
        )
    )
    assert store.dataset.current().version == latest


def test_rollback_asks_for_a_selection_and_refuses_the_active_version(app, editor, settings):
    current = DataStore(settings.DATA_DIR).dataset.current().version
    for rows, key in (([], "admin.rollback_pick"), ([{"version": current}], "admin.rollback_same")):
        out = response_of(
            post(
                app,
                editor,
                "admin-rollback-dataset.n_clicks",
                {"admin-rollback-dataset.n_clicks": 1, "admin-versions.selectedRows": rows},
            )
        )
        assert out["admin-rollback-modal"]["is_open"] is False
        assert t(key, "id", version=current) in text_of(out["admin-rollback-result"])


def _import_good(app, client, name="baik.csv", file="long_comma_utf8.csv") -> int:
    raw = (GOOD / file).read_bytes()
    staged = response_of(upload(app, client, raw, name))["admin-staged"]["data"]
    return response_of(import_staged(app, client, staged))["admin-import-done"]["data"]


def test_import_refuses_a_file_changed_after_validation(app, editor, settings):
    staged = _staged_good_file(app, editor)
    meta = uploads.load_staged(settings.DATA_DIR, staged["token"])
    path = meta.path(settings.DATA_DIR)
    path.write_bytes(path.read_bytes().replace(b"2024", b"2023"))
    before = store_state(settings.DATA_DIR)
    out = response_of(import_staged(app, editor, staged))
    assert "sha256" in text_of(out["admin-import-result"])
    assert "admin-import-done" not in out
    assert store_state(settings.DATA_DIR) == before


@pytest.mark.parametrize("token", ["../../dataset", "0" * 32, "", None, "A" * 32])
def test_import_refuses_unknown_or_malformed_tokens(app, editor, settings, token):
    before = store_state(settings.DATA_DIR)
    out = response_of(import_staged(app, editor, {"token": token, "ok": True}))
    assert "admin-import-done" not in out
    assert store_state(settings.DATA_DIR) == before


def test_import_of_another_users_upload_is_refused(app, editor, settings):
    staged = _staged_good_file(app, editor)
    before = store_state(settings.DATA_DIR)
    out = response_of(import_staged(app, client_as(app, "ada"), staged))
    assert "admin-import-done" not in out
    assert store_state(settings.DATA_DIR) == before


def test_two_imports_at_once_are_serialised(app, settings):
    """Both land as consecutive versions and the second merges onto the first: no lost update."""
    store = DataStore(settings.DATA_DIR)
    clients = [client_as(app, "eddie"), client_as(app, "ada")]
    files = ["long_comma_utf8.csv", "province_codes.csv"]
    staged = [
        response_of(upload(app, c, (GOOD / f).read_bytes(), f))["admin-staged"]["data"]
        for c, f in zip(clients, files, strict=True)
    ]
    before = store.dataset.current().version
    results: list = [None, None]
    barrier = threading.Barrier(2)

    def run(i):
        barrier.wait()
        results[i] = response_of(import_staged(app, clients[i], staged[i]))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    versions = sorted(r["admin-import-done"]["data"] for r in results)
    assert versions == [before + 1, before + 2]
    final = store.load(before + 2)
    bases = sorted(store.dataset.manifest(v).info["base_version"] for v in versions)
    assert bases == [before, before + 1]
    keys = set(
        zip(final.observations["region_code"], final.observations["indicator_id"], strict=True)
    )
    for f in files:
        mine = validate_file(
            GOOD / f,
            regions=app.server.config["REPOSITORY"].regions,
            framework=app.server.config["REPOSITORY"].framework,
        ).observations
        assert set(zip(mine["region_code"], mine["indicator_id"], strict=True)) <= keys


# ---------------------------------------------------------------------------- report download


def test_report_download_is_the_cli_report_with_formulas_defused(app, editor):
    raw = b'kode_wilayah,indikator,tahun,nilai\n32.16,gov_spbe,2024,=HYPERLINK("x")\n'
    staged = response_of(upload(app, editor, raw, "rumus.csv"))["admin-staged"]["data"]
    out = response_of(
        post(
            app,
            editor,
            "admin-report-download.n_clicks",
            {
                "admin-report-download.n_clicks": 1,
                "admin-staged.data": staged,
                "admin-lang.data": "en",
            },
        )
    )
    download = out["admin-report-file"]["data"]
    assert download["filename"] == "report-rumus.csv"
    lines = download["content"].lstrip("\ufeff").splitlines()
    assert lines[0] == "severity,file,row,column,value,code,reason"
    assert "'=HYPERLINK" in download["content"]
    assert any("importer.not_a_number" in line for line in lines[1:])


# ---------------------------------------------------------------------------- boundaries


def _squares(regions, codes, labels=None) -> gpd.GeoDataFrame:
    """Small squares around the regions' points, labelled with ``labels`` (default: the codes)."""
    points = regions.regions.set_index("code")
    geoms = [
        box(points.loc[c, "lon"] - 0.03, points.loc[c, "lat"] - 0.03,
            points.loc[c, "lon"] + 0.03, points.loc[c, "lat"] + 0.03)
        for c in codes
    ]  # fmt: skip
    return gpd.GeoDataFrame({"code": labels or codes}, geometry=geoms, crs="EPSG:4326")


def test_boundaries_validate_import_and_roll_back_through_the_page(
    app, editor, settings, regions, tmp_path
):
    store = DataStore(settings.DATA_DIR)
    bad = _squares(regions, ["32.16", "32.75"], ["32.16", "32.99"])
    bad.to_file(tmp_path / "bad.geojson")
    before = store_state(settings.DATA_DIR)
    out = response_of(
        upload(
            app,
            editor,
            (tmp_path / "bad.geojson").read_bytes(),
            "salah.geojson",
            kind="boundaries",
            lang="en",
        )
    )
    codes = [r["code"] for r in out["admin-problems"]["rowData"] if r["level"] == "error"]
    assert "boundaries.unknown_region" in codes
    assert out["admin-staged"]["data"]["ok"] is False
    assert store_state(settings.DATA_DIR) == before

    good = _squares(regions, ["32.16", "32.75", "32.15"])
    good.to_file(tmp_path / "good.geojson")
    out = response_of(
        upload(
            app,
            editor,
            (tmp_path / "good.geojson").read_bytes(),
            "kabkota.geojson",
            kind="boundaries",
        )
    )
    assert out["admin-staged"]["data"]["ok"] is True
    counts = text_of(out["admin-report-counts"])
    assert t("admin.count_matched", "id") in counts
    done = response_of(import_staged(app, editor, out["admin-staged"]["data"]))
    version = done["admin-import-done"]["data"]
    manifest = store.boundaries.manifest(version)
    assert (manifest.who, manifest.source_file, manifest.counts["level"]) == (
        "eddie",
        "kabkota.geojson",
        "regency",
    )
    health = app.server.test_client().get("/healthz").get_json()
    assert health["boundary_source"] == f"imported, boundary version {version}"
    tables = response_of(
        post(app, editor, "admin-import-done.data", {"admin-import-done.data": version})
    )
    assert f"versi {version}" in tables["admin-active-boundary"]["children"]
    assert tables["admin-boundary-versions"]["rowData"][0]["who"] == "eddie"


# ---------------------------------------------------------------------------- text stays text


def _contains_html_rendering(node) -> list[str]:
    """Places where a layout could render data as HTML: dangerous props or markdown renderers."""
    hits = []
    dumped = json.dumps(node, cls=plotly.utils.PlotlyJSONEncoder)
    for marker in (
        "dangerously_allow_html",
        "dangerouslySetInnerHTML",
        '"cellRenderer": "markdown"',
        "dangerously_allow_code",
    ):
        if marker in dumped:
            hits.append(marker)
    return hits


def test_script_in_uploaded_text_is_rendered_as_text(app, editor, settings):
    name = "<img src=x onerror=alert(1)>.csv"
    csv_text = (
        f"kode_wilayah,indikator,tahun,nilai,sumber,catatan,{XSS}\n"
        f"32.16,gov_spbe,2024,3.1,{XSS},{XSS},x\n"  # the profile's default year
    )
    out = response_of(upload(app, editor, csv_text.encode(), name))
    staged = out["admin-staged"]["data"]
    assert staged["ok"] is True  # the extra column is only a warning
    rows = out["admin-problems"]["rowData"]
    assert any(r["column"] == XSS for r in rows)  # the header, as a plain grid value
    assert name in text_of(out["admin-report-summary"])
    assert _contains_html_rendering(out) == []
    done = response_of(import_staged(app, editor, staged))
    version = done["admin-import-done"]["data"]
    assert name in text_of(done["admin-import-result"])
    observations = DataStore(settings.DATA_DIR).load(version).observations
    stored = observations[
        (observations["region_code"] == "32.16")
        & (observations["indicator_id"] == "gov_spbe")
        & (observations["period"] == 2024)
    ]
    assert stored[["source", "note"]].iloc[0].tolist() == [XSS, XSS]

    profile = response_of(render_page(app, editor, "/wilayah/32.16"))
    assert XSS in text_of(profile)  # shown in the indicator table's source column, as a string
    assert "dangerously" not in json.dumps(profile)
    grid = _find(profile, "profile-indicators")
    source_col = next(c for c in grid["props"]["columnDefs"] if c["field"] == "source")
    assert "cellRenderer" not in source_col
    assert any(row["source"] == XSS for row in grid["props"]["rowData"])
    tables = response_of(
        post(app, editor, "admin-import-done.data", {"admin-import-done.data": version})
    )
    assert tables["admin-versions"]["rowData"][0]["file"] == name
    assert _contains_html_rendering(tables) == []


def _find(node, ident):
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == ident:
            return node
        for value in node.values():
            found = _find(value, ident)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find(value, ident)
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------------------- degraded start (R2)


def test_corrupt_current_version_starts_degraded_with_a_banner(tmp_path, regions, framework):
    settings = Settings(DATA_DIR=tmp_path / "instance", COOKIE_SECURE=False)
    store = DataStore(settings.DATA_DIR)
    from dashboard.data.imports.indicators import ensure_seeded

    ensure_seeded(store, regions, framework)
    outcome = import_indicators(
        store, GOOD / "long_comma_utf8.csv", regions=regions, framework=framework
    )
    corrupt = store.dataset.version_dir(outcome.manifest.version) / "observations.parquet"
    corrupt.write_bytes(b"not parquet at all")

    app = create_app(settings)
    add_user(settings, "eddie", "editor", PASSWORD)
    client = app.server.test_client()
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded"
    assert health["reason"] == "fallback_dataset_version"
    assert health["dataset_version"] == 1
    assert "problem" not in health  # details (file names, checksums) only for admins
    assert "parquet" not in json.dumps(health)
    add_user(settings, "ada", "admin", PASSWORD)
    assert "corrupt" in client_as(app, "ada").get("/healthz").get_json()["problem"]

    anonymous = response_of(render_page(app, client, "/"))
    assert "admin-degraded-banner" not in json.dumps(anonymous)  # viewers see no internals
    editor = client_as(app, "eddie")
    for path in ("/admin", "/"):
        layout = response_of(render_page(app, editor, path))
        banner = _find(layout, "admin-degraded-banner")
        assert banner is not None, path
        text = text_of(banner)
        assert t("admin.degraded_title", "id") in text
        assert "versi baik terakhir (1)" in text
        assert "checksum mismatch" in text


def test_problem_rows_keep_every_field_of_the_report():
    problem = Problem(
        file="f.csv", code="importer.not_a_number", row=3, column="nilai", value="abc"
    )
    (row,) = uploads.report_rows(Report("f.csv", problems=[problem]))["en"]
    assert row == problem.to_dict("en")
