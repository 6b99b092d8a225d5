"""Compare, catalogue and programme pages: layouts from URL queries and their callbacks over HTTP."""

from __future__ import annotations

import importlib
import json

import pandas as pd
import pytest
from dash.development.base_component import Component

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.store.datasets import Dataset
from dashboard.data.store.repository import Snapshot
from dashboard.i18n import t
from dashboard.pages.compare_table import BEST_STYLE
from dashboard.state import snapshot

N_INDICATORS = 38  # data/framework.toml: 33 scored + 5 context


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(Settings(DATA_DIR=tmp_path_factory.mktemp("pages-extra") / "instance"))


@pytest.fixture(scope="module")
def compare(app):
    return importlib.import_module("dashboard.pages.compare")


@pytest.fixture(scope="module")
def catalogue(app):
    return importlib.import_module("dashboard.pages.catalogue")


@pytest.fixture(scope="module")
def programme(app):
    return importlib.import_module("dashboard.pages.programme")


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def dependencies(client) -> list[dict]:
    return client.get("/_dash-dependencies").get_json()


@pytest.fixture
def page(app):
    """Call a page's ``layout`` the way Dash Pages does, inside a request."""

    def render(module, **query):
        with app.server.test_request_context("/"):
            return module.layout(**query)

    return render


# ---------------------------------------------------------------------------- tree helpers
def walk(node):
    if isinstance(node, list | tuple):
        for child in node:
            yield from walk(child)
    elif isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))


def find(tree, component_id: str):
    for node in walk(tree):
        if getattr(node, "id", None) == component_id:
            return node
    raise AssertionError(f"no component with id {component_id!r}")


def texts(node) -> str:
    """Every string in a component tree (children only), joined."""
    if isinstance(node, str):
        return node
    if isinstance(node, int | float):
        return str(node)
    if isinstance(node, list | tuple):
        return " ".join(texts(n) for n in node)
    if isinstance(node, Component):
        return texts(getattr(node, "children", None))
    return ""


def badge_visible(tree) -> bool:
    return "d-none" not in find(tree, ids.SYNTHETIC_BADGE).className


# ---------------------------------------------------------------------------- callbacks over HTTP
def post_callback(client, dependencies, output_contains: str, inputs: list[dict], state=()):
    """POST a callback the way the renderer does, with outputs taken from /_dash-dependencies."""
    found = [d for d in dependencies if output_contains in d["output"]]
    assert len(found) == 1, [d["output"] for d in found]
    dep = found[0]
    parts = (
        dep["output"].strip(".").split("...") if dep["output"].startswith("..") else [dep["output"]]
    )
    outputs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop.split("@")[0]})
    body = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": list(state),
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    return client.post("/_dash-update-component", json=body)


def assert_no_traceback(response) -> None:
    text = response.data.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert 'File "' not in text
    assert "site-packages" not in text


# ---------------------------------------------------------------------------- every page answers
@pytest.mark.parametrize(
    "path",
    [
        "/bandingkan",
        "/bandingkan?kode=32.16,32.75",
        "/bandingkan?kode=99.99",
        "/indikator",
        "/indikator?indikator=eco_poverty",
        "/program",
        "/program?kohort=2022",
    ],
)
@pytest.mark.parametrize("lang", ["", "lang=en"])
def test_page_answers_200(client, path, lang):
    joiner = "&" if "?" in path else "?"
    response = client.get(path + (joiner + lang if lang else ""))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "search", "expected"),
    [
        ("/bandingkan", "?kode=3216,3275&lang=en", "Compare regions"),
        ("/indikator", "?indikator=liv_stunting", "Katalog indikator"),
        ("/program", "?lang=en", "Programme participants"),
    ],
)
def test_router_renders_the_page_for_the_url(client, dependencies, path, search, expected):
    """The Dash Pages router builds each layout from the URL's query without an error."""
    inputs = [
        {"id": "_pages_location", "property": "pathname", "value": path},
        {"id": "_pages_location", "property": "search", "value": search},
    ]
    response = post_callback(client, dependencies, "_pages_content.children", inputs)
    assert response.status_code == 200, response.data[:300]
    assert expected in json.dumps(response.get_json()["response"])


