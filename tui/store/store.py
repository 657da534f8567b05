"""The attempt store: every answer a person typed, their reviews, schedules and round runs.

SQLite by default (a file in the user data directory); any SQLAlchemy URL works. The API is
synchronous and meant for thread workers: each call checks a connection out of the pool,
runs one transaction and hands back plain records from tui.core.records, never ORM objects.
Several threads (and several processes on one SQLite file) may call it at once.

Time: every datetime the store returns is timezone-aware UTC. Every datetime it accepts may
be aware (any zone; converted to UTC) or naive (taken as UTC). SQLite keeps UTC text.

Failures come out as `StoreError` subclasses whose `user_message` says, in plain words,
what happened and what to do. The store never deletes, truncates or overwrites the
database file, whatever goes wrong: a file it cannot use is left exactly as it was.

Importing this module imports sqlmodel (~0.35 s): import it inside a worker, never on the
way to the first frame.
"""

from __future__ import annotations

import errno
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import sqlalchemy.exc
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    column,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel

from tui.core.model import Prompt, Scaffold
from tui.core.records import (
    AttemptDetail,
    AttemptStatus,
    AttemptSummary,
    FollowupReply,
    HistoryQuery,
    ReviewRecord,
    RoundRunRecord,
    RoundStatus,
    StepDraft,
)
from tui.store import schema as db_schema
from tui.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "UPGRADE_STEPS",
    "AttemptClosedError",
    "CorruptDatabaseError",
    "DatabaseLockedError",
    "DiskFullError",
    "ForeignDatabaseError",
    "NewerSchemaError",
    "NotFoundError",
    "ReadOnlyError",
    "Store",
    "StoreError",
    "UpgradeError",
]

A = db_schema.table("attempt")
S = db_schema.table("step_answer")
R = db_schema.table("review")
F = db_schema.table("followup_reply")
SCH = db_schema.table("schedule")
RR = db_schema.table("round_run")
META = db_schema.table("meta")

#: Upgrade steps: UPGRADE_STEPS[n] turns a version-n database into version n+1. They run in
#: order, all inside one write transaction, so a failing step leaves the file as it was.
UPGRADE_STEPS: dict[int, Callable[[Connection], None]] = {}

DEFAULT_BUSY_TIMEOUT_MS = 5000


# --------------------------------------------------------------------------- errors


class StoreError(Exception):
    """Something went wrong in the store; `user_message` says what, for a person to read."""

    def __init__(self, user_message: str, *, detail: str = "") -> None:
        super().__init__(f"{user_message} ({detail})" if detail else user_message)
        self.user_message = user_message
        self.detail = detail


class DatabaseLockedError(StoreError):
    """Another program held the database for longer than the busy timeout."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full; the write did not happen."""


class ReadOnlyError(StoreError):
    """The database file or its folder cannot be written."""


class CorruptDatabaseError(StoreError):
    """The file is not a SQLite database, or is damaged."""


class ForeignDatabaseError(StoreError):
    """The file is a SQLite database, but another program's, not caseroom's."""


class NewerSchemaError(StoreError):
    """The database was written by a newer caseroom; this one leaves it untouched."""

    def __init__(self, user_message: str, *, found: int, supported: int) -> None:
        super().__init__(user_message, detail=f"schema {found} > {supported}")
        self.found = found
        self.supported = supported


class UpgradeError(StoreError):
    """An upgrade step failed; the database was left at its old version."""


class NotFoundError(StoreError):
    """No attempt (or round run) has that id."""


class AttemptClosedError(StoreError):
    """The attempt was already submitted or abandoned, so it takes no more draft saves."""


# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


# --------------------------------------------------------------------------- time and json


