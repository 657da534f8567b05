"""A saved review can be seen again and edited: the attempt screen shows it (rubric answers,
score, note, date, blind re-reviews, follow-up replies); r opens it filled in and saving
edits it in place, counted once by the schedule; blind re-reviews still start empty."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from screens.attempt import AttemptScreen
from screens.pushback import PushbackScreen
from screens.review import ReviewScreen, calibration_sentence
from screens.widgets.markdown import SafeMarkdown
from screens.widgets.rubric import RubricCheck
from tests.conftest import APP_CONTENT, FROZEN_NOW, FakeClock
from tests.pilot_helpers import settle, store_of, submit_answer, type_burst
from tests.screens.test_review import submit_demo_answer
from tests.screens.test_review_leave import notes_of
from tui.core.records import HistoryQuery
from tui.core.scheduling import review_prompt

NARROW = "Did you narrow the problem"


def attempt_text(screen: AttemptScreen) -> str:
    return screen.query_one("#attempt-text", SafeMarkdown).source


async def review_with_pushback(pilot: Pilot[Any], clock: FakeClock) -> int:
    """Submit; tick checks 1, 2 and 5; score 4; write a note; answer both follow-ups
    (leaving before the coach's questions); ctrl+s. Returns the attempt's id."""
    review = await submit_demo_answer(pilot, clock)
    boxes = list(review.query(RubricCheck))
    boxes[0].focus()
    await pilot.press("enter", "tab", "space")
    boxes[4].focus()
    await pilot.press("space")
    await pilot.press("4")
    review.query_one("#review-note", TextArea).focus()
    await type_burst(pilot, "Metric was weak")
    boxes[0].focus()  # out of the note, where p is a letter
    await pilot.press("p")
    await settle(pilot)
    await type_burst(pilot, "Kids are not the pain")
    clock.advance(30)
    await pilot.press("ctrl+n")
    await type_burst(pilot, "Not yet")
    clock.advance(10)
    await pilot.press("ctrl+n")
    await pilot.press("escape")  # the coach's questions follow the prompt's two: not now
    await settle(pilot)
    assert pilot.app.screen is review
    await submit_answer(pilot)
    await settle(pilot)
    assert any(note == "Saved." for note in notes_of(pilot.app))
    return int(store_of(pilot.app).attempts(HistoryQuery())[0].id)


async def open_attempt(pilot: Pilot[Any], attempt_id: int) -> AttemptScreen:
    screen = AttemptScreen(attempt_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_the_attempt_screen_shows_its_review_and_the_replies(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        attempt_id = await review_with_pushback(pilot, clock)
        text = attempt_text(await open_attempt(pilot, attempt_id))
        assert " · Demo Track · case · " in text  # the track's name, not its id
        assert f"## Review · score 4/5 · {FROZEN_NOW:%Y-%m-%d}" in text
        answers = [line for line in text.splitlines() if line.startswith("- **")]
        assert [line.split("**")[1] for line in answers] == ["yes", "yes", "no", "no", "yes"]
        assert NARROW in answers[0]
        assert "> Metric was weak" in text
        assert "## Follow-up replies" in text
        assert "> Kids are not the pain" in text and "> Not yet" in text
        assert "0:30" in text


async def test_r_opens_the_review_filled_in_and_saving_edits_it(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        attempt_id = await review_with_pushback(pilot, clock)
        attempt = await open_attempt(pilot, attempt_id)
        await pilot.press("r")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and not review.blind
        assert [box.value for box in review.query(RubricCheck)] == [True, True, False, False, True]
        assert review.score == 4
        assert str(review.query_one("#review-score", Static).content) == "Score: 4/5"
        assert review.query_one("#review-note", TextArea).text == "Metric was weak"
        # Nothing changed yet: leaving asks nothing.
        assert not review.has_unsaved_input()
        # Change the score, untick the last check, add to the note; save a day later.
        clock.advance(86400)
        list(review.query(RubricCheck))[4].focus()
        await pilot.press("space", "2")
        note = review.query_one("#review-note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)
        await pilot.press(*"; and the options")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is attempt
        store = store_of(app)
        detail = store.attempt(attempt_id)
        assert [(r.score, r.blind) for r in detail.reviews] == [(2, False)]  # edited, not added
        edited = detail.review
        assert edited is not None
        assert edited.notes == "Metric was weak; and the options"
        assert list(edited.checks.values()) == [True, True, False, False, False]
        assert detail.summary.score == 2
        # The schedule counts the review once, with its new score, at its own time.
        assert store.schedule_states()["demo-case"][0] == review_prompt(None, 2, FROZEN_NOW)[0]
        assert "score 2/5" in attempt_text(attempt)
        assert "> Metric was weak; and the options" in attempt_text(attempt)


async def test_leaving_an_unchanged_edit_leaves_at_once(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        attempt_id = await review_with_pushback(pilot, clock)
        attempt = await open_attempt(pilot, attempt_id)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is attempt


async def test_blind_re_review_starts_empty_and_says_the_difference_plainly(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        attempt_id = await review_with_pushback(pilot, clock)
        attempt = await open_attempt(pilot, attempt_id)
        schedule = store_of(app).schedule_states()
        await pilot.press("b")
        await settle(pilot)
        blind = app.screen
        assert isinstance(blind, ReviewScreen) and blind.blind
        assert [box.value for box in blind.query(RubricCheck)] == [False] * 5
        assert str(blind.query_one("#review-score", Static).content) == "Score: press 1-5"
        assert blind.query_one("#review-note", TextArea).text == ""
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        assert app.screen is blind
        said = str(blind.query_one("#review-score", Static).content)
        assert said.startswith("Saved. Your first score (4/5) was 2 points higher than this")
        assert "generous" in said and "Escape goes back." in said
        assert "+2" not in said
        # Saved: scoring and saving are gone from the footer, pressing them does nothing.
        assert "ctrl+s" not in blind.active_bindings and "1" not in blind.active_bindings
        await pilot.press("5")
        assert blind.score == 2
        assert store_of(app).schedule_states() == schedule
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is attempt
        text = attempt_text(attempt)
        assert "## Blind re-reviews (calibration)" in text
        assert "**2/5**" in text and "2 points higher than the blind one" in text


def test_calibration_sentence_words() -> None:
    assert (
        calibration_sentence(3, 3)
        == "Your first score (3/5) is the same as this blind one (calibrated)."
    )
    assert calibration_sentence(2, 3) == (
        "Your first score (2/5) was 1 point lower than this blind one (3/5): harsh."
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_rubric_questions_wrap_and_show_their_state_in_text(
    size: tuple[int, int], make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        review = await submit_demo_answer(pilot, clock)
        side = review.query_one("#review-side")
        boxes = list(review.query(RubricCheck))
        boxes[0].focus()
        await pilot.press("space")
        await settle(pilot)
        for box in boxes:
            assert box.region.right <= side.region.right
            shown = " ".join(box.render().plain.split())
            assert shown.endswith(" ".join(str(box.label).split())), shown
            assert shown.startswith("[x] " if box.value else "[ ] ")
        assert boxes[0].region.height > 1  # the long first question wraps


async def test_a_prompt_without_follow_ups_still_gets_the_coachs_questions(
    make_app: Any, clock: FakeClock, tmp_path: Path
) -> None:
    """Issue 16: pushback asks about what this answer lacks, saying where each came from."""
    content = tmp_path / "content"
    shutil.copytree(APP_CONTENT, content)
    case = content / "tracks" / "demo" / "demo-case.md"
    case.write_text(case.read_text().split("## Follow-ups")[0])
    app = make_app(content=[content])
    async with app.run_test(size=(120, 36)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        assert "p" in review.active_bindings
        await pilot.press("p")
        await settle(pilot)
        pushback = app.screen
        assert isinstance(pushback, PushbackScreen)
        asked = str(pushback.query_one("#pushback-question", Static).content)
        assert asked == (
            "Follow-up 1 of 2 (coach, from: no trade-off or cost named): "
            "What did this choice cost you, and why was it worth it?"
        )
        await pilot.press(*"Slower rows for adults")
        await pilot.press("ctrl+n")
        asked = str(pushback.query_one("#pushback-question", Static).content)
        assert "(coach, from: Name the key constraint left empty)" in asked
        await pilot.press("escape")
        await settle(pilot)
        detail = store_of(app).attempt(review.attempt_id)
        assert [f.question for f in detail.followups] == [
            "What did this choice cost you, and why was it worth it? "
            "(from: no trade-off or cost named)"
        ]


async def test_pushback_is_offered_for_a_prompt_with_follow_ups(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        review = await submit_demo_answer(pilot, clock)
        assert "p" in review.active_bindings
