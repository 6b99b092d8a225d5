"""Kota Cerdas Command Center: smart city readiness of Indonesia's kabupaten/kota."""

from dashboard import process

process.tune()  # before Dash, pandas or pyarrow allocate anything (see dashboard/process.py)

__version__ = "0.1.0"
APP_NAME = "Kota Cerdas Command Center"
