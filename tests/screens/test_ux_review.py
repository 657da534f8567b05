"""Fixes from a user-experience review in a real terminal, driven by keys at 80x24.

Footer keys on the table screens, every column readable at 80x24, notices that stay on
their screen and off the status line, a palette without Textual's duplicates, whole-number
chart ticks, a next step once today's share is done, and palette navigation from an answer
in progress that asks first.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static, TextArea
from textual.widgets._toast import Toast
from textual_plotext import PlotextPlot

from screens.confirm import LeaveScreen
from screens.practice import PracticeScreen
from screens.prompts import PromptsScreen
from screens.round_summary import RoundSummaryScreen
from screens.rounds import RoundsScreen
from screens.tracks import TracksScreen
from screens.widgets.footer import SteadyFooter
from tests.conftest import FROZEN_NOW, FakeClock
from tests.pilot_helpers import palette_lists, settle, store_of
from tests.screens.test_app_loop import open_demo_case
from tui.app import INFO_TIMEOUT
from tui.core.records import AnswerProgress, StepDraft
from tui.paths import bundled_content_dir

SMALL = (80, 24)


def footer_keys(pilot: Pilot[Any]) -> dict[str, str]:
    """What the footer shows: key → description."""
    keys = pilot.app.screen.query_one(SteadyFooter).shown_keys()
    return {key.key: key.description for key in keys}


def fits(table: DataTable[Any]) -> bool:
    """Every column of the table is in sight: nothing to scroll to sideways."""
    return table.max_scroll_x == 0 and table.virtual_size.width <= table.size.width


def notices(app: Any) -> list[str]:
    return [str(note.message) for note in app._notifications]


def seed_attempts(app: Any, prompt_id: str, count: int, *, score: int | None = 4) -> list[int]:
    """`count` submitted (and reviewed) attempts at `prompt_id`, made this morning."""
    store = store_of(app)
    prompt = app.library.prompts[prompt_id]
    scaffold = app.library.scaffolds[prompt.scaffold]
    made = []
    for n in range(count):
        when = FROZEN_NOW - timedelta(minutes=60 - n)
        attempt_id = store.start_attempt(prompt, scaffold, 600, now=when)
        steps = [
            StepDraft(index=i, title=step.title, text="answer", seconds=20.0)
            for i, step in enumerate(scaffold.steps)
        ]
        store.submit(attempt_id, AnswerProgress(tuple(steps), elapsed_s=400 + 90 * n))
        if score is not None:
            checks = dict.fromkeys(scaffold.rubric, n % 2 == 0)
            store.save_review(attempt_id, checks, score - n % 2, "", now=when)
        made.append(attempt_id)
    return made


# -- 1. the footer shows what enter does -----------------------------------------------------


async def test_tracks_footer_shows_open_and_q_quit(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        keys = footer_keys(pilot)
        assert keys["enter"] == "Open"
        assert keys["q"] == "Quit"
        assert "ctrl+q" not in keys  # one key per action: q stands for ctrl+q here
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert footer_keys(pilot)["enter"] == "Open"


async def test_rounds_footer_shows_start_and_hides_resume_without_a_run(make_app: Any) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen)
        keys = footer_keys(pilot)
        assert keys["enter"] == "Start"
        assert "u" not in keys and "e" not in keys  # nothing interrupted to resume or end
        assert keys["ctrl+q"] == "Quit"  # other screens keep the app's quit key
        status = str(rounds.query_one("#rounds-status", Static).content)
        assert status == f"{len(rounds.rounds)} rounds"  # the footer says what enter does


async def test_rounds_footer_and_status_fit_80_with_an_interrupted_run(make_app: Any) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # start the first round
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press(*"An answer", "escape")
        await pilot.pause()
        await pilot.press("k")  # keep & pause: the run is interrupted
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen) and rounds.interrupted
        keys = footer_keys(pilot)
        assert (keys["u"], keys["e"], keys["f2"]) == ("Resume", "End", "Problems")
        assert rounds.query_one(SteadyFooter).keys_cut_off == 0  # every key in sight
        status = rounds.query_one("#rounds-status", Static)
        text = str(status.content)
        assert text.endswith("u resumes, e ends it")
        assert len(text) <= status.content_region.width


# -- 2. every column readable at 80x24 --------------------------------------------------------


async def test_tracks_and_rounds_columns_fit_at_80x24(make_app: Any) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        tracks = app.screen
        table = tracks.query_one("#tracks-table", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["Track", "Prompts", "Attempts"]
        assert fits(table)
        overview = tracks.query_one("#track-overview-box")  # the pane, as wide as it was
        assert overview.region.x >= table.region.right and overview.region.width >= 24
        await pilot.press("r")
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen)
        table = rounds.query_one("#rounds-table", DataTable)
        assert fits(table)
        assert str(table.get_row_at(0)[3]).endswith(("random", "fixed"))
        description = rounds.query_one("#round-description-box")
        assert description.region.width >= 24


async def test_next_up_shows_five_suggestions_at_80x24(make_app: Any) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        tracks = app.screen
        assert isinstance(tracks, TracksScreen)
        assert len(tracks.next_up) == 5
        options = tracks.query_one("#next-up", OptionList)
        assert options.option_count == 5
        assert options.max_scroll_y == 0  # all five in sight, none scrolled away
        table = tracks.query_one("#tracks-table", DataTable)
        assert table.region.height >= table.row_count + 1  # every track and the header


async def test_round_summary_columns_fit_at_80x24(make_app: Any) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        store = store_of(app)
        prompts = sorted(app.library.prompts.values(), key=lambda p: -len(p.title))[:3]
        run_id = store.start_round("pm-hiring-manager", [p.id for p in prompts], now=FROZEN_NOW)
        for prompt in prompts:
            scaffold = app.library.scaffolds[prompt.scaffold]
            attempt_id = store.start_attempt(prompt, scaffold, 900, round_run_id=run_id)
            steps = [StepDraft(index=0, title="a", text="answer", seconds=1.0)]
            store.submit(attempt_id, AnswerProgress(tuple(steps), elapsed_s=950, overtime_s=50))
        app.push_screen(RoundSummaryScreen(run_id, "Round", total_s=2700, questions=3))
        await settle(pilot)
        summary = app.screen
        table = summary.query_one("#round-summary-table", DataTable)
        assert table.row_count == 3
        assert fits(table)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == ["#", "Question", "Limit", "Used", "Over", "Status"]
        assert [str(c) for c in table.get_row_at(0)][2:] == ["15:00", "15:50", "0:50", "submitted"]
        # The long question is cut with "…", not pushed out of sight.
        assert str(table.get_row_at(0)[1]) == prompts[0].title
        assert footer_keys(pilot)["enter"] == "Open"
        assert "enter" not in str(summary.query_one("#round-summary-totals", Static).content)
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert fits(table)
        assert table.region.width == 120


# -- 3. notices stay on their screen, off the status line -----------------------------------


async def keep_a_draft(pilot: Pilot[Any], text: str, command: str | None) -> None:
    """Type into the demo case, leave by escape (or a palette command), keep the draft."""
    await open_demo_case(pilot)
    await pilot.press(*text)
    if command is None:
        await pilot.press("escape")
        await pilot.pause()
    else:
        await palette(pilot, command)
    assert isinstance(pilot.app.screen, LeaveScreen)
    await pilot.press("k")
    await settle(pilot)


async def test_notices_are_cleared_when_the_screen_changes_but_errors_stay(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.notify("An information notice", markup=False)
        app.notify("A warning", severity="warning")
        app.notify("An error", severity="error", timeout=10)
        await pilot.pause()
        assert set(notices(app)) == {"An information notice", "A warning", "An error"}
        await pilot.press("enter")  # the prompts of the track
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        assert notices(app) == ["An error"]


async def test_a_notice_raised_as_the_screen_changes_shows_on_the_next(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await keep_a_draft(pilot, "Half an answer", None)
        assert isinstance(app.screen, PromptsScreen)
        assert notices(app) == ["Kept as a draft: you will be offered to resume it."]


async def test_information_notices_are_short_lived(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.notify("Short")
        app.notify("Told", timeout=7)
        app.notify("Warned", severity="warning")
        await pilot.pause()
        timeouts = {str(n.message): n.timeout for n in app._notifications}
        assert timeouts == {"Short": INFO_TIMEOUT, "Told": 7, "Warned": app.NOTIFICATION_TIMEOUT}
        assert INFO_TIMEOUT < app.NOTIFICATION_TIMEOUT


async def test_toasts_sit_above_the_status_line(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot)
        app.notify("A notice long enough to need a second line in a toast", markup=False)
        await settle(pilot)
        [toast] = app.screen.query(Toast)
        status = app.screen.query_one("#tracks-status", Static)
        assert toast.region.height > 0
        assert toast.region.bottom <= status.region.y  # the status line stays readable


# -- 4. the palette holds caseroom's commands, not Textual's duplicates -----------------------


async def test_system_commands_are_theme_and_quit_only(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == ["Theme", "Quit"]


# -- 5. whole-number chart ticks; a next step once today's share is done ---------------------


async def test_stats_axes_have_whole_number_ticks(make_app: Any) -> None:
    from screens.stats import StatsScreen

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        seed_attempts(app, "demo-case", 3)
        await pilot.press("s")
        await settle(pilot)
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        for plot in stats.query(PlotextPlot):
            text = plot.render().plain
            assert text.strip()
            assert not re.search(r"\d\.\d", text), text  # no 0.50 attempts, no 4.33 score


async def test_next_up_offers_one_untried_prompt_after_todays_share(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        seed_attempts(app, "demo-case", 6, score=None)
        tracks = app.screen
        assert isinstance(tracks, TracksScreen)
        tracks.store_ready()
        await settle(pilot)
        assert [(n.prompt_id, n.source) for n in tracks.next_up] == [("demo-story", "gap")]
        options = tracks.query_one("#next-up", OptionList)
        assert "extra · never tried a behavioral question" in str(
            options.get_option_at_index(0).prompt
        )


# -- 7. palette navigation from an answer in progress asks first ------------------------------


async def palette(pilot: Pilot[Any], command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await palette_lists(pilot, command)
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_go_tracks_from_practice_asks_and_keeps_the_draft(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await keep_a_draft(pilot, "Weeknight TV", "Go: tracks")
        assert isinstance(app.screen, TracksScreen)
        assert len(app.screen_stack) == 1
        [draft] = store_of(app).unfinished()
        assert store_of(app).attempt(draft.id).steps[0].text == "Weeknight TV"


async def test_palette_go_tracks_then_stay_keeps_answering(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"Weeknight")
        await palette(pilot, "Go: tracks")
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen is practice
        assert practice.query_one(TextArea).text == "Weeknight"
        # Leaving later by escape goes back one screen, as escape does: the palette's
        # "go to tracks" was dropped when the person stayed.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)


async def test_palette_go_history_from_an_empty_answer_leaves_at_once(
    make_app: Any, clock: FakeClock
) -> None:
    from screens.history import HistoryScreen

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await open_demo_case(pilot)
        await palette(pilot, "Go: history")
        assert isinstance(app.screen, HistoryScreen)
        assert not any(isinstance(s, PracticeScreen) for s in app.screen_stack)
