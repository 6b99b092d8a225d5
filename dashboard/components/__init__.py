"""Reusable dash-bootstrap-components trees (nouns: navbar, kpi_card, page_frame)."""
