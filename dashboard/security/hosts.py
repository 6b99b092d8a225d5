"""The host allowlist (``ALLOWED_HOSTS``): requests for any other ``Host`` answer 400.

Without it, a request with ``Host: evil`` is served and the provenance and login redirects name
whatever host the client sent, and ``Origin: evil`` matches it in the CSRF check. With
``TRUST_PROXY`` the host is the one the trusted proxy forwarded (``X-Forwarded-Host``).
Entries: exact names or addresses, ``[::1]`` for IPv6, ``.example.go.id`` for a domain and its
subdomains, ``*`` for any (not recommended).
"""

from __future__ import annotations

import logging

from flask import Flask, abort, current_app, request

from dashboard.config import Settings
from dashboard.security.headers import request_id

log = logging.getLogger(__name__)
EXTENSION = "kc_allowed_hosts"


def install(server: Flask, settings: Settings) -> None:
    """Refuse requests whose Host is not in ``settings.allowed_hosts`` (before anything else)."""
    server.extensions[EXTENSION] = settings.allowed_hosts
    server.before_request(_check_host)


def host_name(host: str) -> str:
    """``host`` without its port, lower case (``[::1]:8050`` -> ``[::1]``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed(host: str, patterns: tuple[str, ...] | None = None) -> bool:
    """Whether ``host`` (with or without port) matches the allowlist."""
    if patterns is None:
        patterns = current_app.extensions.get(EXTENSION)
        if patterns is None:  # not installed (a bare Flask app in a test)
            return True
    name = host_name(host)
    if not name:
        return False
    for pattern in patterns:
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith(".") and (name == pattern[1:] or name.endswith(pattern)):
            return True
    return False


def _check_host() -> None:
    if not allowed(request.host):
        log.warning(
            "request refused [%s]: Host %r is not in ALLOWED_HOSTS", request_id(), request.host[:80]
        )
        abort(400, "this host name is not served here (ALLOWED_HOSTS).")
