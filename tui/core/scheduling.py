"""What to practise next: spaced repetition (FSRS) per prompt, plus coverage gaps.

Each prompt is one FSRS card. After a review, the attempt's 1-5 rubric score becomes an
FSRS rating (`rating_for_score`) and `review_prompt` returns the card's new state as JSON
(stored in the Schedule table) and when the prompt is due again.

Two departures from fsrs's defaults, both on purpose:

- No learning or relearning steps. fsrs would re-ask a failed card after 1 and 10
  minutes, which suits flash cards, not a 15-minute case; with no steps every interval is
  whole days (at least one).
- No fuzzing, so the same history gives the same due date (tests and reproducibility).

`next_up` then builds today's short list: due prompts first, capped per day, then prompts
that close coverage gaps (a category or a kind never practised).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Literal

from tui.core.model import KINDS, Prompt

if TYPE_CHECKING:
    from fsrs import Rating, Scheduler

# fsrs is imported inside the functions that need it: the home screen calls `next_up`
# before the first frame, and fsrs must not load then (see tests/test_code_health.py).


@cache
def _scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for_score(score: int) -> Rating:
    """The FSRS rating for a 1-5 review score.

    1-2 → Again (the answer missed; see it again soon), 3 → Hard (passable, shorter
    interval), 4 → Good, 5 → Easy (longest interval). Any other score is a ValueError.
    """
    from fsrs import Rating

    if score in (1, 2):
        return Rating.Again
    if score == 3:
        return Rating.Hard
    if score == 4:
        return Rating.Good
    if score == 5:
        return Rating.Easy
    raise ValueError(f"a review score is 1 to 5, not {score!r}")


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is taken to be UTC already.

    fsrs insists on `tzinfo is timezone.utc`, and SQLite hands datetimes back naive, so
    every datetime crossing into this module goes through here.
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def review_prompt(
    state_json: str | None, score: int, reviewed_at: datetime
) -> tuple[str, datetime]:
    """Apply one review to a prompt's card and return (new card JSON, next due in UTC).

    `state_json` is what this function returned last time for the prompt, or None for a
    prompt never reviewed. `score` is the review's 1-5 score (see `rating_for_score`).
    `reviewed_at` is when the review happened (naive means UTC). A `state_json` that is not
    a card raises ValueError.
    """
    from fsrs import Card

    rating = rating_for_score(score)
    when = as_utc(reviewed_at)
    if state_json is None:
        # fsrs would stamp a new card with the wall clock (and sleep a millisecond to keep
        # ids unique); the review time keeps the card deterministic. The id is not used.
        card = Card(card_id=int(when.timestamp() * 1000), due=when)
    else:
        try:
            card = Card.from_json(state_json)
        except (ValueError, KeyError, TypeError) as error:
            # One error type for callers, whatever part of the stored JSON is broken.
            raise ValueError(f"unreadable schedule state: {error}") from error
    card, _log = _scheduler().review_card(card, rating, review_datetime=when)
    due = as_utc(card.due)
    return card.to_json(), due


def rebuild_schedule(reviews: Sequence[tuple[int, datetime]]) -> tuple[str, datetime] | None:
    """A prompt's card (JSON) and next due time, built from its scored reviews (score,
    when), oldest first; None when there are none. Each review counts once, however often
    it was edited, because the card is rebuilt rather than stepped on."""
    result: tuple[str, datetime] | None = None
    for score, when in reviews:
        result = review_prompt(result[0] if result else None, score, when)
    return result


@dataclass(frozen=True)
class NextUp:
    """One suggestion for what to practise, with a one-line reason.

    `source` says which rule picked it: "due" (spaced repetition), "gap" (a category or
    kind never practised) or "new" (not tried yet, after the gaps are closed); for the story
    bank (tui.core.stories.mix_stories), "story" (a story to drill: `story_id`) or
    "story-gap" (a competency no story shows: `competency_id`), with no `prompt_id`.
    """

    prompt_id: str
    reason: str
    source: Literal["due", "gap", "new", "story", "story-gap"]
    story_id: str = ""
    competency_id: str = ""


def _overdue_reason(due: datetime, now: datetime) -> str:
    days = (now - due).days
    if days <= 0:
        return "due today"
    if days == 1:
        return "due since 1 day"
    return f"due since {days} days"


def _due_list(
    prompts: Sequence[Prompt], due: Mapping[str, datetime], now: datetime, budget: int
) -> list[NextUp]:
    overdue = [(as_utc(due[p.id]), p.id) for p in prompts if p.id in due]
    overdue = [(when, pid) for when, pid in overdue if when <= now]
    # Most overdue first; the id breaks ties so the order never depends on input order.
    overdue.sort()
    return [NextUp(pid, _overdue_reason(when, now), "due") for when, pid in overdue[:budget]]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _gap_reason(closes_kind: str | None, closes_category: str | None) -> str:
    parts = []
    if closes_kind:
        parts.append(f"never tried {_article(closes_kind)} {closes_kind} question")
    if closes_category:
        parts.append(f"new category: {closes_category}")
    return "; ".join(parts)


def _gap_list(
    prompts: Sequence[Prompt], tried: set[str], budget: int
) -> tuple[list[NextUp], list[Prompt]]:
    """Round-robin over uncovered kinds (in KINDS order) then uncovered categories
    (alphabetical), one untried prompt per gap; returns the picks and the untried rest."""
    untried = sorted(
        (p for p in prompts if p.id not in tried), key=lambda p: (p.title.lower(), p.id)
    )
    open_kinds = {p.kind for p in prompts} - {p.kind for p in prompts if p.id in tried}
    open_cats = {p.category for p in prompts if p.category} - {
        p.category for p in prompts if p.id in tried
    }
    queue: list[tuple[str, str]] = [("kind", k) for k in KINDS if k in open_kinds]
    queue += [("category", c) for c in sorted(open_cats)]
    picks: list[NextUp] = []
    for axis, value in queue:
        if len(picks) >= budget:
            break
        # An earlier pick may already have closed this gap (a new kind in a new category).
        if value not in (open_kinds if axis == "kind" else open_cats):
            continue
        candidates = [p for p in untried if (p.kind if axis == "kind" else p.category) == value]
        if not candidates:
            continue
        # Prefer a prompt that closes a gap on the other axis too, so fewer picks cover more.
        other_open = open_cats if axis == "kind" else open_kinds
        best = min(
            candidates,
            key=lambda p: (
                (p.category if axis == "kind" else p.kind) not in other_open,
                p.category if axis == "kind" else "",
            ),
        )
        closes_kind = best.kind if best.kind in open_kinds else None
        closes_cat = best.category if best.category in open_cats else None
        open_kinds.discard(best.kind)
        open_cats.discard(best.category)
        untried.remove(best)
        picks.append(NextUp(best.id, _gap_reason(closes_kind, closes_cat), "gap"))
    return picks, untried


def _round_robin_by_category(prompts: list[Prompt], budget: int) -> list[NextUp]:
    """Untried prompts, one category at a time in turn, so one big category cannot fill the
    list; categories alphabetical, prompts by title within a category."""
    by_category: dict[str, list[Prompt]] = {}
    for prompt in prompts:
        by_category.setdefault(prompt.category, []).append(prompt)
    lanes = [by_category[c] for c in sorted(by_category)]
    picks: list[NextUp] = []
    depth = 0
    while len(picks) < budget and any(depth < len(lane) for lane in lanes):
        for lane in lanes:
            if depth < len(lane) and len(picks) < budget:
                picks.append(NextUp(lane[depth].id, "not tried yet", "new"))
        depth += 1
    return picks


def next_up(
    prompts: Sequence[Prompt],
    due: Mapping[str, datetime],
    practised: Mapping[str, int],
    *,
    now: datetime,
    daily_cap: int = 5,
    done_today: int = 0,
    track_id: str | None = None,
) -> list[NextUp]:
    """Today's suggestions, at most `daily_cap - done_today` of them, in this order:

    1. Due prompts (`due[id] <= now`), most overdue first. Capping them is what stops a
       backlog from piling up: after a week away you get today's share, not all of it.
    2. Coverage gaps: for each kind (case, behavioral, design) and then each category that
       has no practised prompt, one untried prompt, preferring one that closes a kind and a
       category gap at once. Reasons read "never tried a design question" or
       "new category: monetization".
    3. Any remaining untried prompts, round-robin across categories ("not tried yet").

    Once today's share is done (`done_today >= daily_cap`), the list still holds one next
    step if any prompt was never tried: the first gap (or untried prompt), its reason
    starting "extra · ". Due prompts wait for tomorrow.

    `due` maps prompt id → next due datetime (naive means UTC); `practised` maps prompt id →
    number of submitted attempts. A prompt counts as practised if it has attempts or a due
    date. Prompts that are practised but not due are never suggested. `track_id` limits the
    list to one track. The result depends only on the arguments.
    """
    budget = max(0, daily_cap - done_today)
    if daily_cap <= 0:
        return []
    now = as_utc(now)
    pool = [p for p in prompts if track_id is None or p.track == track_id]
    tried = {p.id for p in pool if practised.get(p.id, 0) > 0 or p.id in due}
    if not budget:
        gaps, untried = _gap_list(pool, tried, 1)
        extra = gaps or _round_robin_by_category(untried, 1)
        return [NextUp(n.prompt_id, f"extra · {n.reason}", n.source) for n in extra]
    picks = _due_list(pool, due, now, budget)
    gaps, untried = _gap_list(pool, tried, budget - len(picks))
    picks += gaps
    picks += _round_robin_by_category(untried, budget - len(picks))
    return picks
