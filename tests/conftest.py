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
