"""The scripts every page links (dashboard/pages/lazy_scripts.py, SPEC P2): no @babel/polyfill, no
dash_table, dcc's graph and dropdown chunks linked instead of fetched after the layout."""

from __future__ import annotations

import re

from dash import _dash_renderer, dash_table, dcc

from dashboard.config import PROJECT_DIR
from dashboard.pages import lazy_scripts


def _paths(dist: list[dict]) -> dict[str, dict]:
    return {e["relative_package_path"]: e for e in dist if "relative_package_path" in e}


def test_linked_scripts_drop_the_polyfill_and_dash_table_and_link_dcc_chunks():
    lazy_scripts.linked_scripts()
    lazy_scripts.linked_scripts()  # idempotent: create_app runs it once per app
    deps = _dash_renderer._js_dist_dependencies
    for dep in deps:
        for key in ("relative_package_path", "external_url"):
            for paths in dep[key].values():
                assert not [p for p in paths if "polyfill" in p]
                assert [p for p in paths if "react-dom" in p]  # the rest stays
    chunks = _paths(dcc._js_dist)
    for path in lazy_scripts.EAGER:
        assert "async" not in chunks[path]
        assert not chunks[path].get("dynamic")
    assert chunks["dcc/async-datepicker.js"]["async"] is True  # the others stay lazy
    assert _paths(dash_table._js_dist)["dash_table/bundle.js"]["dynamic"] is True


def test_the_regenerator_asset_defines_the_global_the_renderer_calls():
    text = (PROJECT_DIR / "assets" / "04-regenerator-runtime.js").read_text(encoding="utf-8")
    assert "regeneratorRuntime = runtime" in text
    # it must run before Dash's renderer: assets come before it, and sort before plotly
    assets = sorted(p.name for p in (PROJECT_DIR / "assets").glob("*.js"))
    assert assets[0] == "04-regenerator-runtime.js"


def test_no_page_draws_a_data_table():
    """dash_table's bundle is not linked from pages: a DataTable would render as nothing."""
    used = re.compile(r"\bdash_table\b|\bDataTable\b")
    offenders = [
        str(path.relative_to(PROJECT_DIR))
        for path in (PROJECT_DIR / "dashboard").rglob("*.py")
        if path.name != "lazy_scripts.py" and used.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
