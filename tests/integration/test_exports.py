"""Export endpoints and CLI: every format checked by its content, errors are messages, never 500."""

from __future__ import annotations

import io
import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from dashboard.app import create_app
from dashboard.charts.registry import CHARTS
from dashboard.cli import main
from dashboard.components.export_menu import menu_id
from dashboard.config import Settings
from dashboard.exports import render
from tests.layout_tree import components

needs_chromium = pytest.mark.skipif(
    not render.available(), reason="Chromium not installed (apt-get install chromium)"
)
FILE_NAME = re.compile(r'^attachment; filename="([A-Za-z0-9_-]+\.(png|svg|pdf|csv|xlsx))"$')
INTERNALS = ("Traceback", 'File "', "site-packages", "Internal error")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("exports") / "instance",
        RATE_LIMIT_EXPORT="10000 per minute",
        RENDER_SLOTS=2,  # concurrent exports here meet in the renderer, not at the gate
        RENDER_QUEUE_SECONDS=60,  # a slow machine must not turn an export into a 503
    )
    application = create_app(settings)
    yield application
    render.renderer().close()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _ok(response, mimetype: str) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == mimetype
    assert response.headers["Cache-Control"] == "no-store"
    match = FILE_NAME.match(response.headers["Content-Disposition"])
    assert match, response.headers["Content-Disposition"]
    return match.group(1)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        return image.size


# ------------------------------------------------------------------------------ images
@needs_chromium
def test_png_is_1920x1080_and_2x_for_print(client):
    response = client.get("/export/chart/peta-kesiapan.png?indicator=eco_poverty&period=2024")
    assert _ok(response, "image/png") == "peta-kesiapan_eco-poverty_2024.png"
    assert _png_size(response.data) == (1920, 1080)
    double = client.get("/export/chart/peringkat.png?scale=2&province=32")
    assert _ok(double, "image/png").endswith("_prov32.png")
    assert _png_size(double.data) == (3840, 2160)


@needs_chromium
def test_png_is_a_light_print_image_with_the_amber_warning(client):
    data = client.get("/export/chart/peta-kesiapan.png").data
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((5, 5)) == (255, 255, 255)  # print template: white paper
        colours = {c for _, c in rgb.getcolors(maxcolors=1 << 20)}
    amber = (0xFC, 0xD3, 0x4D)
    assert amber in colours  # the "Data contoh (sintetis)" badge


@needs_chromium
def test_svg_parses_and_carries_the_provenance(client):
    response = client.get("/export/chart/pilar.svg?kode=32.16&period=2024")
    assert _ok(response, "image/svg+xml") == "pilar_3216_2024.svg"
    root = ET.fromstring(response.data)
    assert root.tag.endswith("svg")
    assert (root.get("width"), root.get("height")) == ("1280", "720")
    text = " ".join(t for t in root.itertext())
    for expected in (
        "Kabupaten Bekasi: pilar dan elemen kesiapan, 2024",
        "Data contoh (sintetis)",
        "Versi dataset 1",
        "Kode wilayah: Kepmendagri 300.2.2-2138/2025",
        "Tahun data 2024",
        "WIB",
        "Kota Cerdas Command Center",
    ):
        assert expected in text, expected


@needs_chromium
def test_pdf_is_one_slide_sized_page_with_the_provenance(client):
    from pypdf import PdfReader

    response = client.get("/export/chart/tren.pdf?kode=32.75&lang=en")
    assert _ok(response, "application/pdf") == "tren_3275.pdf"
    assert response.data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(16 / 9)
    text = reader.pages[0].extract_text()
    assert "Kota Bekasi: readiness index trend" in text
    assert "Sample data (synthetic)" in text
    assert "Dataset version 1" in text


@needs_chromium
@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_exports_as_png(client, name):
    response = client.get(f"/export/chart/{name}.png")
    assert _ok(response, "image/png").startswith(name)
    assert _png_size(response.data) == (1920, 1080)


