"""A coach's use cases (issue 17): whether the connected person coaches, the cohort, a
person's attempts read-only, a coach review; and the person's calibration against their
coach (self score beside coach score over time).

Not tui.services.cohort, which is the `caseroom cohort` command that sets a server up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean
from typing import TYPE_CHECKING

from tui.core.records import AttemptDetail, AttemptSummary, CohortMember, HistoryQuery

if TYPE_CHECKING:
    from tui.store import Store

#: Attempts of one person listed for their coach (the newest).
PERSON_ATTEMPTS_LIMIT = 500

#: Weeks of attempts counted per person in the cohort view.
COHORT_WEEKS = 4


def is_coach(store: Store) -> bool:
    """Whether the connected person is a coach (the server says: a member of the coach
    group). A single person on SQLite never is."""
    return store.is_coach()


def load_cohort(store: Store, now: datetime | None = None) -> list[CohortMember]:
    """Everyone the coach can see, by name, with attempts per week and average self score
    against coach score."""
    return store.cohort(now=now, weeks=COHORT_WEEKS)


def load_person_attempts(store: Store, person: str) -> list[AttemptSummary]:
    """`person`'s submitted attempts, newest first (read by their coach)."""
    return store.attempts(HistoryQuery(limit=PERSON_ATTEMPTS_LIMIT), person=person)


def load_person_attempt(store: Store, attempt_id: int, person: str) -> AttemptDetail:
    """Everything about one of `person`'s attempts, for their coach to read and review."""
    return store.attempt(attempt_id, person=person)


def save_coach_review(
    store: Store,
    attempt_id: int,
    checks: Mapping[str, bool],
    score: int,
    notes: str,
    now: datetime | None = None,
) -> int:
    """Store the coach's review of an attempt, apart from the person's own review."""
    return store.save_coach_review(attempt_id, checks, score, notes, now=now)


@dataclass(frozen=True)
class CalibrationPoint:
    """One attempt scored by its person and by a coach."""

    submitted_at: datetime
    self_score: int
    coach_score: int

    @property
    def gap(self) -> int:
        """Self minus coach: positive when the person scored themselves higher."""
        return self.self_score - self.coach_score


@dataclass(frozen=True)
class Calibration:
    """The gap between self and coach scores over time, oldest first."""

    points: tuple[CalibrationPoint, ...]

    @property
    def average_gap(self) -> float | None:
        return fmean(p.gap for p in self.points) if self.points else None


def load_calibration(store: Store) -> Calibration:
    """My submitted attempts that have both my score and a coach's (the latest)."""
    return Calibration(
        tuple(CalibrationPoint(at, mine, coach) for at, mine, coach in store.calibration())
    )


def signed(value: float) -> str:
    """A gap as "+1", "0", "-0.5": which way the person leans."""
    text = f"{value:+.1f}".replace(".0", "")
    return "0" if text in ("+0", "-0") else text
