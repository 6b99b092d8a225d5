"""Issue 15 point 3: every alert rule over all 514 kab/kota in under 1 s per new dataset version.

Loads the sample dataset on a temporary ``DATA_DIR`` once, then for each round builds a fresh
snapshot of it (as a new dataset version does: nothing memoised) and times what a new version
costs the alerts: the value frame the rules read (indicators and scores, with their synthetic
flags; the score table itself is computed beforehand, as every page needs it anyway), the
evaluation of the shipped rules plus one rule of every kind widened to ``regions = ["all"]``, and
the history write. A measurement, not a test: a miss prints MISS and exits 0.
Run: ``python bench/bench_alerts.py [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.config import Settings
from dashboard.data.alerts.source import SHIPPED_RULES
from dashboard.data.store.repository import Repository, Snapshot
from dashboard.data.views.alerts import alert_inputs, alert_state

TARGET_S = 1.0
EVERY_REGION = """
[[rule]]
id = "all-threshold"
title_id = "x"
title_en = "x"
kind = "threshold"
indicator = "liv_stunting"
above = 20
regions = ["all"]

[[rule]]
id = "all-target"
title_id = "x"
title_en = "x"
kind = "target"
indicator = "liv_hdi"
regions = ["all"]

[[rule]]
id = "all-rank-national"
title_id = "x"
title_en = "x"
kind = "rank_fall"
places = 20
regions = ["all"]

[[rule]]
id = "all-rank-province"
title_id = "x"
title_en = "x"
kind = "rank_fall"
indicator = "eco_poverty"
places = 3
scope = "province"
regions = ["all"]

[[rule]]
id = "all-drop"
title_id = "x"
title_en = "x"
kind = "drop"
indicator = "gov_innovation"
percent = 5
regions = ["all"]

[[rule]]
id = "all-drop-pillar"
title_id = "x"
title_en = "x"
kind = "drop"
indicator = "governance"
amount = 2
regions = ["all"]

[[rule]]
id = "all-missing"
title_id = "x"
title_en = "x"
kind = "missing"
indicator = "gov_spbe"
period = 2025
deadline = 2026-06-30
regions = ["all"]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(DATA_DIR=Path(tmp) / "instance")
        repo = Repository(settings)
        base = repo.snapshot()
        rules_text = SHIPPED_RULES.read_text("utf-8") + EVERY_REGION
        saved = repo.alerts.source.save(rules_text, who="bench")
        print(f"rules: {len(saved.rules)} (shipped + one of every kind over all 514 kab/kota)")
        inputs_s, evaluate_s, total_s, counts = [], [], [], []
        for _ in range(args.rounds):
            snap = Snapshot(base.dataset, base.regions, base.framework, alerts=repo.alerts,
                            boundaries=base.boundaries)  # fmt: skip
            _ = snap.scores  # every page computes it on a new version; not the alerts' cost
            started = time.perf_counter()
            alert_inputs(snap)
            built = time.perf_counter()
            state = alert_state(snap)
            done = time.perf_counter()
            inputs_s.append(built - started)
            evaluate_s.append(state.seconds)
            total_s.append(done - started)
            counts.append(len(state.active))
        load = os.getloadavg()
        median = statistics.median(total_s)
        print(f"active alerts: {counts[-1]} over {len(base.regions.regencies)} kab/kota")
        print(f"value frame (once per version): median {statistics.median(inputs_s) * 1000:.0f} ms")
        print(
            f"evaluation of every rule:       median {statistics.median(evaluate_s) * 1000:.0f} ms"
        )
        print(f"new version total (+ history):  median {median * 1000:.0f} ms, "
              f"max {max(total_s) * 1000:.0f} ms over {args.rounds} rounds")  # fmt: skip
        print(f"target < {TARGET_S:.0f} s: {'OK' if median < TARGET_S else 'MISS'}")
        print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
