"""A real store on a temporary SQLite file for the service tests (no terminal)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.store import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened
