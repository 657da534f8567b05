"""Upgrading a real version-1 database in place (issue 17), on SQLite and PostgreSQL.

tests/fixtures/store_v1.sql is the `sqlite3 .dump` of a file written by caseroom at schema
version 1 (commit af04079): three attempts (two submitted in a finished round, one draft),
their steps, a scoring review and a blind re-review, a follow-up reply and two schedules,
with SQLite's full-text index as that version built it. store_v1_postgres.sql is the
`pg_dump --inserts` of the same history written by that version to PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy

from tests.conftest import FIXTURES
from tests.store.test_store import PRICING, SIX_STEP
from tui.core.records import AnswerProgress, HistoryQuery, SnapshotStep, StepDraft
from tui.store import Store
from tui.store import schema as db_schema

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PRICING_ON_SIX = (PRICING, SIX_STEP)


@pytest.fixture(params=["sqlite", "postgres"])
def v1_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A version-1 database, on either backend."""
    if request.param == "sqlite":
        return f"sqlite:///{request.getfixturevalue('v1_path')}"
    url = str(request.getfixturevalue("pg_url"))
    engine = sqlalchemy.create_engine(url)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            cursor.execute((FIXTURES / "store_v1_postgres.sql").read_text())
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    return url


def owners(url: str, table: str) -> set[str]:
    """Whose rows a table holds, read as the database owner."""
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                str(p)
                for p in conn.execute(sqlalchemy.text(f"SELECT person FROM {table}")).scalars()
            }
    finally:
        engine.dispose()


@pytest.fixture
def v1_path(tmp_path: Path) -> Path:
    path = tmp_path / "v1.db"
    raw = sqlite3.connect(path)
    try:
        raw.executescript((FIXTURES / "store_v1.sql").read_text())
    finally:
        raw.close()
    return path


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    raw = sqlite3.connect(path)
    try:
        return list(raw.execute(sql))
    finally:
        raw.close()


def test_the_fixture_is_a_version_1_file(v1_path: Path) -> None:
    assert rows(v1_path, "SELECT schema_version FROM meta") == [(1,)]


def test_every_row_survives_the_upgrade_with_its_values(v1_url: str) -> None:
    with Store.open(v1_url) as store:
        person = store.person  # "me" on SQLite, the upgrading role on PostgreSQL
        first = store.attempt(1)
        assert first.summary.status == "submitted"
        assert first.summary.prompt_title == "Pricing a family plan"
        assert first.summary.elapsed_s == 180.5
        assert first.summary.round_run_id == 1
        assert first.summary.person == person
        assert first.summary.story_id is None
        assert first.timer_state == {"step": 2}
        assert [(s.title, s.text, s.seconds) for s in first.steps] == [
            ("Clarify", "goal: retention of families", 60.0),
            ("Users", "busy parents", 90.5),
            ("Problems", "choice overload", 30.0),
        ]
        assert [(r.score, r.notes, r.blind) for r in first.reviews] == [
            (4, "good start", False),
            (3, "blind pass", True),
        ]
        assert first.reviews[0].checks == {"Clarified the goal?": True, "Prioritised?": False}
        assert [(f.question, f.text, f.seconds) for f in first.followups] == [
            ("What would you charge?", "nine dollars", 42.0)
        ]
        second = store.attempt(2)
        assert second.summary.overtime_s == 10.0
        assert second.review is not None and second.review.score == 2
        draft = store.attempt(3)
        assert [a.id for a in store.unfinished()] == [3]
        assert draft.timer_state == {"paused": True}
        assert store.schedule_states() == {
            "pm-pricing": ('{"card": 1}', datetime(2026, 3, 5, 9, 0, tzinfo=UTC)),
            "bh-conflict": ('{"card": 2}', datetime(2026, 3, 3, 9, 0, tzinfo=UTC)),
        }
        assert [a.id for a in store.round_attempts(1)] == [1, 2]
        assert store.count_attempts(HistoryQuery()) == 2
        assert store.first_reviews() == [
            (4, {"Clarified the goal?": True, "Prioritised?": False}),
            (2, {"Had a result?": False}),
        ]
        assert store.attempt_counts_by_prompt() == {"pm-pricing": 1, "bh-conflict": 1}
    for table in ("attempt", "step_answer", "review", "followup_reply", "round_run", "schedule"):
        assert owners(v1_url, table) == {person}, table
    with Store.open(v1_url) as again:
        assert again.count_attempts(HistoryQuery()) == 2


