"""The briefing deck end to end: the HTTP endpoint with the real Chromium, its 400/404/429/503
answers, the profile button's callback and the CLI's exit codes."""

from __future__ import annotations

import base64
import io
import json
import re

import plotly
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from dashboard.app import create_app
from dashboard.cli import main
from dashboard.components import briefing_button
from dashboard.config import Settings
from dashboard.exports import render as images
from dashboard.exports.briefing.facts import CHART_KEYS
from dashboard.web import briefing as briefing_routes
from tests.integration.conftest import BUTTON_OUTPUT, BUTTON_OUTPUTS, dash_post

# title, summary, charts, levers, targets (the sample's Bekasi has illustrative ones), table, sources
N_SLIDES = len(CHART_KEYS) + 6
needs_chromium = pytest.mark.skipif(
    not images.available(), reason="Chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("briefing") / "instance",
        RATE_LIMIT_EXPORT="10000 per minute",  # many exports here; the limit has its own test
        RENDER_QUEUE_SECONDS=60,  # the gate has its own tests (test_serve.py)
    )
    app = create_app(settings)
    briefing_routes.install(app.server)  # a no-op once create_app installs it
    return app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@needs_chromium
def test_pptx_endpoint_returns_the_full_deck(client):
    response = client.get("/export/briefing/32.16.pptx?period=2024")
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="paparan_32.16_kab-bekasi_2024.pptx"'
    )
    assert response.mimetype.endswith("presentationml.presentation")
    prs = Presentation(io.BytesIO(response.data))
    slides = list(prs.slides)
    assert len(slides) == N_SLIDES
    assert "Kabupaten Bekasi" in _texts(slides[0])
    assert "RINGKASAN 2024" in _texts(slides[1])
    kickers = ["PETA JAWA BARAT", "ENAM PILAR", "ELEMEN KESIAPAN", "TREN", "PERUBAHAN"]
    kickers += ["PERINGKAT DI JAWA BARAT", "SEBARAN NASIONAL", "INDIKATOR TERKUAT"]
    for slide, kicker in zip(slides[2:10], kickers, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, kicker
        assert pictures[0].image.size[0] >= 1800  # 2x
        assert kicker in _texts(slide)
    assert any(s.has_table for s in slides[-2].shapes)
    assert "TARGET RPJMD" in _texts(slides[-3])  # the targets slide (export includes targets)
    assert any(s.has_table for s in slides[-3].shapes)
    assert "SUMBER DAN METODE" in _texts(slides[-1])
    for slide in slides[1:]:
        assert "Data contoh (sintetis)" in _texts(slide)


@needs_chromium
def test_pdf_endpoint_by_bps_code_in_english(client):
    response = client.get("/export/briefing/3216.pdf?period=2023&lang=en")
    assert response.status_code == 200, response.data[:300]
    assert (
        'filename="briefing_32.16_kab-bekasi_2023.pdf"' in response.headers["Content-Disposition"]
    )
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == N_SLIDES
    pages = [p.extract_text() for p in reader.pages]
    assert "Kabupaten Bekasi" in pages[0]
    assert "Data year 2023" in pages[0]
    assert all("Sample data (synthetic)" in text for text in pages[1:])
    assert sum(len(p.images) for p in reader.pages) == len(CHART_KEYS)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/export/briefing/99.99.pptx", 404, "wilayah '99.99' tidak dikenal"),
        ("/export/briefing/32.pptx", 404, "bukan kabupaten/kota"),
        ("/export/briefing/Bekasi.pdf?lang=en", 404, "ambiguous region name 'Bekasi'"),
        ("/export/briefing/32.16.docx", 404, "format 'docx' tidak dikenal"),
        ("/export/briefing/32.16", 404, "gunakan /export/briefing/<kode>.pptx atau .pdf"),
        ("/export/briefing/32.16.pptx?period=1999", 400, "periode '1999' tidak tersedia"),
        ("/export/briefing/32.16.pptx?period=abc&lang=en", 400, "period 'abc' is not available"),
        ("/export/briefing/32.16.pptx?lang=fr", 400, "bahasa 'fr' tidak dikenal"),
        ("/export/briefing/%3Cscript%3E.pptx", 404, "tidak dikenal"),
    ],
)
def test_bad_requests_get_a_message_not_a_traceback(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert message in text
    assert "Traceback" not in text
    assert "<script>" not in response.headers.get("Content-Disposition", "")


def test_no_chromium_is_a_503_with_a_plain_message(client, monkeypatch):
    monkeypatch.setattr(images, "available", lambda: False)
    response = client.get("/export/briefing/32.16.pdf?lang=en")
    assert response.status_code == 503
    assert "Chromium" in response.get_data(as_text=True)


def test_briefing_exports_are_rate_limited(tmp_path):
    settings = Settings(DATA_DIR=tmp_path / "instance", RATE_LIMIT_EXPORT="2 per minute")
    app = create_app(settings)
    briefing_routes.install(app.server)
    client = app.server.test_client()
    codes = [client.get("/export/briefing/99.99.pptx").status_code for _ in range(3)]
    assert codes == [404, 404, 429]


@needs_chromium
def test_profile_button_callback_returns_the_deck_as_a_download(client):
    response = dash_post(
        client,
        BUTTON_OUTPUT,
        [{"id": briefing_button.BUTTON, "property": "n_clicks", "value": 1}],
        state=[
            {"id": briefing_button.FORMAT, "property": "value", "value": "pdf"},
            {
                "id": briefing_button.TARGET,
                "property": "data",
                "value": {"code": "32.75", "period": 2024, "lang": "id"},
            },
        ],
        outputs=BUTTON_OUTPUTS,
    )
    assert response.status_code == 200, response.data[:300]
    body = response.get_json()["response"]
    download = body[briefing_button.DOWNLOAD]["data"]
    assert download["filename"] == "paparan_32.75_kota-bekasi_2024.pdf"
    assert download["base64"] is True
    pages = PdfReader(io.BytesIO(base64.b64decode(download["content"]))).pages
    assert len(pages) == N_SLIDES - 1  # Kota Bekasi has no targets: no targets slide


def test_profile_button_callback_turns_bad_input_into_an_alert(client):
    response = dash_post(
        client,
        BUTTON_OUTPUT,
        [{"id": briefing_button.BUTTON, "property": "n_clicks", "value": 1}],
        state=[
            {"id": briefing_button.FORMAT, "property": "value", "value": "pptx"},
            {
                "id": briefing_button.TARGET,
                "property": "data",
                "value": {"code": "99.99", "period": 2024, "lang": "en"},
            },
        ],
        outputs=BUTTON_OUTPUTS,
    )
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert briefing_button.DOWNLOAD not in body  # no_update
    alert = str(body[briefing_button.ALERT]["children"])
    assert "The briefing cannot be built: unknown region '99.99'" in alert


def test_profile_page_shows_the_briefing_controls(app):
    import dash

    with app.server.test_request_context("/wilayah/32.16?lang=en"):
        layout = dash.page_registry["dashboard.pages.region"]["layout"](code="3216", lang="en")
    text = json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder)
    for ident in (briefing_button.BUTTON, briefing_button.FORMAT, briefing_button.DOWNLOAD):
        assert f'"{ident}"' in text
    assert "Download briefing" in text
    assert '"code": "32.16"' in text
    assert '"lang": "en"' in text


