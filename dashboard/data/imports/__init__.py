"""Turning users' files into store versions: read, validate (all-or-nothing), commit."""
