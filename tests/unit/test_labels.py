"""One rule for short region labels, shared by the data layer and the figures."""

from __future__ import annotations

import pytest

from dashboard.labels import MAX_LABEL, short_name


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Kabupaten Bekasi", "Kab. Bekasi"),
        ("Kota Bekasi", "Kota Bekasi"),
        ("Kabupaten Administrasi Kepulauan Seribu", "Kab. Adm. Kepulauan Seribu"),
        ("Kota Administrasi Jakarta Pusat", "Kota Adm. Jakarta Pusat"),
        ("Kota Administrasi Jakarta Selatan", "Kota Adm. Jakarta Selatan"),
        ("Kabupaten Kepulauan Siau Tagulandang Biaro", "Kab. Kep. Siau Tagulandang Biaro"),
        ("Kabupaten Kepulauan Seribu", "Kab. Kepulauan Seribu"),
        ("Kota Sangat Panjang Sekali Namanya Sampai Habis", "Kota Sangat Panjang Sekali Nama…"),
    ],
)
def test_short_name_abbreviates_and_cuts_very_long_names(name, short):
    assert short_name(name) == short
    assert len(short_name(name)) <= MAX_LABEL


def test_data_and_figures_share_the_rule():
    from dashboard.data.views import regions
    from dashboard.figures import theme

    assert regions.short_name is short_name
    assert theme.short_name is short_name
