"""Login, users and roles (viewer < editor < admin). Being written for issue 6."""

from __future__ import annotations

from flask import Flask

from dashboard.config import Settings


def install(server: Flask, settings: Settings) -> None:
    """Sessions, login routes and the REQUIRE_LOGIN gate."""
