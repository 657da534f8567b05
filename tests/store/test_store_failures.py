"""Failures in plain words: locked, full, read-only, corrupt, foreign, newer, upgrades.

Whatever goes wrong, the user's database file must come out byte-for-byte as it went in.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event, inspect, text

import tui.store.upgrades
from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import AnswerProgress, HistoryQuery, StepDraft
from tui.store import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    ForeignDatabaseError,
    NewerSchemaError,
    ReadOnlyError,
    Store,
    StoreError,
    UpgradeError,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCAFFOLD = Scaffold(id="s", title="S", steps=(Step("One"), Step("Two")))
PROMPT = Prompt(
    id="p", title="Pricing", track="pm", kind="case", scaffold="s", minutes=10, question="?"
)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_db(path: Path, answer: str = "my precious answer") -> int:
    """A closed caseroom database holding one submitted attempt."""
    with Store.open(f"sqlite:///{path}") as store:
        attempt_id = store.start_attempt(PROMPT, SCAFFOLD, 600, now=T0)
        store.submit(attempt_id, AnswerProgress((StepDraft(0, "One", answer),), elapsed_s=1))
    return attempt_id


def ro_url(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_every_error_carries_a_plain_user_message() -> None:
    for cls in (
        DatabaseLockedError,
        DiskFullError,
        ReadOnlyError,
        CorruptDatabaseError,
        UpgradeError,
    ):
        assert issubclass(cls, StoreError)
    error = StoreError("Something readable.", detail="driver said x")
    assert error.user_message == "Something readable."


# -- locked ------------------------------------------------------------------------------


def test_a_database_held_past_the_busy_timeout_is_reported_locked(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    attempt_id = make_db(path)
    with Store.open(f"sqlite:///{path}", busy_timeout_ms=50) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            with pytest.raises(DatabaseLockedError) as caught:
                store.save_review(attempt_id, {}, 3, "while locked")
            assert "busy" in caught.value.user_message
            # Readers are not blocked by a writer in WAL mode.
            assert store.count_attempts(HistoryQuery()) == 1
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        store.save_review(attempt_id, {}, 3, "after the lock")
        assert store.attempt(attempt_id).review is not None


# -- disk full ---------------------------------------------------------------------------


def test_a_full_disk_raises_disk_full_and_keeps_earlier_data(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    attempt_id = make_db(path)
    with Store.open(f"sqlite:///{path}") as store:
        draft_id = store.start_attempt(PROMPT, SCAFFOLD, 600, now=T0)
        store.save_draft(
            draft_id, AnswerProgress((StepDraft(0, "One", "small draft"),), elapsed_s=1)
        )

        # Cap the file at its current size: the next growth is SQLITE_FULL, as on a full disk.
        @event.listens_for(store.engine, "connect")
        def cap(dbapi_connection: Any, _record: Any) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        store.engine.dispose()  # new connections pick the cap up
        huge = "x" * 2_000_000
        with pytest.raises(DiskFullError) as caught:
            store.save_draft(draft_id, AnswerProgress((StepDraft(0, "One", huge),), elapsed_s=9))
        assert "full" in caught.value.user_message
    with Store.open(f"sqlite:///{path}") as reopened:
        assert reopened.attempt(attempt_id).steps[0].text == "my precious answer"
        draft = reopened.attempt(draft_id)
        assert draft.steps[0].text == "small draft"  # the failed save left no half-write
        assert draft.summary.elapsed_s == 1


# -- read-only ---------------------------------------------------------------------------


def test_read_only_uri_reads_history_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    attempt_id = make_db(path)
    before = digest(path)
    with Store.open(ro_url(path)) as store:
        assert [a.id for a in store.attempts(HistoryQuery())] == [attempt_id]
        assert store.attempt(attempt_id).steps[0].text == "my precious answer"
        with pytest.raises(ReadOnlyError) as caught:
            store.start_attempt(PROMPT, SCAFFOLD, 600)
        assert "read-only" in caught.value.user_message
        with pytest.raises(ReadOnlyError):
            store.put_schedule("p", "{}", T0)
    assert digest(path) == before


def test_read_only_uri_on_an_empty_file_cannot_create_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(ReadOnlyError):
        Store.open(ro_url(path))
    assert path.read_bytes() == b""


def test_read_only_uri_on_a_missing_file_cannot_open(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(ReadOnlyError):
        Store.open(ro_url(path))
    assert not path.exists()


@pytest.mark.skipif(IS_ROOT, reason="root writes through chmod; covered by the mode=ro tests")
def test_read_only_directory_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyError):
            Store.open(f"sqlite:///{folder / 'new' / 'c.db'}")
        with pytest.raises(ReadOnlyError):
            Store.open(f"sqlite:///{folder / 'c.db'}")
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(IS_ROOT, reason="root writes through chmod; covered by the mode=ro tests")
def test_read_only_file_refuses_writes_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    make_db(path)
    path.chmod(0o444)
    before = digest(path)
    try:
        with pytest.raises(ReadOnlyError), Store.open(f"sqlite:///{path}") as store:
            store.start_attempt(PROMPT, SCAFFOLD, 600)
    finally:
        path.chmod(0o644)
    assert digest(path) == before


# -- not ours ----------------------------------------------------------------------------


def test_a_corrupt_file_is_reported_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = digest(path)
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(f"sqlite:///{path}")
    assert "untouched" in caught.value.user_message
    assert digest(path) == before


def test_a_damaged_caseroom_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    make_db(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # page 1 after the header: the schema
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(CorruptDatabaseError):
        Store.open(f"sqlite:///{path}")
    assert digest(path) == before


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (body TEXT)")
    other.execute("INSERT INTO notes VALUES ('keep me')")
    other.commit()
    other.close()
    before = digest(path)
    with pytest.raises(ForeignDatabaseError):
        Store.open(f"sqlite:///{path}")
    assert digest(path) == before


# -- versions and upgrades ---------------------------------------------------------------


def set_version(path: Path, version: int) -> None:
    raw = sqlite3.connect(path)
    raw.execute("UPDATE meta SET schema_version = ?", (version,))
    raw.commit()
    raw.close()


def stored_version(path: Path) -> int:
    raw = sqlite3.connect(path)
    try:
        return int(raw.execute("SELECT schema_version FROM meta").fetchone()[0])
    finally:
        raw.close()


def test_a_new_database_records_the_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    make_db(path)
    assert stored_version(path) == tui.store.upgrades.SCHEMA_VERSION == 3


def test_a_database_from_a_newer_caseroom_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    make_db(path)
    set_version(path, 99)
    before = digest(path)
    with pytest.raises(NewerSchemaError) as caught:
        Store.open(f"sqlite:///{path}")
    assert caught.value.found == 99
    assert "newer caseroom" in caught.value.user_message
    assert digest(path) == before


#: The schema version this caseroom writes (the made-up upgrades below go beyond it).
CURRENT = tui.store.upgrades.SCHEMA_VERSION


def add_note_column(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE attempt ADD COLUMN coach_note TEXT DEFAULT ''"))


def attempt_columns(path: Path) -> set[str]:
    raw = sqlite3.connect(path)
    try:
        return {row[1] for row in raw.execute("PRAGMA table_info(attempt)")}
    finally:
        raw.close()


def test_upgrade_steps_run_in_order_and_record_the_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.db"
    attempt_id = make_db(path)  # a file at today's version, CURRENT
    monkeypatch.setattr(tui.store.upgrades, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(tui.store.upgrades, "UPGRADE_STEPS", {CURRENT: add_note_column})
    with Store.open(f"sqlite:///{path}") as store:
        assert store.attempt(attempt_id).steps[0].text == "my precious answer"
        with store.engine.connect() as conn:
            assert "coach_note" in {c["name"] for c in inspect(conn).get_columns("attempt")}
    assert stored_version(path) == CURRENT + 1
    # Opening again runs nothing more.
    with Store.open(f"sqlite:///{path}"):
        pass
    assert stored_version(path) == CURRENT + 1


def test_a_failing_upgrade_rolls_back_every_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.db"
    attempt_id = make_db(path)

    def broken(conn: Connection) -> None:
        conn.execute(text("UPDATE step_answer SET text = 'mangled'"))
        raise RuntimeError("step 2 has a bug")

    monkeypatch.setattr(tui.store.upgrades, "SCHEMA_VERSION", CURRENT + 2)
    monkeypatch.setattr(
        tui.store.upgrades, "UPGRADE_STEPS", {CURRENT: add_note_column, CURRENT + 1: broken}
    )
    with pytest.raises(UpgradeError) as caught:
        Store.open(f"sqlite:///{path}")
    assert "left as it was" in caught.value.user_message
    assert stored_version(path) == CURRENT
    assert "coach_note" not in attempt_columns(path)
    monkeypatch.setattr(tui.store.upgrades, "SCHEMA_VERSION", CURRENT)
    with Store.open(f"sqlite:///{path}") as store:
        assert store.attempt(attempt_id).steps[0].text == "my precious answer"


def test_a_missing_upgrade_step_is_an_upgrade_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.db"
    make_db(path)
    monkeypatch.setattr(tui.store.upgrades, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(tui.store.upgrades, "UPGRADE_STEPS", {})
    with pytest.raises(UpgradeError):
        Store.open(f"sqlite:///{path}")
    assert stored_version(path) == CURRENT


def test_open_creates_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "c.db"
    with Store.open(f"sqlite:///{path}") as store:
        assert store.count_attempts(HistoryQuery()) == 0
    assert path.exists()
