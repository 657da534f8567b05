"""The first screen: every role track, with its prompt count and the user's attempts."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from screens.widgets import SafeMarkdown, plain
from tui.model import Library, Track

if TYPE_CHECKING:
    from tui.app import CaseroomApp


class TracksScreen(Screen[None]):
    """Pick a role track. Its overview shows beside the list."""

    BINDINGS = [
        Binding("enter", "open_track", "Open", id="tracks.open", tooltip="Prompts of this track"),
        Binding("h", "history", "History", id="tracks.history", tooltip="Your past attempts"),
        Binding("r", "rounds", "Rounds", id="tracks.rounds", tooltip="Timed mock rounds"),
        Binding("q", "app.quit", "Quit", id="tracks.quit", tooltip="Quit caseroom"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.prompt_counts: dict[str, int] = {}
        self.attempt_counts: dict[str, int] = {}
        self._tracks: list[Track] = []

    @property
    def caseroom(self) -> CaseroomApp:
        return cast("CaseroomApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="tracks-body"):
            table: DataTable[object] = DataTable(id="tracks-table", cursor_type="row")
            table.add_column("Track", key="title")
            table.add_column("Prompts", key="prompts")
            table.add_column("Attempts", key="attempts")
            yield table
            yield SafeMarkdown("Loading the library…", id="track-overview")
        yield Static("", id="tracks-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Role tracks"
        if self.caseroom.library_loaded:
            self.library_changed(self.caseroom.library)
        if self.caseroom.store_available:
            self.store_ready()

    def on_screen_resume(self) -> None:
        # Coming back from practice: counts may have changed.
        if self.caseroom.store_available:
            self.store_ready()

    def library_changed(self, library: Library) -> None:
        self._tracks = library.tracks_in_order()
        self.prompt_counts = {t.id: len(library.prompts_of(t.id)) for t in self._tracks}
        self._fill_table()
        problems = len(library.problems)
        status = self.query_one("#tracks-status", Static)
        status.update(
            f"{len(library.prompts)} prompts in {len(self._tracks)} tracks"
            + (f" · {problems} content problems (F1)" if problems else "")
        )

    def store_ready(self) -> None:
        self.caseroom.db(lambda store: store.attempt_counts_by_track(), self._counts_arrived)

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
        text = f"# {track.title}\n\n{track.summary}\n\n{track.body}"
        self.query_one("#track-overview", SafeMarkdown).update(text)

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

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())