# ------------------------------------------------------------------------------ data
def test_csv_has_provenance_lines_and_a_numeric_table(client):
    response = client.get("/export/data/peringkat.csv?indicator=liv_water&period=2024")
    assert _ok(response, "text/csv") == "peringkat_liv-water_2024.csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.data.decode("utf-8-sig")
    head = text.split("\r\n\r\n")[0]
    for expected in (
        '# Judul,"Peringkat: Rumah tangga dengan air minum layak, 2024"',
        "# Satuan,%",
        "# Periode,2024",
        "# Versi dataset,1",
        "# Kode wilayah,Kepmendagri 300.2.2-2138/2025",
        '# Data contoh,"ya, sintetis"',
        "# Aplikasi,Kota Cerdas Command Center",
        "# Tautan,http://localhost/?indicator=liv_water&period=2024",
    ):
        assert expected in head, expected
    table = pd.read_csv(io.BytesIO(response.data), comment="#", dtype={"Kode wilayah": str})
    assert table["Nilai"].dtype == float
    assert table["Peringkat"].iloc[0] == 1
    assert "32.16" in set(table["Kode wilayah"])


def test_xlsx_opens_with_a_metadata_sheet(client):
    response = client.get("/export/data/bandingkan-pilar.xlsx?kode=32.16,32.75,32.15&lang=en")
    name = _ok(response, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert name.startswith("bandingkan-pilar_3216-3275-3215_")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Data", "Metadata"]
    rows = list(book["Data"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Region code", "Region name", "Composite index")
    assert [r[0] for r in rows[1:]] == ["32.16", "32.75", "32.15"]
    assert all(isinstance(r[2], float) for r in rows[1:])
    meta = dict(book["Metadata"].iter_rows(values_only=True))
    assert meta["Title"].startswith("Pillars and readiness elements")
    assert meta["Filters"].startswith("Regions: Kab. Bekasi, Kota Bekasi")
    assert meta["Sample data"] == "yes, synthetic"
    assert meta[
        "Link"
    ] == "http://localhost/bandingkan?lang=en&kode=32.16,32.75,32.15&period=" + str(meta["Period"])


# ------------------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        ("/export/chart/nope.png", 404, "peta-kesiapan, peringkat"),
        ("/export/data/nope.csv", 404, "masterplan"),
        ("/export/chart/peta-kesiapan.gif", 404, "png, svg, pdf"),
        ("/export/chart/peta-kesiapan.csv", 404, "png, svg, pdf"),
        ("/export/data/peta-kesiapan.png", 404, "csv, xlsx"),
        ("/export/chart/peta-kesiapan", 404, "png, svg, pdf"),
        ("/export/chart/peta-kesiapan.png?period=abc", 400, "'abc'"),
        ("/export/data/peringkat.csv?period=1999", 400, "2018"),
        ("/export/data/peringkat.csv?indicator=%3Cscript%3E", 400, "'<script>'"),
        ("/export/data/peringkat.csv?province=99", 400, "'99'"),
        ("/export/data/peringkat.csv?mode=geo", 400, "import boundaries"),
        ("/export/data/peringkat.csv?indikator=gov_spbe", 400, "indicator, period"),
        ("/export/data/peringkat.csv?period=2024&period=2023", 400, "'period'"),
        ("/export/data/peringkat.csv?scale=2", 400, "PNG"),
        ("/export/chart/peringkat.png?scale=3", 400, "'3'"),
        ("/export/chart/peringkat.svg?scale=2", 400, "PNG"),
        ("/export/data/peringkat.csv?lang=fr", 400, "lang=en"),
        ("/export/data/pilar.csv?kode=99.99", 400, "'99.99'"),
        ("/export/data/bandingkan-pilar.csv?kode=32.16", 400, "(diberikan: 1)"),
        ("/export/data/peta-indikator.csv?indikator=nope", 400, "'nope'"),
        ("/export/data/angkatan.csv?kohort=1990", 400, "'1990'"),
    ],
)
def test_bad_requests_get_a_plain_message_never_a_500(client, url, status, fragment):
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == status, body
    assert response.mimetype == "text/plain"
    assert fragment in body
    assert "(request " in body
    assert not any(marker in body for marker in INTERNALS)
    assert "Content-Disposition" not in response.headers


def test_export_links_are_rate_limited(tmp_path):
    settings = Settings(DATA_DIR=tmp_path / "instance", RATE_LIMIT_EXPORT="2 per minute")
    limited = create_app(settings).server.test_client()
    codes = [limited.get("/export/data/angkatan.csv").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = limited.get("/export/data/nope.csv")
    assert response.status_code == 429
    assert "Retry-After" in response.headers


@pytest.fixture
def no_chromium():
    render.configure("/nonexistent/chromium")
    yield
    render.configure("")


def test_without_chromium_images_say_so_and_data_keeps_working(client, app, no_chromium):
    response = client.get("/export/chart/peta-kesiapan.png")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert "Chromium" in body
    assert "CSV" in body
    assert client.get("/export/data/peta-kesiapan.csv").status_code == 200
    from dashboard.pages import overview

    with app.server.test_request_context("/"):
        layout = components(overview.layout())
    menu = _find(layout, menu_id("peta-kesiapan"))
    texts = _texts(menu)
    assert any("Chromium" in t for t in texts)
    disabled = [c for c in _walk(menu) if "disabled" in (getattr(c, "className", "") or "")]
    assert len(disabled) == 4  # PNG, PNG 2x, SVG, PDF
    links = [c.href for c in _walk(menu) if getattr(c, "href", None)]
    assert len(links) == 2  # CSV and XLSX


# ------------------------------------------------------------------------------ menu on pages
def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def _find(component, wanted: str):
    return next(c for c in _walk(component) if getattr(c, "id", None) == wanted)


def _texts(component) -> list[str]:
    return [c.children for c in _walk(component) if isinstance(getattr(c, "children", None), str)]


@pytest.mark.parametrize(
    ("path", "module", "kwargs", "chart", "expected"),
    [
        ("/", "overview", {"indicator": "eco_poverty", "period": "1999"}, "peringkat", None),
        ("/wilayah/3275", "region", {"code": "3275", "lang": "en"}, "tren", "kode=32.75"),
        ("/bandingkan", "compare", {"kode": "32.16,32.73"}, "bandingkan-pilar", "32.16,32.73"),
        ("/indikator", "catalogue", {"indikator": "soc_imdi"}, "sebaran-indikator", "soc_imdi"),
        ("/program", "programme", {}, "masterplan", "kohort=all"),
    ],
)
def test_chart_cards_carry_an_export_menu_with_the_page_filters(
    app, client, path, module, kwargs, chart, expected
):
    import importlib

    page = importlib.import_module(f"dashboard.pages.{module}")
    with app.server.test_request_context(path):
        layout = components(page.layout(**kwargs))
    menu = _find(layout, menu_id(chart))
    links = [c.href for c in _walk(menu) if getattr(c, "href", None)]
    assert [link.split("?")[0] for link in links] == [
        f"/export/chart/{chart}.png",
        f"/export/chart/{chart}.png",
        f"/export/chart/{chart}.svg",
        f"/export/chart/{chart}.pdf",
        f"/export/data/{chart}.csv",
        f"/export/data/{chart}.xlsx",
    ]
    assert "scale=2" in links[1]
    if expected:
        assert all(expected in link for link in links)
    else:  # a bad year in the page's URL: the export asks for the year the page shows
        assert "indicator=eco_poverty" in links[0]
        assert "period=1999" not in links[0]
    for link in links[4:]:
        assert client.get(link).status_code == 200, link


# ------------------------------------------------------------------------------ safety
def test_formula_injection_from_imported_text_is_neutralised(tmp_path):
    source = tmp_path / "evil.csv"
    source.write_text(
        "region_code,indicator_id,period,value,source\n"
        '32.16,gov_spbe,2024,3.5,"=HYPERLINK(""http://evil"",""klik"")"\n'
        "32.75,gov_spbe,2024,3.1,@SUM(A1)\n"
        "32.15,gov_spbe,2024,2.2,-1+1\n",
        encoding="utf-8",
    )
    data_dir = tmp_path / "instance"
    assert main(["--data-dir", str(data_dir), "import", "indicators", str(source)]) == 0
    client = create_app(Settings(DATA_DIR=data_dir)).server.test_client()
    query = "indicator=gov_spbe&period=2024"
    text = client.get(f"/export/data/peta-kesiapan.csv?{query}").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",'@SUM(A1)" in text
    assert ",'-1+1" in text
    assert not re.search(r'(^|,)"?[=@+]', text.split("\r\n\r\n")[1], re.MULTILINE)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/export/data/peta-kesiapan.xlsx?{query}").data)
    )
    cells = [c for row in book["Data"].iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    sources = {c.value for c in cells if isinstance(c.value, str) and "SUM" in c.value}
    assert sources == {"'@SUM(A1)"}


def test_concurrent_exports_do_not_share_state(client):
    wanted = {
        "gov_spbe": "Indeks SPBE",
        "eco_poverty": "Persentase penduduk miskin",
        "soc_imdi": "Indeks Masyarakat Digital Indonesia",
        "composite": "Indeks Kesiapan Kota Cerdas",
    }
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def fetch(indicator: str) -> None:
        try:
            for _ in range(3):
                body = client.get(f"/export/data/sebaran.csv?indicator={indicator}").data
                results[indicator] = body.decode("utf-8-sig").split("\r\n")[0]
                assert wanted[indicator] in results[indicator], (indicator, results[indicator])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=fetch, args=(i,)) for i in wanted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(results) == set(wanted)


@needs_chromium
def test_concurrent_image_exports_each_get_their_own_picture(client):
    sizes: dict[str, tuple[int, int]] = {}

    def fetch(url: str) -> None:
        sizes[url] = _png_size(client.get(url).data)

    urls = ["/export/chart/angkatan.png", "/export/chart/bimtek.png?scale=2"]
    threads = [threading.Thread(target=fetch, args=(u,)) for u in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sizes == {urls[0]: (1920, 1080), urls[1]: (3840, 2160)}


# ------------------------------------------------------------------------------ CLI
def test_cli_exports_data_and_refuses_bad_names(app, tmp_path, capsys):
    data_dir = str(app.server.config["SETTINGS"].DATA_DIR)
    out = tmp_path / "peringkat.xlsx"
    code = main(
        [
            *("--data-dir", data_dir, "export", "data", "peringkat", "-f", "xlsx"),
            *("--query", "province=32&period=2024", "-o", str(out)),
        ]
    )
    assert code == 0
    book = openpyxl.load_workbook(out)
    assert "Metadata" in book.sheetnames
    assert main(["--data-dir", data_dir, "export", "data", "nope"]) == 2
    assert "peta-kesiapan" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "export", "data", "pilar", "--query", "kode=x"]) == 2
    assert main(["--data-dir", data_dir, "export", "list"]) == 0
    assert "bandingkan-pilar" in capsys.readouterr().out


