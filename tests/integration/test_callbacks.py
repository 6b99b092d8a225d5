"""Every callback input, output and state id exists in the layout of some page or in the shell.

The app runs with ``suppress_callback_exceptions=True`` (so the browser is not sent every page's
layout on each load); this test takes over the validation Dash would have done at run time.
"""

from __future__ import annotations

import json

import dash
import plotly

from dashboard.security import auth


def _ids(node, found: set[str]) -> None:
    if isinstance(node, dict):
        if "id" in node and isinstance(node["id"], str | dict):
            key = (
                node["id"]
                if isinstance(node["id"], str)
                else json.dumps({"type": node["id"].get("type")})
            )
            found.add(key)
        for value in node.values():
            _ids(value, found)
    elif isinstance(node, list):
        for value in node:
            _ids(value, found)


def test_every_callback_id_is_in_a_layout(app, client, monkeypatch):
    client.get("/")  # sets up pages and callbacks
    # /admin shows its workspace to editors and its alert rules editor to admins only
    monkeypatch.setattr(auth, "current_user", lambda: auth.User("admin", "admin"))
    found: set[str] = set()
    with app.server.test_request_context("/"):
        layouts = [app.layout()]
        for page in dash.page_registry.values():
            layouts.append(page["layout"]())
        layouts.append(dash.page_registry["dashboard.pages.region"]["layout"](code="32"))
    for layout in layouts:
        _ids(json.loads(json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder)), found)
    found |= {"_pages_location", "_pages_content", "_pages_store", "_pages_dummy"}
    missing = []
    for callback in app.callback_map.values():
        for dep in [*callback["inputs"], *callback["state"]]:
            key = (
                dep["id"]
                if not dep["id"].startswith("{")
                else json.dumps({"type": json.loads(dep["id"])["type"]})
            )
            if key not in found:
                missing.append(dep["id"])
    for output in app.callback_map:
        for part in output.strip(".").split("..."):
            ident = part.rsplit(".", 1)[0].lstrip(".")
            if ident.startswith("{"):
                ident = json.dumps({"type": json.loads(ident)["type"]})
            if ident and ident not in found:
                missing.append(ident)
    assert not missing, sorted(set(missing))
