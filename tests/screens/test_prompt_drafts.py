"""A kept draft is found again from the prompts list (no restart needed), and the prompts
list's history key reaches the app (ctrl+h is backspace in terminals)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.widgets.data_table import ColumnKey

from screens.history import HistoryScreen
from screens.practice import PracticeScreen
from screens.prompts import PromptsScreen
from screens.resume import ResumeScreen
from tests.conftest import FakeClock
from tests.pilot_helpers import settle, store_of
from tests.screens.test_app_loop import open_demo_case

SIZE = (80, 24)


async def keep_draft_in_step_two(pilot: Pilot[Any], clock: FakeClock) -> int:
    """Answer two steps with known times, leave keeping the draft; its attempt id."""
    practice = await open_demo_case(pilot)
    await pilot.press(*"first line", "enter", *"second line")
    clock.advance(30)
    await pilot.press("ctrl+n", *"step two")
    clock.advance(12)
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("k")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PromptsScreen)
    assert practice.attempt_id is not None
    return practice.attempt_id


def done_cell(screen: PromptsScreen, prompt_id: str) -> str:
    table = screen.query_one("#prompts-table", DataTable)
    return str(table.get_cell(prompt_id, "attempts"))


async def test_reopening_a_prompt_offers_its_kept_draft_and_resumes_it(
    make_app: Any, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await keep_draft_in_step_two(pilot, clock)
        prompts = app.screen
        assert isinstance(prompts, PromptsScreen)
        assert done_cell(prompts, "demo-case") == "draft"
        # The marker is in a column that shows at 80 columns.
        table = prompts.query_one("#prompts-table", DataTable)
        before = 0
        for column in table.ordered_columns:
            if column.key.value == "attempts":
                break
            before += column.get_render_width(table)
        assert before + len("draft") + 2 <= table.scrollable_content_region.width

        clock.advance(500)  # time away from the answer is not charged
        await pilot.press("enter")
        await settle(pilot)
        offer = app.screen
        assert isinstance(offer, ResumeScreen) and offer.opening
        await pilot.press("r")
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.attempt_id == kept
        assert [e.text for e in practice.editors[:2]] == ["first line\nsecond line", "step two"]
        view = practice.timer.snapshot()
        assert view.step_seconds[:2] == (30, 12)
        assert view.paused and view.current_step == 1
        # The cursor is at the end of the text, in the step the person was in.
        step_two = practice.editors[1]
        assert practice.focused is step_two
        assert step_two.cursor_location == step_two.document.end
        assert practice.editors[0].cursor_location == (1, len("second line"))
        await pilot.press(*" more")
        assert step_two.text == "step two more"
        clock.advance(3)
        assert practice.timer.snapshot().elapsed_s == 45  # typing started the clock again
        assert [d.id for d in store_of(app).unfinished()] == [kept]


async def test_start_fresh_keeps_the_old_draft(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = await keep_draft_in_step_two(pilot, clock)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("f")
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.attempt_id not in (None, kept)
        assert all(editor.text == "" for editor in practice.editors)
        store = store_of(app)
        assert kept in {d.id for d in store.unfinished()}
        old = store.attempt(kept)
        assert [s.text for s in old.steps[:2]] == ["first line\nsecond line", "step two"]


async def test_escape_on_the_offer_stays_on_the_list(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keep_draft_in_step_two(pilot, clock)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PromptsScreen)
        assert len(store_of(app).unfinished()) == 1


async def test_the_palette_and_next_up_offer_the_draft_too(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await keep_draft_in_step_two(pilot, clock)
        app.action_practise("demo-case")  # what the palette and "Next up" call
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)


async def test_an_answer_left_empty_leaves_no_draft_mark(make_app: Any, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_demo_case(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once, the attempt abandoned
        await settle(pilot)
        prompts = app.screen
        assert isinstance(prompts, PromptsScreen)
        assert done_cell(prompts, "demo-case") == ""
        assert store_of(app).unfinished() == []
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)  # no offer: straight in


async def open_prompts(pilot: Pilot[Any]) -> PromptsScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PromptsScreen)
    return screen


async def test_history_keys_work_from_the_filter_and_the_list(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        prompts = await open_prompts(pilot)
        box = prompts.query_one("#filter", Input)
        await pilot.press(*"busy")
        # Terminals send ctrl+h as backspace (0x08): it edits the filter, so history needs
        # another key.
        await pilot.press("backspace")
        assert box.value == "bus"
        assert app.screen is prompts
        keys = {b.key for b in prompts.BINDINGS if not isinstance(b, tuple | str)}
        assert not any("ctrl+h" in key for key in keys)
        for key in ("f3", "ctrl+y"):
            assert prompts.focused is box
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen), key
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is prompts
        await pilot.press("tab")  # to the list: plain h
        assert prompts.focused is prompts.query_one("#prompts-table")
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert box.value == "bus"  # the h did not go to the filter


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_prompt_list_shows_title_done_and_kind_whole(
    make_app: Any, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_prompts(pilot)
        table = screen.query_one("#prompts-table", DataTable)
        await pilot.pause()
        shown = table.scrollable_content_region.width
        right_edge = 0
        for key in ("title", "attempts", "kind"):
            right_edge += table.columns[ColumnKey(key)].get_render_width(table)
        assert right_edge <= shown, f"title+done+kind need {right_edge}, the list shows {shown}"
        kind = table.columns[ColumnKey("kind")]
        assert kind.get_render_width(table) >= len("behavioral") + 2


def test_the_preview_names_the_source_of_a_prompts_facts() -> None:
    """Issue 14: the guides' figures read apart from caseroom's own practice scenarios."""
    from dataclasses import replace

    from screens.prompts import prompt_preview
    from tests.conftest import make_prompt

    plain_prompt = make_prompt("mine")
    assert "Facts and figures from" not in prompt_preview(plain_prompt)
    sourced = replace(plain_prompt, sources=("Netflix product manager interview guide",))
    assert prompt_preview(sourced).endswith(
        "*Facts and figures from: Netflix product manager interview guide.*"
    )
