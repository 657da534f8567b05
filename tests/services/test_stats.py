"""tui.services.stats: what the stats view draws from, read in one job."""

from __future__ import annotations

from datetime import timedelta

import pytest

import tui.services.stats
from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress
from tui.services.stats import load_stats
from tui.store import Store


def _scored_attempts(store: Store, count: int, *, blind_rescore: bool = False) -> None:
    """`count` submitted attempts, each reviewed with its first check missed."""
    for n in range(count):
        when = T0 + timedelta(minutes=n)
        attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=when)
        store.submit(attempt_id, AnswerProgress(tuple(drafts("a")), elapsed_s=60), now=when)
        checks = {"Clarified the goal?": False, "Prioritised?": True}
        store.save_review(attempt_id, checks, 3, "", now=when)
        if blind_rescore:  # a calibration re-review must not count twice
            store.save_review(attempt_id, checks, 2, "", blind=True, now=when)


def test_stats_count_every_attempt_and_every_first_review(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The charts read only the newest attempts; the headline and the missed checks may not.
    monkeypatch.setattr(tui.services.stats, "HISTORY_LIMIT", 3)
    _scored_attempts(store, 5, blind_rescore=True)
    data = load_stats(store)
    assert len(data.attempts) == 3
    assert data.total_submitted == 5
    assert data.checks == [{"Clarified the goal?": False, "Prioritised?": True}] * 5
    assert data.scores == [3, 3, 3, 3, 3]  # the blind 2s are calibration, not the score


def test_stats_of_an_empty_history(store: Store) -> None:
    data = load_stats(store)
    assert (data.attempts, data.checks, data.total_submitted, data.scores) == ([], [], 0, [])
