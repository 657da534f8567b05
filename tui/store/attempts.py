"""One attempt's life: start it, autosave its draft, submit or abandon it, read it back.

Also the one shape every list of attempts is read in (`summary_select`, `summary`), which
history and rounds reuse, and `attempt_status`, which reviews use to check an id exists.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Select, insert, select, update

from tui.core.model import Prompt, Scaffold
from tui.core.records import (
    AnswerProgress,
    AttemptDetail,
    AttemptStatus,
    AttemptSummary,
    CoachReviewRecord,
    FollowupReply,
    PromptSnapshot,
    ReviewRecord,
    RoundPart,
    RoundStatus,
    SnapshotStep,
    StepDraft,
)
from tui.store.engine import StoreBase
from tui.store.errors import AttemptClosedError, NotFoundError
from tui.store.schema import (
    attempt,
    coach_review,
    followup_reply,
    review,
    round_run,
    step_answer,
)
from tui.store.values import aware, aware_or_none, checks_from_json, db_time, load_json


class Attempts(StoreBase):
    """Writing and reading single attempts."""

    # -- writing -------------------------------------------------------------------------

    def start_attempt(
        self,
        prompt: Prompt,
        scaffold: Scaffold,
        time_limit_s: int,
        *,
        round_run_id: int | None = None,
        now: datetime | None = None,
        story_id: str | None = None,
        story_title: str = "",
    ) -> int:
        """Create a draft attempt with one empty step answer per scaffold step; its id.

        The attempt keeps the prompt as it is now (`prompt_snapshot`): title, question,
        scaffold steps with their budgets and the time limit, whatever the files do later.
        `story_id` is the story the person will tell (behavioral prompts); `story_title`
        its title now, kept in the snapshot (the story's file may be renamed or go).
        """
        at = db_time(now)
        snapshot = snapshot_of(prompt, scaffold, time_limit_s, story_title if story_id else "")
        with self._write() as conn:
            result = conn.execute(
                insert(attempt).values(
                    person=self.person,
                    prompt_id=prompt.id,
                    prompt_title=prompt.title,
                    track_id=prompt.track,
                    kind=prompt.kind,
                    scaffold_id=scaffold.id,
                    started_at=at,
                    updated_at=at,
                    status="draft",
                    time_limit_s=int(time_limit_s),
                    elapsed_s=0.0,
                    overtime_s=0.0,
                    round_run_id=round_run_id,
                    timer_state="{}",
                    story_id=story_id,
                    prompt_snapshot=json.dumps(snapshot.as_json(), sort_keys=True),
                )
            )
            pk = result.inserted_primary_key
            assert pk is not None
            attempt_id = int(pk[0])
            if scaffold.steps:
                conn.execute(
                    insert(step_answer),
                    [
                        {
                            "person": self.person,
                            "attempt_id": attempt_id,
                            "step_index": index,
                            "step_title": step.title,
                            "text": "",
                            "seconds": 0.0,
                        }
                        for index, step in enumerate(scaffold.steps)
                    ],
                )
        return attempt_id

    def save_draft(
        self, attempt_id: int, progress: AnswerProgress, *, now: datetime | None = None
    ) -> None:
        """Store the draft as it is now (idempotent; cheap enough to run twice a second).

        Raises NotFoundError for an unknown id and AttemptClosedError once the attempt was
        submitted or abandoned (a late autosave must not rewrite a finished attempt).
        """
        with self._write() as conn:
            self._require_draft(conn, attempt_id)
            _write_progress(conn, attempt_id, progress, self.person)
            conn.execute(
                update(attempt).where(attempt.c.id == attempt_id).values(updated_at=db_time(now))
            )

    def submit(
        self, attempt_id: int, progress: AnswerProgress, *, now: datetime | None = None
    ) -> None:
        """Store the final answers and mark the draft submitted."""
        at = db_time(now)
        with self._write() as conn:
            self._require_draft(conn, attempt_id)
            _write_progress(conn, attempt_id, progress, self.person)
            conn.execute(
                update(attempt)
                .where(attempt.c.id == attempt_id)
                .values(status="submitted", submitted_at=at, updated_at=at)
            )

    def abandon(self, attempt_id: int) -> None:
        """Mark a draft abandoned. Its text is kept; abandoning twice is harmless."""
        with self._write() as conn:
            status = attempt_status(conn, attempt_id, self._where, self.person)
            if status == "abandoned":
                return
            if status != "draft":
                raise _closed(attempt_id, status)
            conn.execute(
                update(attempt)
                .where(attempt.c.id == attempt_id)
                .values(status="abandoned", updated_at=db_time(None))
            )

    def _require_draft(self, conn: Connection, attempt_id: int) -> None:
        status = attempt_status(conn, attempt_id, self._where, self.person)
        if status != "draft":
            raise _closed(attempt_id, status)

    # -- reading -------------------------------------------------------------------------

    def unfinished(self) -> list[AttemptSummary]:
        """Drafts not yet submitted or abandoned, most recently saved first."""
        query = (
            summary_select()
            .where(attempt.c.person == self.person, attempt.c.status == "draft")
            .order_by(attempt.c.updated_at.desc(), attempt.c.id.desc())
        )
        with self._read() as conn:
            return [summary(row) for row in conn.execute(query)]

    def attempt(self, attempt_id: int, *, person: str | None = None) -> AttemptDetail:
        """Everything about one of my attempts, or (a coach, reading) of `person`'s.

        Raises NotFoundError for an id that is not that person's. On PostgreSQL the
        server's row-level security decides besides: a person sees only their own.
        """
        owner = self.person if person is None else person
        with self._read() as conn:
            row = conn.execute(
                summary_select().where(attempt.c.id == attempt_id, attempt.c.person == owner)
            ).first()
            if row is None:
                raise NotFoundError(f"There is no attempt number {attempt_id} in {self._where}.")
            timer_raw, snapshot_raw = conn.execute(
                select(attempt.c.timer_state, attempt.c.prompt_snapshot).where(
                    attempt.c.id == attempt_id
                )
            ).one()
            steps = conn.execute(
                select(
                    step_answer.c.step_index,
                    step_answer.c.step_title,
                    step_answer.c.text,
                    step_answer.c.seconds,
                )
                .where(step_answer.c.attempt_id == attempt_id)
                .order_by(step_answer.c.step_index)
            ).all()
            reviews = conn.execute(
                select(
                    review.c.checks,
                    review.c.score,
                    review.c.notes,
                    review.c.created_at,
                    review.c.blind,
                )
                .where(review.c.attempt_id == attempt_id)
                # Non-blind first: AttemptDetail.reviews[0] is the one that scores.
                .order_by(review.c.blind, review.c.created_at, review.c.id)
            ).all()
            followups = conn.execute(
                select(followup_reply.c.question, followup_reply.c.text, followup_reply.c.seconds)
                .where(followup_reply.c.attempt_id == attempt_id)
                .order_by(followup_reply.c.id)
            ).all()
            coached = coach_reviews_of(conn, attempt_id)
            found = summary(row)
            part = round_part_of(conn, found)
        timer_state = load_json(timer_raw, {})
        return AttemptDetail(
            summary=found,
            steps=tuple(
                StepDraft(index=s.step_index, title=s.step_title, text=s.text, seconds=s.seconds)
                for s in steps
            ),
            timer_state=timer_state if isinstance(timer_state, dict) else {},
            reviews=tuple(
                ReviewRecord(
                    checks=checks_from_json(r.checks),
                    score=int(r.score),
                    notes=r.notes,
                    created_at=aware(r.created_at),
                    blind=bool(r.blind),
                )
                for r in reviews
            ),
            followups=tuple(
                FollowupReply(question=f.question, text=f.text, seconds=float(f.seconds))
                for f in followups
            ),
            prompt_snapshot=snapshot_from_json(snapshot_raw),
            coach_reviews=coached,
            round_part=part,
        )


def round_part_of(conn: Connection, found: AttemptSummary) -> RoundPart | None:
    """Which question of its round run `found` answered: None outside a round (or when
    the run is gone); number 0 when its prompt is not among the run's questions."""
    if found.round_run_id is None:
        return None
    run = conn.execute(
        select(
            round_run.c.round_id, round_run.c.prompt_ids, round_run.c.started_at, round_run.c.status
        ).where(round_run.c.id == found.round_run_id, round_run.c.person == found.person)
    ).first()
    if run is None:
        return None
    prompt_ids = [str(p) for p in load_json(run.prompt_ids, [])]
    number = prompt_ids.index(found.prompt_id) + 1 if found.prompt_id in prompt_ids else 0
    return RoundPart(
        run_id=found.round_run_id,
        round_id=str(run.round_id),
        number=number,
        of=len(prompt_ids),
        started_at=aware(run.started_at),
        status=cast(RoundStatus, run.status),
    )


def attempt_status(conn: Connection, attempt_id: int, where: str, person: str | None = None) -> str:
    """The status of attempt `attempt_id` (of `person`, when given); NotFoundError (naming
    `where`) if there is none."""
    query = select(attempt.c.status).where(attempt.c.id == attempt_id)
    if person is not None:
        query = query.where(attempt.c.person == person)
    status = conn.execute(query).scalar()
    if status is None:
        raise NotFoundError(f"There is no attempt number {attempt_id} in {where}.")
    return str(status)


def _closed(attempt_id: int, status: str) -> AttemptClosedError:
    return AttemptClosedError(
        f"Attempt {attempt_id} is already {status}; it was not changed.", detail=status
    )


def _write_progress(
    conn: Connection, attempt_id: int, progress: AnswerProgress, person: str
) -> None:
    """Upsert every step and the attempt's clocks (inside the caller's transaction)."""
    for step in progress.steps:
        # Update in place, insert if the step is new: portable across databases, and
        # atomic because the caller holds the write transaction.
        changed = conn.execute(
            update(step_answer)
            .where(step_answer.c.attempt_id == attempt_id, step_answer.c.step_index == step.index)
            .values(step_title=step.title, text=step.text, seconds=float(step.seconds))
        ).rowcount
        if not changed:
            conn.execute(
                insert(step_answer).values(
                    person=person,
                    attempt_id=attempt_id,
                    step_index=step.index,
                    step_title=step.title,
                    text=step.text,
                    seconds=float(step.seconds),
                )
            )
    conn.execute(
        update(attempt)
        .where(attempt.c.id == attempt_id)
        .values(
            elapsed_s=float(progress.elapsed_s),
            overtime_s=float(progress.overtime_s),
            timer_state=json.dumps(dict(progress.timer_state), sort_keys=True),
        )
    )


def summary_select() -> Select[Any]:
    """The columns of an AttemptSummary, score from the first non-blind review."""
    first_score = (
        select(review.c.score)
        .where(review.c.attempt_id == attempt.c.id, review.c.blind.is_(False))
        .order_by(review.c.created_at, review.c.id)
        .limit(1)
        .scalar_subquery()
    )
    return select(
        attempt.c.id,
        attempt.c.prompt_id,
        attempt.c.prompt_title,
        attempt.c.track_id,
        attempt.c.kind,
        attempt.c.scaffold_id,
        attempt.c.status,
        attempt.c.started_at,
        attempt.c.updated_at,
        attempt.c.submitted_at,
        attempt.c.time_limit_s,
        attempt.c.elapsed_s,
        attempt.c.overtime_s,
        first_score.label("score"),
        attempt.c.round_run_id,
        attempt.c.story_id,
        attempt.c.person,
    )


def summary(row: Row[Any]) -> AttemptSummary:
    """An AttemptSummary from a row of `summary_select()`."""
    return AttemptSummary(
        id=int(row.id),
        prompt_id=row.prompt_id,
        prompt_title=row.prompt_title,
        track_id=row.track_id,
        kind=row.kind,
        scaffold_id=row.scaffold_id,
        status=cast(AttemptStatus, row.status),
        started_at=aware(row.started_at),
        updated_at=aware(row.updated_at),
        submitted_at=aware_or_none(row.submitted_at),
        time_limit_s=int(row.time_limit_s),
        elapsed_s=float(row.elapsed_s),
        overtime_s=float(row.overtime_s),
        score=None if row.score is None else int(row.score),
        round_run_id=None if row.round_run_id is None else int(row.round_run_id),
        story_id=row.story_id,
        person=row.person,
    )


def snapshot_of(
    prompt: Prompt, scaffold: Scaffold, time_limit_s: int, story_title: str = ""
) -> PromptSnapshot:
    """The prompt as it is being answered, with each step's budget for this prompt (and
    the title of the story told, if one is)."""
    return PromptSnapshot(
        title=prompt.title,
        question=prompt.question,
        scaffold_id=scaffold.id,
        scaffold_title=scaffold.title,
        steps=tuple(
            SnapshotStep(title=step.title, budget_s=step.budget_seconds(prompt.minutes))
            for step in scaffold.steps
        ),
        time_limit_s=int(time_limit_s),
        story_title=story_title,
    )


def snapshot_from_json(raw: str | None) -> PromptSnapshot | None:
    """A stored snapshot; None when there is none or it cannot be read."""
    loaded = load_json(raw, None)
    if not isinstance(loaded, dict) or not loaded:
        return None
    try:
        return PromptSnapshot.from_json(loaded)
    except (TypeError, ValueError):
        return None


def coach_reviews_of(conn: Connection, attempt_id: int) -> tuple[CoachReviewRecord, ...]:
    """Coaches' reviews of one attempt, oldest first."""
    rows = conn.execute(
        select(coach_review)
        .where(coach_review.c.attempt_id == attempt_id)
        .order_by(coach_review.c.created_at, coach_review.c.id)
    ).all()
    return tuple(
        CoachReviewRecord(
            attempt_id=int(r.attempt_id),
            coach=r.coach,
            checks=checks_from_json(r.checks),
            score=int(r.score),
            notes=r.notes,
            created_at=aware(r.created_at),
        )
        for r in rows
    )
