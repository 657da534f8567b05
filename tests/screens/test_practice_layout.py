"""The practice screen in small terminals: the question stays readable, the step being
written stays in view, the clock bar and the footer fit 80 columns; typing while paused.

Pilot tests at 80x24 (and 60x20, 120x36) with the fake clock; they assert on widget regions
and on what the widgets hold, not on pixels.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual import events
from textual.containers import VerticalScroll
from textual.widgets import Static

from screens.help import HelpScreen
from screens.practice import PracticeScreen, StepEditor
from screens.widgets.footer import SteadyFooter
from tests.conftest import APP_CONTENT, FakeClock
from tests.pilot_helpers import settle
from tests.screens.test_app_loop import open_demo_case

LONG_QUESTION = " ".join(
    f"Sentence {n} of a long question about busy parents who share one account."
    for n in range(1, 13)
)


def content_with_long_question(tmp_path: Path) -> Path:
    """The test library, with the case's question long enough to overflow its pane."""
    root = tmp_path / "content"
    shutil.copytree(APP_CONTENT, root)
    case = root / "tracks" / "demo" / "demo-case.md"
    short = "Busy parents share one account. Help them find something to watch faster."
    case.write_text(case.read_text().replace(short, LONG_QUESTION + " What would you do?"))
    return root


def clock_bar(screen: PracticeScreen) -> str:
    return str(screen.query_one("#clock-bar", Static).content)


def cursor_in_view(screen: PracticeScreen) -> bool:
    """The cursor of the focused step is inside the visible part of the steps pane."""
    editor = screen.focused
    assert isinstance(editor, StepEditor)
    steps = screen.query_one("#steps", VerticalScroll).scrollable_content_region
    return steps.contains_point(editor.cursor_screen_offset)


