"""The engine under the store, its transactions, and the guard that makes errors typed.

`make_engine` builds a SQLAlchemy engine whose SQLite connections follow TRAPS.md (Python's
own transaction handling off, PRAGMAs on connect, BEGIN IMMEDIATE for writers). `StoreBase`
owns that engine and gives every query module the same three tools: `_write()` and
`_read()` transactions and `_guard()`, which turns driver and OS errors into StoreErrors.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any, Self
from urllib.parse import unquote

import sqlalchemy.exc
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from tui.store.errors import (
    DatabaseFileLostError,
    StoreError,
    translate_driver_error,
    translate_os_error,
    unknown_url_error,
)
from tui.store.schema import DEFAULT_PERSON

DEFAULT_BUSY_TIMEOUT_MS = 5000


def make_engine(url: str, busy_timeout_ms: int, *, sqlite: bool, memory: bool) -> Engine:
    """An engine whose SQLite connections follow TRAPS.md: explicit BEGIN IMMEDIATE."""
    if not sqlite:
        return create_engine(url, pool_pre_ping=True)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
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
        # journal_mode=WAL is persistent in the file, so the schema setup sets it once,
        # after checking the file is ours: a file we refuse stays byte-for-byte intact.

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two writers queue on busy_timeout
        # instead of failing halfway; readers use a deferred BEGIN and never block
        # (and work on a read-only file).
        mode = conn.get_execution_options().get("caseroom_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _parse_url(url: str) -> URL:
    """The parsed URL; a StoreError in plain words when it is not one."""
    try:
        return make_url(url)
    except sqlalchemy.exc.ArgumentError as exc:
        raise unknown_url_error(url, exc) from exc


def _build_engine(url: str, busy_timeout_ms: int, *, sqlite: bool, memory: bool) -> Engine:
    """`make_engine`, with an unknown scheme or a missing driver made a StoreError."""
    try:
        return make_engine(url, busy_timeout_ms, sqlite=sqlite, memory=memory)
    except (sqlalchemy.exc.ArgumentError, sqlalchemy.exc.NoSuchModuleError, ImportError) as exc:
        raise unknown_url_error(url, exc) from exc


class StoreBase:
    """The engine, where the database is, and the transactions every query runs in."""

    def __init__(
        self,
        url: str,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        person: str | None = None,
    ) -> None:
        """Set up the engine without touching the database; use `Store.open` instead.

        Raises StoreError for a URL no engine can be built for (unknown scheme, missing
        driver), in plain words.
        """
        self.url = url
        #: How long a call waits for a database another connection has locked.
        self.busy_timeout_ms = busy_timeout_ms
        parsed = _parse_url(url)
        self._is_sqlite = parsed.get_backend_name() == "sqlite"
        self._is_postgres = parsed.get_backend_name() == "postgresql"
        database = parsed.database or ""
        self._uri_mode = str(parsed.query.get("uri", "")).lower() in ("true", "1")
        self._memory = self._is_sqlite and (database in ("", ":memory:") or "mode=memory" in url)
        self.path: Path | None = None
        if self._is_sqlite and not self._memory:
            self.path = Path(
                unquote(database.removeprefix("file:")) if self._uri_mode else database
            )
        self._where = str(self.path) if self.path else parsed.render_as_string()
        self.engine = _build_engine(
            url, busy_timeout_ms, sqlite=self._is_sqlite, memory=self._memory
        )
        # One in-memory database lives on one connection; serialise its callers.
        self._lock: AbstractContextManager[Any] = (
            threading.RLock() if self._memory else nullcontext()
        )
        self._has_fts = False
        self._has_tsvector = False
        #: Whose rows this store writes and reads as "mine" (resolved by `_resolve_person`).
        self.person = person or DEFAULT_PERSON
        self._person_given = person is not None
        # Which file the connections have open (device, inode), learnt on the first
        # connection; `check_file` compares the path with it before every transaction.
        self._file_id: tuple[int, int] | None = None
        self._file_lost = False
        if self.path is not None:
            event.listen(self.engine, "connect", self._remember_file)

    def _resolve_person(self) -> None:
        """On PostgreSQL, unless told otherwise, the person is the connected role."""
        if self._person_given or self._is_sqlite:
            return
        with self._read() as conn:
            self.person = str(conn.execute(text("SELECT current_user")).scalar())

    def _remember_file(self, _dbapi_connection: Any, _record: Any) -> None:
        if self._file_id is None and self.path is not None:
            # An error here: SQLite's own open reports what is wrong with the path.
            with suppress(OSError):
                self._file_id = _file_identity(self.path)

    def check_file(self) -> None:
        """Raise DatabaseFileLostError if the file at the database's path is not the one
        open any more (its folder or it was deleted, or another file was put there).

        SQLite goes on writing to an unlinked file and every write "succeeds", then
        vanishes at exit (TRAPS.md); a new connection would make an empty database. Once
        lost, always lost: the store never starts over on a new file mid-run.
        """
        if self._file_lost:
            raise self._lost_error()
        if self.path is None or self._file_id is None:
            return
        try:
            now: tuple[int, int] | None = _file_identity(self.path)
        except (FileNotFoundError, NotADirectoryError):
            now = None
        except OSError:
            return  # cannot tell (a permission on the way): SQLite answers for itself
        if now != self._file_id:
            self._file_lost = True
            raise self._lost_error()

    def _lost_error(self) -> DatabaseFileLostError:
        return DatabaseFileLostError(
            f"The database file {self._where} was deleted or replaced while caseroom ran: "
            "nothing more can be saved to it. Your answer stays on screen and is copied to "
            "the rescue folder; restart caseroom to start a new database.",
            detail="file lost",
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _make_parent_dir(self) -> None:
        """Create the folder of a SQLite file (not for read-only URIs or memory)."""
        if self.path is None or self._uri_mode:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _reader(self) -> Engine:
        return self.engine.execution_options(caseroom_begin="DEFERRED")

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), errors made typed."""
        with self._guard(), self._lock:
            self.check_file()
            with self.engine.begin() as conn:
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One read transaction (deferred BEGIN: never waits on writers in WAL)."""
        with self._guard(), self._lock:
            self.check_file()
            with self._reader().begin() as conn:
                yield conn

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn driver and OS errors into StoreError subclasses with plain words."""
        try:
            yield
        except StoreError:
            raise
        except sqlalchemy.exc.DBAPIError as exc:
            raise translate_driver_error(exc.orig, str(exc.orig), self._where) from exc
        except sqlite3.Error as exc:
            raise translate_driver_error(exc, str(exc), self._where) from exc
        except OSError as exc:
            raise translate_os_error(exc, self._where) from exc


def _file_identity(path: Path) -> tuple[int, int]:
    """(device, inode) of the file at `path`: what says "the same file" on POSIX."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino
