"""A plan toward the interview date: what Next up asks for when a date is set.

FSRS (tui.core.scheduling) still decides when a practised prompt comes back; the plan only
brings dates forward, never pushes one past the interview:

- every category of the track is practised at least once before the date: the categories
  not yet practised are spread over the days left, so the daily share grows as the date
  comes closer and shrinks once everything is covered;
- a prompt whose last score was low (LOW_SCORE or less) is due again at once, weakest first;
- any prompt FSRS would bring back after the interview is due on its eve instead;
- the last MOCK_DAYS days before the date are for a full mock round.

Plain functions over plain values: the caller reads the store, the clock is an argument.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tui.core.model import Prompt
from tui.core.records import InterviewPlan
from tui.core.scheduling import NextUp, as_utc, next_up

#: A last score at or below this brings the prompt back at once.
LOW_SCORE = 3
#: The last days before the interview are for a full mock round.
MOCK_DAYS = 1
#: Slots a day for prompts coming back (due or low-scored), on top of the new categories.
REVIEW_SLOTS = 2
#: The daily share never falls below or rises above these.
MIN_DAILY = 2
MAX_DAILY = 10


@dataclass(frozen=True)
class PlanState:
    """Where a plan stands today, for the one line on the tracks screen."""

    days_left: int
    categories_done: int
    categories_total: int
    weakest: str | None
    mock_round_now: bool

    def line(self) -> str:
        """ "12 days left · 9 of 14 categories practised · weakest: metric fits the problem" """
        if self.days_left < 0:
            when = "the interview date has passed"
        elif self.days_left == 0:
            when = "interview today"
        else:
            when = f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"
        parts = [when, f"{self.categories_done} of {self.categories_total} categories practised"]
        if self.weakest:
            parts.append(f"weakest: {self.weakest}")
        if self.mock_round_now:
            parts.append("time for a full mock round")
        return " · ".join(parts)


def days_left(plan: InterviewPlan, today: date) -> int:
    """Whole days from `today` to the interview (0 on the day, negative after it)."""
    return (plan.interview_date - today).days


def categories(prompts: Sequence[Prompt]) -> set[str]:
    """The categories of `prompts` (a prompt without one counts under its kind)."""
    return {prompt.category or prompt.kind for prompt in prompts}


def uncovered(prompts: Sequence[Prompt], practised: Mapping[str, int]) -> set[str]:
    """Categories none of whose prompts has been practised yet."""
    done = categories([p for p in prompts if practised.get(p.id, 0) > 0])
    return categories(prompts) - done


def daily_share(left: int, open_categories: int) -> int:
    """How many prompts today: the open categories spread over the days before the mock
    days, plus REVIEW_SLOTS for what comes back, within MIN_DAILY..MAX_DAILY."""
    study_days = max(1, left - MOCK_DAYS)
    needed = math.ceil(open_categories / study_days)
    return max(MIN_DAILY, min(MAX_DAILY, needed + REVIEW_SLOTS))


def planned_due(
    prompts: Sequence[Prompt],
    due: Mapping[str, datetime],
    scores: Mapping[str, int],
    plan: InterviewPlan,
    now: datetime,
) -> dict[str, datetime]:
    """FSRS's due dates brought forward for the plan (never later than FSRS's own).

    A low last score makes the prompt due now (the lowest score a little earlier, so the
    weakest comes first); every other date lands no later than the interview's eve.
    """
    now = as_utc(now)
    eve = datetime.combine(plan.interview_date - timedelta(days=1), time(0, 0), tzinfo=UTC)
    planned: dict[str, datetime] = {}
    for prompt in prompts:
        if prompt.id not in due:
            continue
        when = min(as_utc(due[prompt.id]), max(eve, now))
        score = scores.get(prompt.id)
        if score is not None and score <= LOW_SCORE:
            # Score 1 → two minutes "more overdue" than score 3: the weakest comes first.
            when = min(when, now - timedelta(minutes=LOW_SCORE - score))
        planned[prompt.id] = when
    return planned


def plan_next_up(
    prompts: Sequence[Prompt],
    due: Mapping[str, datetime],
    practised: Mapping[str, int],
    scores: Mapping[str, int],
    plan: InterviewPlan,
    *,
    now: datetime,
    done_today: int = 0,
) -> list[NextUp]:
    """Today's suggestions for the plan's track: categories still open first (so all are
    covered before the date), then what comes back, within the plan's daily share."""
    pool = [p for p in prompts if p.track == plan.track_id]
    left = days_left(plan, as_utc(now).date())
    open_now = uncovered(pool, practised)
    share = daily_share(left, len(open_now))
    budget = max(0, share - done_today)
    planned = planned_due(pool, due, scores, plan, now)
    # Coverage first: next_up lists due prompts before gaps, so ask for the gaps alone
    # (no due dates) and then for what comes back, and join them in the plan's order.
    gaps = next_up(pool, {}, practised, now=now, daily_cap=share, done_today=done_today)
    new_slots = math.ceil(len(open_now) / max(1, left - MOCK_DAYS))
    gap_picks = [n for n in gaps if n.source == "gap"][:new_slots]
    back = next_up(pool, planned, practised, now=now, daily_cap=share, done_today=done_today)
    due_picks = [n for n in back if n.source == "due"]
    picks: list[NextUp] = []
    for pick in [*gap_picks, *due_picks, *gaps, *back]:
        if len(picks) >= budget:
            break
        if all(pick.prompt_id != chosen.prompt_id for chosen in picks):
            picks.append(pick)
    if not picks and budget == 0:
        return back  # today's share is done: next_up's one "extra" step, if any
    return picks


def plan_state(
    prompts: Sequence[Prompt],
    practised: Mapping[str, int],
    plan: InterviewPlan,
    *,
    today: date,
    weakest: str | None = None,
) -> PlanState:
    """The plan today: days left, categories practised, the weakest rubric check."""
    pool = [p for p in prompts if p.track == plan.track_id]
    total = categories(pool)
    left = days_left(plan, today)
    return PlanState(
        days_left=left,
        categories_done=len(total - uncovered(pool, practised)),
        categories_total=len(total),
        weakest=weakest,
        mock_round_now=0 <= left <= MOCK_DAYS,
    )
