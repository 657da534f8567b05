"""Numbers for the progress view: pure functions over history records.

Only submitted attempts count anywhere here: a draft or an abandoned attempt is not
practice the person finished. Every function sorts its output so charts never depend on
the order the store returned rows in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from tui.core.records import AttemptSummary

SCORE_MIN = 1
SCORE_MAX = 5


def _submitted(attempts: Iterable[AttemptSummary]) -> list[AttemptSummary]:
    return [a for a in attempts if a.status == "submitted"]


def _when(attempt: AttemptSummary) -> datetime:
    # A submitted attempt should have submitted_at; older rows may not, and the last
    # update is then the closest thing to a submission time.
    return attempt.submitted_at or attempt.updated_at


def _local_day(moment: datetime, now: datetime) -> date:
    # Weeks are counted in the clock of `now` (the person's local time), so an attempt at
    # 23:30 local does not slip into the next day because it was stored in UTC.
    if moment.tzinfo is not None and now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    return moment.date()


def week_start(day: date) -> date:
    """The Monday of the week that contains `day`."""
    return day - timedelta(days=day.weekday())


def attempts_per_week(
    attempts: Iterable[AttemptSummary], now: datetime, weeks: int = 12
) -> list[tuple[date, int]]:
    """Submitted attempts per week for the last `weeks` weeks, oldest first.

    Each entry is (Monday of the week, count); the last entry is the week containing
    `now`, and weeks with no attempts are present with 0. Attempts are placed by their
    submission time, converted to `now`'s time zone when both are aware. Attempts outside
    the window (older, or after `now`'s week) are left out.
    """
    if weeks <= 0:
        return []
    this_week = week_start(now.date())
    mondays = [this_week - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    counts = Counter(week_start(_local_day(_when(a), now)) for a in _submitted(attempts))
    return [(monday, counts.get(monday, 0)) for monday in mondays]


def score_trend(
    attempts: Iterable[AttemptSummary], track_id: str | None
) -> list[tuple[datetime, int]]:
    """(submission time, score) of every scored, submitted attempt of `track_id`, oldest
    first. `track_id=None` takes every track."""
    scored = [
        (_when(a), a.id, a.score)
        for a in _submitted(attempts)
        if a.score is not None and (track_id is None or a.track_id == track_id)
    ]
    scored.sort()  # by time; the attempt id breaks ties
    return [(when, score) for when, _id, score in scored]


def time_vs_limit(attempts: Iterable[AttemptSummary]) -> list[tuple[datetime, float]]:
    """(submission time, elapsed / time limit) for submitted attempts, oldest first.

    1.0 is exactly on time, above 1.0 is overtime (1.25 = a quarter over). Attempts without
    a time limit (0) have no ratio and are left out.
    """
    timed = [a for a in _submitted(attempts) if a.time_limit_s > 0]
    timed.sort(key=lambda a: (_when(a), a.id))
    return [(_when(a), a.elapsed_s / a.time_limit_s) for a in timed]


def most_missed_checks(
    reviews: Iterable[Mapping[str, bool]], top: int = 5
) -> list[tuple[str, int, int]]:
    """The rubric questions answered "no" most often: (question, times missed, times asked).

    Each review is a mapping question → answered yes. Questions never missed are left
    out. Ordered by times missed, then by miss rate (missed / asked), then alphabetically;
    at most `top` entries.
    """
    missed: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for checks in reviews:
        for question, passed in checks.items():
            asked[question] += 1
            if not passed:
                missed[question] += 1
    ranked = sorted(missed, key=lambda q: (-missed[q], -missed[q] / asked[q], q))
    return [(q, missed[q], asked[q]) for q in ranked[: max(0, top)]]


def current_streak(attempt_days: Iterable[date], today: date) -> int:
    """Consecutive days with at least one submitted attempt, counted back from today.

    A streak is still alive until today ends: if there is no attempt today yet, the count
    starts from yesterday instead (so the morning after a practice day does not show 0).
    No attempt today or yesterday means 0. Days after `today` are ignored.
    """
    days = set(attempt_days)
    if today in days:
        day = today
    elif today - timedelta(days=1) in days:
        day = today - timedelta(days=1)
    else:
        return 0
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


#: One bar a score, 1 (lowest) to 5 (highest).
SPARK_BARS = "▁▂▄▆█"


def sparkline(scores: Iterable[int]) -> str:
    """Scores 1-5 as a row of bars, one a score, in the order given ("" for none); a score
    outside 1-5 is drawn at the nearest end."""
    top = len(SPARK_BARS) - 1
    return "".join(SPARK_BARS[min(top, max(0, score - SCORE_MIN))] for score in scores)


def calibration_delta(first_score: int, blind_score: int) -> int:
    """How far the first self-review was from a later blind re-score of the same attempt.

    `first_score - blind_score`: positive means the first review was generous (the person
    rated themselves higher than they did without seeing the first score), negative means
    harsh, 0 means calibrated. Scores outside 1-5 raise ValueError.
    """
    for name, score in (("first_score", first_score), ("blind_score", blind_score)):
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValueError(f"{name} must be {SCORE_MIN} to {SCORE_MAX}, not {score!r}")
    return first_score - blind_score
