"""The runs of a track's mock rounds that ended (finished, or ended early), newest first:
enter opens a run's summary again (issue 13, round history)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from screens.base import CaseroomScreen
from screens.widgets import ActionTable, plain, plural
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from tui.services import rounds
from tui.services.rounds import PastRun

#: The list's columns (label, key).
COLUMNS = [
    ("Started", "started"),
    ("Round", "round"),
    ("Answered", "answered"),
    ("Ended", "status"),
]


def run_cells(run: PastRun, title: str) -> list[object]:
    """One row: when the run started (local time), the round, questions answered, how it
    ended."""
    record = run.record
    started = record.started_at.astimezone().strftime("%d %b %Y %H:%M") if record.started_at else ""
    ended = "finished" if record.status == "finished" else "ended early"
    return [started, plain(title), f"{run.answered} of {len(record.prompt_ids)}", ended]


class PastRoundsScreen(CaseroomScreen[None]):
    """Ended runs of some rounds; enter opens the summary of the one under the cursor."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="past_rounds.back", tooltip="Rounds"),
        Binding(
            "h",
            "history",
            "History",
            id="past_rounds.history",
            tooltip="Every answer of this round",
        ),
    ]

    def __init__(self, round_ids: Sequence[str], heading: str = "") -> None:
        super().__init__()
        self.round_ids = tuple(round_ids)
        self.heading = heading
        self.runs: list[PastRun] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield ActionTable(
            "Summary", tooltip="Open this run's summary", flex="round", id="past-rounds-table"
        )
        yield Static("", id="past-rounds-status", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Past rounds · {self.heading}" if self.heading else "Past rounds"
        # The past runs are asked for by CaseroomScreen's prologue (store_ready).

    def store_ready(self) -> None:
        self.caseroom.db(partial(rounds.past_rounds, round_ids=self.round_ids), self.show)

    def show(self, runs: list[PastRun]) -> None:
        self.runs = runs
        library = self.caseroom.library
        rows: list[tuple[str, Sequence[object]]] = []
        for run in runs:
            round_ = library.rounds.get(run.record.round_id)
            rows.append(
                (
                    str(run.record.id),
                    run_cells(run, round_.title if round_ else run.record.round_id),
                )
            )
        self.query_one("#past-rounds-table", ActionTable).fill(COLUMNS, rows)
        status = self.query_one("#past-rounds-status", Static)
        if runs:
            status.update(f"{plural(len(runs), 'past run')} · enter opens its summary")
        else:
            status.update("No round run has ended yet: a run you finish or end shows here.")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_summary()

    def _selected(self) -> PastRun | None:
        table = self.query_one("#past-rounds-table", DataTable)
        if not self.runs or table.cursor_row < 0:
            return None
        return self.runs[min(table.cursor_row, len(self.runs) - 1)]

    def action_open_summary(self) -> None:
        run = self._selected()
        if run is None:
            return
        from screens.round_summary import RoundSummaryScreen

        self.app.push_screen(RoundSummaryScreen.of_record(run.record, self))

    def action_history(self) -> None:
        """h: history filtered to the round of the run under the cursor (all its runs)."""
        run = self._selected()
        if run is None:
            return
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(round_id=run.record.round_id))
