"""Command-center wall `/wall`: full-screen rotating scenes for a video wall, unattended for weeks.

Rotation, clock, progress bar, burn-in shift, connection watch and the safety-net reload run in
``assets/30-wall.js`` without any server round trip, so rotating never re-mounts a graph and never
fails when the network does. The server is asked only when the snapshot changes (a new dataset or
boundary version: every scene's figures are rebuilt in place, the maps with the new geometry URL)
and when the spotlight moves to its next indicator (a values-only Patch). Scenes are built in
:mod:`dashboard.pages.wall_scenes`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping

import dash
from dash import ALL, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from flask import request

from dashboard import ids
from dashboard.charts import maps
from dashboard.components.shell import synthetic_badge
from dashboard.config import Settings
from dashboard.data.errors import DataError
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.alerts import alert_message, home_alerts
from dashboard.data.views.periods import default_period
from dashboard.data.views.wall import (
    WallConfig,
    compare,
    load_playlists,
    position,
    wall_config,
    wall_lang,
)
from dashboard.i18n import t
from dashboard.pages import wall_scenes
from dashboard.pages.callbacks import Callbacks
from dashboard.state import degraded, settings, snapshot

log = logging.getLogger(__name__)

dash.register_page(__name__, path="/wall", title="Dinding · Kota Cerdas Command Center")
callbacks = Callbacks()


def layout(**query) -> html.Div:
    """The wall for the URL's scenes, interval, region and language, or a notice asking a token."""
    wall_settings = settings()
    lang = "en" if query.get("lang") == "en" else "id"
    if wall_settings.WALL_TOKEN and query.get("token") != wall_settings.WALL_TOKEN:
        return _locked(lang)
    snap = snapshot()
    if not snap.has_data:
        return _no_data(lang, wall_settings, token=query.get("token") or "")
    cfg = _wall_config(query, snap, wall_settings)
    period = default_period(snap)
    return html.Div(
        [*_stores(snap, cfg), _stage(snap, cfg, period)],
        className="wall",
        id="wall-root",
        lang=cfg.lang,  # the document's language (assets/15-a11y.js)
        **_root_data(snap, cfg, wall_settings, token=query.get("token") or ""),
    )


def document_lang(query: Mapping[str, object]) -> str:
    """The wall's language before its layout is built: ``<html lang>`` of its first paint."""
    wall_settings = settings()
    try:
        playlists = load_playlists(wall_settings.WALL_PLAYLISTS)
    except DataError:  # the layout logs the broken file
        playlists = {}
    playlist = playlists.get(str(query.get("playlist") or "default"), {})
    return wall_lang(query, playlist, wall_settings.LANG)


def _locked(lang: str) -> html.Div:
    return html.Div(
        html.P(t("wall.token_required", lang), className="wall-message"),
        className="wall wall-locked",
        lang=lang,
    )


def _no_data(lang: str, wall_settings: Settings, *, token: str) -> html.Div:
    """No intact dataset version: the header with clock and banner, and one large sentence. The
    wall keeps polling ``/wall/state`` and reloads itself once an import has repaired the store."""
    header = html.Header(
        [
            html.Div(
                [html.I(className="bi bi-broadcast-pin me-3"), t("wall.title", lang)],
                className="wall-brand",
            ),
            html.Div("", className="wall-scene-name", id="wall-scene-name"),
            html.Div(
                [degraded_notice(lang), _offline(), _clock()],
                className="wall-right",
            ),
        ],
        className="wall-header",
    )
    message = html.Div(
        html.P(t("degraded.wall_no_data", lang), className="wall-message", id="wall-no-data"),
        className="wall-scenes wall-empty",
        id="wall-scenes",
    )
    stage = html.Div(
        html.Div([header, message], className="wall-shift"),
        className="wall-stage",
        id="wall-stage",
    )
    return html.Div(
        stage,
        className="wall",
        id="wall-root",
        lang=lang,
        **{
            "data-bs-theme": "dark",
            "data-interval": "30",
            "data-reload-hours": str(wall_settings.WALL_RELOAD_HOURS),
            "data-version": "",
            "data-boundary-version": "",
            "data-lang": lang,
            "data-token": token,
            "data-offline-text": t("wall.offline", lang, time="{time}"),
        },
    )


