"""The store's reads the first screen needs, on plain sqlite3 (of a file of the schema
version in tui.store.peek).

`SqliteReads` answers the same methods as `Store` (same names, same answers) for one SQLite
file and one person, read-only: service code written against the Store's reads
(tui.services.progress, planning, drafts) runs on it unchanged, without importing
sqlmodel, SQLAlchemy or pydantic. Each query is the SQL the Store's own query compiles to
on SQLite, so the answers come back in the same order.

Values are read as the Store writes them through SQLAlchemy: datetimes as naive UTC text
("2026-03-01 09:00:00.000000", read back with `fromisoformat` and made aware UTC), dates
as "YYYY-MM-DD", booleans as 0/1, JSON columns read forgivingly (tui.store.values). A
value that cannot be read raises `sqlite3.DataError`: every failure here is a
`sqlite3.Error`, and the caller falls back to the store.

Nothing is written and the database file is never created; opening a WAL file read-only
lets SQLite itself make its `-shm` / `-wal` side files when absent, as any reader does.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, TypeVar, cast
from urllib.parse import quote

from tui.core.records import AttemptStatus, AttemptSummary, HistoryQuery, InterviewPlan
from tui.store.peek import DEFAULT_PERSON, SCHEMA_VERSION
from tui.store.values import aware, checks_from_json, db_time

P = ParamSpec("P")
T = TypeVar("T")

#: How long a read waits for a lock before giving up (the store answers a moment later).
TIMEOUT_S = 0.2

_FIRST_REVIEWS = (
    "FROM attempt JOIN (SELECT review.attempt_id AS attempt_id, review.score AS score,"
    " review.checks AS checks, row_number() OVER (PARTITION BY review.attempt_id"
    " ORDER BY review.created_at, review.id) AS nth FROM review WHERE review.blind IS 0)"
    " AS anon_1 ON anon_1.attempt_id = attempt.id"
    " WHERE attempt.person = ? AND attempt.status = 'submitted' AND anon_1.nth = 1"
)

_SUMMARY = (
    "SELECT attempt.id, attempt.prompt_id, attempt.prompt_title, attempt.track_id,"
    " attempt.kind, attempt.scaffold_id, attempt.status, attempt.started_at,"
    " attempt.updated_at, attempt.submitted_at, attempt.time_limit_s, attempt.elapsed_s,"
    " attempt.overtime_s, (SELECT review.score FROM review WHERE review.attempt_id ="
    " attempt.id AND review.blind IS 0 ORDER BY review.created_at, review.id LIMIT 1)"
    " AS score, attempt.round_run_id, attempt.story_id, attempt.person FROM attempt"
)


def db_text(value: datetime) -> str:
    """`value` as the Store's SQLite columns keep it (and compare it): naive UTC text."""
    v = db_time(value)
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
        f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
    )


def read_time(raw: object) -> datetime:
    """A datetime column's text as the Store returns it: aware UTC (SQLAlchemy reads
    SQLite's DATETIME text with `fromisoformat` too)."""
    return aware(datetime.fromisoformat(cast(str, raw)))


def read_date(raw: object) -> date:
    return date.fromisoformat(cast(str, raw))


