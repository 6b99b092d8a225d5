"""Import a BPS WebAPI answer (fetched now or saved earlier) by the importer's own code path.

The answer is read into long rows (:mod:`.webapi`), written as a plain CSV in a temporary folder
and imported with :func:`dashboard.data.imports.indicators.import_indicators`: the same checks
(bounds, duplicates), the same all-or-nothing store, manifest and audit log as any file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.errors import DataError, ValidationError
from dashboard.data.framework import Framework
from dashboard.data.imports.bps.webapi import (
    TIMEOUT_S,
    Query,
    fetch,
    load_response,
    parse_response,
    request_url,
)
from dashboard.data.imports.tables.columns import indicator_lookup, norm_header
from dashboard.data.imports.tables.columns import suggest as suggest_indicator
from dashboard.data.regions import RegionIndex
from dashboard.data.store.backend import Store


@dataclass(frozen=True)
class Access:
    """Where the WebAPI is and the key to use (from the settings ``BPS_API_URL``/``BPS_API_KEY``)."""

    url: str
    key: str
    timeout: float = TIMEOUT_S
    opener: Callable | None = None  # tests pass a fake ``urlopen``


def response_bytes(query: Query, *, access: Access | None, from_file: Path | None) -> bytes:
    """A saved answer's bytes, or the WebAPI's answer now (fails fast without a key)."""
    if from_file is not None:
        try:
            return Path(from_file).read_bytes()
        except OSError as exc:
            raise DataError(
                "importer.unreadable", file=str(from_file), detail=exc.strerror
            ) from None
    if access is None or not access.key:
        raise DataError("bps.no_key")
    url = request_url(access.url, access.key, query)
    if access.opener is not None:
        return fetch(url, timeout=access.timeout, opener=access.opener)
    return fetch(url, timeout=access.timeout)


def check_indicator(indicator: str, framework: Framework) -> str:
    """The framework id for ``indicator`` (id or name), or DataError with suggestions."""
    from dashboard.data.imports.tables.bilingual import hint

    lookup = indicator_lookup(framework)
    ident = lookup.get(norm_header(indicator or ""))
    if ident is None:
        raise DataError(
            "bps.unknown_indicator", key=indicator, hint=hint(suggest_indicator(indicator, lookup))
        )
    return ident


def import_bps(
    store: Store,
    query: Query,
    *,
    indicator: str,
    regions: RegionIndex,
    framework: Framework,
    access: Access | None = None,
    from_file: Path | None = None,
    save_to: Path | None = None,
    who: str | None = None,
    mode: str = "merge",
    limits: object | None = None,
):
    """Fetch (or read) the answer for ``query`` and import it; returns the ImportOutcome.

    Raises DataError (no key, no network, not an answer) or ValidationError (unknown regions,
    values out of bounds) before anything is stored.
    """
    from dashboard.data.imports.indicators import import_indicators

    ident = check_indicator(indicator, framework)
    raw = response_bytes(query, access=access, from_file=from_file)
    if save_to is not None:
        Path(save_to).write_bytes(raw)
    name = Path(from_file).name if from_file else f"BPS WebAPI var {query.var} ({query.domain})"
    parsed = parse_response(
        load_response(raw), indicator=ident, regions=regions, name=name, var=str(query.var)
    )
    if query.years:
        parsed.rows = parsed.rows[parsed.rows["tahun"].isin(set(query.years))]
    if not parsed.report.ok:
        raise ValidationError(parsed.report)
    with tempfile.TemporaryDirectory(prefix="bps-") as folder:
        path = Path(folder) / f"bps_var{parsed.var}.csv"
        parsed.rows.to_csv(path, index=False, encoding="utf-8")
        return import_indicators(
            store,
            path,
            regions=regions,
            framework=framework,
            limits=limits,
            who=who,
            mode=mode,
            display_name=f"{name} → {path.name}",  # the rows as read from the answer
        )
