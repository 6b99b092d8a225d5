"""With no intact dataset version (the app started degraded), data routes answer 503, never a trace.

Pages show their "no data" state (:func:`dashboard.pages.frame.needs_data`); exports and the API
have nothing to build from, so they answer ``503`` with ``Retry-After`` and one clear sentence:
JSON in the API's error shape for ``/api/v1/...`` (the OpenAPI document stays available), plain
text for ``/export/...`` and ``/tabel/...``. The next import repairs the store and these routes answer again.
"""

from __future__ import annotations

import json

from flask import Flask, Response, request

from dashboard.data.views.api.spec import LANGS, OPENAPI
from dashboard.i18n import normalise_lang, t
from dashboard.security.auth import API_PREFIX
from dashboard.security.headers import request_id
from dashboard.state import snapshot

GUARDED = ("/export/", "/tabel/", API_PREFIX)
RETRY_AFTER_S = 60


def install(server: Flask) -> None:
    server.before_request(_guard)


def _guard() -> Response | None:
    path = request.path
    if not path.startswith(GUARDED) or path == OPENAPI.path or snapshot().has_data:
        return None
    headers = {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"}
    if path.startswith(API_PREFIX):
        asked = request.args.get("lang")
        lang = asked if asked in LANGS else request.accept_languages.best_match(LANGS) or "en"
        body = {
            "error": {"status": 503, "code": "no_data", "message": t("degraded.no_data", lang)},
            "request_id": request_id(),
        }
        return Response(
            json.dumps(body, ensure_ascii=False), 503, headers, mimetype="application/json"
        )
    lang = normalise_lang(request.args.get("lang"))
    text = f"{t('degraded.no_data', lang)} (request {request_id()})\n"
    return Response(text, 503, headers, mimetype="text/plain")
