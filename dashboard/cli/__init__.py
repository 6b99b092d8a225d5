"""The command line (``python -m dashboard``): data, exports, users."""
