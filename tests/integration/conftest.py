"""Integration fixtures: one app per test module on a temporary instance folder."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
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
