"""Questions pages ask of a snapshot, answered as frames (pure, memoised per snapshot)."""