def test_the_full_text_index_still_answers_after_the_upgrade(v1_url: str) -> None:
    with Store.open(v1_url) as store:
        assert [a.id for a in store.attempts(HistoryQuery(text="retent"))] == [1]
        assert [a.id for a in store.attempts(HistoryQuery(text="conflict peer"))] == [2]


def test_old_attempts_get_the_snapshot_that_can_still_be_known(v1_url: str) -> None:
    with Store.open(v1_url) as store:
        snapshot = store.attempt(1).prompt_snapshot
        assert store.attempt(2).prompt_snapshot.time_limit_s == 240  # type: ignore[union-attr]
    assert snapshot is not None
    assert snapshot.title == "Pricing a family plan"
    assert snapshot.question == ""  # version 1 never stored it
    assert snapshot.scaffold_id == "six-step"
    assert snapshot.time_limit_s == 900
    assert snapshot.steps == (
        SnapshotStep("Clarify"),
        SnapshotStep("Users"),
        SnapshotStep("Problems"),
    )


def test_the_upgraded_file_takes_new_writes_and_new_tables(v1_url: str) -> None:
    with Store.open(v1_url) as store:
        new = store.start_attempt(*PRICING_ON_SIX, 900, now=T0)  # the id sequence goes on
        assert new == 4
        store.put_schedule("pm-pricing", '{"card": 9}', T0)
        assert store.schedule_states()["pm-pricing"][0] == '{"card": 9}'
        store.save_coach_review(1, {"Clarified the goal?": True}, 3, "tighten the metric")
        assert [c.score for c in store.attempt(1).coach_reviews] == [3]
        store.set_interview_plan("product-manager", datetime(2026, 4, 1).date(), now=T0)
        plan = store.interview_plan()
        assert plan is not None and plan.track_id == "product-manager"
    # Opening again runs no upgrade and keeps everything.
    with Store.open(v1_url) as store:
        assert store.schedule_states()["pm-pricing"][0] == '{"card": 9}'


def test_the_sqlite_file_records_the_current_version(v1_path: Path) -> None:
    with Store.open(f"sqlite:///{v1_path}"):
        pass
    assert rows(v1_path, "SELECT schema_version FROM meta") == [(3,)]


# -- version 2 to 3: history's filter indexes ----------------------------------------------


def attempt_indexes(url: str) -> set[str]:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            return {str(i["name"]) for i in sqlalchemy.inspect(conn).get_indexes("attempt")}
    finally:
        engine.dispose()


def make_v2(url: str) -> int:
    """A version-2 database holding one submitted attempt: today's tables without the
    indexes version 3 added, its meta row saying 2 (what version 2 wrote)."""
    with Store.open(url) as store:
        attempt_id = store.start_attempt(PRICING, SIX_STEP, 900, now=T0)
        store.submit(attempt_id, progress("kept through the upgrade"), now=T0)
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as conn:
            for name in db_schema.HISTORY_INDEXES:
                conn.execute(sqlalchemy.text(f"DROP INDEX {name}"))
            conn.execute(sqlalchemy.text("UPDATE meta SET schema_version = 2"))
    finally:
        engine.dispose()
    return attempt_id


def progress(text: str) -> AnswerProgress:
    return AnswerProgress((StepDraft(0, "Clarify", text),), elapsed_s=60)


def test_a_version_2_database_gains_the_history_indexes(db_url: str) -> None:
    attempt_id = make_v2(db_url)
    assert not attempt_indexes(db_url) & set(db_schema.HISTORY_INDEXES)
    with Store.open(db_url) as store:
        assert store.attempt(attempt_id).steps[0].text == "kept through the upgrade"
        assert [a.id for a in store.attempts(HistoryQuery(kind="case"))] == [attempt_id]
        assert [a.id for a in store.attempts(HistoryQuery(text="upgrade"))] == [attempt_id]
    assert set(db_schema.HISTORY_INDEXES) <= attempt_indexes(db_url)
    with Store.open(db_url) as again:  # opening again runs nothing more
        assert again.count_attempts(HistoryQuery(prompt_id=PRICING.id)) == 1
    engine = sqlalchemy.create_engine(db_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(sqlalchemy.text("SELECT schema_version FROM meta")).scalar()
    finally:
        engine.dispose()
    assert version == 3


def test_a_version_1_database_ends_with_the_history_indexes(v1_url: str) -> None:
    with Store.open(v1_url):
        pass
    assert set(db_schema.HISTORY_INDEXES) <= attempt_indexes(v1_url)
