"""Every setting, declared once with its environment variable, default and help text.

``Settings.from_env(os.environ)`` is the only place configuration is read; a test checks that the
README documents every setting declared here.
"""

from __future__ import annotations

import csv
import functools
import ipaddress
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits import parse_many

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SHIPPED_DATA_DIR = PROJECT_DIR / "data"


class SettingError(ValueError):
    """An environment variable holds a value the setting cannot take."""


# Settings whose values never appear in messages or logs (by environment variable name).
SECRET_SETTINGS = frozenset(
    {
        "SECRET_KEY",
        "WALL_TOKEN",
        "API_TOKEN",
        "BPS_API_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "METRICS_TOKEN",
    }
)

# Parse functions: text from the environment -> value, or ValueError saying what is accepted
# (never repeating the value: ``Settings.from_env`` adds it, hidden for SECRET_SETTINGS). Every
# setting uses one; a test feeds garbage to each and expects a refusal naming the variable.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$"
)
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _no_control(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("expected one line without control characters (newline, tab, escape)")
    return text


def text(value: str) -> str:
    """Free text on one line (no control characters); may be empty."""
    return _no_control(value).strip()


def boolean(value: str) -> bool:
    """1/0, true/false, yes/no, on/off (ya/tidak)."""
    word = value.strip().lower()
    if word in {"1", "true", "yes", "on", "ya"}:
        return True
    if word in {"0", "false", "no", "off", "tidak", ""}:
        return False
    raise ValueError("expected 1/0, true/false or yes/no")


def choice(*options: str, lower: bool = True) -> Callable[[str], str]:
    """One of ``options`` (compared case-insensitively when ``lower``)."""

    def parse(value: str) -> str:
        word = value.strip().lower() if lower else value.strip()
        if word not in options:
            raise ValueError("expected " + " or ".join(repr(o) for o in options))
        return word

    return parse


def int_range(low: int, high: int | None = None) -> Callable[[str], int]:
    """A whole number in ``low..high`` (no upper bound when ``high`` is None)."""
    if low == 1 and high is None:
        accepted = "a positive whole number"
    elif low == 0 and high is None:
        accepted = "a whole number 0 or more"
    elif high is None:
        accepted = f"a whole number {low} or more"
    else:
        accepted = f"a whole number from {low} to {high}"

    def parse(value: str) -> int:
        try:
            number = int(value.strip().replace("_", ""))
        except ValueError:
            raise ValueError(f"expected {accepted}") from None
        if number < low or (high is not None and number > high):
            raise ValueError(f"expected {accepted}")
        return number

    return parse


def float_range(low: float = 0.0, high: float | None = None) -> Callable[[str], float]:
    """A finite number above ``low`` and at most ``high``."""
    accepted = "a positive number" if low == 0 else f"a number above {low:g}"
    if high is not None:
        accepted += f" up to {high:g}"

    def parse(value: str) -> float:
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError(f"expected {accepted}") from None
        if not math.isfinite(number) or number <= low or (high is not None and number > high):
            raise ValueError(f"expected {accepted}")
        return number

    return parse


positive_int = int_range(1)
non_negative_int = int_range(0)
positive_float = float_range(0.0)


def port(value: str) -> int:
    try:
        return int_range(1, 65535)(value)
    except ValueError:
        raise ValueError("expected a TCP port 1-65535") from None


def path(value: str) -> Path:
    """A file or directory path (not empty, no control characters)."""
    value = _no_control(value).strip()
    if not value:
        raise ValueError("expected a file or directory path")
    return Path(value).expanduser()


def optional_path(value: str) -> Path | None:
    """A path, or nothing when empty."""
    return path(value) if value.strip() else None


def host(value: str) -> str:
    """An address to listen on: an IPv4/IPv6 address or a host name."""
    word = _no_control(value).strip()
    bare = word[1:-1] if word.startswith("[") and word.endswith("]") else word
    try:
        ipaddress.ip_address(bare)
        return bare
    except ValueError:
        pass
    if not _HOST_NAME.match(word):
        raise ValueError("expected an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or a host name")
    return word.lower()


def host_list(value: str) -> tuple[str, ...]:
    """Comma- or space-separated host names/addresses; ``*`` allows any; ``.example.go.id`` a domain
    and its subdomains; IPv6 in brackets (``[::1]``)."""
    items = [item for item in re.split(r"[,\s]+", _no_control(value).strip()) if item]
    if not items:
        raise ValueError("expected host names separated by commas, e.g. dashboard.example.go.id")
    hosts = []
    for item in items:
        word = item.lower()
        bare = word[1:] if word.startswith(".") else word
        if word == "*":
            hosts.append(word)
            continue
        if bare.startswith("[") and bare.endswith("]"):
            try:
                ipaddress.IPv6Address(bare[1:-1])
            except ValueError:
                raise ValueError(f"{item!r} is not an IPv6 address in brackets") from None
            hosts.append(word)
            continue
        if not _HOST_NAME.match(bare) or ":" in bare:
            raise ValueError(
                f"{item!r} is not a host name or address (no scheme, port or path; "
                "e.g. dashboard.example.go.id, 10.0.0.5, [::1], .example.go.id or *)"
            )
        hosts.append(word)
    return tuple(hosts)


def url(value: str) -> str:
    """An http(s) URL with a host (empty: none)."""
    word = _no_control(value).strip()
    if not word:
        return ""
    parts = urlsplit(word)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("expected an http:// or https:// URL with a host name")
    return word


def database_url(value: str) -> str:
    """A PostgreSQL URL ``postgresql://user[:password]@host[:port]/database`` (empty: none)."""
    word = _no_control(value).strip()
    if not word:
        return ""
    accepted = (
        "expected a PostgreSQL URL such as postgresql://kc@db.example.go.id:5432/kotacerdas "
        "(scheme postgresql://, a host and a database name)"
    )
    try:
        parts = urlsplit(word)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(accepted) from None
    has_host = bool(parts.hostname) or "host=" in parts.query
    if parts.scheme not in {"postgresql", "postgres"} or not has_host:
        raise ValueError(accepted)
    if not parts.path.strip("/") or " " in word:
        raise ValueError(accepted)
    return word


def redis_url(value: str) -> str:
    """A Redis URL ``redis://[:password@]host[:port][/db]`` or ``rediss://`` (TLS); empty: none."""
    word = _no_control(value).strip()
    if not word:
        return ""
    accepted = (
        "expected a Redis URL such as redis://redis.example.go.id:6379/0 or rediss://... "
        "(scheme redis:// or rediss://, a host, an optional database number)"
    )
    try:
        parts = urlsplit(word)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(accepted) from None
    db = parts.path.strip("/")
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname or " " in word:
        raise ValueError(accepted)
    if db and not (db.isdigit() and int(db) < 16):
        raise ValueError(accepted)
    return word


def redis_location(url: str) -> str:
    """``host:port/db`` of a Redis URL for messages and logs: never the password."""
    parts = urlsplit(url)
    db = parts.path.strip("/") or "0"
    return f"{parts.hostname}:{parts.port or 6379}/{db}"


def redis_prefix(value: str) -> str:
    """A key prefix for Redis: 1-40 letters, digits, ``_``, ``-`` or ``.``."""
    word = value.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", word):
        raise ValueError("expected 1-40 letters, digits, '_', '-' or '.' (e.g. kc)")
    return word


def networks(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma- or space-separated IP addresses or networks (``10.0.0.0/8 ::1``); empty: none."""
    items = [item for item in re.split(r"[,\s]+", _no_control(value).strip()) if item]
    out = []
    for item in items:
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                "expected IP addresses or networks separated by commas, "
                "e.g. 127.0.0.1, 10.0.0.0/8, ::1"
            ) from None
    return tuple(out)


def origins(value: str) -> str:
    """Space-separated origins (``https://host[:port]``) or ``'self'``; empty: none."""
    word = _no_control(value).strip()
    for item in word.split():
        if item == "'self'":
            continue
        parts = urlsplit(item)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or parts.path not in {"", "/"}
            or parts.query
            or parts.fragment
            or parts.username
        ):
            raise ValueError(
                f"{item!r} is not an origin; expected space-separated origins such as "
                "https://portal.example.go.id, or 'self'"
            )
    return " ".join(word.split())


def rate_limit(value: str) -> str:
    """Rate limits in flask-limiter syntax, e.g. ``10 per minute;50 per hour``."""
    word = _no_control(value).strip()
    try:
        items = parse_many(word)
    except ValueError:
        items = []
    if not items or any(item.amount <= 0 for item in items):
        raise ValueError(
            "expected rate limits such as '10 per minute' or '10 per minute;50 per hour' "
            "(a positive count per second/minute/hour/day)"
        )
    return word


def optional_rate_limit(value: str) -> str:
    """A rate limit, or empty for the setting's computed default."""
    return rate_limit(value) if value.strip() else ""


def secret(min_length: int) -> Callable[[str], str]:
    """A secret of at least ``min_length`` characters without spaces (empty: not set)."""

    def parse(value: str) -> str:
        word = value.strip()
        if not word:
            return ""
        if _CONTROL.search(word) or any(c.isspace() for c in word) or len(word) < min_length:
            raise ValueError(
                f"expected at least {min_length} characters without spaces; generate one with "
                "python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return word

    return parse


def log_level(value: str) -> str:
    word = value.strip().upper()
    if word not in _LOG_LEVELS:
        raise ValueError("expected one of " + ", ".join(_LOG_LEVELS))
    return word


def region_code(value: str) -> str:
    """A kab/kota code of data/regions.csv in Kemendagri form (``32.16``)."""
    word = value.strip()
    if word not in _regency_codes():
        raise ValueError(
            "expected the Kemendagri code of a kabupaten/kota listed in data/regions.csv "
            "(e.g. 32.16 for Kabupaten Bekasi)"
        )
    return word


@functools.cache
def _regency_codes() -> frozenset[str]:
    with (SHIPPED_DATA_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(
            row["code"] for row in csv.DictReader(handle) if row["type"] in {"kabupaten", "kota"}
        )


def shown(env: str, value: str) -> str:
    """``value`` as a message may show it: secrets hidden, long values cut."""
    if env in SECRET_SETTINGS:
        return f"<hidden, {len(value)} characters>"
    return repr(value if len(value) <= 80 else value[:77] + "...")


def _setting(env: str, default: Any, parse: Callable[[str], Any], help: str) -> Any:
    return field(default=default, metadata={"env": env, "parse": parse, "help": help})


@dataclass(frozen=True)
class Settings:
    """Runtime configuration; build it with :meth:`from_env`, or directly in tests."""

    DATA_DIR: Path = _setting(
        "DATA_DIR",
        Path("instance"),
        path,
        "Writable store directory: dataset versions, boundaries, audit log. Seeded with the "
        "sample dataset on first start when empty.",
    )
    DATABASE_URL: str = _setting(
        "DATABASE_URL",
        "",
        database_url,
        "PostgreSQL store shared by several app hosts (`postgresql://user:password@host:5432/db`): "
        "dataset and boundary versions, users, staged uploads and the audit log. Empty: files "
        "under `DATA_DIR` (no server needed). Create or upgrade its tables with "
        "`python -m dashboard db upgrade`; never shown in messages or logs (only the host is).",
    )
    SAMPLE_FILL: bool = _setting(
        "SAMPLE_FILL",
        True,
        boolean,
        "How the sample dataset seeded into an empty `DATA_DIR` is made: `1` real values "
        "(BPS, Dukcapil, BIG) wherever they exist and synthetic values (labelled `sintetis`) "
        "for the rest; `0` real values only (screens then explain what is missing).",
    )
    HOST: str = _setting("HOST", "127.0.0.1", host, "Address the development server listens on.")
    PORT: int = _setting("PORT", 8050, port, "Port the development server listens on.")
    HOME_REGION: str = _setting(
        "HOME_REGION",
        "32.16",
        region_code,
        "Kemendagri code of the command center's own region (Kabupaten Bekasi by default); "
        "highlighted on every view.",
    )
    LANG: str = _setting(
        "DASHBOARD_LANG",
        "id",
        choice("id", "en"),
        "Default language, `id` (Bahasa Indonesia) or `en`. Read from `DASHBOARD_LANG` because "
        "`LANG` is the POSIX locale variable.",
    )
    MAX_UPLOAD_MB: float = _setting(
        "MAX_UPLOAD_MB",
        50.0,
        float_range(0, 10_240),
        "Largest file accepted for import, in megabytes.",
    )
    MAX_IMPORT_ROWS: int = _setting(
        "MAX_IMPORT_ROWS",
        2_000_000,
        int_range(1, 100_000_000),
        "Largest number of data rows accepted in one indicator file (counted while streaming, "
        "before the rows are held in memory).",
    )
    MAX_INFLATED_MB: float = _setting(
        "MAX_INFLATED_MB",
        500.0,
        float_range(1, 100_000),
        "Largest size, in megabytes, that all parts of an XLSX or zipped shapefile may inflate "
        "to (the upload limit counts the compressed file only).",
    )
    MAX_PART_MB: float = _setting(
        "MAX_PART_MB",
        250.0,
        float_range(1, 100_000),
        "Largest inflated size of one part of an XLSX or zip (one sheet, the shared strings), "
        "in megabytes; a part inflating more than 250 times its compressed size is refused too.",
    )
    MAX_CELL_CHARS: int = _setting(
        "MAX_CELL_CHARS",
        5000,
        int_range(10, 10_000_000),
        "Longest text accepted in one cell of an indicator file, in characters.",
    )
    IMPORT_MEMORY_MB: int = _setting(
        "IMPORT_MEMORY_MB",
        2048,
        int_range(256, 1_000_000),
        "Memory cap (address space, megabytes) of the separate process that checks and imports "
        "a file uploaded on `/admin`; a file needing more is refused with a message.",
    )
    IMPORT_TIMEOUT_S: float = _setting(
        "IMPORT_TIMEOUT_S",
        90.0,
        float_range(1, 3600),
        "Seconds the separate check or import process of `/admin` may run before it is stopped "
        "with a message; keep it below gunicorn's `timeout` (120 s).",
    )
    SIMPLIFY_TOLERANCE: float = _setting(
        "SIMPLIFY_TOLERANCE",
        0.001,
        float_range(0, 1),
        "Boundary simplification tolerance in degrees (about 110 m at the equator) for "
        "screen maps; small island regions are protected.",
    )
    WALL_TOKEN: str = _setting(
        "WALL_TOKEN",
        "",
        secret(16),
        "When set, `/wall` requires `?token=<value>` (the wall needs no login otherwise).",
    )
    WALL_PLAYLISTS: Path = _setting(
        "WALL_PLAYLISTS",
        SHIPPED_DATA_DIR / "wall_playlists.toml",
        path,
        "TOML file of named wall playlists (`/wall?playlist=NAME`): scenes, interval, region.",
    )
    ALERTS_FILE: Path | None = _setting(
        "ALERTS_FILE",
        None,
        optional_path,
        "TOML file of alert rules (default `DATA_DIR/alerts.toml`, seeded from the shipped "
        "`data/alerts.toml`); admins edit it on `/admin`.",
    )
    WALL_RELOAD_HOURS: float = _setting(
        "WALL_RELOAD_HOURS",
        6.0,
        float_range(0, 24 * 30),
        "Safety-net soft reload of every wall page after this many hours (only when the server "
        "answers).",
    )
    SECRET_KEY: str = _setting(
        "SECRET_KEY",
        "",
        secret(32),
        "Signs login sessions. Required under gunicorn (the app refuses to start without it); "
        "`python app.py` makes a temporary one. Generate with "
        "`python -c 'import secrets; print(secrets.token_hex(32))'`.",
    )
    REQUIRE_LOGIN: bool = _setting(
        "REQUIRE_LOGIN",
        False,
        boolean,
        "When on, every page (the wall included, unless `WALL_TOKEN` is given) needs a login; "
        "by default viewer pages and the wall are public and only `/admin` needs one.",
    )
    USERS_FILE: Path | None = _setting(
        "USERS_FILE",
        None,
        optional_path,
        "TOML file of users, roles and password hashes (default `DATA_DIR/users.toml`); managed "
        "with `python -m dashboard users add NAME --role ROLE`.",
    )
    SESSION_MINUTES: float = _setting(
        "SESSION_MINUTES",
        30.0,
        float_range(0, 24 * 60),
        "A login session ends after this many minutes without activity.",
    )
    COOKIE_SECURE: bool = _setting(
        "COOKIE_SECURE",
        True,
        boolean,
        "Send the session cookie only over HTTPS. Turn off (`0`) only for plain-HTTP testing on "
        "one machine; browsers treat `http://127.0.0.1` and `localhost` as secure.",
    )
    FRAME_ANCESTORS: str = _setting(
        "FRAME_ANCESTORS",
        "",
        origins,
        "Space-separated origins allowed to embed `/wall` in a frame (e.g. "
        "`https://portal.bekasikab.go.id`); empty: no page may be framed.",
    )
    TRUST_PROXY: int = _setting(
        "TRUST_PROXY",
        0,
        int_range(0, 5),
        "Number of reverse proxies in front of the app whose `X-Forwarded-*` headers are "
        "trusted (client address for rate limits, HTTPS detection). 0 when gunicorn faces users.",
    )
    RATE_LIMIT_LOGIN: str = _setting(
        "RATE_LIMIT_LOGIN",
        "10 per minute;50 per hour",
        rate_limit,
        "Login attempts allowed per client address (flask-limiter syntax).",
    )
    RATE_LIMIT_EXPORT: str = _setting(
        "RATE_LIMIT_EXPORT",
        "",
        optional_rate_limit,
        "Chart, data and briefing exports allowed per client address; empty: what the host can "
        "render, 10 per minute per render slot (`RENDER_SLOTS`).",
    )
    RATE_LIMIT_UPLOAD: str = _setting(
        "RATE_LIMIT_UPLOAD",
        "30 per hour",
        rate_limit,
        "File uploads (validations and imports) allowed per client address.",
    )
    RENDER_SLOTS: int = _setting(
        "RENDER_SLOTS",
        0,
        int_range(0, 64),
        "Image and briefing renders running at once on this host, across all gunicorn workers "
        "(each costs a CPU core for 1-2 s); 0: one per CPU core minus one, at least one.",
    )
    RENDER_QUEUE_SECONDS: float = _setting(
        "RENDER_QUEUE_SECONDS",
        3.0,
        float_range(0, 60),
        "How long an export waits for a free render slot before answering 503 with "
        "`Retry-After` (at most two waiting exports per slot; more are refused at once).",
    )
    WEB_CONCURRENCY: int = _setting(
        "WEB_CONCURRENCY",
        2,
        int_range(1, 64),
        "gunicorn worker processes (`gunicorn.conf.py`).",
    )
    GUNICORN_THREADS: int = _setting(
        "GUNICORN_THREADS",
        4,
        int_range(1, 64),
        "Threads per gunicorn worker (`gthread`), so a slow export never blocks page serving.",
    )
    GUNICORN_MAX_REQUESTS: int = _setting(
        "GUNICORN_MAX_REQUESTS",
        20000,
        int_range(0, 10_000_000),
        "Requests a gunicorn worker serves before it is replaced (plus up to 10 % jitter; 0: never). "
        "A new worker starts with empty caches, so at 500 req/s 2000 recycled every few seconds.",
    )
    ALLOWED_HOSTS: tuple[str, ...] = _setting(
        "ALLOWED_HOSTS",
        (),
        host_list,
        "Host names the app answers to (comma-separated; `.example.go.id` includes subdomains); "
        "another `Host` header gets 400, and the CSRF check refuses other origins. Default: "
        "`localhost`, `127.0.0.1`, `[::1]` and `HOST` when it is not a wildcard address. "
        "Set it to the public name behind a proxy.",
    )
    RATE_LIMIT_API: str = _setting(
        "RATE_LIMIT_API",
        "300 per minute",
        rate_limit,
        "Requests to the read-only API (`/api/v1`) allowed per client address.",
    )
    API_TOKEN: str = _setting(
        "API_TOKEN",
        "",
        secret(16),
        "When set, `/api/v1` requires `Authorization: Bearer <value>`; empty: the API is public "
        "(closed under `REQUIRE_LOGIN`).",
    )
    BROWSER_PATH: str = _setting(
        "BROWSER_PATH",
        "",
        text,
        "Chromium used for PNG/SVG/PDF exports; empty: the first `chromium` on `PATH` "
        "(Debian package `chromium`). Nothing is downloaded at run time.",
    )
    BPS_API_URL: str = _setting(
        "BPS_API_URL",
        "https://webapi.bps.go.id/v1/api",
        url,
        "Base URL of the BPS WebAPI for `python -m dashboard import bps`.",
    )
    BPS_API_KEY: str = _setting(
        "BPS_API_KEY",
        "",
        secret(16),
        "Key for the BPS WebAPI (register at webapi.bps.go.id/developer); only "
        "`import bps` without `--from-file` needs it. Never shown in messages or logs.",
    )
    REDIS_URL: str = _setting(
        "REDIS_URL",
        "",
        redis_url,
        "Redis shared by every worker and host (`redis://host:6379/0`, `rediss://` for TLS): rate "
        "limits counted together, chart images and briefing decks built by export workers "
        "(`python -m dashboard worker`). Empty: limits per host, exports in the web process. "
        "Never shown in messages (only the host).",
    )
    REDIS_PREFIX: str = _setting(
        "REDIS_PREFIX",
        "kc",
        redis_prefix,
        "Prefix of this deployment's Redis keys and export queue name (several deployments or "
        "test runs can share one Redis).",
    )
    EXPORT_WAIT_SECONDS: float = _setting(
        "EXPORT_WAIT_SECONDS",
        20.0,
        float_range(0, 120),
        "With `REDIS_URL`: how long an export request waits for its worker before the page "
        "shows progress (or a link answers 202 with a status URL); at most half the threads of "
        "a worker (`GUNICORN_THREADS`) wait at once, later exports show progress at once.",
    )
    METRICS_TOKEN: str = _setting(
        "METRICS_TOKEN",
        "",
        secret(16),
        "When set, `/metrics` (Prometheus) answers requests with `Authorization: Bearer <value>`. "
        "Without it and `METRICS_ALLOW`, `/metrics` is 404.",
    )
    METRICS_ALLOW: tuple = _setting(
        "METRICS_ALLOW",
        (),
        networks,
        "Client addresses or networks allowed to read `/metrics` without the token "
        "(e.g. `127.0.0.1, 10.0.0.0/8`); empty: none.",
    )
    DEBUG: bool = _setting("DEBUG", False, boolean, "Dash debug mode (development only).")
    LOG_LEVEL: str = _setting(
        "LOG_LEVEL", "INFO", log_level, "Python logging level for the server."
    )
    LOG_FORMAT: str = _setting(
        "LOG_FORMAT",
        "text",
        choice("text", "json"),
        "`json`: one JSON object per line (time, level, logger, message, request_id, route, "
        "status, duration_ms), the access log included; `text`: readable lines.",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Read every declared setting from ``environ``; unset ones keep their default."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            env = f.metadata["env"]
            if env in environ:
                try:
                    values[f.name] = f.metadata["parse"](environ[env])
                except ValueError as exc:
                    raise SettingError(
                        f"environment variable {env}: {exc} (got {shown(env, environ[env])})"
                    ) from None
        return cls(**values)

    @property
    def render_slots(self) -> int:
        """``RENDER_SLOTS``, or one per core minus one (leave a core for the pages)."""
        return self.RENDER_SLOTS or max(1, (os.cpu_count() or 2) - 1)

    @property
    def export_rate_limit(self) -> str:
        """``RATE_LIMIT_EXPORT``, or what the host can render: 10 per minute per render slot."""
        return self.RATE_LIMIT_EXPORT or f"{10 * self.render_slots} per minute"

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        """``ALLOWED_HOSTS``, or the loopback names plus ``HOST`` unless it is a wildcard."""
        if self.ALLOWED_HOSTS:
            return self.ALLOWED_HOSTS
        hosts = ["localhost", "127.0.0.1", "[::1]"]
        host_name = self.HOST if ":" not in self.HOST else f"[{self.HOST}]"
        if self.HOST not in {"0.0.0.0", "::", ""} and host_name not in hosts:
            hosts.append(host_name.lower())
        return tuple(hosts)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.MAX_UPLOAD_MB * 1024 * 1024)

    @property
    def max_request_bytes(self) -> int:
        """Largest HTTP request body: an upload travels base64-encoded (4/3) inside a callback."""
        return int(self.max_upload_bytes * 4 / 3) + 1024 * 1024

    @property
    def alerts_path(self) -> Path:
        return (
            Path(self.ALERTS_FILE)
            if self.ALERTS_FILE is not None
            else Path(self.DATA_DIR) / "alerts.toml"
        )

    @property
    def users_path(self) -> Path:
        return (
            Path(self.USERS_FILE)
            if self.USERS_FILE is not None
            else Path(self.DATA_DIR) / "users.toml"
        )


def declared_settings() -> list[dict[str, Any]]:
    """Name, environment variable, default and help of every setting (for docs and tests)."""
    return [
        {
            "name": f.name,
            "env": f.metadata["env"],
            "default": f.default,
            "help": f.metadata["help"],
        }
        for f in fields(Settings)
    ]
