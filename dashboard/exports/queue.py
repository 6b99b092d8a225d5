"""The export queue on Redis (``REDIS_URL``): chart images and briefing decks built by workers.

Without Redis the web process draws exports itself behind the host's render gate
(:mod:`dashboard.exports.gate`). With ``REDIS_URL`` a web request puts a job on the RQ queue
``<REDIS_PREFIX>-exports`` and waits for it at most ``EXPORT_WAIT_SECONDS``; the job runs in a
separate process started with ``python -m dashboard worker`` (:func:`run_workers`: N processes,
each an RQ ``SimpleWorker`` that runs jobs in itself, so its kaleido Chromium stays warm between
jobs). A finished job's file is kept in Redis for ``RESULT_TTL`` seconds, so a page that stopped
waiting can poll the job's state and download it later. Redis not answering is
:class:`QueueUnavailable`: the routes answer 503 "export queue unavailable", nothing waits on it.

Jobs carry only what the request asked for (kind and validated parameters); the worker loads the
active dataset version itself through its own :class:`~dashboard.data.store.repository.Repository`
(same ``DATA_DIR``/``DATABASE_URL`` as the web hosts), once per version.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import redis
from rq import Queue, SimpleWorker
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from dashboard.config import Settings, redis_location

log = logging.getLogger(__name__)

RESULT_TTL = 600  # seconds a built file waits in Redis for its download
FAILURE_TTL = 600
JOB_TIMEOUT = 300  # a deck takes about 10 s; a stuck Chromium is stopped by render's own timeout
POLL_S = 0.1
KINDS = ("chart", "briefing")


class QueueUnavailable(RuntimeError):
    """Redis does not answer: the queue cannot take or report jobs."""

    def __init__(self, where: str, error: BaseException) -> None:
        super().__init__(f"export queue at {where} unavailable ({type(error).__name__})")
        self.where = where


@dataclass(frozen=True)
class JobState:
    """Where a job is: ``queued`` (``position`` 1 = next), ``building``, ``ready``, ``failed``
    (``status``/``message`` from the worker, ready to show) or ``missing`` (expired, unknown)."""

    id: str
    state: str
    position: int | None = None
    status: int | None = None
    message: str | None = None
    filename: str | None = None


class ExportQueue:
    """The RQ queue of one deployment (``REDIS_URL``, ``REDIS_PREFIX``)."""

    def __init__(self, url: str, prefix: str, *, waiters: int = 2) -> None:
        self.where = redis_location(url)
        # at most this many threads of the process wait for jobs: the others keep serving pages
        self.waiters = threading.BoundedSemaphore(max(1, waiters))
        self.redis = redis.Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=5.0)
        self.queue = Queue(f"{prefix}-exports", connection=self.redis)

    def enqueue(self, kind: str, params: Mapping[str, Any]) -> str:
        """Put one job on the queue; its id."""
        if kind not in KINDS:
            raise ValueError(f"unknown export kind {kind!r}")
        try:
            job = self.queue.enqueue(
                run_job,
                kind,
                dict(params),
                job_timeout=JOB_TIMEOUT,
                result_ttl=RESULT_TTL,
                failure_ttl=FAILURE_TTL,
                ttl=JOB_TIMEOUT,  # a job nobody picks up in 5 minutes is dropped
            )
        except redis.RedisError as exc:
            raise QueueUnavailable(self.where, exc) from None
        return job.id

    def state(self, job_id: str) -> JobState:
        """The job's state now (:class:`QueueUnavailable` when Redis does not answer)."""
        try:
            job = Job.fetch(job_id, connection=self.redis)
            status = job.get_status(refresh=False)
            if status == JobStatus.FINISHED:
                result = job.return_value() or {}
                if "error" in result:
                    return JobState(
                        job_id, "failed", status=result["status"], message=result["error"]
                    )
                return JobState(job_id, "ready", filename=result.get("filename"))
            if status in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
                return JobState(job_id, "queued", position=self._position(job_id))
            if status == JobStatus.STARTED:
                return JobState(job_id, "building")
            return JobState(job_id, "failed", status=500)
        except NoSuchJobError:
            return JobState(job_id, "missing")
        except redis.RedisError as exc:
            raise QueueUnavailable(self.where, exc) from None

    def wait(self, job_id: str, seconds: float) -> JobState:
        """Poll the job until it is no longer queued or building, at most ``seconds``.

        When ``waiters`` threads of this process are already waiting, answer the state at once
        (the caller then shows progress): waiting requests must never take every server thread.
        """
        if not self.waiters.acquire(blocking=False):
            return self.state(job_id)
        try:
            deadline = time.monotonic() + seconds
            while True:
                state = self.state(job_id)
                if state.state not in ("queued", "building") or time.monotonic() >= deadline:
                    return state
                time.sleep(POLL_S)
        finally:
            self.waiters.release()

    def result(self, job_id: str) -> dict[str, Any] | None:
        """The finished job's ``content``, ``filename``, ``media_type``; None if not ready."""
        try:
            job = Job.fetch(job_id, connection=self.redis)
            if job.get_status(refresh=False) != JobStatus.FINISHED:
                return None
            value = job.return_value()
        except NoSuchJobError:
            return None
        except redis.RedisError as exc:
            raise QueueUnavailable(self.where, exc) from None
        return value if isinstance(value, dict) and "content" in value else None

    def length(self) -> int:
        """Jobs waiting for a worker."""
        try:
            return self.queue.count
        except redis.RedisError as exc:
            raise QueueUnavailable(self.where, exc) from None

    def _position(self, job_id: str) -> int | None:
        index = self.queue.get_job_position(job_id)
        return None if index is None else index + 1


