"""What a snapshot needs to evaluate alerts: the rules file, the history, the current version."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import Settings
from dashboard.data.alerts.history import AlertHistory
from dashboard.data.alerts.source import RuleSource
from dashboard.data.framework import Framework
from dashboard.data.regions import RegionIndex

HISTORY_DIR = "alerts"


@dataclass(frozen=True)
class AlertContext:
    """One per repository, shared by its snapshots."""

    source: RuleSource
    history: AlertHistory
    current_version: Callable[[], int | None]  # the store's active dataset version, now

    @classmethod
    def for_settings(
        cls,
        settings: Settings,
        framework: Framework,
        regions: RegionIndex,
        current_version: Callable[[], int | None],
    ) -> AlertContext:
        data_dir = Path(settings.DATA_DIR)
        source = RuleSource(
            settings.alerts_path, data_dir=data_dir, framework=framework, regions=regions,
            home=settings.HOME_REGION,
        )  # fmt: skip
        return cls(source, AlertHistory(data_dir / HISTORY_DIR), current_version)
