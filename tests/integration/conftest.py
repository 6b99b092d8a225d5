"""Integration fixtures: one app per test module on a temporary instance folder."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.components import briefing_button as bb
from dashboard.config import Settings


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(DATA_DIR=tmp_path_factory.mktemp("integration") / "instance")
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def dash_post(
    client,
    output: str,
    inputs: list[dict],
    *,
    state: list[dict] | None = None,
    outputs=None,
    changed=None,
    headers: dict | None = None,
):
    """POST a callback request the way the Dash renderer does."""
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "state": state or [],
        "changedPropIds": changed or [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    return client.post("/_dash-update-component", json=body, headers=headers)


ROUTER = ".._pages_content.children..._pages_store.data.."


def router_body(pathname: str, search: str = "") -> dict:
    """The request Dash Pages sends to render the page at ``pathname``."""
    return {
        "output": ROUTER,
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }


# the briefing button's callback: the download, an alert, and the export queue's job and status
BUTTON_OUTPUTS = [
    {"id": bb.DOWNLOAD, "property": "data"},
    {"id": bb.ALERT, "property": "children"},
    {"id": bb.JOB, "property": "data"},
    {"id": bb.POLL, "property": "disabled"},
    {"id": bb.STATUS, "property": "children"},
    {"id": bb.STATUS, "property": "hidden"},
]
BUTTON_OUTPUT = "...".join(f"{o['id']}.{o['property']}" for o in BUTTON_OUTPUTS).join(["..", ".."])
