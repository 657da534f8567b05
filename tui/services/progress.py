"""Practice so far, as the lists show it: attempts per track and per prompt, prompts with a
draft waiting, and today's next-up suggestions (spaced repetition and coverage gaps, see
tui.core.scheduling.next_up).

The reads take the `Store` or, for the first screen before the store opens,
tui.store.peek_reads.SqliteReads (`first_screen_reads`: plain sqlite3, no sqlmodel): both
satisfy `PracticeReads`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from tui.core.planning import plan_next_up
from tui.core.records import HistoryQuery
from tui.core.scheduling import next_up
from tui.core.stories import mix_stories, story_suggestions
from tui.services.drafts import DraftReads, drafted_prompt_ids, drafts_waiting
from tui.services.planning import NO_PLAN, PlanReads, PlanToday, plan_today

if TYPE_CHECKING:
    from tui.core.model import Library, Prompt
    from tui.core.scheduling import NextUp
    from tui.store import Store

#: Suggestions a day in the next-up panel: a capped list keeps a backlog from piling up.
NEXT_UP_CAP = 5


@dataclass(frozen=True)
class PromptProgress:
    """Submitted attempts per prompt, and the prompts with an unfinished answer outside a
    round."""

    attempts: dict[str, int]
    drafted: set[str]


@dataclass(frozen=True)
class PracticeSoFar:
    """What the store says about practice so far, for the next-up suggestions."""

    due: dict[str, datetime]
    practised: dict[str, int]
    done_today: int
    #: The interview plan, if a date is set (with the scores it reads): Next up plans to it.
    plan: PlanToday = field(default_factory=lambda: NO_PLAN)
    #: The story bank: when each story is due, and how often each was told.
    story_due: dict[str, datetime] = field(default_factory=dict)
    story_told: dict[str, int] = field(default_factory=dict)


class PracticeReads(PlanReads, Protocol):
    """What `practice_so_far` reads."""

    def schedule_states(self) -> dict[str, tuple[str, datetime]]: ...

    def story_schedule_states(self) -> dict[str, tuple[str, datetime]]: ...

    def attempt_counts_by_prompt(self) -> dict[str, int]: ...

    def attempt_counts_by_track(self) -> dict[str, int]: ...

    def count_attempts(self, query: HistoryQuery) -> int: ...

    def story_counts(self) -> dict[str, int]: ...


class FirstScreenStoreReads(PracticeReads, DraftReads, Protocol):
    """Everything the tracks screen reads from the database."""


if TYPE_CHECKING:

    def _the_store_reads_as_the_first_screen(store: Store) -> FirstScreenStoreReads:
        """For mypy alone: the Store satisfies every read the first screen makes (as
        SqliteReads does, see first_screen_reads)."""
        return store


@dataclass(frozen=True)
class FirstScreenReads:
    """The tracks screen's figures from the database."""

    attempts_by_track: dict[str, int]
    so_far: PracticeSoFar
    #: A draft outside a round that no other caseroom holds (enter offers it back).
    drafts_waiting: bool


def first_screen_figures(store: FirstScreenStoreReads, now: datetime) -> FirstScreenReads:
    """The tracks screen's figures, from the Store or from SqliteReads."""
    return FirstScreenReads(
        attempts_by_track=attempts_by_track(store),
        so_far=practice_so_far(store, now),
        drafts_waiting=drafts_waiting(store),
    )


def first_screen_reads(db_url: str, now: datetime) -> FirstScreenReads | None:
    """The tracks screen's figures read straight from a SQLite file (plain sqlite3,
    read-only, in one read transaction: no sqlmodel, a few milliseconds), the same as the
    store's; None when `db_url` is not a SQLite file or the file cannot answer now (missing,
    another version, locked, a value that cannot be read): the store's answer follows."""
    import sqlite3

    from tui.paths import sqlite_path
    from tui.store.peek_reads import SqliteReads

    path = sqlite_path(db_url)
    if path is None:
        return None
    reads = SqliteReads.open(path, url=db_url)
    if reads is None:
        return None
    try:
        with reads, reads.snapshot():
            return first_screen_figures(reads, now)
    except sqlite3.Error:
        return None


def attempts_by_track(store: PracticeReads) -> dict[str, int]:
    """Submitted attempts per track id."""
    return store.attempt_counts_by_track()


def prompt_progress(store: FirstScreenStoreReads) -> PromptProgress:
    """Submitted attempts per prompt and the prompts with a draft waiting."""
    drafted = drafted_prompt_ids(store)
    return PromptProgress(store.attempt_counts_by_prompt(), drafted)


def practice_so_far(store: PracticeReads, now: datetime) -> PracticeSoFar:
    """When each reviewed prompt is due, attempts per prompt, and attempts since midnight
    (of `now`'s day) towards today's cap."""
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return PracticeSoFar(
        due={pid: due for pid, (_state, due) in store.schedule_states().items()},
        practised=store.attempt_counts_by_prompt(),
        done_today=store.count_attempts(HistoryQuery(since=day_start)),
        plan=plan_today(store),
        story_due={sid: due for sid, (_state, due) in store.story_schedule_states().items()},
        story_told=store.story_counts(),
    )


def next_up_suggestions(
    prompts: Iterable[Prompt],
    so_far: PracticeSoFar,
    *,
    now: datetime,
    daily_cap: int = NEXT_UP_CAP,
    library: Library | None = None,
) -> list[NextUp]:
    """Today's suggestions, each with its reason: at most `daily_cap` a day (config.toml's
    [practice] daily_cap, NEXT_UP_CAP by default); with an interview date set, the plan's
    (tui.core.planning: every category before the date, low scores back sooner, a daily
    share that follows the days left). With the `library`, due stories and coverage gaps
    of the story bank take their places among the prompts, within the same share
    (tui.core.stories.mix_stories)."""

    plan = so_far.plan.plan
    if plan is not None and plan.interview_date >= now.date():
        picks = plan_next_up(
            list(prompts),
            so_far.due,
            so_far.practised,
            so_far.plan.scores,
            plan,
            now=now,
            done_today=so_far.done_today,
        )
        share = len(picks)
    else:
        picks = next_up(
            list(prompts),
            so_far.due,
            so_far.practised,
            now=now,
            daily_cap=daily_cap,
            done_today=so_far.done_today,
        )
        share = daily_cap - so_far.done_today
    if library is None:
        return picks

    stories = story_suggestions(library, so_far.story_due, so_far.story_told, now=now)
    return mix_stories(picks, stories, share)
