"""Issue 13, "records that are true": what is stored and shown is what happened.

The clock is conftest's fake one: tests move it and call `tick()`.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from screens.attempt import attempt_view
from screens.practice import PracticeScreen
from screens.resume import ResumeScreen
from tests.conftest import APP_CONTENT, FakeClock
from tests.pilot_helpers import settle, store_of, submit_answer
from tests.screens.test_app_loop import open_demo_case
from tests.screens.test_resume import keep_a_draft
from tests.screens.test_timed_story import open_demo_story
from tui.core.records import HistoryQuery
from tui.services.export import attempt_markdown


async def test_hard_stop_in_overtime_keeps_the_overtime(make_app: Any, clock: FakeClock) -> None:
    """A story run to OVERTIME +0:10, then ctrl+t: stored as 250 s used, 10 s over."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        story = await open_demo_story(pilot)
        await pilot.press(*"Something")
        for budget in (30, 60, 90, 30, 30, 10):
            clock.advance(budget)
            story.tick()
            await pilot.pause()
        assert story.timer.snapshot().overtime_s == 10
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert story.submitted
        [attempt] = store_of(app).attempts(HistoryQuery())
        assert (attempt.elapsed_s, attempt.overtime_s) == (250, 10)


async def test_a_resumed_draft_keeps_the_limit_it_started_with(
    make_app: Any, clock: FakeClock, tmp_path: Path
) -> None:
    """The prompt's file goes from 10 to 12 minutes while a draft waits: the draft runs
    its 10:00 clock, says so, and is stored against 10:00."""
    content = tmp_path / "content"
    shutil.copytree(APP_CONTENT, content)
    app = make_app([content])
    async with app.run_test(size=(100, 30)) as pilot:
        await keep_a_draft(pilot, clock)  # 65 s used
    case = content / "tracks" / "demo" / "demo-case.md"
    case.write_text(case.read_text().replace("minutes: 10", "minutes: 12"))

    again = make_app([content])
    async with again.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(again.screen, ResumeScreen)
        await pilot.press("r")
        await settle(pilot)
        practice = again.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.prompt.minutes == 12
        assert practice.timer.limit_s == 600
        told = [n.message for n in again._notifications]
        assert any("keeps the 10:00 limit" in m for m in told), told
        await pilot.press("f5")
        clock.advance(600)  # 65 + 600: 1:05 over the kept limit
        practice.tick()
        await submit_answer(pilot)
        await settle(pilot)
        [attempt] = store_of(again).attempts(HistoryQuery())
        assert attempt.time_limit_s == 600
        assert (attempt.elapsed_s, attempt.overtime_s) == (665, 65)


async def test_step_times_and_totals_add_up(make_app: Any, clock: FakeClock) -> None:
    """Fractional step times: every figure is rounded once and the total is their sum,
    on the attempt screen and in the export."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        fractions = (102.6, 13.4, 0.4, 10.5, 8.45, 10.49)
        for index, seconds in enumerate(fractions):
            if index:
                await pilot.press("ctrl+n")
            await pilot.press("x")
            clock.advance(seconds)
        practice.tick()
        await submit_answer(pilot)
        await settle(pilot)
        store = store_of(app)
        [summary] = store.attempts(HistoryQuery())
        detail = store.attempt(summary.id)
        steps = [step.seconds for step in detail.steps]
        # 145.84 s in all: each step rounded once (up or down) so they add up to 2:26.
        assert steps == [103, 13, 0, 11, 8, 11]
        assert summary.elapsed_s == sum(steps) == 146
        text = attempt_view(detail, None)
        assert "time 2:26 of 10:00" in text
        assert "· 1:43" in text and "· 0:13" in text
        assert "Time used: 2:26 of 10:00" in attempt_markdown(detail)


async def test_the_clock_is_saved_with_the_text_while_the_person_thinks(
    make_app: Any, clock: FakeClock
) -> None:
    """Nothing typed for 5 s: the stored draft still has those 5 s (a kill loses ~1 s)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"an idea")
        for _ in range(10):  # thinking: the clock runs, nothing is typed
            clock.advance(0.5)
            practice.tick()
        assert practice.autosave.saver is not None
        practice.autosave.flush()
        attempt_id = practice.attempt_id
        assert attempt_id is not None
        stored = store_of(app).attempt(attempt_id)
        on_screen = practice.timer.snapshot().elapsed_s
        assert on_screen == 5
        assert sum(stored.timer_state["step_seconds"]) >= on_screen - 1.0


def test_round_summary_totals_are_the_sum_of_its_rows() -> None:
    from datetime import UTC, datetime

    from screens.round_summary import shown_overtime, totals_line
    from tui.core.records import AttemptSummary

    def attempt(elapsed: float) -> AttemptSummary:
        at = datetime(2026, 11, 21, tzinfo=UTC)
        return AttemptSummary(
            1, "p", "P", "t", "case", "six-step", "submitted", at, at, at, 60, elapsed, 0.0
        )

    rows = [attempt(100.6), attempt(45.6), attempt(59.7)]
    # Rows show 1:41, 0:46 and 1:00; overtime 0:41 + 0:00 + 0:00.
    assert [shown_overtime(a) for a in rows] == [41, 0, 0]
    assert totals_line(rows) == "3 answered · 3:27 of 3:00 used · overtime 0:41"


async def test_the_clock_bar_says_how_far_behind(make_app: Any, clock: FakeClock) -> None:
    """Step 1 (1:00) ran 0:20 over: step 2's first second already says "behind by 0:20"."""
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press("x")
        clock.advance(80)
        await pilot.press("ctrl+n")
        practice.tick()
        bar = str(practice.query_one("#clock-bar", Static).content)
        assert "behind by 0:20" in bar, bar
