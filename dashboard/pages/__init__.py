"""Dash Pages: one module per page, each starting with ``register_page``.

Besides the pages: :mod:`.frame` (what every page needs around its body, gathered per request),
:mod:`.common` (shared callbacks) and parts too large for their page module
(``region_indicators``, ``region_province``, ``compare_table``, ``catalogue_parts``,
``briefing_download``).
"""
