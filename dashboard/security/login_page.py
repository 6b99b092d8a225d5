"""Views behind ``/login`` and ``/logout`` (routed by ``dashboard.web.login``) and 403/429 pages.

No Dash and no script: the pages work before any JavaScript loads, under the strict CSP, and
only use the self-hosted Bootstrap theme. Every failed attempt costs the same scrypt work (known
name or not), is counted by the login rate limit and logged with the client address, never with
the password.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from flask import Response, redirect, render_template_string, request

from dashboard.config import PROJECT_DIR
from dashboard.i18n import t
from dashboard.security import auth, csrf, limits
from dashboard.state import settings

log = logging.getLogger(__name__)

STYLESHEETS = (  # as the app
    "00-bootstrap-flatly.min.css",
    "02-fonts.css",
    "20-app.css",
    "25-responsive.css",
)
MAX_NAME = 64
MAX_NEXT = 2000

PAGE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ title }} · {{ app_name }}</title>
{% for href in stylesheets %}<link rel="stylesheet" href="{{ href }}">
{% endfor %}
</head>
<body class="bg-light">
<main class="container py-5">
<div class="row justify-content-center">
<div class="col-sm-10 col-md-7 col-lg-5 col-xl-4">
<p class="h5 mb-4 text-primary">{{ app_name }}</p>
<div class="card shadow-sm">
<div class="card-body p-4">
<h1 class="h4 card-title mb-3">{{ heading }}</h1>
{% for kind, text in notes %}<div class="alert alert-{{ kind }}" role="{{ 'alert' if kind == 'danger' else 'status' }}">{{ text }}</div>
{% endfor %}
{% if intro %}<p class="text-body-secondary">{{ intro }}</p>{% endif %}
{% if form == "login" %}
<form method="post" action="{{ action }}">
<input type="hidden" name="csrf_token" value="{{ token }}">
<input type="hidden" name="next" value="{{ next }}">
<div class="mb-3">
<label for="name" class="form-label">{{ texts.name }}</label>
<input id="name" name="name" class="form-control" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus maxlength="64" value="{{ name }}">
</div>
<div class="mb-3">
<label for="password" class="form-label">{{ texts.password }}</label>
<input id="password" name="password" type="password" class="form-control" autocomplete="current-password" required maxlength="256">
</div>
<button id="login-submit" type="submit" class="btn btn-primary w-100">{{ texts.submit }}</button>
</form>
{% elif form == "logout" %}
{% if continue_url %}<a id="login-continue" class="btn btn-primary w-100 mb-2" href="{{ continue_url }}">{{ texts.continue }}</a>{% endif %}
<form method="post" action="{{ logout_action }}">
<input type="hidden" name="csrf_token" value="{{ token }}">
<button id="logout-submit" type="submit" class="btn btn-outline-secondary w-100">{{ texts.logout }}</button>
</form>
{% endif %}
</div>
</div>
<p class="mt-3 small d-flex justify-content-between">
<a href="{{ home }}">{{ texts.back }}</a>
<a href="{{ other_language_url }}" hreflang="{{ other_lang }}" lang="{{ other_lang }}">{{ texts.other_language }}</a>
</p>
</div>
</div>
</main>
</body>
</html>
"""


