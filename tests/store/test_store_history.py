"""History queries: filters, text search, date ranges, ordering, paging, counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import event, text

from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import AnswerProgress, HistoryQuery, StepDraft
from tui.store import Store

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCAFFOLD = Scaffold(id="s", title="S", steps=(Step("One"), Step("Two")))


def prompt(pid: str, title: str, track: str, kind: str = "case") -> Prompt:
    return Prompt(
        id=pid, title=title, track=track, kind=kind, scaffold="s", minutes=10, question="?"
    )  # type: ignore[arg-type]


PRICING = prompt("pm-pricing", "Pricing a family plan", "pm")
GROWTH = prompt("pm-growth", "Growth in Brazil", "pm")
STORY = prompt("el-story", "A hard call you made", "eng", kind="behavioral")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


def add(store: Store, p: Prompt, day: int, *texts: str, submit: bool = True) -> int:
    """One attempt started on day `day` after T0 and (by default) submitted an hour later."""
    started = T0 + timedelta(days=day)
    attempt_id = store.start_attempt(p, SCAFFOLD, 600, now=started)
    steps = [StepDraft(index=i, title=f"S{i}", text=t) for i, t in enumerate(texts)]
    if submit:
        store.submit(
            attempt_id, AnswerProgress(tuple(steps), elapsed_s=1), now=started + timedelta(hours=1)
        )
    else:
        store.save_draft(attempt_id, AnswerProgress(tuple(steps), elapsed_s=1), now=started)
    return attempt_id


def ids(store: Store, **query: object) -> list[int]:
    return [a.id for a in store.attempts(HistoryQuery(**query))]  # type: ignore[arg-type]


@pytest.fixture
def history(store: Store) -> dict[str, int]:
    return {
        "pricing1": add(store, PRICING, 0, "Retention of families", "anchoring"),
        "growth": add(store, GROWTH, 1, "local payments", "Pix and boletos"),
        "story": add(store, STORY, 2, "I cut the project", "the team's retention risk"),
        "pricing2": add(store, PRICING, 3, "price ladder", "café tiers"),
        "draft": add(store, GROWTH, 4, "unfinished retention idea", submit=False),
    }


def test_default_query_is_submitted_only_newest_first(
    store: Store, history: dict[str, int]
) -> None:
    assert ids(store) == [
        history["pricing2"],
        history["story"],
        history["growth"],
        history["pricing1"],
    ]
    assert store.count_attempts(HistoryQuery()) == 4


def test_filters_by_track_kind_and_prompt(store: Store, history: dict[str, int]) -> None:
    assert ids(store, track_id="eng") == [history["story"]]
    assert ids(store, kind="case") == [history["pricing2"], history["growth"], history["pricing1"]]
    assert ids(store, prompt_id="pm-pricing") == [history["pricing2"], history["pricing1"]]
    assert ids(store, track_id="pm", prompt_id="pm-growth") == [history["growth"]]
    assert ids(store, track_id="nobody") == []
    assert store.count_attempts(HistoryQuery(track_id="pm")) == 3


def test_text_matches_step_words_and_word_prefixes(store: Store, history: dict[str, int]) -> None:
    assert ids(store, text="retention") == [history["story"], history["pricing1"]]
    assert ids(store, text="RETENT") == [history["story"], history["pricing1"]]
    assert ids(store, text="boletos") == [history["growth"]]
    assert ids(store, text="cafe") == [history["pricing2"]]  # accents folded
    assert ids(store, text="team retention") == [history["story"]]  # every word, one step
    assert ids(store, text="nothing like this") == []
    assert store.count_attempts(HistoryQuery(text="retention")) == 2


def test_text_matches_words_of_the_prompt_title(store: Store, history: dict[str, int]) -> None:
    assert ids(store, text="family pl") == [history["pricing2"], history["pricing1"]]
    assert ids(store, text="growth bra") == [history["growth"]]
    assert ids(store, text="hard call", track_id="pm") == []
    # Title and step words are separate documents: words must meet in one of them.
    assert ids(store, text="family anchoring") == []


def test_text_search_follows_a_title_change(store: Store, history: dict[str, int]) -> None:
    # Nothing renames titles today; the index must still follow if an upgrade ever does.
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE attempt SET prompt_title = 'Renamed prompt' WHERE id = :id"),
            {"id": history["growth"]},
        )
    assert ids(store, text="renamed") == [history["growth"]]
    assert ids(store, text="brazil") == []


def test_text_with_search_syntax_is_taken_literally(store: Store, history: dict[str, int]) -> None:
    for needle in ('"', "AND", "NOT retention", "retention*", "(", "-", "100%", "a_b", "NEAR(x y)"):
        store.attempts(HistoryQuery(text=needle))  # must not raise
        store.count_attempts(HistoryQuery(text=needle))
    assert ids(store, text="100%") == []


@pytest.mark.sqlite_only
def test_text_search_without_the_full_text_index_still_matches(
    store: Store, history: dict[str, int]
) -> None:
    # Other databases (and SQLite builds without FTS5) fall back to a substring scan.
    store._has_fts = False
    assert ids(store, text="retention") == [history["story"], history["pricing1"]]
    assert ids(store, text="hard call") == [history["story"]]
    assert ids(store, text="rowth in") == [history["growth"]]  # any substring here


def test_text_search_sees_edits_to_drafts(store: Store, history: dict[str, int]) -> None:
    drafts = ("draft",)
    assert ids(store, text="retention", statuses=drafts) == [history["draft"]]
    store.save_draft(
        history["draft"], AnswerProgress((StepDraft(0, "S0", "now about onboarding"),), elapsed_s=2)
    )
    assert ids(store, text="retention", statuses=drafts) == []
    assert ids(store, text="onboarding", statuses=drafts) == [history["draft"]]


def test_date_range_is_since_inclusive_until_exclusive(
    store: Store, history: dict[str, int]
) -> None:
    # Submitted at T0 + day + 1 hour.
    since = T0 + timedelta(days=1, hours=1)
    until = T0 + timedelta(days=3, hours=1)
    assert ids(store, since=since, until=until) == [history["story"], history["growth"]]
    # The same instant written in another zone selects the same attempts.
    plus_five = timezone(timedelta(hours=5))
    assert ids(store, since=since.astimezone(plus_five), until=until.astimezone(plus_five)) == [
        history["story"],
        history["growth"],
    ]
    assert store.count_attempts(HistoryQuery(since=since)) == 3


def test_limit_and_offset_page_through_newest_first(store: Store, history: dict[str, int]) -> None:
    everything = ids(store)
    assert ids(store, limit=2) == everything[:2]
    assert ids(store, limit=2, offset=2) == everything[2:]
    assert ids(store, limit=2, offset=4) == []
    assert store.count_attempts(HistoryQuery(limit=1)) == 4


def test_several_statuses_order_by_start(store: Store, history: dict[str, int]) -> None:
    assert ids(store, statuses=("submitted", "draft")) == [
        history["draft"],
        history["pricing2"],
        history["story"],
        history["growth"],
        history["pricing1"],
    ]


def test_same_instant_ties_break_newest_id_first(store: Store) -> None:
    first = add(store, PRICING, 0, "a")
    second = add(store, PRICING, 0, "b")
    assert ids(store) == [second, first]


def query_plans(store: Store, run: Callable[[], object]) -> list[str]:
    """SQLite's plan (EXPLAIN QUERY PLAN lines) of every statement `run` executes."""
    statements: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", remember)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", remember)
    plans = []
    with store.engine.connect() as conn:
        for statement, parameters in statements:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            plans.append("\n".join(str(row[3]) for row in rows))
    return plans


