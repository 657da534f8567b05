"""Spaced-repetition schedules: one serialised scheduler card per prompt (and per story of
the story bank) for each person, and when it is due.

The card is opaque here (tui.core.scheduling writes and reads it); the store only keeps it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table, insert, select, update

from tui.store.engine import StoreBase
from tui.store.schema import schedule, story_schedule
from tui.store.values import aware, db_time


class Schedules(StoreBase):
    """Reading and replacing my prompts' and stories' scheduler cards."""

    def schedule_states(self) -> dict[str, tuple[str, datetime]]:
        """prompt id -> (serialised scheduler card, when it is due)."""
        return self._cards(schedule, schedule.c.prompt_id)

    def put_schedule(self, prompt_id: str, state_json: str, due: datetime) -> None:
        """Store (replace) the scheduler card of one prompt."""
        self._put_card(schedule, schedule.c.prompt_id, prompt_id, state_json, due)

    def story_schedule_states(self) -> dict[str, tuple[str, datetime]]:
        """story id -> (serialised scheduler card, when it is due), for the story bank."""
        return self._cards(story_schedule, story_schedule.c.story_id)

    def put_story_schedule(self, story_id: str, state_json: str, due: datetime) -> None:
        """Store (replace) the scheduler card of one story."""
        self._put_card(story_schedule, story_schedule.c.story_id, story_id, state_json, due)

    def _cards(self, table: Table, key: Column[Any]) -> dict[str, tuple[str, datetime]]:
        with self._read() as conn:
            rows = conn.execute(
                select(key.label("key"), table.c.state, table.c.due).where(
                    table.c.person == self.person
                )
            ).all()
        return {row.key: (row.state, aware(row.due)) for row in rows}

    def _put_card(
        self, table: Table, key: Column[Any], key_value: str, state_json: str, due: datetime
    ) -> None:
        values = {"state": state_json, "due": db_time(due)}
        with self._write() as conn:
            changed = conn.execute(
                update(table)
                .where(table.c.person == self.person, key == key_value)
                .values(**values)
            ).rowcount
            if not changed:
                conn.execute(
                    insert(table).values({"person": self.person, key.name: key_value, **values})
                )
