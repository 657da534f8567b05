"""The server keeps each person in their place (issue 17): row-level security tried with
plain SQL while connected as each person's own role, never as the owner."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import Connection, Engine, text

from tests.postgres import PASSWORD_ROLE
from tests.store.test_store import PRICING, SIX_STEP, T0, drafts
from tui.core.records import AnswerProgress, HistoryQuery
from tui.store import ConnectionFailedError, NotFoundError, PermissionDeniedError, Store
from tui.store.cohort import add_member, init_cohort


@dataclass(frozen=True)
class Cohort:
    server: Any
    database: str
    ana: str
    ben: str
    cora: str

    def url(self, user: str) -> str:
        return str(self.server.url(user, self.database))


@pytest.fixture
def cohort(pg_url: str, postgres_server: Any) -> Iterator[Cohort]:
    """A database set up by `cohort init`, with persons ana and ben and coach cora (role
    names made unique: roles belong to the whole server)."""
    tag = uuid.uuid4().hex[:8]
    names = {n: f"{n}_{tag}" for n in ("ana", "ben", "cora")}
    init_cohort(pg_url)
    add_member(pg_url, names["ana"], "person")
    add_member(pg_url, names["ben"], "person")
    add_member(pg_url, names["cora"], "coach")
    yield Cohort(postgres_server, pg_url.rsplit("/", 1)[1], **names)


@pytest.fixture
def engines(cohort: Cohort) -> Iterator[dict[str, Engine]]:
    made = {
        who: sqlalchemy.create_engine(cohort.url(getattr(cohort, who)))
        for who in ("ana", "ben", "cora")
    }
    yield made
    for engine in made.values():
        engine.dispose()


@contextmanager
def refused(engine: Engine, match: str) -> Iterator[Connection]:
    """A transaction in which the server must refuse a statement, with `match` in why."""
    with pytest.raises(sqlalchemy.exc.ProgrammingError, match=match), engine.begin() as conn:
        yield conn


def anas_attempt(cohort: Cohort) -> int:
    with Store.open(cohort.url(cohort.ana)) as ana:
        assert ana.person == cohort.ana  # the connected role
        attempt_id = ana.start_attempt(PRICING, SIX_STEP, 600, now=T0)
        ana.submit(attempt_id, AnswerProgress(drafts("ana's private answer"), 60), now=T0)
        ana.save_review(attempt_id, {"Clarified the goal?": True}, 4, "mine", now=T0)
        return attempt_id


def test_person_b_can_neither_read_nor_update_person_as_attempt(
    cohort: Cohort, engines: dict[str, Engine]
) -> None:
    attempt_id = anas_attempt(cohort)
    with engines["ben"].begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM attempt")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM step_answer")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM review")).scalar() == 0
        changed = conn.execute(
            text("UPDATE attempt SET prompt_title = 'stolen' WHERE id = :id"), {"id": attempt_id}
        ).rowcount
        assert changed == 0
        assert conn.execute(text("UPDATE step_answer SET text = 'stolen'")).rowcount == 0
        assert conn.execute(text("DELETE FROM attempt")).rowcount == 0
    with (
        pytest.raises(sqlalchemy.exc.ProgrammingError, match="row-level security"),
        engines["ben"].begin() as conn,
    ):
        conn.execute(
            text(
                "INSERT INTO review (person, attempt_id, checks, score, notes, created_at, "
                "blind) VALUES (:p, :id, '{}', 1, 'forged', now(), false)"
            ),
            {"p": cohort.ana, "id": attempt_id},
        )
    with Store.open(cohort.url(cohort.ben)) as ben:
        with pytest.raises(NotFoundError):
            ben.attempt(attempt_id, person=cohort.ana)  # the server shows nothing
        assert ben.attempts(HistoryQuery(), person=cohort.ana) == []
    with Store.open(cohort.url(cohort.ana)) as ana:
        detail = ana.attempt(attempt_id)
        assert detail.summary.prompt_title == PRICING.title
        assert detail.steps[0].text == "ana's private answer"


def test_a_person_cannot_stamp_another_persons_name_on_a_new_row(
    cohort: Cohort, engines: dict[str, Engine]
) -> None:
    with (
        pytest.raises(sqlalchemy.exc.ProgrammingError, match="row-level security"),
        engines["ben"].begin() as conn,
    ):
        conn.execute(
            text(
                "INSERT INTO schedule (person, prompt_id, state, due) VALUES (:p, 'x', '{}', now())"
            ),
            {"p": cohort.ana},
        )
    # Through the store the server's refusal is one plain sentence.
    with (
        Store.open(cohort.url(cohort.ben), person=cohort.ana) as pretending,
        pytest.raises(PermissionDeniedError),
    ):
        pretending.put_schedule("x", "{}", T0)


def test_a_coach_reads_everyone_but_writes_only_coach_reviews(
    cohort: Cohort, engines: dict[str, Engine]
) -> None:
    attempt_id = anas_attempt(cohort)
    with engines["cora"].begin() as conn:
        title = conn.execute(
            text("SELECT prompt_title FROM attempt WHERE id = :id"), {"id": attempt_id}
        ).scalar()
        assert title == PRICING.title
    for statement in (
        "UPDATE attempt SET prompt_title = 'coached' WHERE id = :id",
        "DELETE FROM review WHERE attempt_id = :id",
        "UPDATE step_answer SET text = 'coached' WHERE attempt_id = :id",
    ):
        with (
            pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"),
            engines["cora"].begin() as conn,
        ):
            conn.execute(text(statement), {"id": attempt_id})
    with engines["cora"].begin() as conn:
        conn.execute(
            text(
                "INSERT INTO coach_review (person, attempt_id, coach, checks, score, notes, "
                "created_at) VALUES (:p, :id, :c, '{}', 3, 'plain SQL', now())"
            ),
            {"p": cohort.ana, "id": attempt_id, "c": cohort.cora},
        )
    # A coach review must be signed by the coach and name the attempt's real owner.
    with (
        pytest.raises(sqlalchemy.exc.ProgrammingError, match="row-level security"),
        engines["cora"].begin() as conn,
    ):
        conn.execute(
            text(
                "INSERT INTO coach_review (person, attempt_id, coach, checks, score, "
                "notes, created_at) VALUES (:p, :id, 'someone_else', '{}', 1, '', now())"
            ),
            {"p": cohort.ana, "id": attempt_id},
        )
    with Store.open(cohort.url(cohort.cora)) as coach:
        assert coach.attempt(attempt_id, person=cohort.ana).steps[0].text == (
            "ana's private answer"
        )
        coach.save_coach_review(attempt_id, {"Clarified the goal?": False}, 2, "vague goal")
        assert [m.person for m in coach.cohort(now=T0)] == [cohort.ana]
    with Store.open(cohort.url(cohort.ana)) as ana:
        detail = ana.attempt(attempt_id)
        assert [c.notes for c in detail.coach_reviews] == ["plain SQL", "vague goal"]
        assert detail.review is not None and detail.review.score == 4
    # A person may not write coach reviews.
    with (
        engines["ana"].begin() as conn,
        pytest.raises(sqlalchemy.exc.ProgrammingError, match="permission denied"),
    ):
        conn.execute(text("DELETE FROM coach_review"))


def test_init_and_add_are_idempotent_and_a_password_is_required_where_set(
    cohort: Cohort, pg_url: str
) -> None:
    init_cohort(pg_url)
    add_member(pg_url, cohort.ana, "person")
    add_member(pg_url, PASSWORD_ROLE, "person", password="right 'one'")
    good = cohort.server.url(f"{PASSWORD_ROLE}:right%20%27one%27", cohort.database)
    with Store.open(good) as store:
        assert store.person == PASSWORD_ROLE
    bad = cohort.server.url(f"{PASSWORD_ROLE}:hunter2", cohort.database)
    with pytest.raises(ConnectionFailedError) as caught:
        Store.open(bad)
    assert "wrong user name or password" in caught.value.user_message
    assert "hunter2" not in str(caught.value)


def test_names_that_are_not_plain_identifiers_are_refused(pg_url: str) -> None:
    from tui.store import StoreError

    for name in ('x"; DROP TABLE attempt; --', "Ana", "", "1abc"):
        with pytest.raises(StoreError):
            add_member(pg_url, name, "person")


def test_cohort_needs_postgres(tmp_path: Any) -> None:
    from tui.store import StoreError

    with pytest.raises(StoreError, match="PostgreSQL"):
        init_cohort(f"sqlite:///{tmp_path / 'c.db'}")