def degraded_notice(lang: str) -> html.Span:
    """What is degraded right now (no data, a data store away), for everyone; 30-wall.js keeps it
    current from ``/wall/state``'s ``notice``."""
    text = notice_text(lang)
    return html.Span(
        text, className="wall-degraded" + ("" if text else " d-none"), id="wall-degraded"
    )


def notice_text(lang: str) -> str:
    """The public degraded reasons as one line in ``lang`` ("" when all is well)."""
    return " ".join(t(f"degraded.{r.code}", lang, **r.params) for r in degraded() if r.public)


def _offline() -> html.Span:
    return html.Span("", className="wall-offline d-none", id="wall-offline", role="status")


def _clock() -> html.Div:
    return html.Div(
        [
            html.Div("--.--", className="wall-clock", id="wall-clock"),
            html.Div("", className="wall-date", id="wall-date"),
        ],
        className="wall-time",
    )


def _wall_config(query: dict, snap: Snapshot, wall_settings: Settings) -> WallConfig:
    """URL over playlist over defaults; what was ignored goes to the log, never to the screen."""
    try:
        playlists = load_playlists(wall_settings.WALL_PLAYLISTS)
    except DataError as exc:
        log.error("%s", exc)
        playlists = {}
    cfg = wall_config(
        query,
        playlists=playlists,
        home=wall_settings.HOME_REGION,
        lang=wall_settings.LANG,
        valid_region=lambda key: _regency(snap, key),
    )
    for note in cfg.notes:
        log.warning("wall %s: %s", request.full_path if request else "", note)
    return cfg


def _regency(snap: Snapshot, key: str) -> str | None:
    try:
        code = snap.regions.resolve(key)
    except DataError:
        return None
    return code if "." in code else None


def versions(snap: Snapshot) -> dict:
    """What the wall compares with ``/wall/state``: either version moving forward redraws it."""
    return {
        "dataset": snap.version,
        "boundaries": snap.boundary_version,
        "position": position(snap),
    }


def _stores(snap: Snapshot, cfg: WallConfig) -> list[dcc.Store]:
    config = {"scenes": list(cfg.scenes), "region": cfg.region, "lang": cfg.lang}
    return [
        dcc.Store(id=ids.WALL_VERSION, data=versions(snap)),
        dcc.Store(id=ids.WALL_SHOWN, data=position(snap)),
        dcc.Store(id=ids.WALL_SHOWN_ACK),
        dcc.Store(id=ids.WALL_CONFIG, data={**config, "interval": cfg.interval}),
        dcc.Store(id=ids.WALL_SPOTLIGHT, data=0),
    ]


def _stage(snap: Snapshot, cfg: WallConfig, period: int) -> html.Div:
    """The 1920x1080 design stage (scaled to the screen by 30-wall.js): header, scenes, progress."""
    scenes = [wall_scenes.scene(name, snap, cfg, period) for name in cfg.scenes]
    progress = html.Div(
        html.Div(className="wall-progress-bar", id="wall-progress-bar"),
        className="wall-progress",
    )
    return html.Div(
        html.Div(
            [
                _header(snap, cfg, period),
                html.Div(
                    alert_banner(snap, cfg),
                    id={"type": ids.WALL_TEXT, "key": "alerts"},
                    className="wall-alerts-holder",
                ),
                html.Div(scenes, className="wall-scenes", id="wall-scenes"),
                progress,
            ],
            className="wall-shift",
        ),
        className="wall-stage",
        id="wall-stage",
    )


def _root_data(snap: Snapshot, cfg: WallConfig, wall_settings: Settings, *, token: str) -> dict:
    """What 30-wall.js reads from the root: timings, the versions on screen, texts."""
    boundary_version = snap.boundary_version
    return {
        "data-bs-theme": "dark",
        "data-interval": str(cfg.interval),
        "data-reload-hours": str(wall_settings.WALL_RELOAD_HOURS),
        "data-version": str(snap.version),
        "data-boundary-version": "" if boundary_version is None else str(boundary_version),
        "data-position": json.dumps(position(snap)),
        "data-lang": cfg.lang,
        "data-token": token,
        "data-offline-text": t("wall.offline", cfg.lang, time="{time}"),
    }


