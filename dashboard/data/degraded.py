"""Why the app is not fully itself right now: one list of reasons for banners and ``/healthz``.

A reason is a :class:`Degraded`: a short ``code`` (``/healthz``'s ``reason``, and the banner's text
key ``degraded.<code>`` in ``locales/*/degraded.toml``), ``params`` for that text (nothing internal:
every visitor may read them) and a ``detail`` for admins only (file names, errors). Sources: the
snapshot (no intact dataset version, a fallback version) and any probe a backend registers on the
app (:func:`dashboard.state.add_degraded_probe`: an unreachable database, an unavailable queue), so
a new kind of outage needs one probe and one text, never a change to every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_DATA = "no_data"  # no intact dataset version at all: pages show a "no data" state
FALLBACK_VERSION = "fallback_dataset_version"  # the pointer's version is broken; an older one shows
STORE_UNREACHABLE = "store_unreachable"  # PostgreSQL away: the loaded version keeps serving


@dataclass(frozen=True)
class Degraded:
    """One reason, with what the banner may say (``params``) and what only admins see (``detail``).

    ``public``: the banner shows to every visitor (no data, a data store away); otherwise only to
    editors and admins (a fallback version: the data shown are still intact and consistent).
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""
    public: bool = True
