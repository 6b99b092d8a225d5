"""``/tabel/<chart>``: a chart's data as an HTML table (caption, column and row headers, summary,
provenance, link back), 404/400 with a message and never a traceback; pages link to it with
their filters."""

from __future__ import annotations

import importlib
from html.parser import HTMLParser

import pytest
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.charts.registry import CHARTS
from tests.integration.conftest import dash_post
from tests.layout_tree import components


class Table(HTMLParser):
    """The parts of the page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            key = self._open[-1]
            self.text[key] = self.text.get(key, "") + data

    def count(self, tag: str, **attrs) -> int:
        return sum(
            1 for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        )


def _parse(response) -> Table:
    page = Table()
    page.feed(response.get_data(as_text=True))
    return page


def test_map_table_is_a_real_table_with_headers_caption_and_labels(client):
    response = client.get("/tabel/peta-kesiapan?indicator=composite&period=2024")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = _parse(response)
    assert page.count("html", lang="id") == 1
    assert page.count("table") == 1
    assert "Peta: " in page.text["caption"]
    assert "514 baris" in page.text["caption"]
    assert page.count("th", scope="col") == 11  # code, name, ..., source, synthetic, counts
    assert page.count("th", scope="row") == 514  # one row header (the region's name) per row
    body = response.get_data(as_text=True)
    assert "Data contoh (sintetis)" in body  # the badge
    assert ">Sintetis</th>" in body  # and per row
    assert "Ringkasan" in body
    assert "514 wilayah. Tertinggi:" in body
    assert 'href="/?indicator=composite&amp;period=2024"' in body  # back to the chart
    assert '<link rel="stylesheet" href="/assets/20-app.css">' in body


def test_english_table_and_every_chart_answers(client):
    response = client.get("/tabel/pilar?kode=32.16&lang=en")
    assert response.status_code == 200
    page = _parse(response)
    assert page.count("html", lang="en") == 1
    assert "Data table" in page.text["h1"]
    assert "Highest:" in response.get_data(as_text=True)
    for name in CHARTS:
        assert client.get(f"/tabel/{name}").status_code == 200, name


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/tabel/nope", 404, "Grafik &#39;nope&#39; tidak dikenal"),
        ("/tabel/sebaran?period=1900", 400, "Tahun &#39;1900&#39; tidak tersedia"),
        ("/tabel/peta-kesiapan?period=2024&period=2023", 400, "lebih dari sekali"),
        ("/tabel/tren?kode=32.16&oops=1", 400, "Parameter &#39;oops&#39; tidak dikenal"),
        ("/tabel/pilar?kode=99.99&lang=en", 400, "99.99"),
        ("/tabel/peringkat?lang=xx", 400, "lang=id"),
    ],
)
def test_bad_requests_answer_with_a_message_and_no_traceback(client, url, status, message):
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in body
    assert 'role="alert"' in body
    assert "Traceback" not in body
    assert "<table" not in body


def _figures(node, parent=None):
    """(graph, the html.Figure around it or None) for every dcc.Graph of a layout."""
    if isinstance(node, list | tuple):
        for child in node:
            yield from _figures(child, parent)
    elif isinstance(node, Component):
        if isinstance(node, dcc.Graph):
            yield node, parent
        inner = node if isinstance(node, html.Figure) else parent
        yield from _figures(getattr(node, "children", None), inner)


def _links(node) -> list[str]:
    return [
        n.href for _, n in _walk(node) if "kc-table-link" in (getattr(n, "className", "") or "")
    ]


def _walk(node):
    if isinstance(node, list | tuple):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, Component):
        yield None, node
        yield from _walk(getattr(node, "children", None))


PAGES = [  # module, layout query, how many graphs
    ("overview", {"indicator": "eco_poverty", "period": "2023"}, 3),
    ("region", {"code": "32.16", "period": "2023"}, 3),  # pillars, trend, targets' panels
    ("districts", {"code": "32.16"}, 2),
    ("compare", {"kode": "32.16,32.75"}, 1),
    ("catalogue", {"indikator": "gov_spbe"}, 2),
    ("programme", {}, 5),
]


@pytest.mark.parametrize(("module", "query", "graphs"), PAGES)
def test_every_graph_has_a_name_a_summary_and_a_table_link(app, module, query, graphs):
    page = importlib.import_module(f"dashboard.pages.{module}")
    with app.server.test_request_context("/"):
        tree = components(page.layout(**query))
    found = list(_figures(tree))
    assert len(found) == graphs
    for graph, figure in found:
        assert figure is not None, f"{module}: graph {graph.id} has no text alternative"
        ids = {"name": figure.to_plotly_json()["props"]["aria-labelledby"],
               "summary": figure.to_plotly_json()["props"]["aria-describedby"]}  # fmt: skip
        texts = {
            n.id: getattr(n, "children", None) for _, n in _walk(figure) if getattr(n, "id", None)
        }
        assert texts[ids["name"]], (module, graph.id)
        assert texts[ids["summary"]], (module, graph.id)
        assert _links(figure), (module, graph.id)


def test_table_links_carry_the_pages_filters(app):
    page = importlib.import_module("dashboard.pages.overview")
    with app.server.test_request_context("/"):
        tree = components(page.layout(indicator="eco_poverty", period="2023", province="32"))
    links = _links(tree)
    for name in ("peta-kesiapan", "peringkat", "sebaran"):
        assert f"/tabel/{name}?indicator=eco_poverty&period=2023&province=32&mode=tile" in links


def test_overview_summaries_follow_a_filter_change_in_their_own_callback(client):
    charts = ("peta-kesiapan", "peringkat", "sebaran")
    outputs = [
        {"id": f"{name}-text-{part}", "property": "children"}
        for name in charts
        for part in ("title", "summary")
    ]
    key = "...".join(f"{o['id']}.children" for o in outputs).join(["..", ".."])
    # sent once the map has its answer (overview.MAP_ANSWERED), the filters as they are then
    state = [
        {"id": "indicator-select", "property": "value", "value": "eco_poverty"},
        {"id": "period-select", "property": "value", "value": 2023},
        {"id": "province-select", "property": "value", "value": "32"},
        {"id": "overview-lang", "property": "data", "value": "en"},
    ]
    response = dash_post(
        client,
        key,
        [{"id": "overview-map-answered", "property": "data", "value": 1}],
        state=state,
        outputs=outputs,
    )
    assert response.status_code == 200
    answer = response.get_json()["response"]
    title = answer["peta-kesiapan-text-title"]["children"]
    summary = answer["peta-kesiapan-text-summary"]["children"]
    assert "2023" in title
    assert "27 regions" in summary  # Jawa Barat's kab/kota only
    assert "Highest:" in summary
    assert " values in 25 bins" in answer["sebaran-text-summary"]["children"]
