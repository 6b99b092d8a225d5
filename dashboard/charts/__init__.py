"""The charts of the app, between the data and figures below and the pages, web and exports above.

One query model (:mod:`.query`), one registry of exportable charts (:mod:`.registry`) and a module
per page building its figures, the data behind them and their provenance. Everything takes the
snapshot, the home region and the language as arguments: no Flask application context needed.
"""
