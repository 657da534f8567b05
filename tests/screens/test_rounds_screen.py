"""Mock rounds driven by key presses: start, answer every question, summary, resume."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from screens.attempt import AttemptScreen
from screens.practice import PracticeScreen
from screens.round_leave import RoundLeaveScreen
from screens.round_summary import RoundSummaryScreen
from screens.rounds import RoundsScreen
from tests.conftest import FIXTURES, FakeClock
from tests.pilot_helpers import settle, steady_picture, store_of, submit_answer, type_burst

ROUNDS_CONTENT = FIXTURES / "rounds"
SNAP_SIZE = (110, 34)


def run_status(app: Any, run_id: int) -> str:
    """The stored status of a round run, read straight from the table."""
    with store_of(app).engine.connect() as conn:
        row = conn.execute(
            text("SELECT status FROM round_run WHERE id = :id"), {"id": run_id}
        ).one()
    return str(row.status)


def round_line(screen: PracticeScreen) -> str:
    """The round clock line of a practice screen asking a round's question."""
    return str(screen.query_one("#round-bar", Static).content)


def toasts(app: Any) -> list[str]:
    """Messages notified so far (run_test records them without drawing them)."""
    return [str(n.message) for n in app._notifications]


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
    await type_burst(pilot, words)
    clock.advance(seconds)
    await submit_answer(pilot)
    await settle(pilot)


async def test_r_on_tracks_lists_the_tracks_rounds(make_app: Any) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        rounds = await open_rounds(pilot)
        table = rounds.query_one("#rounds-table", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == [
            "Demo fixed round",
            "12 min",
            "6 min",
            "2 fixed",
        ]
        assert [str(c) for c in table.get_row_at(1)] == [
            "Demo rule round",
            "10 min",
            "5 min",
            "2 random",
        ]
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
        await type_burst(pilot, "Long answer")
        clock.advance(6 * 60 + 30)
        first.tick()  # the limit passed: the case keeps going in overtime
        await submit_answer(pilot)
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
        clock.advance(10)  # looked at the second question, typed nothing
        await pilot.press("escape")  # in a round escape always asks
        await pilot.pause()
        assert isinstance(app.screen, RoundLeaveScreen)
        await pilot.press("d")  # discard this answer: the round waits
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen)
        [run] = rounds.interrupted
        assert run.position == 1
        status = rounds.query_one("#rounds-status", Static)
        assert "u resumes" in str(status.content)

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
        # After a restart the round clock has the first answer's 30 s and the 10 s spent
        # on the discarded one: that time was spent in the round.
        assert round_line(practice).endswith("question 2 of 2 · 11:20 of 12:00 left")
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
        await type_burst(pilot, "Kept words")
        clock.advance(5)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoundLeaveScreen)
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
        # The kept draft's 5 s come back with its own timer, counted once.
        assert round_line(practice).endswith("question 1 of 2 · 11:55 of 12:00 left")
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
        await type_burst(pilot, "Long answer")
        clock.advance(6 * 60 + 30)
        await submit_answer(pilot)
        await settle(pilot)
        await answer(pilot, clock, "Short story", 75)
        pilot.app.clear_notifications()
        await steady_picture(pilot)

    app = make_app([ROUNDS_CONTENT])
    assert snap_compare(app, terminal_size=SNAP_SIZE, run_before=run_before)


async def test_palette_round_entry_opens_the_round_highlighted(make_app: Any) -> None:
    from tui.app.commands import CaseroomCommands

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


# -- the round clock and ending a round early (issue 6) ----------------------------------


async def test_round_clock_counts_down_across_questions(make_app: Any, clock: FakeClock) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        first = await start_fixed_round(pilot)
        assert (
            round_line(first) == "Round: Demo fixed round · question 1 of 2 · 12:00 of 12:00 left"
        )
        await type_burst(pilot, "Narrow to weeknight TV")
        clock.advance(100)
        first.tick()
        assert round_line(first).endswith("question 1 of 2 · 10:20 of 12:00 left")
        await pilot.press("f5")  # pausing the answer pauses the round
        clock.advance(300)
        first.tick()
        assert round_line(first).endswith("10:20 of 12:00 left")
        await pilot.press("f5")
        await submit_answer(pilot)
        await settle(pilot)

        second = app.screen
        assert isinstance(second, PracticeScreen) and second.round_run is not None
        assert round_line(second).endswith("question 2 of 2 · 10:20 of 12:00 left")
        clock.advance(45)
        second.tick()
        assert round_line(second).endswith("question 2 of 2 · 9:35 of 12:00 left")
        [answered] = store_of(app).round_attempts(second.round_run.run_id)[:1]
        assert answered.elapsed_s == 100


