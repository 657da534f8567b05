"""Leaving a review with escape: nothing entered leaves at once; anything entered asks
save / discard / stay, and the store holds exactly what was chosen."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, TextArea

from screens.attempt import AttemptScreen
from screens.prompts import PromptsScreen
from screens.review import ReviewScreen
from screens.review_form import LeaveReviewScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of
from tests.screens.test_review import submit_demo_answer
from tui.core.records import HistoryQuery


async def open_blind_review(
    pilot: Pilot[Any], clock: FakeClock
) -> tuple[AttemptScreen, ReviewScreen]:
    """Submit, review with a 5, then open a blind re-review from the attempt screen."""
    await submit_demo_answer(pilot, clock)
    await pilot.press("5", "ctrl+s")
    await settle(pilot)
    attempt = AttemptScreen(store_of(pilot.app).attempts(HistoryQuery())[0].id)
    pilot.app.push_screen(attempt)
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    blind = pilot.app.screen
    assert isinstance(blind, ReviewScreen) and blind.blind
    return attempt, blind


def reviews_of(app: Any) -> tuple[Any, ...]:
    """The reviews stored for the newest attempt."""
    store = store_of(app)
    return tuple(store.attempt(store.attempts(HistoryQuery())[0].id).reviews)


def notes_of(app: Any) -> list[str]:
    """Every notification the app raised (shown or not: run_test hides toasts)."""
    return [notification.message for notification in app._notifications]


async def test_escape_with_nothing_entered_leaves_at_once(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_demo_answer(pilot, clock)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        assert reviews_of(app) == ()


async def test_escape_with_a_note_asks_and_stay_keeps_everything(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        review.query_one("#review-note", TextArea).focus()
        await pilot.press(*"Metric 3 was weak")
        await pilot.press("escape", "escape")  # out of the note, then leave
        await settle(pilot)
        assert isinstance(app.screen, LeaveReviewScreen)
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert labels == ["Save review [s]", "Discard [d]", "Stay [esc]"]
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen is review
        assert review.query_one("#review-note", TextArea).text == "Metric 3 was weak"
        # Staying is not saving: the dialog comes back, and discard throws the note away.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LeaveReviewScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        assert reviews_of(app) == ()


async def test_a_blank_note_is_nothing_entered(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        review.query_one("#review-note", TextArea).focus()
        await pilot.press("space", "enter", "space")
        await pilot.press("escape", "escape")  # out of the note, then leave
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)


async def test_escape_with_a_score_and_save_stores_and_leaves(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        boxes = list(review.query(Checkbox))
        boxes[1].focus()
        await pilot.press("enter")
        await pilot.press("4")
        review.query_one("#review-note", TextArea).focus()
        await pilot.press(*"Good framing")
        await pilot.press("escape", "escape")  # out of the note, then leave
        await settle(pilot)
        assert isinstance(app.screen, LeaveReviewScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        (saved,) = reviews_of(app)
        assert (saved.score, saved.notes) == (4, "Good framing")
        assert list(saved.checks.values()) == [False, True, False, False, False]
        assert "demo-case" in store_of(app).schedule_states()


async def test_a_changed_tick_asks_and_save_without_score_says_so_and_stays(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        review.query(Checkbox).first().focus()
        await pilot.press("enter")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LeaveReviewScreen)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is review
        assert any("Give an overall score first" in note for note in notes_of(app))
        assert reviews_of(app) == ()
        # With a score, the next save (ctrl+s now) stores it and leaves as before.
        await pilot.press("3", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        assert [r.score for r in reviews_of(app)] == [3]


async def test_a_tick_changed_back_is_nothing_entered(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        review.query(Checkbox).first().focus()
        await pilot.press("enter", "enter")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)


async def test_blind_review_saved_from_the_dialog_leaves(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        attempt, _blind = await open_blind_review(pilot, clock)
        await pilot.press("2", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LeaveReviewScreen)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is attempt
        assert [(r.score, r.blind) for r in reviews_of(app)] == [(5, False), (2, True)]


async def test_after_a_blind_save_escape_leaves_at_once(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        attempt, blind = await open_blind_review(pilot, clock)
        await pilot.press("4", "ctrl+s")
        await settle(pilot)
        assert app.screen is blind  # it stays to show the calibration
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is attempt
        assert [(r.score, r.blind) for r in reviews_of(app)] == [(5, False), (4, True)]


async def test_ctrl_q_with_a_score_entered_asks_and_save_stores_then_quits(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_demo_answer(pilot, clock)
        await pilot.press("4", "f1")  # a score, then help on top of the review
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, LeaveReviewScreen), "ctrl+q quit without asking"
        await pilot.press("s")
        await settle(pilot)
        assert [r.score for r in reviews_of(app)] == [4]
    assert app.return_code == 0


async def test_ctrl_q_discard_quits_without_storing_and_stay_stays(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        await pilot.press("3", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, LeaveReviewScreen), "ctrl+q quit without asking"
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen is review and review.score == 3
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert reviews_of(app) == ()
    assert app.return_code == 0


async def test_ctrl_q_with_nothing_entered_quits_at_once(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_demo_answer(pilot, clock)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not isinstance(app.screen, LeaveReviewScreen)
    assert app.return_code == 0
