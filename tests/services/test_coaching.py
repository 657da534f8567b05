"""A coach's use cases and a person's calibration (issue 17), without a terminal, on
SQLite (a coach is a store opened with person="coach-cora", as the store tests do) and on
PostgreSQL as a real coach role."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress
from tui.services import coaching
from tui.store import Store
from tui.store.cohort import add_member, init_cohort


def submitted_and_reviewed(store: Store, text: str, score: int, *, days: int = 0) -> int:
    at = T0 + timedelta(days=days)
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 600, now=at)
    store.submit(attempt_id, AnswerProgress(drafts(text), 60), now=at + timedelta(minutes=5))
    store.save_review(attempt_id, {"Clarified the goal?": True}, score, "mine", now=at)
    return attempt_id


def person_and_coach(pg_url: str, postgres_server: Any) -> tuple[str, str, str, str]:
    """A cohort database with person ana and coach cora (names made unique: roles belong
    to the whole server): their role names and the URLs they connect with."""
    init_cohort(pg_url)
    tag = uuid.uuid4().hex[:8]
    ana, cora = f"ana_{tag}", f"cora_{tag}"
    add_member(pg_url, ana, "person")
    add_member(pg_url, cora, "coach")
    database = pg_url.rsplit("/", 1)[1]
    return ana, cora, postgres_server.url(ana, database), postgres_server.url(cora, database)


def test_a_single_person_on_sqlite_is_never_a_coach(store: Store) -> None:
    assert coaching.is_coach(store) is False


def test_a_coach_reads_a_persons_attempts_reviews_them_and_sees_the_cohort(db_url: str) -> None:
    with Store.open(db_url, person="ana") as ana, Store.open(db_url, person="coach-cora") as cora:
        first = submitted_and_reviewed(ana, "families first", 4)
        second = submitted_and_reviewed(ana, "teams first", 2, days=8)
        listed = coaching.load_person_attempts(cora, "ana")
        assert [a.id for a in listed] == [second, first]
        detail = coaching.load_person_attempt(cora, first, "ana")
        assert detail.steps[0].text == "families first"

        coaching.save_coach_review(cora, first, {"Clarified the goal?": False}, 3, "vague", T0)
        [member] = coaching.load_cohort(cora, now=T0 + timedelta(days=9))
        assert (member.person, member.submitted, member.paired) == ("ana", 2, 1)
        assert (member.self_score, member.coach_score) == (4, 3)
        assert len(member.weeks) == coaching.COHORT_WEEKS
        assert sum(n for _, n in member.weeks) == 2

        # Stored apart: ana's own review is untouched, the coach's sits beside it.
        mine = coaching.load_person_attempt(ana, first, "ana")
        assert mine.review is not None and mine.review.score == 4
        [coach] = mine.coach_reviews
        assert (coach.coach, coach.score, coach.notes) == ("coach-cora", 3, "vague")

        calibration = coaching.load_calibration(ana)
        assert [(p.self_score, p.coach_score, p.gap) for p in calibration.points] == [(4, 3, 1)]
        assert calibration.average_gap == 1
        assert coaching.load_calibration(cora).points == ()


def test_no_coach_review_no_calibration(store: Store) -> None:
    submitted_and_reviewed(store, "alone", 5)
    calibration = coaching.load_calibration(store)
    assert calibration.points == () and calibration.average_gap is None


def test_signed_gaps_read_which_way_the_person_leans() -> None:
    assert [coaching.signed(v) for v in (1, 0, -0.5, 0.25, -2)] == ["+1", "0", "-0.5", "+0.2", "-2"]


def test_a_coach_role_on_postgres_is_a_coach_and_a_person_is_not(
    pg_url: str, postgres_server: Any
) -> None:
    ana, _cora, ana_url, cora_url = person_and_coach(pg_url, postgres_server)
    with Store.open(ana_url) as person:
        assert coaching.is_coach(person) is False
        attempt_id = submitted_and_reviewed(person, "families first", 4)
    with Store.open(cora_url) as coach:
        assert coaching.is_coach(coach) is True
        assert [a.id for a in coaching.load_person_attempts(coach, ana)] == [attempt_id]
        coaching.save_coach_review(coach, attempt_id, {}, 2, "", T0)
        assert [m.person for m in coaching.load_cohort(coach, now=T0)] == [ana]
    with Store.open(ana_url) as person:
        assert [p.gap for p in coaching.load_calibration(person).points] == [2]
    with Store.open(pg_url) as owner:  # the server's owner: not in the coach group
        assert coaching.is_coach(owner) is False