def _db_time(value: datetime | None) -> datetime:
    """`value` (or now) as aware UTC; naive values are taken to be UTC already.

    The columns are sqlmodel's UTCDateTime: SQLite keeps UTC text without an offset and
    hands it back aware, other databases use a timezone-aware column.
    """
    if value is None:
        return datetime.now(UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _aware(value: datetime) -> datetime:
    """A value read from a column as aware UTC (belt and braces over UTCDateTime)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _aware_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else _aware(value)


def _load_json(raw: str | None, default: Any) -> Any:
    """Parse a JSON column; a damaged value reads as `default` rather than losing the row."""
    if not raw:
        return default
    try:
        return json.loads(raw)
    except ValueError:
        return default


# --------------------------------------------------------------------------- the store


class Store:
    """The attempt store. Open with `Store.open(url)`; close with `close()` (or `with`)."""

    def __init__(self, url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        """Set up the engine without touching the database; use `Store.open` instead."""
        self.url = url
        parsed = make_url(url)
        self._is_sqlite = parsed.get_backend_name() == "sqlite"
        database = parsed.database or ""
        self._uri_mode = str(parsed.query.get("uri", "")).lower() in ("true", "1")
        self._memory = self._is_sqlite and (database in ("", ":memory:") or "mode=memory" in url)
        self.path: Path | None = None
        if self._is_sqlite and not self._memory:
            self.path = Path(database.removeprefix("file:") if self._uri_mode else database)
        self._where = str(self.path) if self.path else parsed.render_as_string()
        self.engine = self._make_engine(url, busy_timeout_ms)
        # One in-memory database lives on one connection; serialise its callers.
        self._lock: AbstractContextManager[Any] = (
            threading.RLock() if self._memory else nullcontext()
        )
        self._has_fts = False

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Store:
        """Open the database at `url`, creating it (and its folder) or upgrading it.

        Raises a StoreError subclass for a file it cannot use (corrupt, another program's,
        written by a newer caseroom, read-only when it needs creating, locked); such a file
        is left exactly as it was.
        """
        store = cls(url, busy_timeout_ms=busy_timeout_ms)
        try:
            with store._guard():
                store._make_parent_dir()
                store._prepare_schema()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _make_engine(self, url: str, busy_timeout_ms: int) -> Engine:
        """An engine whose SQLite connections follow TRAPS.md: explicit BEGIN IMMEDIATE."""
        if not self._is_sqlite:
            return create_engine(url, pool_pre_ping=True)
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if self._memory:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Take transactions away from Python's sqlite3 module (it lost concurrent
            # writes, see TRAPS.md); the `begin` hook below issues them instead.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
                cursor.execute("PRAGMA synchronous = FULL")
                cursor.execute("PRAGMA foreign_keys = ON")
            finally:
                cursor.close()
            # journal_mode=WAL is persistent in the file, so _prepare_schema sets it once,
            # after checking the file is ours: a file we refuse stays byte-for-byte intact.

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Writers take the write lock up front, so two writers queue on busy_timeout
            # instead of failing halfway; readers use a deferred BEGIN and never block
            # (and work on a read-only file).
            mode = conn.get_execution_options().get("caseroom_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def _make_parent_dir(self) -> None:
        """Create the folder of a SQLite file (not for read-only URIs or memory)."""
        if self.path is None or self._uri_mode:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _prepare_schema(self) -> None:
        """Check what the file holds, then create, upgrade or accept it."""
        version, foreign = self._read_version()
        if version is None and foreign:
            raise ForeignDatabaseError(
                f"{self._where} is a database of another program, not caseroom's. caseroom "
                "left it untouched; point --db at a different file."
            )
        if version is not None and version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{self._where} was written by a newer caseroom (schema version {version}; "
                f"this one knows up to {SCHEMA_VERSION}). caseroom left it untouched: "
                "upgrade caseroom to open it.",
                found=version,
                supported=SCHEMA_VERSION,
            )
        if version is None:
            self._create_schema()
        elif version < SCHEMA_VERSION:
            self._upgrade()
        self._enable_wal()
        self._has_fts = self._is_sqlite and self._table_exists("step_fts")

    def _reader(self) -> Engine:
        return self.engine.execution_options(caseroom_begin="DEFERRED")

    def _read_version(self) -> tuple[int | None, bool]:
        """(schema version or None, whether the file holds other tables), reading only."""
        with self._lock, self._reader().begin() as conn:
            names = set(inspect(conn).get_table_names())
            if "meta" not in names:
                return None, bool(names)
            found = conn.execute(select(META.c.schema_version).where(META.c.id == 1)).scalar()
            return (int(found) if found is not None else 0), True

    def _table_exists(self, name: str) -> bool:
        with self._lock, self._reader().begin() as conn:
            return name in inspect(conn).get_table_names()

    def _create_schema(self) -> None:
        """Create every table at SCHEMA_VERSION, in one transaction."""
        with self._lock, self.engine.begin() as conn:
            # Another process may have created it while we looked: check under the lock.
            if "meta" in inspect(conn).get_table_names():
                return
            SQLModel.metadata.create_all(conn)
            if self._is_sqlite and self._fts5_available(conn):
                for ddl in db_schema.SQLITE_FTS_DDL:
                    conn.exec_driver_sql(ddl)
            conn.execute(insert(META).values(id=1, schema_version=SCHEMA_VERSION))

    @staticmethod
    def _fts5_available(conn: Connection) -> bool:
        options = {row[0] for row in conn.exec_driver_sql("PRAGMA compile_options")}
        return "ENABLE_FTS5" in options

    def _upgrade(self) -> None:
        """Run the upgrade steps from the stored version to SCHEMA_VERSION, atomically."""
        with self._lock, self.engine.begin() as conn:
            found = conn.execute(select(META.c.schema_version).where(META.c.id == 1)).scalar()
            version = int(found or 0)
            while version < SCHEMA_VERSION:
                step = UPGRADE_STEPS.get(version)
                if step is None:
                    raise UpgradeError(
                        f"caseroom does not know how to upgrade {self._where} from schema "
                        f"version {version}. The file was left as it was."
                    )
                try:
                    step(conn)
                except sqlalchemy.exc.DBAPIError:
                    raise  # _guard turns it into a typed error (disk full, read-only...)
                except Exception as exc:
                    raise UpgradeError(
                        f"Upgrading {self._where} from schema version {version} failed. "
                        "The file was left as it was.",
                        detail=repr(exc),
                    ) from exc
                version += 1
                conn.execute(update(META).where(META.c.id == 1).values(schema_version=version))

    def _enable_wal(self) -> None:
        """Switch a SQLite file to WAL (persistent; a no-op when it already is)."""
        if self.path is None:
            return
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                # Outside any transaction: journal_mode cannot change inside one.
                cursor.execute("PRAGMA journal_mode = WAL")
            finally:
                cursor.close()
        except sqlite3.OperationalError as exc:
            # A read-only file keeps whatever mode it has; reading still works.
            if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) != _SQLITE_READONLY:
                raise
        finally:
            raw.close()

    # -- transactions and errors ---------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), errors made typed."""
        with self._guard(), self._lock, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One read transaction (deferred BEGIN: never waits on writers in WAL)."""
        with self._guard(), self._lock, self._reader().begin() as conn:
            yield conn

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn driver and OS errors into StoreError subclasses with plain words."""
        try:
            yield
        except StoreError:
            raise
        except sqlalchemy.exc.DBAPIError as exc:
            raise self._translate(exc.orig, str(exc.orig)) from exc
        except sqlite3.Error as exc:
            raise self._translate(exc, str(exc)) from exc
        except OSError as exc:
            raise self._translate_os(exc) from exc

    def _translate(self, orig: BaseException | None, detail: str) -> StoreError:
        """A typed error for a database driver error."""
        code = int(getattr(orig, "sqlite_errorcode", -1))
        primary = code & 0xFF if code >= 0 else -1
        where = self._where
        if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in detail:
            return DatabaseLockedError(
                f"{where} is busy: another caseroom window or program kept it locked. "
                "Nothing was saved this time; try again in a moment.",
                detail=detail,
            )
        if primary == _SQLITE_FULL or "disk is full" in detail:
            return DiskFullError(
                f"The disk holding {where} is full. Nothing was saved this time, and what "
                "was saved before is safe; free some space and try again.",
                detail=detail,
            )
        if primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in detail:
            return ReadOnlyError(
                f"caseroom cannot write to {where}: the file or its folder is read-only. "
                "Fix its permissions, or start caseroom with --db pointing somewhere "
                "writable.",
                detail=detail,
            )
        if primary in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
            return CorruptDatabaseError(
                f"{where} is not a caseroom database, or it is damaged. caseroom left it "
                "untouched: move it aside (or use --db) to start a fresh history.",
                detail=detail,
            )
        if primary == _SQLITE_CANTOPEN:
            return ReadOnlyError(
                f"caseroom cannot open {where}: check that its folder exists and can be "
                "written, or start caseroom with --db pointing somewhere else.",
                detail=detail,
            )
        return StoreError(f"The database {where} reported an error.", detail=detail)

    def _translate_os(self, exc: OSError) -> StoreError:
        """A typed error for a file-system error (creating the database folder)."""
        if exc.errno == errno.ENOSPC:
            return DiskFullError(
                f"The disk holding {self._where} is full; free some space and try again.",
                detail=str(exc),
            )
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnlyError(
                f"caseroom cannot create {self._where}: its folder is read-only. Start "
                "caseroom with --db pointing somewhere writable.",
                detail=str(exc),
            )
        return StoreError(f"caseroom cannot reach {self._where}.", detail=str(exc))

    # -- attempts: writing ---------------------------------------------------------------

    def start_attempt(
        self,
        prompt: Prompt,
        scaffold: Scaffold,
        time_limit_s: int,
        *,
        round_run_id: int | None = None,
        now: datetime | None = None,
    ) -> int:
        """Create a draft attempt with one empty step answer per scaffold step; its id."""
        at = _db_time(now)
        with self._write() as conn:
            result = conn.execute(
                insert(A).values(
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
                )
            )
            pk = result.inserted_primary_key
            assert pk is not None
            attempt_id = int(pk[0])
            if scaffold.steps:
                conn.execute(
                    insert(S),
                    [
                        {
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
        self,
        attempt_id: int,
        steps: Sequence[StepDraft],
        *,
        elapsed_s: float,
        overtime_s: float,
        timer_state: Mapping[str, Any],
        now: datetime | None = None,
    ) -> None:
        """Store the draft as it is now (idempotent; cheap enough to run twice a second).

        Raises NotFoundError for an unknown id and AttemptClosedError once the attempt was
        submitted or abandoned (a late autosave must not rewrite a finished attempt).
        """
        with self._write() as conn:
            self._require_draft(conn, attempt_id)
            self._write_progress(conn, attempt_id, steps, elapsed_s, overtime_s, timer_state)
            conn.execute(update(A).where(A.c.id == attempt_id).values(updated_at=_db_time(now)))

    def submit(
        self,
        attempt_id: int,
        steps: Sequence[StepDraft],
        *,
        elapsed_s: float,
        overtime_s: float,
        timer_state: Mapping[str, Any],
        now: datetime | None = None,
    ) -> None:
        """Store the final answers and mark the draft submitted."""
        at = _db_time(now)
        with self._write() as conn:
            self._require_draft(conn, attempt_id)
            self._write_progress(conn, attempt_id, steps, elapsed_s, overtime_s, timer_state)
            conn.execute(
                update(A)
                .where(A.c.id == attempt_id)
                .values(status="submitted", submitted_at=at, updated_at=at)
            )

    def abandon(self, attempt_id: int) -> None:
        """Mark a draft abandoned. Its text is kept; abandoning twice is harmless."""
        with self._write() as conn:
            status = self._status(conn, attempt_id)
            if status == "abandoned":
                return
            if status != "draft":
                raise self._closed(attempt_id, status)
            conn.execute(
                update(A)
                .where(A.c.id == attempt_id)
                .values(status="abandoned", updated_at=_db_time(None))
            )

    def _status(self, conn: Connection, attempt_id: int) -> str:
        status = conn.execute(select(A.c.status).where(A.c.id == attempt_id)).scalar()
        if status is None:
            raise NotFoundError(f"There is no attempt number {attempt_id} in {self._where}.")
        return str(status)

    def _require_draft(self, conn: Connection, attempt_id: int) -> None:
        status = self._status(conn, attempt_id)
        if status != "draft":
            raise self._closed(attempt_id, status)

    @staticmethod
    def _closed(attempt_id: int, status: str) -> AttemptClosedError:
        return AttemptClosedError(
            f"Attempt {attempt_id} is already {status}; it was not changed.", detail=status
        )

    @staticmethod
    def _write_progress(
        conn: Connection,
        attempt_id: int,
        steps: Sequence[StepDraft],
        elapsed_s: float,
        overtime_s: float,
        timer_state: Mapping[str, Any],
    ) -> None:
        """Upsert every step and the attempt's clocks (inside the caller's transaction)."""
        for step in steps:
            # Update in place, insert if the step is new: portable across databases, and
            # atomic because the caller holds the write transaction.
            changed = conn.execute(
                update(S)
                .where(S.c.attempt_id == attempt_id, S.c.step_index == step.index)
                .values(step_title=step.title, text=step.text, seconds=float(step.seconds))
            ).rowcount
            if not changed:
                conn.execute(
                    insert(S).values(
                        attempt_id=attempt_id,
                        step_index=step.index,
                        step_title=step.title,
                        text=step.text,
                        seconds=float(step.seconds),
                    )
                )
        conn.execute(
            update(A)
            .where(A.c.id == attempt_id)
            .values(
                elapsed_s=float(elapsed_s),
                overtime_s=float(overtime_s),
                timer_state=json.dumps(dict(timer_state), sort_keys=True),
            )
        )

    # -- attempts: reading ---------------------------------------------------------------

    @staticmethod
    def _summary_select() -> Select[Any]:
        """The columns of an AttemptSummary, score from the first non-blind review."""
        first_score = (
            select(R.c.score)
            .where(R.c.attempt_id == A.c.id, R.c.blind.is_(False))
            .order_by(R.c.created_at, R.c.id)
            .limit(1)
            .scalar_subquery()
        )
        return select(
            A.c.id,
            A.c.prompt_id,
            A.c.prompt_title,
            A.c.track_id,
            A.c.kind,
            A.c.scaffold_id,
            A.c.status,
            A.c.started_at,
            A.c.updated_at,
            A.c.submitted_at,
            A.c.time_limit_s,
            A.c.elapsed_s,
            A.c.overtime_s,
            first_score.label("score"),
            A.c.round_run_id,
        )

    @staticmethod
    def _summary(row: Row[Any]) -> AttemptSummary:
        return AttemptSummary(
            id=int(row.id),
            prompt_id=row.prompt_id,
            prompt_title=row.prompt_title,
            track_id=row.track_id,
            kind=row.kind,
            scaffold_id=row.scaffold_id,
            status=cast(AttemptStatus, row.status),
            started_at=_aware(row.started_at),
            updated_at=_aware(row.updated_at),
            submitted_at=_aware_or_none(row.submitted_at),
            time_limit_s=int(row.time_limit_s),
            elapsed_s=float(row.elapsed_s),
            overtime_s=float(row.overtime_s),
            score=None if row.score is None else int(row.score),
            round_run_id=None if row.round_run_id is None else int(row.round_run_id),
        )

    def unfinished(self) -> list[AttemptSummary]:
        """Drafts not yet submitted or abandoned, most recently saved first."""
        query = (
            self._summary_select()
            .where(A.c.status == "draft")
            .order_by(A.c.updated_at.desc(), A.c.id.desc())
        )
        with self._read() as conn:
            return [self._summary(row) for row in conn.execute(query)]

    def attempt(self, attempt_id: int) -> AttemptDetail:
        """Everything about one attempt. Raises NotFoundError for an unknown id."""
        with self._read() as conn:
            row = conn.execute(self._summary_select().where(A.c.id == attempt_id)).first()
            if row is None:
                raise NotFoundError(f"There is no attempt number {attempt_id} in {self._where}.")
            timer_raw = conn.execute(select(A.c.timer_state).where(A.c.id == attempt_id)).scalar()
            steps = conn.execute(
                select(S.c.step_index, S.c.step_title, S.c.text, S.c.seconds)
                .where(S.c.attempt_id == attempt_id)
                .order_by(S.c.step_index)
            ).all()
            reviews = conn.execute(
                select(R.c.checks, R.c.score, R.c.notes, R.c.created_at, R.c.blind)
                .where(R.c.attempt_id == attempt_id)
                # Non-blind first: AttemptDetail.reviews[0] is the one that scores.
                .order_by(R.c.blind, R.c.created_at, R.c.id)
            ).all()
            followups = conn.execute(
                select(F.c.question, F.c.text, F.c.seconds)
                .where(F.c.attempt_id == attempt_id)
                .order_by(F.c.id)
            ).all()
        timer_state = _load_json(timer_raw, {})
        return AttemptDetail(
            summary=self._summary(row),
            steps=tuple(
                StepDraft(index=s.step_index, title=s.step_title, text=s.text, seconds=s.seconds)
                for s in steps
            ),
            timer_state=timer_state if isinstance(timer_state, dict) else {},
            reviews=tuple(
                ReviewRecord(
                    checks=_checks(r.checks),
                    score=int(r.score),
                    notes=r.notes,
                    created_at=_aware(r.created_at),
                    blind=bool(r.blind),
                )
                for r in reviews
            ),
            followups=tuple(
                FollowupReply(question=f.question, text=f.text, seconds=float(f.seconds))
                for f in followups
            ),
        )

    def attempts(self, query: HistoryQuery) -> list[AttemptSummary]:
        """One page of history matching `query`, newest first.

        Newest means latest submitted for submitted-only queries, else latest started.
        `since` is inclusive and `until` exclusive. `text` matches the prompt title or a
        step answer: on SQLite each word of the filter must start a word of the title or of
        one step ("retent" finds "retention"); elsewhere it is a substring match.
        """
        when = self._when(query)
        statement = (
            self._summary_select()
            .where(*self._filters(query))
            .order_by(when.desc(), A.c.id.desc())
            .limit(max(0, query.limit))
            .offset(max(0, query.offset))
        )
        with self._read() as conn:
            return [self._summary(row) for row in conn.execute(statement)]

    def count_attempts(self, query: HistoryQuery) -> int:
        """How many attempts match `query` (ignoring its limit and offset)."""
        statement = select(func.count()).select_from(A).where(*self._filters(query))
        with self._read() as conn:
            return int(conn.execute(statement).scalar() or 0)

    @staticmethod
    def _when(query: HistoryQuery) -> ColumnElement[Any]:
        # Submitted-only history (the common case) orders on submitted_at so that the
        # (status, submitted_at) index serves the first page without sorting.
        if set(query.statuses) == {"submitted"}:
            return A.c.submitted_at
        return A.c.started_at

    def _filters(self, query: HistoryQuery) -> list[ColumnElement[bool]]:
        """WHERE clauses for a history query; empty fields do not filter."""
        clauses: list[ColumnElement[bool]] = []
        if query.statuses:
            statuses = tuple(query.statuses)
            clauses.append(
                A.c.status == statuses[0] if len(statuses) == 1 else A.c.status.in_(statuses)
            )
        for value, column_ in (
            (query.track_id, A.c.track_id),
            (query.kind, A.c.kind),
            (query.prompt_id, A.c.prompt_id),
        ):
            if value:
                clauses.append(column_ == value)
        when = self._when(query)
        if query.since is not None:
            clauses.append(when >= _db_time(query.since))
        if query.until is not None:
            clauses.append(when < _db_time(query.until))
        if query.text.strip():
            clauses.append(self._text_filter(query.text.strip()))
        return clauses

    def _text_filter(self, needle: str) -> ColumnElement[bool]:
        """The prompt title or a step answer matches `needle`.

        With SQLite's full-text index: every word of `needle` starts a word of the title or
        of one step. Without it: the title or a step contains `needle` as a substring.
        """
        fts_query = _fts_query(needle)
        if self._has_fts and fts_query:
            matching = (
                text(f"SELECT rowid / {db_schema.FTS_SLOTS} FROM step_fts WHERE step_fts MATCH :q")
                .bindparams(q=fts_query)
                .columns(column("attempt_id"))
            )
            return A.c.id.in_(matching)
        # No full-text index (another database, SQLite without FTS5): a scan.
        lowered = needle.lower()
        step_text = (
            select(S.c.id)
            .where(
                S.c.attempt_id == A.c.id, func.lower(S.c.text).contains(lowered, autoescape=True)
            )
            .exists()
        )
        return or_(func.lower(A.c.prompt_title).contains(lowered, autoescape=True), step_text)

    def attempt_counts_by_prompt(self) -> dict[str, int]:
        """Submitted attempts per prompt id."""
        return self._counts_by(A.c.prompt_id)

    def attempt_counts_by_track(self) -> dict[str, int]:
        """Submitted attempts per track id."""
        return self._counts_by(A.c.track_id)

    def _counts_by(self, key: ColumnElement[Any]) -> dict[str, int]:
        statement = select(key, func.count()).where(A.c.status == "submitted").group_by(key)
        with self._read() as conn:
            return {str(k): int(n) for k, n in conn.execute(statement)}

    # -- reviews and follow-ups ----------------------------------------------------------

    def first_reviews(self) -> list[tuple[int, dict[str, bool]]]:
        """(score, rubric answers) of every submitted attempt's first non-blind review.

        One query for the whole history: the first review is the one that counts (blind
        re-reviews are for calibration), as in the attempt's score.
        """
        ranked = (
            select(
                R.c.attempt_id,
                R.c.score,
                R.c.checks,
                func.row_number()
                .over(partition_by=R.c.attempt_id, order_by=(R.c.created_at, R.c.id))
                .label("nth"),
            )
            .where(R.c.blind.is_(False))
            .subquery()
        )
        statement = (
            select(ranked.c.score, ranked.c.checks)
            .select_from(A.join(ranked, ranked.c.attempt_id == A.c.id))
            .where(A.c.status == "submitted", ranked.c.nth == 1)
        )
        with self._read() as conn:
            return [(int(score), _checks(raw)) for score, raw in conn.execute(statement)]

    def save_review(
        self,
        attempt_id: int,
        checks: Mapping[str, bool],
        score: int,
        notes: str,
        *,
        blind: bool = False,
        now: datetime | None = None,
    ) -> None:
        """Store a review. An attempt has one scoring review: its first non-blind one.
        Saving a non-blind review when there is one already edits that row in place
        (checks, score, note; it keeps its date, so it stays the first and its place in
        the prompt's schedule); otherwise it adds it. A blind re-review (for calibration)
        is always another row with blind=True, never edited."""
        if not 1 <= int(score) <= 5:
            raise ValueError(f"score must be 1-5, got {score}")
        values = {
            # Rubric order is kept (not sorted): the review screen shows it as asked.
            "checks": json.dumps({str(q): bool(v) for q, v in checks.items()}),
            "score": int(score),
            "notes": notes,
        }
        with self._write() as conn:
            self._status(conn, attempt_id)
            first = None
            if not blind:
                first = conn.execute(
                    select(R.c.id)
                    .where(R.c.attempt_id == attempt_id, R.c.blind.is_(False))
                    .order_by(R.c.created_at, R.c.id)
                    .limit(1)
                ).scalar()
            if first is not None:
                conn.execute(update(R).where(R.c.id == first).values(**values))
                return
            conn.execute(
                insert(R).values(
                    attempt_id=attempt_id,
                    created_at=_db_time(now),
                    blind=bool(blind),
                    **values,
                )
            )

    def scored_reviews(self, prompt_id: str) -> list[tuple[int, datetime]]:
        """(score, reviewed at) of the first non-blind review of each attempt at
        `prompt_id`, oldest first: the reviews the prompt's schedule is built from."""
        ranked = (
            select(
                R.c.score,
                R.c.created_at,
                R.c.id,
                func.row_number()
                .over(partition_by=R.c.attempt_id, order_by=(R.c.created_at, R.c.id))
                .label("nth"),
            )
            .select_from(R.join(A, A.c.id == R.c.attempt_id))
            .where(A.c.prompt_id == prompt_id, R.c.blind.is_(False))
            .subquery()
        )
        statement = (
            select(ranked.c.score, ranked.c.created_at)
            .where(ranked.c.nth == 1)
            .order_by(ranked.c.created_at, ranked.c.id)
        )
        with self._read() as conn:
            return [(int(score), _aware(when)) for score, when in conn.execute(statement)]

    def add_followup_reply(self, attempt_id: int, question: str, text: str, seconds: float) -> int:
        """Record a reply to a follow-up question; return its row id."""
        return self.save_followup_reply(attempt_id, question, text, seconds)

    def save_followup_reply(
        self,
        attempt_id: int,
        question: str,
        text: str,
        seconds: float,
        *,
        reply_id: int | None = None,
    ) -> int:
        """Store a follow-up reply and return its row id: a new row, or with `reply_id` the
        same row updated in place (pushback autosaves a reply while it is typed, and it must
        never end up stored twice). A `reply_id` whose row is gone gets a new row."""
        values = {"question": question, "text": text, "seconds": float(seconds)}
        with self._write() as conn:
            self._status(conn, attempt_id)
            if reply_id is not None:
                changed = conn.execute(
                    update(F)
                    .where(F.c.id == reply_id, F.c.attempt_id == attempt_id)
                    .values(**values)
                ).rowcount
                if changed:
                    return reply_id
            pk = conn.execute(
                insert(F).values(attempt_id=attempt_id, **values)
            ).inserted_primary_key
            assert pk is not None
            return int(pk[0])

    def drop_followup_reply(self, attempt_id: int, reply_id: int) -> None:
        """Remove one reply row. Only for a reply autosave stored that the person has since
        emptied on screen: a blank reply is not kept, and no typed text is lost by it."""
        with self._write() as conn:
            conn.execute(delete(F).where(F.c.id == reply_id, F.c.attempt_id == attempt_id))

    # -- schedule ------------------------------------------------------------------------

    def schedule_states(self) -> dict[str, tuple[str, datetime]]:
        """prompt id -> (serialised scheduler card, when it is due)."""
        with self._read() as conn:
            rows = conn.execute(select(SCH.c.prompt_id, SCH.c.state, SCH.c.due)).all()
        return {row.prompt_id: (row.state, _aware(row.due)) for row in rows}

    def put_schedule(self, prompt_id: str, state_json: str, due: datetime) -> None:
        """Store (replace) the scheduler card of one prompt."""
        values = {"state": state_json, "due": _db_time(due)}
        with self._write() as conn:
            changed = conn.execute(
                update(SCH).where(SCH.c.prompt_id == prompt_id).values(**values)
            ).rowcount
            if not changed:
                conn.execute(insert(SCH).values(prompt_id=prompt_id, **values))

    # -- rounds --------------------------------------------------------------------------

    def start_round(
        self, round_id: str, prompt_ids: Sequence[str], *, now: datetime | None = None
    ) -> int:
        """Start a run of a mock round over `prompt_ids` (in the order they will be asked)."""
        with self._write() as conn:
            result = conn.execute(
                insert(RR).values(
                    round_id=round_id,
                    prompt_ids=json.dumps(list(prompt_ids)),
                    position=0,
                    status="running",
                    started_at=_db_time(now),
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
        self._update_round(run_id, status="finished", finished_at=_db_time(now))

    def abandon_round(self, run_id: int, *, now: datetime | None = None) -> None:
        """Mark the run abandoned (its attempts stay as they are)."""
        self._update_round(run_id, status="abandoned", finished_at=_db_time(now))

    def _update_round(self, run_id: int, **values: Any) -> None:
        with self._write() as conn:
            changed = conn.execute(update(RR).where(RR.c.id == run_id).values(**values)).rowcount
            if not changed:
                raise NotFoundError(f"There is no round run number {run_id} in {self._where}.")

    def unfinished_rounds(self) -> list[RoundRunRecord]:
        """Round runs still running, newest first."""
        statement = (
            select(RR)
            .where(RR.c.status == "running")
            .order_by(RR.c.started_at.desc(), RR.c.id.desc())
        )
        with self._read() as conn:
            rows = conn.execute(statement).all()
        return [
            RoundRunRecord(
                id=int(row.id),
                round_id=row.round_id,
                prompt_ids=tuple(str(p) for p in _load_json(row.prompt_ids, [])),
                position=int(row.position),
                status=cast(RoundStatus, row.status),
                started_at=_aware(row.started_at),
                finished_at=_aware_or_none(row.finished_at),
            )
            for row in rows
        ]

    def round_attempts(self, run_id: int) -> list[AttemptSummary]:
        """The attempts made in one round run, in the order they were started."""
        statement = (
            self._summary_select()
            .where(A.c.round_run_id == run_id)
            .order_by(A.c.started_at, A.c.id)
        )
        with self._read() as conn:
            return [self._summary(row) for row in conn.execute(statement)]


def _checks(raw: str | None) -> dict[str, bool]:
    loaded = _load_json(raw, {})
    if not isinstance(loaded, dict):
        return {}
    return {str(q): bool(v) for q, v in loaded.items()}


_WORD = re.compile(r"\w+", re.UNICODE)


def _fts_query(needle: str) -> str:
    """An FTS5 query: every word of `needle` as a quoted prefix ("word"*), all required.

    Quoting makes user input inert (no FTS syntax errors from quotes, NEAR, AND...).
    """
    return " AND ".join(f'"{word}"*' for word in _WORD.findall(needle))
