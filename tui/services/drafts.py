"""Answers being written: start one, autosave it, submit or abandon it, find drafts left.

A draft is an attempt not yet submitted or abandoned. Drafts of a mock round belong to
their round (the rounds screen resumes them, see tui.services.rounds); the lookups here
that offer a draft back leave them out.

Every function takes the `Store` first: screens bind the rest with functools.partial and
hand the job to the App (`caseroom.db`), writer threads to `gate.run`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.records import AnswerProgress, AttemptDetail, AttemptSummary

if TYPE_CHECKING:
    from tui.core.model import Prompt, Scaffold
    from tui.store import Store


@dataclass(frozen=True)
class DraftSnapshot:
    """What autosave writes: the answers, the clock, and which attempt they belong to."""

    attempt_id: int
    progress: AnswerProgress


@dataclass(frozen=True)
class WaitingDraft:
    """The newest unfinished answer offered back, and how many more wait behind it."""

    detail: AttemptDetail
    others: int


def start_attempt(
    store: Store,
    prompt: Prompt,
    scaffold: Scaffold,
    time_limit_s: int,
    *,
    round_run_id: int | None = None,
    now: datetime,
) -> int:
    """Store a new, empty draft of `prompt` (one step per scaffold step); its id."""
    return store.start_attempt(prompt, scaffold, time_limit_s, round_run_id=round_run_id, now=now)


def save_draft(store: Store, snapshot: DraftSnapshot) -> None:
    """Autosave: store the answers and clock as they are in `snapshot`."""
    store.save_draft(snapshot.attempt_id, snapshot.progress)


def submit_attempt(store: Store, snapshot: DraftSnapshot, *, now: datetime) -> int:
    """Store the final answers and mark the attempt submitted; its id.

    The record keeps whole seconds, each step rounded once and the totals derived from
    them (AnswerProgress.settled), against the limit the attempt started with."""
    limit_s = store.attempt(snapshot.attempt_id).summary.time_limit_s
    store.submit(snapshot.attempt_id, snapshot.progress.settled(limit_s), now=now)
    return snapshot.attempt_id


def abandon_attempt(store: Store, attempt_id: int) -> None:
    """Mark a draft abandoned: its text stays in the database, hidden from history."""
    store.abandon(attempt_id)


def _outside_rounds(store: Store) -> list[AttemptSummary]:
    """Unfinished answers outside a mock round, most recently saved first."""
    return [d for d in store.unfinished() if d.round_run_id is None]


def newest_unfinished(
    store: Store, *, prompt_id: str | None = None, skip: Collection[int] = ()
) -> WaitingDraft | None:
    """The most recently saved draft outside a round (of `prompt_id` only, if given;
    never one of the attempts in `skip`, e.g. answers open on screen), or None."""
    drafts = [
        d
        for d in _outside_rounds(store)
        if (prompt_id is None or d.prompt_id == prompt_id) and d.id not in skip
    ]
    if not drafts:
        return None
    return WaitingDraft(store.attempt(drafts[0].id), len(drafts) - 1)


def drafted_prompt_ids(store: Store) -> set[str]:
    """The prompts with an unfinished answer outside a round (enter offers it back)."""
    return {d.prompt_id for d in _outside_rounds(store)}
