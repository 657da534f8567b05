"""Running a mock round in the store: start a run, move it on, resume it, finish or end it.

A run stores its questions (in the order they are asked) and how far it got. It ends
either finished (every question asked) or abandoned (ended early, by the person): either
way it is no longer offered for resuming. The round clock is explained in tui.core.rounds;
`advance_round` and `resume_point` hand back the round time the run's attempts used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.records import AttemptDetail, AttemptSummary, RoundRunRecord
from tui.core.rounds import round_used_s
from tui.services.drafts import DraftSnapshot, abandon_attempt, submit_attempt

if TYPE_CHECKING:
    from tui.store import Store


@dataclass(frozen=True)
class ResumePoint:
    """Where an interrupted run carries on, the draft left at that question if any, and
    the round time the run's other attempts used (the draft's timer carries its own)."""

    position: int
    draft: AttemptDetail | None
    used_s: float = 0.0


def start_round(store: Store, round_id: str, prompt_ids: Sequence[str], *, now: datetime) -> int:
    """Store a new run of `round_id` over `prompt_ids`; its id."""
    return store.start_round(round_id, prompt_ids, now=now)


def unfinished_rounds(store: Store) -> list[RoundRunRecord]:
    """Runs neither finished nor ended: offered for resuming."""
    return store.unfinished_rounds()


@dataclass(frozen=True)
class PastRun:
    """A run that ended, and how many of its questions were answered."""

    record: RoundRunRecord
    answered: int


def past_rounds(store: Store, round_ids: Sequence[str] | None = None) -> list[PastRun]:
    """Runs that ended (finished or ended early), newest first, of `round_ids` if given:
    their summaries can be opened again."""
    wanted = None if round_ids is None else set(round_ids)
    answered = store.answered_per_round_run()
    return [
        PastRun(run, answered.get(run.id, 0))
        for run in store.past_rounds()
        if wanted is None or run.round_id in wanted
    ]


def round_run(store: Store, run_id: int) -> RoundRunRecord:
    """One stored run (to open its summary again)."""
    return store.round_run(run_id)


def round_attempts(store: Store, run_id: int) -> list[AttemptSummary]:
    """The attempts made in one run, in the order they were started."""
    return store.round_attempts(run_id)


def resume_point(store: Store, record: RoundRunRecord) -> ResumePoint:
    """Skip questions already submitted (a crash can come before the position was saved)
    and pick up a draft kept at the question the run stopped on."""
    attempts = store.round_attempts(record.id)
    submitted = {a.prompt_id for a in attempts if a.status == "submitted"}
    position = record.position
    while position < len(record.prompt_ids) and record.prompt_ids[position] in submitted:
        position += 1
    draft: AttemptDetail | None = None
    if position < len(record.prompt_ids):
        current = record.prompt_ids[position]
        drafts = [a for a in attempts if a.status == "draft" and a.prompt_id == current]
        if drafts:
            draft = store.attempt(drafts[-1].id)
    resumed = draft.summary.id if draft is not None else None
    used = round_used_s([a.elapsed_s for a in attempts if a.id != resumed])
    return ResumePoint(position, draft, used)


def advance_round(store: Store, run_id: int, position: int) -> float:
    """Store that the run has reached question `position`; the round seconds used so far."""
    store.advance_round(run_id, position)
    return round_used_s([a.elapsed_s for a in store.round_attempts(run_id)])


def finish_round(store: Store, run_id: int, *, now: datetime) -> None:
    """Store the run as finished: every question was asked."""
    store.finish_round(run_id, now=now)


def end_round(store: Store, run_id: int, *, now: datetime) -> None:
    """End a run early and store it as abandoned (no longer offered for resuming).

    A draft left in the run (kept when the person stepped out) is submitted as it was saved
    if it holds text, so what was typed shows on the summary and in history; an empty one
    is abandoned. Submitted attempts stay as they are.
    """
    for summary in store.round_attempts(run_id):
        if summary.status != "draft":
            continue
        detail = store.attempt(summary.id)
        if any(step.text.strip() for step in detail.steps):
            submit_attempt(store, DraftSnapshot(summary.id, detail.progress), now=now)
        else:
            abandon_attempt(store, summary.id)
    store.abandon_round(run_id, now=now)