def request_lang() -> str:
    lang = request.args.get("lang")
    if lang in ("id", "en"):
        return lang
    return settings().LANG


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a path on this server (never another host: no open redirect)."""
    if not value or len(value) > MAX_NEXT or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return None
    return value


def _with_lang(path: str, lang: str, **query: str) -> str:
    params = {k: v for k, v in query.items() if v}
    if lang == "en":
        params = {"lang": "en", **params}
    return f"{path}?{urlencode(params)}" if params else path


def _stylesheets() -> list[str]:
    hrefs = []
    for name in STYLESHEETS:
        try:
            stamp = int((PROJECT_DIR / "assets" / name).stat().st_mtime)
        except OSError:
            stamp = 0
        hrefs.append(f"/assets/{name}?m={stamp}")
    return hrefs


def _render(
    lang: str,
    *,
    status: int = 200,
    title_key: str = "auth.title",
    heading: str | None = None,
    intro: str | None = None,
    notes: list[tuple[str, str]] | None = None,
    form: str | None = "login",
    name: str = "",
    next_url: str = "",
    continue_url: str | None = None,
) -> Response:
    texts = {
        key: t(f"auth.{key}", lang)
        for key in ("name", "password", "submit", "continue", "logout", "back", "other_language")
    }
    other = "id" if lang == "en" else "en"
    query = {k: v for k, v in request.args.items() if k == "next"}
    html = render_template_string(
        PAGE,
        lang=lang,
        app_name=t("common.app_name", lang),
        title=t(title_key, lang),
        heading=heading or t("auth.heading", lang),
        intro=intro,
        notes=notes or [],
        form=form,
        texts=texts,
        token=csrf.token() if form else "",
        name=name,
        next=next_url,
        action=_with_lang("/login", lang),
        logout_action=_with_lang("/logout", lang),
        continue_url=continue_url,
        stylesheets=_stylesheets(),
        home=_with_lang("/", lang),
        other_lang=other,
        other_language_url=_with_lang(request.path, other, **query),
    )
    return Response(html, status=status, mimetype="text/html")


def _default_target(user: auth.User) -> str:
    return "/admin" if auth.ROLES.index(user.role) >= auth.ROLES.index("editor") else "/"


def _client() -> str:
    return limits.client_key()


def login() -> Response:
    lang = request_lang()
    if request.method == "POST":
        return _login_post(lang)
    next_url = safe_next(request.args.get("next")) or ""
    user = auth.current_user()
    if user is not None:
        return _logged_in_page(user, lang, next_url)
    notes = []
    if request.args.get("expired"):
        minutes = f"{settings().SESSION_MINUTES:g}"
        notes.append(("warning", t("auth.expired", lang, minutes=minutes)))
    if request.args.get("logged_out"):
        notes.append(("success", t("auth.logged_out", lang)))
    if next_url and not notes:
        notes.append(("info", t("auth.login_required", lang)))
    return _render(lang, notes=notes, intro=t("auth.intro", lang), next_url=next_url)


def _logged_in_page(user: auth.User, lang: str, next_url: str) -> Response:
    role = t(f"auth.role.{user.role}", lang)
    return _render(
        lang,
        notes=[("info", t("auth.logged_in_as", lang, name=user.name, role=role))],
        form="logout",
        continue_url=next_url or _default_target(user),
    )


def _login_post(lang: str) -> Response:
    name = request.form.get("name", "")[:MAX_NAME]
    next_url = safe_next(request.form.get("next")) or ""
    if not limits.hit("login"):
        log.warning("login rate limit reached for %s", _client())
        return too_many_page(lang)
    if not csrf.form_valid():
        _explain_missing_cookie()
        return _render(
            lang,
            status=400,
            notes=[("warning", t("auth.form_expired", lang))],
            name=name,
            next_url=next_url,
        )
    password = request.form.get("password", "")
    account = auth.verify_login(name, password)
    if account is None:
        log.warning("login failed for %r from %s", name[:MAX_NAME], _client())
        return _render(
            lang,
            status=401,
            notes=[("danger", t("auth.wrong", lang))],
            name=name,
            next_url=next_url,
        )
    auth.start_session(account.name, account.role, account.fingerprint)
    log.info("login: %s (%s) from %s", account.name, account.role, _client())
    user = auth.User(account.name, account.role)
    return redirect(next_url or _default_target(user), code=303)


def _explain_missing_cookie() -> None:
    """A browser drops ``Secure`` cookies on plain HTTP (except localhost): say so in the log."""
    if settings().COOKIE_SECURE and not request.is_secure and not request.cookies:
        log.warning(
            "login form from %s came without cookies over plain HTTP: browsers keep Secure "
            "cookies only over HTTPS (or on localhost). Serve the app over HTTPS, or set "
            "COOKIE_SECURE=0 for a test on a trusted network.",
            _client(),
        )


def logout() -> Response:
    lang = request_lang()
    user = auth.current_user()
    if request.method == "GET":
        if user is None:
            return redirect(_with_lang("/login", lang), code=303)
        return _render(
            lang,
            title_key="auth.logout_title",
            heading=t("auth.logout_question", lang),
            form="logout",
        )
    if user is not None and not csrf.form_valid():
        return _render(
            lang,
            status=400,
            title_key="auth.logout_title",
            heading=t("auth.logout_question", lang),
            notes=[("warning", t("auth.form_expired", lang))],
            form="logout",
        )
    if user is not None:
        log.info("logout: %s from %s", user.name, _client())
    auth.end_session()
    return redirect(_with_lang("/login", lang, logged_out="1"), code=303)


def too_many_page(lang: str) -> Response:
    seconds = limits.retry_after("login")
    response = _render(
        lang,
        status=429,
        title_key="auth.too_many_title",
        heading=t("auth.too_many_title", lang),
        notes=[("warning", t("auth.too_many", lang, seconds=seconds))],
        form=None,
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def forbidden_page(user: auth.User) -> Response:
    lang = request_lang()
    role = t(f"auth.role.{user.role}", lang)
    return _render(
        lang,
        status=403,
        title_key="auth.forbidden_title",
        heading=t("auth.forbidden_title", lang),
        notes=[("danger", t("auth.forbidden_text", lang, name=user.name, role=role))],
        form="logout",
    )