# ---------------------------------------------------------------------------- compare layout
def test_compare_shows_the_chosen_regions_with_best_value_highlighted(page, compare):
    tree = page(compare, kode="32.16,32.75,32.15")
    assert find(tree, ids.COMPARE_SELECT).value == ["32.16", "32.75", "32.15"]
    grid = find(tree, ids.COMPARE_TABLE)
    rows = {r["id"]: r for r in grid.rowData}
    assert len(rows) == N_INDICATORS + 1  # composite + every indicator
    headers = [c["headerName"] for c in grid.columnDefs]
    # the home region's RPJMD target column follows its value column (sample targets)
    assert headers[3:] == ["★ Kab. Bekasi", "Target Kab. Bekasi", "Kota Bekasi", "Kab. Karawang"]
    region_columns = [c for c in grid.columnDefs[3:] if not c["field"].startswith("t")]
    assert rows["eco_poverty"]["t0"].endswith("*")  # the sample target, marked
    assert all(
        c["cellClassRules"] == {"kc-best": f"params.data.best_r{k}"}
        for k, c in enumerate(region_columns)
    )
    assert region_columns[0]["cellStyle"]["styleConditions"][0]["style"] == BEST_STYLE
    # poverty: lower is better, so the flagged cell is the smallest value
    poverty = rows["eco_poverty"]
    flagged = [k for k in range(3) if poverty[f"best_r{k}"]]
    assert flagged, poverty
    assert poverty["r0"].endswith(")")  # year of the value in brackets
    assert poverty["unit"] == "%"
    assert "," in poverty["r0"]
    # context rows are never highlighted
    assert not any(rows["ctx_population"][f"best_r{k}"] for k in range(3))
    assert find(tree, compare.CONTENT).hidden is False
    assert badge_visible(tree)
    assert find(tree, ids.COMPARE_CHART).figure is not None


def test_compare_best_value_follows_direction(app, page, compare):
    tree = page(compare, kode="32.16,32.75", period="2025")
    rows = {r["id"]: r for r in find(tree, ids.COMPARE_TABLE).rowData}
    with app.server.test_request_context("/"):
        snap = snapshot()
    obs = snap.observations
    for indicator, pick in (("eco_poverty", min), ("liv_hdi", max)):
        values = {}
        for k, code in enumerate(["32.16", "32.75"]):
            own = obs[(obs["indicator_id"] == indicator) & (obs["region_code"] == code)]
            own = own[(own["period"] <= 2025) & own["value"].notna()].sort_values("period")
            values[k] = float(own["value"].iloc[-1])
        best = pick(values, key=values.get)
        if values[0] != values[1]:
            assert rows[indicator][f"best_r{best}"] is True
            assert rows[indicator][f"best_r{1 - best}"] is False


def test_compare_accepts_bps_codes_and_lists_unknown_ones(page, compare):
    tree = page(compare, kode="3216,99.99,xyz,32,32.75")
    assert find(tree, ids.COMPARE_SELECT).value == ["32.16", "32.75"]
    notes = texts(find(tree, compare.NOTES))
    assert "99.99" in notes
    assert "xyz" in notes
    assert "32" in notes
    assert "Tidak dikenali" in notes


def test_compare_with_one_region_shows_a_helpful_empty_state(page, compare):
    tree = page(compare, kode="32.16")
    assert find(tree, compare.CONTENT).hidden is True
    empty = texts(find(tree, compare.EMPTY))
    assert t("compare.empty_title", "id") in empty
    assert find(tree, ids.COMPARE_TABLE).rowData == []
    assert not badge_visible(tree)


def test_compare_with_an_emptied_selection_is_empty_not_the_default(page, compare):
    tree = page(compare, kode="")
    assert find(tree, ids.COMPARE_SELECT).value == []
    assert find(tree, compare.CONTENT).hidden is True


