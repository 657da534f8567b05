"""The attempt store: every answer a person typed, their reviews, schedules and round runs.

SQLite by default (a file in the user data directory); any SQLAlchemy URL works. The API is
synchronous and meant for thread workers: each call checks a connection out of the pool,
runs one transaction and hands back plain records from tui.core.records, never ORM objects.
Several threads (and several processes on one SQLite file) may call it at once.

Time: every datetime the store returns is timezone-aware UTC. Every datetime it accepts may
be aware (any zone; converted to UTC) or naive (taken as UTC). SQLite keeps UTC text.

Failures come out as `StoreError` subclasses whose `user_message` says, in plain words,
what happened and what to do. The store never deletes, truncates or overwrites the
database file, whatever goes wrong: a file it cannot use is left exactly as it was.

`Store` is put together here from one class per concern: the engine and transactions
(engine.py), opening and upgrading the file (upgrades.py), single attempts (attempts.py),
history (history.py), reviews (reviews.py), schedules (schedules.py), rounds (rounds.py),
coach reviews, the cohort and the interview plan (coaching.py).

Importing this module imports sqlmodel (~0.35 s): import it inside a worker, never on the
way to the first frame.
"""

from __future__ import annotations

from tui.store.attempts import Attempts
from tui.store.coaching import Coaching
from tui.store.engine import DEFAULT_BUSY_TIMEOUT_MS
from tui.store.history import History
from tui.store.reviews import Reviews
from tui.store.rounds import Rounds
from tui.store.schedules import Schedules
from tui.store.upgrades import SchemaSetup

__all__ = ["Store"]


class Store(Attempts, History, Reviews, Schedules, Rounds, Coaching, SchemaSetup):
    """The attempt store. Open with `Store.open(url)`; close with `close()` (or `with`)."""

    @classmethod
    def open(
        cls,
        url: str,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        person: str | None = None,
    ) -> Store:
        """Open the database at `url`, creating it (and its folder) or upgrading it.

        `person` is whose rows this store writes and reads as "mine": by default "me" on
        SQLite (one person, implicit) and the connected role on PostgreSQL, whose
        row-level security (tui.store.cohort) holds each person to their own rows.

        Raises a StoreError subclass for a file it cannot use (corrupt, another program's,
        written by a newer caseroom, read-only when it needs creating, locked); such a file
        is left exactly as it was. A URL it has no driver for, a server that cannot be
        reached or refuses the login are StoreErrors too, in one plain sentence.
        """
        store = cls(url, busy_timeout_ms=busy_timeout_ms, person=person)
        try:
            with store._guard():
                store._make_parent_dir()
                store._prepare_schema()
                store._resolve_person()
        except BaseException:
            store.close()
            raise
        return store
