"""The frame around every page: navbar with language switch, main area, footer."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import fmt_date, t
from dashboard.state import href

NAV = (
    ("overview", "/", "bi-map"),
    ("profile", "/wilayah/{home}", "bi-geo-alt"),
    ("compare", "/bandingkan", "bi-layout-three-columns"),
    ("catalogue", "/indikator", "bi-list-columns-reverse"),
    ("programme", "/program", "bi-diagram-3"),
)


def navbar(*, lang: str, active: str, home: str) -> dbc.Navbar:
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
    links += _account_links(lang)
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
                dbc.NavbarToggler(id="navbar-toggler", n_clicks=0),
                dbc.Collapse(
                    [dbc.Nav(links, navbar=True, className="ms-auto", id=ids.NAV_LINKS), language],
                    id="navbar-collapse",
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        className="mb-3",
        id=ids.NAVBAR,
    )


def _account_links(lang: str) -> list:
    """Sign in, or (signed in) the data management page for editors and sign out.

    Full page loads (``external_link``): ``/admin``, ``/login`` and ``/logout`` are Flask routes or
    guarded pages that the client-side router must not fetch as a callback.
    """
    from dashboard.security.auth import current_user, has_role

    user = current_user()

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

    if user is None:
        return [item("login", "/login", "bi-box-arrow-in-right")]
    links = []
    if has_role("editor"):
        links.append(item("admin", "/admin", "bi-database-gear"))
    links.append(item("logout", "/logout", "bi-box-arrow-right", name=user.name))
    return links


def footer(*, lang: str, version: int | None, framework_version: str) -> html.Footer:
    return html.Footer(
        dbc.Container(
            html.Small(
                [
                    f"{t('common.app_name', lang)} · {t('common.dataset_version', lang, version=version)}"
                    f" · {t('common.dataset_updated', lang, when=_updated(lang))} · ",
                    t("common.footer_note", lang, framework=framework_version),
                ],
                className="text-body-secondary",
            ),
            fluid=True,
        ),
        className="py-3 mt-4 border-top",
        id=ids.FOOTER,
    )


def _updated(lang: str) -> str:
    """When the active dataset version was stored, in WIB."""
    from datetime import datetime

    from dashboard.state import snapshot

    manifest = snapshot().dataset.manifest
    if manifest is None:
        return "–"
    return fmt_date(datetime.fromisoformat(manifest.created_at), lang, time=True)


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


def degraded_banner(lang: str) -> dbc.Alert | None:
    """For editors and admins: the app runs on a fallback version, and why (SPEC R2)."""
    from dashboard.security.auth import has_role
    from dashboard.state import snapshot

    snap = snapshot()
    if not snap.problem or not has_role("editor"):
        return None
    return dbc.Alert(
        [
            html.Strong(t("admin.degraded_title", lang)),
            html.Div(t("admin.degraded_text", lang, version=snap.version)),
            html.Div(t("admin.degraded_detail", lang, problem=snap.problem), className="small"),
            html.A(t("admin.open_admin", lang), href=href("/admin", lang), className="alert-link"),
        ],
        color="danger",
        className="mb-3",
        id="admin-degraded-banner",
    )


def page_frame(
    *children, lang: str, active: str, home: str, version: int | None, framework_version: str
) -> html.Div:
    return html.Div(
        [
            html.A(
                t("common.skip_to_content", lang),
                href="#page-body",
                className="visually-hidden-focusable skip-link",
            ),
            navbar(lang=lang, active=active, home=home),
            dbc.Container(
                [degraded_banner(lang), *children],
                fluid=True,
                className="page-body",
                id="page-body",
            ),
            footer(lang=lang, version=version, framework_version=framework_version),
        ]
    )


def shell() -> html.Div:
    """The app layout: navigation location, the page container, and the callback error alert."""
    import dash

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
