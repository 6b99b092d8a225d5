"""Every HTTP route that is not a Dash page: health, wall state, geometry, exports, briefing."""
