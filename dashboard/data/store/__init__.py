"""Versioned on-disk store: dataset and boundary versions, the active pointer, audit log, snapshots."""
