"""Configuration: TOML files, user patterns, filter options, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Config, ConfigError, clean
from tests.helpers import PROSE


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cleaner.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_patterns_extend_a_group(tmp_path: Path) -> None:
    text = f"{PROSE}\nInstall the Harbor app now\n{PROSE} Two."
    assert "Install the Harbor app now" in clean(text).text
    config = Config.from_toml(
        _write(tmp_path, "[patterns.app_promo]\nlines = ['install the harbor app now']\n")
    )
    assert "Install the Harbor app now" not in Cleaner(config).clean(text).text


def test_disable_and_filter_options(tmp_path: Path) -> None:
    config = Config.from_toml(
        _write(
            tmp_path,
            '[cleaner]\ndisable = ["read_also"]\ntimeout = 5\n'
            "[filters.main_content]\nfallback = true\n",
        )
    )
    assert config.disable == ("read_also",)
    assert config.timeout == 5
    assert "read_also" not in Cleaner(config).chain.names


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[cleaner]\ndisable = ["nope"]\n', "unknown filter 'nope'"),
        ("[cleaner]\nspeed = 3\n", "unknown key(s) speed"),
        ("[filters.main_content]\nturbo = true\n", "unknown key(s) turbo"),
        ("[patterns.nope]\nlines = ['x']\n", "unknown pattern group 'nope'"),
        ("[patterns.app_promo]\nregex = ['x']\n", "unknown key(s) regex"),
        ("[surprise]\n", "unknown key(s) surprise"),
        ("not toml = = =", "not valid TOML"),
    ],
)
def test_bad_configs_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Cleaner(Config.from_toml(_write(tmp_path, body)))


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Config.from_toml(tmp_path / "none.toml")
