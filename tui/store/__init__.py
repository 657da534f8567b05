"""The database: errors, engine and transactions, schema, upgrades, queries."""

from tui.store.store import (
    AttemptClosedError,
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotFoundError,
    ReadOnlyError,
    Store,
    StoreError,
    UpgradeError,
)

__all__ = [
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
