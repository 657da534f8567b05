"""Answers being written: start one, autosave it, submit or abandon it, find drafts left.

A draft is an attempt not yet submitted or abandoned. Drafts of a mock round belong to
their round (the rounds screen resumes them, see tui.services.rounds); the lookups here
that offer a draft back leave them out, and leave out drafts another running caseroom is
writing (their lease, tui.services.leases): the window that starts or claims a draft
holds its lease until it closes.

Every function takes the `Store` first: screens bind the rest with functools.partial and
hand the job to the App (`caseroom.db`), writer threads to `gate.run`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from tui.core.records import AnswerProgress, AttemptDetail, AttemptSummary
from tui.services import leases

if TYPE_CHECKING:
    from tui.core.model import Prompt, Scaffold
    from tui.store import Store


class DraftReads(Protocol):
    """What finding the drafts waiting reads: `Store`, or tui.store.peek_reads.SqliteReads
    (the first screen's, before the store opens)."""

    @property
    def url(self) -> str: ...

    def unfinished(self) -> list[AttemptSummary]: ...


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
    story_id: str | None = None,
    story_title: str = "",
) -> int:
    """Store a new, empty draft of `prompt` (one step per scaffold step); its id. This
    process holds the draft's lease from then on (`release_attempt` gives it back).
    `story_id`: the story of the story bank the person will tell; `story_title` its title
    now, which the attempt keeps (review and export name the story by it)."""
    attempt_id = store.start_attempt(
        prompt,
        scaffold,
        time_limit_s,
        round_run_id=round_run_id,
        now=now,
        story_id=story_id,
        story_title=story_title,
    )
    leases.take(store.url, attempt_id)
    return attempt_id


def claim_draft(store: Store, attempt_id: int) -> bool:
    """Take the lease of a kept draft before writing into it: False when another running
    caseroom is writing it (then this window's text must go into an attempt of its own)."""
    return leases.take(store.url, attempt_id)


def release_attempt(store: Store, attempt_id: int) -> None:
    """This window is done with the attempt: another may claim it now."""
    leases.release(store.url, attempt_id)


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


def _outside_rounds(store: DraftReads) -> list[AttemptSummary]:
    """Unfinished answers outside a mock round that no other running caseroom is writing,
    most recently saved first."""
    drafts = [d for d in store.unfinished() if d.round_run_id is None]
    busy = leases.held_elsewhere(store.url, [d.id for d in drafts])
    return [d for d in drafts if d.id not in busy]


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


def drafts_waiting(store: DraftReads) -> bool:
    """Whether a draft outside a round waits that no other running caseroom is writing
    (`newest_unfinished(store) is not None`, without reading the draft itself)."""
    return bool(_outside_rounds(store))


def drafted_prompt_ids(store: DraftReads) -> set[str]:
    """The prompts with an unfinished answer outside a round (enter offers it back)."""
    return {d.prompt_id for d in _outside_rounds(store)}
