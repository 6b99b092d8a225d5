"""Dash-free data layer: regions, framework, store, import, scoring, boundaries."""
