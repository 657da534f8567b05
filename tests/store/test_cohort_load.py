"""bench/cohort_load.py for ~3 s (issue 17): 20 people autosaving at once, each as their
own person (on PostgreSQL their own role, row-level security on), lose no write and show no
error. Nothing here asserts on time: the bench prints that."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from bench.cohort_load import postgres_load, sqlite_load

PEOPLE = 20


def people() -> list[str]:
    tag = uuid.uuid4().hex[:6]
    return [f"load_{tag}_{n:02d}" for n in range(PEOPLE)]


def test_twenty_writers_on_sqlite_lose_nothing(tmp_path: Path) -> None:
    result = sqlite_load(tmp_path, people(), seconds=3, interval=0.5)
    assert result.errors == ()
    assert result.lost == 0
    assert result.writes >= PEOPLE  # every writer saved at least once


def test_twenty_writers_on_postgres_lose_nothing(pg_url: str, postgres_server: Any) -> None:
    result = postgres_load(postgres_server.url, pg_url, people(), seconds=3, interval=0.5)
    assert result.errors == ()
    assert result.lost == 0
    assert result.writes >= PEOPLE
