"""The whole practice loop driven by key presses, checked against what was stored."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from screens.attempt import AttemptScreen
from screens.confirm import LeaveScreen
from screens.history import HistoryScreen
from screens.practice import PracticeScreen, StepEditor
from screens.prompts import PromptsScreen
from screens.review import ReviewScreen
from screens.tracks import TracksScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import palette_lists, settle, store_of, submit_answer, type_burst
from tui.core.records import HistoryQuery


async def open_demo_case(pilot: Pilot[Any]) -> PracticeScreen:
    await settle(pilot)
    await pilot.press("enter")  # the only track
    await settle(pilot)
    assert isinstance(pilot.app.screen, PromptsScreen)
    # Narrow to the case prompt; typing into the filter key by key is its own test below.
    await type_burst(pilot, "busy")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    return screen


async def test_tracks_screen_lists_tracks_with_counts(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TracksScreen)
        table = screen.query_one("#tracks-table", DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)] == ["Demo Track", "2", "0"]


async def test_typing_narrows_the_prompt_list(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PromptsScreen)
        assert len(screen.shown) == 2
        await pilot.press(*"approval")
        assert [p.id for p in screen.shown] == ["demo-story"]
        await pilot.press(*" zzz")
        assert screen.shown == []


async def test_answer_submit_and_find_it_in_history_after_restart(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"Which outcome: speed to first play?")
        clock.advance(50)
        await pilot.press("ctrl+n")
        await pilot.press(*"Parents on the living-room TV")
        clock.advance(70)
        await submit_answer(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)  # submitting opens the review
        assert practice.submitted
        attempts = store_of(app).attempts(HistoryQuery())
        assert len(attempts) == 1
        detail = store_of(app).attempt(attempts[0].id)
        assert detail.summary.status == "submitted"
        assert detail.steps[0].text == "Which outcome: speed to first play?"
        assert detail.steps[1].text == "Parents on the living-room TV"
        assert detail.steps[0].seconds == 50
        assert detail.steps[1].seconds == 70
        assert detail.summary.elapsed_s == 120

    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = again.screen
        assert isinstance(history, HistoryScreen)
        assert [row.prompt_title for row in history.rows] == ["Faster picks for busy parents"]
        await pilot.press("enter")
        await settle(pilot)
        attempt = again.screen
        assert isinstance(attempt, AttemptScreen)
        assert attempt.detail is not None
        assert attempt.detail.steps[1].text == "Parents on the living-room TV"


async def test_typing_autosaves_a_draft_before_submit(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"draft words")
        clock.advance(2)  # quiet long enough for autosave
        practice.tick()
        assert practice.autosave.saver is not None
        practice.autosave.flush()
        drafts = store_of(app).unfinished()
        assert len(drafts) == 1
        assert store_of(app).attempt(drafts[0].id).steps[0].text == "draft words"


async def test_leaving_asks_and_keep_leaves_a_draft(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_demo_case(pilot)
        await pilot.press(*"half an answer")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        drafts = store_of(app).unfinished()
        assert [d.prompt_id for d in drafts] == ["demo-case"]
        assert store_of(app).attempt(drafts[0].id).steps[0].text == "half an answer"


async def test_leaving_with_escape_then_staying_keeps_the_text(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press(*"keep me")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.screen is practice
        assert practice.query_one("#step-0", StepEditor).text == "keep me"


async def test_empty_submit_is_refused(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_demo_case(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is practice
        assert not practice.submitted


async def test_command_palette_opens_a_prompt_by_title(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"decision you made")
        await palette_lists(pilot, "A decision you made without approval")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert screen.prompt_id == "demo-story"


async def test_submit_before_the_database_opens_submits_once_it_does(
    make_app: Any, monkeypatch: Any
) -> None:
    """On a first start the database may still be opening when the person submits."""
    import threading

    from tui.store import Store

    gate = threading.Event()
    real_open = Store.open

    def slow_open(url: str, **kwargs: Any) -> Store:
        # Held until the test lets go (the finally below), however slow the machine: a
        # timeout here once opened the database mid-typing on a loaded CI machine.
        gate.wait(120)
        return real_open(url, **kwargs)

    monkeypatch.setattr(Store, "open", staticmethod(slow_open))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            while not app.library_loaded:
                await pilot.pause(0.01)
            await pilot.press("enter")
            await pilot.pause()
            await type_burst(pilot, "busy")
            await pilot.press("enter")
            await pilot.pause()
            practice = app.screen
            assert isinstance(practice, PracticeScreen)
            await type_burst(pilot, "An answer typed before the database opened")
            await submit_answer(pilot)
            await pilot.pause()
            assert practice.attempt_id is None and not practice.submitted
        finally:
            gate.set()
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        attempts = store_of(app).attempts(HistoryQuery())
        assert [a.status for a in attempts] == ["submitted"]
        detail = store_of(app).attempt(attempts[0].id)
        assert detail.steps[0].text == "An answer typed before the database opened"


async def test_a_loader_failure_is_a_problem_not_a_crash(make_app: Any) -> None:
    from tui.core.model import Library

    class Broken:
        def load(self) -> Library:
            raise RuntimeError("disk on fire")

        def apply_changes(self, paths: Any) -> Library:
            raise RuntimeError("disk on fire")

    app = make_app()
    app.config.library_source = Broken()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert [p.message for p in app.library.problems] == [
            "the library did not load: disk on fire"
        ]
        assert app.store_available  # history still works
