"""Downloading the open geoBoundaries files for Indonesia (CLI ``boundaries download``)."""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from dashboard.data.errors import DataError
from dashboard.data.imports.geometry.reading import short_error

GEOBOUNDARIES_API = "https://www.geoboundaries.org/api/current/gbOpen/IDN/{adm}/"
GEOBOUNDARIES_ATTRIBUTION = "geoBoundaries (www.geoboundaries.org), CC BY 4.0"


def download_geoboundaries(*, timeout: float = 5.0, directory: Path | None = None) -> list[Path]:
    """Fetch geoBoundaries IDN ADM1 and ADM2 GeoJSON (CC BY 4.0); fails fast when offline."""
    target = Path(directory) if directory is not None else Path(tempfile.mkdtemp(prefix="gb-"))
    paths = []
    try:
        for adm in ("ADM1", "ADM2"):
            meta = _fetch_json(GEOBOUNDARIES_API.format(adm=adm), timeout=timeout)
            url = meta.get("gjDownloadURL")
            if not isinstance(url, str) or not url.startswith("https://"):
                raise DataError("boundaries.download_failed", url=adm, reason="no gjDownloadURL")
            path = target / f"geoBoundaries-IDN-{adm}.geojson"
            path.write_bytes(_fetch(url, timeout=timeout))
            paths.append(path)
    except DataError:
        if directory is None:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return paths


def _fetch_json(url: str, *, timeout: float) -> dict:
    try:
        meta = json.loads(_fetch(url, timeout=timeout))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError("boundaries.download_failed", url=url, reason=short_error(exc)) from None
    if not isinstance(meta, dict):
        raise DataError("boundaries.download_failed", url=url, reason="not a JSON object")
    return meta


def _fetch(url: str, *, timeout: float) -> bytes:
    """One GET with a socket timeout and no retries: offline must fail in seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise DataError("boundaries.download_failed", url=url, reason=exc.code) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DataError("boundaries.offline", reason=short_error(reason)) from None
