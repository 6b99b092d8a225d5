"""Kota Cerdas Command Center: smart city readiness of Indonesia's kabupaten/kota."""

__version__ = "0.1.0"
APP_NAME = "Kota Cerdas Command Center"
