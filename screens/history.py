"""History: submitted attempts, newest first; open one to read it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from screens.widgets import plain
from tui.records import AttemptSummary, HistoryQuery
from tui.timer import format_clock, format_elapsed

if TYPE_CHECKING:
    from tui.app import CaseroomApp


class HistoryScreen(Screen[None]):
    """Every submitted attempt, newest first."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("enter", "open", "Open", id="history.open", priority=True),
        Binding("down", "move(1)", show=False, id="history.down"),
        Binding("up", "move(-1)", show=False, id="history.up"),
    ]

    def __init__(self, *, prompt_id: str | None = None, track_id: str | None = None) -> None:
        super().__init__()
        self.base_query = HistoryQuery(prompt_id=prompt_id or "", track_id=track_id or "")
        self.rows: list[AttemptSummary] = []

    @property
    def caseroom(self) -> CaseroomApp:
        return cast("CaseroomApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type to filter by prompt or answer text", id="history-filter")
        table: DataTable[object] = DataTable(id="history-table", cursor_type="row")
        table.add_column("Date", key="date")
        table.add_column("Track", key="track")
        table.add_column("Prompt", key="prompt")
        table.add_column("Kind", key="kind")
        table.add_column("Time", key="time")
        table.add_column("Over", key="over")
        table.add_column("Score", key="score")
        yield table
        yield Static("", id="history-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.query_one("#history-filter", Input).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def current_query(self) -> HistoryQuery:
        text = self.query_one("#history-filter", Input).value.strip()
        q = self.base_query
        return HistoryQuery(track_id=q.track_id, prompt_id=q.prompt_id, text=text)

    def reload(self) -> None:
        query = self.current_query()
        self.caseroom.db(
            lambda store: (store.attempts(query), store.count_attempts(query)), self.show
        )

    def show(self, result: tuple[list[AttemptSummary], int]) -> None:
        rows, total = result
        self.rows = rows
        table = self.query_one("#history-table", DataTable)
        table.clear()
        tracks = self.caseroom.library.tracks
        for s in rows:
            when = (s.submitted_at or s.updated_at).astimezone().strftime("%Y-%m-%d %H:%M")
            track = tracks.get(s.track_id)
            table.add_row(
                when,
                plain(track.title if track else s.track_id),
                plain(s.prompt_title),
                s.kind,
                f"{format_elapsed(s.elapsed_s)}/{format_clock(s.time_limit_s)}",
                format_elapsed(s.overtime_s) if s.overtime_s > 0 else "",
                f"{s.score}/5" if s.score is not None else "",
                key=str(s.id),
            )
        plural = "" if total == 1 else "s"
        shown = (
            f"showing {len(rows)} of {total}" if total > len(rows) else f"{total} attempt{plural}"
        )
        self.query_one("#history-status", Static).update(shown)

    def action_move(self, delta: int) -> None:
        table = self.query_one("#history-table", DataTable)
        if self.rows:
            table.move_cursor(row=min(max(table.cursor_row + delta, 0), len(self.rows) - 1))

    def action_open(self) -> None:
        table = self.query_one("#history-table", DataTable)
        if not self.rows:
            return
        summary = self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)]
        from screens.attempt import AttemptScreen

        self.app.push_screen(AttemptScreen(summary.id))

    def action_back(self) -> None:
        self.app.pop_screen()