# -- the worker side ------------------------------------------------------------------------------

_worker: dict[str, Any] = {}  # this worker process's settings and repository


def _settings() -> Settings:
    if "settings" not in _worker:
        _worker["settings"] = Settings.from_env(os.environ)
    return _worker["settings"]


def _snapshot() -> Any:
    """The worker's snapshot of the active dataset version (one repository per process)."""
    if "repository" not in _worker:
        from dashboard.data.store.repository import Repository

        _worker["repository"] = Repository(_settings())
    return _worker["repository"].snapshot()


def run_job(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Build one export in the worker: the file, or ``{"error", "status"}`` for the user."""
    from dashboard.charts.query import ExportError
    from dashboard.data.errors import DataError
    from dashboard.exports import render

    lang = params.get("lang", "id")
    started = time.perf_counter()
    try:
        if kind == "briefing":
            from dashboard.exports.briefing.deck import build_deck

            deck = build_deck(
                _snapshot(), params["code"], params["period"], fmt=params["fmt"], lang=lang
            )
            out = {
                "content": deck.content,
                "filename": deck.filename,
                "media_type": deck.media_type,
            }
        else:
            out = _chart(params, lang)
    except ExportError as exc:
        return {"error": exc.message(lang), "status": exc.status}
    except DataError as exc:
        return {"error": exc.message(lang), "status": 400}
    except render.RenderUnavailable:
        log.exception("export job %s could not render", kind)
        return {"error": "render_unavailable", "status": 503}
    out["seconds"] = time.perf_counter() - started
    log.info("export job %s %s in %.1f s", kind, out["filename"], out["seconds"])
    return out


def _chart(params: dict[str, Any], lang: str) -> dict[str, Any]:
    from dashboard.charts.formats import MIMETYPES
    from dashboard.charts.registry import build_chart
    from dashboard.exports import render

    export = build_chart(
        params["name"], params["query"], snap=_snapshot(), lang=lang, home=_settings().HOME_REGION
    )
    export = dataclasses.replace(
        export,
        provenance=dataclasses.replace(
            export.provenance, url=params.get("host", "") + export.provenance.url
        ),
    )
    fmt = params["fmt"]
    body = render.chart_image(export, fmt, scale=params.get("scale", 1))
    return {"content": body, "filename": export.file_name(fmt), "media_type": MIMETYPES[fmt]}


def work(settings: Settings, *, burst: bool = False) -> None:
    """One worker process: a warm Chromium, then jobs until stopped."""
    from dashboard.exports import render

    logging.basicConfig(
        level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    _worker["settings"] = settings
    render.configure(settings.BROWSER_PATH)
    if render.available():  # start Chromium now: the first job should not pay for it
        try:
            render.to_image({"data": [], "layout": {}}, "png", width=64, height=64)
        except render.RenderUnavailable:
            log.exception("export worker %d: Chromium did not start", os.getpid())
    queue = ExportQueue(settings.REDIS_URL, settings.REDIS_PREFIX)
    log.info("export worker %d on %s queue %s", os.getpid(), queue.where, queue.queue.name)
    SimpleWorker([queue.queue], connection=queue.redis).work(
        burst=burst, with_scheduler=False, logging_level=settings.LOG_LEVEL
    )


def run_workers(settings: Settings, processes: int, *, burst: bool = False) -> int:
    """``processes`` worker processes; stop them all on SIGTERM/SIGINT. Exit code."""
    if processes == 1:
        work(settings, burst=burst)
        return 0
    context = multiprocessing.get_context("spawn")
    children = [
        context.Process(target=work, args=(settings,), kwargs={"burst": burst}, daemon=False)
        for _ in range(processes)
    ]
    for child in children:
        child.start()

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            if child.is_alive() and child.pid:
                os.kill(child.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.join()
    return max((child.exitcode or 0) for child in children)
