"""The first screen's direct reads (tui.store.peek_reads): the store's answers, on plain
sqlite3, without creating, changing or misreading a file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.store.test_store import PRICING, SIX_STEP, T0
from tui.core.records import AnswerProgress, HistoryQuery
from tui.services.progress import first_screen_reads
from tui.store import Store
from tui.store.peek import SCHEMA_VERSION
from tui.store.peek_reads import SqliteReads


def attempts_by_track(path: Path, person: str = "me") -> dict[str, int] | None:
    """Submitted attempts per track as the tracks screen reads them from the file, or None
    where the file cannot answer."""
    reads = SqliteReads.open(path, person)
    if reads is None:
        return None
    with reads:
        return reads.attempt_counts_by_track()


def test_it_counts_what_the_store_counts(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    story = replace(PRICING, id="el-story", track="eng-lead")
    with Store.open(f"sqlite:///{path}") as store:
        assert attempts_by_track(path) == {} == store.attempt_counts_by_track()
        for prompt, submit in ((PRICING, True), (PRICING, True), (PRICING, False), (story, True)):
            attempt_id = store.start_attempt(prompt, SIX_STEP, 300, now=T0)
            if submit:
                store.submit(attempt_id, AnswerProgress((), elapsed_s=1))
        # Read while the store holds the file open (WAL), as at start-up.
        assert attempts_by_track(path) == store.attempt_counts_by_track()
        assert attempts_by_track(path) == {"product-manager": 2, "eng-lead": 1}
        assert attempts_by_track(path, person="someone else") == {}


def test_a_missing_file_is_not_made_and_a_foreign_or_other_version_is_not_read(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "none" / "caseroom.db"
    assert attempts_by_track(missing) is None
    assert not missing.exists() and not missing.parent.exists()
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    assert attempts_by_track(foreign) is None
    older = tmp_path / "older.db"
    with Store.open(f"sqlite:///{older}"):
        pass
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE meta SET schema_version = 1")
    assert attempts_by_track(older) is None
    not_sqlite = tmp_path / "text.db"
    not_sqlite.write_text("not a database")
    assert attempts_by_track(not_sqlite) is None


def test_it_imports_no_sqlalchemy() -> None:
    code = "import sys, tui.store.peek_reads; print(sorted(m for m in sys.modules if 'sql' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['_sqlite3', 'sqlite3', 'sqlite3.dbapi2']"


# -- SqliteReads (tui.store.peek_reads): the Store's reads on plain sqlite3 -----------------

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _filled(path: Path) -> str:
    url = f"sqlite:///{path}"
    with Store.open(url) as store:
        first = store.start_attempt(PRICING, SIX_STEP, 300, now=T0)
        store.submit(first, AnswerProgress((), elapsed_s=1), now=T0 + timedelta(minutes=1))
        store.save_review(first, {"a": True}, 4, "", now=T0)
        store.put_schedule(PRICING.id, "{}", T0 + timedelta(days=2))
        store.start_attempt(PRICING, SIX_STEP, 300, now=T0)
    return url


def test_reads_open_only_a_file_of_this_version(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "caseroom.db"
    assert SqliteReads.open(missing) is None
    assert not missing.parent.exists()
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    assert SqliteReads.open(foreign) is None
    not_sqlite = tmp_path / "text.db"
    not_sqlite.write_text("not a database")
    assert SqliteReads.open(not_sqlite) is None
    other = tmp_path / "other.db"
    _filled(other)
    with sqlite3.connect(other) as conn:
        conn.execute(f"UPDATE meta SET schema_version = {SCHEMA_VERSION + 1}")
    assert SqliteReads.open(other) is None


def test_reads_answer_as_the_store_and_close_with_the_block(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    url = _filled(path)
    with Store.open(url) as store, SqliteReads.open(path) as reads:  # type: ignore[union-attr]
        assert reads.url == url == store.url
        assert reads.schedule_states() == store.schedule_states()
        assert reads.schedule_states()[PRICING.id][1] == T0 + timedelta(days=2)
        assert reads.schedule_states()[PRICING.id][1].tzinfo is not None
        assert reads.unfinished() == store.unfinished()
        assert reads.first_reviews() == store.first_reviews() == [(4, {"a": True})]
        assert reads.person == "me"
    with pytest.raises(sqlite3.ProgrammingError):
        reads.attempt_counts_by_track()  # closed


def test_reads_of_another_person_see_none_of_mine(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    _filled(path)
    reads = SqliteReads.open(path, "someone else")
    assert reads is not None
    with reads:
        assert reads.attempt_counts_by_track() == {}
        assert reads.unfinished() == [] and reads.schedule_states() == {}
        assert reads.first_reviews() == [] and reads.latest_scores() == {}


def test_the_score_is_the_earliest_non_blind_review_as_in_the_store(tmp_path: Path) -> None:
    """Several non-blind reviews of one attempt (an older file, two writers at once): both
    sides take the one made first, and of two made at once the lower id."""
    path = tmp_path / "caseroom.db"
    url = _filled(path)
    with sqlite3.connect(path) as conn:
        attempt_id = conn.execute("SELECT id FROM attempt WHERE status = 'submitted'").fetchone()[0]
        for score, made, blind in (
            (2, T0 - timedelta(hours=1), 1),
            (5, T0 - timedelta(minutes=1), 0),
            (1, T0 - timedelta(minutes=1), 0),  # as early as the 5, a higher id
        ):
            conn.execute(
                "INSERT INTO review (person, attempt_id, created_at, blind, checks, score, notes)"
                " VALUES ('me', ?, ?, ?, '{broken', ?, '')",
                (attempt_id, made.strftime("%Y-%m-%d %H:%M:%S.%f"), blind, score),
            )
    with Store.open(url) as store, SqliteReads.open(path) as reads:  # type: ignore[union-attr]
        assert reads.first_reviews() == store.first_reviews() == [(5, {})]
        assert reads.latest_scores() == store.latest_scores() == {PRICING.id: 5}
        assert reads.unfinished() == store.unfinished()


def test_count_attempts_refuses_filters_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    _filled(path)
    with SqliteReads.open(path) as reads:  # type: ignore[union-attr]
        assert reads.count_attempts(HistoryQuery(since=T0, until=T0 + timedelta(hours=1))) == 1
        for query in (
            HistoryQuery(track_id="x"),
            HistoryQuery(kind="case"),
            HistoryQuery(prompt_id="x"),
            HistoryQuery(text="pricing"),
            HistoryQuery(round_id="*"),
        ):
            with pytest.raises(ValueError):
                reads.count_attempts(query)
        assert reads.count_attempts(HistoryQuery(text="   ", limit=1, offset=3)) == 1


def test_a_locked_file_answers_none_at_once(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    url = _filled(path)
    locker = sqlite3.connect(path, isolation_level=None)
    try:
        locker.execute("PRAGMA locking_mode = EXCLUSIVE")
        locker.execute("BEGIN EXCLUSIVE")
        locker.execute("UPDATE meta SET schema_version = schema_version")
        started = time.monotonic()
        assert SqliteReads.open(path) is None
        assert first_screen_reads(url, datetime.now(UTC)) is None
        assert time.monotonic() - started < 0.9  # two waits of TIMEOUT_S
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert first_screen_reads(url, datetime.now(UTC)) is not None


def test_reads_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    url = _filled(path)
    before = path.read_bytes()
    with SqliteReads.open(path, url=url) as reads:  # type: ignore[union-attr]
        for name in ("attempt_counts_by_track", "unfinished", "first_reviews", "interview_plan"):
            getattr(reads, name)()
    assert first_screen_reads(url, datetime.now(UTC)) is not None
    assert path.read_bytes() == before
    # The -wal SQLite may make beside a WAL file when absent is empty: nothing in it.
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.skipif(IS_ROOT, reason="root writes through chmod; the reads are mode=ro anyway")
def test_a_read_only_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    _filled(path)
    path.chmod(0o444)
    try:
        reads = SqliteReads.open(path)
        assert reads is not None
        with reads:
            assert reads.attempt_counts_by_track() == {"product-manager": 1}
    finally:
        path.chmod(0o644)


def test_reads_import_no_sqlalchemy() -> None:
    code = (
        "import sys, tui.store.peek_reads;"
        " print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'pydantic')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
