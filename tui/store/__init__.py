"""The database: errors, engine and transactions, schema, upgrades, queries."""

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
