"""The command line: options, subcommands and their exit codes (no terminal needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import build_parser, forget_stale_terminal_size, main

REPO = Path(__file__).resolve().parents[2]


def test_db_is_accepted_before_and_after_the_export_command() -> None:
    parser = build_parser()
    assert parser.parse_args(["--db", "a.db", "export"]).db == "a.db"
    assert parser.parse_args(["export", "--db", "b.db"]).db == "b.db"
    assert parser.parse_args(["export"]).db is None


def test_content_is_repeatable() -> None:
    args = build_parser().parse_args(["--content", "one", "--content", "two"])
    assert args.content == ["one", "two"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("caseroom ")


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for word in ("--content", "--db", "check", "export", "XDG_DATA_HOME", "SQLAlchemy"):
        assert word in out


def test_check_passes_on_the_bundled_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_check_fails_with_path_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    track = tmp_path / "tracks" / "t"
    track.mkdir(parents=True)
    (track / "track.md").write_text("---\ntitle: T\n---\nOverview\n")
    (track / "p.md").write_text(
        "---\ntitle: P\nkind: case\nscaffold: six-step\nminuts: 5\n---\nQ?\n"
    )
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{track / 'p.md'}:5: unknown key" in out


def test_missing_content_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", "/no/such/folder"]) == 2
    assert "content folder not found: /no/such/folder" in capsys.readouterr().err


def test_a_stale_terminal_size_from_the_environment_is_dropped_on_a_real_terminal() -> None:
    environ = {"COLUMNS": "80", "LINES": "24", "TERM": "xterm"}
    forget_stale_terminal_size(environ, is_terminal=True)
    assert environ == {"TERM": "xterm"}


def test_the_terminal_size_variables_stay_when_output_is_not_a_terminal() -> None:
    environ = {"COLUMNS": "80", "LINES": "24"}
    forget_stale_terminal_size(environ, is_terminal=False)
    assert environ == {"COLUMNS": "80", "LINES": "24"}


def test_config_prints_its_path_and_the_settings_in_effect(
    private_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    path = private_dirs / "config" / "caseroom" / "config.toml"
    assert out.startswith(f"# config file: {path} (not created yet: the defaults apply)\n")
    assert "words_per_minute = 150" in out


def test_config_names_a_broken_line_and_exits_1(
    private_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = private_dirs / "config" / "caseroom" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("[practice]\ndaily_cap = 0\n", encoding="utf-8")
    assert main(["config"]) == 1
    out = capsys.readouterr().out
    assert f"# problem: {path}:2: daily_cap must be between 1 and 50\n" in out
    assert "daily_cap = 5" in out  # the default stands in


def test_config_edit_creates_the_file_and_opens_the_editor(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened = private_dirs / "opened.txt"
    monkeypatch.setenv("EDITOR", f"sh -c 'echo \"$0\" > {opened}'")
    assert main(["config", "--edit"]) == 0
    path = private_dirs / "config" / "caseroom" / "config.toml"
    assert opened.read_text(encoding="utf-8").strip() == str(path)
    assert path.read_text(encoding="utf-8").startswith("# caseroom settings")
    capsys.readouterr()


def test_the_app_config_reads_config_toml_and_takes_theme_from_the_command_line(
    private_dirs: Path,
) -> None:
    from tui.app import AppConfig

    path = private_dirs / "config" / "caseroom" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('theme = "nord"\n[practice]\ndaily_cap = 0\n', encoding="utf-8")
    assert build_parser().parse_args(["--theme", "dracula"]).theme == "dracula"
    config = AppConfig.default(theme="dracula")
    assert config.settings.theme == "nord" and config.cli_theme == "dracula"
    assert [(p.line, p.message) for p in config.settings_problems] == [
        (3, "daily_cap must be between 1 and 50")
    ]
    assert config.config_file == path and config.state_file == path.parent / "state.json"
    assert path.read_text(encoding="utf-8").startswith('theme = "nord"')  # never rewritten


def test_config_checks_the_keymap_against_the_screens(
    private_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = private_dirs / "config" / "caseroom" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[keymap]\n"tracks.history" = "s"\n', encoding="utf-8")
    assert main(["config"]) == 1
    out = capsys.readouterr().out
    clash = "keymap: s is bound to both tracks.history and tracks.stats on TracksScreen"
    assert f"# problem: {path}:2: {clash}\n" in out
