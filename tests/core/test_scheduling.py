"""Tests for tui.core.scheduling: FSRS reviews and the "what next" list, on a fixed clock."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating

from tests.conftest import make_prompt
from tui.core.model import Kind, Prompt
from tui.core.scheduling import (
    NextUp,
    as_utc,
    next_up,
    rating_for_score,
    rebuild_schedule,
    review_prompt,
)

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def prompt(pid: str, kind: Kind = "case", category: str = "", track: str = "pm") -> Prompt:
    return make_prompt(pid, kind=kind, category=category, track=track)


# ------------------------------------------------------------------ ratings


@pytest.mark.parametrize(
    ("score", "rating"),
    [(1, Rating.Again), (2, Rating.Again), (3, Rating.Hard), (4, Rating.Good), (5, Rating.Easy)],
)
def test_rating_for_score(score: int, rating: Rating) -> None:
    assert rating_for_score(score) is rating


@pytest.mark.parametrize("score", [0, 6, -1])
def test_rating_for_score_rejects_out_of_range(score: int) -> None:
    with pytest.raises(ValueError):
        rating_for_score(score)


# ------------------------------------------------------------------ reviews


def test_first_review_intervals_are_whole_days_and_grow_with_score() -> None:
    intervals = {s: review_prompt(None, s, NOW)[1] - NOW for s in (1, 2, 3, 4, 5)}
    # No learning steps: even a failed first try comes back tomorrow, not in a minute.
    assert intervals[1] == timedelta(days=1)
    assert intervals[2] == timedelta(days=1)
    assert intervals[3] == timedelta(days=1)
    assert intervals[4] == timedelta(days=2)
    assert intervals[5] == timedelta(days=8)


def test_review_is_deterministic_and_due_is_utc() -> None:
    first = review_prompt(None, 4, NOW)
    assert first == review_prompt(None, 4, NOW)
    assert first[1].tzinfo is UTC


def test_successive_good_reviews_space_out() -> None:
    state, due = review_prompt(None, 4, NOW)
    state2, due2 = review_prompt(state, 4, due)
    _, due3 = review_prompt(state2, 4, due2)
    assert due2 - due == timedelta(days=11)
    assert due3 - due2 > due2 - due


def test_a_failed_review_brings_the_prompt_back_the_next_day() -> None:
    state, due = review_prompt(None, 5, NOW)
    _, again = review_prompt(state, 1, due)
    assert again - due == timedelta(days=1)


def test_state_json_round_trips_the_card() -> None:
    state, due = review_prompt(None, 4, NOW)
    card = json.loads(state)
    assert card["last_review"] == NOW.isoformat()
    assert card["due"] == due.isoformat()
    assert card["state"] == 2  # Review, not Learning: no minute-scale steps


def test_naive_and_other_zones_are_treated_as_utc() -> None:
    naive = NOW.replace(tzinfo=None)
    paris = NOW.astimezone(timezone(timedelta(hours=1)))
    assert review_prompt(None, 4, naive)[1] == review_prompt(None, 4, NOW)[1]
    assert review_prompt(None, 4, paris)[1] == review_prompt(None, 4, NOW)[1]
    assert as_utc(paris).tzinfo is UTC


def test_unreadable_state_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unreadable schedule state"):
        review_prompt("{not json", 4, NOW)
    with pytest.raises(ValueError, match="unreadable schedule state"):
        review_prompt('{"state": 2}', 4, NOW)


# ------------------------------------------------------------------ next_up: due


def test_due_prompts_most_overdue_first_with_reasons() -> None:
    prompts = [prompt("a"), prompt("b"), prompt("c"), prompt("d")]
    due = {
        "a": NOW - timedelta(days=1, hours=2),
        "b": NOW - timedelta(days=3),
        "c": NOW - timedelta(hours=5),
        "d": NOW + timedelta(hours=1),  # not due yet
    }
    got = next_up(prompts, due, {"a": 1, "b": 1, "c": 1, "d": 1}, now=NOW)
    assert got == [
        NextUp("b", "due since 3 days", "due"),
        NextUp("a", "due since 1 day", "due"),
        NextUp("c", "due today", "due"),
    ]


def test_due_exactly_now_is_due() -> None:
    got = next_up([prompt("a")], {"a": NOW}, {"a": 1}, now=NOW)
    assert got == [NextUp("a", "due today", "due")]


def test_due_ties_are_broken_by_id_not_input_order() -> None:
    when = NOW - timedelta(days=2)
    prompts = [prompt("z"), prompt("m"), prompt("a")]
    got = next_up(prompts, dict.fromkeys(("z", "m", "a"), when), {}, now=NOW)
    assert [n.prompt_id for n in got] == ["a", "m", "z"]


def test_backlog_is_capped_by_daily_cap_minus_done_today() -> None:
    prompts = [prompt(f"p{i}") for i in range(10)]
    due = {f"p{i}": NOW - timedelta(days=10 - i) for i in range(10)}
    assert [n.prompt_id for n in next_up(prompts, due, {}, now=NOW, daily_cap=3)] == [
        "p0",
        "p1",
        "p2",
    ]
    assert [n.prompt_id for n in next_up(prompts, due, {}, now=NOW, done_today=3)] == [
        "p0",
        "p1",
    ]
    assert next_up(prompts, due, {}, now=NOW, daily_cap=3, done_today=3) == []
    assert next_up(prompts, due, {}, now=NOW, daily_cap=3, done_today=7) == []


def test_after_todays_share_one_untried_prompt_is_still_offered() -> None:
    prompts = [
        prompt("done", "case", "retention"),
        prompt("due", "case", "retention"),
        prompt("new-story", "behavioral", "feedback"),
        prompt("new-case", "case", "retention"),
    ]
    due = {"due": NOW - timedelta(days=1), "done": NOW + timedelta(days=3)}
    got = next_up(prompts, due, {"done": 6, "due": 1}, now=NOW, daily_cap=5, done_today=6)
    # The due prompt waits for tomorrow; the gap (a kind never tried) is the next step.
    assert got == [
        NextUp(
            "new-story", "extra · never tried a behavioral question; new category: feedback", "gap"
        )
    ]
    # No gap left: an untried prompt, still one.
    practised = {"done": 6, "due": 1, "new-story": 1}
    got = next_up(prompts, due, practised, now=NOW, daily_cap=5, done_today=6)
    assert got == [NextUp("new-case", "extra · not tried yet", "new")]
    assert next_up(prompts, due, practised, now=NOW, daily_cap=0) == []


def test_naive_due_dates_are_read_as_utc() -> None:
    due = {"a": (NOW - timedelta(days=2)).replace(tzinfo=None)}
    assert next_up([prompt("a")], due, {"a": 1}, now=NOW)[0].reason == "due since 2 days"


def test_due_dates_for_unknown_prompts_are_ignored() -> None:
    got = next_up([prompt("a")], {"gone": NOW - timedelta(days=9)}, {"a": 1}, now=NOW)
    assert got == []


# ------------------------------------------------------------------ next_up: gaps


def test_gaps_round_robin_kinds_then_categories() -> None:
    prompts = [
        prompt("case-retention", "case", "retention"),
        prompt("case-monetization", "case", "monetization"),
        prompt("case-discovery", "case", "discovery"),
        prompt("design-trust", "design", "trust"),
        prompt("story-feedback", "behavioral", "feedback"),
    ]
    # Only a retention case has been practised (and is not due).
    due = {"case-retention": NOW + timedelta(days=4)}
    got = next_up(prompts, due, {"case-retention": 2}, now=NOW)
    assert got == [
        NextUp(
            "story-feedback", "never tried a behavioral question; new category: feedback", "gap"
        ),
        NextUp("design-trust", "never tried a design question; new category: trust", "gap"),
        NextUp("case-discovery", "new category: discovery", "gap"),
        NextUp("case-monetization", "new category: monetization", "gap"),
    ]


def test_kind_gap_prefers_a_prompt_that_also_opens_a_new_category() -> None:
    prompts = [
        prompt("old-cat-design", "design", "retention"),
        prompt("new-cat-design", "design", "pricing"),
        prompt("done", "case", "retention"),
    ]
    got = next_up(prompts, {}, {"done": 1}, now=NOW, daily_cap=1)
    assert got == [
        NextUp("new-cat-design", "never tried a design question; new category: pricing", "gap")
    ]


def test_due_first_then_gaps_within_the_cap() -> None:
    prompts = [
        prompt("due-1", "case", "retention"),
        prompt("due-2", "case", "retention"),
        prompt("new-design", "design", "trust"),
        prompt("new-story", "behavioral", "feedback"),
    ]
    due = {"due-1": NOW - timedelta(days=2), "due-2": NOW - timedelta(days=1)}
    got = next_up(prompts, due, {"due-1": 1, "due-2": 1}, now=NOW, daily_cap=3)
    assert [(n.prompt_id, n.source) for n in got] == [
        ("due-1", "due"),
        ("due-2", "due"),
        ("new-story", "gap"),
    ]


def test_after_gaps_untried_prompts_round_robin_across_categories() -> None:
    prompts = [
        prompt("r1", "case", "retention"),
        prompt("r2", "case", "retention"),
        prompt("r3", "case", "retention"),
        prompt("m1", "case", "monetization"),
        prompt("m2", "case", "monetization"),
    ]
    got = next_up(prompts, {}, {"r1": 1, "m1": 1}, now=NOW)
    assert got == [
        NextUp("m2", "not tried yet", "new"),
        NextUp("r2", "not tried yet", "new"),
        NextUp("r3", "not tried yet", "new"),
    ]


def test_fresh_start_covers_every_kind_before_repeating_one() -> None:
    prompts = [prompt(f"case-{i}", "case", f"cat{i}") for i in range(5)]
    prompts += [prompt("story", "behavioral", "cat0"), prompt("design", "design", "cat9")]
    got = next_up(prompts, {}, {}, now=NOW, daily_cap=3)
    assert [n.prompt_id for n in got] == ["case-0", "story", "design"]
    assert got[0].reason == "never tried a case question; new category: cat0"
    # case-0 closed cat0, so the behavioral pick in cat0 only closes its kind.
    assert got[1].reason == "never tried a behavioral question"


def test_practised_but_not_due_prompts_are_not_suggested() -> None:
    prompts = [prompt("a"), prompt("b")]
    due = {"a": NOW + timedelta(days=3)}
    assert next_up(prompts, due, {"b": 4}, now=NOW) == []


def test_track_filter() -> None:
    prompts = [prompt("pm-1", track="pm"), prompt("el-1", "behavioral", track="el")]
    got = next_up(prompts, {}, {}, now=NOW, track_id="el")
    assert [n.prompt_id for n in got] == ["el-1"]


def test_result_does_not_depend_on_prompt_order() -> None:
    prompts = [
        prompt("a", "case", "x"),
        prompt("b", "design", "y"),
        prompt("c", "behavioral", "z"),
        prompt("d", "case", "x"),
    ]
    due = {"a": NOW - timedelta(days=1)}
    forward = next_up(prompts, due, {"a": 1}, now=NOW)
    backward = next_up(list(reversed(prompts)), due, {"a": 1}, now=NOW)
    assert forward == backward
    assert [n.prompt_id for n in forward] == ["a", "c", "b", "d"]


def test_importing_scheduling_and_calling_next_up_does_not_load_fsrs() -> None:
    # The home screen lists "next up" before the first frame; fsrs must stay unloaded.
    probe = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from tui.core.scheduling import next_up\n"
        "next_up([], {}, {}, now=datetime(2025, 1, 1, tzinfo=UTC))\n"
        "print('fsrs' in sys.modules)\n"
    )
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_rebuild_schedule_counts_each_review_once() -> None:
    assert rebuild_schedule([]) is None
    one = review_prompt(None, 4, NOW)
    assert rebuild_schedule([(4, NOW)]) == one
    later = NOW + timedelta(days=1)
    assert rebuild_schedule([(4, NOW), (2, later)]) == review_prompt(one[0], 2, later)
