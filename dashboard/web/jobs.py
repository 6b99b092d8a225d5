"""Exports through the queue on Redis (``REDIS_URL``): wait a while, else point at the job.

:func:`queued_export` is what ``/export/chart/...`` (images) and ``/export/briefing/...`` do when
the app has an export queue (:func:`dashboard.state.export_queue`): enqueue the job, wait up to
``EXPORT_WAIT_SECONDS`` and stream the file when it is done in time. Beyond that a browser is
sent (303) to the job's progress page and a script gets ``202 Accepted`` with ``Location``
and the job's status URL, so no web thread waits for a busy worker.

- ``GET /export/job/<id>``: the job's state as JSON (``state`` = ``queued`` with ``position``,
  ``building``, ``ready``, ``failed``, ``missing``; ``message`` in ``?lang=``; ``file`` when
  ready); for a browser (``Accept: text/html``) a small page that refreshes itself every two
  seconds and moves on to the file when it is ready (no script: the CSP allows none inline).
- ``GET /export/job/<id>/file``: the finished file (kept ``RESULT_TTL`` seconds), 404 before.

Redis not answering: 503 "export queue unavailable" with ``Retry-After``, JSON or plain text per
the route's convention. Job ids are random UUIDs, unguessable: the id is the capability.
"""

from __future__ import annotations

import json
import re
import time
from html import escape
from typing import Any

from flask import Flask, Response, redirect, request

from dashboard import state
from dashboard.config import Settings
from dashboard.exports.queue import ExportQueue, JobState, QueueUnavailable
from dashboard.i18n import LANGS, t
from dashboard.security.headers import request_id
from dashboard.web import metrics

JOB_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RETRY_AFTER_S = 30
REFRESH_S = 2


def install(server: Flask, settings: Settings) -> None:
    """The job routes, and the queue length for ``/metrics`` (with ``REDIS_URL`` only)."""
    if not settings.REDIS_URL:
        return
    server.add_url_rule("/export/job/<job_id>", "export_job", job_status)
    server.add_url_rule("/export/job/<job_id>/file", "export_job_file", job_file)
    probe = ExportQueue(settings.REDIS_URL, settings.REDIS_PREFIX)

    def length() -> int | None:
        try:
            return probe.length()
        except QueueUnavailable:
            return None

    metrics.queue_length = length


def queued_export(queue: ExportQueue, kind: str, params: dict[str, Any], lang: str) -> Response:
    """Enqueue, wait up to ``EXPORT_WAIT_SECONDS``, then the file, an error or the job's URL."""
    started = time.perf_counter()
    metric = "image" if kind == "chart" else kind
    try:
        job_id = queue.enqueue(kind, {**params, "lang": lang})
        job = queue.wait(job_id, state.settings().EXPORT_WAIT_SECONDS)
        if job.state == "ready":
            response = _file(queue, job_id)
            metrics.export_done(metric, "ok", time.perf_counter() - started)
            return response
    except QueueUnavailable:
        metrics.export_done(metric, "unavailable", 0.0)
        return unavailable(lang)
    if job.state == "failed":
        metrics.export_done(metric, "error", 0.0)
        return _plain(job.status or 500, _message(job, lang))
    metrics.export_done(metric, "queued", 0.0)
    status_url = f"/export/job/{job_id}?lang={lang}"
    if _wants_html():
        return redirect(status_url, code=303)
    body = {
        "state": job.state,
        "position": job.position,
        "status": status_url,
        "file": f"/export/job/{job_id}/file",
        "message": t(
            "queue.accepted", lang, status_url=status_url, file_url=f"/export/job/{job_id}/file"
        ),
    }
    return _answer(202, body, headers={"Location": status_url})


def unavailable(lang: str) -> Response:
    """503: Redis does not answer, so the queue can neither take nor report jobs."""
    message = t("queue.unavailable", lang, seconds=RETRY_AFTER_S)
    body = {"error": "export_queue_unavailable", "message": message, "retry_after": RETRY_AFTER_S}
    return _answer(503, body, headers={"Retry-After": str(RETRY_AFTER_S)})


def job_status(job_id: str) -> Response:
    lang = _lang()
    queue = state.export_queue()
    if queue is None or not JOB_ID.match(job_id):
        return _answer(404, {"state": "missing", "message": t("queue.expired", lang)})
    try:
        job = queue.state(job_id)
    except QueueUnavailable:
        return unavailable(lang)
    file_url = f"/export/job/{job_id}/file"
    if _wants_html():
        if job.state == "ready":
            return redirect(file_url, code=303)
        return _progress_page(job, lang)
    body = {
        "state": job.state,
        "position": job.position,
        "message": _message(job, lang),
        "file": file_url if job.state == "ready" else None,
    }
    return _answer(404 if job.state == "missing" else 200, body)


def job_file(job_id: str) -> Response:
    lang = _lang()
    queue = state.export_queue()
    if queue is None or not JOB_ID.match(job_id):
        return _plain(404, t("queue.expired", lang))
    try:
        return (
            _file(queue, job_id) if queue.result(job_id) else _plain(404, t("queue.expired", lang))
        )
    except QueueUnavailable:
        return unavailable(lang)


def job_message(job: JobState, lang: str) -> str:
    """What a user reads about ``job`` (the briefing button shows the same texts)."""
    return _message(job, lang)


# -- internals ------------------------------------------------------------------------------------


def _file(queue: ExportQueue, job_id: str) -> Response:
    result = queue.result(job_id)
    if result is None:
        raise QueueUnavailable(queue.where, RuntimeError("result vanished"))
    response = Response(result["content"], mimetype=result["media_type"])
    response.headers["Content-Disposition"] = f'attachment; filename="{result["filename"]}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _message(job: JobState, lang: str) -> str:
    if job.state == "queued":
        if job.position:
            return t("queue.queued", lang, position=job.position)
        return t("queue.queued_plain", lang)
    if job.state == "building":
        return t("queue.building", lang)
    if job.state == "ready":
        return t("queue.ready", lang)
    if job.state == "failed":
        if job.message and job.message != "render_unavailable":
            return job.message
        return t("queue.failed", lang, request_id=request_id())
    return t("queue.expired", lang)


def _progress_page(job: JobState, lang: str) -> Response:
    message = _message(job, lang)
    refresh = job.state in ("queued", "building")
    head = f'<meta http-equiv="refresh" content="{REFRESH_S}">' if refresh else ""
    body = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}'
        f"<title>{escape(t('queue.page_title', lang))}</title></head><body>"
        f'<p role="status">{escape(message)}</p></body></html>'
    )
    status = 404 if job.state == "missing" else 200
    return Response(
        body, status=status, mimetype="text/html", headers={"Cache-Control": "no-store"}
    )


def _answer(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    """JSON for clients that accept it (or prefer it), plain text otherwise."""
    headers = {"Cache-Control": "no-store", **(headers or {})}
    best = request.accept_mimetypes.best_match(["text/plain", "application/json"])
    if best == "application/json" or request.path.startswith("/export/job/"):
        return Response(
            json.dumps(body), status=status, mimetype="application/json", headers=headers
        )
    return Response(
        f"{body['message']} (request {request_id()})\n",
        status=status,
        mimetype="text/plain",
        headers=headers,
    )


def _plain(status: int, message: str) -> Response:
    return Response(
        f"{message} (request {request_id()})\n",
        status=status,
        mimetype="text/plain",
        headers={"Cache-Control": "no-store"},
    )


def _wants_html() -> bool:
    """A browser navigating (it names text/html); ``*/*`` alone is a script."""
    return "text/html" in request.headers.get("Accept", "")


def _lang() -> str:
    asked = request.args.get("lang", "")
    return asked if asked in LANGS else state.settings().LANG
