"""What a Dash callback request asks for, read from its JSON body before Dash runs anything.

Pure functions of the request body (no Flask): is it well formed, does it touch the admin pages
(an ``admin-`` component, or the page router asked for ``/admin``), is it one of the wall's own
callbacks. The access guard in :mod:`dashboard.security.auth` decides on these answers.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

ADMIN_PREFIX = "admin-"
ROUTER_CONTENT = "_pages_content"  # output of Dash Pages' router callback
WALL_PATH = "/wall"
WALL_CALLBACK_PREFIX = "wall-"


def is_admin_path(path: str) -> bool:
    first = unquote(path).strip().strip("/").split("/", 1)[0]
    return first.lower() == "admin"


def well_formed_callback(body: Any) -> bool:
    """The shape of a Dash callback request, checked before Dash touches it."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    if not isinstance(body.get("inputs"), list):
        return False
    for key in ("state", "changedPropIds"):
        if body.get(key) is not None and not isinstance(body[key], list):
            return False
    outputs = body.get("outputs")
    if outputs is not None and not isinstance(outputs, dict | list):
        return False
    try:
        for item in _id_items(body):
            if not isinstance(item.get("id"), str | dict) or not isinstance(
                item.get("property"), str
            ):
                return False
    except (TypeError, AttributeError):
        return False
    return True


def _id_items(body: dict) -> list[dict]:
    """Every ``{"id", "property"}`` item of outputs, inputs and state (pattern lists flattened)."""
    items: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            items.append(node)
        elif node is not None:
            raise TypeError("callback item is neither a list nor an object")

    for key in ("outputs", "inputs", "state"):
        walk(body.get(key))
    return items


def _id_strings(component_id: str | dict) -> list[str]:
    if isinstance(component_id, dict):
        return [v for v in component_id.values() if isinstance(v, str)]
    return [component_id]


def needs_editor(body: dict) -> bool:
    """A callback that names an ``admin-`` component, or asks the page router for ``/admin``."""
    if ADMIN_PREFIX in body["output"]:
        return True
    for item in _id_items(body):
        if any(text.startswith(ADMIN_PREFIX) for text in _id_strings(item["id"])):
            return True
        if _is_router_path(item) and is_admin_path(item["value"]):
            return True
    return False


def _is_router_path(item: dict) -> bool:
    """The pathname input of Dash Pages' router callback (which page layout to render)."""
    return (
        item["id"] == "_pages_location"
        and item["property"] == "pathname"
        and isinstance(item.get("value"), str)
    )


def is_wall_callback(body: dict) -> bool:
    """Only the wall's own callbacks: its outputs, or the page router asked for ``/wall``.

    Decided from ``output``, the key Dash dispatches on, not from the other fields.
    """
    ids = output_ids(body["output"])
    if not ids:
        return False
    if ROUTER_CONTENT in ids:
        paths = [item["value"] for item in _id_items(body) if _is_router_path(item)]
        return len(paths) == 1 and paths[0].rstrip("/") == WALL_PATH
    return all(_id_type(component_id).startswith(WALL_CALLBACK_PREFIX) for component_id in ids)


def _id_type(component_id: str | dict) -> str:
    """A plain id, or the ``type`` of a pattern-matching id."""
    if isinstance(component_id, dict):
        kind = component_id.get("type")
        return kind if isinstance(kind, str) else ""
    return component_id


def output_ids(output: str) -> list[str | dict] | None:
    """Component ids named by a callback's ``output`` key (``id.prop`` or ``..a.p...b.q..``)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    ids: list[str | dict] = []
    for part in parts:
        component, dot, _prop = part.rpartition(".")
        if not dot or not component:
            return None
        if component.startswith("{"):
            try:
                parsed = json.loads(component)
            except ValueError:
                return None
            if not isinstance(parsed, dict):
                return None
            ids.append(parsed)
        else:
            ids.append(component)
    return ids
