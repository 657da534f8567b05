"""The stats view: opens with `s` from the first screen and draws from the database."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from screens.stats import missed_lines
from screens.tracks import TracksScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of
from tests.screens.test_review import submit_demo_answer
from tui.core.records import HistoryQuery
from tui.services.stats import StatsData


async def test_stats_screen_opens_with_data(make_app: Any, clock: FakeClock) -> None:
    from screens.stats import StatsScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        review.query_one("#review-checks").query("Checkbox").first().focus()
        await pilot.press("space", "3", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # prompts -> tracks
        await settle(pilot)
        assert isinstance(app.screen, TracksScreen)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        data = screen.data
        assert isinstance(data, StatsData)
        assert [a.score for a in data.attempts] == [3]
        assert len(data.checks) == 1
        summary = str(screen.query_one("#stats-summary", Static).content)
        assert summary.startswith("1 submitted attempt · streak 1 day")
        assert "3.0/5" in summary
        missed = str(screen.query_one("#stats-missed", Static).content)
        assert "1 of 1 missed · Did you choose one primary user segment?" in missed
        assert "Did you narrow" not in missed  # that one was ticked
        assert store_of(app).count_attempts(HistoryQuery()) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, TracksScreen)


def test_missed_lines_with_nothing_missed() -> None:
    assert missed_lines([{"q": True}]) == "No rubric check missed yet."


def test_missed_lines_count_each_question_missed() -> None:
    checks = [{"Clarified the goal?": False, "Prioritised?": True}] * 5
    assert missed_lines(checks).startswith("5 of 5 missed · Clarified the goal?")
