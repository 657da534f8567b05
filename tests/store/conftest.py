"""The store tests run on SQLite and on PostgreSQL (issue 17): `db_url` is parametrised
here. Tests about SQLite files themselves (corruption, read-only files, WAL) do not use it,
or are marked `sqlite_only`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a store test about SQLite itself")


@pytest.fixture
def pg_url(postgres_server: Any) -> Iterator[str]:
    """A new, empty database on the session's server, dropped afterwards."""
    import sqlalchemy

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_server.url(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file, or a new database on the throwaway server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'caseroom.db'}"
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about SQLite itself")
    return str(request.getfixturevalue("pg_url"))