def _header(snap: Snapshot, cfg: WallConfig, period: int) -> html.Header:
    """Brand, the scene on screen, and the status corner."""
    brand = html.Div(
        [html.I(className="bi bi-broadcast-pin me-3"), t("wall.title", cfg.lang)],
        className="wall-brand",
    )
    scene_name = html.Div(
        t(f"wall.scene_{cfg.scenes[0]}", cfg.lang),
        className="wall-scene-name",
        id="wall-scene-name",
    )
    return html.Header(
        [brand, scene_name, _status(snap, cfg.lang, period)], className="wall-header"
    )


def _status(snap: Snapshot, lang: str, period: int) -> html.Div:
    """Synthetic badge, data year, dataset version, offline badge and the WIB clock (30-wall.js)."""
    return html.Div(
        [
            synthetic_badge(lang=lang, show=snap.is_synthetic, id="wall-synthetic"),
            html.Span(
                t("wall.data_as_of", lang, year=period),
                className="wall-meta",
                id={"type": ids.WALL_TEXT, "key": "asof"},
            ),
            html.Span(
                t("wall.version", lang, version=snap.version),
                className="wall-meta",
                id={"type": ids.WALL_TEXT, "key": "version"},
            ),
            degraded_notice(lang),
            _offline(),
            _clock(),
        ],
        className="wall-right",
    )


WALL_ALERTS_SHOWN = 2
ALERT_ICONS = {"critical": "bi-exclamation-circle", "warning": "bi-exclamation-triangle-fill",
               "info": "bi-info-circle"}  # fmt: skip


def alert_banner(snap: Snapshot, cfg: WallConfig) -> html.Div | None:
    """The wall region's active alerts in one strip under the header (most severe first)."""
    try:
        active = home_alerts(snap, cfg.region)
    except Exception:  # the wall never shows a traceback: no banner rather than no wall
        log.exception("wall alert banner failed")
        return None
    if active.empty:
        return None
    records = active.to_dict("records")
    lines = []
    for record in records[:WALL_ALERTS_SHOWN]:
        parts = [
            html.I(
                className=f"bi {ALERT_ICONS[record['severity']]} me-2", **{"aria-hidden": "true"}
            ),
            alert_message(snap, record, cfg.lang),
        ]
        if record.get("synthetic"):
            parts.append(
                html.Span(t("common.synthetic_badge", cfg.lang), className="wall-alert-tag")
            )
        lines.append(html.Div(parts, className=f"wall-alert wall-alert-{record['severity']}"))
    more = len(records) - WALL_ALERTS_SHOWN
    count = html.Div(
        [
            html.Div(t("alerts.wall_banner", cfg.lang, n=len(records))),
            html.Div(t("alerts.wall_more", cfg.lang, n=more), className="wall-alert-more")
            if more > 0
            else None,
        ],
        className=f"wall-alert-count wall-alert-count-{records[0]['severity']}",
    )
    return html.Div(
        [count, html.Div(lines, className="wall-alert-lines")],
        className="wall-alerts",
        role="status",
        id="wall-alerts",
    )


def _config(data: dict) -> WallConfig:
    return WallConfig(tuple(data["scenes"]), int(data["interval"]), data["region"], data["lang"])


