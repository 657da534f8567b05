"""Mock rounds driven by key presses: start, answer every question, summary, resume."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from screens.attempt import AttemptScreen
from screens.confirm import LeaveScreen
from screens.practice import PracticeScreen
from screens.round_summary import RoundSummaryScreen
from screens.rounds import RoundsScreen
from tests.conftest import FIXTURES, FakeClock
from tests.pilot_helpers import settle, steady_picture, store_of

ROUNDS_CONTENT = FIXTURES / "rounds"
SNAP_SIZE = (110, 34)


def run_status(app: Any, run_id: int) -> str:
    """The stored status of a round run, read straight from the table."""
    with store_of(app).engine.connect() as conn:
        row = conn.execute(
            text("SELECT status FROM round_run WHERE id = :id"), {"id": run_id}
        ).one()
    return str(row.status)


async def open_rounds(pilot: Pilot[Any]) -> RoundsScreen:
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RoundsScreen)
    return screen


async def start_fixed_round(pilot: Pilot[Any]) -> PracticeScreen:
    rounds = await open_rounds(pilot)
    assert [r.id for r in rounds.rounds] == ["demo-fixed", "demo-rule"]
    await pilot.press("enter")  # the fixed round is first (by title)
    await settle(pilot)
    practice = pilot.app.screen
    assert isinstance(practice, PracticeScreen)
    return practice


async def answer(pilot: Pilot[Any], clock: FakeClock, words: str, seconds: float) -> None:
    await pilot.press(*words)
    clock.advance(seconds)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_r_on_tracks_lists_the_tracks_rounds(make_app: Any) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        rounds = await open_rounds(pilot)
        table = rounds.query_one("#rounds-table", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == ["Demo fixed round", "12", "6", "2 fixed"]
        assert [str(c) for c in table.get_row_at(1)] == ["Demo rule round", "10", "5", "2 random"]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, RoundsScreen)


async def test_fixed_round_answered_by_keys_ends_on_a_summary(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        first = await start_fixed_round(pilot)
        assert first.prompt_id == "demo-case"
        assert first.round_run is not None
        assert (first.round_run.index, first.round_run.total) == (0, 2)
        assert first.timer.limit_s == 6 * 60  # the round's share, not 10 minutes
        await answer(pilot, clock, "Narrow to weeknight TV", 100)

        second = app.screen
        assert isinstance(second, PracticeScreen)
        assert second.prompt_id == "demo-story"
        assert second.round_run is not None and second.round_run.index == 1
        await answer(pilot, clock, "The launch was slipping", 20)

        summary = app.screen
        assert isinstance(summary, RoundSummaryScreen)
        table = summary.query_one("#round-summary-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["1", "Faster picks for busy parents", "6:00", "1:40", "-", "submitted"],
            ["2", "A decision you made without approval", "6:00", "0:20", "-", "submitted"],
        ]
        totals = summary.query_one("#round-summary-totals", Static)
        assert "2 answered" in str(totals.content)

        run_id = summary.run_id
        attempts = store_of(app).round_attempts(run_id)
        assert [a.prompt_id for a in attempts] == ["demo-case", "demo-story"]
        assert all(a.round_run_id == run_id and a.status == "submitted" for a in attempts)
        assert [a.elapsed_s for a in attempts] == [100, 20]
        assert run_status(app, run_id) == "finished"
        assert store_of(app).unfinished_rounds() == []

        await pilot.press("down", "enter")  # into the second answer, for its review
        await settle(pilot)
        opened = app.screen
        assert isinstance(opened, AttemptScreen)
        assert opened.attempt_id == attempts[1].id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RoundSummaryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RoundsScreen)


async def test_overtime_shows_on_the_summary(make_app: Any, clock: FakeClock) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        first = await start_fixed_round(pilot)
        await pilot.press(*"Long answer")
        clock.advance(6 * 60 + 30)
        first.tick()  # the limit passed: the case keeps going in overtime
        await pilot.press("ctrl+s")
        await settle(pilot)
        await answer(pilot, clock, "Short story", 10)
        summary = app.screen
        assert isinstance(summary, RoundSummaryScreen)
        table = summary.query_one("#round-summary-table", DataTable)
        assert str(table.get_row_at(0)[4]) == "0:30"


async def test_interrupted_round_resumes_after_a_restart(make_app: Any, clock: FakeClock) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        await start_fixed_round(pilot)
        await answer(pilot, clock, "First answer", 30)
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("escape")  # nothing typed yet: leaves at once
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen)
        [run] = rounds.interrupted
        assert run.position == 1
        status = rounds.query_one("#rounds-status", Static)
        assert "press u to resume" in str(status.content)

    again = make_app([ROUNDS_CONTENT])
    async with again.run_test(size=(110, 30)) as pilot:
        rounds = await open_rounds(pilot)
        assert [r.id for r in rounds.interrupted] == [run.id]
        await pilot.press("u")
        await settle(pilot)
        practice = again.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.prompt_id == "demo-story"
        assert practice.round_run is not None and practice.round_run.index == 1
        await answer(pilot, clock, "Second answer", 15)
        summary = again.screen
        assert isinstance(summary, RoundSummaryScreen)
        assert summary.run_id == run.id
        statuses = [(a.prompt_id, a.status) for a in store_of(again).round_attempts(run.id)]
        assert statuses == [
            ("demo-case", "submitted"),
            ("demo-story", "abandoned"),
            ("demo-story", "submitted"),
        ]
        assert run_status(again, run.id) == "finished"


async def test_resume_picks_up_the_kept_draft(make_app: Any, clock: FakeClock) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        await start_fixed_round(pilot)
        await pilot.press(*"Kept words")
        clock.advance(5)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, RoundsScreen)
        await pilot.press("u")
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.prompt_id == "demo-case"
        assert practice.round_run is not None and practice.round_run.index == 0
        assert practice.editors[0].text == "Kept words"
        await pilot.press("f5")  # a resumed answer starts paused
        await answer(pilot, clock, " more", 10)
        second = app.screen
        assert isinstance(second, PracticeScreen)
        assert second.prompt_id == "demo-story"
        attempts = store_of(app).round_attempts(practice.round_run.run_id)
        assert [(a.prompt_id, a.status) for a in attempts] == [
            ("demo-case", "submitted"),
            ("demo-story", "draft"),
        ]


def test_rounds_screen_snapshot(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_rounds(pilot)
        await steady_picture(pilot)

    app = make_app([ROUNDS_CONTENT])
    assert snap_compare(app, terminal_size=SNAP_SIZE, run_before=run_before)


def test_round_summary_snapshot(snap_compare: Any, make_app: Any, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start_fixed_round(pilot)
        await pilot.press(*"Long answer")
        clock.advance(6 * 60 + 30)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await answer(pilot, clock, "Short story", 75)
        pilot.app.clear_notifications()
        await steady_picture(pilot)

    app = make_app([ROUNDS_CONTENT])
    assert snap_compare(app, terminal_size=SNAP_SIZE, run_before=run_before)


async def test_palette_round_entry_opens_the_round_highlighted(make_app: Any) -> None:
    from tui.commands import CaseroomCommands

    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        provider = CaseroomCommands(app.screen)
        entries = {name: action for name, action, _help in provider.commands()}
        assert "Round: Demo fixed round" in entries
        entries["Round: Demo rule round"]()
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen)
        assert rounds.query_one("#rounds-table", DataTable).cursor_row == 1
