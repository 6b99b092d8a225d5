"""Dash 4's dropdown draws texts of its own ("2 selected", "Select All"): each needs our wording."""

from __future__ import annotations

import pytest
from dash import dcc

from dashboard.components.controls import dropdown_labels


def _label_keys() -> set[str]:
    return set(dcc.Dropdown.Labels.__annotations__)  # the texts the installed dcc draws


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_dropdown_text_is_ours(lang):
    labels = dropdown_labels(lang)
    assert set(labels) >= _label_keys()
    assert "{num_selected}" in labels["selected_count"]


def test_indonesian_labels_are_not_the_english_ones():
    assert dropdown_labels("id")["selected_count"] == "{num_selected} dipilih"
