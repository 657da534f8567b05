"""History: attempts newest first, filtered by track, kind, prompt, period and text.

With 100,000 attempts the screen still opens at once: it asks the store for one page
(HistoryQuery.limit) plus a count, off the UI thread, and says "showing 500 of N". Typing
in the text filter waits for a short pause before querying, and a result that arrives
after a newer query was sent is dropped, so the table never shows an older filter.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.lazy import Lazy
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from screens.base import CaseroomScreen
from screens.widgets import plain
from tui.records import AttemptDetail, AttemptSummary, HistoryQuery
from tui.timer import format_clock, format_elapsed

if TYPE_CHECKING:
    from tui.store import Store

# One page: four screenfuls. More load as the cursor nears the end, so opening and
# filtering 100,000 attempts costs a small query and a small table, never the whole list.
PAGE_ROWS = 100
# Long enough to skip the queries of a word being typed, short enough to feel immediate.
TEXT_DEBOUNCE_S = 0.15
PERIODS: tuple[tuple[str, int], ...] = (
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
    ("Last year", 365),
)
KINDS = ("case", "behavioral", "design")
# Exporting everything loads details a page at a time so memory stays flat.
EXPORT_PAGE = 500


def summary_cells(summary: AttemptSummary, track_title: str) -> tuple[object, ...]:
    """One table row: date, track, prompt, kind, time used of the limit, overtime, score."""
    s = summary
    when = (s.submitted_at or s.updated_at).astimezone().strftime("%Y-%m-%d %H:%M")
    return (
        when,
        plain(track_title),
        plain(s.prompt_title),
        plain(s.kind),
        f"{format_elapsed(s.elapsed_s)}/{format_clock(s.time_limit_s)}",
        format_elapsed(s.overtime_s) if s.overtime_s > 0 else "",
        f"{s.score}/5" if s.score is not None else "",
    )


def all_details(store: Store, query: HistoryQuery) -> list[AttemptDetail]:
    """Every attempt matching `query` (all pages), newest first, with steps and reviews."""
    details: list[AttemptDetail] = []
    page_query = replace(query, limit=EXPORT_PAGE, offset=0)
    while True:
        page = store.attempts(page_query)
        details.extend(store.attempt(s.id) for s in page)
        if len(page) < EXPORT_PAGE:
            return details
        page_query = replace(page_query, offset=page_query.offset + EXPORT_PAGE)


class HistoryScreen(CaseroomScreen[None]):
    """Every submitted attempt, newest first, with filters, compare and export."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("enter", "open", "Open", id="history.open", priority=True),
        Binding("slash", "focus_filter", "Filter", id="history.filter"),
        Binding("c", "compare", "Compare", id="history.compare"),
        Binding("x", "export_one", "Export", id="history.export"),
        Binding("X", "export_all", "Export all", id="history.export_all"),
        Binding("down", "move(1)", show=False, id="history.down"),
        Binding("up", "move(-1)", show=False, id="history.up"),
    ]

    def __init__(self, *, prompt_id: str | None = None, track_id: str | None = None) -> None:
        super().__init__()
        self.base_query = HistoryQuery(prompt_id=prompt_id or "", track_id=track_id or "")
        self.rows: list[AttemptSummary] = []
        self.total = 0
        self.total_known = False  # the count of a new query has not arrived yet
        self._last_query: HistoryQuery | None = None
        self._loading_more = False
        self.marked: AttemptSummary | None = None
        self._sequence = 0
        self._shown_sequence = 0
        self._debounce: Timer | None = None

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        # The four drop-downs are most of this screen's widgets: mounted after the first
        # paint (Lazy), so the rows show first. Until then the filters read as "all".
        with Lazy(Horizontal(id="history-filters")):
            yield Select(
                self._track_options(),
                prompt="All tracks",
                id="history-track",
                value=self.base_query.track_id or Select.NULL,
            )
            yield Select([(kind, kind) for kind in KINDS], prompt="All kinds", id="history-kind")
            yield Select(
                self._prompt_options(self.base_query.track_id),
                prompt="All prompts",
                id="history-prompt",
                value=self.base_query.prompt_id or Select.NULL,
            )
            yield Select(
                [(label, days) for label, days in PERIODS],
                prompt="All time",
                id="history-period",
            )
        yield Input(placeholder="/ to filter by prompt or answer text", id="history-filter")
        table: DataTable[object] = DataTable(id="history-table", cursor_type="row")
        for label, key in (
            ("Date", "date"),
            ("Track", "track"),
            ("Prompt", "prompt"),
            ("Kind", "kind"),
            ("Time", "time"),
            ("Over", "over"),
            ("Score", "score"),
        ):
            table.add_column(label, key=key)
        yield table
        yield Static("", id="history-status", markup=False)
        yield Footer()

    def _track_options(self) -> list[tuple[RenderableType, str]]:
        tracks = self.caseroom.library.tracks
        options: list[tuple[RenderableType, str]] = [
            (plain(t.title), t.id) for t in tracks.values()
        ]
        # A filter given by the caller must stay selectable even if its track is gone.
        if self.base_query.track_id and self.base_query.track_id not in tracks:
            options.append((plain(self.base_query.track_id), self.base_query.track_id))
        return options

    def _prompt_options(self, track_id: str) -> list[tuple[RenderableType, str]]:
        prompts = self.caseroom.library.prompts.values()
        chosen = [p for p in prompts if not track_id or p.track == track_id]
        options: list[tuple[RenderableType, str]] = [
            (plain(p.title), p.id) for p in sorted(chosen, key=lambda p: p.title)
        ]
        if self.base_query.prompt_id and all(v != self.base_query.prompt_id for _, v in options):
            options.append((plain(self.base_query.prompt_id), self.base_query.prompt_id))
        return options

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.query_one("#history-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        # Fires when the screen is first shown and on every return (scores may have
        # changed meanwhile): the one place that loads, so opening queries once, not twice.
        self.reload()

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
            prompts = self.query_one("#history-prompt", Select)
            keep = prompts.value
            track = "" if event.value is Select.NULL else str(event.value)
            options = self._prompt_options(track)
            with prompts.prevent(Select.Changed):
                prompts.set_options(options)
                if any(value == keep for _, value in options):
                    prompts.value = keep
        if self.current_query() != self._last_query:  # mounting a Select changes nothing
            self.reload()

    def _select_value(self, selector: str, before_mount: Any = None) -> Any:
        found = list(self.query(selector).results(Select))
        if not found:  # not mounted yet (Lazy): what the screen was opened with
            return before_mount
        value = found[0].value
        return None if value is Select.NULL else value

    def current_query(self) -> HistoryQuery:
        """The query the filters on screen describe."""
        days = self._select_value("#history-period")
        since = self.caseroom.config.now() - timedelta(days=int(days)) if days else None
        return replace(
            self.base_query,
            track_id=str(self._select_value("#history-track", self.base_query.track_id) or ""),
            kind=str(self._select_value("#history-kind") or ""),
            prompt_id=str(self._select_value("#history-prompt", self.base_query.prompt_id) or ""),
            text=self.query_one("#history-filter", Input).value.strip(),
            since=since,
            limit=PAGE_ROWS,
            offset=0,
        )

    def reload(self) -> None:
        """Ask for the first page and the count; only the newest answer is shown."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self._sequence += 1
        sequence = self._sequence
        query = self.current_query()
        self._last_query = query
        self._loading_more = False
        self.total_known = False
        # Rows first, the count after: the count scans every match, the page does not.
        self.caseroom.db(
            lambda store: store.attempts(query), lambda rows: self.show_rows(rows, sequence)
        )
        self.caseroom.db(
            lambda store: store.count_attempts(query),
            lambda total: self.show_count(total, sequence),
        )

    def show_rows(self, rows: list[AttemptSummary], sequence: int) -> None:
        """Fill the table with the first page, unless a newer query is on its way."""
        self.show((rows, max(self.total, len(rows)) if self.total_known else len(rows)), sequence)

    def show_count(self, total: int, sequence: int) -> None:
        """The number of matches, which may arrive after the rows."""
        if sequence != self._sequence or self._live_table() is None:
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
            lambda store: store.attempts(query), lambda rows: self._append(rows, sequence)
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
        found = list(self.query("#history-table").results(DataTable))
        return found[0] if found else None

    def _add_rows(self, table: DataTable[object], rows: list[AttemptSummary]) -> None:
        tracks = self.caseroom.library.tracks
        table.add_rows(
            summary_cells(s, tracks[s.track_id].title if s.track_id in tracks else s.track_id)
            for s in rows
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - 10:
            self.load_more()

    def show(self, result: tuple[list[AttemptSummary], int], sequence: int | None = None) -> None:
        """Fill the table with one page, unless a newer query is already on its way."""
        if sequence is not None and sequence != self._sequence:
            return  # stale: an older filter's answer arrived after a newer one was sent
        table = self._live_table()
        if table is None:
            return
        self._shown_sequence = self._sequence
        rows, total = result
        self.rows, self.total = list(rows), total
        table.clear()
        self._add_rows(table, self.rows)
        self._update_status()

    @property
    def settled(self) -> bool:
        """True when the table shows the answer to the newest query."""
        return self._shown_sequence == self._sequence and self._debounce is None

    def _update_status(self) -> None:
        found = list(self.query("#history-status").results(Static))
        if not found:
            return  # the screen is closing; a late answer has nothing left to update
        status_line = found[0]
        plural = "" if self.total == 1 else "s"
        if not self.total_known:
            more = "+" if len(self.rows) >= PAGE_ROWS else ""
            status = f"{len(self.rows)}{more} shown, counting…"
        elif self.total > len(self.rows):
            status = f"showing {len(self.rows)} of {self.total}"
        else:
            status = f"{self.total} attempt{plural}"
        if self.marked is not None:
            status += (
                f" · marked {self.marked.prompt_title!r} for compare:"
                " press c on another attempt of it"
            )
        status_line.update(status)

    # -- moving and opening ---------------------------------------------------------------

    def selected(self) -> AttemptSummary | None:
        """The attempt under the cursor, if there is one."""
        if not self.rows:
            return None
        row = self.query_one("#history-table", DataTable).cursor_row
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
        if isinstance(self.focused, Input):
            self.on_input_submitted(Input.Submitted(self.focused, self.focused.value))
            return
        summary = self.selected()
        if summary is None:
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
        self._update_status()
        from screens.compare import CompareScreen

        older, newer = sorted((first, summary), key=lambda s: (s.started_at, s.id))
        self.app.push_screen(CompareScreen(older.id, newer.id))

    # -- export ---------------------------------------------------------------------------

    def action_export_one(self) -> None:
        """Export the attempt under the cursor as markdown and JSON."""
        summary = self.selected()
        if summary is None:
            self.notify("Nothing to export.", severity="warning")
            return
        attempt_id = summary.id

        def job(store: Store) -> str:
            from screens.exports import export_attempts

            md_path, _ = export_attempts([store.attempt(attempt_id)], f"attempt-{attempt_id}")
            return str(md_path)

        self.caseroom.db(job, self._exported)

    def action_export_all(self) -> None:
        """Export every attempt the filters match (all pages) as markdown and JSON."""
        if not self.total:
            self.notify("Nothing to export.", severity="warning")
            return
        query = self.current_query()
        self.notify(f"Exporting {self.total} attempts…", timeout=3)

        def job(store: Store) -> str:
            from screens.exports import export_attempts

            md_path, _ = export_attempts(all_details(store, query), "history")
            return str(md_path)

        self.caseroom.db(job, self._exported)

    def _exported(self, md_path: str) -> None:
        self.notify(f"Exported to {md_path} (and .json)", timeout=10, markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
