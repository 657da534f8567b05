"""The pane beside the tracks list: the highlighted track's overview, in Markdown.

The first frame cannot wait for Markdown's renderer (importing it and its first parse cost
~40 ms, 0.1-0.4 s on a busy machine): until it is loaded, off the UI thread, the pane shows
the overview as the last start drew it (tui.services.first_screen), or its plain text. The
renderer loaded, the highlighted overview is drawn in the same thread at the pane's width,
so putting the real thing in place is a swap; every other track's is drawn ahead after.

A pane of its own height: a long overview scrolls (wheel, scrollbar) instead of being cut
off below. Not a Tab stop: Tab goes from the tracks to Next up.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from screens.widgets import content_options

if TYPE_CHECKING:
    from rich.console import ConsoleOptions
    from textual.app import ComposeResult

    from screens.widgets.markdown import DrawnAhead, MarkdownText
    from tui.core.model import Track
    from tui.services.first_screen import FirstScreen


def overview_text(track: Track) -> str:
    """The markdown beside the list: the track's title, summary and body."""
    return f"# {track.title}\n\n{track.summary}\n\n{track.body}"


def first_overview(first: FirstScreen) -> Text | str:
    """The first track's overview for the first frame: as drawn last time (Markdown's
    renderer is not loaded yet), else its plain text."""
    if first.drawn is not None:
        text = Text(no_wrap=True, overflow="crop")
        for n, line in enumerate(first.drawn[1]):
            if n:
                text.append("\n")
            for run, style in line:
                text.append(run, style or None)
        return text
    return first.tracks[0].overview if first.tracks else ""


class TrackOverview(VerticalScroll):
    """The overview pane: `show` the highlighted track's text."""

    class Drawn(Message):
        """The real overview is in place (the last-drawn picture replaced)."""

    #: Markdown's renderer is loaded in this process: overviews can be drawn on the UI thread.
    drawing_ready: ClassVar[bool] = False

    def __init__(self, first: FirstScreen | None, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=False)
        self._first = first
        self._warming_up = False
        #: What to show once the renderer is loaded: the text, and every track's.
        self._wanted: tuple[str, list[str]] | None = None

    def compose(self) -> ComposeResult:
        first = self._first
        yield Static(
            first_overview(first) if first else "Loading the library…",
            id="track-overview-loading",
            markup=False,
        )

    def show(self, text: str, every: list[str], ahead: DrawnAhead | None = None) -> None:
        """Show `text`; `every` track's overview is drawn ahead, so a cursor move only
        swaps. Before the renderer has loaded, it is loaded first (off the UI thread)."""
        self._wanted = (text, every)
        if not TrackOverview.drawing_ready:
            if not self._warming_up:
                self._warming_up = True
                self.call_after_refresh(self._start_warm_up)
            return
        from screens.widgets.markdown import MarkdownText

        try:
            overview = self.query_one("#track-overview", MarkdownText)
        except NoMatches:  # first time: swap the placeholder for the real thing
            self.query_one("#track-overview-loading").remove()
            overview = MarkdownText(id="track-overview")
            if ahead is not None:
                overview.adopt(ahead)
            overview.show(text)
            self.mount(overview)
            self.call_after_refresh(self.post_message, self.Drawn())
        else:
            overview.show(text)
        self.call_after_refresh(overview.prepare, every)

    def drawn_runs(self, text: str, height: int) -> tuple[int, list[list[tuple[str, str]]]] | None:
        """`text` as drawn here (tui.services.first_screen keeps it), or None if it was not."""
        if not TrackOverview.drawing_ready:
            return None  # importing the renderer here would hold the UI thread
        from screens.widgets.markdown import MarkdownText

        try:
            overview: MarkdownText = self.query_one("#track-overview", MarkdownText)
        except NoMatches:
            return None
        return overview.drawn_runs(text, height)

    @staticmethod
    def warm_up() -> None:
        """Import and set up Markdown's renderer (blocking: call from a worker thread)."""
        from screens.widgets.markdown import MarkdownText

        MarkdownText.warm_up()
        TrackOverview.drawing_ready = True

    def _start_warm_up(self) -> None:
        # The pane's width now (the overview as last drawn fills it): the wanted text is
        # drawn at it in the thread.
        width = self.scrollable_content_region.width
        options = content_options(self.app, width)
        self.run_worker(partial(self._warm_up_then_show, options), thread=True, exit_on_error=False)

    def _warm_up_then_show(self, options: ConsoleOptions) -> None:
        TrackOverview.warm_up()
        from screens.widgets.markdown import MarkdownText

        wanted = self._wanted
        ahead = None
        if wanted is not None and options.max_width > 0:
            ahead = MarkdownText.draw_ahead(wanted[0], self.app.console, options)
        self.app.call_from_thread(self._show_wanted, ahead)

    def _show_wanted(self, ahead: DrawnAhead | None) -> None:
        if self._wanted is not None:
            text, every = self._wanted
            # Drawn for another text (the cursor moved meanwhile): drawn again here.
            self.show(text, every, ahead if ahead is not None and ahead.text == text else None)
