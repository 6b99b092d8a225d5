"""Walls only move forward: pointer serials, positions, and a host behind that will not redraw."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest
from dash.exceptions import PreventUpdate

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.imports.indicators import import_indicators, rollback
from dashboard.data.store.datasets import DataStore
from dashboard.data.views.wall import compare, position

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "long_comma_utf8.csv"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(Settings(DATA_DIR=tmp_path_factory.mktemp("fwd") / "instance"))


def _import(app) -> int:
    repo = app.server.config["REPOSITORY"]
    store = DataStore(app.server.config["SETTINGS"].DATA_DIR)
    outcome = import_indicators(store, GOOD, regions=repo.regions, framework=repo.framework)
    return outcome.manifest.version


def test_the_pointer_serial_grows_on_every_switch_rollbacks_included(tmp_path):
    store = DataStore(tmp_path)
    frame = pd.DataFrame({"region_code": ["32.16"], "indicator_id": ["x"], "period": [2024], "value": [1.0]})  # fmt: skip
    assert store.dataset.serial() == 0
    for _ in range(2):
        with store.dataset.lock():
            store.save_dataset(frame, frame.iloc[:0], kind="import")
    assert store.dataset.serial() == 2
    rollback(store, 1)
    assert (store.dataset.current().version, store.dataset.serial()) == (1, 3)


def test_positions_compare_store_by_store():
    shown = {"dataset": [2, 2], "boundaries": [1, 1]}
    assert compare({"dataset": [3, 1], "boundaries": [1, 1]}, shown) == 1  # a rollback is newer
    assert compare({"dataset": [2, 2], "boundaries": [1, 1]}, shown) == 0
    assert compare({"dataset": [1, 1], "boundaries": [1, 1]}, shown) == -1
    assert compare({"dataset": [3, 3], "boundaries": [0, 0]}, shown) == -1  # one store behind
    assert compare(None, shown) == -1
    assert compare({"dataset": [2]}, shown) == -1


def test_wall_state_reports_the_position_and_a_rollback_moves_it_forward(app):
    client = app.server.test_client()
    before = client.get("/wall/state").get_json()["position"]
    version = _import(app)
    after = client.get("/wall/state").get_json()
    assert after["version"] == version
    assert compare(after["position"], before) == 1
    store = DataStore(app.server.config["SETTINGS"].DATA_DIR)
    rollback(store, version - 1)
    rolled = client.get("/wall/state").get_json()
    assert rolled["version"] == version - 1
    assert compare(rolled["position"], after["position"]) == 1  # walls follow a rollback


def test_a_host_behind_the_wall_does_not_redraw_it(app):
    from dashboard.pages import wall  # after an app exists (register_page)

    with app.server.test_request_context("/"):
        snap = app.server.config["REPOSITORY"].snapshot()
        here = position(snap)
        assert wall.caught_up(here, wait_s=0) is snap
        ahead = {"dataset": [here["dataset"][0] + 1, 99], "boundaries": here["boundaries"]}
        with pytest.raises(PreventUpdate):
            wall.caught_up(ahead, wait_s=0.2)


def test_a_host_that_catches_up_within_the_wait_redraws(app):
    from dashboard.pages import wall

    with app.server.test_request_context("/"):
        here = position(app.server.config["REPOSITORY"].snapshot())
        target = {"dataset": [here["dataset"][0] + 1, here["dataset"][1] + 1], "boundaries": here["boundaries"]}  # fmt: skip
        importer = threading.Thread(target=_import, args=(app,))
        importer.start()  # the new version lands while the host waits for it
        try:
            snap = wall.caught_up(target, wait_s=30)
        finally:
            importer.join()
        assert compare(position(snap), target) >= 0
