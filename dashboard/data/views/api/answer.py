"""One page of an answer, encoded: the JSON envelope with paging links, or CSV.

Paging is ``limit``/``offset``; every JSON answer says ``total`` and carries ``links`` (self,
first, prev, next, last; null where there is none), and the web layer repeats them in a ``Link``
header so CSV clients can page too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from dashboard.data.safe_text import neutralise
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.api.query import Query
from dashboard.data.views.api.rows import records, rows
from dashboard.data.views.api.spec import PREFIX
from dashboard.i18n import t

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv"}


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    total: int
    links: dict[str, str | None] = field(default_factory=dict)


def links(query: Query, total: int) -> dict[str, str | None]:
    """self/first/prev/next/last as path-absolute URLs (None where there is no such page)."""
    base = f"{PREFIX}/{query.endpoint}?"
    if query.limit is None:
        return {"self": base + query.query_string(), "first": None, "prev": None, "next": None,
                "last": None}  # fmt: skip
    limit, offset = query.limit, query.offset
    last = max(0, (total - 1) // limit * limit) if total else 0
    return {
        "self": base + query.query_string(),
        "first": base + query.query_string(offset=0),
        "prev": base + query.query_string(offset=max(0, offset - limit)) if offset > 0 else None,
        "next": base + query.query_string(offset=offset + limit)
        if offset + limit < total
        else None,
        "last": base + query.query_string(offset=last),
    }


def answer(snap: Snapshot, query: Query) -> Answer:
    """The page ``query`` asks for, encoded in its format."""
    if query.format == "csv":
        return _csv(snap, query)
    return _json(snap, query)


def _bounds(query: Query, total: int) -> tuple[int, int]:
    start = min(query.offset, total)
    stop = total if query.limit is None else min(total, start + query.limit)
    return start, stop


def _json(snap: Snapshot, query: Query) -> Answer:
    everything = records(snap, query)
    total = len(everything)
    start, stop = _bounds(query, total)
    page_links = links(query, total)
    envelope = {
        "endpoint": query.endpoint,
        "dataset_version": snap.version,
        "framework_version": snap.framework.version,
        "synthetic_note": t("api.synthetic_note", query.lang, source=SYNTHETIC),
        "total": total,
        "offset": query.offset,
        "limit": query.limit,
        "count": stop - start,
        "links": page_links,
        "data": everything[start:stop],
    }
    body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Answer(body.encode("utf-8"), MEDIA_TYPES["json"], total, page_links)


def _csv(snap: Snapshot, query: Query) -> Answer:
    frame = rows(snap, query)
    total = len(frame)
    start, stop = _bounds(query, total)
    page = frame.iloc[start:stop].copy()
    for column in page.columns:
        series = page[column]
        if pd.api.types.is_bool_dtype(series):
            page[column] = series.map({True: "true", False: "false"})
        elif not pd.api.types.is_numeric_dtype(series):
            page[column] = series.map(neutralise)
    text = page.to_csv(index=False, lineterminator="\n")
    return Answer(text.encode("utf-8"), MEDIA_TYPES["csv"], total, links(query, total))