async def test_round_time_running_out_is_said_and_the_answer_goes_on(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        first = await start_fixed_round(pilot)
        assert first.round_run is not None
        await type_burst(pilot, "Long answer")
        clock.advance(12 * 60 - 1)
        first.tick()
        assert round_line(first).endswith("0:01 of 12:00 left")
        assert not any("Round time is up" in t for t in toasts(app))
        clock.advance(31)
        first.tick()
        assert round_line(first).endswith("question 1 of 2 · all 12:00 used · ROUND OVERTIME +0:30")
        first.tick()
        await pilot.pause()
        assert [t for t in toasts(app) if t.startswith("Round time is up")] == [
            "Round time is up (12:00): finish your answer, the round's overtime is counted."
            " Escape, then e, ends the round."
        ]  # said once, not on every tick
        # Nothing was thrown away: the answer is on screen and goes on being timed.
        assert app.screen is first and first.editors[0].text == "Long answer"
        assert not first.submitted
        await submit_answer(pilot)
        await settle(pilot)

        second = app.screen
        assert isinstance(second, PracticeScreen) and second.prompt_id == "demo-story"
        assert round_line(second).endswith(
            "question 2 of 2 · all 12:00 used · ROUND OVERTIME +0:30"
        )
        [attempt] = store_of(app).round_attempts(first.round_run.run_id)[:1]
        assert (attempt.status, attempt.elapsed_s, attempt.overtime_s) == ("submitted", 750, 390)
        await answer(pilot, clock, "Short story", 20)
        summary = app.screen
        assert isinstance(summary, RoundSummaryScreen)
        totals = str(summary.query_one("#round-summary-totals", Static).content)
        assert totals.startswith("2 answered · 12:50 of 12:00 used · overtime 6:30")
        assert "round over by 0:50" in totals


async def test_ending_the_round_from_a_question_keeps_the_answer(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        first = await start_fixed_round(pilot)
        assert first.round_run is not None
        run_id = first.round_run.run_id
        await type_burst(pilot, "Half a case")
        clock.advance(90)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoundLeaveScreen)
        await pilot.press("e")
        await settle(pilot)

        summary = app.screen
        assert isinstance(summary, RoundSummaryScreen)
        title = str(summary.query_one("#round-summary-title", Static).content)
        assert title == "Demo fixed round · ended early: 1 of 2 questions answered"
        table = summary.query_one("#round-summary-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [["1", "Faster picks for busy parents", "6:00", "1:30", "-", "submitted"]]
        assert run_status(app, run_id) == "abandoned"
        [attempt] = store_of(app).round_attempts(run_id)
        assert store_of(app).attempt(attempt.id).steps[0].text == "Half a case"
        assert store_of(app).unfinished_rounds() == []

        await pilot.press("escape")
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen)
        assert rounds.interrupted == []
        assert "resume" not in str(rounds.query_one("#rounds-status", Static).content)
        await pilot.press("u")  # nothing to resume
        await settle(pilot)
        assert app.screen is rounds


async def test_ending_the_round_on_an_untouched_question(make_app: Any, clock: FakeClock) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        await start_fixed_round(pilot)
        await answer(pilot, clock, "First answer", 30)
        second = app.screen
        assert isinstance(second, PracticeScreen) and second.round_run is not None
        await pilot.press("escape", "e")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, RoundSummaryScreen)
        assert str(summary.query_one("#round-summary-title", Static).content).endswith(
            "ended early: 1 of 2 questions answered"
        )
        attempts = store_of(app).round_attempts(second.round_run.run_id)
        assert [(a.prompt_id, a.status) for a in attempts] == [
            ("demo-case", "submitted"),
            ("demo-story", "abandoned"),  # nothing typed: nothing to keep
        ]
        assert run_status(app, second.round_run.run_id) == "abandoned"


async def test_ending_an_interrupted_round_from_the_rounds_screen(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        await start_fixed_round(pilot)
        await answer(pilot, clock, "First answer", 30)
        await type_burst(pilot, "Kept story")
        clock.advance(5)
        await pilot.press("escape", "k")  # keep the draft: the round waits
        await settle(pilot)
        rounds = app.screen
        assert isinstance(rounds, RoundsScreen)
        [run] = rounds.interrupted
        assert "e ends it" in str(rounds.query_one("#rounds-status", Static).content)

        await pilot.press("e")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, RoundSummaryScreen) and summary.run_id == run.id
        assert str(summary.query_one("#round-summary-title", Static).content).endswith(
            "ended early: 2 of 2 questions answered"
        )
        attempts = store_of(app).round_attempts(run.id)
        # The kept draft's text is not left hidden in a dead round: it is submitted.
        assert [(a.prompt_id, a.status) for a in attempts] == [
            ("demo-case", "submitted"),
            ("demo-story", "submitted"),
        ]
        assert store_of(app).attempt(attempts[1].id).steps[0].text == "Kept story"
        assert attempts[1].elapsed_s == 5
        assert run_status(app, run.id) == "abandoned"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is rounds and rounds.interrupted == []

    again = make_app([ROUNDS_CONTENT])
    async with again.run_test(size=(110, 30)) as pilot:
        rounds = await open_rounds(pilot)
        assert rounds.interrupted == []  # no longer offered for resuming
        await pilot.press("u")  # resume is not offered (nor shown) without a run to resume
        await settle(pilot)
        assert again.screen is rounds


def test_practice_in_a_round_snapshot(snap_compare: Any, make_app: Any, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start_fixed_round(pilot)
        await answer(pilot, clock, "First answer", 200)
        practice = pilot.app.screen
        assert isinstance(practice, PracticeScreen)
        await pilot.press(*"The launch")
        clock.advance(12)
        practice.tick()
        await steady_picture(pilot)

    app = make_app([ROUNDS_CONTENT])
    assert snap_compare(app, terminal_size=SNAP_SIZE, run_before=run_before)


async def test_the_round_leave_dialog_shows_every_button_and_key_at_80_columns(
    make_app: Any,
) -> None:
    from textual.widgets import Button

    app = make_app([ROUNDS_CONTENT])
    async with app.run_test(size=(110, 30)) as pilot:
        await start_fixed_round(pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RoundLeaveScreen)
        buttons = list(dialog.query(Button))
        assert [str(b.label) for b in buttons] == [
            "Keep & pause [k]",
            "Discard [d]",
            "End round [e]",
            "Stay [esc]",
        ]
        for button in buttons:
            assert button.region.right <= 80 and button.region.width > len(str(button.label))
