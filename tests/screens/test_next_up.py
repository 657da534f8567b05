"""The next-up panel on the first screen: due prompts first, enter starts practising."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.widgets import OptionList

from screens.practice import PracticeScreen
from screens.tracks import TracksScreen
from tests.conftest import FROZEN_NOW
from tests.pilot_helpers import settle, store_of


async def test_next_up_lists_a_due_prompt_first_and_enter_practises_it(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # Seed the store directly: the story prompt was reviewed and fell due two days ago.
        store_of(app).put_schedule("demo-story", "{}", FROZEN_NOW - timedelta(days=2))
        screen = app.screen
        assert isinstance(screen, TracksScreen)
        screen.store_ready()
        await settle(pilot)
        first = screen.next_up[0]
        assert (first.prompt_id, first.source) == ("demo-story", "due")
        assert screen.next_up[0].reason == "due since 2 days"
        options = screen.query_one("#next-up", OptionList)
        assert options.option_count == len(screen.next_up)
        assert "due since 2 days" in str(options.get_option_at_index(0).prompt)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.prompt_id == "demo-story"


async def test_next_up_suggests_untried_prompts_on_a_fresh_database(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TracksScreen)
        assert {n.prompt_id for n in screen.next_up} == {"demo-case", "demo-story"}
        assert all(n.source in ("gap", "new") for n in screen.next_up)
