"""Issue 13: a timed part never splits a sentence being typed, its last seconds are marked,
and the optional reading minute holds the clock until the first key."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from tests.conftest import FakeClock
from tests.screens.test_app_loop import open_demo_case
from tests.screens.test_timed_story import focused_step, open_demo_story
from tui.core.handover import hold_the_cursor, sentence_open


async def test_the_cursor_waits_for_the_sentence_being_typed(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        story = await open_demo_story(pilot)
        await pilot.press(*"The launch")
        clock.advance(30.5)  # Challenge's 30 s are up mid-sentence, typing just now
        story._last_typed = clock.now - 0.2
        story.tick()
        await pilot.pause()
        assert story.timer.snapshot().current_step == 1  # the clock moved on exactly
        assert focused_step(story) == 0  # the cursor waits for the sentence
        await pilot.press(*" slipped.")
        story.tick()
        await pilot.pause()
        assert focused_step(story) == 1
        assert story.editors[0].text == "The launch slipped."
        await pilot.press(*"I cut")
        assert story.editors[1].text == "I cut"


async def test_the_cursor_waits_a_few_seconds_at_most(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        story = await open_demo_story(pilot)
        await pilot.press(*"An endless")
        clock.advance(30.5)
        story._last_typed = clock.now
        story.tick()
        await pilot.pause()
        assert focused_step(story) == 0
        for _ in range(6):  # still typing, never a full stop
            clock.advance(1)
            story._last_typed = clock.now
            story.tick()
            await pilot.pause()
        assert focused_step(story) == 1


async def test_the_last_ten_seconds_of_a_part_are_marked_and_warned(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        story = await open_demo_story(pilot)
        story.bell = True
        rang: list[bool] = []
        app.bell = lambda: rang.append(True)  # type: ignore[method-assign]
        clock.advance(19)
        story.tick()
        bar = str(story.query_one("#clock-bar", Static).content)
        assert "moves on in" not in bar
        clock.advance(2)  # 9 s left in Challenge
        story.tick()
        bar = str(story.query_one("#clock-bar", Static).content)
        assert "moves on in 0:09" in bar
        assert rang == [True]
        await pilot.pause()  # a screen's notice reaches the App as a message
        told = [n.message for n in app._notifications]
        assert any("10 seconds left in this part" in m for m in told), told


def test_sentence_rules() -> None:
    assert sentence_open("I shipped it")
    assert not sentence_open("I shipped it. ")
    assert not sentence_open("Done?")
    assert not sentence_open("a list\n")
    assert not sentence_open("")
    assert not hold_the_cursor("mid sent", since_due_s=1, since_typed_s=5)  # stopped typing


async def test_reading_minute_holds_the_clock_until_the_first_key(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    app.config.reading_minute = True
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        clock.advance(20)
        practice.tick()
        assert not practice.timer.started
        bar = str(practice.query_one("#clock-bar", Static).content)
        assert "READING" in bar and "0:40" in bar
        await pilot.press("x")
        clock.advance(5)
        assert practice.timer.snapshot().elapsed_s == 5


async def test_reading_minute_ends_after_a_minute(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    app.config.reading_minute = True
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        clock.advance(60)
        practice.tick()
        assert practice.timer.started
        clock.advance(3)
        assert practice.timer.snapshot().elapsed_s == 3


async def test_reading_minute_is_off_by_default(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        assert practice.timer.started
