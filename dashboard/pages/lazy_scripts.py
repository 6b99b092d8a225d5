"""Component libraries fetched when first rendered, not on every page (SPEC P2, issue 16).

Dash puts a ``<script>`` for every imported component library into every page. dash-ag-grid's is
1.3 MB (350 KB gzip) and only the pages with a data grid need it; the overview has none. Here its
main bundle is marked ``dynamic`` (still served, no longer in the page) and its fingerprinted URL is
written into the page as a JSON data block (``#kc-lazy-scripts``, not executed, so no CSP hash).
``assets/06-lazy-scripts.js`` defines a stand-in ``window.dash_ag_grid.AgGrid`` that loads the real
bundle on its first render and then renders the real grid with the same props, as dcc's own async
components do with their chunks.
"""

from __future__ import annotations

import json
import weakref
from functools import partial

import dash
import dash_ag_grid

# namespace -> the package-relative path of its main bundle
LAZY = {"dash_ag_grid": "dash_ag_grid.min.js"}
DATA_BLOCK_ID = "kc-lazy-scripts"
_DATA_BLOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per app, built once


def _lazy_dist(dist: list[dict], path: str) -> list[dict]:
    """The library's ``_js_dist`` with its main bundle served but not linked from pages."""
    out = []
    for entry in dist:
        if entry.get("relative_package_path") == path:
            entry = {k: v for k, v in entry.items() if k not in ("async", "dynamic")}
            entry["dynamic"] = True
        out.append(entry)
    return out


def install(app: dash.Dash) -> None:
    """Make the libraries of :data:`LAZY` load on first use in ``app``'s pages."""
    modules = {"dash_ag_grid": dash_ag_grid}
    for namespace, path in LAZY.items():
        module = modules[namespace]
        module._js_dist = _lazy_dist(module._js_dist, path)
        for name in getattr(module, "__all__", ()):  # components carry their own copy
            component = getattr(module, name, None)
            if isinstance(component, type) and hasattr(component, "_js_dist"):
                component._js_dist = module._js_dist
    app.interpolate_index = partial(_with_urls, app, app.interpolate_index)


def urls(app: dash.Dash) -> dict[str, str]:
    """namespace -> the fingerprinted URL of its main bundle (cacheable for a year)."""
    resources = [{"relative_package_path": p, "namespace": ns} for ns, p in LAZY.items()]
    return dict(zip(LAZY, app._collect_and_register_resources(resources), strict=True))


def _with_urls(app: dash.Dash, interpolate, **kwargs) -> str:
    """Dash's page with the data block first, before the asset script that reads it."""
    data = _DATA_BLOCKS.get(app)
    if data is None:
        block = json.dumps(urls(app)).replace("</", "<\\/")
        data = _DATA_BLOCKS[app] = (
            f'<script type="application/json" id="{DATA_BLOCK_ID}">{block}</script>'
        )
    kwargs["scripts"] = data + kwargs.get("scripts", "")
    return interpolate(**kwargs)
