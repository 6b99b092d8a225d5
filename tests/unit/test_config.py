"""Settings: parsed from the environment, each one documented in the README."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import fields
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


# validation of every setting (issue 17 point 5) ----------------------------------------------------
GARBAGE = "\x1b[31m -1 lots ../\n"


@pytest.mark.parametrize("setting", declared_settings(), ids=lambda s: s["env"])
def test_garbage_in_any_setting_stops_with_a_message_naming_it(setting):
    with pytest.raises(SettingError) as info:
        Settings.from_env({setting["env"]: GARBAGE})
    message = str(info.value)
    assert message.startswith(f"environment variable {setting['env']}: ")
    assert "expected" in message
    assert "\n" not in message


@pytest.mark.parametrize("setting", declared_settings(), ids=lambda s: s["env"])
def test_every_setting_has_a_real_parser_and_its_default_passes_it(setting):
    parse = next(f for f in fields(Settings) if f.name == setting["name"]).metadata["parse"]
    assert parse not in {str, int, float, bool, Path}, f"{setting['env']} needs a parse function"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRUST_PROXY": "-1"}, r"TRUST_PROXY: expected a whole number from 0 to 5 \(got '-1'\)"),
        ({"RATE_LIMIT_LOGIN": "lots"}, r"RATE_LIMIT_LOGIN: expected rate limits .*\(got 'lots'\)"),
        ({"RATE_LIMIT_EXPORT": "0 per minute"}, "RATE_LIMIT_EXPORT: expected rate limits"),
        ({"HOME_REGION": "99.99"}, r"HOME_REGION: expected the Kemendagri code .*\(got '99.99'\)"),
        ({"HOME_REGION": "32"}, "HOME_REGION"),  # a province is not a kab/kota
        ({"SESSION_MINUTES": "nan"}, "SESSION_MINUTES: expected a positive number up to 1440"),
        ({"MAX_IMPORT_ROWS": "1e9"}, "MAX_IMPORT_ROWS: expected a whole number"),
        ({"FRAME_ANCESTORS": "https://a.go.id/path"}, "FRAME_ANCESTORS: 'https://a.go.id/path'"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL: expected one of DEBUG"),
        ({"HOST": "local host"}, "HOST: expected an IP address"),
    ],
)
def test_specific_refusals(env, message):
    with pytest.raises(SettingError, match=message):
        Settings.from_env(env)


def test_secret_values_never_appear_in_messages():
    for env in ("SECRET_KEY", "WALL_TOKEN"):
        with pytest.raises(SettingError) as info:
            Settings.from_env({env: "hunter2"})
        assert "hunter2" not in str(info.value)
        assert "<hidden, 7 characters>" in str(info.value)


def test_good_values_are_normalised():
    settings = Settings.from_env(
        {
            "TRUST_PROXY": "1",
            "RATE_LIMIT_LOGIN": "5/minute;20 per hour",
            "HOME_REGION": " 32.75 ",
            "LOG_LEVEL": "warning",
            "HOST": "[::1]",
            "FRAME_ANCESTORS": "https://portal.example.go.id  'self'",
            "SECRET_KEY": "k" * 64,
            "USERS_FILE": "",
        }
    )
    assert settings.TRUST_PROXY == 1
    assert settings.HOME_REGION == "32.75"
    assert settings.LOG_LEVEL == "WARNING"
    assert settings.HOST == "::1"
    assert settings.FRAME_ANCESTORS == "https://portal.example.go.id 'self'"
    assert settings.USERS_FILE is None


def test_an_unwritable_data_dir_stops_create_app(tmp_path):
    from dashboard.app import check_data_dir

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(SettingError, match=r"DATA_DIR: the directory .* is not writable"):
        check_data_dir(Settings(DATA_DIR=blocker / "instance"))


@pytest.mark.parametrize("command", [["app.py"], ["-m", "gunicorn", "app:server", "--preload"]])
def test_a_bad_setting_exits_3_with_one_line(tmp_path, command):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
    env.update(DATA_DIR=str(tmp_path / "instance"), TRUST_PROXY="-1", PYTHONPATH=str(PROJECT_DIR))
    result = subprocess.run(
        [sys.executable, *command], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "TRUST_PROXY" in line]
    assert lines == [
        "Kota Cerdas: environment variable TRUST_PROXY: expected a whole number from 0 to 5 "
        "(got '-1')"
    ]
