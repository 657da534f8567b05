"""The history screen: filters, paging, stale results, compare and export, through Pilot."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from screens.attempt import AttemptScreen
from screens.compare import CompareScreen
from screens.history import PAGE_ROWS, HistoryScreen
from tests.conftest import FROZEN_NOW
from tests.pilot_helpers import settle, store_of
from tui.core.records import AnswerProgress, AttemptSummary, HistoryQuery, StepDraft
from tui.services import history


def submit(app: Any, prompt_id: str, texts: list[str], when: datetime, seconds: float) -> int:
    """Store one submitted attempt of `prompt_id` with `texts` as its step answers."""
    store = store_of(app)
    prompt = app.library.prompts[prompt_id]
    scaffold = app.library.scaffold_for(prompt)
    attempt_id: int = store.start_attempt(prompt, scaffold, 600, now=when)
    steps = [
        StepDraft(
            index=i, title=step.title, text=texts[i] if i < len(texts) else "", seconds=seconds
        )
        for i, step in enumerate(scaffold.steps)
    ]
    total = seconds * len(steps)
    store.submit(attempt_id, AnswerProgress(tuple(steps), elapsed_s=total), now=when)
    return attempt_id


def seed(app: Any) -> dict[str, int]:
    """Three attempts: two of the case (one old), one of the story."""
    return {
        "case_old": submit(
            app, "demo-case", ["churn first", "parents"], FROZEN_NOW - timedelta(days=60), 30
        ),
        "case_new": submit(
            app, "demo-case", ["retention focus", "kids"], FROZEN_NOW - timedelta(days=2), 45
        ),
        "story": submit(app, "demo-story", ["a hard decision"], FROZEN_NOW - timedelta(days=1), 20),
    }


async def open_history(pilot: Pilot[Any]) -> HistoryScreen:
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def wait_settled(pilot: Pilot[Any], screen: HistoryScreen) -> None:
    """Wait out the text debounce and the query, whatever the machine's speed."""
    for _ in range(50):
        await settle(pilot)
        if screen.settled:
            return
        await pilot.pause(0.05)
    raise AssertionError("history never showed the newest query")


def titles(screen: HistoryScreen) -> list[str]:
    return [row.prompt_title for row in screen.rows]


async def test_newest_first_and_every_filter_narrows(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = seed(app)
        screen = await open_history(pilot)
        assert [r.id for r in screen.rows] == [ids["story"], ids["case_new"], ids["case_old"]]
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 3
        row = [str(c) for c in table.get_row_at(1)]
        assert (
            row[0] == "19 Nov 09:30" and row[3] == "case" and row[4] == "4:30/10:00"
        )  # six steps of 45 s

        screen.query_one("#history-kind", Select).value = "behavioral"
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["story"]]

        screen.query_one("#history-kind", Select).value = Select.NULL
        screen.query_one("#history-prompt", Select).value = "demo-case"
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["case_new"], ids["case_old"]]

        screen.query_one("#history-period", Select).value = 30
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["case_new"]]

        screen.query_one("#history-period", Select).value = Select.NULL
        screen.query_one("#history-prompt", Select).value = Select.NULL
        screen.query_one("#history-track", Select).value = "demo"
        await wait_settled(pilot, screen)
        assert len(screen.rows) == 3
        prompts = screen.query_one("#history-prompt", Select)
        assert {value for _label, value in prompts._options} >= {"demo-case", "demo-story"}


async def test_text_filter_is_debounced_and_stale_results_are_dropped(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = seed(app)
        screen = await open_history(pilot)
        await pilot.press("slash")
        assert isinstance(screen.focused, Input)
        await pilot.press(*"retention")
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["case_new"]]
        status = screen.query_one("#history-status")
        assert "1 attempt" in str(status.render())

        # An answer to an older query that arrives late never replaces the newer one.
        old_sequence = screen._sequence
        screen.reload()
        everything = store_of(app).attempts(screen.current_query().__class__())
        screen.show((everything, len(everything)), old_sequence)
        screen.show_count(len(everything), old_sequence)
        assert [r.id for r in screen.rows] == [ids["case_new"]]
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["case_new"]]


