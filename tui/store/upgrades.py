"""Opening a database file: check what it holds, then create, upgrade or accept it.

`SCHEMA_VERSION` is the layout this caseroom writes; `UPGRADE_STEPS` turn older files into
it. A file that is another program's, or a newer caseroom's, is refused before anything is
written to it (not even the WAL switch), so it stays byte-for-byte as it was.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy.exc
from sqlalchemy import Connection, insert, inspect, select, text, update
from sqlmodel import SQLModel

from tui.store import schema as db_schema
from tui.store.engine import StoreBase
from tui.store.errors import (
    SQLITE_BUSY,
    SQLITE_READONLY,
    ForeignDatabaseError,
    NewerSchemaError,
    UpgradeError,
    sqlite_primary_code,
)
from tui.store.schema import SCHEMA_VERSION, meta
from tui.store.upgrade_steps import upgrade_1_to_2, upgrade_2_to_3

__all__ = ["SCHEMA_VERSION", "UPGRADE_STEPS", "SchemaSetup"]

#: Upgrade steps: UPGRADE_STEPS[n] turns a version-n database into version n+1. They run in
#: order, all inside one write transaction, so a failing step leaves the file as it was.
UPGRADE_STEPS: dict[int, Callable[[Connection], None]] = {
    1: upgrade_1_to_2,
    2: upgrade_2_to_3,
}


class SchemaSetup(StoreBase):
    """The store's first job on opening a file: make sure it holds our schema, current."""

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
        self._has_tsvector = self._is_postgres and self._column_exists("step_answer", "text_tsv")

    def _read_version(self) -> tuple[int | None, bool]:
        """(schema version or None, whether the file holds other tables), reading only."""
        with self._lock, self._reader().begin() as conn:
            names = set(inspect(conn).get_table_names())
            if "meta" not in names:
                return None, bool(names)
            found = conn.execute(select(meta.c.schema_version).where(meta.c.id == 1)).scalar()
            return (int(found) if found is not None else 0), True

    def _table_exists(self, name: str) -> bool:
        with self._lock, self._reader().begin() as conn:
            return name in inspect(conn).get_table_names()

    def _column_exists(self, table_name: str, column_name: str) -> bool:
        with self._lock, self._reader().begin() as conn:
            return column_name in {c["name"] for c in inspect(conn).get_columns(table_name)}

    def _create_schema(self) -> None:
        """Create every table at SCHEMA_VERSION, in one transaction."""
        with self._lock, self.engine.begin() as conn:
            _serialise_on_server(conn)
            # Another process may have created it while we looked: check under the lock.
            if "meta" in inspect(conn).get_table_names():
                return
            SQLModel.metadata.create_all(conn)
            if self._is_sqlite and _fts5_available(conn):
                for ddl in db_schema.SQLITE_FTS_DDL:
                    conn.exec_driver_sql(ddl)
            if conn.dialect.name == "postgresql":
                db_schema.install_postgres_search(conn)
            conn.execute(insert(meta).values(id=1, schema_version=SCHEMA_VERSION))

    def _upgrade(self) -> None:
        """Run the upgrade steps from the stored version to SCHEMA_VERSION, atomically."""
        with self._lock, self.engine.begin() as conn:
            _serialise_on_server(conn)
            found = conn.execute(select(meta.c.schema_version).where(meta.c.id == 1)).scalar()
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
                conn.execute(update(meta).where(meta.c.id == 1).values(schema_version=version))

    def _enable_wal(self) -> None:
        """Switch a SQLite file to WAL (persistent; a no-op when it already is).

        The switch is a write, and while another connection writes SQLite answers "locked"
        at once rather than wait out the busy timeout (waiting could deadlock): several
        stores opening a new file together failed one run in ten. It is tried again, with
        the statement ended and so its lock let go, until the busy timeout has passed.
        """
        if self.path is None:
            return
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        pause = 0.005
        raw = self.engine.raw_connection()
        try:
            while True:
                try:
                    self._switch_to_wal(raw)
                    return
                except sqlite3.OperationalError as exc:
                    code = sqlite_primary_code(exc)
                    if code == SQLITE_READONLY:
                        return  # a read-only file keeps its mode; reading still works
                    if code != SQLITE_BUSY or time.monotonic() + pause > deadline:
                        raise
                time.sleep(pause)
                pause = min(pause * 2, 0.1)
        finally:
            raw.close()

    @staticmethod
    def _switch_to_wal(raw: Any) -> None:
        cursor = raw.cursor()
        try:
            # Outside any transaction: journal_mode cannot change inside one.
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()


#: The advisory lock key that makes schema changes on one PostgreSQL database take turns.
SCHEMA_LOCK_KEY = 0x0CA5E500


def _serialise_on_server(conn: Connection) -> None:
    """On PostgreSQL, wait for any other caseroom creating or upgrading the schema (held to
    the end of this transaction). SQLite's BEGIN IMMEDIATE already takes turns."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})


def _fts5_available(conn: Connection) -> bool:
    options = {row[0] for row in conn.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options
