"""Alerts: rules in a TOML file, evaluated once per (dataset version, rules version), with history.

:mod:`.rules` parses and validates the rules file (a malformed rule is a specific message naming the
file, the rule and the field, and changes nothing); :mod:`.evaluate` turns rules and a snapshot's
values into the active alerts (vectorised over every region); :mod:`.history` keeps, under
``DATA_DIR/alerts/``, when each alert started and ended; :mod:`.source` reads the rules file when it
changes (seeded from the shipped ``data/alerts.toml``) and saves edits from the admin page.
Pages, wall and API read alerts through :mod:`dashboard.data.views.alerts`.
"""
