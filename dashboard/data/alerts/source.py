"""The rules file in use: seeded from the shipped defaults, re-read when it changes, saved safely.

``ALERTS_FILE`` (default ``DATA_DIR/alerts.toml``) is copied from the shipped ``data/alerts.toml``
the first time it is needed. Reading costs one ``stat`` while the file is unchanged. A file that
became invalid outside the app (a hand edit) keeps the last valid rules in use and says why;
:meth:`RuleSource.save` (the admin page) validates first and writes atomically, so a rejected
edit changes nothing. Every save is a line in the audit log.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.alerts.rules import Rule, RulesError, parse_rules
from dashboard.data.framework import Framework
from dashboard.data.regions import RegionIndex
from dashboard.data.store.versions import append_audit, write_atomic

log = logging.getLogger(__name__)

SHIPPED_RULES = SHIPPED_DATA_DIR / "alerts.toml"


@dataclass(frozen=True)
class RuleSet:
    """Valid rules with the digest of their text (the rules version) and any problem."""

    rules: tuple[Rule, ...]
    digest: str  # sha256 of the text in use, first 12 hex digits ("" without any rules file)
    text: str
    problem: str | None = None  # why the file on disk is not what is in use (English, for logs)
    problems: tuple = ()  # RuleProblem list behind ``problem``


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class RuleSource:
    """One rules file for one repository (thread-safe; one parse per change of the file)."""

    def __init__(
        self,
        path: Path,
        *,
        data_dir: Path,
        framework: Framework,
        regions: RegionIndex,
        home: str,
        shipped: Path = SHIPPED_RULES,
    ) -> None:
        self.path = Path(path)
        self.data_dir = Path(data_dir)
        self.framework = framework
        self.regions = regions
        self.home = home
        self.shipped = shipped
        self._lock = threading.Lock()
        self._stamp: object = object()
        self._current: RuleSet | None = None
        self._last_good: RuleSet | None = None

    def parse(self, text: str) -> tuple[Rule, ...]:
        """The rules of ``text`` or RulesError (named after the file in use)."""
        return parse_rules(
            text, file=self.path.name, framework=self.framework, regions=self.regions,
            home=self.home,
        )  # fmt: skip

    def current(self) -> RuleSet:
        self._seed()
        stamp = self._file_stamp()
        if self._current is not None and stamp == self._stamp:
            return self._current
        with self._lock:
            stamp = self._file_stamp()
            if self._current is None or stamp != self._stamp:
                self._current = self._load()
                self._stamp = stamp
            return self._current

    def save(self, text: str, *, who: str) -> RuleSet:
        """Validate ``text`` and make it the rules file; RulesError (nothing written) otherwise."""
        rules = self.parse(text)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, text.encode("utf-8"))
        digest = digest_of(text)
        append_audit(
            self.data_dir,
            {"action": "alerts", "kind": "alerts", "who": who, "file": self.path.name,
             "sha256": digest, "rules": len(rules)},
        )  # fmt: skip
        return self.current()

    # -- internals ---------------------------------------------------------------------------
    def _seed(self) -> None:
        if self.path.exists() or not self.shipped.exists():
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, self.shipped.read_bytes())

    def _file_stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _load(self) -> RuleSet:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return self._fallback(f"{self.path}: {exc}", ())
        try:
            rules = self.parse(text)
        except RulesError as exc:
            log.error("alert rules rejected: %s", exc)
            return self._fallback(str(exc), tuple(exc.problems))
        good = RuleSet(rules, digest_of(text), text)
        self._last_good = good
        return good

    def _fallback(self, problem: str, problems: tuple) -> RuleSet:
        base = self._last_good or RuleSet((), "", "")
        return RuleSet(base.rules, base.digest, base.text, problem, problems)
