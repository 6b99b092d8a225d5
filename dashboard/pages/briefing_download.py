"""The region profile's briefing download: build the deck when the button is clicked.

The deck is built in a normal callback (no background-callback manager: no new dependency) and
comes back as ``dcc.Download`` content. With ``REDIS_URL`` the callback puts the deck on the export
queue instead and waits up to ``EXPORT_WAIT_SECONDS``; when the worker is not done by then, the
job id goes into a store and an interval polls the job's state once a second, showing "queued
(position k)" / "building" under the button and downloading the deck when it is ready. While it builds, Dash's ``running=`` disables the button
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
from dashboard.data import observe
from dashboard.data.errors import DataError
from dashboard.exports import render as images
from dashboard.exports.briefing.build import resolve_period, resolve_region
from dashboard.exports.briefing.deck import FORMATS, build_deck
from dashboard.exports.gate import RenderBusy
from dashboard.exports.queue import ExportQueue, JobState, QueueUnavailable
from dashboard.i18n import normalise_lang, t
from dashboard.pages.callbacks import Callbacks
from dashboard.security import limits
from dashboard.security.headers import request_id
from dashboard.state import export_queue, render_gate, settings, snapshot

log = logging.getLogger(__name__)
callbacks = Callbacks()


@callbacks.callback(
    Output(bb.DOWNLOAD, "data"),
    Output(bb.ALERT, "children"),
    Output(bb.JOB, "data"),
    Output(bb.POLL, "disabled"),
    Output(bb.STATUS, "children"),
    Output(bb.STATUS, "hidden"),
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
        return no_update, no_update, no_update, True, None, True
    if fmt not in FORMATS:
        fmt = FORMATS[0]
    if not limits.hit("export"):
        seconds = limits.retry_after("export")
        alert = briefing_alert(t("briefing.ui.error_rate", lang, seconds=seconds))
        return no_update, alert, None, True, None, True
    queue = export_queue()
    if queue is not None:
        return _queued(queue, fmt, target, lang)
    download, alert = _build_here(fmt, target, lang)
    return download, alert, None, True, None, True


def _build_here(fmt, target, lang):
    """Without Redis: the deck in this process, behind the host's render gate."""
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
    observe.emit("export", {"kind": "briefing", "outcome": "ok"}, deck.seconds)
    log.info("briefing %s built in %.1f s", deck.filename, deck.seconds)
    return dcc.send_bytes(deck.content, deck.filename, type=deck.media_type), None


def _queued(queue: ExportQueue, fmt: str, target: dict, lang: str):
    """Enqueue the deck and wait a while; beyond that, hand the job to the polling interval."""
    try:
        snap = snapshot()
        code = resolve_region(snap, str(target.get("code", "")))
        period = resolve_period(snap, target.get("period"))
    except DataError as exc:
        alert = briefing_alert(t("briefing.ui.error_input", lang, message=exc.message(lang)))
        return no_update, alert, None, True, None, True
    try:
        job_id = queue.enqueue(
            "briefing", {"code": code, "period": int(period), "fmt": fmt, "lang": lang}
        )
        job = queue.wait(job_id, settings().EXPORT_WAIT_SECONDS)
        return _answer(queue, job, lang)
    except QueueUnavailable:
        alert = briefing_alert(t("queue.unavailable", lang, seconds=30), "danger")
        return no_update, alert, None, True, None, True


def _answer(queue: ExportQueue, job: JobState, lang: str):
    """(download, alert, job store, poll disabled, status line, status hidden) for ``job``."""
    if job.state == "ready":
        result = queue.result(job.id)
        if result is not None:
            seconds = result.get("seconds", 0.0)
            observe.emit("export", {"kind": "briefing", "outcome": "ok"}, seconds)
            download = dcc.send_bytes(
                result["content"], result["filename"], type=result["media_type"]
            )
            return download, None, None, True, None, True
        job = JobState(job.id, "missing")
    if job.state in ("queued", "building"):
        text = _state_text(job, lang)
        return no_update, None, {"id": job.id, "lang": lang}, False, bb.queue_status(text), False
    return no_update, briefing_alert(_state_text(job, lang)), None, True, None, True


def _state_text(job: JobState, lang: str) -> str:
    if job.state == "queued":
        if job.position:
            return t("queue.queued", lang, position=job.position)
        return t("queue.queued_plain", lang)
    if job.state == "building":
        return t("queue.building", lang)
    if job.state == "failed" and job.message and job.message != "render_unavailable":
        return job.message
    if job.state == "failed":
        return t("queue.failed", lang, request_id=request_id())
    return t("queue.expired", lang)


@callbacks.callback(
    Output(bb.DOWNLOAD, "data", allow_duplicate=True),
    Output(bb.ALERT, "children", allow_duplicate=True),
    Output(bb.JOB, "data", allow_duplicate=True),
    Output(bb.POLL, "disabled", allow_duplicate=True),
    Output(bb.STATUS, "children", allow_duplicate=True),
    Output(bb.STATUS, "hidden", allow_duplicate=True),
    Input(bb.POLL, "n_intervals"),
    State(bb.JOB, "data"),
    prevent_initial_call=True,
)
def poll_briefing_job(_n, job):
    """Once a second while a queued deck is not ready: its state, then the download."""
    queue = export_queue()
    if not job or queue is None or not isinstance(job.get("id"), str):
        return no_update, no_update, None, True, None, True
    lang = normalise_lang(job.get("lang"))
    try:
        return _answer(queue, queue.state(job["id"][:64]), lang)
    except QueueUnavailable:
        alert = briefing_alert(t("queue.unavailable", lang, seconds=30), "danger")
        return no_update, alert, None, True, None, True


register_callbacks = callbacks.register
