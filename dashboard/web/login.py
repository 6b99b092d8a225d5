"""``/login`` and ``/logout``: the routes; the pages and sessions stay in ``dashboard.security``."""

from __future__ import annotations

from flask import Flask

from dashboard.security import login_page


def install(server: Flask) -> None:
    server.add_url_rule("/login", "login", login_page.login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", login_page.logout, methods=["GET", "POST"])
