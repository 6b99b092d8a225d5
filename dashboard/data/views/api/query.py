"""A request's query string checked against the endpoint's declaration in :mod:`.spec`.

Strict on purpose: a misspelt parameter, a repeated one, an empty value or an unknown indicator
is a 400 naming the parameter and what to use, never a silently ignored filter (a portal that
harvests a wrong table does not notice an ignored filter).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard.data.store.repository import Snapshot
from dashboard.data.views.api.spec import DEFAULT_LIMIT, Endpoint, Param

MAX_VALUE_CHARS = 64
LIST_VALID_UP_TO = 60  # longer lists (region codes) point to their endpoint instead


class ApiError(Exception):
    """A client mistake: HTTP ``status``, a message key under ``api.error.`` and its params."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        parameter: str | None = None,
        valid: Sequence[str] | None = None,
        see: str = "",
        **params: object,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.parameter = parameter
        self.valid = list(valid) if valid is not None else None
        self.see = see
        self.params = {"parameter": parameter or "", "see": see, **params}


@dataclass(frozen=True)
class Query:
    """A valid request: its filters (in declaration order), format, language and page."""

    endpoint: str
    filters: tuple[tuple[str, str], ...]
    format: str
    lang: str
    limit: int | None  # None: every row (CSV without ``limit``)
    offset: int
    explicit_lang: bool = False

    def get(self, name: str) -> str | None:
        return dict(self.filters).get(name)

    def key(self) -> tuple:
        """What the answer depends on (cache keys, ETags)."""
        return (self.endpoint, self.filters, self.format, self.lang, self.limit, self.offset)

    def query_string(self, **changes: object) -> str:
        """This query as a URL query string, with ``changes`` (paging links)."""
        values: dict[str, object] = dict(self.filters)
        if self.format != "json":
            values["format"] = self.format
        if self.explicit_lang:
            values["lang"] = self.lang
        if self.limit is not None:
            values["limit"] = self.limit
        values["offset"] = self.offset
        values.update(changes)
        return "&".join(f"{k}={v}" for k, v in values.items() if v is not None)


def _shown(value: str) -> str:
    return value if len(value) <= MAX_VALUE_CHARS else value[:MAX_VALUE_CHARS] + "..."


def _check(param: Param, value: str, snap: Snapshot) -> str | int:
    if value == "":
        raise ApiError(400, "empty_value", parameter=param.name)
    if param.kind == "int":
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 12:
            raise ApiError(400, "not_integer", parameter=param.name, value=_shown(value))
        number = int(text)
        if not param.low <= number <= param.high:
            raise ApiError(
                400,
                "out_of_range",
                parameter=param.name,
                value=number,
                low=param.low,
                high=param.high,
            )
        return number
    allowed = param.allowed(snap)
    if value not in allowed:
        short = len(allowed) <= LIST_VALID_UP_TO
        raise ApiError(
            400,
            "unknown_value" if short else "unknown_value_see",
            parameter=param.name,
            valid=allowed if short else None,
            see=param.see,
            value=_shown(value),
            choices=", ".join(allowed) if short else "",
        )
    return value


def parse(
    endpoint: Endpoint,
    args: Mapping[str, Sequence[str]],
    snap: Snapshot,
    *,
    lang: str = "en",
) -> Query:
    """Validate ``args`` (every value of every name) for ``endpoint``; raise :class:`ApiError`."""
    names = [p.name for p in endpoint.params]
    values: dict[str, str | int] = {}
    for name, given in args.items():
        param = endpoint.param(name)
        if param is None:
            raise ApiError(
                400,
                "unknown_parameter",
                parameter=_shown(name),
                valid=names,
                endpoint=endpoint.path,
                choices=", ".join(names),
            )
        if len(given) != 1:
            raise ApiError(400, "repeated_parameter", parameter=name)
        values[name] = _check(param, given[0], snap)
    fmt = str(values.get("format", "json"))
    filters = tuple(
        (p.name, str(values[p.name]))
        for p in endpoint.params
        if p.name in values and p.name not in ("format", "lang", "limit", "offset")
    )
    limit = values.get("limit")
    return Query(
        endpoint=endpoint.name,
        filters=filters,
        format=fmt,
        lang=str(values.get("lang", lang)),
        limit=int(limit) if limit is not None else (None if fmt == "csv" else DEFAULT_LIMIT),
        offset=int(values.get("offset", 0)),
        explicit_lang="lang" in values,
    )
