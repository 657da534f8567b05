"""History: attempts newest first, filtered by track, kind, prompt, period, status and text.

With 100,000 attempts the screen still opens at once: it asks the store for one page
(HistoryQuery.limit) plus a count, off the UI thread, and says "showing 500 of N". Typing
in the text filter waits for a short pause before querying, and a result that arrives
after a newer query was sent is dropped, so the table never shows an older filter.

Column widths come from the terminal's width, never from the rows: the table is drawn
whole from its first paint and every column fits (narrow terminals get short track names
and kinds, and prompt titles end in "…").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.lazy import Lazy
from textual.timer import Timer
from textual.widgets import DataTable, Input, OptionList, Select, Static

from screens.base import CaseroomScreen
from screens.exports import copy_attempt_export, export_all_matching, export_one
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.history_columns import (
    KIND_W,
    PROMPT_MIN_W,
    Columns,
    HistoryTable,
    plan_for,
    summary_cells,
)
from screens.widgets.history_filters import (
    KINDS,
    PERIODS,
    SHOW,
    SHOW_STATUSES,
    empty_message,
    prompt_options,
    round_options,
    track_options,
)
from screens.widgets.history_place import Place, place_of, restore_place
from screens.widgets.history_status import status_text
from screens.widgets.lookup import WidgetLookup
from tui.core.records import AttemptSummary, HistoryQuery
from tui.services import history

# One page: two screenfuls of a tall terminal. More load as the cursor nears the end, so
# opening and filtering 100,000 attempts costs a small query and a small table (every
# row's cells are built on arrival, drawn or not), never the whole list.
PAGE_ROWS = 60
# Long enough to skip the queries of a word being typed, short enough to feel immediate.
TEXT_DEBOUNCE_S = 0.15


class HistoryScreen(CaseroomScreen[None]):
    """Every submitted attempt (or the drafts), newest first, with filters, compare, export."""

    STYLES = ("history.tcss",)

    BINDINGS = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("enter", "open", "Open", id="history.open", priority=True),
        Binding("slash", "focus_filter", "Filter", id="history.filter"),
        Binding("c", "compare", "Compare", id="history.compare"),
        Binding("x", "export_one", "Export", id="history.export"),
        Binding("X", "export_all", "Export all", id="history.export_all"),
        Binding("y", "export_one(True)", "Copy", id="history.copy", tooltip="Its markdown export"),
        Binding("down", "move(1)", show=False, id="history.down"),
        Binding("up", "move(-1)", show=False, id="history.up"),
    ]

    def __init__(
        self,
        *,
        prompt_id: str | None = None,
        track_id: str | None = None,
        round_id: str | None = None,
    ) -> None:
        super().__init__()
        self.base_query = HistoryQuery(
            prompt_id=prompt_id or "", track_id=track_id or "", round_id=round_id or ""
        )
        self.rows: list[AttemptSummary] = []
        self.total = 0
        self.total_known = False  # the count of a new query has not arrived yet
        self._last_query: HistoryQuery | None = None
        self._loading_more = False
        self.marked: AttemptSummary | None = None
        self._sequence = 0
        self._shown_sequence = 0
        self._debounce: Timer | None = None
        self._place: Place | None = None  # restored when the reload's rows arrive
        self.columns = Columns(track=5, prompt=PROMPT_MIN_W, kind=KIND_W)
        self._widgets = WidgetLookup(self)  # found once: a query walks every widget
        # The first page is asked for in compose: an answer before the table mounts waits.
        self._mounted, self._resumed = False, False
        self._early: tuple[tuple[list[AttemptSummary], int], int | None] | None = None

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        # The drop-downs are most of this screen's widgets: mounted after the first
        # paint (Lazy), so the rows show first. Until then the filters read as "all".
        with Lazy(Horizontal(id="history-filters")):
            yield Select(
                track_options(self.caseroom.library, self.base_query.track_id),
                prompt="All tracks",
                id="history-track",
                value=self.base_query.track_id or Select.NULL,
            )
            yield Select([(kind, kind) for kind in KINDS], prompt="All kinds", id="history-kind")
            yield Select(
                prompt_options(
                    self.caseroom.library, self.base_query.track_id, self.base_query.prompt_id
                ),
                prompt="All prompts",
                id="history-prompt",
                value=self.base_query.prompt_id or Select.NULL,
            )
            yield Select(
                [(label, days) for label, days in PERIODS],
                prompt="All time",
                id="history-period",
            )
            rounds = round_options(self.caseroom.library, self.base_query.track_id)
            chosen = [value for _, value in rounds if value == self.base_query.round_id]
            yield Select(
                rounds,
                prompt="All rounds",
                id="history-round",
                value=chosen[0] if chosen else Select.NULL,
            )
            yield Select(
                [(label, value) for label, value, _ in SHOW],
                allow_blank=False,
                value="submitted",
                id="history-show",
            )
        yield Input(placeholder="/ to filter by prompt or answer text", id="history-filter")
        table: DataTable[object] = HistoryTable(id="history-table", cursor_type="row")
        self.columns = self._plan(self.app.size.width)
        self._set_columns(table)
        yield table
        yield Static("", id="history-empty", markup=False)
        yield Static("", id="history-status", markup=False)
        yield SteadyFooter()
        self.reload()  # asked now, the first page comes back while the widgets mount

    def _plan(self, width: int) -> Columns:
        return plan_for(width, self.caseroom.library)

    def _set_columns(self, table: DataTable[object]) -> None:
        for label, key, width in self.columns.labelled():  # a story column when planned
            table.add_column(label, key=key, width=width)

    def on_resize(self, event: events.Resize) -> None:
        columns = self._plan(event.size.width)
        table = self._live_table()
        if columns == self.columns or table is None:
            return
        # New widths: rebuild the table from the rows already loaded, in the same place.
        place = place_of(table, self.selected())
        self.columns = columns
        table.clear(columns=True)
        self._set_columns(table)
        self._add_rows(table, self.rows)
        restore_place(table, self.rows, place)

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.query_one("#history-table", DataTable).focus()
        self._mounted = True
        if self._early is not None:
            self.show(*self._early)

    def on_screen_resume(self) -> None:
        # Fires when the screen is first shown (compose has asked already: opening queries
        # once, not twice) and on every return (scores may have changed meanwhile, a draft
        # may have been submitted). On a return the cursor stays where it was.
        if self._resumed:
            self.reload(keep_place=True)
        self._resumed = True

    # -- filters ------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(TEXT_DEBOUNCE_S, self.reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.reload()
        self.query_one("#history-table", DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "history-track":
            library = self.caseroom.library
            track = "" if event.value is Select.NULL else str(event.value)
            self._narrow(
                "history-prompt", prompt_options(library, track, self.base_query.prompt_id)
            )
            self._narrow("history-round", round_options(library, track))
        if self.current_query() != self._last_query:  # mounting a Select changes nothing
            self.reload()

    def _narrow(self, select_id: str, options: list[tuple[Any, str]]) -> None:
        """Offer only `options` in a drop-down (the chosen track's prompts or rounds),
        keeping its choice if it is still offered."""
        select = self._widgets.one(select_id, Select)
        keep = select.value
        with select.prevent(Select.Changed):
            select.set_options(options)
            if any(value == keep for _, value in options):
                select.value = keep

    def _select_value(self, selector: str, before_mount: Any = None) -> Any:
        found = self._widgets.find(selector.removeprefix("#"), Select)
        if found is None:  # not mounted yet (Lazy): what the screen was opened with
            return before_mount
        value = found.value
        return None if value is Select.NULL else value

    def _input_text(self) -> str:
        found = self._widgets.find("history-filter", Input)  # None until mounted
        return found.value.strip() if found is not None else ""

    def current_query(self) -> HistoryQuery:
        """The query the filters on screen describe."""
        days = self._select_value("#history-period")
        since = self.caseroom.config.now() - timedelta(days=int(days)) if days else None
        show = str(self._select_value("#history-show", "submitted"))
        return replace(
            self.base_query,
            track_id=str(self._select_value("#history-track", self.base_query.track_id) or ""),
            kind=str(self._select_value("#history-kind") or ""),
            prompt_id=str(self._select_value("#history-prompt", self.base_query.prompt_id) or ""),
            text=self._input_text(),
            since=since,
            statuses=SHOW_STATUSES.get(show, ("submitted",)),
            round_id=str(self._select_value("#history-round", self.base_query.round_id) or ""),
            limit=PAGE_ROWS,
            offset=0,
        )

    def reload(self, *, keep_place: bool = False) -> None:
        """Ask for the first page and the count; only the newest answer is shown.

        With `keep_place` (coming back to the screen) as many rows as were loaded are
        asked for again, and the cursor and scroll stay on the same attempt.
        """
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self._sequence += 1
        sequence = self._sequence
        query = self.current_query()
        self._last_query = query
        self._loading_more = False
        self.total_known = False
        table = self._live_table()
        self._place = place_of(table, self.selected()) if keep_place and table is not None else None
        if self._place is not None:
            query = replace(query, limit=max(PAGE_ROWS, len(self.rows)))
        # Rows first, the count after: the count scans every match, the page does not.
        self.caseroom.db(
            partial(history.page, query=query), lambda rows: self.show_rows(rows, sequence)
        )
        self.caseroom.db(
            partial(history.count, query=query), lambda total: self.show_count(total, sequence)
        )

    def show_rows(self, rows: list[AttemptSummary], sequence: int) -> None:
        """Fill the table with the first page, unless a newer query is on its way."""
        self.show((rows, max(self.total, len(rows)) if self.total_known else len(rows)), sequence)

    def show_count(self, total: int, sequence: int) -> None:
        """The number of matches, which may arrive after the rows."""
        if sequence != self._sequence or (self._mounted and self._live_table() is None):
            return
        self.total = total
        self.total_known = True
        self._update_status()

    def load_more(self) -> None:
        """Append the next page (the cursor is near the end of what is loaded)."""
        if self._loading_more or len(self.rows) >= self.total:
            return
        self._loading_more = True
        sequence = self._sequence
        query = replace(self.current_query(), offset=len(self.rows))
        self.caseroom.db(
            partial(history.page, query=query), lambda rows: self._append(rows, sequence)
        )

    def _append(self, rows: list[AttemptSummary], sequence: int) -> None:
        self._loading_more = False
        table = self._live_table()
        if sequence != self._sequence or table is None:
            return
        self.rows.extend(rows)
        self._add_rows(table, rows)
        self._update_status()

    def _live_table(self) -> DataTable[object] | None:
        """The table, or None once the screen is closing (late answers are dropped)."""
        return self._widgets.find("history-table", DataTable)

    def _cells(self, summary: AttemptSummary, year: int | None = None) -> tuple[object, ...]:
        tracks = self.caseroom.library.tracks
        track = tracks[summary.track_id].title if summary.track_id in tracks else summary.track_id
        marked = self.marked is not None and self.marked.id == summary.id
        year = year or self.caseroom.config.now().astimezone().year
        stories = self.caseroom.library.stories
        return summary_cells(
            summary, track, self.columns, this_year=year, marked=marked, stories=stories
        )

    def _add_rows(self, table: DataTable[object], rows: list[AttemptSummary]) -> None:
        year = self.caseroom.config.now().astimezone().year  # once a page, not once a row
        table.add_rows(self._cells(s, year) for s in rows)

    def _refresh_row(self, attempt_id: int) -> None:
        """Redraw one loaded row (its compare mark changed)."""
        table = self._live_table()
        index = next((i for i, s in enumerate(self.rows) if s.id == attempt_id), None)
        if table is None or index is None:
            return
        for column, value in enumerate(self._cells(self.rows[index])):
            table.update_cell_at(Coordinate(index, column), value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - 10:
            self.load_more()

    def show(self, result: tuple[list[AttemptSummary], int], sequence: int | None = None) -> None:
        """Fill the table with one page, unless a newer query is already on its way."""
        if sequence is not None and sequence != self._sequence:
            return  # stale: an older filter's answer arrived after a newer one was sent
        table = self._live_table()
        if table is None:
            if not self._mounted:  # composed, not mounted yet: shown on mount
                self._early = (result, sequence)
            return
        self._shown_sequence = self._sequence
        rows, total = result
        self.rows, self.total = list(rows), total
        if self.marked is not None:  # keep the mark's summary up to date (or drop it)
            self.marked = next((s for s in self.rows if s.id == self.marked.id), self.marked)
        table.clear()
        self._add_rows(table, self.rows)
        place, self._place = self._place, None
        restore_place(table, self.rows, place)
        self._show_empty(table)
        self._update_status()

    def _show_empty(self, table: DataTable[object]) -> None:
        """An empty result says so in words (and how to widen it), not as a blank table."""
        empty = not self.rows
        message = self._widgets.one("history-empty", Static)
        message.set_class(empty, "-shown")
        table.set_class(empty, "-empty")
        if not empty:
            return
        message.update(empty_message(self.current_query()))

    @property
    def settled(self) -> bool:
        """True when the table shows the answer to the newest query."""
        return self._shown_sequence == self._sequence and self._debounce is None

    def _update_status(self) -> None:
        status_line = self._widgets.find("history-status", Static)
        if status_line is None:
            return  # the screen is closing; a late answer has nothing left to update
        drafts = self._last_query is not None and self._last_query.statuses == ("draft",)
        marked = self.marked.prompt_title if self.marked is not None else None
        total = self.total if self.total_known else None
        status_line.update(
            status_text(
                len(self.rows), total, page_rows=PAGE_ROWS, drafts=drafts, marked_title=marked
            )
        )

    # -- moving and opening ---------------------------------------------------------------

    def selected(self) -> AttemptSummary | None:
        """The attempt under the cursor, if there is one."""
        if not self.rows:
            return None
        row = self._widgets.one("history-table", DataTable).cursor_row
        return self.rows[min(max(row, 0), len(self.rows) - 1)]

    def action_move(self, delta: int) -> None:
        table = self.query_one("#history-table", DataTable)
        if self.rows:
            table.move_cursor(row=min(max(table.cursor_row + delta, 0), len(self.rows) - 1))

    def action_focus_filter(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def action_open(self) -> None:
        if isinstance(self.focused, Select):
            self.focused.action_show_overlay()
            return
        if isinstance(self.focused, OptionList):  # a drop-down's open list: pick the option
            self.focused.action_select()
            return
        if isinstance(self.focused, Input):
            self.on_input_submitted(Input.Submitted(self.focused, self.focused.value))
            return
        summary = self.selected()
        if summary is None:
            return
        if summary.status == "draft":
            from screens.resume import resume_from_history

            resume_from_history(self, summary)
            return
        from screens.attempt import AttemptScreen

        self.app.push_screen(AttemptScreen(summary.id))

    # -- compare --------------------------------------------------------------------------

    def action_compare(self) -> None:
        """Mark the attempt under the cursor; on the second mark, compare the two."""
        summary = self.selected()
        if summary is None:
            return
        first = self.marked
        if first is None or first.id == summary.id:
            self.marked = None if first is not None else summary
            self._refresh_row(summary.id)
            self._update_status()
            return
        if first.prompt_id != summary.prompt_id:
            self.notify(
                "Compare needs two attempts of the same prompt: pick another, "
                "or press c on the marked one to unmark it.",
                severity="warning",
                markup=False,
            )
            return
        self.marked = None
        self._refresh_row(first.id)
        self._update_status()
        from screens.compare import CompareScreen

        older, newer = sorted((first, summary), key=lambda s: (s.started_at, s.id))
        self.app.push_screen(CompareScreen(older.id, newer.id))

    # -- export ---------------------------------------------------------------------------

    def action_export_one(self, copy: bool = False) -> None:
        """Export the attempt under the cursor as markdown and JSON (y: copy the markdown)."""
        summary = self.selected()
        if summary is None:
            self.notify("Nothing to export.", severity="warning")
            return
        if copy:
            return copy_attempt_export(self.caseroom, summary.id)
        export_one(self.caseroom, summary.id)

    def action_export_all(self) -> None:
        """Export every attempt the filters match (all pages) as markdown and JSON."""
        if not self.total:
            self.notify("Nothing to export.", severity="warning")
            return
        query = self.current_query()
        self.notify(f"Exporting {self.total} attempts…", timeout=3)
        export_all_matching(self.caseroom, query)

    def action_back(self) -> None:
        """Escape: out of a filter box first (clearing typed text), then off the screen."""
        focused = self.focused
        table = self._live_table()
        if isinstance(focused, Input | Select) and table is not None:
            if isinstance(focused, Input) and focused.value:
                with focused.prevent(Input.Changed):
                    focused.value = ""
                self.reload()
            table.focus()
            return
        self.app.pop_screen()
