"""The database, SQLite by default or any SQLAlchemy URL; imports sqlmodel (heavy: never
before the first frame).

- errors: StoreError and its kinds, with plain sentences; driver errors translated
- engine: the engine (BEGIN IMMEDIATE, WAL, busy timeout) and the transaction guard
- schema: the tables; upgrades: the schema version and the steps from older files
- attempts, history, reviews, schedules, rounds: the queries, one mixin per concern
- store: `Store`, the mixins composed; values: times and JSON columns
"""

from tui.store.errors import (
    AttemptClosedError,
    ConnectionFailedError,
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotFoundError,
    PermissionDeniedError,
    ReadOnlyError,
    StoreError,
    UnsupportedDatabaseError,
    UpgradeError,
)
from tui.store.store import Store

__all__ = [
    "AttemptClosedError",
    "ConnectionFailedError",
    "CorruptDatabaseError",
    "DatabaseLockedError",
    "DiskFullError",
    "ForeignDatabaseError",
    "NewerSchemaError",
    "NotFoundError",
    "PermissionDeniedError",
    "ReadOnlyError",
    "Store",
    "StoreError",
    "UnsupportedDatabaseError",
    "UpgradeError",
]
