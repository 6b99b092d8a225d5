"""The sample's illustrative targets and events for the home region (Kabupaten Bekasi).

Neither is official: the targets are **not** the RPJMD of Kabupaten Bekasi and the bimtek and
masterplan dates are a sample choice (only the MoU date, 2022-04-21, is a fact, and it comes from
the programme data). Their ``source`` is the synthetic marker, so every view labels them.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.sample.inputs import HOME_REGION, SYNTHETIC_SOURCE
from dashboard.data.store.datasets import tidy_events, tidy_targets

TARGET_NOTE = "contoh ilustratif (sampel), bukan target RPJMD resmi"
EVENT_NOTE = "tanggal contoh (sampel)"

# (indicator, year, value): a mix the views can show (met, missed, on and off course)
SAMPLE_TARGETS = (
    ("composite", 2024, 62.0),
    ("composite", 2026, 66.0),
    ("eco_poverty", 2026, 4.5),
    ("eco_unemployment", 2024, 7.5),
    ("eco_growth", 2025, 5.5),
    ("liv_hdi", 2026, 77.2),
    ("liv_stunting", 2025, 15.0),
    ("gov_spbe", 2026, 3.9),
    ("soc_internet", 2026, 85.0),
)
SAMPLE_EVENTS = (  # (date, title id, title en, category)
    ("2022-06-14", "Bimtek 1: arah kebijakan", "Bimtek 1: policy direction", "programme"),
    ("2022-08-09", "Bimtek 2: analisis strategis", "Bimtek 2: strategic analysis", "programme"),
    ("2022-09-20", "Bimtek 3: rencana induk", "Bimtek 3: masterplan draft", "programme"),
    ("2022-11-08", "Bimtek 4: quick win", "Bimtek 4: quick wins", "programme"),
    (
        "2023-03-15",
        "Masterplan smart city ditetapkan",
        "Smart city masterplan adopted",
        "programme",
    ),
)


def sample_targets(region: str = HOME_REGION) -> pd.DataFrame:
    rows = [(region, i, y, v, SYNTHETIC_SOURCE, TARGET_NOTE) for i, y, v in SAMPLE_TARGETS]
    columns = ["region_code", "indicator_id", "period", "value", "source", "note"]
    return tidy_targets(pd.DataFrame(rows, columns=columns))


def sample_events(region: str = HOME_REGION) -> pd.DataFrame:
    rows = [(d, ti, te, region, c, SYNTHETIC_SOURCE) for d, ti, te, c in SAMPLE_EVENTS]
    columns = ["date", "title_id", "title_en", "region_code", "category", "source"]
    return tidy_events(pd.DataFrame(rows, columns=columns))
