"""The store on a real PostgreSQL server (issue 17): the throwaway server from
tests/postgres.py, a fresh database per test."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress, HistoryQuery
from tui.store import Store


def test_practice_submit_and_history_on_postgres(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        attempt = store.start_attempt(PRICING, SIX_STEP, 600, now=T0)
        assert store.unfinished()[0].id == attempt
        store.submit(
            attempt, AnswerProgress(drafts("first answer about pricing tiers"), 120), now=T0
        )
        rows = store.attempts(HistoryQuery())
        assert [row.id for row in rows] == [attempt]
        assert store.count_attempts(HistoryQuery(text="pricing")) == 1
        detail = store.attempt(attempt)
        assert detail.summary.submitted_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        assert detail.steps[0].text == "first answer about pricing tiers"
