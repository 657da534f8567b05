"""The database, SQLite by default or any SQLAlchemy URL; imports sqlmodel (heavy: never
before the first frame).

- errors: StoreError and its kinds, with plain sentences; driver errors translated
- engine: the engine (BEGIN IMMEDIATE, WAL, busy timeout) and the transaction guard
- schema: the tables; upgrades: the schema version and the steps from older files
- attempts, history, reviews, schedules, rounds: the queries, one mixin per concern
- store: `Store`, the mixins composed; values: times and JSON columns
- peek: the first screen's attempt counts on plain sqlite3, before all of the above loads;
  peek_reads: `SqliteReads`, the Store's reads the first screen needs, on plain sqlite3
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    """`Store` and the errors, imported on first use: `tui.store.peek_reads` (the
    first screen's direct reads) must not pull SQLAlchemy in with the package."""
    if name == "Store":
        from tui.store.store import Store

        return Store
    if name in __all__:
        from tui.store import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'tui.store' has no attribute {name!r}")


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
