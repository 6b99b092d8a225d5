"""Cross-site request forgery protection.

Three layers, each enough against a browser on another site:

- every state-changing request must come from this host: its ``Origin`` header (or ``Referer``
  when a browser sends no Origin) names this server, and that name is in ``ALLOWED_HOSTS``;
  ``Origin: null`` is refused. Requests with neither header come from scripts and tools, which
  hold no victim's cookies;
- HTML forms (``/login``, ``/logout``) carry a random token bound to the session;
- Dash callback POSTs of a logged-in user carry the same token in an ``X-CSRFToken`` header. Dash's
  renderer copies it from the ``_csrf_token`` cookie (not HttpOnly, SameSite=Strict) that login
  sets; another site can neither read that cookie nor set the header.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Response, request, session

from dashboard.config import Settings
from dashboard.security import hosts

SESSION_KEY = "csrf"
COOKIE = "_csrf_token"  # Dash's default csrf_token_name
HEADER = "X-CSRFToken"  # Dash's default csrf_header_name
FORM_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token() -> str:
    """The session's token, created on first use (a form page for an anonymous visitor)."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        session[SESSION_KEY] = value
    return value


def new_token() -> str:
    """A fresh token (at login and logout: a token seen before login is not reused after it)."""
    value = secrets.token_urlsafe(32)
    session[SESSION_KEY] = value
    return value


def valid(candidate: object) -> bool:
    """Whether ``candidate`` equals the session's token (constant-time)."""
    expected = session.get(SESSION_KEY)
    if not isinstance(candidate, str) or not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(candidate.encode(), expected.encode())


def form_valid() -> bool:
    return valid(request.form.get(FORM_FIELD))


def header_valid() -> bool:
    return valid(request.headers.get(HEADER))


def same_origin() -> bool:
    """False when a browser says the request was made by a page of another origin."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin != "null" and _ours(_host(origin))
    referer = request.headers.get("Referer")
    if referer:
        return _ours(_host(referer))
    return True


def _ours(host: str) -> bool:
    """The origin's host is the request's host and an allowed one (``ALLOWED_HOSTS``)."""
    return host == request.host.lower() and hosts.allowed(host)


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip()).netloc.lower()
    except ValueError:
        return ""


def set_cookie(response: Response, value: str, settings: Settings) -> None:
    """The double-submit cookie Dash's renderer reads; readable by our script, never sent cross-site."""
    response.set_cookie(
        COOKIE,
        value,
        path="/",
        secure=settings.COOKIE_SECURE,
        httponly=False,
        samesite="Strict",
    )


def clear_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE, path="/", secure=settings.COOKIE_SECURE, httponly=False, samesite="Strict"
    )
