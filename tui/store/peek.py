"""The first screen's figures read from a SQLite file directly, before the store opens.

Opening the store imports sqlmodel, SQLAlchemy and pydantic (a third of a second and more,
~30 MiB): the tracks screen's attempt counts need one query. Here it runs on the standard
library's sqlite3, read-only (a missing file is not created, nothing is written), and only
on a file whose schema version is the one this caseroom writes; anything else answers
None and the store's own answer follows a moment later. This module imports nothing of
SQLAlchemy; the store's tables (tui.store.schema) take their version and person from here.
The rest of the first screen's reads (practice so far, drafts waiting) are
tui.store.peek_reads.SqliteReads.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

#: The layout these classes describe. 1 is the first release; 2 adds people (`person` on
#: every owned row, schedules keyed by person), the story told, the prompt as answered,
#: coach reviews, story schedules and interview plans; 3 adds history's filter indexes
#: (`tui.store.schema.HISTORY_INDEXES`).
SCHEMA_VERSION = 3

#: The person of a single-person (SQLite) database, and of every row a version-1 file held.
DEFAULT_PERSON = "me"


def attempts_by_track(path: Path, person: str = DEFAULT_PERSON) -> dict[str, int] | None:
    """Submitted attempts per track id in the SQLite file at `path` (as
    `Store.attempt_counts_by_track`); None if the file is missing, of another version, or
    cannot be read now."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        version = conn.execute("SELECT schema_version FROM meta WHERE id = 1").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            return None
        rows = conn.execute(
            "SELECT track_id, count(*) FROM attempt"
            " WHERE person = ? AND status = 'submitted' GROUP BY track_id",
            (person,),
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return {str(track): int(n) for track, n in rows}
