"""Pushback never loses a reply: escape stores the reply in progress, autosave stores it
while it is typed (one row per reply, however often), and a blank reply is not kept."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from screens.pushback import PushbackScreen
from screens.review import ReviewScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of
from tests.screens.test_review import submit_demo_answer
from tui.core.model import Prompt, Scaffold, Step
from tui.store import Store

FIRST = "Why not build a kids profile prompt first?"
SECOND = "Your metric rose but satisfaction fell. Ship?"


@pytest.fixture(autouse=True)
def manual_ticks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the tests tick the screen. The real half-second interval could otherwise offer
    the reply between a key press and `clock.advance`, storing it with 0 seconds: a race
    that failed about one run in several under load."""
    import screens.pushback

    monkeypatch.setattr(screens.pushback, "TICK", 3600.0)


async def open_pushback(pilot: Pilot[Any], clock: FakeClock) -> tuple[ReviewScreen, PushbackScreen]:
    review = await submit_demo_answer(pilot, clock)
    await pilot.press("p")
    await settle(pilot)
    pushback = pilot.app.screen
    assert isinstance(pushback, PushbackScreen)
    return review, pushback


def replies(app: Any, attempt_id: int) -> list[tuple[str, str, float]]:
    return [(f.question, f.text, f.seconds) for f in store_of(app).attempt(attempt_id).followups]


def autosave_now(pushback: PushbackScreen) -> None:
    """Run the debounce as the interval would, then wait for the writer thread."""
    pushback.tick()
    assert pushback.autosave.saver is not None
    assert pushback.autosave.flush()


async def test_escape_mid_question_stores_the_reply_with_its_seconds(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review, _pushback = await open_pushback(pilot, clock)
        await pilot.press(*"Kids are not the pain")
        clock.advance(25)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        assert replies(app, review.attempt_id) == [(FIRST, "Kids are not the pain", 25.0)]


async def test_escape_keeps_earlier_replies_and_stores_the_current_one_once(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review, pushback = await open_pushback(pilot, clock)
        await pilot.press(*"Kids are not the pain")
        clock.advance(30)
        autosave_now(pushback)
        await pilot.press("ctrl+n")
        await pilot.press(*"No")
        clock.advance(10)
        autosave_now(pushback)
        await pilot.press(*", not yet")
        clock.advance(5)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        assert replies(app, review.attempt_id) == [
            (FIRST, "Kids are not the pain", 30.0),
            (SECOND, "No, not yet", 15.0),
        ]


async def test_escape_with_a_blank_reply_stores_nothing(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review, _pushback = await open_pushback(pilot, clock)
        await pilot.press("space", "enter", "space")
        clock.advance(12)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        assert replies(app, review.attempt_id) == []


async def test_autosave_stores_the_reply_while_typed_in_one_row(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review, pushback = await open_pushback(pilot, clock)
        await pilot.press(*"Kids")
        clock.advance(4)
        autosave_now(pushback)
        # A killed process would find this much: the reply as typed a moment ago.
        assert replies(app, review.attempt_id) == [(FIRST, "Kids", 4.0)]
        await pilot.press(*" are not the pain")
        clock.advance(6)
        autosave_now(pushback)
        assert replies(app, review.attempt_id) == [(FIRST, "Kids are not the pain", 10.0)]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert pushback.autosave.saver is not None and pushback.autosave.flush()
        assert replies(app, review.attempt_id) == [(FIRST, "Kids are not the pain", 10.0)]


async def test_a_reply_erased_after_autosave_is_not_kept(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review, pushback = await open_pushback(pilot, clock)
        await pilot.press(*"Maybe")
        clock.advance(3)
        autosave_now(pushback)
        assert len(replies(app, review.attempt_id)) == 1
        pushback.query_one("#pushback-reply", TextArea).focus()
        await pilot.press(*["backspace"] * 5)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        assert replies(app, review.attempt_id) == []


async def test_ctrl_q_stores_the_reply_being_typed(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review, _pushback = await open_pushback(pilot, clock)
        await pilot.press(*"Half a thought")
        attempt_id = review.attempt_id
        store = store_of(app)
        await pilot.press("ctrl+q")
    assert [(f.question, f.text) for f in store.attempt(attempt_id).followups] == [
        (FIRST, "Half a thought")
    ]


def test_save_followup_reply_updates_the_same_row(tmp_path: Any) -> None:
    scaffold = Scaffold(id="s", title="S", steps=(Step(title="One"),), rubric=())
    prompt = Prompt(
        id="p", title="P", track="t", kind="case", scaffold="s", minutes=5, question="Q"
    )
    with Store.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        attempt_id = store.start_attempt(prompt, scaffold, 300)
        first = store.save_followup_reply(attempt_id, "Why?", "Be", 1.0)
        assert (
            store.save_followup_reply(attempt_id, "Why?", "Because", 2.0, reply_id=first) == first
        )
        second = store.add_followup_reply(attempt_id, "Ship?", "No", 3.0)
        assert second != first
        assert [(f.text, f.seconds) for f in store.attempt(attempt_id).followups] == [
            ("Because", 2.0),
            ("No", 3.0),
        ]
        store.drop_followup_reply(attempt_id, first)
        assert [f.text for f in store.attempt(attempt_id).followups] == ["No"]
        # A row that is gone is written again rather than lost.
        again = store.save_followup_reply(attempt_id, "Why?", "Because!", 4.0, reply_id=first)
        assert again not in (first, second)
        assert [f.text for f in store.attempt(attempt_id).followups] == ["No", "Because!"]
