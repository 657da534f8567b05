"""The database: errors, engine and transactions, schema, upgrades, queries."""

from tui.store.errors import (
    AttemptClosedError,
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotFoundError,
    ReadOnlyError,
    StoreError,
    UpgradeError,
)
from tui.store.store import Store

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
