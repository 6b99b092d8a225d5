"""The frame around every page: navbar with language switch, main area, footer.

Pure trees: who is signed in, the dataset's state and when it was stored are gathered by the
caller (:mod:`dashboard.pages.frame`) and passed in as a :class:`FrameInfo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.charts.query import href
from dashboard.components.printing import print_header
from dashboard.data.degraded import FALLBACK_VERSION, Degraded
from dashboard.i18n import t


@dataclass(frozen=True)
class FrameInfo:
    """What the frame shows besides the page: home region, dataset, account, degraded state."""

    home: str
    version: int | None
    framework_version: str
    updated: str = "–"  # when the dataset version was stored, formatted in WIB
    user_name: str | None = None  # None: nobody signed in
    editor: bool = False  # may open /admin (and sees why the data is degraded)
    problem: str | None = None  # why the app runs on a fallback version
    notices: tuple[Degraded, ...] = field(default_factory=tuple)  # every current degraded reason


NAV = (
    ("overview", "/", "bi-map"),
    ("profile", "/wilayah/{home}", "bi-geo-alt"),
    ("compare", "/bandingkan", "bi-layout-three-columns"),
    ("catalogue", "/indikator", "bi-list-columns-reverse"),
    ("coverage", "/data", "bi-clipboard-data"),
    ("programme", "/program", "bi-diagram-3"),
    ("alerts", "/peringatan", "bi-flag"),
)


def navbar(*, lang: str, active: str, home: str, user_name: str | None, editor: bool) -> dbc.Navbar:
    links = [
        dbc.NavItem(
            dbc.NavLink(
                [
                    html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"}),
                    t(f"common.nav.{key}", lang),
                ],
                href=href(path.format(home=home), lang),
                active=key == active,
            )
        )
        for key, path, icon in NAV
    ]
    links += _account_links(lang, user_name, editor)
    language = html.Div(
        [
            dbc.Label(
                t("common.language", lang), html_for=ids.LANG_SELECT, className="visually-hidden"
            ),
            dbc.Select(
                id=ids.LANG_SELECT,
                options=[
                    {"label": "Bahasa Indonesia", "value": "id"},
                    {"label": "English", "value": "en"},
                ],
                value=lang,
                size="sm",
                className="lang-select",
            ),
        ],
        className="ms-lg-3 mt-2 mt-lg-0",
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [
                        html.I(className="bi bi-broadcast-pin me-2", **{"aria-hidden": "true"}),
                        t("common.app_name", lang),
                    ],
                    href=href("/", lang),
                ),
                navbar_toggler(lang),
                # outside the collapse: on phones and tablets the search stays in reach without
                # opening the menu (a full-width row under the brand, assets/25-responsive.css)
                region_search(lang),
                dbc.Collapse(
                    [
                        dbc.Nav(links, navbar=True, className="ms-auto", id=ids.NAV_LINKS),
                        language,
                    ],
                    id=ids.NAVBAR_COLLAPSE,
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        expand="lg",  # collapsed below 992 px: eight links and the language do not fit a tablet
        className="mb-3",
        id=ids.NAVBAR,
    )


def region_search(lang: str) -> html.Div:
    """The navbar's region search: a WAI-ARIA combobox (input, listbox, live status).

    Dash has no plain ``<input>`` that takes ``role`` and ``aria-*``, so ``assets/50-search.js``
    puts the input (role=combobox, aria-expanded, aria-controls, aria-activedescendant) into this
    container, fills the list from ``/search/regions`` and handles the keys (arrows, Enter,
    Escape). The texts come from here, in the page's language.
    """
    return html.Div(
        [
            html.Label(
                t("search.label", lang), htmlFor=ids.NAV_SEARCH, className="visually-hidden"
            ),
            html.I(className="bi bi-search kc-search-icon", **{"aria-hidden": "true"}),
            html.Span(t("search.help", lang), id="region-search-help", className="visually-hidden"),
            html.Ul(
                id=ids.NAV_SEARCH_LIST,
                role="listbox",
                className="kc-search-list",
                hidden=True,
                **{"aria-label": t("search.list_label", lang)},
            ),
            html.Div(
                id=ids.NAV_SEARCH_STATUS,
                role="status",
                className="visually-hidden",
                **{"aria-live": "polite", "aria-atomic": "true"},
            ),
        ],
        className="kc-search me-lg-3 my-2 my-lg-0",
        role="search",
        **{
            "data-lang": lang,
            "data-endpoint": "/search/regions",
            "data-input-id": ids.NAV_SEARCH,
            "data-placeholder": t("search.placeholder", lang),
        },
    )


def _account_links(lang: str, user_name: str | None, editor: bool) -> list:
    """Sign in, or (signed in) the data management page for editors and sign out.

    Full page loads (``external_link``): ``/admin``, ``/login`` and ``/logout`` are Flask routes or
    guarded pages that the client-side router must not fetch as a callback.
    """

    def item(key: str, path: str, icon: str, **text: object) -> dbc.NavItem:
        return dbc.NavItem(
            dbc.NavLink(
                [
                    html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"}),
                    t(f"common.nav.{key}", lang, **text),
                ],
                href=href(path, lang),
                external_link=True,
                className="nav-account",
            )
        )

    if user_name is None:
        return [item("login", "/login", "bi-box-arrow-in-right")]
    links = []
    if editor:
        links.append(item("admin", "/admin", "bi-database-gear"))
    links.append(item("logout", "/logout", "bi-box-arrow-right", name=user_name))
    return links


def footer(*, lang: str, version: int | None, framework_version: str, updated: str) -> html.Footer:
    return html.Footer(
        dbc.Container(
            html.Small(
                [
                    f"{t('common.app_name', lang)} · "
                    f"{t('common.dataset_version', lang, version='–' if version is None else version)}"
                    f" · {t('common.dataset_updated', lang, when=updated)} · ",
                    t("common.footer_note", lang, framework=framework_version),
                ],
                className="text-body-secondary",
            ),
            fluid=True,
        ),
        className="py-3 mt-4 border-top",
        id=ids.FOOTER,
    )


def synthetic_badge(*, lang: str, show: bool, id: str) -> html.Span:
    """The visible 'Data contoh (sintetis)' label, shown whenever synthetic values are on screen."""
    return html.Span(
        [
            html.I(className="bi bi-exclamation-triangle-fill me-1", **{"aria-hidden": "true"}),
            t("common.synthetic_badge", lang),
        ],
        id=id,
        title=t("common.synthetic_tooltip", lang),
        className="badge text-bg-warning synthetic-badge" + ("" if show else " d-none"),
    )


def degraded_banner(lang: str, info: FrameInfo) -> dbc.Alert | None:
    """For editors and admins: the app runs on a fallback version, and why (SPEC R2)."""
    fallback = any(n.code == FALLBACK_VERSION for n in info.notices)
    if not (fallback and info.problem) or not info.editor:
        return None
    return dbc.Alert(
        [
            html.Strong(t("admin.degraded_title", lang)),
            html.Div(t("admin.degraded_text", lang, version=info.version)),
            html.Div(t("admin.degraded_detail", lang, problem=info.problem), className="small"),
            html.A(t("admin.open_admin", lang), href=href("/admin", lang), className="alert-link"),
        ],
        color="danger",
        className="mb-3",
        id="admin-degraded-banner",
    )


def outage_banner(lang: str, info: FrameInfo) -> dbc.Alert | None:
    """For everyone: what is missing or away right now (no data, a data store unreachable), in
    plain words; editors also read the technical detail and a link to the data management page."""
    public = [n for n in info.notices if n.public]
    if not public:
        return None
    lines: list = [html.Strong(t("degraded.title", lang))]
    for notice in public:
        lines.append(html.Div(t(f"degraded.{notice.code}", lang, **notice.params)))
        if info.editor and notice.detail:
            lines.append(
                html.Div(t("admin.degraded_detail", lang, problem=notice.detail), className="small")
            )
    if info.editor:
        lines.append(
            html.A(t("admin.open_admin", lang), href=href("/admin", lang), className="alert-link")
        )
    return dbc.Alert(lines, color="warning", className="mb-3 degraded-banner", id="degraded-banner")


def no_data(lang: str) -> html.Div:
    """A page's body when no intact dataset version exists: what happened and what repairs it."""
    return html.Div(
        [
            html.I(className="bi bi-database-x no-data-icon", **{"aria-hidden": "true"}),
            html.H1(t("degraded.no_data_title", lang), className="h4 mt-2"),
            html.P(t("degraded.no_data_text", lang), className="text-body-secondary mb-0"),
        ],
        className="no-data text-center py-5",
        id="no-data",
    )