def test_cli_writes_the_export_name_by_default(app, tmp_path, monkeypatch):
    data_dir = str(app.server.config["SETTINGS"].DATA_DIR)
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", data_dir, "-q", "export", "data", "tren"]) == 0
    assert [p.name for p in Path(tmp_path).iterdir()] == ["tren_3216.csv"]


@needs_chromium
def test_cli_exports_a_png(app, tmp_path):
    data_dir = str(app.server.config["SETTINGS"].DATA_DIR)
    out = tmp_path / "map.png"
    code = main(
        [
            *("--data-dir", data_dir, "export", "chart", "peta-kesiapan", "--scale", "2"),
            *("--query", "?indicator=soc_imdi", "-o", str(out)),
        ]
    )
    assert code == 0
    assert _png_size(out.read_bytes()) == (3840, 2160)


def test_cli_without_chromium_explains_and_exits_1(app, tmp_path, capsys):
    data_dir = str(app.server.config["SETTINGS"].DATA_DIR)
    env = {"DATA_DIR": data_dir, "BROWSER_PATH": "/nonexistent/chromium"}
    try:
        code = main(["export", "chart", "tren", "-o", str(tmp_path / "x.png")], environ=env)
    finally:
        render.configure("")
    assert code == 1
    assert "Chromium" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