#: Each history filter, and the index its page reads (schema version 3).
FILTER_INDEXES = {
    "track": (HistoryQuery(track_id="pm"), "ix_attempt_person_status_track_submitted"),
    "kind": (HistoryQuery(kind="case"), "ix_attempt_person_status_kind_submitted"),
    "prompt": (HistoryQuery(prompt_id="pm-growth"), "ix_attempt_person_status_prompt_submitted"),
    "period": (HistoryQuery(since=T0), "ix_attempt_person_status_submitted_at"),
    "drafts": (HistoryQuery(statuses=("draft",)), "ix_attempt_person_status_started"),
}


@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", FILTER_INDEXES)
def test_a_filtered_page_and_its_count_read_an_index(
    store: Store, history: dict[str, int], name: str
) -> None:
    # At 100,000 attempts a page that scans the table instead took 80-480 ms
    # (bench/history_store.py); through the index it takes a few.
    query, index = FILTER_INDEXES[name]
    page_plan, count_plan = query_plans(
        store, lambda: (store.attempts(query), store.count_attempts(query))
    )
    assert f"SEARCH attempt USING INDEX {index} " in page_plan, page_plan
    # The count reads an index alone, never the attempts' rows.
    assert count_plan.startswith("SEARCH attempt USING COVERING INDEX "), count_plan


@pytest.mark.sqlite_only
def test_submitted_and_drafts_together_read_in_start_order(
    store: Store, history: dict[str, int]
) -> None:
    # "Both" orders by start: without an index in that order every attempt was sorted.
    (plan,) = query_plans(
        store, lambda: store.attempts(HistoryQuery(statuses=("submitted", "draft")))
    )
    assert "SEARCH attempt USING INDEX ix_attempt_person_started " in plan, plan
    # Of one prompt: by start within the prompt, not every attempt walked by start (a
    # prompt with no attempts among 100,000 took 190 ms that way).
    one_prompt = HistoryQuery(statuses=("submitted", "draft"), prompt_id="pm-growth")
    (plan,) = query_plans(store, lambda: store.attempts(one_prompt))
    assert "SEARCH attempt USING INDEX ix_attempt_person_prompt_started " in plan, plan
