"""Reusable dash-bootstrap-components trees, given what they show as arguments (nouns: navbar,
kpi_card, frame, export_menu, briefing_controls)."""
