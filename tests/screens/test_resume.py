"""An answer left unfinished is offered back on the next start, text and clock intact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from screens.practice import PracticeScreen, StepEditor
from screens.resume import ResumeScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of
from tests.screens.test_app_loop import open_demo_case


async def keep_a_draft(pilot: Pilot[Any], clock: FakeClock) -> None:
    """Type into two steps with known times, then leave keeping the draft."""
    await open_demo_case(pilot)
    await pilot.press(*"first step words")
    clock.advance(40)
    await pilot.press("ctrl+n")
    await pilot.press(*"second")
    clock.advance(25)
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("k")
    await settle(pilot)


async def test_kept_draft_is_offered_and_resumes_text_and_times(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await keep_a_draft(pilot, clock)

    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(again.screen, ResumeScreen)
        await pilot.press("r")
        await settle(pilot)
        practice = again.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.query_one("#step-0", StepEditor).text == "first step words"
        assert practice.query_one("#step-1", StepEditor).text == "second"
        view = practice.timer.snapshot()
        assert view.step_seconds[0] == 40
        assert view.step_seconds[1] == 25
        assert view.paused  # the time the app was closed is not charged
        clock.advance(100)
        assert practice.timer.snapshot().elapsed_s == 65
        await pilot.press("f5")
        clock.advance(5)
        assert practice.timer.snapshot().elapsed_s == 70


async def test_keep_for_later_offers_again_and_discard_abandons(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await keep_a_draft(pilot, clock)

    later = make_app()
    async with later.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(later.screen, ResumeScreen)
        await pilot.press("l")
        await settle(pilot)
        assert not isinstance(later.screen, ResumeScreen)
        assert len(store_of(later).unfinished()) == 1

    discard = make_app()
    async with discard.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(discard.screen, ResumeScreen)
        draft_id = store_of(discard).unfinished()[0].id
        await pilot.press("d")
        await settle(pilot)
        assert store_of(discard).unfinished() == []
        kept = store_of(discard).attempt(draft_id)
        assert kept.summary.status == "abandoned"
        assert kept.steps[0].text == "first step words"  # never deleted


async def test_draft_whose_prompt_is_gone_can_be_exported(
    make_app: Any, clock: FakeClock, tmp_path: Path, private_dirs: Path
) -> None:
    import shutil

    from tests.conftest import APP_CONTENT

    content = tmp_path / "content"
    shutil.copytree(APP_CONTENT, content)
    app = make_app([content])
    async with app.run_test(size=(100, 30)) as pilot:
        await keep_a_draft(pilot, clock)

    (content / "tracks" / "demo" / "demo-case.md").unlink()
    again = make_app([content])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        modal = again.screen
        assert isinstance(modal, ResumeScreen)
        assert not modal.prompt_exists
        await pilot.press("r")  # cannot resume: nothing happens
        await pilot.pause()
        assert again.screen is modal
        await pilot.press("e")
        await settle(pilot)
        exported = sorted((private_dirs / "caseroom-exports").glob("draft-*"))
        assert [p.suffix for p in exported] == [".json", ".md"]
        assert "first step words" in exported[1].read_text()
        assert len(store_of(again).unfinished()) == 1  # exporting keeps the draft


async def test_the_answer_being_written_now_is_never_offered_back(
    make_app: Any, clock: FakeClock
) -> None:
    """The store can open after the person already started typing: no modal over their
    answer, and their own new draft is not "left unfinished last time"."""
    from screens.resume import offer_resume

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_demo_case(pilot)
        await pilot.press(*"typing right now")
        await settle(pilot)
        offer_resume(app)  # as if the store had only just opened
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")  # keep it as a draft and go back to the first screens
        await settle(pilot)
        while len(app.screen_stack) > 1:
            app.pop_screen()
        await settle(pilot)
        offer_resume(app)  # on the first screen now, but the draft is from this run
        await settle(pilot)
        assert not isinstance(app.screen, ResumeScreen)
