"""The coach's screens and the person's view of a coach (issue 17): the attempt screen
shows a coach review saved by another person, the stats show the gap between self and
coach scores, and a coach opens the cohort, a person's attempts and the coach review form
(SQLite: a coach review written by a store opened as "coach-cora"; PostgreSQL: a real
coach role under row-level security)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.widgets import DataTable, Static, TextArea

from screens.attempt import AttemptScreen
from screens.coach_review import CoachReviewScreen
from screens.cohort import CohortScreen, PersonAttemptsScreen
from screens.help import screen_keys
from screens.tracks import TracksScreen
from tests.pilot_helpers import palette_lists, settle, store_of, type_burst
from tests.services.test_coaching import person_and_coach
from tests.store.test_store import T0, drafts
from tui.app import CaseroomApp
from tui.core.records import AnswerProgress
from tui.store import Store


def demo_attempt(app: CaseroomApp, store: Store, text: str, score: int | None) -> int:
    """A submitted attempt of the library's demo case (self-reviewed when `score`)."""
    prompt = next(p for p in app.library.prompts.values() if "busy" in p.title.lower())
    scaffold = app.library.scaffolds[prompt.scaffold]
    attempt_id = store.start_attempt(prompt, scaffold, 600, now=T0)
    store.submit(attempt_id, AnswerProgress(drafts(text), 60), now=T0 + timedelta(minutes=5))
    if score is not None:
        store.save_review(attempt_id, {scaffold.rubric[0]: True}, score, "mine", now=T0)
    return attempt_id


async def test_the_person_sees_their_coachs_review_and_the_gap(make_app: Any, db_url: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        attempt_id = demo_attempt(app, store_of(app), "We narrow to weeknight TV.", 4)
        with Store.open(db_url, person="coach-cora") as cora:
            cora.save_coach_review(attempt_id, {"Segment?": False}, 3, "Say who first.", now=T0)
        await app.push_screen(AttemptScreen(attempt_id))
        await settle(pilot)
        text = app.screen.query_one("#attempt-text").source
        assert "## Review · score 4/5" in text
        assert "Coach review · coach-cora · score 3/5 · 2026-03-01 · yours 4/5" in text
        assert "Say who first." in text and "**no** · Segment?" in text

        from screens.stats import StatsScreen

        await app.push_screen(StatsScreen())
        await settle(pilot)
        box = app.screen.query_one("#stats-calibration-box")
        assert box.display
        lines = str(app.screen.query_one("#stats-calibration", Static).content).splitlines()
        assert lines == [
            "Average gap +1 over 1 attempt (self minus coach)",
            "2026-03-01 · self 4 · coach 3 · gap +1",
        ]


async def test_stats_without_a_coach_show_no_calibration(make_app: Any) -> None:
    from screens.stats import StatsScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        demo_attempt(app, store_of(app), "alone", 4)
        await app.push_screen(StatsScreen())
        await settle(pilot)
        assert not app.screen.query_one("#stats-calibration-box").display


async def test_sqlite_has_no_coach_key_and_the_cohort_screen_reviews_apart(
    make_app: Any, db_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.is_coach is False
        await pilot.press("c")  # hidden on SQLite: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, TracksScreen)
        assert "Cohort" not in screen_keys(app.screen) and "Stats" in screen_keys(app.screen)
        with Store.open(db_url, person="ana") as ana:
            attempt_id = demo_attempt(app, ana, "Parents on the living-room TV", 5)
        # The screen itself works on SQLite (everyone in the file), opened directly.
        await app.push_screen(CohortScreen())
        await settle(pilot)
        table = app.screen.query_one("#cohort-table", DataTable)
        assert [str(c) for c in table.get_row_at(0)][:2] == ["ana", "1"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonAttemptsScreen)
        assert [r.id for r in app.screen.rows] == [attempt_id]
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CoachReviewScreen)
        assert "Parents on the living-room TV" in form.query_one("#coach-attempt-text").source
        assert form.checks()  # the scaffold's rubric
        await pilot.press("2")
        form.query_one("#review-note").focus()
        await type_burst(pilot, "Name the segment.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonAttemptsScreen)
        with Store.open(db_url, person="ana") as ana:
            detail = ana.attempt(attempt_id)
        assert detail.review is not None and detail.review.score == 5  # hers, untouched
        [coach] = detail.coach_reviews
        assert (coach.coach, coach.score, coach.notes) == ("me", 2, "Name the segment.")


async def test_a_coach_role_on_postgres_reviews_and_the_person_sees_it(
    make_app: Any, pg_url: str, postgres_server: Any
) -> None:
    ana, cora, ana_url, cora_url = person_and_coach(pg_url, postgres_server)
    person_app = make_app(url=ana_url)
    async with person_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert person_app.is_coach is False
        attempt_id = demo_attempt(person_app, store_of(person_app), "weeknight TV", 4)
    coach_app = make_app(url=cora_url)
    async with coach_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert coach_app.is_coach is True
        assert "Cohort" in screen_keys(coach_app.screen)
        await pilot.press("ctrl+p")
        await type_burst(pilot, "Go: cohort")
        await palette_lists(pilot, "Go: cohort")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(coach_app.screen, CohortScreen)
        await pilot.press("escape")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(coach_app.screen, CohortScreen)
        assert [m.person for m in coach_app.screen.members] == [ana]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(coach_app.screen, CoachReviewScreen)
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        assert isinstance(coach_app.screen, PersonAttemptsScreen)
    again = make_app(url=ana_url)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await again.push_screen(AttemptScreen(attempt_id))
        await settle(pilot)
        text = again.screen.query_one("#attempt-text").source
        assert f"Coach review · {cora} · score 2/5" in text


async def test_the_coach_form_opens_on_the_first_check_and_escape_leaves_its_note(
    make_app: Any, db_url: str
) -> None:
    """The coach's form keeps the person's review keys (issue 13): it opens with the first
    rubric check focused, a score key typed in the note is text, and escape leaves the note
    for the rubric, where the score keys score."""
    from textual.widgets import Checkbox

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        with Store.open(db_url, person="ana") as ana:
            attempt_id = demo_attempt(app, ana, "We narrow to weeknight TV.", None)
        await app.push_screen(CoachReviewScreen(attempt_id, "ana"))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CoachReviewScreen)
        assert isinstance(app.focused, Checkbox)
        assert app.focused is form.query(Checkbox).first()
        form.query_one("#review-note").focus()
        await pilot.press("5")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form  # escape left the note, not the form
        assert isinstance(app.focused, Checkbox)
        await pilot.press("3")
        assert form.score == 3
        assert form.query_one("#review-note", TextArea).text == "5"
        assert "Score: 3/5" in str(form.query_one("#review-score", Static).content)