# ------------------------------------------------------------------------------ geographic map
@pytest.mark.shared
@needs_chromium
def test_geographic_map_export_carries_the_imported_boundaries(tmp_path, shared_real):
    from dashboard.charts import stamp
    from dashboard.charts.registry import build_chart

    data_dir = tmp_path / "instance"
    boundaries = shared_real / "regencies.geojson"
    create_app(Settings(DATA_DIR=data_dir))  # seeds the sample data
    code = main(
        [
            "--data-dir",
            str(data_dir),
            "-q",
            "import",
            "boundaries",
            str(boundaries),
            "--level",
            "regency",
        ]
    )
    assert code == 0
    app = create_app(Settings(DATA_DIR=data_dir))
    response = app.server.test_client().get("/export/chart/peta-kesiapan.png?mode=geo")
    assert _ok(response, "image/png").endswith("_geo.png")
    assert _png_size(response.data) == (1920, 1080)
    with Image.open(io.BytesIO(response.data)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 200  # hundreds of regions in many shades, not one flooded fill
    with app.server.test_request_context("/"):
        snap = app.server.config["REPOSITORY"].snapshot()
        export = build_chart("peta-kesiapan", {"mode": "geo"}, snap=snap, lang="id", home="32.16")
        spec = stamp.figure_spec(export)
    drawn = {f["properties"]["code"] for f in spec["data"][1]["geojson"]["features"]}
    assert len(drawn) == 514
    home = spec["data"][2]["geojson"]["features"]
    assert [f["properties"]["code"] for f in home] == ["32.16"]
