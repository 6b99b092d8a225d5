"""What makes export files: chart images (kaleido, :mod:`.render`), chart data as CSV/XLSX
(:mod:`.tables`) and region briefing decks (:mod:`.briefing`).

The charts themselves, their data and provenance come from :mod:`dashboard.charts`. No Dash
imports here: the same code serves the HTTP endpoints, the CLI and the benchmarks.
"""