def test_compare_without_kode_starts_from_home_and_neighbours(page, compare):
    tree = page(compare)
    assert find(tree, ids.COMPARE_SELECT).value == ["32.16", "32.75", "32.15"]


def test_compare_keeps_six_regions_and_names_the_rest(page, compare):
    codes = "32.16,32.75,32.15,32.01,32.02,32.03,32.04"
    tree = page(compare, kode=codes)
    assert find(tree, ids.COMPARE_SELECT).value == codes.split(",")[:6]
    columns = find(tree, ids.COMPARE_TABLE).columnDefs
    assert len([c for c in columns if c["field"].startswith("r")]) == 6  # + the target column
    notes = texts(find(tree, compare.NOTES))
    assert "Paling banyak 6" in notes
    assert "Kab. Bandung" in notes


@pytest.mark.parametrize("period", ["1999", "abc"])
def test_compare_bad_period_falls_back_to_the_default_year(page, period, compare):
    tree = page(compare, kode="32.16,32.75", period=period)
    assert find(tree, ids.COMPARE_PERIOD).value == 2024  # the latest year with real values
    assert period in texts(find(tree, compare.NOTES))


def test_compare_in_english(page, compare):
    tree = page(compare, kode="32.16,32.75", lang="en")
    text = texts(tree)
    assert "Compare regions" in text
    assert "Bandingkan wilayah" not in text
    grid = find(tree, ids.COMPARE_TABLE)
    assert grid.columnDefs[1]["headerName"] == "Indicator"
    rows = {r["id"]: r for r in grid.rowData}
    assert rows["eco_poverty"]["indicator"] == "Poverty rate"
    assert "." in rows["eco_poverty"]["r0"]
    assert "," not in rows["eco_poverty"]["r0"].split("(")[0]


# ---------------------------------------------------------------------------- catalogue layout
def test_catalogue_lists_every_indicator_with_coverage_and_year(page, catalogue):
    tree = page(catalogue)
    grid = find(tree, ids.CATALOGUE_GRID)
    assert len(grid.rowData) == N_INDICATORS
    rows = {r["id"]: r for r in grid.rowData}
    assert rows["eco_grdp_pc"]["coverage_text"] == "514/514"
    assert rows["eco_grdp_pc"]["data"] == "nyata"
    assert rows["gov_spbe"]["latest"] == 2024
    assert rows["gov_spbe"]["data"] == "sintetis"
    assert rows["eco_poverty"]["direction"] == "makin rendah makin baik"
    assert [r["group"] for r in grid.rowData][:1] == ["Smart Governance"]
    assert grid.rowData[-1]["group"].startswith("Konteks")
    assert grid.dashGridOptions["quickFilterText"] == ""
    assert grid.selectedRows == {"ids": ["gov_spbe"]}
    assert find(tree, ids.CATALOGUE_SEARCH).type == "search"
    assert find(tree, ids.CATALOGUE_MAP).figure is not None
    assert find(tree, ids.CATALOGUE_DISTRIBUTION).figure is not None
    assert badge_visible(tree)


def test_catalogue_detail_of_the_indicator_in_the_url(page, catalogue):
    tree = page(catalogue, indikator="eco_poverty")
    detail = texts(find(tree, ids.CATALOGUE_DETAIL))
    for expected in ("Persentase penduduk miskin", "makin rendah makin baik", "BPS", "2025"):
        assert expected in detail
    assert "min-maks" in detail
    assert "20%" in detail
    assert "Smart Economy" in detail
    assert find(tree, ids.CATALOGUE_GRID).selectedRows == {"ids": ["eco_poverty"]}


def test_catalogue_real_indicator_has_no_badge(page, catalogue):
    tree = page(catalogue, indikator="eco_grdp_pc")
    assert not badge_visible(tree)
    assert "Data nyata" in texts(find(tree, ids.CATALOGUE_DETAIL))


