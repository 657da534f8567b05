"""Column values to record values and back: times as aware UTC, JSON text read forgivingly.

Every datetime the store returns is timezone-aware UTC; every datetime it accepts may be
aware (any zone; converted to UTC) or naive (taken as UTC). JSON columns that fail to parse
read as a default rather than losing the row.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def db_time(value: datetime | None) -> datetime:
    """`value` (or now) as aware UTC; naive values are taken to be UTC already.

    The columns are sqlmodel's UTCDateTime: SQLite keeps UTC text without an offset and
    hands it back aware, other databases use a timezone-aware column.
    """
    if value is None:
        return datetime.now(UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def aware(value: datetime) -> datetime:
    """A value read from a column as aware UTC (belt and braces over UTCDateTime)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def aware_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def load_json(raw: str | None, default: Any) -> Any:
    """Parse a JSON column; a damaged value reads as `default` rather than losing the row."""
    if not raw:
        return default
    try:
        return json.loads(raw)
    except ValueError:
        return default


def checks_from_json(raw: str | None) -> dict[str, bool]:
    """A review's rubric answers ({question: bool}, rubric order) from its JSON column."""
    loaded = load_json(raw, {})
    if not isinstance(loaded, dict):
        return {}
    return {str(q): bool(v) for q, v in loaded.items()}
