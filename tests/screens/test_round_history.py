"""Round history by key presses (issue 13): a finished round's summary opens again, and an
attempt says which round it was part of."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Static

from screens.attempt import AttemptScreen
from screens.past_rounds import PastRoundsScreen
from screens.round_summary import RoundSummaryScreen
from screens.rounds import RoundsScreen
from screens.widgets.markdown import SafeMarkdown
from tests.conftest import FROZEN_NOW, FakeClock
from tests.pilot_helpers import settle
from tests.screens.test_rounds_screen import ROUNDS_CONTENT, answer, open_rounds, start_fixed_round

SIZE = (110, 30)


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def attempt_text(screen: Any) -> str:
    return str(screen.query_one("#attempt-text", SafeMarkdown).source)


async def run_the_fixed_round(pilot: Any, clock: FakeClock) -> RoundSummaryScreen:
    await start_fixed_round(pilot)
    await answer(pilot, clock, "Narrow to weeknight TV", 100)
    await answer(pilot, clock, "The launch was slipping", 20)
    summary = pilot.app.screen
    assert isinstance(summary, RoundSummaryScreen)
    return summary


async def test_a_finished_rounds_summary_opens_again_after_a_restart(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=SIZE) as pilot:
        summary = await run_the_fixed_round(pilot, clock)
        first_rows = rows(summary.query_one("#round-summary-table", DataTable))
        run_id = summary.run_id

    again = make_app([ROUNDS_CONTENT])
    async with again.run_test(size=SIZE) as pilot:
        await open_rounds(pilot)
        await pilot.press("p")
        await settle(pilot)
        past = again.screen
        assert isinstance(past, PastRoundsScreen)
        table = past.query_one("#past-rounds-table", DataTable)
        started = FROZEN_NOW.astimezone().strftime("%d %b %Y %H:%M")
        assert rows(table) == [[started, "Demo fixed round", "2 of 2", "finished"]]
        await pilot.press("enter")
        await settle(pilot)
        reopened = again.screen
        assert isinstance(reopened, RoundSummaryScreen)
        assert reopened.run_id == run_id
        assert rows(reopened.query_one("#round-summary-table", DataTable)) == first_rows
        title = str(reopened.query_one("#round-summary-title", Static).content)
        assert title == "Demo fixed round"
        totals = str(reopened.query_one("#round-summary-totals", Static).content)
        assert totals.startswith("2 answered · 2:00 of 12:00 used")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(again.screen, RoundsScreen)


async def test_past_runs_say_so_when_none_ended(make_app: Any) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=SIZE) as pilot:
        await open_rounds(pilot)
        await pilot.press("p")
        await settle(pilot)
        past = app.screen
        assert isinstance(past, PastRoundsScreen)
        assert past.query_one("#past-rounds-table", DataTable).row_count == 0
        status = str(past.query_one("#past-rounds-status", Static).content)
        assert status.startswith("No round run has ended yet")


async def test_an_attempt_says_which_part_of_which_round_it_was(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=SIZE) as pilot:
        summary = await run_the_fixed_round(pilot, clock)
        run_id = summary.run_id
        await pilot.press("down", "enter")  # the second question's answer
        await settle(pilot)
        opened = app.screen
        assert isinstance(opened, AttemptScreen)
        started = FROZEN_NOW.astimezone().strftime("%Y-%m-%d %H:%M")
        assert f"Part 2 of round Demo fixed round (started {started})" in attempt_text(opened)
        await pilot.press("escape", "escape")  # back to the rounds screen
        await settle(pilot)
        assert isinstance(app.screen, RoundsScreen)
        await pilot.press("escape", "h")  # history, then the first answer of the round
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, AttemptScreen)
        assert "Part 1 of round Demo fixed round" in attempt_text(first)
        await pilot.press("o")  # its round's summary
        await settle(pilot)
        reopened = app.screen
        assert isinstance(reopened, RoundSummaryScreen)
        assert reopened.run_id == run_id
        assert reopened.query_one("#round-summary-table", DataTable).row_count == 2


async def test_h_on_a_past_run_opens_history_filtered_to_its_round(
    make_app: Any, clock: FakeClock
) -> None:
    from textual.widgets import Select

    from screens.history import HistoryScreen

    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=SIZE) as pilot:
        await run_the_fixed_round(pilot, clock)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PastRoundsScreen)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.current_query().round_id == "demo-fixed"
        assert history.query_one("#history-round", Select).value == "demo-fixed"
        assert history.total == 2