def test_catalogue_unknown_indicator_is_a_note_not_an_error(page, catalogue):
    tree = page(catalogue, indikator="no_such")
    assert 'Indikator "no_such" tidak ada' in texts(tree)
    assert find(tree, ids.CATALOGUE_GRID).selectedRows == {"ids": ["gov_spbe"]}


def test_catalogue_in_english(page, catalogue):
    tree = page(catalogue, indikator="ctx_population", lang="en")
    grid = find(tree, ids.CATALOGUE_GRID)
    assert grid.columnDefs[1]["headerName"] == "Indicator"
    assert {r["direction"] for r in grid.rowData} >= {"higher is better", "lower is better"}
    detail = texts(find(tree, ids.CATALOGUE_DETAIL))
    assert "not part of the score" in detail
    assert "not rated (context data)" in detail
    assert "better" not in json.dumps(
        find(tree, ids.CATALOGUE_MAP).figure.to_plotly_json(), default=str
    )
    assert "Population" in detail


def test_catalogue_indicator_without_values_shows_an_empty_state(app, catalogue):
    with app.server.test_request_context("/"):
        snap = snapshot()
        obs = snap.observations[snap.observations["indicator_id"] != "soc_imdi"]
        bare = Snapshot(Dataset(None, obs, snap.programme), snap.regions, snap.framework)
        panels = catalogue._panels(bare, "soc_imdi", "id", "32.16")
    assert panels["alert"] is not None
    assert t("catalogue.no_values", "id") in texts(panels["alert"])
    assert "belum ada" in texts(panels["detail"])
    assert "d-none" in panels["badge"].className


# ---------------------------------------------------------------------------- programme layout
def test_programme_kpis_map_and_participants(page, programme):
    tree = page(programme)
    kpis = texts(find(tree, "programme-kpis"))
    for expected in ("198", "Angkatan 2017", "Angkatan 2022", "fakta Kominfo: 48", "21 April 2022"):
        assert expected in kpis
    rows = find(tree, programme.PARTICIPANTS).rowData
    assert len(rows) == 198
    assert rows[0]["cohort"] == 2022  # newest cohort first
    assert badge_visible(tree)
    assert "sintetis" in texts(tree)
    assert "Kabupaten Bekasi" in texts(tree)
    figure = find(tree, ids.PROGRAMME_MAP).figure
    assert "2017" in json.dumps(figure.to_plotly_json(), default=str)
    for chart in (ids.PROGRAMME_COHORTS, ids.PROGRAMME_BIMTEK, ids.PROGRAMME_MASTERPLAN):
        assert find(tree, chart).figure is not None


def test_programme_cohort_filter_from_the_url(page, programme):
    tree = page(programme, kohort="2022")
    assert find(tree, programme.COHORT_SELECT).value == 2022
    rows = find(tree, programme.PARTICIPANTS).rowData
    assert len(rows) == 50
    assert {r["cohort"] for r in rows} == {2022}
    bekasi = next(r for r in rows if r["code"] == "32.16")
    assert bekasi["mou"] == "21 April 2022"
    assert bekasi["region"] == "[Kabupaten Bekasi](/wilayah/32.16)"


def test_programme_unknown_cohort_shows_all_with_a_note(page, programme):
    tree = page(programme, kohort="1999")
    assert find(tree, programme.COHORT_SELECT).value == programme.ALL
    assert len(find(tree, programme.PARTICIPANTS).rowData) == 198
    assert "1999" in texts(find(tree, programme.PARTICIPANTS_CAPTION))


def test_programme_in_english(page, programme):
    tree = page(programme, lang="en")
    text = texts(tree)
    assert "Cohort 2022" in text
    assert "Angkatan 2022" not in text
    assert "synthetic" in text


