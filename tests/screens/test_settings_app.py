"""config.toml in the running app: a remapped key, the remembered theme, a broken file, the
practice defaults, copying with `y`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from screens.attempt import AttemptScreen
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.problems import ProblemsScreen
from screens.widgets.footer import SteadyFooter
from tests.conftest import FakeClock, make_config
from tests.pilot_helpers import settle, type_burst
from tests.screens.test_app_loop import open_demo_case
from tests.screens.test_review import submit_demo_answer
from tui.app import AppConfig, CaseroomApp
from tui.app.preferences import bindings_by_screen
from tui.core.settings import PracticeSettings, Settings
from tui.services.settings import load_settings


def app_with(
    db_url: str, clock: FakeClock, tmp_path: Path, toml: str = "", **more: Any
) -> CaseroomApp:
    """An app on the test content whose config.toml says `toml` (in tmp_path/config)."""
    config_file = tmp_path / "config" / "config.toml"
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(toml, encoding="utf-8")
    settings, problems = load_settings(config_file)
    config = make_config(db_url, clock)
    assert isinstance(config, AppConfig)
    config = replace(
        config,
        settings=settings,
        settings_problems=problems,
        config_file=config_file,
        state_file=tmp_path / "config" / "state.json",
        **more,
    )
    return CaseroomApp(config)


def footer_keys(app: CaseroomApp) -> dict[str, str]:
    """What the footer shows: description → key as displayed."""
    keys = app.screen.query_one(SteadyFooter).shown_keys()
    return {key.description: key.display for key in keys}


def test_every_binding_has_an_id_and_each_id_names_one_binding() -> None:
    table = bindings_by_screen()
    assert "PracticeScreen" in table and "HistoryScreen" in table
    owners: dict[str, set[int]] = {}
    for screen, bindings in table.items():
        for binding in bindings:
            assert binding.id, f"{screen}: {binding.key} -> {binding.action} has no id"
            owners.setdefault(binding.id, set()).add(id(binding))
    shared = {binding_id for binding_id, objects in owners.items() if len(objects) > 1}
    assert shared == set()


async def test_a_remapped_key_works_and_shows_in_the_footer(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = app_with(db_url, clock, tmp_path, '[keymap]\n"tracks.history" = "g"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert footer_keys(app)["History"] == "g"
        await pilot.press("h")  # the old key no longer opens history
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.help_markdown()
        assert "| g | History | `tracks.history` |" in help_text
        assert app.settings_problems == []


async def test_a_clash_and_an_unknown_id_are_reported_at_start_with_their_lines(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    toml = '[keymap]\n"tracks.history" = "s"\n"tracks.nothing" = "z"\n'
    app = app_with(db_url, clock, tmp_path, toml)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        lines = [f"{p.line}: {p.message}" for p in app.settings_problems]
        clash = "2: keymap: s is bound to both tracks.history and tracks.stats on TracksScreen"
        assert clash in lines
        assert "3: keymap: no binding has the id 'tracks.nothing'" in lines


async def test_a_broken_config_keeps_the_defaults_and_names_its_line(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    toml = '[practice]\nbell = true\nwords_per_minute = "fast"\ndaily_cap = 900\n'
    app = app_with(db_url, clock, tmp_path, toml)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        practice = app.config.settings.practice
        assert practice.bell is True
        assert practice.words_per_minute == PracticeSettings().words_per_minute
        assert practice.daily_cap == PracticeSettings().daily_cap
        notes = [str(note.message) for note in app._notifications]
        assert any("config.toml: 2 problems" in note for note in notes)
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        where = str(tmp_path / "config" / "config.toml")
        shown = screen.shown()
        assert shown[0].startswith(f"{where}:3: words_per_minute must be a number")
        assert shown[1].startswith(f"{where}:4: daily_cap must be between 1 and 50")


async def test_a_file_that_is_not_toml_is_one_problem_at_its_line(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = app_with(db_url, clock, tmp_path, 'theme = "nord"\n[practice\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.config.settings == Settings()
        [problem] = app.settings_problems
        assert problem.line == 2 and "not valid TOML" in problem.message


async def test_the_theme_picked_survives_a_restart(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    first = app_with(db_url, clock, tmp_path, "")
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert first.theme == "textual-dark"
        first.theme = "nord"  # what the palette's Theme command does
        await settle(pilot)
    state = tmp_path / "config" / "state.json"
    assert '"nord"' in state.read_text(encoding="utf-8")
    second = app_with(db_url, clock, tmp_path, "")
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert second.theme == "nord"
    # Changing the theme in config.toml afterwards wins over the older pick ...
    third = app_with(db_url, clock, tmp_path, 'theme = "gruvbox"\n')
    async with third.run_test(size=(100, 30)) as pilot:
        assert third.theme == "gruvbox"
    # ... and --theme over both.
    fourth = app_with(db_url, clock, tmp_path, 'theme = "gruvbox"\n', cli_theme="dracula")
    async with fourth.run_test(size=(100, 30)) as pilot:
        assert fourth.theme == "dracula"


async def test_an_unknown_theme_is_a_problem_and_the_default_stands_in(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = app_with(db_url, clock, tmp_path, '\ntheme = "no-such-theme"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        [problem] = app.settings_problems
        assert problem.line == 2 and "no theme is called 'no-such-theme'" in problem.message


async def test_practice_defaults_bell_hard_stop_and_autosave_pace(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    toml = "[practice]\nbell = true\nhard_stop = true\nautosave_quiet_s = 1.5\nautosave_max_s = 3\n"
    app = app_with(db_url, clock, tmp_path, toml)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_demo_case(pilot)
        assert screen.bell is True
        assert screen.timer.hard_stop is True
        assert (screen.autosave.pacing.quiet_s, screen.autosave.pacing.max_s) == (1.5, 3.0)


async def test_f8_in_practice_copies_the_current_step(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = app_with(db_url, clock, tmp_path, '[clipboard]\nmethod = "osc52"\n')
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_demo_case(pilot)
        await type_burst(pilot, "We narrow to weeknight TV.")
        assert "| f8 | Copy step | `practice.copy` |" in HelpScreen().help_markdown()
        await pilot.press("f8")
        assert app.clipboard == "We narrow to weeknight TV."
        notes = [str(note.message) for note in app._notifications]
        assert any(note.startswith("Copied step 1") and "OSC 52" in note for note in notes)


async def test_y_copies_the_outline_the_answer_and_an_export(
    db_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    app = app_with(db_url, clock, tmp_path, '[clipboard]\nmethod = "osc52"\n')
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        assert footer_keys(app)["Copy outline"] == "y"
        await pilot.press("y")
        assert review.detail is not None
        prompt = app.library.prompts[review.detail.summary.prompt_id]
        assert prompt.outline and app.clipboard == prompt.outline
        attempt_id = review.attempt_id
        app.push_screen(AttemptScreen(attempt_id))
        await settle(pilot)
        await pilot.press("y")
        assert "## 1." in app.clipboard and "We narrow to weeknight TV." in app.clipboard
        assert "# " + prompt.title not in app.clipboard  # the answer alone
        app.push_screen(HistoryScreen())
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard.startswith(f"# {prompt.title}")
        assert "## Answer" in app.clipboard


async def test_the_reading_minute_setting_holds_a_new_answers_clock(make_app: Any) -> None:
    """config.toml's [practice] reading_minute = true: the clock waits for the first key."""
    from dataclasses import replace as with_field

    from screens.practice import PracticeScreen
    from tui.core.settings import PracticeSettings, Settings

    app = make_app()
    app.config.settings = with_field(Settings(), practice=PracticeSettings(reading_minute=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(PracticeScreen("demo-case"))
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert not practice.timer.started  # reading: the clock has not started
