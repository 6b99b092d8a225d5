"""The "download briefing" control on the region profile: format choice, button, progress, alerts.

Only the tree and its ids: the callback that builds the deck is the page's
(:mod:`dashboard.pages.briefing_download`). The target (region, year, language) travels in a
``dcc.Store`` rebuilt with the profile body, so a year change re-targets the button.
"""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t

BUTTON = "briefing-button"
FORMAT = "briefing-format"
TARGET = "briefing-target"
DOWNLOAD = "briefing-download"
PROGRESS = "briefing-progress"
ALERT = "briefing-alert"
JOB = "briefing-job"  # with REDIS_URL: the queued deck's job id while the page polls it
POLL = "briefing-poll"
STATUS = "briefing-status"  # "queued (position k)" / "building" while polling
POLL_MS = 1000
FORMAT_LABELS = {"pptx": "PPTX", "pdf": "PDF"}
# progress and alerts open under the button without pushing the page header around
_BELOW = {"position": "absolute", "right": 0, "top": "100%", "whiteSpace": "nowrap", "zIndex": 5}


def briefing_controls(code: str, period: int, lang: str, *, formats: Sequence[str]) -> html.Div:
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
                        options=[{"label": FORMAT_LABELS[f], "value": f} for f in formats],
                        value=formats[0],
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
            html.Div(
                id=STATUS,
                hidden=True,
                role="status",
                className="small text-body-secondary bg-body border rounded shadow-sm px-2 py-1 mt-1",
                style=_BELOW,
            ),
            html.Div(id=ALERT, className="mt-1", style={**_BELOW, "minWidth": "22rem"}),
            dcc.Store(id=JOB),
            dcc.Interval(id=POLL, interval=POLL_MS, disabled=True),
            dcc.Download(id=DOWNLOAD),
        ],
        className="briefing-controls",
        style={"position": "relative"},
    )


def queue_status(text: str) -> list:
    """The polling line's content: a spinner and where the queued deck is."""
    return [dbc.Spinner(size="sm", spinner_class_name="me-2"), text]


def briefing_alert(text: str, colour: str = "warning") -> dbc.Alert:
    """A dismissable message under the button (a problem building the deck)."""
    return dbc.Alert(text, color=colour, dismissable=True, className="small py-2 mb-0")
