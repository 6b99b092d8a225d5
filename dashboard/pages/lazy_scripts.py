"""Which scripts a page links (SPEC P2, issue 16): some later, some sooner, one not at all.

Component libraries fetched when first rendered, not on every page.

Dash puts a ``<script>`` for every imported component library into every page. dash-ag-grid's is
1.3 MB (350 KB gzip) and only the pages with a data grid need it; the overview has none. Here its
main bundle is marked ``dynamic`` (still served, no longer in the page) and its fingerprinted URL is
written into the page as a JSON data block (``#kc-lazy-scripts``, not executed, so no CSP hash).
``assets/06-lazy-scripts.js`` defines a stand-in ``window.dash_ag_grid.AgGrid`` that loads the real
bundle on its first render and then renders the real grid with the same props, as dcc's own async
components do with their chunks.

Sooner: dcc's graph and dropdown code arrives in chunks that dcc requests when the first graph or
dropdown renders, that is after the page's layout has arrived; every page draws both, so they are
linked from the page (:data:`EAGER`) and fetched with the other scripts instead of in two more
round trips before the first graph can be drawn.

Not at all: Dash links ``@babel/polyfill`` 7.12 (core-js 2 and regenerator-runtime, 36 KB gzip and
about 100-200 ms of evaluation on a cold load here, before anything else runs) for browsers that
lack ES2015+; of it the renderer and dcc only call the global ``regeneratorRuntime``, which
``assets/04-regenerator-runtime.js`` defines (the same package, 6 KB gzip). And dash_table's bundle
(:data:`UNUSED`): no page draws a ``DataTable``; ``tests/unit/test_page_scripts.py`` fails if one
does.
"""

from __future__ import annotations

import json
import weakref
from functools import partial

import dash
import dash_ag_grid
from dash import _dash_renderer, dash_table, dcc

# namespace -> the package-relative path of its main bundle
LAZY = {"dash_ag_grid": "dash_ag_grid.min.js"}
# dcc chunks every page needs at once: linked from the page instead of loaded on first render
EAGER = ("dcc/async-graph.js", "dcc/async-dropdown.js")
# served (Dash registers them) but linked from no page
UNUSED = ("dash_table/bundle.js",)
POLYFILL = "polyfill@"  # @babel/polyfill among Dash's renderer dependencies
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


def _eager_dist(dist: list[dict]) -> list[dict]:
    """dcc's ``_js_dist`` with the chunks of :data:`EAGER` linked like its main bundle (as Dash's
    ``eager_loading`` links every chunk): webpack finds them registered when it asks for them."""
    return [
        {k: v for k, v in e.items() if k != "async"}
        if e.get("relative_package_path") in EAGER
        else e
        for e in dist
    ]


def _unused_dist(dist: list[dict]) -> list[dict]:
    return [{**e, "dynamic": True} if e.get("relative_package_path") in UNUSED else e for e in dist]


def _without_polyfill(deps: list[dict]) -> list[dict]:
    """Dash's renderer dependencies (React, ...) without ``@babel/polyfill``."""
    out = []
    for dep in deps:
        dep = dict(dep)
        for key in ("relative_package_path", "external_url"):
            if isinstance(dep.get(key), dict):
                dep[key] = {
                    mode: [path for path in paths if POLYFILL not in path]
                    for mode, paths in dep[key].items()
                }
        out.append(dep)
    return out


def linked_scripts() -> None:
    """Dash's lists of scripts for every page, as described above (process-wide: Dash reads them
    from its modules; idempotent)."""
    dcc._js_dist[:] = _eager_dist(dcc._js_dist)
    dash_table._js_dist[:] = _unused_dist(dash_table._js_dist)
    _dash_renderer._js_dist_dependencies[:] = _without_polyfill(
        _dash_renderer._js_dist_dependencies
    )


def install(app: dash.Dash) -> None:
    """Make the libraries of :data:`LAZY` load on first use in ``app``'s pages, and link the
    scripts of :func:`linked_scripts`."""
    linked_scripts()
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
