"""Runs through timed mock rounds: start, advance, finish or abandon, and read them back.

A run keeps the prompt ids in the order they will be asked and how far it got; the attempts
made in it point at the run (attempt.round_run_id).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, func, insert, select, update

from tui.core.records import AttemptSummary, RoundRunRecord, RoundStatus
from tui.store.attempts import summary, summary_select
from tui.store.engine import StoreBase
from tui.store.errors import NotFoundError
from tui.store.schema import attempt, round_run
from tui.store.values import aware, aware_or_none, db_time, load_json


class Rounds(StoreBase):
    """Writing and reading round runs."""

    def start_round(
        self, round_id: str, prompt_ids: Sequence[str], *, now: datetime | None = None
    ) -> int:
        """Start a run of a mock round over `prompt_ids` (in the order they will be asked)."""
        with self._write() as conn:
            result = conn.execute(
                insert(round_run).values(
                    person=self.person,
                    round_id=round_id,
                    prompt_ids=json.dumps(list(prompt_ids)),
                    position=0,
                    status="running",
                    started_at=db_time(now),
                )
            )
            pk = result.inserted_primary_key
            assert pk is not None
            return int(pk[0])

    def advance_round(self, run_id: int, position: int) -> None:
        """Record that the run is now at prompt number `position` (0-based)."""
        self._update_round(run_id, position=int(position))

    def finish_round(self, run_id: int, *, now: datetime | None = None) -> None:
        """Mark the run finished."""
        self._update_round(run_id, status="finished", finished_at=db_time(now))

    def abandon_round(self, run_id: int, *, now: datetime | None = None) -> None:
        """Mark the run abandoned (its attempts stay as they are)."""
        self._update_round(run_id, status="abandoned", finished_at=db_time(now))

    def _update_round(self, run_id: int, **values: Any) -> None:
        with self._write() as conn:
            changed = conn.execute(
                update(round_run)
                .where(round_run.c.id == run_id, round_run.c.person == self.person)
                .values(**values)
            ).rowcount
            if not changed:
                raise NotFoundError(f"There is no round run number {run_id} in {self._where}.")

    def unfinished_rounds(self) -> list[RoundRunRecord]:
        """Round runs still running, newest first."""
        return self._runs(round_run.c.status == "running")

    def past_rounds(self) -> list[RoundRunRecord]:
        """Round runs that ended (finished, or ended early), newest first: their summaries
        can be opened again."""
        return self._runs(round_run.c.status.in_(("finished", "abandoned")))

    def round_run(self, run_id: int) -> RoundRunRecord:
        """One round run; NotFoundError if it is not mine."""
        runs = self._runs(round_run.c.id == run_id)
        if not runs:
            raise NotFoundError(f"There is no round run number {run_id} in {self._where}.")
        return runs[0]

    def _runs(self, where: ColumnElement[bool]) -> list[RoundRunRecord]:
        statement = (
            select(round_run)
            .where(round_run.c.person == self.person, where)
            .order_by(round_run.c.started_at.desc(), round_run.c.id.desc())
        )
        with self._read() as conn:
            rows = conn.execute(statement).all()
        return [
            RoundRunRecord(
                id=int(row.id),
                round_id=row.round_id,
                prompt_ids=tuple(str(p) for p in load_json(row.prompt_ids, [])),
                position=int(row.position),
                status=cast(RoundStatus, row.status),
                started_at=aware(row.started_at),
                finished_at=aware_or_none(row.finished_at),
            )
            for row in rows
        ]

    def answered_per_round_run(self) -> dict[int, int]:
        """Submitted attempts per round run id (runs with none are left out)."""
        statement = (
            select(attempt.c.round_run_id, func.count())
            .where(
                attempt.c.person == self.person,
                attempt.c.status == "submitted",
                attempt.c.round_run_id.is_not(None),
            )
            .group_by(attempt.c.round_run_id)
        )
        with self._read() as conn:
            return {int(run): int(n) for run, n in conn.execute(statement)}

    def round_attempts(self, run_id: int) -> list[AttemptSummary]:
        """The attempts made in one round run, in the order they were started."""
        statement = (
            summary_select()
            .where(attempt.c.person == self.person, attempt.c.round_run_id == run_id)
            .order_by(attempt.c.started_at, attempt.c.id)
        )
        with self._read() as conn:
            return [summary(row) for row in conn.execute(statement)]
