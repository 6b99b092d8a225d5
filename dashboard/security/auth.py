"""Login sessions, roles (viewer < editor < admin) and the server-side access guard.

Interface other modules rely on (keep these names and meanings):
- ``ROLES = ("viewer", "editor", "admin")``
- ``current_user() -> User | None``: the logged-in user of this request (None when anonymous)
- ``has_role(role) -> bool``: logged in with ``role`` or a higher one
- ``require_role(role) -> User``: the same, raising ``PermissionDenied`` otherwise; every Dash
  callback that changes data calls this first, whatever page it sits on.

Sessions are Flask's signed cookies (``SECRET_KEY``) holding the user name, role, a fingerprint of
the password hash, the CSRF token and the time of the last activity. The users file is re-read
(cached by modification time) on every request that needs the user, so a removed account, a new
role or a new password takes effect at once. A session ends after ``SESSION_MINUTES`` without
activity, checked on the server from the signed timestamp.

The guard (a ``before_request``) decides before Dash runs anything:
- ``/admin`` and below: editors and admins only (anonymous HTML -> login page, viewer -> 403);
- ``/_dash-update-component``: the body must be a well-formed callback request (400 otherwise);
  a callback naming an ``admin-`` component, or the page router asked for ``/admin``, needs an
  editor (403); a logged-in user's callbacks carry the CSRF header;
- every state-changing request comes from this origin (``csrf.same_origin``);
- ``/api/`` is left to ``dashboard.web.api`` (read-only, no session or cookies: ``API_TOKEN``);
- with ``REQUIRE_LOGIN`` everything but the login page, static files and ``/healthz`` needs a
  login; ``/wall`` with a valid ``?token=`` (``WALL_TOKEN``) passes, and so do the wall page's own
  requests, recognised by the token in their ``Referer`` and limited to the wall's callbacks.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

from flask import Flask, Response, abort, current_app, g, has_request_context, redirect, request
from flask import session as flask_session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from dashboard.config import Settings
from dashboard.security import csrf
from dashboard.security.callbacks import (
    WALL_PATH,
    is_admin_path,
    is_wall_callback,
    needs_editor,
    well_formed_callback,
)
from dashboard.security.users import ROLES, Account, UsersFileError, UserStore, user_store

log = logging.getLogger(__name__)

__all__ = [
    "ROLES",
    "PermissionDenied",
    "User",
    "current_user",
    "has_role",
    "install",
    "require_role",
]

SESSION_COOKIE = "kc_session"
DASH_UPDATE = "/_dash-update-component"
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
# the read-only API guards itself (token, rate limit, CORS) in dashboard.web.api, before this guard
API_PREFIX = "/api/"
PUBLIC_PATHS = frozenset({"/login", "/logout", "/healthz", "/_favicon.ico", "/favicon.ico"})
# what the wall page itself requests (recognised by its Referer) when REQUIRE_LOGIN is on
WALL_SUBREQUESTS = ("/_dash-layout", "/_dash-dependencies", "/_reload-hash", "/geometry/")
FUTURE_SKEW_SECONDS = 60  # clocks of gunicorn hosts behind one balancer may differ a little
REFRESH_SECONDS = 60  # re-sign the session at most once a minute, not on every callback
MISSING_SECRET_KEY = (
    "SECRET_KEY is not set. The dashboard signs login sessions with it and will not start "
    "under gunicorn without one. Generate a key once and keep it secret:\n"
    "    python -c 'import secrets; print(secrets.token_hex(32))'\n"
    "then start with it in the environment, e.g.\n"
    "    SECRET_KEY=<that value> gunicorn app:server ...\n"
    "(a systemd unit: Environment=SECRET_KEY=... or EnvironmentFile=/etc/kota-cerdas.env, mode 0600)."
)
_FILE_NAME = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}$")  # not "/wilayah/32.16"
_UNSET = object()


class PermissionDenied(PermissionError):
    """The current request may not do this (anonymous, or a role too low)."""


class MissingSecretKey(RuntimeError):
    """Production start without ``SECRET_KEY`` (gunicorn prints a RuntimeError's message and exits)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str


# setup -------------------------------------------------------------------------------------------
def install(server: Flask, settings: Settings) -> None:
    """Sessions and the access guard (``dashboard.web.login`` registers the login routes)."""
    server.secret_key = secret_key(settings)
    server.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.COOKIE_SECURE,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.SESSION_MINUTES),
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.session_interface = _SessionInterface()
    store = user_store(settings)
    server.extensions["kc_users"] = store
    _check_users_file(store)
    server.before_request(_guard)
    server.after_request(_after)


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the signing serializer built once per key, not on
    every request (building it costs more than reading a session: itsdangerous probes it)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            self._serializers = {key: serializer}  # a new key replaces the old one
        return serializer


