"""The OpenAPI 3.1 document of the API, derived from :data:`.spec.ENDPOINTS` for one snapshot.

Allowed values (indicator ids, years, region codes) are enumerated from the dataset version, so a
schema-based tester (schemathesis in the test suite) knows exactly which requests must succeed and
which must be refused; texts come from ``locales/*/api.toml``.
"""

from __future__ import annotations

from dashboard import __version__
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.api.spec import (
    DEFAULT_LIMIT,
    ENDPOINTS,
    OPENAPI,
    Endpoint,
    Field,
    Param,
)
from dashboard.i18n import t

NULLABLE_STRING = {"type": ["string", "null"]}
ERROR_STATUSES = ("400", "401", "404", "429")


def _param_schema(param: Param, snap: Snapshot) -> dict:
    if param.kind == "int":
        schema: dict = {"type": "integer", "minimum": param.low, "maximum": param.high}
        if param.name == "limit":
            schema["default"] = DEFAULT_LIMIT
        if param.name == "offset":
            schema["default"] = 0
        return schema
    allowed = param.allowed(snap)
    if param.integer:
        return {"type": "integer", "enum": [int(v) for v in allowed]}
    return {"type": "string", "enum": allowed}


def _field_schema(f: Field) -> dict:
    return {"type": [f.type, "null"] if f.nullable else f.type}


def _row_schema(fields: tuple[Field, ...]) -> dict:
    return {
        "type": "object",
        "required": [f.name for f in fields],
        "properties": {f.name: _field_schema(f) for f in fields},
        "additionalProperties": False,
    }


def _envelope(name: str) -> dict:
    link = NULLABLE_STRING
    return {
        "type": "object",
        "required": ["endpoint", "dataset_version", "total", "offset", "limit", "links", "data"],
        "properties": {
            "endpoint": {"type": "string", "const": name},
            "dataset_version": {"type": ["integer", "null"]},
            "framework_version": {"type": "string"},
            "synthetic_note": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "offset": {"type": "integer", "minimum": 0},
            "limit": {"type": ["integer", "null"]},
            "count": {"type": "integer", "minimum": 0},
            "links": {
                "type": "object",
                "required": ["self", "first", "prev", "next", "last"],
                "properties": {k: link for k in ("self", "first", "prev", "next", "last")},
            },
            "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}_row"}},
        },
    }


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "request_id"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "parameter": NULLABLE_STRING,
                "valid": {"type": ["array", "null"], "items": {"type": "string"}},
                "see": NULLABLE_STRING,
            },
        },
        "request_id": {"type": "string"},
    },
}


def _errors(lang: str) -> dict:
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/error"}}}
    return {code: {"description": t(f"api.doc.status_{code}", lang), "content": ref}
            for code in ERROR_STATUSES}  # fmt: skip


def _headers(lang: str) -> dict:
    return {
        "ETag": {"description": t("api.doc.header_etag", lang), "schema": {"type": "string"}},
        "Link": {"description": t("api.doc.header_link", lang), "schema": {"type": "string"}},
    }


def _operation(endpoint: Endpoint, snap: Snapshot, lang: str) -> dict:
    name = endpoint.name
    ok = {
        "description": t("api.doc.status_200", lang),
        "headers": _headers(lang),
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
    return {
        "operationId": f"list_{name}",
        "summary": t(f"api.doc.summary_{name}", lang),
        "description": t(f"api.doc.description_{name}", lang),
        "parameters": [
            {
                "name": p.name,
                "in": "query",
                "required": False,
                "description": t(f"api.doc.param_{p.name}", lang),
                "schema": _param_schema(p, snap),
            }
            for p in endpoint.params
        ],
        "responses": {
            "200": ok,
            "304": {"description": t("api.doc.status_304", lang)},
            **_errors(lang),
        },
    }


def _document_operation(snap: Snapshot, lang: str) -> dict:
    operation = _operation(OPENAPI, snap, lang)
    operation["operationId"] = "openapi"
    operation["responses"]["200"]["content"] = {
        "application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}
    }
    return operation


def document(snap: Snapshot, lang: str = "en", *, token_required: bool = False) -> dict:
    """The whole OpenAPI document for ``snap`` in ``lang``."""
    schemas: dict = {"error": ERROR_SCHEMA}
    paths: dict = {}
    for endpoint in ENDPOINTS:
        paths[endpoint.path] = {"get": _operation(endpoint, snap, lang)}
        schemas[endpoint.name] = _envelope(endpoint.name)
        schemas[f"{endpoint.name}_row"] = _row_schema(endpoint.fields(snap))
    paths[OPENAPI.path] = {"get": _document_operation(snap, lang)}
    doc: dict = {
        "openapi": "3.1.0",
        "info": {
            "title": t("api.doc.title", lang),
            "version": f"{__version__}+data.{snap.version}",
            "description": t(
                "api.doc.description", lang, version=snap.version, limit=DEFAULT_LIMIT
            ),
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }
    if token_required:
        doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        doc["security"] = [{"bearer": []}]
    return doc
