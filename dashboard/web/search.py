"""``GET /search/regions?q=...&lang=id``: the navbar search's suggestions, as JSON.

The index is built once per snapshot (:func:`dashboard.data.views.search.search_index`); one
answer is a few milliseconds. Behind the same login guard as the pages; the query is cut at
:data:`~dashboard.data.views.search.MAX_QUERY` characters and ``limit`` at :data:`MAX_LIMIT`.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

from dashboard.charts.query import href
from dashboard.data.views.search import search_index
from dashboard.i18n import t
from dashboard.labels import short_name
from dashboard.state import lang_of, snapshot

MAX_LIMIT = 20
DEFAULT_LIMIT = 8


def install(server: Flask) -> None:
    server.add_url_rule("/search/regions", "search_regions", search_regions)


def _limit(raw: str | None) -> int:
    try:
        return max(1, min(MAX_LIMIT, int(raw or DEFAULT_LIMIT)))
    except ValueError:
        return DEFAULT_LIMIT


def region_href(code: str, kind: str, lang: str) -> str:
    """Where a suggestion leads: the region's profile (a kecamatan: its regency's district view)."""
    if kind == "district":
        regency = ".".join(code.split(".")[:2])
        return href(f"/wilayah/{regency}/kecamatan", lang, kecamatan=code)
    return href(f"/wilayah/{code}", lang)


def suggestions(query: str, lang: str, limit: int = DEFAULT_LIMIT) -> dict:
    """The JSON document: the query, how many regions matched (up to ``limit``) and each one."""
    matches = search_index(snapshot()).search(query, limit=limit)
    results = [
        {
            "code": m.entry.code,
            "name": m.entry.name,
            "label": short_name(m.entry.name),
            "kind": m.entry.kind,
            "kind_label": t(f"search.kind_{m.entry.kind}", lang),
            "context": m.entry.context,
            "href": region_href(m.entry.code, m.entry.kind, lang),
        }
        for m in matches
    ]
    count = len(results)
    status = t("search.status_none", lang) if not count else t("search.status", lang, n=count)
    return {"query": query, "count": count, "status": status, "results": results}


def search_regions() -> Response:
    lang = lang_of(request.args.get("lang"))
    document = suggestions(request.args.get("q", ""), lang, _limit(request.args.get("limit")))
    response = jsonify(document)
    response.headers["Cache-Control"] = "no-store"
    return response
