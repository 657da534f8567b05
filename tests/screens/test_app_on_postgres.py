"""The app on a cohort's PostgreSQL server (issue 17), connected as a person's own role
under row-level security: answer, submit, review, then find it in history."""

from __future__ import annotations

import uuid
from typing import Any

from screens.history import HistoryScreen
from screens.review import ReviewScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of, submit_answer
from tests.screens.test_app_loop import open_demo_case
from tui.core.records import HistoryQuery
from tui.store.cohort import add_member, init_cohort


async def test_practice_submit_and_history_as_a_cohort_person(
    make_app: Any, clock: FakeClock, pg_url: str, postgres_server: Any
) -> None:
    init_cohort(pg_url)
    person = f"eve_{uuid.uuid4().hex[:8]}"
    add_member(pg_url, person, "person")
    url = postgres_server.url(person, pg_url.rsplit("/", 1)[1])
    app = make_app(url=url)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_demo_case(pilot)
        await pilot.press(*"Which outcome: speed to first play?")
        clock.advance(50)
        await submit_answer(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        store = store_of(app)
        assert store.person == person
        [row] = store.attempts(HistoryQuery())
        assert row.person == person
        detail = store.attempt(row.id)
        assert detail.prompt_snapshot is not None
        assert detail.prompt_snapshot.title == "Faster picks for busy parents"
    again = make_app(url=url)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(again.screen, HistoryScreen)
        assert [r.prompt_title for r in again.screen.rows] == ["Faster picks for busy parents"]
