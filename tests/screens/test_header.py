"""The header never stops the app when its title widget is gone before a queued title
update runs (a screen switched away the moment it opened, seen once under load in CI)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle

from screens.widgets.header import Header


class OneHeader(App[None]):
    def __init__(self, header: TextualHeader) -> None:
        super().__init__()
        self.header = header

    def compose(self) -> ComposeResult:
        yield self.header


async def title_change_after_the_title_is_gone(header: TextualHeader) -> OneHeader:
    app = OneHeader(header)
    async with app.run_test() as pilot:
        await header.query_one(HeaderTitle).remove()
        app.title = "changed"  # the header's watcher queues a title update
        await pilot.pause()
    return app


async def test_our_header_lets_a_late_title_update_go() -> None:
    app = await title_change_after_the_title_is_gone(Header())
    assert app.return_code in (None, 0)


async def test_textuals_header_stops_the_app_there() -> None:
    """Why ours exists: the same steps with Textual's own Header raise NoMatches."""
    from textual.css.query import NoMatches

    with pytest.raises(NoMatches):
        await title_change_after_the_title_is_gone(TextualHeader())
