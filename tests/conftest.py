"""Shared fixtures: small, named, and built on a temporary instance folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR, Settings
from dashboard.data.framework import Framework, load_framework
from dashboard.data.regions import RegionIndex

SHARED_REAL = PROJECT_DIR.parent / "shared" / "data" / "real"


@pytest.fixture(scope="session")
def regions() -> RegionIndex:
    return RegionIndex.from_file()


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(DATA_DIR=tmp_path / "instance")


@pytest.fixture
def shared_real() -> Path:
    """The real boundary files in ../shared (tests and benchmarks only, never copied)."""
    if not SHARED_REAL.is_dir():
        pytest.skip(f"real boundary files not available at {SHARED_REAL}")
    return SHARED_REAL


# PostgreSQL (tests/pg.py): a private database per session, emptied for each test ----------------
@pytest.fixture(scope="session")
def pg_server() -> str:
    """``TEST_DATABASE_URL`` once it answers (skip with the reason, or fail under CI=true)."""
    from tests import pg

    url = pg.server_url()
    pg.check_server(url)
    return url


@pytest.fixture(scope="session")
def pg_database(pg_server: str):
    """URL of this session's own migrated database ``kc_test_<random>``, dropped at the end."""
    from tests import pg

    created = pg.create_database(pg_server)
    yield created
    pg.drop_database(pg_server, created)


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The session database with every table emptied: a fresh PostgreSQL store for one test."""
    from tests import pg

    pg.empty_database(pg_database)
    return pg_database


@pytest.fixture
def pg_proxy(pg_url: str):
    """A TCP proxy to ``pg_url`` (``.url``); ``.stop()`` takes PostgreSQL away, ``.start()`` back."""
    from tests import pg

    proxy = pg.TcpProxy(pg_url)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture(params=["files", "postgresql"])
def backend(request) -> str:
    """Run a test once per store backend: ``""`` (files) or a fresh PostgreSQL URL."""
    if request.param == "files":
        return ""
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_store(backend: str, tmp_path: Path):
    """An empty store of the parametrised backend under ``tmp_path/instance``."""
    from dashboard.data.store.backend import open_store

    opened = open_store(tmp_path / "instance", backend)
    yield opened
    opened.close()
