"""The schema version and the single person, for readers that must not import SQLAlchemy.

Opening the store imports sqlmodel, SQLAlchemy and pydantic (a third of a second and more,
~30 MiB). The first screen reads its figures from the SQLite file directly instead
(tui.store.peek_reads.SqliteReads, on the standard library's sqlite3), and only from a
file whose schema version is the one this caseroom writes. This module imports nothing of
SQLAlchemy; the store's tables (tui.store.schema) take their version and person from here.
"""

from __future__ import annotations

#: The layout the store's tables describe. 1 is the first release; 2 adds people (`person` on
#: every owned row, schedules keyed by person), the story told, the prompt as answered,
#: coach reviews, story schedules and interview plans; 3 adds history's filter indexes
#: (`tui.store.schema.HISTORY_INDEXES`).
SCHEMA_VERSION = 3

#: The person of a single-person (SQLite) database, and of every row a version-1 file held.
DEFAULT_PERSON = "me"
