"""The end of a mock round: every question with its limit, the time used and the overtime.

A run ended early says so in its title line, with how many of its questions were answered;
the table lists the attempts it made, whatever their status. A past run's summary opens
again from the rounds screen's past runs (p) and from any attempt made in it (o):
`open_round_summary`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from screens.base import CaseroomScreen
from screens.widgets import ActionTable, plain
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from tui.core.durations import format_clock, format_elapsed, whole_seconds
from tui.core.records import AttemptSummary, RoundRunRecord
from tui.core.rounds import ActiveRun, RoundClock, round_used_s
from tui.services import rounds


def shown_overtime(attempt: AttemptSummary) -> int:
    """A question's overtime as its row shows it: from the whole seconds used."""
    return max(0, whole_seconds(attempt.elapsed_s) - attempt.time_limit_s)


def totals_line(attempts: list[AttemptSummary], total_s: int = 0) -> str:
    """One line under the table: the round time used of the round's total (every attempt
    counts, as on the round clock; without a total, the answered questions' limits), the
    questions' overtime, and how far the round went over its total."""
    answered = [a for a in attempts if a.status == "submitted"]
    # Totals are sums of the figures the table shows (each rounded once), so they add up.
    clock = RoundClock(
        total_s or sum(a.time_limit_s for a in answered),
        round_used_s([whole_seconds(a.elapsed_s) for a in attempts]),
    )
    overtime = sum(shown_overtime(a) for a in answered)
    line = (
        f"{len(answered)} answered · {format_elapsed(clock.used_s)} of "
        f"{format_clock(clock.total_s)} used"
    )
    if overtime > 0:
        line += f" · overtime {format_elapsed(overtime)}"
    if total_s and clock.overtime_s > 0:
        line += f" · round over by {format_elapsed(clock.overtime_s)}"
    return line


def title_line(
    title: str, attempts: list[AttemptSummary], questions: int, ended_early: bool
) -> str:
    """The round's title, and for a run ended early how many questions it answered."""
    if not ended_early:
        return title
    answered = len({a.prompt_id for a in attempts if a.status == "submitted"})
    return f"{title} · ended early: {answered} of {questions} questions answered"


#: The summary's columns (label, key); "Over" is the question's overtime.
COLUMNS = [
    ("#", "number"),
    ("Question", "question"),
    ("Limit", "limit"),
    ("Used", "used"),
    ("Over", "overtime"),
    ("Status", "status"),
]


def open_round_summary(screen: CaseroomScreen[Any], run_id: int) -> None:
    """Push the summary of stored run `run_id` over `screen` (read off the UI thread)."""

    def show(record: RoundRunRecord) -> None:
        screen.app.push_screen(RoundSummaryScreen.of_record(record, screen))

    screen.caseroom.db(partial(rounds.round_run, run_id=run_id), show)


class RoundSummaryScreen(CaseroomScreen[None]):
    """Every question of one round run; enter opens that answer for review."""

    STYLES = ("round_summary.tcss",)

    BINDINGS = [
        Binding("enter", "open_attempt", "Open", id="round_summary.open", tooltip="Review it"),
        Binding("escape", "app.pop_screen", "Back", id="round_summary.back", tooltip="Rounds"),
    ]

    def __init__(
        self,
        run_id: int,
        title: str = "",
        *,
        total_s: int = 0,
        questions: int = 0,
        ended_early: bool = False,
    ) -> None:
        super().__init__()
        self.run_id = run_id
        self.round_title = title
        self.total_s = total_s
        self.questions = questions
        self.ended_early = ended_early
        self.attempts: list[AttemptSummary] = []

    @classmethod
    def of_record(cls, record: RoundRunRecord, screen: CaseroomScreen[Any]) -> RoundSummaryScreen:
        """The summary of a stored run, timed and named by its round as the library has it
        now (`ActiveRun.of_record`)."""
        run = ActiveRun.of_record(record, screen.caseroom.library)
        return cls(
            run.run_id,
            run.title,
            total_s=run.total_s,
            questions=len(run.prompt_ids),
            ended_early=record.status == "abandoned",
        )

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.round_title, id="round-summary-title", markup=False)
        yield ActionTable(
            "Open", tooltip="Review this answer", flex="question", id="round-summary-table"
        )
        yield Static("", id="round-summary-totals", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Round summary"
        self.load()

    def on_screen_resume(self) -> None:
        # Back from an answer: a review may have been added.
        self.load()

    def load(self) -> None:
        """Ask the store for the run's attempts (it waits until the store is open)."""
        self.caseroom.db(partial(rounds.round_attempts, run_id=self.run_id), self.show)

    def show(self, attempts: list[AttemptSummary]) -> None:
        self.attempts = attempts
        rows: list[tuple[str, list[object]]] = []
        for number, attempt in enumerate(attempts, start=1):
            over = shown_overtime(attempt)
            overtime = format_elapsed(over) if over > 0 else "-"
            cells: list[object] = [
                number,
                plain(attempt.prompt_title),
                format_clock(attempt.time_limit_s),
                format_elapsed(whole_seconds(attempt.elapsed_s)),
                overtime,
                attempt.status,
            ]
            rows.append((str(attempt.id), cells))
        # The question takes the width the short columns leave: all of them stay in sight.
        self.query_one("#round-summary-table", ActionTable).fill(COLUMNS, rows)
        self.query_one("#round-summary-totals", Static).update(totals_line(attempts, self.total_s))
        self.query_one("#round-summary-title", Static).update(
            title_line(self.round_title, attempts, self.questions, self.ended_early)
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_attempt()

    def action_open_attempt(self) -> None:
        table = self.query_one("#round-summary-table", DataTable)
        if not self.attempts or table.cursor_row < 0:
            return
        from screens.attempt import AttemptScreen

        attempt = self.attempts[min(table.cursor_row, len(self.attempts) - 1)]
        self.app.push_screen(AttemptScreen(attempt.id))
