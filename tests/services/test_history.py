"""tui.services.history: pages of history, their count, every match, attempts read back."""

from __future__ import annotations

from datetime import timedelta

import pytest

import tui.services.history
from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress, HistoryQuery
from tui.services.history import all_details, count, load_attempt, load_pair, page
from tui.store import Store


def submitted(store: Store, n: int) -> list[int]:
    ids = []
    for minute in range(n):
        when = T0 + timedelta(minutes=minute)
        attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=when)
        steps = drafts(f"answer {minute}")
        store.submit(attempt_id, AnswerProgress(tuple(steps), elapsed_s=60), now=when)
        ids.append(attempt_id)
    return ids


def test_a_page_and_the_count_of_all_matches(store: Store) -> None:
    ids = submitted(store, 5)
    query = HistoryQuery(limit=2, offset=1)
    assert [s.id for s in page(store, query)] == [ids[3], ids[2]]  # newest first
    assert count(store, query) == 5
    assert count(store, HistoryQuery(text="answer 3")) == 1


def test_one_attempt_and_a_pair_are_read_back_whole(store: Store) -> None:
    first, second = submitted(store, 2)
    assert load_attempt(store, first).steps[0].text == "answer 0"
    older, newer = load_pair(store, first, second)
    assert (older.summary.id, newer.summary.id) == (first, second)


def test_all_details_reads_every_page(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui.services.history, "EXPORT_PAGE", 2)
    ids = submitted(store, 5)
    details = all_details(store, HistoryQuery(limit=1))
    assert [d.summary.id for d in details] == list(reversed(ids))
    assert details[-1].steps[0].text == "answer 0"
