"""Spaced-repetition schedules: one serialised scheduler card per prompt, and when it is due.

The card is opaque here (tui.core.scheduling writes and reads it); the store only keeps it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from tui.store.engine import StoreBase
from tui.store.schema import schedule
from tui.store.values import aware, db_time


class Schedules(StoreBase):
    """Reading and replacing prompts' scheduler cards."""

    def schedule_states(self) -> dict[str, tuple[str, datetime]]:
        """prompt id -> (serialised scheduler card, when it is due)."""
        with self._read() as conn:
            rows = conn.execute(
                select(schedule.c.prompt_id, schedule.c.state, schedule.c.due)
            ).all()
        return {row.prompt_id: (row.state, aware(row.due)) for row in rows}

    def put_schedule(self, prompt_id: str, state_json: str, due: datetime) -> None:
        """Store (replace) the scheduler card of one prompt."""
        values = {"state": state_json, "due": db_time(due)}
        with self._write() as conn:
            changed = conn.execute(
                update(schedule).where(schedule.c.prompt_id == prompt_id).values(**values)
            ).rowcount
            if not changed:
                conn.execute(insert(schedule).values(prompt_id=prompt_id, **values))
