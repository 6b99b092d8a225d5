"""What every page needs around its body, gathered once per request and handed to pure trees.

:func:`app_layout` is the app's ``layout`` (Dash calls it per page load); :func:`page_frame`
wraps a page's body with the navbar and footer, reading who is signed in and the dataset's state
here so that :mod:`dashboard.components.shell` stays a pure tree; :func:`chart_menu` gives a
chart card its export menu from the chart registry, :func:`chart_with_text` a chart its title,
summary and data table link (:mod:`dashboard.charts.text`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson
from dash import html

from dashboard.charts.registry import menu_links
from dashboard.charts.text import ChartText, chart_text
from dashboard.components.chart_text import described_chart
from dashboard.components.export_menu import export_menu
from dashboard.components.shell import FrameInfo, frame, no_data, shell
from dashboard.data.store.repository import Snapshot
from dashboard.i18n import fmt_date
from dashboard.security.auth import current_user, has_role
from dashboard.state import (
    degraded,
    export_queue,
    images_available,
    lang_of,
    settings,
    snapshot,
)


def app_layout() -> html.Div:
    """The app layout (``app.layout``): location, page container and callback error alert."""
    return shell()


def frame_info(*, home: str, version: int | None, framework_version: str, lang: str) -> FrameInfo:
    """The signed-in user, the dataset's storage time and any fallback problem, for the frame."""
    snap = snapshot()
    user = current_user()
    manifest = snap.dataset.manifest
    updated = (
        "–"
        if manifest is None
        else fmt_date(datetime.fromisoformat(manifest.created_at), lang, time=True)
    )
    return FrameInfo(
        home=home,
        version=version,
        framework_version=framework_version,
        updated=updated,
        user_name=None if user is None else user.name,
        editor=has_role("editor"),
        problem=snap.problem,
        notices=tuple(degraded()),
    )


def page_frame(
    *children, lang: str, active: str, home: str, version: int | None, framework_version: str
) -> html.Div:
    """A page's body inside the shared frame (navbar, degraded banner for editors, footer)."""
    info = frame_info(home=home, version=version, framework_version=framework_version, lang=lang)
    return frame(*children, lang=lang, active=active, info=info)


def needs_data(active: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A page layout that reads the dataset: with no intact version (the app started degraded)
    the page shows its frame, the banner saying why and a "no data" state instead of failing."""

    def wrap(layout: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(layout)
        def guarded(*args: Any, **query: Any) -> Any:
            snap = snapshot()
            if snap.has_data:
                return layout(*args, **query)
            lang = lang_of(query.get("lang"))
            return page_frame(
                no_data(lang),
                lang=lang,
                active=active,
                home=settings().HOME_REGION,
                version=None,
                framework_version=snap.framework.version,
            )

        return guarded

    return wrap


def export_options() -> tuple[bool, bool, str]:
    """What a page's export menus depend on besides its filters: images can be drawn, exports
    are queued, the configured export language (a key part for :func:`frozen_children`)."""
    return images_available(), export_queue() is not None, settings().LANG


def frozen_children(
    snap: Snapshot,
    key: tuple[Hashable, ...],
    build: Callable[[], Any],
    maxsize: int,
    *,
    once: bool = False,
) -> Any:
    """A page body built once per dataset version and ``key``, and returned as fresh plain data.

    The body of a page load is the same for everyone asking with the same filters and language;
    building its ~170 components again was most of a page callback (P1). It is kept as the JSON
    bytes Dash would send (``key[0]`` names the cache, see :meth:`Snapshot.lru`), and each hit
    gets its own parsed copy, so nothing one request changes reaches another. ``key`` must hold
    everything the body depends on, and the body nothing about the user (the frame has that).
    ``once``: concurrent misses of one key wait for one build (:meth:`Snapshot.lru`).
    """
    from plotly.io.json import to_json_plotly  # Dash's encoder (orjson, web/dash_json.py)

    data = snap.lru(key, lambda: to_json_plotly(build()).encode(), maxsize=maxsize, once=once)
    return orjson.loads(data)


def fill_prop(tree: Any, component_id: str, prop: str, value: Any) -> None:
    """Set ``prop`` of the component ``component_id`` in plain component data (a part kept out
    of :func:`frozen_children`'s cache because it has its own, like a map figure)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(n for n in node if isinstance(n, dict | list))
        elif isinstance(node, dict) and "namespace" in node:
            props = node["props"]
            if props.get("id") == component_id:
                props[prop] = value
                return
            stack.extend(
                v for k, v in props.items() if k != "figure" and isinstance(v, dict | list)
            )
    raise LookupError(f"no component {component_id!r} in the page body")


def chart_menu(
    chart: str,
    *,
    lang: str,
    resolved: Mapping[str, object] | None = None,
    seen: Mapping[str, object] | None = None,
    fixed: Mapping[str, object] | None = None,
) -> html.Div:
    """The export menu of one registered chart, with the page's filters in its links."""
    links = menu_links(
        chart,
        lang=lang,
        default_lang=settings().LANG,
        resolved=resolved,
        seen=seen,
        fixed=fixed,
    )
    return export_menu(
        chart,
        lang=lang,
        items=links.items,
        images=images_available(),
        queued=export_queue() is not None,
        keys=links.keys,
        resolved=links.resolved,
        seen=links.seen,
        fixed=links.fixed,
    )


def chart_with_text(
    chart: str,
    graph,
    *,
    lang: str,
    values: Mapping[str, object],
    fixed: Mapping[str, object] | None = None,
    text: ChartText | None = None,
    menu: bool = True,
    class_name: str = "",
    after: Sequence = (),
) -> html.Figure:
    """A registered chart's graph with its text alternative and data table link.

    ``values``: the chart's resolved query (as its figure was drawn); ``fixed``: the values of
    the link that are not in the page's query string (as for :func:`chart_menu`); ``text``: the
    text when the page has it already (or an empty one while the chart has nothing to show);
    ``menu``: the chart card has the chart's export menu (the link follows its filters);
    ``after``: components drawn under the graph, inside the figure.
    """
    if text is None:
        text = chart_text(chart, snapshot(), values, lang=lang, home=settings().HOME_REGION)
    links = menu_links(chart, lang=lang, default_lang=settings().LANG, resolved=values, fixed=fixed)
    return described_chart(
        graph,
        chart=chart,
        title=text.title,
        summary=text.summary,
        table_href=links.table,
        lang=lang,
        menu=menu,
        class_name=class_name,
        after=after,
    )