@callbacks.callback(
    Output({"type": ids.WALL_GRAPH, "key": ALL}, "figure"),
    Output({"type": ids.WALL_TEXT, "key": ALL}, "children"),
    Output(ids.WALL_SHOWN, "data"),
    Input(ids.WALL_VERSION, "data"),
    State({"type": ids.WALL_GRAPH, "key": ALL}, "id"),
    State({"type": ids.WALL_TEXT, "key": ALL}, "id"),
    State(ids.WALL_CONFIG, "data"),
    State(ids.WALL_SPOTLIGHT, "data"),
    prevent_initial_call=True,
)
def refresh_wall_on_new_version(version, graph_ids, text_ids, config, spotlight):
    """A new dataset or boundary version: every figure and number rebuilt in place, no reload.

    Only from a snapshot at least as new as the one the wall asked for: a host behind the others
    (round robin) waits briefly for the new version, else leaves the wall as it is (it asks again
    at its next poll). The position drawn goes back to the wall (``WALL_SHOWN``).
    """
    snap = caught_up((version or {}).get("position"))
    cfg = _config(config)
    period = default_period(snap)
    figures = [wall_scenes.frozen(i["key"], snap, cfg, period, spotlight) for i in graph_ids]
    texts = [_refreshed_text(i["key"], snap, cfg, period, spotlight) for i in text_ids]
    return figures, texts, position(snap)


CATCH_UP_S = 2.0  # how long a host behind waits for the version a wall already saw elsewhere


def caught_up(target: object, *, wait_s: float | None = None) -> Snapshot:
    """This host's snapshot once it is not behind ``target`` (a wall's position), waiting up to
    ``wait_s``; raises ``PreventUpdate`` when it stays behind, so the wall keeps what it shows."""
    deadline = time.monotonic() + (CATCH_UP_S if wait_s is None else wait_s)
    pause = threading.Event()
    while True:
        snap = snapshot()
        if target is None or compare(position(snap), target) >= 0:
            return snap
        if time.monotonic() >= deadline:
            log.info("wall refresh skipped: this host is behind the wall (%s < %s)",
                     position(snap), target)  # fmt: skip
            raise PreventUpdate
        pause.wait(0.1)


callbacks.clientside_callback(
    """
    function(shown) {
        if (window.kcWall && shown) { window.kcWall.drawn(shown); }
        return window.dash_clientside.no_update;
    }
    """,
    Output(ids.WALL_SHOWN_ACK, "data"),
    Input(ids.WALL_SHOWN, "data"),
)


def _refreshed_text(key: str, snap: Snapshot, cfg: WallConfig, period: int, spotlight):
    if key == "asof":
        return t("wall.data_as_of", cfg.lang, year=period)
    if key == "version":
        return t("wall.version", cfg.lang, version=snap.version)
    if key == "alerts":
        return alert_banner(snap, cfg)
    return wall_scenes.frozen(key, snap, cfg, period, spotlight)


@callbacks.callback(
    Output({"type": ids.WALL_GRAPH, "key": "sorotan-map"}, "figure", allow_duplicate=True),
    Output({"type": ids.WALL_TEXT, "key": "sorotan-panel"}, "children", allow_duplicate=True),
    Output({"type": ids.WALL_TEXT, "key": "sorotan-map-text"}, "children", allow_duplicate=True),
    Input(ids.WALL_SPOTLIGHT, "data"),
    State(ids.WALL_CONFIG, "data"),
    State(ids.WALL_SHOWN, "data"),
    prevent_initial_call=True,
)
def advance_spotlight(index, config, shown):
    """The next indicator in the spotlight: a values-only Patch of the map and a new panel.

    Never from a snapshot older than the one on screen (see :func:`caught_up`). A wall that has
    not yet drawn the current boundaries gets the whole map instead: a patch must not land on a
    figure drawn with other geometry (or on the tile map before the first import).
    """
    snap = caught_up(shown)
    cfg = _config(config)
    period = default_period(snap)
    ind, year, panel = wall_scenes.spotlight_parts(snap, cfg, period, int(index or 0))
    text = wall_scenes.build("sorotan-map-text", snap, cfg, period, index)
    drawn_boundaries = ((shown or {}).get("boundaries") or [0, 0])[1] or None
    if drawn_boundaries != snap.boundary_version:
        return wall_scenes.map_figure(snap, cfg, year, ind.id), panel, text
    patch = maps.readiness_patch(
        snap,
        ind.id,
        year,
        mode=wall_scenes.map_mode(snap),
        province="all",
        lang=cfg.lang,
        home=cfg.region,
        template="wall",
    )
    return patch, panel, text


register_callbacks = callbacks.register
