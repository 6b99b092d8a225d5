"""Briefing exports: charts as PNG/SVG/PDF, their data as CSV/XLSX, and region decks (PPTX/PDF).

No Dash imports here: the same code serves the HTTP endpoints, the CLI and the benchmarks.
"""
