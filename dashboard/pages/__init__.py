"""Dash Pages: one module per page, each starting with ``register_page``."""