def navbar_toggler(lang: str) -> html.Button:
    """dbc's NavbarToggler, named in the page's language (dbc names it "Toggle navigation" in
    English on every page and has no prop for it); ``aria-expanded`` follows the menu
    (``pages/common.toggle_navbar``)."""
    return html.Button(
        html.Span(className="navbar-toggler-icon"),
        id=ids.NAVBAR_TOGGLER,
        n_clicks=0,
        type="button",
        className="navbar-toggler",
        **{
            "aria-label": t("common.toggle_navigation", lang),
            "aria-controls": ids.NAVBAR_COLLAPSE,
            "aria-expanded": "false",
        },
    )


MAIN = "main-content"  # the main landmark, target of the skip link


def frame(*children, lang: str, active: str, info: FrameInfo) -> html.Div:
    """A page: skip link, navbar, the page's body (after the degraded banner) in the main
    landmark, and footer."""
    return html.Div(
        [
            html.A(  # the first focusable element of every page
                t("common.skip_to_content", lang),
                href=f"#{MAIN}",
                className="visually-hidden-focusable skip-link",
            ),
            navbar(
                lang=lang,
                active=active,
                home=info.home,
                user_name=info.user_name,
                editor=info.editor,
            ),
            html.Main(
                dbc.Container(
                    [
                        print_header(lang),
                        outage_banner(lang, info),
                        degraded_banner(lang, info),
                        *children,
                    ],
                    fluid=True,
                    className="page-body",
                    id="page-body",
                ),
                id=MAIN,
                tabIndex="-1",  # the skip link moves focus here, not only the scroll position
            ),
            footer(
                lang=lang,
                version=info.version,
                framework_version=info.framework_version,
                updated=info.updated,
            ),
        ],
        lang=lang,  # assets/15-a11y.js copies it to <html lang> after a client-side language switch
    )


def shell() -> html.Div:
    """The app layout: navigation location, the page container, and the callback error alert."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            html.Div(
                id=ids.PAGE_ALERT,
                className="page-alert-holder",
                role="status",
                **{"aria-live": "polite"},
            ),
            dash.page_container,
        ]
    )
