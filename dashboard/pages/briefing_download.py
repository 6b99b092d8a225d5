"""The region profile's briefing download: build the deck when the button is clicked.

The deck is built in a normal callback (no background-callback manager: no new dependency) and
comes back as ``dcc.Download`` content. While it builds, Dash's ``running=`` disables the button
and shows a spinner with a line of text, so nobody clicks five times; errors are alerts in the
user's language, never a traceback. The deck takes one of the host's render slots
(:func:`dashboard.state.render_gate`); when none frees up in time the user is told to retry. The button itself is
:func:`dashboard.components.briefing_button.briefing_controls`.
"""

from __future__ import annotations

import logging

from dash import Input, Output, State, dcc, no_update

from dashboard.components import briefing_button as bb
from dashboard.components.briefing_button import briefing_alert
from dashboard.data.errors import DataError
from dashboard.exports import render as images
from dashboard.exports.briefing.deck import FORMATS, build_deck
from dashboard.exports.gate import RenderBusy
from dashboard.i18n import normalise_lang, t
from dashboard.pages.callbacks import Callbacks
from dashboard.security import limits
from dashboard.security.headers import request_id
from dashboard.state import render_gate, snapshot

log = logging.getLogger(__name__)
callbacks = Callbacks()


@callbacks.callback(
    Output(bb.DOWNLOAD, "data"),
    Output(bb.ALERT, "children"),
    Input(bb.BUTTON, "n_clicks"),
    State(bb.FORMAT, "value"),
    State(bb.TARGET, "data"),
    prevent_initial_call=True,
    running=[
        (Output(bb.BUTTON, "disabled"), True, False),
        (Output(bb.PROGRESS, "hidden"), False, True),
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
        return no_update, briefing_alert(t("briefing.ui.error_rate", lang, seconds=seconds))
    try:
        with render_gate().slot():
            deck = build_deck(
                snapshot(), target.get("code", ""), target.get("period"), fmt=fmt, lang=lang
            )
    except RenderBusy as exc:
        return no_update, briefing_alert(t("serve.busy", lang, seconds=exc.retry_after))
    except DataError as exc:
        return no_update, briefing_alert(
            t("briefing.ui.error_input", lang, message=exc.message(lang))
        )
    except images.RenderUnavailable:
        log.exception("briefing button: no browser [%s]", request_id())
        return no_update, briefing_alert(t("briefing.ui.error_browser", lang), "danger")
    except Exception:
        log.exception("briefing button failed [%s]", request_id())
        return no_update, briefing_alert(
            t("briefing.ui.error_generic", lang, request_id=request_id())
        )
    log.info("briefing %s built in %.1f s", deck.filename, deck.seconds)
    return dcc.send_bytes(deck.content, deck.filename, type=deck.media_type), None


register_callbacks = callbacks.register
