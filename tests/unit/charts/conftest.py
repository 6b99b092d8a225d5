"""A snapshot of the bundled sample, loaded without any application (charts do not need one)."""

from __future__ import annotations

import pytest

from dashboard.config import Settings
from dashboard.data.store.repository import Repository


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    settings = Settings(DATA_DIR=tmp_path_factory.mktemp("charts") / "instance")
    return Repository(settings).snapshot()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from dashboard.app import create_app

    return create_app(Settings(DATA_DIR=tmp_path_factory.mktemp("pages") / "instance"))