def secret_key(settings: Settings) -> str:
    """``SECRET_KEY``; a temporary one only outside gunicorn (``python app.py``, tests, CLI)."""
    if settings.SECRET_KEY:
        if len(settings.SECRET_KEY) < 32:
            log.warning(
                "SECRET_KEY is short (%d characters); use 64 hex characters",
                len(settings.SECRET_KEY),
            )
        return settings.SECRET_KEY
    if under_gunicorn():
        raise MissingSecretKey(MISSING_SECRET_KEY)
    log.warning(
        "SECRET_KEY is not set: using a temporary key, so logins end when this process stops. "
        "Set SECRET_KEY for production (gunicorn refuses to start without it)."
    )
    return secrets.token_hex(32)


def under_gunicorn() -> bool:
    return "gunicorn" in os.environ.get("SERVER_SOFTWARE", "") or "gunicorn.arbiter" in sys.modules


def _check_users_file(store: UserStore) -> None:
    try:
        accounts = store.accounts()
    except UsersFileError as exc:
        log.error("%s (nobody can log in until it is fixed)", exc.message("en"))
        return
    if not accounts:
        log.info(
            "no users in %s yet: add one with `python -m dashboard users add NAME --role admin`",
            store.path,
        )


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def _store() -> UserStore:
    return current_app.extensions["kc_users"]


# the current user --------------------------------------------------------------------------------
def current_user() -> User | None:
    """The logged-in user of this request, checked against the users file and the idle limit."""
    if not has_request_context():
        return None
    cached = g.get("kc_user", _UNSET)
    if cached is _UNSET:
        cached = _load_user()
        g.kc_user = cached
    return cached  # type: ignore[return-value]


def _load_user() -> User | None:
    session = flask_session
    name = session.get("user")
    if not isinstance(name, str):
        # the login's CSRF cookie outlives a session cookie that expired or lost its signature
        g.kc_expired = csrf.COOKIE in request.cookies
        return None
    now = time.time()
    last = session.get("t")
    idle_limit = _settings().SESSION_MINUTES * 60
    if not isinstance(last, int | float) or now - last > idle_limit:
        log.info("session of %s ended after %.0f idle minutes", name, idle_limit / 60)
        g.kc_expired = True
        end_session()
        return None
    if last > now + FUTURE_SKEW_SECONDS:  # never expires otherwise: a forged or clock-skewed stamp
        log.warning("session of %s refused: its time stamp lies in the future", name)
        g.kc_expired = True
        end_session()
        return None
    try:
        account = _store().get(name)
    except UsersFileError as exc:
        log.error("%s", exc.message("en"))
        account = None
    if account is None or account.fingerprint != session.get("pw"):
        log.info("session of %s ended: account removed or password changed", name)
        end_session()
        return None
    if session.get("role") != account.role:
        session["role"] = account.role
    if now - last > min(REFRESH_SECONDS, idle_limit / 10):
        session["t"] = now
    return User(account.name, account.role)


def start_session(name: str, role: str, fingerprint: str) -> str:
    """A fresh session for a user who just logged in; returns its CSRF token."""
    session = flask_session
    session.clear()  # nothing from before the login survives (session fixation)
    session.permanent = True
    session.update(user=name, role=role, pw=fingerprint, t=time.time())
    g.kc_user = User(name, role)
    return csrf.new_token()


def verify_login(name: str, password: str) -> Account | None:
    """The account when name and password match; a broken users file lets nobody in."""
    try:
        return _store().verify(name, password)
    except UsersFileError as exc:
        log.error("%s (nobody can log in until it is fixed)", exc.message("en"))
        return None


def end_session() -> None:
    flask_session.clear()
    g.kc_user = None


def has_role(role: str) -> bool:
    user = current_user()
    return user is not None and ROLES.index(user.role) >= ROLES.index(role)


def require_role(role: str) -> User:
    user = current_user()
    if user is None or not has_role(role):
        raise PermissionDenied(role)
    return user


