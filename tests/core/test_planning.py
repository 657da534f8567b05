"""A plan toward the interview date (issue 16): a fixed clock, a small library, every
category covered before the date, low scores back first, nothing due after the date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import make_prompt
from tui.core.model import Prompt
from tui.core.planning import (
    MAX_DAILY,
    MIN_DAILY,
    daily_share,
    plan_next_up,
    plan_state,
    planned_due,
)
from tui.core.records import InterviewPlan

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CATEGORIES = [f"cat-{letter}" for letter in "abcdefghijklmn"]  # 14 categories


def library() -> list[Prompt]:
    """Two prompts in each of 14 categories on the plan's track, and one elsewhere."""
    prompts = [
        make_prompt(f"{category}-{n}", category=category, track="pm")
        for category in CATEGORIES
        for n in (1, 2)
    ]
    return [*prompts, make_prompt("other-1", category="cat-z", track="el")]


def practise_until(plan: InterviewPlan, prompts: list[Prompt]) -> dict[str, int]:
    """Do every suggestion each day, scoring 4 (due again in five days), up to the eve."""
    due: dict[str, datetime] = {}
    practised: dict[str, int] = {}
    scores: dict[str, int] = {}
    now = START
    while now.date() < plan.interview_date:
        for pick in plan_next_up(prompts, due, practised, scores, plan, now=now):
            practised[pick.prompt_id] = practised.get(pick.prompt_id, 0) + 1
            scores[pick.prompt_id] = 4
            due[pick.prompt_id] = now + timedelta(days=5)
        now += timedelta(days=1)
    return practised


@pytest.mark.parametrize("days", [14, 3])
def test_every_category_is_practised_before_the_date(days: int) -> None:
    prompts = library()
    plan = InterviewPlan("pm", START.date() + timedelta(days=days))
    practised = practise_until(plan, prompts)
    covered = {p.category for p in prompts if practised.get(p.id) and p.track == "pm"}
    assert covered == set(CATEGORIES)
    assert "other-1" not in practised  # the plan keeps to its track


def test_the_daily_share_grows_as_the_date_comes_closer_and_shrinks_when_covered() -> None:
    assert daily_share(14, 14) == 4  # 14 categories over 13 study days (2 a day), plus 2
    assert daily_share(3, 14) == 9  # 14 over 2 study days
    assert daily_share(2, 14) == MAX_DAILY
    assert daily_share(10, 0) == MIN_DAILY


def test_a_low_score_comes_back_at_once_weakest_first() -> None:
    prompts = library()[:4]
    plan = InterviewPlan("pm", START.date() + timedelta(days=14))
    later = START + timedelta(days=6)
    due = {p.id: later for p in prompts}
    planned = planned_due(prompts, due, {"cat-a-1": 3, "cat-a-2": 1, "cat-b-1": 5}, plan, START)
    assert planned["cat-a-2"] < planned["cat-a-1"] <= START
    assert planned["cat-b-1"] == later  # a good score keeps FSRS's date


def test_nothing_is_due_after_the_interview() -> None:
    prompts = library()[:2]
    plan = InterviewPlan("pm", START.date() + timedelta(days=5))
    due = {prompts[0].id: START + timedelta(days=40), prompts[1].id: START + timedelta(days=2)}
    planned = planned_due(prompts, due, {}, plan, START)
    assert planned[prompts[0].id] == datetime(2026, 12, 5, tzinfo=UTC)  # the interview's eve
    assert planned[prompts[1].id] == START + timedelta(days=2)  # never later than FSRS's


def test_plan_state_line() -> None:
    prompts = library()
    plan = InterviewPlan("pm", date(2026, 12, 13))
    practised = {f"{category}-1": 1 for category in CATEGORIES[:9]}
    state = plan_state(prompts, practised, plan, today=START.date(), weakest="metric fits")
    assert state.line() == "12 days left · 9 of 14 categories practised · weakest: metric fits"
    eve = plan_state(prompts, practised, plan, today=date(2026, 12, 12))
    assert eve.line() == "1 day left · 9 of 14 categories practised · time for a full mock round"
    assert (
        plan_state(prompts, {}, plan, today=date(2026, 12, 14))
        .line()
        .startswith("the interview date has passed")
    )
