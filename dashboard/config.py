"""Every setting, declared once with its environment variable, default and help text.

``Settings.from_env(os.environ)`` is the only place configuration is read; a test checks that the
README documents every setting declared here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SHIPPED_DATA_DIR = PROJECT_DIR / "data"


class SettingError(ValueError):
    """An environment variable holds a value the setting cannot take."""


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "on", "ya"}:
        return True
    if value in {"0", "false", "no", "off", "tidak", ""}:
        return False
    raise ValueError(f"expected 1/0, true/false or yes/no, got {text!r}")


def _lang(text: str) -> str:
    value = text.strip().lower()
    if value not in {"id", "en"}:
        raise ValueError(f"expected 'id' or 'en', got {text!r}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(f"expected a positive whole number, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError(f"expected a positive number, got {text!r}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise ValueError(f"expected a TCP port 1-65535, got {text!r}")
    return value


def _setting(env: str, default: Any, parse: Callable[[str], Any], help: str) -> Any:
    return field(default=default, metadata={"env": env, "parse": parse, "help": help})


@dataclass(frozen=True)
class Settings:
    """Runtime configuration; build it with :meth:`from_env`, or directly in tests."""

    DATA_DIR: Path = _setting(
        "DATA_DIR",
        Path("instance"),
        Path,
        "Writable store directory: dataset versions, boundaries, audit log. Seeded with the "
        "sample dataset on first start when empty.",
    )
    HOST: str = _setting("HOST", "127.0.0.1", str, "Address the development server listens on.")
    PORT: int = _setting("PORT", 8050, _port, "Port the development server listens on.")
    HOME_REGION: str = _setting(
        "HOME_REGION",
        "32.16",
        str,
        "Kemendagri code of the command center's own region (Kabupaten Bekasi by default); "
        "highlighted on every view.",
    )
    LANG: str = _setting(
        "DASHBOARD_LANG",
        "id",
        _lang,
        "Default language, `id` (Bahasa Indonesia) or `en`. Read from `DASHBOARD_LANG` because "
        "`LANG` is the POSIX locale variable.",
    )
    MAX_UPLOAD_MB: float = _setting(
        "MAX_UPLOAD_MB", 50.0, _positive_float, "Largest file accepted for import, in megabytes."
    )
    MAX_IMPORT_ROWS: int = _setting(
        "MAX_IMPORT_ROWS",
        2_000_000,
        _positive_int,
        "Largest number of data rows accepted in one indicator file.",
    )
    SIMPLIFY_TOLERANCE: float = _setting(
        "SIMPLIFY_TOLERANCE",
        0.001,
        _positive_float,
        "Boundary simplification tolerance in degrees (about 110 m at the equator) for "
        "screen maps; small island regions are protected.",
    )
    WALL_TOKEN: str = _setting(
        "WALL_TOKEN",
        "",
        str,
        "When set, `/wall` requires `?token=<value>` (the wall needs no login otherwise).",
    )
    WALL_PLAYLISTS: Path = _setting(
        "WALL_PLAYLISTS",
        SHIPPED_DATA_DIR / "wall_playlists.toml",
        Path,
        "TOML file of named wall playlists (`/wall?playlist=NAME`): scenes, interval, region.",
    )
    WALL_RELOAD_HOURS: float = _setting(
        "WALL_RELOAD_HOURS",
        6.0,
        _positive_float,
        "Safety-net soft reload of every wall page after this many hours (only when the server "
        "answers).",
    )
    SECRET_KEY: str = _setting(
        "SECRET_KEY",
        "",
        str,
        "Signs login sessions. Required under gunicorn (the app refuses to start without it); "
        "`python app.py` makes a temporary one. Generate with "
        "`python -c 'import secrets; print(secrets.token_hex(32))'`.",
    )
    REQUIRE_LOGIN: bool = _setting(
        "REQUIRE_LOGIN",
        False,
        _bool,
        "When on, every page (the wall included, unless `WALL_TOKEN` is given) needs a login; "
        "by default viewer pages and the wall are public and only `/admin` needs one.",
    )
    USERS_FILE: Path | None = _setting(
        "USERS_FILE",
        None,
        Path,
        "TOML file of users, roles and password hashes (default `DATA_DIR/users.toml`); managed "
        "with `python -m dashboard users add NAME --role ROLE`.",
    )
    SESSION_MINUTES: float = _setting(
        "SESSION_MINUTES",
        30.0,
        _positive_float,
        "A login session ends after this many minutes without activity.",
    )
    COOKIE_SECURE: bool = _setting(
        "COOKIE_SECURE",
        True,
        _bool,
        "Send the session cookie only over HTTPS. Turn off (`0`) only for plain-HTTP testing on "
        "one machine; browsers treat `http://127.0.0.1` and `localhost` as secure.",
    )
    FRAME_ANCESTORS: str = _setting(
        "FRAME_ANCESTORS",
        "",
        str,
        "Space-separated origins allowed to embed `/wall` in a frame (e.g. "
        "`https://portal.bekasikab.go.id`); empty: no page may be framed.",
    )
    TRUST_PROXY: int = _setting(
        "TRUST_PROXY",
        0,
        int,
        "Number of reverse proxies in front of the app whose `X-Forwarded-*` headers are "
        "trusted (client address for rate limits, HTTPS detection). 0 when gunicorn faces users.",
    )
    RATE_LIMIT_LOGIN: str = _setting(
        "RATE_LIMIT_LOGIN",
        "10 per minute;50 per hour",
        str,
        "Login attempts allowed per client address (flask-limiter syntax).",
    )
    RATE_LIMIT_EXPORT: str = _setting(
        "RATE_LIMIT_EXPORT",
        "30 per minute",
        str,
        "Chart, data and briefing exports allowed per client address.",
    )
    RATE_LIMIT_UPLOAD: str = _setting(
        "RATE_LIMIT_UPLOAD",
        "30 per hour",
        str,
        "File uploads (validations and imports) allowed per client address.",
    )
    BROWSER_PATH: str = _setting(
        "BROWSER_PATH",
        "",
        str,
        "Chromium used for PNG/SVG/PDF exports; empty: the first `chromium` on `PATH` "
        "(Debian package `chromium`). Nothing is downloaded at run time.",
    )
    DEBUG: bool = _setting("DEBUG", False, _bool, "Dash debug mode (development only).")
    LOG_LEVEL: str = _setting("LOG_LEVEL", "INFO", str, "Python logging level for the server.")

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
                    raise SettingError(f"environment variable {env}: {exc}") from None
        return cls(**values)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.MAX_UPLOAD_MB * 1024 * 1024)

    @property
    def max_request_bytes(self) -> int:
        """Largest HTTP request body: an upload travels base64-encoded (4/3) inside a callback."""
        return int(self.max_upload_bytes * 4 / 3) + 1024 * 1024

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