# ---------------------------------------------------------------------------- CLI
def run(argv, capsys):
    code = main(argv, environ={})
    out, err = capsys.readouterr()
    return code, out, err


@needs_chromium
def test_cli_writes_a_pdf_deck(app, tmp_path, capsys):
    data_dir = str(app.server.config["SETTINGS"].DATA_DIR)
    argv = ["--data-dir", data_dir, "export", "briefing", "--region", "3216", "--format", "pdf"]
    code, out, err = run([*argv, "--period", "2024", "-o", str(tmp_path)], capsys)
    assert code == 0, err
    written = tmp_path / "paparan_32.16_kab-bekasi_2024.pdf"
    assert len(PdfReader(written).pages) == N_SLIDES
    assert re.search(rf"ditulis: {N_SLIDES} slide, \d+ KB", out)


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["--region", "99.99"], 1, "wilayah '99.99' tidak dikenal"),
        (["--region", "32"], 1, "bukan kabupaten/kota"),
        (["--region", "32.16", "--period", "2030"], 1, "periode '2030' tidak tersedia"),
        (["--region", "32.16", "--period", "abc"], 2, "invalid int value"),
        (["--region", "32.16", "--format", "docx"], 2, "invalid choice"),
        (["--format", "pdf"], 2, "--region"),
        (["--region", "32.16", "-o", "/nonexistent/dir/x.pptx"], 1, "tidak dapat ditulis"),
    ],
)
def test_cli_exit_codes(app, capsys, args, exit_code, message):
    data_dir = str(app.server.config["SETTINGS"].DATA_DIR)
    try:
        code, _, err = run(["--data-dir", data_dir, "export", "briefing", *args], capsys)
    except SystemExit as exc:  # argparse usage errors
        code, err = exc.code, capsys.readouterr().err
    assert code == exit_code
    assert message in err