def test_programme_home_region_that_has_not_joined(app, programme):
    table = pd.DataFrame(
        {
            "code": ["32.16"],
            "participant": [False],
            "cohort_year": pd.array([None], dtype="Int64"),
            "mou_date": [None],
            "bimtek_done": pd.array([None], dtype="Int64"),
            "masterplan_status": [None],
        }
    )
    card = programme._home_card(table, "id", "32.16", pd.Series({"32.16": "Kabupaten Bekasi"}))
    assert "Bukan peserta" in texts(card)
    assert "Kab. Bekasi" in texts(card)


# ---------------------------------------------------------------------------- callbacks
def test_compare_callback_rebuilds_chart_and_table(client, dependencies, compare):
    response = post_callback(
        client,
        dependencies,
        f"{ids.COMPARE_TABLE}.rowData",
        [
            {"id": ids.COMPARE_SELECT, "property": "value", "value": ["32.16", "31.71", "35.78"]},
            {"id": ids.COMPARE_PERIOD, "property": "value", "value": 2024},
        ],
        state=[{"id": compare.LANG_STORE, "property": "data", "value": "en"}],
    )
    assert response.status_code == 200, response.data[:500]
    body = response.get_json()["response"]
    rows = body[ids.COMPARE_TABLE]["rowData"]
    assert len(rows) == N_INDICATORS + 1
    assert any(r["best_r2"] for r in rows)
    headers = [c["headerName"] for c in body[ids.COMPARE_TABLE]["columnDefs"]]
    assert "Kota Adm. Jakarta Pusat" in headers
    assert "Kota Surabaya" in headers
    assert body[compare.CONTENT]["hidden"] is False
    assert body[ids.COMPARE_CHART]["figure"]["data"]
    assert "2024" in json.dumps(body[compare.TABLE_TITLE])
    assert ids.COMPARE_SELECT not in body  # nothing to trim


def test_compare_callback_trims_a_seventh_region(client, dependencies, compare):
    codes = ["32.16", "32.75", "32.15", "32.01", "32.02", "32.03", "32.04"]
    response = post_callback(
        client,
        dependencies,
        f"{ids.COMPARE_TABLE}.rowData",
        [
            {"id": ids.COMPARE_SELECT, "property": "value", "value": codes},
            {"id": ids.COMPARE_PERIOD, "property": "value", "value": 2025},
        ],
        state=[{"id": compare.LANG_STORE, "property": "data", "value": "id"}],
    )
    body = response.get_json()["response"]
    assert body[ids.COMPARE_SELECT]["value"] == codes[:6]
    assert "Paling banyak 6" in json.dumps(body[compare.NOTES])


@pytest.mark.parametrize("value", [None, [], {"x": 1}, 42, ["32.16"]])
def test_compare_callback_with_odd_selection_shows_the_empty_state(
    client, dependencies, value, compare
):
    response = post_callback(
        client,
        dependencies,
        f"{ids.COMPARE_TABLE}.rowData",
        [
            {"id": ids.COMPARE_SELECT, "property": "value", "value": value},
            {"id": ids.COMPARE_PERIOD, "property": "value", "value": "not a year"},
        ],
        state=[{"id": compare.LANG_STORE, "property": "data", "value": "xx"}],
    )
    assert response.status_code == 200, response.data[:500]
    body = response.get_json()["response"]
    assert body[compare.CONTENT]["hidden"] is True
    assert t("compare.empty_title", "id") in json.dumps(body[compare.EMPTY])


def test_catalogue_callback_shows_the_chosen_indicator(client, dependencies, catalogue):
    response = post_callback(
        client,
        dependencies,
        f"{ids.CATALOGUE_DETAIL}.children",
        [{"id": ids.CATALOGUE_GRID, "property": "selectedRows", "value": [{"id": "eco_poverty"}]}],
        state=[
            {"id": catalogue.SELECTED, "property": "data", "value": "gov_spbe"},
            {"id": catalogue.LANG_STORE, "property": "data", "value": "en"},
        ],
    )
    assert response.status_code == 200, response.data[:500]
    body = response.get_json()["response"]
    assert "lower is better" in json.dumps(body[ids.CATALOGUE_DETAIL])
    assert body[catalogue.SELECTED]["data"] == "eco_poverty"
    assert body[ids.CATALOGUE_MAP]["figure"]["data"]
    assert body[ids.CATALOGUE_DISTRIBUTION]["figure"]["data"]
    assert "Poverty rate" in json.dumps(body[catalogue.MAP_TITLE])


