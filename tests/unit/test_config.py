"""Settings: parsed from the environment, each one documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR, SettingError, Settings, declared_settings


def test_defaults_match_the_issue():
    settings = Settings.from_env({})
    assert Path("instance") == settings.DATA_DIR
    assert (settings.HOST, settings.PORT) == ("127.0.0.1", 8050)
    assert settings.HOME_REGION == "32.16"
    assert settings.LANG == "id"
    assert settings.MAX_UPLOAD_MB == 50
    assert settings.max_upload_bytes == 50 * 1024 * 1024


def test_environment_overrides_and_posix_lang_is_ignored():
    settings = Settings.from_env(
        {"PORT": "9000", "DATA_DIR": "/srv/kc", "DASHBOARD_LANG": "en", "LANG": "C.UTF-8"}
    )
    assert settings.PORT == 9000
    assert Path("/srv/kc") == settings.DATA_DIR
    assert settings.LANG == "en"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT: expected a TCP port"),
        ({"DASHBOARD_LANG": "fr"}, "expected 'id' or 'en'"),
        ({"MAX_UPLOAD_MB": "-1"}, "MAX_UPLOAD_MB: expected a positive number"),
        ({"DEBUG": "maybe"}, "DEBUG: expected 1/0"),
    ],
)
def test_bad_values_name_the_variable(env, message):
    with pytest.raises(SettingError, match=message):
        Settings.from_env(env)


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    missing = [s["env"] for s in declared_settings() if f"`{s['env']}`" not in readme]
    assert not missing, f"README.md does not document: {missing}"
