"""The five-part timed story: each part moves on by itself when its time is up, or on ctrl+n.

The clock is the fake one from conftest: the tests move it and call `tick()`, so nothing
here depends on wall-clock time.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from screens.practice import PracticeScreen, StepEditor
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, steady_picture, store_of, submit_answer, type_burst
from tui.core.records import HistoryQuery

SIZE = (110, 34)


async def open_demo_story(pilot: Pilot[Any]) -> PracticeScreen:
    await settle(pilot)
    await pilot.press("enter")  # the only track
    await settle(pilot)
    await type_burst(pilot, "approval")  # narrow to the story (typing it: test_app_loop)
    await pilot.press("enter")  # open it
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    assert screen.prompt_id == "demo-story"
    return screen


def focused_step(screen: PracticeScreen) -> int:
    focused = screen.focused
    assert isinstance(focused, StepEditor)
    return focused.step_index


async def test_parts_advance_on_their_own_when_time_is_up(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        story = await open_demo_story(pilot)
        assert story.timer.auto_advance
        assert story.timer.budgets == (30, 60, 90, 30, 30)
        await pilot.press(*"The launch slipped")
        clock.advance(29)
        story.tick()
        assert story.timer.snapshot().current_step == 0
        clock.advance(2)  # Challenge's 30 seconds are up
        story.tick()
        await pilot.pause()
        assert story.timer.snapshot().current_step == 1
        assert focused_step(story) == 1
        await pilot.press(*"I shipped it")  # typing follows the cursor into Decision
        clock.advance(60)
        story.tick()
        await pilot.pause()
        assert focused_step(story) == 2
        assert story.editors[0].text == "The launch slipped"
        assert story.editors[1].text == "I shipped it"
        seconds = story.timer.snapshot().step_seconds
        assert seconds[0] == 30 and seconds[1] == 60


async def test_ctrl_n_moves_on_before_the_time_is_up(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        story = await open_demo_story(pilot)
        clock.advance(10)
        await pilot.press("ctrl+n")
        assert story.timer.snapshot().current_step == 1
        assert focused_step(story) == 1
        clock.advance(5)
        await pilot.press("ctrl+n")
        story.tick()
        view = story.timer.snapshot()
        assert view.current_step == 2
        assert focused_step(story) == 2
        assert view.step_seconds[:2] == (10, 5)


async def test_the_last_part_runs_into_overtime_until_submitted(
    make_app: Any, clock: FakeClock
) -> None:
    """Issue 6: the attempt goes on unless the person chose a hard stop. After the last
    part's time the story is not submitted for them: overtime shows and is stored."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        story = await open_demo_story(pilot)
        await pilot.press(*"Something")
        for budget in (30, 60, 90, 30, 30):
            clock.advance(budget)
            story.tick()
            await pilot.pause()
        clock.advance(20)
        story.tick()
        await settle(pilot)
        assert not story.submitted
        assert app.screen is story
        view = story.timer.snapshot()
        assert (view.current_step, view.elapsed_s, view.overtime_s) == (4, 260, 20)
        bar = str(story.query_one("#clock-bar", Static).content)
        assert "OVERTIME +0:20" in bar
        await pilot.press(*" more")  # still writing, in the last part
        assert story.editors[4].text == " more"
        await submit_answer(pilot)
        await settle(pilot)
        store = store_of(app)
        [attempt] = store.attempts(HistoryQuery())
        assert (attempt.prompt_id, attempt.status) == ("demo-story", "submitted")
        assert (attempt.elapsed_s, attempt.overtime_s) == (260, 20)
        assert store.unfinished() == []


async def test_timed_story_with_hard_stop_submits_at_the_limit(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        story = await open_demo_story(pilot)
        await pilot.press("ctrl+t", *"Something")
        for budget in (30, 60, 90, 30, 31):
            clock.advance(budget)
            story.tick()
            await pilot.pause()
        await settle(pilot)
        assert story.submitted
        [attempt] = store_of(app).attempts(HistoryQuery())
        assert (attempt.status, attempt.elapsed_s, attempt.overtime_s) == ("submitted", 240, 0)


def save_and_redraw(story: PracticeScreen, clock: FakeClock) -> None:
    """Let the typing go quiet, write the draft, redraw: the picture then does not depend on
    when the real-time interval happens to tick."""
    clock.advance(0.5)  # longer than the autosave's quiet time
    story.tick()
    assert story.autosave.saver is not None
    story.autosave.flush()
    story.tick()


def test_timed_story_mid_part_snapshot(snap_compare: Any, make_app: Any, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        story = await open_demo_story(pilot)
        await pilot.press(*"Our launch was slipping a week")
        save_and_redraw(story, clock)
        clock.advance(39.5)  # Challenge's 30 s ran out; 10 s into Decision
        story.tick()
        await pilot.press(*"I cut the feature")
        save_and_redraw(story, clock)
        await steady_picture(pilot)  # no toasts, no blinking cursor

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


async def test_hard_stop_submits_at_the_limit_without_overtime(
    make_app: Any, clock: FakeClock
) -> None:
    """ctrl+t chooses a hard stop: when time is up the answer is submitted, no overtime."""
    from screens.review import ReviewScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"busy", "enter")  # the 10-minute case
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        await pilot.press("ctrl+t")
        await pilot.press(*"an answer cut short")
        clock.advance(10 * 60 + 30)  # past the limit
        practice.tick()
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        attempt = store_of(app).attempts(HistoryQuery())[0]
        assert attempt.elapsed_s == 600
        assert attempt.overtime_s == 0


async def test_bell_toggle_reaches_the_screen_from_a_text_area(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        story = await open_demo_story(pilot)
        assert not story.bell
        await pilot.press("ctrl+g")
        assert story.bell
