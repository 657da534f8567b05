"""The upgrade steps themselves: each turns a database of one schema version into the next.

They run inside the write transaction tui.store.upgrades opens, on SQLite and PostgreSQL
alike, so they keep to SQL both understand (ALTER TABLE ... ADD COLUMN, CREATE TABLE,
INSERT ... SELECT) and rebuild a table where SQLite cannot alter it (a new primary key).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, inspect, text

from tui.store import schema as db_schema
from tui.store.schema import DEFAULT_PERSON

#: Tables gaining a `person` column in version 2 (schedule is rebuilt instead).
_OWNED_IN_V1 = ("attempt", "step_answer", "review", "followup_reply", "round_run")


def upgrade_1_to_2(conn: Connection) -> None:
    """Version 2: people, the story told, the prompt as answered, and the new tables.

    Every existing row belongs to the person who upgrades: "me" on SQLite, the connected
    role on PostgreSQL. Existing attempts get the snapshot that can still be known (title,
    time limit, scaffold id and step titles; the question was never stored, so it is empty).
    """
    person = _upgrading_person(conn)
    quoted = "'" + person.replace("'", "''") + "'"
    for name in _OWNED_IN_V1:
        conn.exec_driver_sql(
            f"ALTER TABLE {name} ADD COLUMN person VARCHAR NOT NULL DEFAULT {quoted}"
        )
    conn.exec_driver_sql("ALTER TABLE attempt ADD COLUMN story_id VARCHAR")
    conn.exec_driver_sql(
        "ALTER TABLE attempt ADD COLUMN prompt_snapshot TEXT NOT NULL DEFAULT '{}'"
    )
    _fill_snapshots(conn)
    _rebuild_schedule(conn, person)
    _replace_attempt_indexes(conn)
    for name in ("coach_review", "story_schedule", "interview_plan"):
        db_schema.table(name).create(conn)
    if conn.dialect.name == "postgresql" and "text_tsv" not in _columns(conn, "step_answer"):
        db_schema.install_postgres_search(conn)


def _upgrading_person(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        return str(conn.execute(text("SELECT current_user")).scalar())
    return DEFAULT_PERSON


def _columns(conn: Connection, table_name: str) -> set[str]:
    return {column["name"] for column in inspect(conn).get_columns(table_name)}


def _fill_snapshots(conn: Connection) -> None:
    """What version 1 kept of each attempt's prompt, as its snapshot."""
    steps: dict[int, list[dict[str, object]]] = {}
    for attempt_id, title in conn.execute(
        text("SELECT attempt_id, step_title FROM step_answer ORDER BY attempt_id, step_index")
    ):
        steps.setdefault(int(attempt_id), []).append({"title": title, "budget_s": None})
    rows = conn.execute(
        text("SELECT id, prompt_title, scaffold_id, time_limit_s FROM attempt")
    ).all()
    for attempt_id, title, scaffold_id, limit in rows:
        snapshot = {
            "title": title,
            "question": "",
            "scaffold_id": scaffold_id,
            "scaffold_title": "",
            "steps": steps.get(int(attempt_id), []),
            "time_limit_s": int(limit),
        }
        conn.execute(
            text("UPDATE attempt SET prompt_snapshot = :snapshot WHERE id = :id"),
            {"snapshot": json.dumps(snapshot, sort_keys=True), "id": attempt_id},
        )


def _rebuild_schedule(conn: Connection, person: str) -> None:
    """schedule's key becomes (person, prompt_id): a new table, the rows copied over."""
    conn.exec_driver_sql("DROP INDEX ix_schedule_due")
    conn.exec_driver_sql("ALTER TABLE schedule RENAME TO schedule_v1")
    if conn.dialect.name == "postgresql":
        # The old primary key's name would clash with the new table's.
        conn.exec_driver_sql(
            "ALTER TABLE schedule_v1 RENAME CONSTRAINT schedule_pkey TO schedule_v1_pkey"
        )
    db_schema.schedule.create(conn)
    conn.execute(
        text(
            "INSERT INTO schedule (person, prompt_id, state, due) "
            "SELECT :person, prompt_id, state, due FROM schedule_v1"
        ),
        {"person": person},
    )
    conn.exec_driver_sql("DROP TABLE schedule_v1")


def _replace_attempt_indexes(conn: Connection) -> None:
    """History now filters by person first: the status indexes gain it as first column."""
    conn.exec_driver_sql("DROP INDEX ix_attempt_status_submitted_at")
    conn.exec_driver_sql("DROP INDEX ix_attempt_status_updated_at")
    for index in db_schema.attempt.indexes:
        if index.name in (
            "ix_attempt_person_status_submitted_at",
            "ix_attempt_person_status_updated_at",
            "ix_attempt_story_id",
        ):
            index.create(conn)


def upgrade_2_to_3(conn: Connection) -> None:
    """Version 3: indexes for history's filters (track, kind, prompt; drafts and both).

    Only indexes: no row changes. At 100,000 attempts a filtered first page and its count
    then read an index in order instead of scanning every attempt (bench/history_store.py).
    """
    for index in db_schema.attempt.indexes:
        if index.name in db_schema.HISTORY_INDEXES:
            index.create(conn, checkfirst=True)
