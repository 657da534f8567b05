"""Tests for tui.core.stats on fixed history data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tui.core.records import AttemptStatus, AttemptSummary
from tui.core.stats import (
    attempts_per_week,
    calibration_delta,
    current_streak,
    most_missed_checks,
    score_trend,
    time_vs_limit,
    week_start,
)

# Wednesday 12 March 2025, 10:00 UTC.
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)


def attempt(
    id: int,
    submitted: datetime | None,
    *,
    status: AttemptStatus = "submitted",
    track: str = "pm",
    score: int | None = None,
    limit: int = 900,
    elapsed: float = 900.0,
) -> AttemptSummary:
    started = (submitted or NOW) - timedelta(minutes=15)
    return AttemptSummary(
        id=id,
        prompt_id=f"p{id}",
        prompt_title=f"Prompt {id}",
        track_id=track,
        kind="case",
        scaffold_id="six-step",
        status=status,
        started_at=started,
        updated_at=submitted or started,
        submitted_at=submitted,
        time_limit_s=limit,
        elapsed_s=elapsed,
        overtime_s=max(0.0, elapsed - limit),
        score=score,
    )


# ------------------------------------------------------------------ per week


def test_week_start_is_monday() -> None:
    assert week_start(date(2025, 3, 12)) == date(2025, 3, 10)
    assert week_start(date(2025, 3, 10)) == date(2025, 3, 10)
    assert week_start(date(2025, 3, 16)) == date(2025, 3, 10)


def test_attempts_per_week_buckets_oldest_first_with_zero_weeks() -> None:
    attempts = [
        attempt(1, NOW),  # this week
        attempt(2, datetime(2025, 3, 10, 0, 5, tzinfo=UTC)),  # this week, Monday
        attempt(3, datetime(2025, 3, 9, 23, 55, tzinfo=UTC)),  # last week, Sunday
        attempt(4, datetime(2025, 2, 24, 12, tzinfo=UTC)),  # three weeks back
        attempt(5, datetime(2024, 12, 1, tzinfo=UTC)),  # outside the window
        attempt(6, NOW, status="draft"),
        attempt(7, NOW, status="abandoned"),
    ]
    got = attempts_per_week(attempts, NOW, weeks=4)
    assert got == [
        (date(2025, 2, 17), 0),
        (date(2025, 2, 24), 1),
        (date(2025, 3, 3), 1),
        (date(2025, 3, 10), 2),
    ]


def test_attempts_per_week_default_is_twelve_weeks() -> None:
    got = attempts_per_week([], NOW)
    assert len(got) == 12
    assert got[0] == (date(2024, 12, 23), 0)
    assert got[-1] == (date(2025, 3, 10), 0)


def test_attempts_per_week_uses_the_clock_of_now() -> None:
    # Sunday 23:30 in UTC is Monday 00:30 at UTC+1, so it belongs to this week there.
    late = datetime(2025, 3, 9, 23, 30, tzinfo=UTC)
    local_now = NOW.astimezone(timezone(timedelta(hours=1)))
    assert attempts_per_week([attempt(1, late)], local_now, weeks=2) == [
        (date(2025, 3, 3), 0),
        (date(2025, 3, 10), 1),
    ]


def test_attempts_per_week_ignores_future_weeks_and_zero_weeks_window() -> None:
    future = attempt(1, NOW + timedelta(days=7))
    assert attempts_per_week([future], NOW, weeks=2) == [
        (date(2025, 3, 3), 0),
        (date(2025, 3, 10), 0),
    ]
    assert attempts_per_week([future], NOW, weeks=0) == []


def test_attempt_without_submitted_at_falls_back_to_last_update() -> None:
    a = attempt(1, None)
    assert attempts_per_week([a], NOW, weeks=1) == [(date(2025, 3, 10), 1)]


# ------------------------------------------------------------------ score trend


def test_score_trend_is_per_track_scored_submitted_and_sorted() -> None:
    t1 = NOW - timedelta(days=3)
    t2 = NOW - timedelta(days=1)
    attempts = [
        attempt(1, t2, score=4),
        attempt(2, t1, score=2),
        attempt(3, NOW, score=None),  # not reviewed yet
        attempt(4, NOW, score=5, track="el"),
        attempt(5, NOW, score=1, status="draft"),
    ]
    assert score_trend(attempts, "pm") == [(t1, 2), (t2, 4)]
    assert score_trend(attempts, "el") == [(NOW, 5)]
    assert score_trend(attempts, None) == [(t1, 2), (t2, 4), (NOW, 5)]
    assert score_trend(attempts, "nope") == []


# ------------------------------------------------------------------ time vs limit


def test_time_vs_limit_ratios() -> None:
    attempts = [
        attempt(1, NOW, limit=900, elapsed=1125.0),
        attempt(2, NOW - timedelta(days=1), limit=240, elapsed=180.0),
        attempt(3, NOW, limit=0, elapsed=50.0),  # untimed
        attempt(4, NOW, status="abandoned", limit=900, elapsed=10.0),
    ]
    assert time_vs_limit(attempts) == [(NOW - timedelta(days=1), 0.75), (NOW, 1.25)]


# ------------------------------------------------------------------ missed checks


def test_most_missed_checks_counts_missed_and_asked() -> None:
    reviews = [
        {"Segment?": False, "Metric?": False, "Constraint?": True},
        {"Segment?": False, "Metric?": True, "Constraint?": True},
        {"Segment?": True, "Metric?": False},
        {"Trade-off?": False},
    ]
    # Metric? and Segment? tie on count and rate, so they go by name.
    assert most_missed_checks(reviews) == [
        ("Metric?", 2, 3),
        ("Segment?", 2, 3),
        ("Trade-off?", 1, 1),
    ]


def test_most_missed_checks_ties_by_rate_then_name_and_top() -> None:
    reviews = [
        {"b": False, "a": False, "c": False},
        {"b": True, "a": True},
    ]
    # c: 1 of 1 missed beats a and b (1 of 2); a before b by name.
    assert most_missed_checks(reviews) == [("c", 1, 1), ("a", 1, 2), ("b", 1, 2)]
    assert most_missed_checks(reviews, top=2) == [("c", 1, 1), ("a", 1, 2)]
    assert most_missed_checks(reviews, top=0) == []


def test_most_missed_checks_leaves_out_never_missed_and_empty() -> None:
    assert most_missed_checks([{"a": True}, {"a": True}]) == []
    assert most_missed_checks([]) == []


# ------------------------------------------------------------------ streak

TODAY = date(2025, 3, 12)


def test_streak_ending_today() -> None:
    days = [TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=2)]
    assert current_streak(days, TODAY) == 3


def test_streak_still_alive_from_yesterday() -> None:
    days = [TODAY - timedelta(days=1), TODAY - timedelta(days=2)]
    assert current_streak(days, TODAY) == 2


def test_streak_broken_by_a_gap_day() -> None:
    days = [TODAY, TODAY - timedelta(days=2), TODAY - timedelta(days=3)]
    assert current_streak(days, TODAY) == 1


def test_streak_zero_when_last_practice_was_two_days_ago() -> None:
    assert current_streak([TODAY - timedelta(days=2)], TODAY) == 0
    assert current_streak([], TODAY) == 0


def test_streak_counts_each_day_once_and_ignores_future_days() -> None:
    days = [TODAY, TODAY, TODAY + timedelta(days=1), TODAY - timedelta(days=1)]
    assert current_streak(iter(days), TODAY) == 2


# ------------------------------------------------------------------ calibration


@pytest.mark.parametrize(("first", "blind", "delta"), [(4, 2, 2), (2, 4, -2), (3, 3, 0), (5, 1, 4)])
def test_calibration_delta_is_first_minus_blind(first: int, blind: int, delta: int) -> None:
    assert calibration_delta(first, blind) == delta


@pytest.mark.parametrize(("first", "blind"), [(0, 3), (3, 6), (-1, -1)])
def test_calibration_delta_rejects_scores_outside_one_to_five(first: int, blind: int) -> None:
    with pytest.raises(ValueError):
        calibration_delta(first, blind)


def test_a_sparkline_draws_one_bar_a_score() -> None:
    from tui.core.stats import sparkline

    assert sparkline([1, 2, 3, 4, 5]) == "▁▂▄▆█"
    assert sparkline([]) == ""
    assert sparkline([0, 9]) == "▁█"  # outside 1-5: the nearest end
