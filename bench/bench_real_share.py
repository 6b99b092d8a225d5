"""Issue 13: the share of scored indicator values shown as real (official), with and without fill.

For a store seeded with ``SAMPLE_FILL=1`` (real first, synthetic fill) and ``SAMPLE_FILL=0``
(real values only), at the default year:

- *overview*: the composite map shows one score per kab/kota; its inputs are the scored indicator
  values behind it: official / (official + synthetic). Also every scored indicator's map: the
  share of the region values shown that are official.
- *profile 32.16*: the indicator list of Kabupaten Bekasi (latest value up to the year).
- *briefing deck 32.16*: the deck's indicator facts.

The same for 2021, the year in which most shipped BPS tables have values.

Each line also counts the values shown for which the shipped facts (``data/bps/``, GRDP) hold a
value for the same region, indicator and year, and how many of those are shown as synthetic
(target 0). Last, a check over every shipped fact value in the app's years (2018-2025): is it
shown, through the same view the screens use, as real with the published value?
Run: ``python bench/bench_real_share.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.config import Settings
from dashboard.data.sample import GRDP_INDICATOR, GRDP_SOURCE, SAMPLE_YEARS, load_bps, load_grdp
from dashboard.data.store.datasets import is_synthetic
from dashboard.data.store.repository import Repository
from dashboard.data.views.measures import COMPOSITE, indicator_profile, measure_values
from dashboard.data.views.periods import default_period
from dashboard.exports.briefing.build import build_briefing

HOME = "32.16"
RICHEST_YEAR = 2021  # IPM, life expectancy, schooling, P0, TPT and GRDP all have values


def facts() -> pd.DataFrame:
    """Every shipped fact value the app could show: BPS tables and GRDP, in the app's years."""
    bps = load_bps()[["region_code", "indicator_id", "period", "value"]]
    grdp = load_grdp().rename(columns={"code": "region_code", "year": "period"})
    grdp = grdp.assign(indicator_id=GRDP_INDICATOR)[bps.columns]
    both = pd.concat([bps, grdp], ignore_index=True)
    return both[both["period"].isin(list(SAMPLE_YEARS))]


def line(name: str, real: int, total: int, in_facts: int | None, wrong: int) -> None:
    share = f"{real / total:6.1%}" if total else "     -"
    flag = "ok" if wrong == 0 else "MISS"
    facts_part = (
        "" if in_facts is None else f"   in facts {in_facts:>5}, shown synthetic {wrong} [{flag}]"
    )
    print(f"  {name:<34} {real:>6} / {total:<6} real = {share}{facts_part}")


def shown_rows(snap, period: int) -> dict[str, pd.DataFrame]:
    """(region, indicator, year, synthetic) of what each view shows."""
    scored = [i.id for i in snap.framework.scored_indicators]
    maps = []
    for ind in scored:
        values = measure_values(snap, ind, period)
        values = values[values["value"].notna()]
        maps.append(
            pd.DataFrame(
                {
                    "region_code": values["code"],
                    "indicator_id": ind,
                    "period": period,
                    "synthetic": values["source"].map(is_synthetic).astype(bool),
                }
            )
        )
    profile = indicator_profile(snap, HOME, period)
    profile = profile[profile["scored"] & profile["value"].notna()]
    deck = build_briefing(snap, HOME, period)
    deck_rows = [i for i in deck.indicators if i.value is not None]
    return {
        "overview: every indicator map": pd.concat(maps, ignore_index=True),
        f"profile {HOME}": pd.DataFrame(
            {
                "region_code": HOME,
                "indicator_id": profile["indicator_id"],
                "period": profile["period"].astype(int),
                "synthetic": profile["synthetic"].astype(bool),
            }
        ),
        f"briefing deck {HOME}": pd.DataFrame(
            {
                "region_code": HOME,
                "indicator_id": [i.id for i in deck_rows],
                "period": [int(i.year or period) for i in deck_rows],
                "synthetic": [bool(i.synthetic) for i in deck_rows],
            }
        ),
    }


def report(fill: bool, known: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        repo = Repository(Settings(DATA_DIR=Path(tmp) / "instance", SAMPLE_FILL=fill))
        snap = repo.snapshot()
        seeded = time.perf_counter() - started
        default = default_period(snap)
        print(f"SAMPLE_FILL={int(fill)}: default year {default}, seeded in {seeded:.1f} s")
        for period in (default, RICHEST_YEAR):
            label = "default year" if period == default else "year with most BPS tables"
            print(f" {period} ({label})")
            composite = measure_values(snap, COMPOSITE, period)
            scored = composite["value"].notna()
            n_real = int(composite.loc[scored, "n_real"].sum())
            n_all = n_real + int(composite.loc[scored, "n_synthetic"].sum())
            print(f"  overview composite: {int(scored.sum())} of {len(composite)} kab/kota scored")
            line("overview: inputs of shown scores", n_real, n_all, None, 0)
            key = ["region_code", "indicator_id", "period"]
            for name, rows in shown_rows(snap, period).items():
                hit = rows.merge(known[key], on=key)
                line(name, int((~rows["synthetic"]).sum()), len(rows), len(hit),
                     int(hit["synthetic"].sum()))  # fmt: skip
        check_every_fact(snap, known)


def check_every_fact(snap, known: pd.DataFrame) -> None:
    """Each shipped fact value in the app's years, looked up through measure_values."""
    total = real = equal = 0
    for (ind, period), group in known.groupby(["indicator_id", "period"]):
        values = measure_values(snap, ind, int(period)).set_index("code")
        shown = values.reindex(group["region_code"])
        total += len(group)
        ok = shown["value"].notna() & ~shown["source"].fillna("").map(is_synthetic)
        real += int(ok.sum())
        equal += int((shown["value"].to_numpy() == group["value"].to_numpy())[ok.to_numpy()].sum())
    flag = "ok" if real == equal == total else "MISS"
    print(f"  every shipped fact value (2018-2025): {total} in facts, {real} shown as real, "
          f"{equal} with the published value [{flag}]")  # fmt: skip


def main() -> int:
    known = facts()
    print(f"shipped facts in the app's years: {len(known)} values "
          f"(BPS tables + GRDP, source '{GRDP_SOURCE}')")  # fmt: skip
    for fill in (True, False):
        report(fill, known)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
