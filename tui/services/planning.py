"""A plan toward the interview date: set, change or clear it, and what it says today.

The date lives in the store (interview_plan, one per person); what Next up suggests with
it is tui.core.planning's. Set from the tracks screen (`d`) or `caseroom plan`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, TextIO

from tui.core.planning import plan_state
from tui.core.records import InterviewPlan
from tui.core.stats import most_missed_checks

if TYPE_CHECKING:
    from tui.core.model import Prompt
    from tui.store import Store


class PlanReads(Protocol):
    """What `plan_today` reads: `Store`, or tui.store.peek_reads.SqliteReads."""

    def interview_plan(self) -> InterviewPlan | None: ...

    def first_reviews(self) -> list[tuple[int, dict[str, bool]]]: ...

    def latest_scores(self) -> dict[str, int]: ...


@dataclass(frozen=True)
class PlanToday:
    """The plan, and the figures Next up and the tracks screen need from the store."""

    plan: InterviewPlan | None
    scores: dict[str, int]
    weakest: str | None


#: No interview date set: Next up as ever.
NO_PLAN = PlanToday(None, {}, None)


def set_plan(store: Store, track_id: str, day: date, *, now: datetime) -> InterviewPlan:
    """Set (or move) the interview: which track, which day."""
    store.set_interview_plan(track_id, day, now=now)
    return InterviewPlan(track_id, day, now)


def clear_plan(store: Store) -> None:
    store.clear_interview_plan()


def read_plan(store: Store) -> InterviewPlan | None:
    return store.interview_plan()


def plan_today(store: PlanReads) -> PlanToday:
    """The plan with the latest score of each prompt and the rubric check missed most
    (the plan brings low scores back sooner and names the weakest check)."""
    plan = store.interview_plan()
    if plan is None:
        return NO_PLAN
    missed = most_missed_checks((checks for _score, checks in store.first_reviews()), top=1)
    return PlanToday(plan, store.latest_scores(), missed[0][0] if missed else None)


def plan_line(today: PlanToday, prompts: list[Prompt], practised: dict[str, int], on: date) -> str:
    """ "12 days left · 9 of 14 categories practised · weakest: ..." ("" with no plan)."""
    if today.plan is None:
        return ""
    state = plan_state(prompts, practised, today.plan, today=on, weakest=today.weakest)
    return state.line()


def parse_day(text: str) -> date:
    """YYYY-MM-DD, or ValueError with a sentence a person can act on."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date: write it as YYYY-MM-DD") from None


def run_plan(
    db_url: str,
    *,
    track: str | None,
    day: str | None,
    clear: bool,
    track_ids: list[str],
    out: TextIO,
    now: datetime,
) -> int:
    """`caseroom plan`: show the plan, set it (`--track ID --date YYYY-MM-DD`) or clear
    it. One plain sentence and exit 1 for a bad date, an unknown track or a database that
    cannot be used."""
    from tui.store import Store, StoreError

    try:
        when = parse_day(day) if day is not None else None
    except ValueError as error:
        print(f"caseroom: {error}", file=sys.stderr)
        return 1
    if (track is None) != (when is None) and not clear:
        print("caseroom: give both --track ID and --date YYYY-MM-DD (or --clear)", file=sys.stderr)
        return 1
    if track is not None and track not in track_ids:
        known = ", ".join(sorted(track_ids))
        print(f"caseroom: no track {track!r}; the tracks are: {known}", file=sys.stderr)
        return 1
    try:
        with Store.open(db_url) as store:
            if clear:
                clear_plan(store)
                out.write("Interview date cleared: Next up is back to its usual share.\n")
                return 0
            if track is not None and when is not None:
                set_plan(store, track, when, now=now)
            plan = read_plan(store)
    except StoreError as error:
        print(f"caseroom: {error.user_message}", file=sys.stderr)
        return 1
    if plan is None:
        out.write("No interview date set: caseroom plan --track ID --date YYYY-MM-DD\n")
        return 0
    left = (plan.interview_date - now.date()).days
    when_text = "today" if left == 0 else (f"in {left} days" if left > 0 else "passed")
    out.write(f"Interview: {plan.track_id} on {plan.interview_date.isoformat()} ({when_text})\n")
    return 0
