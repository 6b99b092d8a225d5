"""Named templates and the helpers every builder shares."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.io as pio
import pytest

from dashboard.figures import theme
from dashboard.i18n import catalogue


def template_layout(name: str):
    return pio.templates[name].layout


def test_the_three_templates_are_registered_on_import():
    for name in ("screen", "wall", "print"):
        assert name in pio.templates


def test_all_templates_use_inter_with_sans_serif_fallbacks():
    for name in theme.TEMPLATES:
        family = template_layout(name).font.family
        assert family.startswith("Inter,")
        assert family.endswith("sans-serif")


def test_wall_has_larger_type_and_thicker_lines_than_screen_on_a_dark_background():
    wall, screen = template_layout("wall"), template_layout("screen")
    assert wall.font.size >= 2 * screen.font.size
    assert wall.paper_bgcolor == "#0b1220"
    assert theme.style_for("wall").line_width > theme.style_for("screen").line_width
    assert theme.style_for("wall").home_width > theme.style_for("screen").home_width


def test_print_is_white_and_screen_is_transparent():
    assert template_layout("print").paper_bgcolor == "#ffffff"
    assert template_layout("screen").paper_bgcolor == "rgba(0,0,0,0)"


def test_templates_stay_small_because_they_travel_inside_every_figure():
    for name in theme.TEMPLATES:
        assert len(pio.templates[name].to_plotly_json().__repr__()) < 3000


@pytest.mark.parametrize(("lang", "seps"), [("id", ",."), ("en", ".,")])
def test_base_layout_sets_the_languages_number_separators(lang, seps):
    assert theme.base_layout(lang=lang, template="print") == {
        "template": "print",
        "separators": seps,
    }


def test_unknown_template_is_refused():
    with pytest.raises(ValueError, match="unknown template 'dark'"):
        theme.base_layout(lang="id", template="dark")


@pytest.mark.parametrize(("lang", "text"), [("id", "Tidak ada data"), ("en", "No data")])
def test_empty_figure_says_so_in_the_middle(lang, text):
    fig = theme.empty_figure(lang=lang)
    (note,) = fig.layout.annotations
    assert note.text == text
    assert (note.x, note.y, note.xref, note.yref) == (0.5, 0.5, "paper", "paper")
    assert fig.layout.xaxis.visible is False
    assert not fig.data


def test_round_list_rounds_to_two_decimals_and_keeps_missing_as_none():
    values = [1.23456, float("nan"), None, 2.0, 7, -0.004]
    assert theme.round_list(values, 5) == [1.23, None, None, 2, 7, 0]
    assert theme.round_list([1.25, 3.7], 0) == [1, 4]
    assert all(type(v) is int for v in theme.round_list([2.0, 3.0]))


def test_percent_sticks_to_the_number_other_units_get_a_space():
    assert theme.with_unit("12,5", "%") == "12,5%"
    assert theme.with_unit("12,5", "juta Rp") == "12,5 juta Rp"
    assert theme.with_unit("12,5", "") == "12,5"


def test_every_figures_text_used_in_code_exists_in_both_languages():
    package = Path(theme.__file__).parent
    used = set()
    for path in package.glob("*.py"):
        used |= set(re.findall(r"""["'](figures\.\w+)["']""", path.read_text(encoding="utf-8")))
        used |= {f"figures.masterplan_{s}" for s in ("none", "drafting", "adopted")}
    assert len(used) > 10
    for lang in ("id", "en"):
        missing = sorted(k for k in used if k not in catalogue(lang))
        assert not missing, f"{lang}: {missing}"
    figures_keys = {
        lang: {k for k in catalogue(lang) if k.startswith("figures.")} for lang in ("id", "en")
    }
    assert figures_keys["id"] == figures_keys["en"]
