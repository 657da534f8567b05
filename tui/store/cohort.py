"""A cohort on one PostgreSQL server: roles and row-level security (issue 17).

The server keeps each person in their place, not the app. `init_cohort` (run once by the
server's owner, a superuser or the database's owner) creates the schema, two group roles
and, on every table, row-level security that applies to the table's owner too (FORCE):

- `caseroom_person`: reads and writes only rows whose `person` is the connected role;
  reads the coach reviews of their own attempts, writes none.
- `caseroom_coach`: reads everyone's rows; writes only coach reviews, signed with their
  own name, of the attempt's real owner.

`add_member` creates a LOGIN role in one of the groups (or adds an existing role to it).
Each person then connects with their own role: `--db postgresql+psycopg://NAME@HOST/DB`.
"""

from __future__ import annotations

import re
from typing import Literal

from sqlalchemy import Connection, text

from tui.store.errors import StoreError
from tui.store.schema import PERSON_TABLES
from tui.store.store import Store

PERSON_GROUP = "caseroom_person"
COACH_GROUP = "caseroom_coach"
GROUPS = {"person": PERSON_GROUP, "coach": COACH_GROUP}

#: Role names a cohort accepts: plain identifiers, so they need no quoting anywhere.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

#: The tables a person writes (all but coach reviews, which they only read).
_PERSON_WRITES = tuple(name for name in PERSON_TABLES if name != "coach_review")


def init_cohort(url: str) -> list[str]:
    """Create the schema, the group roles, the grants and the policies (idempotent);
    what was set up, in plain lines."""
    with Store.open(url) as store:
        _require_postgres(store)
        with store._write() as conn:
            for group in (PERSON_GROUP, COACH_GROUP):
                _create_group(conn, group)
            _grant(conn)
            for name in PERSON_TABLES:
                _secure(conn, name)
            _secure_meta(conn)
    return [
        f"schema ready in {store._where}",
        f"group roles {PERSON_GROUP} and {COACH_GROUP}",
        f"row-level security (forced) on {len(PERSON_TABLES) + 1} tables",
    ]


def add_member(
    url: str, name: str, role: Literal["person", "coach"], *, password: str | None = None
) -> str:
    """Create the LOGIN role `name` in the person or coach group (an existing role is
    added to the group, and its password changed when one is given); a plain line."""
    if not _ROLE_NAME.fullmatch(name):
        raise StoreError(
            f"{name!r} cannot be a cohort member's name: use lower-case letters, digits and "
            "underscores, starting with a letter (at most 63)."
        )
    group = GROUPS[role]
    with Store.open(url) as store:
        _require_postgres(store)
        with store._write() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}
            ).scalar()
            secret = "" if password is None else f" PASSWORD {_literal(password)}"
            if exists:
                if secret:
                    conn.exec_driver_sql(f'ALTER ROLE "{name}" LOGIN{secret}')
                conn.exec_driver_sql(f'GRANT {group} TO "{name}"')
            else:
                conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN{secret} IN ROLE {group}')
    return f"{name} can now connect as a {role}: --db postgresql+psycopg://{name}@HOST/DB"


def _require_postgres(store: Store) -> None:
    if not store._is_postgres:
        raise StoreError(
            "A cohort needs a PostgreSQL server: pass "
            "--db postgresql+psycopg://OWNER@HOST/DB (a SQLite file has one person)."
        )


def _literal(value: str) -> str:
    """A SQL string literal (role statements take no bind parameters)."""
    if "\x00" in value:
        raise StoreError("A password cannot contain a NUL character.")
    return "'" + value.replace("'", "''") + "'"


def _create_group(conn: Connection, group: str) -> None:
    conn.exec_driver_sql(
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') THEN "
        f"CREATE ROLE {group} NOLOGIN; END IF; END $$"
    )


def _grant(conn: Connection) -> None:
    both = f"{PERSON_GROUP}, {COACH_GROUP}"
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {both}")
    conn.exec_driver_sql(f"GRANT SELECT ON meta TO {both}")
    conn.exec_driver_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(_PERSON_WRITES)} TO {PERSON_GROUP}"
    )
    conn.exec_driver_sql(f"GRANT SELECT ON coach_review TO {PERSON_GROUP}")
    conn.exec_driver_sql(f"GRANT SELECT ON {', '.join(PERSON_TABLES)} TO {COACH_GROUP}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE ON coach_review TO {COACH_GROUP}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {both}")


def _policy(conn: Connection, table: str, name: str, rule: str) -> None:
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {table}")
    conn.exec_driver_sql(f"CREATE POLICY {name} ON {table} {rule}")


def _secure(conn: Connection, table: str) -> None:
    """Row-level security on one person table, forced on its owner too."""
    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    mine = "person = current_user"
    own = f"USING ({mine}) WITH CHECK ({mine})"
    # The owner (who runs init and upgrades) is a person too, on their own rows.
    _policy(conn, table, "caseroom_owner_own", f"TO CURRENT_USER {own}")
    _policy(conn, table, "caseroom_coach_read", f"FOR SELECT TO {COACH_GROUP} USING (true)")
    if table != "coach_review":
        _policy(
            conn,
            table,
            "caseroom_person_own",
            f"TO {PERSON_GROUP} {own}",
        )
        return
    _policy(conn, table, "caseroom_person_read", f"FOR SELECT TO {PERSON_GROUP} USING ({mine})")
    signed = (
        "coach = current_user AND person = (SELECT a.person FROM attempt a WHERE a.id = attempt_id)"
    )
    _policy(
        conn, table, "caseroom_coach_write", f"FOR INSERT TO {COACH_GROUP} WITH CHECK ({signed})"
    )
    _policy(
        conn,
        table,
        "caseroom_coach_edit",
        f"FOR UPDATE TO {COACH_GROUP} USING (coach = current_user) WITH CHECK ({signed})",
    )


def _secure_meta(conn: Connection) -> None:
    """Everyone reads the schema version; only the owner changes it (upgrades)."""
    conn.exec_driver_sql("ALTER TABLE meta ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql("ALTER TABLE meta FORCE ROW LEVEL SECURITY")
    _policy(conn, "meta", "caseroom_owner_all", "TO CURRENT_USER USING (true) WITH CHECK (true)")
    _policy(
        conn, "meta", "caseroom_read", f"FOR SELECT TO {PERSON_GROUP}, {COACH_GROUP} USING (true)"
    )
