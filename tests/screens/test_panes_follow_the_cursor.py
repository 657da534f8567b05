"""A pane beside a list (the track overview, the prompt preview, the round description)
shows the row under the cursor as soon as the cursor moves: drawn in the same frame,
never a screen update behind it."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from screens.prompts import PromptsScreen, prompt_preview
from screens.rounds import RoundsScreen
from screens.widgets.markdown import MarkdownText
from screens.widgets.track_overview import overview_text
from tests.pilot_helpers import settle
from tui.paths import bundled_content_dir


async def test_each_pane_shows_the_new_row_before_anything_else_runs(make_app: Any) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#tracks-table", DataTable)
        overview = screen.query_one("#track-overview", MarkdownText)
        assert len(screen._tracks) > 1
        # No await between the move and the check: no message has been handled since.
        table.move_cursor(row=1)
        assert overview.source == overview_text(screen._tracks[1])

        await app.push_screen(PromptsScreen("product-manager"))
        await settle(pilot)
        prompts = app.screen
        assert len(prompts.shown) > 1
        prompts.query_one("#prompts-table", DataTable).move_cursor(row=1)
        preview = prompts.query_one("#prompt-preview", MarkdownText)
        assert preview.source == prompt_preview(prompts.shown[1])

        app.pop_screen()
        await app.push_screen(RoundsScreen("product-manager"))
        await settle(pilot)
        rounds = app.screen
        assert len(rounds.rounds) > 1
        description = rounds.query_one("#round-description", MarkdownText)
        before = description.source
        rounds.query_one("#rounds-table", DataTable).move_cursor(row=1)
        assert description.source != before
