"""The "download briefing" control on the region profile: format choice, button, progress, alerts.

The deck is built in a normal callback (no background-callback manager: no new dependency) and
comes back as ``dcc.Download`` content. While it builds, Dash's ``running=`` disables the button
and shows a spinner with a line of text, so nobody clicks five times; errors are alerts in the
user's language, never a traceback. The target (region, year, language) travels in a
``dcc.Store`` rebuilt with the profile body, so a year change re-targets the button.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.data.errors import DataError
from dashboard.exports import render as images
from dashboard.exports.briefing.deck import FORMATS, build_deck
from dashboard.i18n import normalise_lang, t
from dashboard.security import limits
from dashboard.security.headers import request_id
from dashboard.state import snapshot

log = logging.getLogger(__name__)

BUTTON = "briefing-button"
FORMAT = "briefing-format"
TARGET = "briefing-target"
DOWNLOAD = "briefing-download"
PROGRESS = "briefing-progress"
ALERT = "briefing-alert"
FORMAT_LABELS = {"pptx": "PPTX", "pdf": "PDF"}
# progress and alerts open under the button without pushing the page header around
_BELOW = {"position": "absolute", "right": 0, "top": "100%", "whiteSpace": "nowrap", "zIndex": 5}


def briefing_controls(code: str, period: int, lang: str) -> html.Div:
    """Format select and download button for one kab/kota and year, with their progress line."""
    return html.Div(
        [
            dcc.Store(id=TARGET, data={"code": code, "period": int(period), "lang": lang}),
            html.Label(
                t("briefing.ui.format_label", lang), htmlFor=FORMAT, className="visually-hidden"
            ),
            dbc.InputGroup(
                [
                    dbc.Select(
                        id=FORMAT,
                        options=[{"label": FORMAT_LABELS[f], "value": f} for f in FORMATS],
                        value=FORMATS[0],
                        size="sm",
                        style={"maxWidth": "6.5rem"},
                    ),
                    dbc.Button(
                        [
                            html.I(className="bi bi-file-earmark-slides me-1"),
                            t("briefing.ui.button", lang),
                        ],
                        id=BUTTON,
                        color="primary",
                        size="sm",
                        title=t("briefing.ui.hint", lang),
                    ),
                ],
                size="sm",
                className="flex-nowrap",
            ),
            html.Div(
                [
                    dbc.Spinner(size="sm", spinner_class_name="me-2"),
                    t("briefing.ui.building", lang),
                ],
                id=PROGRESS,
                hidden=True,
                role="status",
                className="small text-body-secondary bg-body border rounded shadow-sm px-2 py-1 mt-1",
                style=_BELOW,
            ),
            html.Div(id=ALERT, className="mt-1", style={**_BELOW, "minWidth": "22rem"}),
            dcc.Download(id=DOWNLOAD),
        ],
        className="briefing-controls",
        style={"position": "relative"},
    )


def _alert(text: str, colour: str = "warning") -> dbc.Alert:
    return dbc.Alert(text, color=colour, dismissable=True, className="small py-2 mb-0")


@callback(
    Output(DOWNLOAD, "data"),
    Output(ALERT, "children"),
    Input(BUTTON, "n_clicks"),
    State(FORMAT, "value"),
    State(TARGET, "data"),
    prevent_initial_call=True,
    running=[
        (Output(BUTTON, "disabled"), True, False),
        (Output(PROGRESS, "hidden"), False, True),
    ],
)
def download_briefing_on_click(n_clicks, fmt, target):
    """Build the deck for the profile's region and year and hand it to the browser."""
    target = target or {}
    lang = normalise_lang(target.get("lang"))
    if not n_clicks:
        return no_update, no_update
    if fmt not in FORMATS:
        fmt = FORMATS[0]
    if not limits.hit("export"):
        seconds = limits.retry_after("export")
        return no_update, _alert(t("briefing.ui.error_rate", lang, seconds=seconds))
    try:
        deck = build_deck(
            snapshot(), target.get("code", ""), target.get("period"), fmt=fmt, lang=lang
        )
    except DataError as exc:
        return no_update, _alert(t("briefing.ui.error_input", lang, message=exc.message(lang)))
    except images.RenderUnavailable:
        log.exception("briefing button: no browser [%s]", request_id())
        return no_update, _alert(t("briefing.ui.error_browser", lang), "danger")
    except Exception:
        log.exception("briefing button failed [%s]", request_id())
        return no_update, _alert(t("briefing.ui.error_generic", lang, request_id=request_id()))
    log.info("briefing %s built in %.1f s", deck.filename, deck.seconds)
    return dcc.send_bytes(deck.content, deck.filename, type=deck.media_type), None
