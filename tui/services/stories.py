"""The story bank's use cases: what has been told (times, scores, due dates), one story's
attempts, rebuilding a story's FSRS card after a review, and the drill's next question.

A story is scheduled like a prompt: one FSRS card per story, rebuilt from the first-review
scores of every submitted attempt that told it, oldest first
(tui.core.scheduling.rebuild_schedule), so an edited review replaces its score.

A drill is an ordinary attempt at a behavioral prompt with `story_id` set and the
timed-story scaffold in place of the prompt's own: the attempt's `scaffold_id` and its
prompt snapshot say "timed-story", so review, history and export show the drill as told.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.records import AttemptSummary
from tui.core.stories import Telling

if TYPE_CHECKING:
    from tui.core.model import Library, Prompt, Story
    from tui.store import Store

#: The scaffold every drill is told in.
DRILL_SCAFFOLD = "timed-story"


@dataclass(frozen=True)
class StoryBank:
    """What the store says about the story bank: every telling and each story's due date."""

    tellings: tuple[Telling, ...]
    due: dict[str, datetime]


def tellings_of(attempts: Iterable[AttemptSummary]) -> tuple[Telling, ...]:
    return tuple(
        Telling(a.story_id, a.prompt_id, a.submitted_at or a.started_at, a.score)
        for a in attempts
        if a.story_id
    )


def load_bank(store: Store) -> StoryBank:
    """Every submitted attempt that told a story, and when each story is due."""
    due = {sid: when for sid, (_state, when) in store.story_schedule_states().items()}
    return StoryBank(tellings_of(store.story_tellings()), due)


def story_attempts(store: Store, story_id: str) -> list[AttemptSummary]:
    """The submitted attempts that told `story_id`, oldest first."""
    return store.attempts_by_story(story_id)


def rebuild_story_schedule(store: Store, story_id: str) -> None:
    """Rebuild the story's card from the scores of the attempts that told it."""
    from tui.core.scheduling import rebuild_schedule

    scored = [
        (a.score, a.submitted_at or a.started_at)
        for a in store.attempts_by_story(story_id)
        if a.score is not None
    ]
    card = rebuild_schedule(scored)
    if card is not None:
        store.put_story_schedule(story_id, *card)


def drill_question(
    library: Library, story: Story, bank: StoryBank, skip: Iterable[str] = ()
) -> Prompt | None:
    """The behavioral question to drill `story` against: one it has not answered, from any
    track whose competencies it shows (tui.core.stories.drill_questions); `skip` passes
    over questions already offered. None when every fitting question has been told."""
    from tui.core.stories import drill_questions

    passed = set(skip)
    for prompt in drill_questions(story, library.prompts.values(), bank.tellings):
        if prompt.id not in passed:
            return prompt
    return None
