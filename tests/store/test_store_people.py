"""People in one database (issue 17): every write stamps the store's person, every read of
"my" data filters by it; coach reviews, the cohort view, interview plans, story schedules,
attempts by story and the prompt as answered. On SQLite and PostgreSQL alike (the owner
connects here, naming the person: the server's own enforcement is in test_cohort_security).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import AnswerProgress, HistoryQuery, SnapshotStep
from tui.store import NotFoundError, Store

STAR = Scaffold(
    id="star", title="STAR", steps=(Step("Situation", share=0.25), Step("Result", seconds=30))
)
CONFLICT = Prompt(
    id="bh-conflict",
    title="A conflict with a peer",
    track="people-leadership",
    kind="behavioral",
    scaffold="star",
    minutes=4,
    question="Tell me about a conflict you resolved.",
)


@pytest.fixture
def two(db_url: str) -> Iterator[tuple[Store, Store]]:
    with Store.open(db_url, person="ana") as ana, Store.open(db_url, person="ben") as ben:
        yield ana, ben


def submitted(store: Store, text: str, *, at: datetime = T0, story: str | None = None) -> int:
    attempt_id = store.start_attempt(PRICING, SIX_STEP, 600, now=at, story_id=story)
    store.submit(attempt_id, AnswerProgress(drafts(text), 60), now=at + timedelta(minutes=5))
    return attempt_id


def test_a_sqlite_store_is_one_implicit_person(tmp_path: object) -> None:
    with Store.open("sqlite://") as store:
        assert store.person == "me"
        attempt_id = store.start_attempt(PRICING, SIX_STEP, 600, now=T0)
        assert store.attempt(attempt_id).summary.person == "me"


def test_history_drafts_and_counts_are_each_persons_own(two: tuple[Store, Store]) -> None:
    ana, ben = two
    mine = submitted(ana, "retention of families")
    theirs = submitted(ben, "retention of teams")
    draft = ben.start_attempt(PRICING, SIX_STEP, 600, now=T0)
    assert [a.id for a in ana.attempts(HistoryQuery())] == [mine]
    assert [a.id for a in ana.attempts(HistoryQuery(text="retention"))] == [mine]
    assert ana.count_attempts(HistoryQuery()) == 1
    assert ana.unfinished() == []
    assert [a.id for a in ben.unfinished()] == [draft]
    assert ana.attempt_counts_by_prompt() == {"pm-pricing": 1}
    assert [a.id for a in ben.attempts(HistoryQuery())] == [theirs]


def test_another_persons_attempt_is_not_found_and_not_writable(
    two: tuple[Store, Store],
) -> None:
    ana, ben = two
    draft = ana.start_attempt(PRICING, SIX_STEP, 600, now=T0)
    with pytest.raises(NotFoundError):
        ben.attempt(draft)
    with pytest.raises(NotFoundError):
        ben.save_draft(draft, AnswerProgress(drafts("overwritten"), 1))
    with pytest.raises(NotFoundError):
        ben.save_review(draft, {}, 1, "")
    with pytest.raises(NotFoundError):
        ben.abandon(draft)
    assert ana.attempt(draft).summary.status == "draft"
    # Reading it as a coach names the person.
    assert ben.attempt(draft, person="ana").summary.id == draft
    assert [a.id for a in ben.attempts(HistoryQuery(statuses=("draft",)), person="ana")] == [draft]


def test_schedules_reviews_and_rounds_are_each_persons_own(two: tuple[Store, Store]) -> None:
    ana, ben = two
    ana.put_schedule("pm-pricing", '{"a": 1}', T0)
    ben.put_schedule("pm-pricing", '{"b": 1}', T0 + timedelta(days=1))
    assert ana.schedule_states() == {"pm-pricing": ('{"a": 1}', T0)}
    assert ben.schedule_states()["pm-pricing"][0] == '{"b": 1}'
    attempt_id = submitted(ana, "x")
    ana.save_review(attempt_id, {"Clarified the goal?": True}, 4, "", now=T0)
    assert ana.first_reviews() == [(4, {"Clarified the goal?": True})]
    assert ben.first_reviews() == []
    assert ben.scored_reviews("pm-pricing") == []
    run = ana.start_round("loop", ["pm-pricing"], now=T0)
    assert ben.unfinished_rounds() == []
    with pytest.raises(NotFoundError):
        ben.finish_round(run)
    assert [r.id for r in ana.unfinished_rounds()] == [run]


def test_an_attempt_keeps_the_prompt_as_it_was_answered(db_url: str) -> None:
    with Store.open(db_url) as store:
        attempt_id = store.start_attempt(
            CONFLICT, STAR, 240, now=T0, story_id="launch-slip", story_title="The launch"
        )
        detail = store.attempt(attempt_id)
    snapshot = detail.prompt_snapshot
    assert snapshot is not None
    assert snapshot.title == "A conflict with a peer"
    assert snapshot.question == "Tell me about a conflict you resolved."
    assert (snapshot.scaffold_id, snapshot.scaffold_title) == ("star", "STAR")
    assert snapshot.steps == (SnapshotStep("Situation", 60), SnapshotStep("Result", 30))
    assert snapshot.time_limit_s == 240
    assert detail.summary.story_id == "launch-slip"
    # The story's title as it was when chosen: its file may be renamed or deleted later.
    assert (snapshot.story_title, detail.story_title) == ("The launch", "The launch")


def test_a_coach_review_is_kept_apart_from_the_persons_own(db_url: str) -> None:
    with Store.open(db_url, person="ana") as ana, Store.open(db_url, person="cora") as coach:
        attempt_id = submitted(ana, "answer")
        ana.save_review(attempt_id, {"Clarified the goal?": True}, 5, "great", now=T0)
        coach.save_coach_review(
            attempt_id, {"Clarified the goal?": False}, 3, "goal unclear", now=T0
        )
        detail = ana.attempt(attempt_id)
        assert detail.review is not None and detail.review.score == 5
        assert [(c.coach, c.score, c.notes) for c in detail.coach_reviews] == [
            ("cora", 3, "goal unclear")
        ]
        assert detail.coach_reviews[0].checks == {"Clarified the goal?": False}
        assert detail.summary.score == 5  # the person's score stays theirs
        assert [c.score for c in coach.coach_reviews(attempt_id)] == [3]
        with pytest.raises(ValueError):
            coach.save_coach_review(attempt_id, {}, 6, "")
        with pytest.raises(NotFoundError):
            coach.save_coach_review(999, {}, 3, "")


def test_the_cohort_view_counts_weeks_and_compares_self_with_coach(db_url: str) -> None:
    now = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday
    with (
        Store.open(db_url, person="ana") as ana,
        Store.open(db_url, person="ben") as ben,
        Store.open(db_url, person="cora") as coach,
    ):
        a1 = submitted(ana, "one", at=datetime(2026, 3, 2, 9, tzinfo=UTC))
        a2 = submitted(ana, "two", at=datetime(2026, 3, 17, 9, tzinfo=UTC))
        submitted(ana, "three", at=datetime(2026, 3, 18, 9, tzinfo=UTC))
        submitted(ben, "one", at=datetime(2026, 3, 10, 9, tzinfo=UTC))
        ana.save_review(a1, {}, 5, "", now=now)
        ana.save_review(a2, {}, 4, "", now=now)
        coach.save_coach_review(a1, {}, 2, "", now=now)
        coach.save_coach_review(a2, {}, 2, "first look", now=now)
        coach.save_coach_review(a2, {}, 3, "second look", now=now + timedelta(hours=1))
        members = coach.cohort(now=now, weeks=3)
    assert [m.person for m in members] == ["ana", "ben"]
    ana_row, ben_row = members
    assert ana_row.weeks == (
        (date(2026, 3, 2), 1),
        (date(2026, 3, 9), 0),
        (date(2026, 3, 16), 2),
    )
    assert ana_row.submitted == 3
    assert (ana_row.paired, ana_row.self_score, ana_row.coach_score) == (2, 4.5, 2.5)
    assert (ben_row.paired, ben_row.self_score, ben_row.coach_score) == (0, None, None)
    assert [n for _, n in ben_row.weeks] == [0, 1, 0]


def test_the_interview_plan_is_set_changed_and_cleared(two: tuple[Store, Store]) -> None:
    ana, ben = two
    assert ana.interview_plan() is None
    ana.set_interview_plan("product-manager", date(2026, 4, 1), now=T0)
    ana.set_interview_plan("people-leadership", date(2026, 4, 9), now=T0)
    plan = ana.interview_plan()
    assert plan is not None
    assert (plan.track_id, plan.interview_date, plan.updated_at) == (
        "people-leadership",
        date(2026, 4, 9),
        T0,
    )
    assert ben.interview_plan() is None
    ana.clear_interview_plan()
    ana.clear_interview_plan()
    assert ana.interview_plan() is None


def test_story_schedules_and_attempts_by_story(two: tuple[Store, Store]) -> None:
    ana, ben = two
    ana.put_story_schedule("launch-slip", '{"s": 1}', T0)
    ana.put_story_schedule("launch-slip", '{"s": 2}', T0 + timedelta(days=2))
    assert ana.story_schedule_states() == {"launch-slip": ('{"s": 2}', T0 + timedelta(days=2))}
    assert ben.story_schedule_states() == {}
    first = submitted(ana, "told once", story="launch-slip")
    second = submitted(ana, "told twice", at=T0 + timedelta(days=1), story="launch-slip")
    submitted(ana, "another story", story="hiring-call")
    submitted(ben, "ben's telling", story="launch-slip")
    ana.start_attempt(PRICING, SIX_STEP, 600, story_id="launch-slip")  # a draft: not told yet
    assert [a.id for a in ana.attempts_by_story("launch-slip")] == [first, second]
    assert ana.story_counts() == {"launch-slip": 2, "hiring-call": 1}


def test_calibration_pairs_self_and_latest_coach_score_over_time(db_url: str) -> None:
    with Store.open(db_url, person="ana") as ana, Store.open(db_url, person="cora") as coach:
        first = submitted(ana, "one", at=T0)
        second = submitted(ana, "two", at=T0 + timedelta(days=1))
        submitted(ana, "never coached", at=T0 + timedelta(days=2))
        ana.save_review(first, {}, 5, "", now=T0)
        ana.save_review(second, {}, 3, "", now=T0)
        coach.save_coach_review(first, {}, 2, "", now=T0)
        coach.save_coach_review(first, {}, 3, "", now=T0 + timedelta(hours=1))
        coach.save_coach_review(second, {}, 3, "", now=T0)
        assert ana.calibration() == [
            (T0 + timedelta(minutes=5), 5, 3),
            (T0 + timedelta(days=1, minutes=5), 3, 3),
        ]
        assert coach.calibration(person="ana") == ana.calibration()
        assert coach.calibration() == []


def test_stores_opening_a_new_database_at_once_create_it_once(db_url: str) -> None:
    import threading

    errors: list[BaseException] = []

    def opening() -> None:
        try:
            Store.open(db_url).close()
        except BaseException as exc:  # reported on the test thread
            errors.append(exc)

    threads = [threading.Thread(target=opening) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store.open(db_url) as store:
        assert store.count_attempts(HistoryQuery()) == 0


def test_a_store_switching_a_file_to_wal_waits_for_a_writer_instead_of_failing(
    tmp_path: object,
) -> None:
    """Switching to WAL is a write. When another connection is writing meanwhile, SQLite
    answers "locked" at once instead of waiting out the busy timeout (it would deadlock):
    with several stores opening a new file together, one run in ten failed. The switch is
    tried again until the writer is done."""
    import sqlite3
    import threading
    from pathlib import Path

    path = Path(str(tmp_path)) / "rollback.db"
    Store.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE meta SET schema_version = schema_version")
    done = threading.Timer(0.3, writer.execute, ("COMMIT",))
    done.start()
    try:
        Store.open(f"sqlite:///{path}").close()
    finally:
        done.join()
        writer.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
