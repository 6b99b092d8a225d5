"""What only paper shows: the header of a printed page.

The controls of a view (navbar, filters, export menus) are hidden in print, so a printed page must
say by itself what it shows: the app, when it was printed, the link that opens the same view and
the active filters. The tree is rendered hidden on screen (``d-none d-print-block``);
``assets/27-print.js`` fills the date, the link and the filter values when printing starts, reading
the values from the page's own filter controls (the rows marked ``filters`` or ``kc-filters``).
"""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.i18n import t

LOCALES = {"id": "id-ID", "en": "en-GB"}  # how 27-print.js formats the date printed


def print_header(lang: str) -> html.Div:
    """The printed page's first lines: app and date printed, link of the view, active filters."""
    return html.Div(
        [
            html.Div(
                [
                    html.Strong(t("common.app_name", lang)),
                    html.Span(
                        [f"{t('print.printed', lang)} ", html.Span(id=ids.PRINT_WHEN)],
                        className="kc-print-when",
                    ),
                ],
                className="kc-print-title",
            ),
            html.Div(
                [
                    f"{t('print.view', lang)}: ",
                    html.Span(id=ids.PRINT_URL, className="kc-print-url"),
                ]
            ),
            html.Div(
                [
                    html.Span(f"{t('print.filters', lang)}: ", className="fw-semibold"),
                    html.Span(id=ids.PRINT_FILTERS),
                ],
                className="kc-print-filters",
                hidden=True,  # shown by 27-print.js when the page has filters
            ),
        ],
        id=ids.PRINT_HEADER,
        className="kc-print-header d-none d-print-block",
        **{"data-locale": LOCALES.get(lang, LOCALES["id"])},
    )