@pytest.mark.parametrize(
    "rows", [[{"id": "gov_spbe"}], [], None, "junk", [{"id": "no_such"}], {"ids": ["gov_spbe"]}]
)
def test_catalogue_callback_ignores_echoes_and_junk(client, dependencies, rows, catalogue):
    response = post_callback(
        client,
        dependencies,
        f"{ids.CATALOGUE_DETAIL}.children",
        [{"id": ids.CATALOGUE_GRID, "property": "selectedRows", "value": rows}],
        state=[
            {"id": catalogue.SELECTED, "property": "data", "value": "gov_spbe"},
            {"id": catalogue.LANG_STORE, "property": "data", "value": "id"},
        ],
    )
    assert response.status_code == 204  # nothing to update
    assert_no_traceback(response)


def test_programme_callback_filters_participants(client, dependencies, programme):
    response = post_callback(
        client,
        dependencies,
        "programme-participants.rowData",
        [{"id": programme.COHORT_SELECT, "property": "value", "value": 2017}],
        state=[{"id": programme.LANG_STORE, "property": "data", "value": "en"}],
    )
    assert response.status_code == 200, response.data[:500]
    body = response.get_json()["response"]
    rows = body[programme.PARTICIPANTS]["rowData"]
    assert len(rows) == 25
    assert {r["cohort"] for r in rows} == {2017}
    assert body[programme.PARTICIPANTS_CAPTION]["children"] == "25 participants shown"


@pytest.mark.parametrize("value", ["all", None, "1999", {"a": 1}])
def test_programme_callback_unknown_cohort_lists_everyone(client, dependencies, value, programme):
    response = post_callback(
        client,
        dependencies,
        "programme-participants.rowData",
        [{"id": programme.COHORT_SELECT, "property": "value", "value": value}],
        state=[{"id": programme.LANG_STORE, "property": "data", "value": "id"}],
    )
    assert response.status_code == 200
    assert len(response.get_json()["response"][programme.PARTICIPANTS]["rowData"]) == 198


@pytest.mark.parametrize(
    "output",
    [
        f"..{ids.COMPARE_CHART}.figure...{ids.COMPARE_TABLE}.rowData..",
        "programme-participants.rowData",
        f"{ids.CATALOGUE_MAP}.figure",
    ],
)
def test_malformed_callback_requests_leak_no_traceback(client, output):
    for body in (
        {"output": output, "inputs": "oops"},
        {"output": output, "outputs": [], "inputs": [{"id": "x"}], "changedPropIds": []},
    ):
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code >= 400
        assert_no_traceback(response)


def test_compare_note_shortens_a_long_list_of_left_out_regions(page, compare):
    codes = ",".join(f"32.{n:02d}" for n in range(1, 13))  # twelve kabupaten of Jawa Barat
    notes = texts(find(page(compare, kode=codes), compare.NOTES))
    assert "dan 1 lainnya" in notes
    assert notes.count("Kab.") == 5


def test_locale_files_of_these_pages_have_the_same_keys():
    from dashboard.i18n import catalogue as texts_of

    for area in ("compare", "catalogue", "programme"):
        id_keys = {k for k in texts_of("id") if k.startswith(area + ".")}
        en_keys = {k for k in texts_of("en") if k.startswith(area + ".")}
        assert id_keys
        assert id_keys == en_keys, id_keys ^ en_keys


def test_catalogue_detail_names_the_years_of_official_values(page, catalogue):
    detail = texts(find(page(catalogue, indikator="eco_poverty"), ids.CATALOGUE_DETAIL))
    assert "Data resmi" in detail
    assert "2020–2024" in detail
    assert "BPS — Persentase Penduduk Miskin (P0)" in detail