def _reading(method: Callable[P, T]) -> Callable[P, T]:
    """A value that cannot be read (damaged text, a wrong type) as `sqlite3.DataError`:
    every failure of a read is a sqlite3.Error."""

    @functools.wraps(method)
    def read(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except (TypeError, ValueError, KeyError, IndexError) as error:
            raise sqlite3.DataError(f"{method.__name__}: a value cannot be read") from error

    return read


class SqliteReads:
    """The Store's reads of one person's rows in one SQLite file, read-only."""

    def __init__(self, conn: sqlite3.Connection, person: str, url: str) -> None:
        self._conn = conn
        self.person = person
        #: The Store's url for this file (leases are keyed by it).
        self.url = url

    @classmethod
    def open(
        cls, path: Path, person: str = DEFAULT_PERSON, *, url: str | None = None
    ) -> SqliteReads | None:
        """Reads of the file at `path` (`url`: the database URL the Store opens it by,
        `sqlite:///<path>` by default); None if the file is missing, not of this
        caseroom's schema version, or cannot be read now (locked, damaged)."""
        if not path.is_file():
            return None
        try:
            conn = sqlite3.connect(
                f"file:{quote(str(path.resolve()))}?mode=ro",
                uri=True,
                timeout=TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error:
            return None
        try:
            version = conn.execute("SELECT schema_version FROM meta WHERE id = 1").fetchone()
        except sqlite3.Error:
            version = None
        if version is None or version[0] != SCHEMA_VERSION:
            conn.close()
            return None
        return cls(conn, person, url if url is not None else f"sqlite:///{path}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqliteReads:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees the same committed state (one read transaction)."""
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            self._conn.execute("ROLLBACK")

    def _rows(self, sql: str, *params: Any) -> list[Any]:
        return self._conn.execute(sql, params).fetchall()

    # -- history (tui.store.history) ------------------------------------------------------

    @_reading
    def attempt_counts_by_track(self) -> dict[str, int]:
        """Submitted attempts per track id."""
        return self._counts_by("track_id")

    @_reading
    def attempt_counts_by_prompt(self) -> dict[str, int]:
        """Submitted attempts per prompt id."""
        return self._counts_by("prompt_id")

    def _counts_by(self, key: str) -> dict[str, int]:
        rows = self._rows(
            f"SELECT attempt.{key}, count(*) FROM attempt WHERE attempt.person = ?"
            f" AND attempt.status = 'submitted' GROUP BY attempt.{key}",
            self.person,
        )
        return {str(k): int(n) for k, n in rows}

    def count_attempts(self, query: HistoryQuery) -> int:
        """How many of my attempts match `query`: its statuses, since (inclusive) and
        until (exclusive) only; ValueError for a query using any other filter."""
        if query.track_id or query.kind or query.prompt_id or query.text.strip() or query.round_id:
            raise ValueError("SqliteReads.count_attempts filters by status and time only")
        return self._count(query)

    @_reading
    def _count(self, query: HistoryQuery) -> int:
        sql = "SELECT count(*) FROM attempt WHERE attempt.person = ?"
        params: list[Any] = [self.person]
        if query.statuses:
            sql += f" AND attempt.status IN ({', '.join('?' * len(query.statuses))})"
            params.extend(query.statuses)
        # As the store's _when: submitted-only queries compare submitted_at.
        when = "submitted_at" if set(query.statuses) == {"submitted"} else "started_at"
        if query.since is not None:
            sql += f" AND attempt.{when} >= ?"
            params.append(db_text(query.since))
        if query.until is not None:
            sql += f" AND attempt.{when} < ?"
            params.append(db_text(query.until))
        return int(self._rows(sql, *params)[0][0] or 0)

    # -- drafts (tui.store.attempts) ------------------------------------------------------

    @_reading
    def unfinished(self) -> list[AttemptSummary]:
        """Drafts not yet submitted or abandoned, most recently saved first."""
        rows = self._rows(
            _SUMMARY + " WHERE attempt.person = ? AND attempt.status = 'draft'"
            " ORDER BY attempt.updated_at DESC, attempt.id DESC",
            self.person,
        )
        return [_summary(row) for row in rows]

    # -- schedules (tui.store.schedules) --------------------------------------------------

    @_reading
    def schedule_states(self) -> dict[str, tuple[str, datetime]]:
        """prompt id -> (serialised scheduler card, when it is due)."""
        return self._cards("schedule", "prompt_id")

    @_reading
    def story_schedule_states(self) -> dict[str, tuple[str, datetime]]:
        """story id -> (serialised scheduler card, when it is due)."""
        return self._cards("story_schedule", "story_id")

    def _cards(self, table: str, key: str) -> dict[str, tuple[str, datetime]]:
        rows = self._rows(
            f"SELECT {table}.{key} AS key, {table}.state, {table}.due FROM {table}"
            f" WHERE {table}.person = ?",
            self.person,
        )
        return {str(k): (str(state), read_time(due)) for k, state, due in rows}

    # -- coaching (tui.store.coaching) ----------------------------------------------------

    @_reading
    def story_counts(self) -> dict[str, int]:
        """Submitted attempts per story id (stories never told are absent)."""
        rows = self._rows(
            "SELECT attempt.story_id, count(*) FROM attempt WHERE attempt.person = ?"
            " AND attempt.status = 'submitted' AND attempt.story_id IS NOT NULL"
            " GROUP BY attempt.story_id",
            self.person,
        )
        return {str(k): int(n) for k, n in rows}

    @_reading
    def interview_plan(self) -> InterviewPlan | None:
        """My interview plan, or None when no date is set."""
        rows = self._rows(
            "SELECT track_id, interview_date, updated_at FROM interview_plan WHERE person = ?"
            " LIMIT 1",
            self.person,
        )
        if not rows:
            return None
        track_id, day, updated = rows[0]
        return InterviewPlan(
            track_id=track_id, interview_date=read_date(day), updated_at=read_time(updated)
        )

    # -- reviews (tui.store.reviews) ------------------------------------------------------

    @_reading
    def first_reviews(self) -> list[tuple[int, dict[str, bool]]]:
        """(score, rubric answers) of every submitted attempt's first non-blind review."""
        rows = self._rows("SELECT anon_1.score, anon_1.checks " + _FIRST_REVIEWS, self.person)
        return [(int(score), checks_from_json(raw)) for score, raw in rows]

    @_reading
    def latest_scores(self) -> dict[str, int]:
        """Each prompt's score at its latest scored attempt (its first non-blind review)."""
        rows = self._rows(
            "SELECT attempt.prompt_id, anon_1.score "
            + _FIRST_REVIEWS
            + " ORDER BY attempt.submitted_at, attempt.id",
            self.person,
        )
        return {str(prompt_id): int(score) for prompt_id, score in rows}


def _summary(row: Any) -> AttemptSummary:
    """An AttemptSummary from a row of `_SUMMARY` (as tui.store.attempts.summary)."""
    (id_, prompt_id, title, track_id, kind, scaffold_id, status, started, updated) = row[:9]
    (submitted, limit_s, elapsed_s, overtime_s, score, run_id, story_id, person) = row[9:]
    return AttemptSummary(
        id=int(id_),
        prompt_id=prompt_id,
        prompt_title=title,
        track_id=track_id,
        kind=kind,
        scaffold_id=scaffold_id,
        status=cast(AttemptStatus, status),
        started_at=read_time(started),
        updated_at=read_time(updated),
        submitted_at=None if submitted is None else read_time(submitted),
        time_limit_s=int(limit_s),
        elapsed_s=float(elapsed_s),
        overtime_s=float(overtime_s),
        score=None if score is None else int(score),
        round_run_id=None if run_id is None else int(run_id),
        story_id=story_id,
        person=person,
    )
