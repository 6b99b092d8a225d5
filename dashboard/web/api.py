"""``/api/v1``: the read-only JSON/CSV API for other systems (Satu Data portals, dashboards).

The data side is :mod:`dashboard.data.views.api` (declarations, validation, rows, paging, OpenAPI).
Here: HTTP. A ``before_request`` hook, registered before the security module's hooks, answers CORS
preflights, refuses other methods, checks ``API_TOKEN`` (or closes the API under ``REQUIRE_LOGIN``
without one) and counts the ``api`` rate limit; the login guard then leaves ``/api/`` alone (no
session, no CSRF: nothing here changes anything or reads cookies). Answers are cached per dataset
version with a weak ETag (``If-None-Match`` -> 304) and gzip-compressed once. Every error is JSON
naming the parameter and what to use, with the request id; never a traceback.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import logging

from flask import Flask, Response, g, request

from dashboard.config import Settings
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.api.answer import Answer, answer
from dashboard.data.views.api.openapi import document
from dashboard.data.views.api.query import ApiError, parse
from dashboard.data.views.api.rows import variant
from dashboard.data.views.api.spec import BY_NAME, ENDPOINTS, LANGS, OPENAPI, PREFIX
from dashboard.i18n import t
from dashboard.security import hosts, limits
from dashboard.security.auth import API_PREFIX
from dashboard.security.headers import request_id
from dashboard.state import settings, snapshot

log = logging.getLogger(__name__)

METHODS = ("GET", "HEAD", "OPTIONS")
CSP = "default-src 'none'; frame-ancestors 'none'"
EXPOSED = "ETag, Link, Retry-After, X-Request-ID, X-Total-Count, Content-Disposition"
ALLOWED_HEADERS = "Authorization, If-None-Match, Accept-Language, X-Request-ID"
GZIP_FROM_BYTES = 1024
PAGE_CACHE = 256


def install(server: Flask, settings: Settings) -> None:
    """Routes and hooks; call before ``init_security`` so the API's hook runs first."""
    server.before_request(_before)
    server.after_request(_after)
    for endpoint in ENDPOINTS:
        server.add_url_rule(
            endpoint.path, f"api_{endpoint.name}", _view(endpoint.name), methods=["GET"]
        )
    server.add_url_rule(OPENAPI.path, "api_openapi", _openapi, methods=["GET"])
    for rule in ("/api", "/api/", "/api/<path:rest>"):
        server.add_url_rule(rule, f"api_not_found{rule}", _not_found, methods=["GET"])


def is_api(path: str) -> bool:
    return path == API_PREFIX.rstrip("/") or path.startswith(API_PREFIX)


# hooks --------------------------------------------------------------------------------------------
def _before() -> Response | None:
    if not is_api(request.path) or not hosts.allowed(request.host):
        return None  # not ours, or a foreign Host: hosts._check_host answers 400 next
    g.kc_api = True
    if request.method == "OPTIONS":
        return _preflight()
    if request.method not in METHODS:
        response = _error(ApiError(405, "method_not_allowed", method=request.method))
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
        return response
    refused = _check_access(settings())
    if refused is not None:
        return refused
    if not limits.hit("api"):
        seconds = limits.retry_after("api")
        response = _error(ApiError(429, "too_many", seconds=seconds))
        response.headers["Retry-After"] = str(seconds)
        return response
    return None


def _check_access(config: Settings) -> Response | None:
    """``API_TOKEN`` as a Bearer token; without one the API is open unless ``REQUIRE_LOGIN``."""
    expected = config.API_TOKEN
    if not expected:
        return _error(ApiError(401, "closed")) if config.REQUIRE_LOGIN else None
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        code = "token_required"
    elif hmac.compare_digest(given.strip().encode(), expected.encode()):
        return None
    else:
        code = "token_invalid"
    response = _error(ApiError(401, code))
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _preflight() -> Response:
    response = Response(status=204)
    del response.headers["Content-Type"]
    response.headers["Allow"] = ", ".join(METHODS)
    response.headers["Access-Control-Allow-Methods"] = ", ".join(METHODS)
    response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response.headers["Access-Control-Max-Age"] = "600"
    return response


