"""What a coach writes and sees, and what a person plans: coach reviews, the cohort view,
the interview plan, and the attempts that told one story (issues 15, 16, 17).

A coach review is stored apart from the person's own review (table coach_review): the
person's score stays theirs, and the gap between the two is calibration. On PostgreSQL the
server decides who may do what (tui.store.cohort): a coach reads everyone's rows and
writes only coach reviews; a person reads the coach reviews of their own attempts.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from statistics import fmean

from sqlalchemy import Connection, delete, func, insert, select, text, update

from tui.core.records import AttemptSummary, CoachReviewRecord, CohortMember, InterviewPlan
from tui.store.attempts import coach_reviews_of, summary, summary_select
from tui.store.engine import StoreBase
from tui.store.errors import NotFoundError
from tui.store.schema import attempt, coach_review, interview_plan
from tui.store.values import aware, db_time


class Coaching(StoreBase):
    """Coach reviews, the cohort, the interview plan, attempts by story."""

    # -- a coach's side --------------------------------------------------------------------

    def is_coach(self) -> bool:
        """Whether this store's person coaches: on PostgreSQL, a member of the cohort's
        coach group (tui.store.cohort); on SQLite, never (one person, no coach)."""
        if self._is_sqlite:
            return False
        from tui.store.cohort import COACH_GROUP

        with self._read() as conn:
            return bool(
                conn.execute(
                    text(
                        # Granted the group itself (as `cohort add-coach` does): a
                        # superuser "has" every role but is the server's owner, no coach.
                        "SELECT EXISTS (SELECT 1 FROM pg_auth_members m"
                        " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                        " WHERE g.rolname = :group AND u.rolname = current_user)"
                    ),
                    {"group": COACH_GROUP},
                ).scalar()
            )

    def save_coach_review(
        self,
        attempt_id: int,
        checks: Mapping[str, bool],
        score: int,
        notes: str,
        *,
        now: datetime | None = None,
    ) -> int:
        """Store a coach review (this store's person is the coach) of anyone's attempt;
        its row id. Each call adds a row: a coach's second look is kept, not overwritten."""
        if not 1 <= int(score) <= 5:
            raise ValueError(f"score must be 1-5, got {score}")
        with self._write() as conn:
            owner = conn.execute(
                select(attempt.c.person).where(attempt.c.id == attempt_id)
            ).scalar()
            if owner is None:
                raise NotFoundError(f"There is no attempt number {attempt_id} in {self._where}.")
            pk = conn.execute(
                insert(coach_review).values(
                    person=owner,
                    attempt_id=attempt_id,
                    coach=self.person,
                    checks=json.dumps({str(q): bool(v) for q, v in checks.items()}),
                    score=int(score),
                    notes=notes,
                    created_at=db_time(now),
                )
            ).inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def coach_reviews(self, attempt_id: int) -> list[CoachReviewRecord]:
        """The coach reviews of one attempt, oldest first (the person sees them beside
        their own review; a coach sees them all)."""
        with self._read() as conn:
            return list(coach_reviews_of(conn, attempt_id))

    def cohort(self, *, now: datetime | None = None, weeks: int = 8) -> list[CohortMember]:
        """Everyone whose attempts this store can see (a coach sees the whole cohort; on
        SQLite, everyone in the file), by name: submitted attempts per week for the last
        `weeks` weeks, and average self score against coach score on the attempts having
        both (the latest coach review of each)."""
        first_week = _monday((db_time(now) - timedelta(weeks=max(1, weeks) - 1)).date())
        with self._read() as conn:
            rows = [
                summary(row)
                for row in conn.execute(summary_select().where(attempt.c.status == "submitted"))
            ]
            coach_scores = _latest_coach_scores(conn)
        by_person: dict[str, list[AttemptSummary]] = defaultdict(list)
        for row in rows:
            by_person[row.person].append(row)
        return [
            _member(person, attempts, coach_scores, first_week, weeks)
            for person, attempts in sorted(by_person.items())
        ]

    def calibration(self, *, person: str | None = None) -> list[tuple[datetime, int, int]]:
        """(submitted at, self score, latest coach score) of my (or `person`'s) submitted
        attempts having both, oldest first: the gap between them over time."""
        owner = self.person if person is None else person
        with self._read() as conn:
            rows = [
                summary(row)
                for row in conn.execute(
                    summary_select()
                    .where(attempt.c.person == owner, attempt.c.status == "submitted")
                    .order_by(attempt.c.submitted_at, attempt.c.id)
                )
            ]
            coach_scores = _latest_coach_scores(conn)
        return [
            (row.submitted_at, row.score, coach_scores[row.id])
            for row in rows
            if row.submitted_at is not None and row.score is not None and row.id in coach_scores
        ]

    # -- a person's side -------------------------------------------------------------------

    def set_interview_plan(
        self, track_id: str, interview_date: date, *, now: datetime | None = None
    ) -> None:
        """Set (or change) my interview: which track, which day."""
        values = {
            "track_id": track_id,
            "interview_date": interview_date,
            "updated_at": db_time(now),
        }
        with self._write() as conn:
            changed = conn.execute(
                update(interview_plan)
                .where(interview_plan.c.person == self.person)
                .values(**values)
            ).rowcount
            if not changed:
                conn.execute(insert(interview_plan).values(person=self.person, **values))

    def clear_interview_plan(self) -> None:
        """Forget my interview date (clearing twice is harmless)."""
        with self._write() as conn:
            conn.execute(delete(interview_plan).where(interview_plan.c.person == self.person))

    def interview_plan(self) -> InterviewPlan | None:
        """My interview plan, or None when no date is set."""
        with self._read() as conn:
            row = conn.execute(
                select(interview_plan).where(interview_plan.c.person == self.person)
            ).first()
        if row is None:
            return None
        return InterviewPlan(
            track_id=row.track_id,
            interview_date=row.interview_date,
            updated_at=aware(row.updated_at),
        )

    def attempts_by_story(self, story_id: str) -> list[AttemptSummary]:
        """My submitted attempts that told `story_id`, oldest first (the story bank's
        times told and score trend)."""
        statement = (
            summary_select()
            .where(
                attempt.c.person == self.person,
                attempt.c.story_id == story_id,
                attempt.c.status == "submitted",
            )
            .order_by(attempt.c.submitted_at, attempt.c.id)
        )
        with self._read() as conn:
            return [summary(row) for row in conn.execute(statement)]

    def story_tellings(self) -> list[AttemptSummary]:
        """Every submitted attempt of mine that told a story, oldest first (times told,
        score trends, best score per competency and the drills' answered questions)."""
        statement = (
            summary_select()
            .where(
                attempt.c.person == self.person,
                attempt.c.story_id.is_not(None),
                attempt.c.status == "submitted",
            )
            .order_by(attempt.c.submitted_at, attempt.c.id)
        )
        with self._read() as conn:
            return [summary(row) for row in conn.execute(statement)]

    def story_counts(self) -> dict[str, int]:
        """Submitted attempts per story id (stories never told are absent)."""
        statement = (
            select(attempt.c.story_id, func.count())
            .where(
                attempt.c.person == self.person,
                attempt.c.status == "submitted",
                attempt.c.story_id.is_not(None),
            )
            .group_by(attempt.c.story_id)
        )
        with self._read() as conn:
            return {str(k): int(n) for k, n in conn.execute(statement)}


def _latest_coach_scores(conn: Connection) -> dict[int, int]:
    """attempt id -> the score of its latest coach review (of the attempts visible)."""
    return {
        int(attempt_id): int(score)
        for attempt_id, score in conn.execute(
            select(coach_review.c.attempt_id, coach_review.c.score).order_by(
                coach_review.c.created_at, coach_review.c.id
            )
        )
    }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _member(
    person: str,
    attempts: list[AttemptSummary],
    coach_scores: Mapping[int, int],
    first_week: date,
    weeks: int,
) -> CohortMember:
    counts = Counter(_monday(a.submitted_at.date()) for a in attempts if a.submitted_at is not None)
    pairs = [
        (a.score, coach_scores[a.id])
        for a in attempts
        if a.score is not None and a.id in coach_scores
    ]
    return CohortMember(
        person=person,
        submitted=len(attempts),
        weeks=tuple(
            (first_week + timedelta(weeks=n), counts.get(first_week + timedelta(weeks=n), 0))
            for n in range(max(1, weeks))
        ),
        paired=len(pairs),
        self_score=fmean(s for s, _ in pairs) if pairs else None,
        coach_score=fmean(c for _, c in pairs) if pairs else None,
    )
