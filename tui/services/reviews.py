"""Reviewing an attempt: store the review and, for an ordinary one, rebuild the schedule.

An attempt has one scoring review (its first non-blind one); saving an ordinary review of
an attempt reviewed before edits that review in place (Store.save_review). After the save
the prompt's spaced-repetition card is rebuilt from the scored reviews of all its
attempts, oldest first (tui.core.scheduling.rebuild_schedule), in the same job: an edited
review replaces its old score in the card instead of counting as a second review.

When the attempt told a story of the story bank, the story's card is rebuilt the same way
from the attempts that told it.

A blind re-review (calibration) is another row with blind=True and leaves the schedule
alone: the schedule follows the first review.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.store import Store


def checks_to_store(asked: Mapping[str, bool], earlier: Mapping[str, bool]) -> dict[str, bool]:
    """The rubric answers to store: those given now, in rubric order, then the answers of
    the review being edited to questions the scaffold no longer asks (kept, not dropped)."""
    checks = dict(asked)
    for question, ticked in earlier.items():
        checks.setdefault(question, ticked)
    return checks


def save_review(
    store: Store,
    attempt_id: int,
    prompt_id: str,
    *,
    checks: Mapping[str, bool],
    score: int,
    notes: str,
    blind: bool = False,
    earlier_checks: Mapping[str, bool] | None = None,
    now: datetime,
) -> None:
    """Store a review of `attempt_id` and, unless it is blind, rebuild the schedule of its
    prompt. `earlier_checks` are the rubric answers of the review being edited, if any."""
    from tui.core.scheduling import rebuild_schedule

    kept = checks_to_store(checks, earlier_checks or {})
    store.save_review(attempt_id, kept, score, notes, blind=blind, now=now)
    if blind:
        return  # calibration only: the schedule follows the first review
    card = rebuild_schedule(store.scored_reviews(prompt_id))
    if card is not None:
        store.put_schedule(prompt_id, *card)
    story_id = store.attempt(attempt_id).summary.story_id
    if story_id:  # the story told is scheduled too (tui.services.stories)
        from tui.services.stories import rebuild_story_schedule

        rebuild_story_schedule(store, story_id)
