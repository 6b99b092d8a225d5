"""A map that can be explored by keyboard: the focusable frame around a map's ``dcc.Graph``.

``dcc.Graph`` takes no ``tabIndex`` or ``aria-*``, so the frame carries them: focusable, role
``application`` (screen readers hand the arrow keys to the page), a name and a usage hint. The
keys themselves are handled in the browser by ``assets/45-map-keys.js`` from what the figure
already holds (names, codes, values, the values trace's ``meta``), so a key press never reaches
the server; the region under the cursor is announced in the polite live region built here.
"""

from __future__ import annotations

import json

from dash import dcc, html

from dashboard.i18n import t


def keyboard_texts(lang: str) -> dict[str, str]:
    """The sentence parts the browser script fills in, in the page's language."""
    return {
        "rank": t("mapkeys.rank", lang),
        "rank_province": t("mapkeys.rank_province", lang),
        "no_value": t("figures.insufficient_data", lang),
        "edge": t("mapkeys.edge", lang),
        "empty": t("mapkeys.empty", lang),
    }


def keyboard_map(
    graph: dcc.Graph,
    *,
    lang: str,
    label_id: str | None = None,
    label: str | None = None,
    home: str | None = None,
    open_key: str = "mapkeys.hint",
) -> html.Div:
    """``graph`` inside a focusable frame (arrows move between regions, Enter acts as a click,
    Escape leaves) and its live region.

    The accessible name comes from ``label_id`` (an element whose text follows the filters, such
    as the card title) or from ``label``; ``home`` is where exploring starts; ``open_key`` names
    what Enter does ("opens the profile", "shows the district").
    """
    hint_id = f"{graph.id}-keys-hint"
    live_id = f"{graph.id}-keys-live"
    name = {"aria-labelledby": label_id} if label_id else {"aria-label": label or ""}
    frame = html.Div(
        [graph, html.Div(t(open_key, lang), id=hint_id, className="kc-map-hint")],
        className="kc-map-keys",
        tabIndex="0",
        role="application",
        **name,
        **{
            "aria-describedby": hint_id,
            "data-graph": graph.id,
            "data-live": live_id,
            "data-home": home or "",
            "data-texts": json.dumps(keyboard_texts(lang), ensure_ascii=False),
        },
    )
    live = html.Div(
        id=live_id,
        role="status",
        className="visually-hidden",
        **{"aria-live": "polite", "aria-atomic": "true"},
    )
    return html.Div([frame, live], className="kc-map-keys-holder")