async def test_question_shows_under_the_header_and_f4_reads_all_of_it(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app([content_with_long_question(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.pause()
        pane = practice.query_one("#practice-prompt", VerticalScroll)
        title = practice.query_one("#practice-title", Static)
        question = practice.query_one("#practice-question")
        # No empty lines under the header: the title is on row 1, the question right after.
        assert title.region.y == 1
        assert question.region.y == title.region.bottom
        # The pane keeps to its share and scrolls; its edge says how to read it all.
        assert pane.region.height <= 24 * 0.4
        assert pane.max_scroll_y > 0
        practice.tick()
        assert "F4" in str(pane.border_subtitle)
        editor = practice.editors[0]
        assert practice.focused is editor

        await pilot.press("f4")
        await pilot.pause()
        assert practice.focused is pane
        assert pane.max_scroll_y == 0  # now the whole question fits
        assert pane.region.height > 24 * 0.4
        await pilot.press("escape")  # back to the answer, not "leave"
        await pilot.pause()
        assert practice.focused is editor
        assert app.screen is practice
        await pilot.press(*"typed")
        assert editor.text == "typed"


async def test_question_is_readable_at_60x20(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.pause()
        question = practice.query_one("#practice-question")
        assert question.region.height >= 2  # the whole short question, wrapped
        pane = practice.query_one("#practice-prompt", VerticalScroll)
        assert pane.max_scroll_y == 0
        assert question.region.bottom <= pane.region.bottom
        # The first step's title and its text area show too.
        assert practice.editors[0].region.bottom <= 19
        assert cursor_in_view(practice)


async def test_step_five_stays_in_view_after_a_resize_and_while_typing(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", *"fifth")
        await pilot.pause()
        assert practice.focused is practice.editors[4]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert cursor_in_view(practice)
        # Longer than the text area's height and the steps pane; a new line and a word
        # typed on it each time (short words: each key costs the test ~75 ms).
        for line in range(14):
            await pilot.press("enter", *f"L{line}")
            await pilot.pause()
            assert cursor_in_view(practice), f"cursor hidden after line {line}"
        assert practice.editors[4].text.endswith("\nL12\nL13")


async def test_clock_bar_keeps_time_step_pace_and_saved_at_80_columns(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", *"fifth")
        clock.advance(5)
        practice.tick()
        await settle(pilot)
        assert practice.autosave.saver is not None
        practice.autosave.flush()
        practice.tick()
        await pilot.pause()
        text = clock_bar(practice)
        bar = practice.query_one("#clock-bar", Static)
        assert bar.region.height == 1
        assert len(text) <= bar.content_size.width
        for part in ("9:55 left", "Step 5/6", "0:05 of 2:00", "ahead", "saved"):
            assert part in text, (part, text)
        # With every marker on, the same essentials are still there (wrapping if need be).
        await pilot.press("f5", "ctrl+t")
        practice.tick()
        await pilot.pause()
        text = clock_bar(practice)
        for part in ("9:55 left", "Step 5/6", "PAUSED", "HARD STOP", "saved"):
            assert part in text, (part, text)
        assert bar.region.height <= 2


async def test_footer_shows_the_answering_keys_at_80_columns(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.pause()
        footer = practice.query_one(SteadyFooter)
        shown = {key.key: key.end for key in footer.shown_keys() if key.end <= 80}
        for key in ("ctrl+s", "ctrl+n", "ctrl+b", "f5", "ctrl+t", "escape", "f1", "ctrl+q"):
            assert key in shown, (key, sorted(shown))
        # The rest is in F1 help.
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = help_screen.help_markdown()
        for key in ("ctrl+g", "ctrl+o", "f4", "ctrl+t"):
            assert f"| {key} |" in text, key


async def test_typing_while_paused_starts_the_clock_again(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        practice = await open_demo_case(pilot)
        clock.advance(10)
        await pilot.press("f5")
        assert practice.timer.paused
        clock.advance(100)  # away from the desk: not charged
        await pilot.press("ctrl+n")  # moving around does not start it
        assert practice.timer.paused
        await pilot.press("x")
        await pilot.pause()
        assert not practice.timer.paused
        clock.advance(5)
        view = practice.timer.snapshot()
        assert view.elapsed_s == 15
        assert view.step_seconds[:2] == (10, 5)
        assert "PAUSED" not in clock_bar(practice)


async def test_ctrl_n_pressed_twice_in_one_burst_moves_two_steps(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        practice = await open_demo_case(pilot)
        # As a terminal delivers a fast typist's keys: all queued before any is handled, so
        # the second ctrl+n must not read the step from before the first one's focus moved.
        driver = app._driver
        for key, char in [("ctrl+n", None), ("ctrl+n", None), *[(c, c) for c in "third"]]:
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert practice.editors[2].text == "third"
        assert practice.timer.snapshot().current_step == 2


async def test_f5_reads_pause_or_resume_as_the_clock_is(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        practice = await open_demo_case(pilot)

        async def f5_word() -> str:
            await pilot.pause()
            footer = practice.query_one(SteadyFooter)
            words = [k.description for k in footer.shown_keys() if k.key == "f5"]
            assert len(words) == 1, words
            return words[0]

        assert await f5_word() == "Pause"
        await pilot.press("f5")
        assert practice.timer.paused and await f5_word() == "Resume"
        await pilot.press("f5")
        assert not practice.timer.paused and await f5_word() == "Pause"
        await pilot.press("f5", "x")  # typing while paused starts the clock: the word follows
        practice.tick()
        assert not practice.timer.paused and await f5_word() == "Pause"


async def test_typing_while_reading_the_whole_prompt_goes_to_the_answer(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert practice.focused is practice.query_one("#practice-prompt")
        await pilot.press(*"abc")
        await pilot.pause()
        assert practice.editors[0].text == "abc"
        assert practice.focused is practice.editors[0]


async def test_the_prompt_hint_queued_as_the_screen_closes_is_dropped(make_app: Any) -> None:
    """Focus moves queue the prompt pane's hint for after the next refresh. A round's next
    question replaces practice at once, so the queued hint can run with the screen's
    widgets already gone: it found no pane and stopped the app (seen once in CI)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.pause()
        await practice.query_one("#practice-prompt").remove()
        practice._show_prompt_hint()  # as the queued call would, after the removal
        await pilot.pause()
        assert app.return_code is None and app.screen is practice
