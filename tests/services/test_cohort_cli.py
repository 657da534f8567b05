"""`caseroom cohort init|add-person|add-coach` end to end, from tui.cli.main."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy

from tui.cli import main


def test_cohort_commands_set_up_a_server(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    name = f"dana_{uuid.uuid4().hex[:8]}"
    assert main(["cohort", "init", "--db", pg_url]) == 0
    assert "row-level security" in capsys.readouterr().out
    assert main(["cohort", "add-person", name, "--db", pg_url]) == 0
    assert f"{name} can now connect as a person" in capsys.readouterr().out
    assert main(["--db", pg_url, "cohort", "add-coach", f"{name}_coach"]) == 0
    engine = sqlalchemy.create_engine(pg_url)
    with engine.connect() as conn:
        groups = dict(
            conn.execute(
                sqlalchemy.text(
                    "SELECT m.rolname, g.rolname FROM pg_auth_members a "
                    "JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
                    "WHERE m.rolname LIKE :n"
                ),
                {"n": f"{name}%"},
            ).all()
        )
    engine.dispose()
    assert groups == {name: "caseroom_person", f"{name}_coach": "caseroom_coach"}


def test_cohort_on_a_sqlite_file_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cohort", "init", "--db", str(tmp_path / "c.db")]) == 1
    err = capsys.readouterr().err
    assert "needs a PostgreSQL server" in err
    assert err.count("\n") == 1


def test_a_bad_member_name_is_one_sentence(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cohort", "add-person", "Robert'); DROP", "--db", pg_url]) == 1
    assert "cannot be a cohort member's name" in capsys.readouterr().err
