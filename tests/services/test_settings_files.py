"""config.toml and state.json on disk (issue 18): defaults when absent, a line when broken,
the theme remembered across restarts and overridden by newer choices."""

from __future__ import annotations

from pathlib import Path

from tui.core.settings import Settings
from tui.services.settings import (
    TEMPLATE,
    ensure_config_file,
    load_settings,
    read_state,
    remember_theme,
    theme_to_use,
)


def test_no_config_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "config.toml") == (Settings(), [])


def test_a_broken_file_keeps_the_defaults_names_its_line_and_is_left_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\n[practice\n')
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert [(p.path, p.line) for p in problems] == [(str(path), 2)]
    assert path.read_bytes() == b'theme = "nord"\n[practice\n'  # never rewritten


def test_the_template_is_valid_and_sets_nothing(tmp_path: Path) -> None:
    path = ensure_config_file(tmp_path / "sub" / "config.toml")
    assert path.read_text(encoding="utf-8") == TEMPLATE
    assert load_settings(path) == (Settings(), [])
    path.write_text('theme = "nord"\n', encoding="utf-8")
    ensure_config_file(path)
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'  # an existing file stays


def test_the_picked_theme_survives_a_restart_until_a_newer_choice(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    config = Settings(theme="nord")
    assert theme_to_use(config, read_state(state_file), None) == "nord"
    remember_theme(state_file, "gruvbox", config.theme)
    assert theme_to_use(config, read_state(state_file), None) == "gruvbox"  # after restart
    assert theme_to_use(config, read_state(state_file), "monokai") == "monokai"  # --theme
    edited = Settings(theme="dracula")  # config.toml changed after the pick: it wins
    assert theme_to_use(edited, read_state(state_file), None) == "dracula"


def test_an_unreadable_state_file_is_forgotten(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text("{not json", encoding="utf-8")
    assert read_state(state_file) == {}
    remember_theme(state_file, "nord", None)
    assert read_state(state_file) == {"theme": "nord", "config_theme": None}


def test_the_readme_and_the_template_name_every_setting() -> None:
    from dataclasses import fields

    from tests.conftest import REPO
    from tui.core.settings import PracticeSettings
    from tui.services.settings import TEMPLATE

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Settings", 1)[1].split("\n## ", 1)[0]
    for name in ["theme", "[keymap]", "[clipboard]", "method", "caseroom config", "--theme"]:
        assert name in section, name
    for item in fields(PracticeSettings):
        assert f"\n{item.name} = " in section, item.name
        assert f"# {item.name} = " in TEMPLATE, item.name
