"""Issue 13: ctrl+s out of habit never submits an answer with time left.

Decision: submitting early asks, and ctrl+s again confirms (screens/submit_early.py).
Escape, or carrying on typing, goes back to the answer with the key kept.
"""

from __future__ import annotations

from typing import Any

from screens.practice import PracticeScreen
from screens.review import ReviewScreen
from screens.submit_early import SubmitEarlyScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of
from tests.screens.test_app_loop import open_demo_case
from tui.core.records import HistoryQuery


async def test_ctrl_s_with_time_left_asks_and_a_second_ctrl_s_submits(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"two parts")
        clock.advance(60)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SubmitEarlyScreen)
        assert not practice.submitted
        text = " ".join(str(s.content) for s in app.screen.query("Static"))
        assert "9:00 left" in text and "1 of 6 steps written" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        [attempt] = store_of(app).attempts(HistoryQuery())
        assert attempt.status == "submitted"


async def test_typing_after_a_habitual_ctrl_s_keeps_writing(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"half a thought")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SubmitEarlyScreen)
        await pilot.press("enter", *"and more")  # a new line, then more words
        await pilot.pause()
        assert app.screen is practice and not practice.submitted
        assert practice.editors[0].text == "half a thought\nand more"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is practice and not practice.submitted
        assert store_of(app).attempts(HistoryQuery()) == []


async def test_ctrl_s_once_time_is_up_submits_at_once(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"all of it")
        clock.advance(601)
        practice.tick()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


def test_footer_says_submit_asks() -> None:
    [binding] = [b for b in PracticeScreen.BINDINGS if getattr(b, "id", "") == "practice.submit"]
    assert binding.description == "Submit…"
