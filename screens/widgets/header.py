"""The app's header: Textual's, made safe against a screen that closes at once.

Textual's Header updates its title from a callback queued when it mounts; if the screen is
switched away before that callback runs (submitting the moment the database opens switches
practice to review at once), its title widget is already gone and the query raises
NoMatches, which stops the app. Textual only allows for NoScreen there.
"""

from __future__ import annotations

from contextlib import suppress

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    """Textual's Header, whose title updates give up quietly once it is being removed."""

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # instead of TextualHeader._on_mount, not as well as it

        async def set_title() -> None:
            # The screen may have closed before this ran: nothing to show it on then.
            with suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
