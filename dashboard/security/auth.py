"""Login, users and roles (viewer < editor < admin). Being written for issue 6.

Interface other modules rely on (keep these names and meanings):
- ``ROLES = ("viewer", "editor", "admin")``
- ``current_user() -> User | None``: the logged-in user of this request (None when anonymous)
- ``has_role(role) -> bool``: logged in with ``role`` or a higher one
- ``require_role(role) -> User``: the same, raising ``PermissionDenied`` otherwise; every Dash
  callback that changes data calls this first, whatever page it sits on.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from dashboard.config import Settings

ROLES = ("viewer", "editor", "admin")


class PermissionDenied(PermissionError):
    """The current request may not do this (anonymous, or a role too low)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str


def install(server: Flask, settings: Settings) -> None:
    """Sessions, login routes and the REQUIRE_LOGIN gate."""


def current_user() -> User | None:
    return None


def has_role(role: str) -> bool:
    user = current_user()
    return user is not None and ROLES.index(user.role) >= ROLES.index(role)


def require_role(role: str) -> User:
    user = current_user()
    if user is None or not has_role(role):
        raise PermissionDenied(role)
    return user
