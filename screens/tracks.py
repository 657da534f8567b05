"""The first screen: every role track, with its prompt count and the user's attempts."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from screens.base import CaseroomScreen
from screens.widgets import ActionTable, plain, plural
from tui.core.model import Library, Track
from tui.services import progress
from tui.services.progress import PracticeSoFar

if TYPE_CHECKING:
    from tui.core.scheduling import NextUp


class NextUpList(OptionList):
    """Today's suggestions. Focus always highlights a row (Tab used to land on none, so
    enter did nothing), and the footer says enter opens it."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="tracks.next_up.open", tooltip="Practise it"),
    ]

    def on_focus(self) -> None:
        self.highlight_a_row()

    def highlight_a_row(self) -> None:
        if self.highlighted is not None:
            return
        for index in range(self.option_count):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return


class TracksScreen(CaseroomScreen[None]):
    """Pick a role track. Its overview shows beside the list."""

    BINDINGS = [
        Binding("enter", "open_track", "Open", id="tracks.open", tooltip="Prompts of this track"),
        Binding("h", "history", "History", id="tracks.history", tooltip="Your past attempts"),
        Binding("s", "stats", "Stats", id="tracks.stats", tooltip="Your progress in charts"),
        Binding("r", "rounds", "Rounds", id="tracks.rounds", tooltip="Timed mock rounds"),
        # Shown in place of the app's ctrl+q: the footer shows one key per action.
        Binding("q", "app.quit", "Quit", id="tracks.quit", tooltip="Quit caseroom"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.prompt_counts: dict[str, int] = {}
        self.attempt_counts: dict[str, int] = {}
        self._tracks: list[Track] = []
        self._next_up_inputs: PracticeSoFar | None = None
        self.next_up: list[NextUp] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="tracks-body"):
            table = ActionTable("Open", tooltip="Prompts of this track", id="tracks-table")
            table.add_column("Track", key="title")
            table.add_column("Prompts", key="prompts")
            table.add_column("Attempts", key="attempts")
            yield table
            # The Markdown widget is mounted once the library arrives (after the first frame):
            # importing it would cost the first frame ~40 ms.
            yield Static("Loading the library…", id="track-overview-loading", markup=False)
        yield Static("Next up", id="next-up-title", markup=False)
        yield NextUpList(id="next-up")
        yield Static("", id="tracks-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Role tracks"
        if self.caseroom.library_loaded:
            self.library_changed(self.caseroom.library)
        # The store's counts: loaded by CaseroomScreen's prologue, again on coming back.

    def library_changed(self, library: Library) -> None:
        self._tracks = library.tracks_in_order()
        self.prompt_counts = {t.id: len(library.prompts_of(t.id)) for t in self._tracks}
        self._fill_table()
        problems = len(library.problems)
        status = self.query_one("#tracks-status", Static)
        status.update(
            f"{plural(len(library.prompts), 'prompt')} in {plural(len(self._tracks), 'track')}"
            + (f" · {problems} content problems (F1)" if problems else "")
        )
        self._fill_next_up()

    def store_ready(self) -> None:
        self.caseroom.db(progress.attempts_by_track, self._counts_arrived)
        self._load_next_up()

    def _counts_arrived(self, counts: dict[str, int]) -> None:
        self.attempt_counts = counts
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one("#tracks-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for track in self._tracks:
            table.add_row(
                plain(track.title),
                self.prompt_counts.get(track.id, 0),
                self.attempt_counts.get(track.id, 0),
                key=track.id,
            )
        if self._tracks:
            table.move_cursor(row=min(max(cursor, 0), len(self._tracks) - 1))
            self._show_overview(self._tracks[table.cursor_row])

    def _selected(self) -> Track | None:
        table = self.query_one("#tracks-table", DataTable)
        if not self._tracks or table.cursor_row < 0:
            return None
        return self._tracks[min(table.cursor_row, len(self._tracks) - 1)]

    def _show_overview(self, track: Track) -> None:
        from screens.widgets.markdown import SafeMarkdown

        text = f"# {track.title}\n\n{track.summary}\n\n{track.body}"
        try:
            overview = self.query_one("#track-overview", SafeMarkdown)
        except NoMatches:  # first time: swap the placeholder for the real thing
            self.query_one("#track-overview-loading").remove()
            self.query_one("#tracks-body").mount(SafeMarkdown(text, id="track-overview"))
        else:
            overview.show(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        track = self._selected()
        if track is not None:
            self._show_overview(track)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_track()

    def action_open_track(self) -> None:
        track = self._selected()
        if track is None:
            return
        from screens.prompts import PromptsScreen

        self.app.push_screen(PromptsScreen(track.id))

    def action_rounds(self) -> None:
        """The timed mock rounds of the highlighted track."""
        track = self._selected()
        if track is None:
            return
        from screens.rounds import RoundsScreen

        self.app.push_screen(RoundsScreen(track.id))

    def action_stats(self) -> None:
        # Imported here: the stats screen pulls in plotext, needed only when it opens.
        from screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    # -- next up (spaced repetition and coverage gaps) ----------------------------------

    def _load_next_up(self) -> None:
        """Ask the store for schedules and practice counts; suggestions follow."""
        now = self.caseroom.config.now()
        self.caseroom.db(partial(progress.practice_so_far, now=now), self._next_up_arrived)

    def _next_up_arrived(self, inputs: PracticeSoFar) -> None:
        self._next_up_inputs = inputs
        self._fill_next_up()

    def _fill_next_up(self) -> None:
        """Today's suggestions (tui.services.progress.next_up_suggestions), each with its
        reason."""
        inputs = self._next_up_inputs
        if inputs is None or not self.caseroom.library_loaded:
            return
        prompts = self.caseroom.library.prompts
        self.next_up = progress.next_up_suggestions(
            prompts.values(), inputs, now=self.caseroom.config.now()
        )
        options = self.query_one("#next-up", NextUpList)
        options.clear_options()
        # plain(): prompt titles come from content files and are never markup.
        options.add_options(
            Option(plain(f"{prompts[item.prompt_id].title} · {item.reason}"), id=item.prompt_id)
            for item in self.next_up
        )
        if not self.next_up:
            options.add_option(
                Option(plain("Nothing due today and every prompt tried: well done."), disabled=True)
            )
        if options.has_focus:  # refilled under the cursor: keep a row highlighted
            options.highlight_a_row()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a suggestion starts practising it."""
        if event.option_list.id == "next-up" and event.option_id is not None:
            event.stop()
            self.caseroom.action_practise(event.option_id)
