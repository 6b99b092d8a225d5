"""SPEC P2's yardstick: a bare Dash app drawing one bar chart, served by ``bench_overview.py``.

Dash's defaults (no assets, plotly.js as dcc.Graph fetches it, no compression), one ``dcc.Graph``
with its figure in the layout. ``bench_overview.py`` starts it under gunicorn like the dashboard
(2 workers, ``--preload``) and loads both cold in the same browser run: the dashboard should draw
its map no later than this app draws its chart.
"""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import dcc, html

app = dash.Dash(__name__)
app.layout = html.Div(
    [
        html.H1("Bare Dash app"),
        dcc.Graph(
            id="bar",
            figure=go.Figure(go.Bar(x=["A", "B", "C", "D"], y=[4, 2, 3, 1])),
        ),
    ]
)
server = app.server
