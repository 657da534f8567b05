"""The store's API round trip: attempts, drafts, reviews, follow-ups, schedule, rounds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import AnswerProgress, HistoryQuery, StepDraft
from tui.store import AttemptClosedError, NotFoundError, Store

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

SIX_STEP = Scaffold(
    id="six-step",
    title="Six-step case flow",
    steps=(Step("Clarify"), Step("Users"), Step("Problems")),
    rubric=("Clarified the goal?", "Prioritised?"),
)
PRICING = Prompt(
    id="pm-pricing",
    title="Pricing a family plan",
    track="product-manager",
    kind="case",
    scaffold="six-step",
    minutes=15,
    question="How would you price it?",
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


def drafts(*texts: str) -> tuple[StepDraft, ...]:
    return tuple(
        StepDraft(index=i, title=f"Step {i}", text=t, seconds=10.0 * i) for i, t in enumerate(texts)
    )


def test_start_attempt_creates_a_draft_with_one_empty_step_per_scaffold_step(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    detail = store.attempt(attempt_id)
    assert detail.summary.status == "draft"
    assert detail.summary.prompt_title == "Pricing a family plan"
    assert detail.summary.track_id == "product-manager"
    assert detail.summary.kind == "case"
    assert detail.summary.scaffold_id == "six-step"
    assert detail.summary.time_limit_s == 900
    assert detail.summary.started_at == T0
    assert [(s.index, s.title, s.text) for s in detail.steps] == [
        (0, "Clarify", ""),
        (1, "Users", ""),
        (2, "Problems", ""),
    ]


def test_save_draft_then_submit_round_trips_everything(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.save_draft(
        attempt_id,
        AnswerProgress(
            drafts("goal: retention", "parents", "choice overload"),
            elapsed_s=120.5,
            timer_state={"step": 2, "paused": False},
        ),
        now=T0 + timedelta(minutes=2),
    )
    store.submit(
        attempt_id,
        AnswerProgress(
            drafts("goal: retention", "busy parents", "choice overload", "a fourth step appears"),
            elapsed_s=950.0,
            overtime_s=50.0,
            timer_state={"step": 3},
        ),
        now=T0 + timedelta(minutes=16),
    )
    detail = store.attempt(attempt_id)
    assert detail.summary.status == "submitted"
    assert detail.summary.submitted_at == T0 + timedelta(minutes=16)
    assert detail.summary.elapsed_s == 950.0
    assert detail.summary.overtime_s == 50.0
    assert dict(detail.timer_state) == {"step": 3}
    assert [s.text for s in detail.steps] == [
        "goal: retention",
        "busy parents",
        "choice overload",
        "a fourth step appears",
    ]
    assert [s.seconds for s in detail.steps] == [0.0, 10.0, 20.0, 30.0]


def test_save_draft_is_idempotent_and_updates_steps_in_place(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    for _ in range(3):
        store.save_draft(attempt_id, AnswerProgress(drafts("a", "b", "c"), elapsed_s=1), now=T0)
    detail = store.attempt(attempt_id)
    assert [s.text for s in detail.steps] == ["a", "b", "c"]
    assert len(detail.steps) == 3


def test_a_saved_draft_reads_back_as_the_same_progress(store: Store) -> None:
    """AttemptDetail.progress is what a later submit of the draft writes (ending a round)."""
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    progress = AnswerProgress(
        drafts("a", "b", "c"), elapsed_s=61.5, overtime_s=2.0, timer_state={"n": 1}
    )
    store.save_draft(attempt_id, progress)
    assert store.attempt(attempt_id).progress == progress


def test_drafts_survive_reopening(db_url: str) -> None:
    with Store.open(db_url) as first:
        attempt_id = first.start_attempt(PRICING, SIX_STEP, 900, now=T0)
        first.save_draft(
            attempt_id,
            AnswerProgress(
                drafts("what I typed", "before the crash", ""),
                elapsed_s=42.0,
                timer_state={"remaining": 858},
            ),
        )
    with Store.open(db_url) as second:
        unfinished = second.unfinished()
        assert [a.id for a in unfinished] == [attempt_id]
        detail = second.attempt(attempt_id)
        assert [s.text for s in detail.steps] == ["what I typed", "before the crash", ""]
        assert dict(detail.timer_state) == {"remaining": 858}
        assert detail.summary.elapsed_s == 42.0


def test_unfinished_lists_drafts_most_recently_saved_first(store: Store) -> None:
    older = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    newer = store.start_attempt(PRICING, SIX_STEP, 900, now=T0 + timedelta(hours=1))
    submitted = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.submit(submitted, AnswerProgress((), elapsed_s=1))
    assert [a.id for a in store.unfinished()] == [newer, older]
    store.save_draft(older, AnswerProgress(drafts("x"), elapsed_s=1), now=T0 + timedelta(hours=2))
    assert [a.id for a in store.unfinished()] == [older, newer]


def test_a_finished_attempt_refuses_draft_saves_and_keeps_its_text(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.submit(attempt_id, AnswerProgress(drafts("final"), elapsed_s=1))
    with pytest.raises(AttemptClosedError):
        store.save_draft(attempt_id, AnswerProgress(drafts("late autosave"), elapsed_s=2))
    with pytest.raises(AttemptClosedError):
        store.submit(attempt_id, AnswerProgress(drafts("again"), elapsed_s=2))
    with pytest.raises(AttemptClosedError):
        store.abandon(attempt_id)
    assert store.attempt(attempt_id).steps[0].text == "final"


def test_abandon_keeps_the_text_and_hides_the_draft(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.save_draft(attempt_id, AnswerProgress(drafts("half an answer"), elapsed_s=1))
    store.abandon(attempt_id)
    store.abandon(attempt_id)  # twice is harmless
    detail = store.attempt(attempt_id)
    assert detail.summary.status == "abandoned"
    assert detail.steps[0].text == "half an answer"
    assert store.unfinished() == []
    assert store.attempts(HistoryQuery()) == []
    assert [a.id for a in store.attempts(HistoryQuery(statuses=("abandoned",)))] == [attempt_id]


def test_unknown_attempt_ids_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.attempt(999)
    with pytest.raises(NotFoundError):
        store.save_draft(999, AnswerProgress((), elapsed_s=0))
    with pytest.raises(NotFoundError):
        store.save_review(999, {}, 3, "")
    with pytest.raises(NotFoundError):
        store.add_followup_reply(999, "q", "a", 1.0)


def test_reviews_score_comes_from_the_first_non_blind_review(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.submit(attempt_id, AnswerProgress((), elapsed_s=1), now=T0)
    # A blind calibration review written first must not become the score.
    store.save_review(
        attempt_id, {"Clarified the goal?": False}, 2, "blind pass", blind=True, now=T0
    )
    assert store.attempts(HistoryQuery())[0].score is None
    assert store.attempt(attempt_id).review is None
    checks = {"Prioritised?": True, "Clarified the goal?": False}
    store.save_review(attempt_id, checks, 4, "solid", now=T0 + timedelta(minutes=1))
    assert store.attempts(HistoryQuery())[0].score == 4
    detail = store.attempt(attempt_id)
    assert detail.summary.score == 4
    assert detail.review is not None
    assert detail.review.score == 4
    assert list(detail.review.checks.items()) == list(checks.items())  # rubric order kept
    assert detail.review.notes == "solid"
    assert [(r.score, r.blind) for r in detail.reviews] == [(4, False), (2, True)]


def test_saving_a_review_again_edits_the_scoring_review_in_place(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.submit(attempt_id, AnswerProgress((), elapsed_s=1), now=T0)
    store.save_review(attempt_id, {"Prioritised?": False}, 4, "solid", now=T0)
    store.save_review(attempt_id, {}, 2, "blind", blind=True, now=T0 + timedelta(minutes=1))
    store.save_review(attempt_id, {}, 3, "blind again", blind=True, now=T0 + timedelta(minutes=2))
    later = T0 + timedelta(days=3)
    store.save_review(attempt_id, {"Prioritised?": True}, 1, "on second thought", now=later)
    detail = store.attempt(attempt_id)
    assert detail.summary.score == 1
    assert [(r.score, r.notes, r.blind) for r in detail.reviews] == [
        (1, "on second thought", False),
        (2, "blind", True),
        (3, "blind again", True),
    ]
    assert detail.review is not None
    assert detail.review.checks == {"Prioritised?": True}
    assert detail.review.created_at == T0  # still the first: its date is kept
    assert store.first_reviews() == [(1, {"Prioritised?": True})]


def test_scored_reviews_are_each_attempts_first_non_blind_review_oldest_first(
    store: Store,
) -> None:
    ids = []
    for day in (2, 0, 1):
        attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
        store.submit(attempt_id, AnswerProgress((), elapsed_s=1), now=T0)
        store.save_review(attempt_id, {}, 5, "", blind=True, now=T0)  # never counts
        store.save_review(attempt_id, {}, day + 1, "", now=T0 + timedelta(days=day))
        ids.append(attempt_id)
    store.save_review(ids[0], {}, 4, "", now=T0 + timedelta(days=9))  # an edit, not a 4th
    assert store.scored_reviews(PRICING.id) == [
        (1, T0),
        (2, T0 + timedelta(days=1)),
        (4, T0 + timedelta(days=2)),
    ]
    assert store.scored_reviews("another-prompt") == []


def test_review_score_must_be_one_to_five(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    with pytest.raises(ValueError):
        store.save_review(attempt_id, {}, 6, "")
    with pytest.raises(ValueError):
        store.save_review(attempt_id, {}, 0, "")


def test_followup_replies_come_back_in_order(store: Store) -> None:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
    store.add_followup_reply(attempt_id, "Why that price?", "Anchoring on the basic plan", 40.0)
    store.add_followup_reply(attempt_id, "What if churn rises?", "Roll back", 25.5)
    followups = store.attempt(attempt_id).followups
    assert [(f.question, f.text, f.seconds) for f in followups] == [
        ("Why that price?", "Anchoring on the basic plan", 40.0),
        ("What if churn rises?", "Roll back", 25.5),
    ]


def test_datetimes_come_back_aware_utc_whatever_zone_went_in(store: Store) -> None:
    plus_two = timezone(timedelta(hours=2))
    attempt_id = store.start_attempt(
        PRICING, SIX_STEP, 900, now=datetime(2026, 3, 1, 11, 0, tzinfo=plus_two)
    )
    naive = store.start_attempt(PRICING, SIX_STEP, 900, now=datetime(2026, 3, 1, 9, 0))
    for started in (
        store.attempt(attempt_id).summary.started_at,
        store.attempt(naive).summary.started_at,
    ):
        assert started == T0
        assert started.utcoffset() == timedelta(0)


def test_counts_by_prompt_and_track_count_submitted_only(store: Store) -> None:
    story = Prompt(
        id="el-story",
        title="A hard call",
        track="eng-lead",
        kind="behavioral",
        scaffold="six-step",
        minutes=5,
        question="?",
    )
    for prompt, submit in ((PRICING, True), (PRICING, True), (PRICING, False), (story, True)):
        attempt_id = store.start_attempt(prompt, SIX_STEP, 300, now=T0)
        if submit:
            store.submit(attempt_id, AnswerProgress((), elapsed_s=1))
    assert store.attempt_counts_by_prompt() == {"pm-pricing": 2, "el-story": 1}
    assert store.attempt_counts_by_track() == {"product-manager": 2, "eng-lead": 1}


def test_schedule_put_replaces_and_reads_back(store: Store) -> None:
    assert store.schedule_states() == {}
    store.put_schedule("pm-pricing", '{"card": 1}', T0)
    store.put_schedule("pm-pricing", '{"card": 2}', T0 + timedelta(days=3))
    store.put_schedule("el-story", '{"card": 9}', T0)
    assert store.schedule_states() == {
        "pm-pricing": ('{"card": 2}', T0 + timedelta(days=3)),
        "el-story": ('{"card": 9}', T0),
    }


def test_round_runs_track_position_attempts_and_finish(store: Store) -> None:
    run_id = store.start_round("pm-loop", ["pm-pricing", "pm-growth"], now=T0)
    first = store.start_attempt(PRICING, SIX_STEP, 600, round_run_id=run_id, now=T0)
    store.submit(first, AnswerProgress((), elapsed_s=1))
    store.advance_round(run_id, 1)
    second = store.start_attempt(
        PRICING, SIX_STEP, 600, round_run_id=run_id, now=T0 + timedelta(minutes=10)
    )
    store.start_attempt(PRICING, SIX_STEP, 600, now=T0)  # not in the round

    [running] = store.unfinished_rounds()
    assert running.id == run_id
    assert running.round_id == "pm-loop"
    assert running.prompt_ids == ("pm-pricing", "pm-growth")
    assert running.position == 1
    assert running.status == "running"
    assert running.started_at == T0
    assert [a.id for a in store.round_attempts(run_id)] == [first, second]
    assert store.attempt(second).summary.round_run_id == run_id

    store.finish_round(run_id, now=T0 + timedelta(minutes=20))
    assert store.unfinished_rounds() == []
    with pytest.raises(NotFoundError):
        store.advance_round(run_id + 100, 1)


def test_abandoned_rounds_are_not_unfinished(store: Store) -> None:
    run_id = store.start_round("pm-loop", ["pm-pricing"], now=T0)
    store.abandon_round(run_id)
    assert store.unfinished_rounds() == []


def test_many_threads_saving_at_once_lose_nothing(db_url: str) -> None:
    with Store.open(db_url) as store:
        ids = [store.start_attempt(PRICING, SIX_STEP, 900, now=T0) for _ in range(8)]
        errors: list[BaseException] = []

        def typing(attempt_id: int) -> None:
            try:
                for n in range(25):
                    store.save_draft(
                        attempt_id,
                        AnswerProgress(
                            drafts(f"{attempt_id}:{n}"), elapsed_s=n, timer_state={"n": n}
                        ),
                    )
            except BaseException as exc:  # reported below, on the test thread
                errors.append(exc)

        threads = [threading.Thread(target=typing, args=(i,)) for i in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        for attempt_id in ids:
            detail = store.attempt(attempt_id)
            assert detail.steps[0].text == f"{attempt_id}:24"
            assert dict(detail.timer_state) == {"n": 24}


def test_in_memory_database_works_from_several_threads() -> None:
    with Store.open("sqlite://") as store:
        ids: list[int] = []
        lock = threading.Lock()

        def start() -> None:
            attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
            with lock:
                ids.append(attempt_id)

        threads = [threading.Thread(target=start) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(a.id for a in store.unfinished()) == sorted(ids)
        assert len(ids) == 6