def _after(response: Response) -> Response:
    """CORS and a policy for data (runs last: after-request hooks run in reverse order)."""
    if not g.get("kc_api"):
        return response
    h = response.headers
    h["Access-Control-Allow-Origin"] = "*"
    h["Access-Control-Expose-Headers"] = EXPOSED
    h["Content-Security-Policy"] = CSP
    h["Cross-Origin-Resource-Policy"] = "cross-origin"
    h["X-Request-ID"] = request_id()
    vary = ["Accept-Language", "Accept-Encoding"]
    if settings().API_TOKEN:
        vary.append("Authorization")
    h["Vary"] = ", ".join(vary)
    if response.status_code in (200, 304):
        h["Cache-Control"] = ("private" if settings().API_TOKEN else "public") + ", no-cache"
    else:
        h["Cache-Control"] = "no-store"
    return response


# views --------------------------------------------------------------------------------------------
def _lang() -> str:
    """``?lang=`` when valid, else the client's Accept-Language (id or en), else English."""
    asked = request.args.get("lang")
    if asked in LANGS:
        return asked
    return request.accept_languages.best_match(LANGS) or "en"


def _view(name: str):
    def view() -> Response:
        return _guarded(lambda: _serve(name))

    view.__name__ = f"api_{name}"
    return view


def _guarded(produce) -> Response:
    """Any failure becomes a JSON 500 with the request id (logged with its traceback)."""
    try:
        return produce()
    except ApiError as exc:
        return _error(exc)
    except Exception:
        log.exception("API request failed [%s] %s", request_id(), request.full_path)
        return _error(ApiError(500, "internal", request_id=request_id()))


def _args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


def _serve(name: str) -> Response:
    snap = snapshot()
    query = parse(BY_NAME[name], _args(), snap, lang=_lang())
    key = (*query.key(), *variant(snap, name))
    etag = _etag(snap, key)
    if request.if_none_match.contains_weak(etag):
        return _not_modified(etag)
    result: Answer = snap.lru(("api-page", key), lambda: answer(snap, query),
                              maxsize=PAGE_CACHE)  # fmt: skip
    response = _body(snap, ("api-page", key), result.body, result.media_type, etag)
    response.headers["X-Total-Count"] = str(result.total)
    link = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in result.links.items()
                     if url and rel != "self")  # fmt: skip
    if link:
        response.headers["Link"] = link
    if query.format == "csv":
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{name}-v{snap.version}.csv"'
        )
    return response


def _openapi() -> Response:
    def produce() -> Response:
        snap = snapshot()
        lang = _lang()
        query = parse(OPENAPI, _args(), snap, lang=lang)
        token = bool(settings().API_TOKEN)
        key = ("api-openapi", query.lang, token)
        etag = _etag(snap, key)
        if request.if_none_match.contains_weak(etag):
            return _not_modified(etag)
        body = snap.lru(key, lambda: _dumps(document(snap, query.lang, token_required=token)))
        return _body(snap, key, body, "application/json", etag)

    return _guarded(produce)


def _not_found(rest: str = "") -> Response:
    paths = [e.path for e in ENDPOINTS] + [OPENAPI.path]
    return _error(
        ApiError(404, "not_found", valid=paths, see=OPENAPI.path, path=request.path[:120])
    )


# responses ----------------------------------------------------------------------------------------
def _etag(snap: Snapshot, key: tuple) -> str:
    """Per dataset version, framework and query: a new version is a new ETag."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:20]
    return f"d{snap.version}-f{snap.framework.sha256[:8]}-{digest}"


def _not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.set_etag(etag, weak=True)
    return response


def _body(snap: Snapshot, key: tuple, body: bytes, media_type: str, etag: str) -> Response:
    """The answer, gzip-compressed once per cached body when the client accepts it."""
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "").lower()
    if accepts_gzip and len(body) >= GZIP_FROM_BYTES:
        packed = snap.lru(("api-gzip", key), lambda: gzip.compress(body, 6), maxsize=PAGE_CACHE)
        response = Response(packed, mimetype=media_type)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body, mimetype=media_type)
    if media_type == "text/csv":
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.set_etag(etag, weak=True)
    return response


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error(exc: ApiError) -> Response:
    lang = _lang()
    body = {
        "error": {
            "status": exc.status,
            "code": exc.code,
            "message": t(f"api.error.{exc.code}", lang, **exc.params),
            "parameter": exc.parameter,
            "valid": exc.valid,
            "see": exc.see or None,
        },
        "request_id": request_id(),
    }
    return Response(_dumps(body), status=exc.status, mimetype="application/json")


__all__ = ["PREFIX", "install", "is_api"]
