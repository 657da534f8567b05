"""tui.services.reviews: a review is stored and the prompt's schedule rebuilt with it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress
from tui.core.scheduling import rebuild_schedule
from tui.services.reviews import checks_to_store, save_review
from tui.store import Store


def submitted(store: Store, minutes: int = 0) -> int:
    when = T0 + timedelta(minutes=minutes)
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=when)
    store.submit(attempt_id, AnswerProgress(tuple(drafts("a")), elapsed_s=60), now=when)
    return attempt_id


def review(
    store: Store,
    attempt_id: int,
    score: int,
    *,
    checks: Mapping[str, bool] | None = None,
    notes: str = "",
    blind: bool = False,
    earlier_checks: Mapping[str, bool] | None = None,
) -> None:
    save_review(
        store,
        attempt_id,
        PRICING.id,
        checks=checks if checks is not None else {"Clarified the goal?": True},
        score=score,
        notes=notes,
        blind=blind,
        earlier_checks=earlier_checks,
        now=T0 + timedelta(days=1),
    )


def test_a_review_is_stored_and_the_prompt_falls_due(store: Store) -> None:
    attempt_id = submitted(store)
    review(store, attempt_id, 4, notes="clear")
    first = store.attempt(attempt_id).review
    assert first is not None
    assert (first.score, first.notes, dict(first.checks)) == (
        4,
        "clear",
        {"Clarified the goal?": True},
    )
    state, due = store.schedule_states()[PRICING.id]
    assert (state, due) == rebuild_schedule([(4, T0 + timedelta(days=1))])


def test_an_edited_review_replaces_its_score_in_the_schedule(store: Store) -> None:
    attempt_id = submitted(store)
    review(store, attempt_id, 2)
    review(store, attempt_id, 5)  # an edit, not a second review
    assert [r.score for r in store.attempt(attempt_id).reviews] == [5]
    expected = rebuild_schedule([(5, T0 + timedelta(days=1))])
    assert store.schedule_states()[PRICING.id] == expected


def test_a_blind_review_leaves_the_first_score_and_the_schedule_alone(store: Store) -> None:
    attempt_id = submitted(store)
    review(store, attempt_id, 4)
    before = store.schedule_states()
    review(store, attempt_id, 1, blind=True)
    detail = store.attempt(attempt_id)
    assert detail.review is not None and detail.review.score == 4
    assert [(r.score, r.blind) for r in detail.reviews] == [(4, False), (1, True)]
    assert store.schedule_states() == before


def test_a_blind_review_of_an_unreviewed_attempt_makes_no_schedule(store: Store) -> None:
    attempt_id = submitted(store)
    review(store, attempt_id, 3, blind=True)
    assert store.schedule_states() == {}


def test_answers_to_questions_the_scaffold_dropped_are_kept(store: Store) -> None:
    attempt_id = submitted(store)
    review(store, attempt_id, 3, checks={"Old question?": True, "Clarified the goal?": False})
    review(
        store,
        attempt_id,
        4,
        checks={"Clarified the goal?": True},
        earlier_checks={"Old question?": True, "Clarified the goal?": False},
    )
    first = store.attempt(attempt_id).review
    assert first is not None
    assert dict(first.checks) == {"Clarified the goal?": True, "Old question?": True}


def test_checks_to_store_keeps_rubric_order_then_earlier_answers() -> None:
    kept = checks_to_store({"b": False, "a": True}, {"a": False, "gone": True})
    assert list(kept.items()) == [("b", False), ("a", True), ("gone", True)]
