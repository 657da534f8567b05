"""The store tests run on SQLite and on PostgreSQL (issue 17): `db_url` is parametrised
here. Tests about SQLite files themselves (corruption, read-only files, WAL) do not use it,
or are marked `sqlite_only`."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a store test about SQLite itself")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file, or a new database on the throwaway server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'caseroom.db'}"
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about SQLite itself")
    return str(request.getfixturevalue("pg_url"))
