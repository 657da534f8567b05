"""Reading past attempts back: one page of history, its count, every match, one attempt.

History can hold 100,000 attempts, so the history screen asks for one page
(`HistoryQuery.limit`) and the count separately; `all_details` reads every match a page at
a time, for exporting, so memory stays flat.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tui.core.records import AttemptDetail, AttemptSummary, HistoryQuery

if TYPE_CHECKING:
    from tui.store import Store

#: Attempts read at a time when every match is wanted (exporting everything).
EXPORT_PAGE = 500


def page(store: Store, query: HistoryQuery) -> list[AttemptSummary]:
    """The attempts matching `query`, newest first, `query.limit` from `query.offset`."""
    return store.attempts(query)


def count(store: Store, query: HistoryQuery) -> int:
    """How many attempts match `query` (its limit and offset aside)."""
    return store.count_attempts(query)


def load_attempt(store: Store, attempt_id: int) -> AttemptDetail:
    """Everything stored about one attempt: steps, reviews, follow-up replies."""
    return store.attempt(attempt_id)


def load_pair(store: Store, older_id: int, newer_id: int) -> tuple[AttemptDetail, AttemptDetail]:
    """Two attempts, to compare side by side."""
    return store.attempt(older_id), store.attempt(newer_id)


def all_details(store: Store, query: HistoryQuery) -> list[AttemptDetail]:
    """Every attempt matching `query` (all pages), newest first, with steps and reviews."""
    details: list[AttemptDetail] = []
    page_query = replace(query, limit=EXPORT_PAGE, offset=0)
    while True:
        found = store.attempts(page_query)
        details.extend(store.attempt(s.id) for s in found)
        if len(found) < EXPORT_PAGE:
            return details
        page_query = replace(page_query, offset=page_query.offset + EXPORT_PAGE)
