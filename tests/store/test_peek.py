"""The first screen's direct read (tui.store.peek): the store's counts, on plain sqlite3,
without creating, changing or misreading a file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from tests.store.test_store import PRICING, SIX_STEP, T0
from tui.core.records import AnswerProgress
from tui.store import Store
from tui.store.peek import attempts_by_track


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
    code = "import sys, tui.store.peek; print(sorted(m for m in sys.modules if 'sql' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['_sqlite3', 'sqlite3', 'sqlite3.dbapi2']"
