"""``GET /geometry/<level>.geojson``: the snapshot's boundaries as a static, cacheable resource.

Browsers fetch it once per boundary version: the pages link ``?v=<boundary version>``, which is
cached as immutable; any other URL is revalidated by ETag, so it never outlives an import.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, request, send_file

from dashboard.data.store.boundaries import LEVELS
from dashboard.state import snapshot

MIMETYPE = "application/geo+json"
IMMUTABLE = "public, max-age=31536000, immutable"


def install(server: Flask) -> None:
    server.add_url_rule("/geometry/<level>.geojson", "geometry", geometry)


def geometry(level: str) -> Response:
    """The level's GeoJSON of the current snapshot (gzip when the browser takes it), or 404."""
    if level not in LEVELS:
        abort(404)
    boundaries = snapshot().boundaries
    if not boundaries.has(level):
        abort(404)
    path = Path(boundaries.files[level])
    packed = path.with_name(path.name + ".gz")
    if packed.exists() and "gzip" in request.headers.get("Accept-Encoding", ""):
        response = send_file(packed, mimetype=MIMETYPE, conditional=True, etag=True)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = send_file(path, mimetype=MIMETYPE, conditional=True, etag=True)
    response.headers["Vary"] = "Accept-Encoding"
    current = request.args.get("v") == str(boundaries.version)
    response.headers["Cache-Control"] = IMMUTABLE if current else "no-cache"
    return response
