"""The review flow driven by keys: submit, review, save; blind re-review; pushback."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Static, TextArea

from screens.attempt import AttemptScreen
from screens.prompts import PromptsScreen
from screens.pushback import PushbackScreen
from screens.review import ReviewScreen, insight_lines, reference_markdown
from tests.conftest import FROZEN_NOW, FakeClock
from tests.pilot_helpers import settle, store_of, submit_answer, type_burst
from tests.screens.test_app_loop import open_demo_case
from tui.core.insights import Insight
from tui.core.model import Prompt
from tui.core.records import HistoryQuery


async def submit_demo_answer(pilot: Pilot[Any], clock: FakeClock) -> ReviewScreen:
    """Answer two steps of the demo case and submit: the review screen opens."""
    await open_demo_case(pilot)
    await type_burst(pilot, "We narrow to weeknight TV.")
    clock.advance(40)
    await pilot.press("ctrl+n")
    await type_burst(pilot, "Parents on the living-room TV")
    await submit_answer(pilot)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_submit_review_save_stores_review_and_schedule(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        boxes = list(review.query(Checkbox))
        assert len(boxes) == 5
        assert str(boxes[0].label).startswith("Did you narrow the problem")
        insights = str(review.query_one("#review-insights", Static).content)
        assert "Length" in insights or "words" in insights
        # Keyboard only: focus the first check, tick it, tab to the second, tick it.
        boxes[0].focus()
        await pilot.press("enter")
        await pilot.press("tab", "space")
        assert [b.value for b in boxes] == [True, True, False, False, False]
        await pilot.press("4")
        assert review.score == 4
        review.query_one("#review-note", TextArea).focus()
        await pilot.press(*"Metric 3 was weak")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        store = store_of(app)
        attempt_id = store.attempts(HistoryQuery())[0].id
        detail = store.attempt(attempt_id)
        assert detail.summary.score == 4
        saved = detail.review
        assert saved is not None
        assert saved.notes == "Metric 3 was weak"
        assert list(saved.checks.values()) == [True, True, False, False, False]
        assert not saved.blind
        state, due = store.schedule_states()["demo-case"]
        assert state
        assert due > FROZEN_NOW


async def test_save_without_score_is_refused(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is review
        attempt_id = store_of(app).attempts(HistoryQuery())[0].id
        assert store_of(app).attempt(attempt_id).reviews == ()


async def test_blind_re_review_from_attempt_screen_shows_difference(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_demo_answer(pilot, clock)
        await pilot.press("5", "ctrl+s")
        await settle(pilot)
        attempt_id = store_of(app).attempts(HistoryQuery())[0].id
        schedule_before = store_of(app).schedule_states()
        app.push_screen(AttemptScreen(attempt_id))
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        blind = app.screen
        assert isinstance(blind, ReviewScreen) and blind.blind
        # The first score is not shown anywhere on the blind screen.
        assert "5/5" not in str(blind.query_one("#review-score", Static).content)
        await pilot.press("3", "ctrl+s")
        await settle(pilot)
        assert blind.calibration == 2
        assert "2 points higher" in str(blind.query_one("#review-score", Static).content)
        detail = store_of(app).attempt(attempt_id)
        assert [(r.score, r.blind) for r in detail.reviews] == [(5, False), (3, True)]
        assert detail.summary.score == 5
        assert store_of(app).schedule_states() == schedule_before
        await pilot.press("escape")
        assert isinstance(app.screen, AttemptScreen)


async def test_attempt_screen_r_opens_review(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_demo_answer(pilot, clock)
        await pilot.press("escape")
        attempt_id = store_of(app).attempts(HistoryQuery())[0].id
        app.push_screen(AttemptScreen(attempt_id))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and not app.screen.blind


async def test_pushback_asks_followups_and_stores_replies(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        await pilot.press("p")
        await settle(pilot)
        pushback = app.screen
        assert isinstance(pushback, PushbackScreen)
        assert "kids profile" in str(pushback.query_one("#pushback-question", Static).content)
        await pilot.press(*"Kids are not the pain")
        clock.advance(70)
        pushback.tick()
        assert "over by" in str(pushback.query_one("#pushback-clock", Static).content)
        await pilot.press("ctrl+n")
        assert "Ship?" in str(pushback.query_one("#pushback-question", Static).content)
        clock.advance(20)
        await pilot.press(*"No")
        await pilot.press("ctrl+n")
        # The prompt's own questions come first; then the coach's, from this answer's gaps.
        assert "(coach, from: " in str(pushback.query_one("#pushback-question", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        detail = store_of(app).attempt(review.attempt_id)
        assert [(f.text, f.seconds) for f in detail.followups] == [
            ("Kids are not the pain", 70.0),
            ("No", 20.0),
        ]


def test_reference_and_insight_text_are_plain() -> None:
    prompt = Prompt(
        id="p",
        title="T",
        track="t",
        kind="case",
        scaffold="s",
        minutes=5,
        question="Q",
        outline="1. [bold]x[/bold]",
        followups=("Why?",),
    )
    assert "## Follow-ups" in reference_markdown(prompt)
    line = insight_lines([Insight("k", "Title [b]", "3", "why [red]", "warn")])
    assert line.plain == "! Title [b]: 3 — why [red]"


async def test_attempt_screen_shows_the_score_after_a_review(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await submit_demo_answer(pilot, clock)
        await pilot.press("escape")
        attempt_id = store_of(app).attempts(HistoryQuery())[0].id
        attempt = AttemptScreen(attempt_id)
        app.push_screen(attempt)
        await settle(pilot)
        assert attempt.detail is not None and attempt.detail.summary.score is None
        await pilot.press("r", "2", "ctrl+s")
        await settle(pilot)
        assert app.screen is attempt
        assert attempt.detail.summary.score == 2


async def test_review_opens_on_the_first_check_and_score_keys_work_off_the_note(
    make_app: Any, clock: FakeClock
) -> None:
    """Issue 13: focus starts on the first check with the rubric in view; a score key
    works from the checks; in the note it is typed, and escape leaves the note."""
    from textual.widgets import Checkbox, TextArea

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        await pilot.pause()
        first = review.query(Checkbox).first()
        assert review.focused is first
        assert first.region.y < 24 and first.region.height > 0  # on screen
        await pilot.press("space", "5")
        assert first.value and review.score == 5
        note = review.query_one("#review-note", TextArea)
        note.focus()
        await pilot.pause()
        assert any(b.binding.description == "Leave note" for b in review.active_bindings.values())
        await pilot.press("3")
        assert note.text == "3" and review.score == 5
        await pilot.press("escape")
        await pilot.pause()
        assert review.focused is first and app.screen is review
        await pilot.press("4")
        assert review.score == 4