# the guard ---------------------------------------------------------------------------------------
def _guard() -> Response | None:
    path = request.path
    if path.startswith(PUBLIC_PREFIXES) or path.startswith(API_PREFIX) or path == "/api":
        return None
    if request.method not in csrf.SAFE_METHODS and not csrf.same_origin():
        log.warning(
            "cross-site %s %s refused (Origin %r)",
            request.method,
            path,
            request.headers.get("Origin"),
        )
        return _plain(403, "Forbidden: cross-site request refused.")
    if path in PUBLIC_PATHS:
        return None  # the login views check their own form tokens
    if path == DASH_UPDATE and request.method == "POST":
        return _guard_callback()
    safe = request.method in csrf.SAFE_METHODS
    admin = is_admin_path(path)
    if safe and not admin and not _settings().REQUIRE_LOGIN:
        return None  # public: leave the session unread (no Vary: Cookie on cacheable answers)
    user = current_user()
    if not safe and user is not None and not (csrf.header_valid() or csrf.form_valid()):
        return _plain(
            403, "Forbidden: missing or expired form token. Reload the page and try again."
        )
    if admin:
        if user is None:
            return _login_required()
        if not has_role("editor"):
            from dashboard.security.login_page import forbidden_page

            return forbidden_page(user)
        return None
    if _settings().REQUIRE_LOGIN and user is None and not _wall_request_ok():
        return _login_required()
    return None


def _guard_callback() -> Response | None:
    body = request.get_json(silent=True)
    if not well_formed_callback(body):
        abort(400, "the callback request is malformed.")
    user = current_user()
    if user is not None and not csrf.header_valid():
        log.warning("callback of %s without a valid CSRF header refused", user.name)
        return _plain(403, "Forbidden: missing or expired security token. Reload the page.")
    if needs_editor(body) and not has_role("editor"):
        who = user.name if user else "anonymous"
        log.warning("admin callback %r refused for %s", body["output"][:120], who)
        return _plain(403, "Forbidden: you do not have access to this.")
    if (
        _settings().REQUIRE_LOGIN
        and user is None
        and not (_wall_referer_ok() and is_wall_callback(body))
    ):
        return _plain(401, "Login required.")
    dash_app = current_app.extensions.get("dash_app")
    if dash_app is not None and body["output"] not in dash_app.callback_map:
        abort(400, "no such callback.")  # Dash would answer a KeyError with a 500
    return None


def _after(response: Response) -> Response:
    path = request.path
    if path in ("/login", "/logout") or is_admin_path(path):
        response.headers["Cache-Control"] = "no-store"
    user = g.get("kc_user", _UNSET)
    if user is _UNSET:
        return response  # the session was not looked at: leave the cookies alone
    settings = _settings()
    cookie = request.cookies.get(csrf.COOKIE)
    if user is not None:
        token = flask_session.get(csrf.SESSION_KEY)
        if isinstance(token, str) and cookie != token:
            csrf.set_cookie(response, token, settings)
    elif cookie is not None:
        csrf.clear_cookie(response, settings)
    return response


def _token_ok(candidate: str | None) -> bool:
    expected = _settings().WALL_TOKEN
    return (
        bool(expected)
        and isinstance(candidate, str)
        and hmac.compare_digest(candidate.encode(), expected.encode())
    )


def _wall_referer_ok() -> bool:
    """The request was made by a ``/wall?token=...`` page of this server."""
    referer = request.headers.get("Referer", "")
    try:
        parts = urlsplit(referer)
    except ValueError:
        return False
    if parts.netloc.lower() != request.host.lower() or parts.path.rstrip("/") != WALL_PATH:
        return False
    return _token_ok((parse_qs(parts.query).get("token") or [None])[0])


def _wall_request_ok() -> bool:
    """Under REQUIRE_LOGIN: the wall page with its token, or a request the wall page makes."""
    path = request.path.rstrip("/") or "/"
    if path in (WALL_PATH, WALL_PATH + "/state"):
        return _token_ok(request.args.get("token"))
    return path.startswith(WALL_SUBREQUESTS) and _wall_referer_ok()


# answers -----------------------------------------------------------------------------------------
def _wants_html() -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith("/_"):
        return False
    if _FILE_NAME.search(request.path):
        return False  # a file (export, geometry): answer 401, not a login page
    # browsers name text/html when they navigate; fetch() and tools say */* or nothing
    return any(mime == "text/html" and q > 0 for mime, q in request.accept_mimetypes)


def _login_required() -> Response:
    if not _wants_html():
        return _plain(401, "Login required.")
    target = request.full_path if request.query_string else request.path
    location = "/login?next=" + quote(target, safe="")
    lang = request.args.get("lang")
    if lang == "en":
        location += "&lang=en"
    if g.get("kc_expired"):
        location += "&expired=1"
    return redirect(location, code=303)


def _plain(status: int, text: str) -> Response:
    from dashboard.security.headers import request_id

    return Response(f"{text} (request {request_id()})\n", status=status, mimetype="text/plain")