async def test_opening_asks_once_and_coming_back_asks_again(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first page is asked for while the screen composes (its answer may come before
    # the table is mounted, and waits for it): the first resume must not ask again.
    asked: list[HistoryQuery] = []

    def page(store: Any, query: HistoryQuery) -> list[AttemptSummary]:
        asked.append(query)
        return history.page(store, query)

    monkeypatch.setattr("screens.history.history", SimpleNamespace(page=page, count=history.count))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = seed(app)
        screen = await open_history(pilot)
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["story"], ids["case_new"], ids["case_old"]]
        assert len(asked) == 1 and "3 attempts" in str(screen.query_one("#history-status").render())
        await pilot.press("enter")  # an attempt, then back: the scores may have changed
        await settle(pilot)
        await pilot.press("escape")
        await wait_settled(pilot, screen)
        assert app.screen is screen and len(asked) == 2


async def test_answers_arriving_after_the_screen_closed_are_dropped(make_app: Any) -> None:
    # The screen keeps its widgets once found (a DOM query per lookup cost a filter ~30 ms):
    # once it is closed, a late page or count must find nothing to fill.
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        seed(app)
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        shown = list(screen.rows)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen and not table.is_attached
        screen.show(([], 0), screen._sequence)
        screen.show_count(0, screen._sequence)
        assert screen.rows == shown and screen._live_table() is None


async def test_a_long_history_shows_one_page_and_says_so(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for n in range(505):
            submit(app, "demo-story", [f"answer {n}"], FROZEN_NOW - timedelta(minutes=n), 10)
        screen = await open_history(pilot)
        await settle(pilot)
        assert len(screen.rows) == PAGE_ROWS
        assert screen.total == 505
        assert f"showing {PAGE_ROWS} of 505" in str(screen.query_one("#history-status").render())
        # Moving towards the end of what is loaded brings the next page.
        screen.query_one("#history-table", DataTable).move_cursor(row=PAGE_ROWS - 1)
        await settle(pilot)
        assert len(screen.rows) == 2 * PAGE_ROWS
        assert f"showing {2 * PAGE_ROWS} of 505" in str(
            screen.query_one("#history-status").render()
        )
        assert len({r.id for r in screen.rows}) == 2 * PAGE_ROWS  # no page twice


async def test_compare_two_attempts_of_the_same_prompt(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = seed(app)
        screen = await open_history(pilot)
        await pilot.press("c")  # the story
        assert screen.marked is not None and screen.marked.id == ids["story"]
        await pilot.press("down", "c")  # a case attempt: refused, the mark stays
        await settle(pilot)
        assert app.screen is screen
        assert screen.marked.id == ids["story"]
        await pilot.press("up", "c")  # unmark
        assert screen.marked is None
        await pilot.press("down", "c", "down", "c")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.attempt_ids == (ids["case_old"], ids["case_new"])
        assert compare.details is not None
        older, newer = compare.details
        assert older.steps[0].text == "churn first" and newer.steps[0].text == "retention focus"
        cells = [str(w.render()) for w in compare.query(".compare-cell")]
        assert any("churn first" in c for c in cells)
        assert any("0:45 (+0:15)" in c and "retention focus" in c for c in cells)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_export_shown_and_all_filtered(make_app: Any, private_dirs: Path) -> None:
    import json

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = seed(app)
        screen = await open_history(pilot)
        folder = private_dirs / "caseroom-exports"
        await pilot.press("x")
        await settle(pilot)
        one = json.loads(next(folder.glob(f"attempt-{ids['story']}-*.json")).read_text())
        assert [a["id"] for a in one["attempts"]] == [ids["story"]]
        assert "a hard decision" in next(folder.glob("attempt-*.md")).read_text()

        screen.query_one("#history-prompt", Select).value = "demo-case"
        await wait_settled(pilot, screen)
        await pilot.press("X")
        await settle(pilot)
        everything = json.loads(next(folder.glob("history-*.json")).read_text())
        assert sorted(a["id"] for a in everything["attempts"]) == [ids["case_old"], ids["case_new"]]

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        for old in folder.iterdir():
            old.unlink()
        await pilot.press("x")
        await settle(pilot)
        assert len(list(folder.glob(f"attempt-{ids['case_new']}-*.md"))) == 1
