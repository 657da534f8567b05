"""Practice so far, as the lists show it: attempts per track and per prompt, prompts with a
draft waiting, and today's next-up suggestions (spaced repetition and coverage gaps, see
tui.core.scheduling.next_up)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.records import HistoryQuery
from tui.services.drafts import drafted_prompt_ids

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
    #: The story bank: when each story is due, and how often each was told.
    story_due: dict[str, datetime] = field(default_factory=dict)
    story_told: dict[str, int] = field(default_factory=dict)


def attempts_by_track(store: Store) -> dict[str, int]:
    """Submitted attempts per track id."""
    return store.attempt_counts_by_track()


def prompt_progress(store: Store) -> PromptProgress:
    """Submitted attempts per prompt and the prompts with a draft waiting."""
    drafted = drafted_prompt_ids(store)
    return PromptProgress(store.attempt_counts_by_prompt(), drafted)


def practice_so_far(store: Store, now: datetime) -> PracticeSoFar:
    """When each reviewed prompt is due, attempts per prompt, and attempts since midnight
    (of `now`'s day) towards today's cap."""
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return PracticeSoFar(
        due={pid: due for pid, (_state, due) in store.schedule_states().items()},
        practised=store.attempt_counts_by_prompt(),
        done_today=store.count_attempts(HistoryQuery(since=day_start)),
        story_due={sid: due for sid, (_state, due) in store.story_schedule_states().items()},
        story_told=store.story_counts(),
    )


def next_up_suggestions(
    prompts: Iterable[Prompt],
    so_far: PracticeSoFar,
    *,
    now: datetime,
    library: Library | None = None,
) -> list[NextUp]:
    """Today's suggestions (at most NEXT_UP_CAP a day), each with its reason. With the
    `library`, due stories and coverage gaps of the story bank take their places among
    the prompts, within the same cap (tui.core.stories.mix_stories)."""
    from tui.core.scheduling import next_up

    picks = next_up(
        list(prompts),
        so_far.due,
        so_far.practised,
        now=now,
        daily_cap=NEXT_UP_CAP,
        done_today=so_far.done_today,
    )
    if library is None:
        return picks
    from tui.core.stories import mix_stories, story_suggestions

    stories = story_suggestions(library, so_far.story_due, so_far.story_told, now=now)
    return mix_stories(picks, stories, NEXT_UP_CAP - so_far.done_today)
