"""Pure figure builders: DataFrame in, go.Figure out (no Dash, no file reads).

Importing the package registers the named templates "screen", "wall" and "print".
Modules: colors (palettes), theme (templates and helpers), tilemap and geomap (the two national
maps; mapvalues holds what they share), ranking, distribution, profile, compare, programme.
"""

from dashboard.figures import theme as theme  # registers the templates
