"""A coach's cohort (issue 17): everyone they coach, with attempts per week and average
self score against coach score; enter lists a person's attempts (read-only), enter on one
opens the coach review form (screens/coach_review.py).

What is shown is what the server lets the connected role read: a coach sees everyone.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from screens.base import CaseroomScreen
from screens.widgets import ActionTable, plain, plural
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from tui.core.records import AttemptSummary, CohortMember
from tui.services import coaching


def member_cells(member: CohortMember) -> tuple[str, ...]:
    """One person's row: name, attempts, per week (oldest first), self, coach, gap."""
    weeks = " ".join(str(n) for _, n in member.weeks)
    if member.self_score is None or member.coach_score is None:
        return (member.person, str(member.submitted), weeks, "-", "-", "-")
    gap = coaching.signed(member.self_score - member.coach_score)
    return (
        member.person,
        str(member.submitted),
        weeks,
        f"{member.self_score:.1f}",
        f"{member.coach_score:.1f}",
        gap,
    )


class CohortScreen(CaseroomScreen[None]):
    """Everyone a coach sees."""

    BINDINGS = [Binding("escape", "back", "Back", id="cohort.back")]

    def __init__(self) -> None:
        super().__init__()
        self.members: list[CohortMember] = []

    def compose(self) -> ComposeResult:
        yield Header()
        table = ActionTable("Attempts", tooltip="This person's attempts", id="cohort-table")
        table.add_column("Person", key="person")
        table.add_column("Attempts", key="attempts")
        table.add_column(f"Per week (last {coaching.COHORT_WEEKS})", key="weeks")
        table.add_column("Self avg", key="self")
        table.add_column("Coach avg", key="coach")
        table.add_column("Gap", key="gap")
        yield table
        yield Static("Loading…", id="cohort-status", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Cohort"
        job = partial(coaching.load_cohort, now=self.caseroom.config.now())
        self.caseroom.db(job, self.show)

    def show(self, members: list[CohortMember]) -> None:
        self.members = members
        table = self.query_one("#cohort-table", DataTable)
        table.clear()
        for member in members:
            table.add_row(*(plain(cell) for cell in member_cells(member)), key=member.person)
        self.query_one("#cohort-status", Static).update(
            f"{plural(len(members), 'person')} · self and coach averages over attempts "
            "both scored; gap = self minus coach"
            if members
            else "Nobody has submitted an attempt yet."
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = event.cursor_row
        if 0 <= row < len(self.members):
            self.app.push_screen(PersonAttemptsScreen(self.members[row].person))

    def action_back(self) -> None:
        self.app.pop_screen()


class PersonAttemptsScreen(CaseroomScreen[None]):
    """One person's submitted attempts, newest first, as their coach reads them."""

    BINDINGS = [Binding("escape", "back", "Back", id="person-attempts.back")]

    def __init__(self, person: str) -> None:
        super().__init__()
        self.person = person
        self.rows: list[AttemptSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        table = ActionTable("Coach review", tooltip="Read and review", id="person-attempts")
        table.add_column("Submitted", key="when")
        table.add_column("Prompt", key="prompt")
        table.add_column("Self score", key="score")
        yield table
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Cohort · {self.person}"
        self._load()

    def _load(self) -> None:
        job = partial(coaching.load_person_attempts, person=self.person)
        self.caseroom.db(job, self.show)

    def show(self, rows: list[AttemptSummary]) -> None:
        self.rows = rows
        table = self.query_one("#person-attempts", DataTable)
        table.clear()
        for row in rows:
            when = (row.submitted_at or row.updated_at).strftime("%Y-%m-%d %H:%M")
            score = "-" if row.score is None else f"{row.score}/5"
            table.add_row(plain(when), plain(row.prompt_title), plain(score), key=str(row.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = event.cursor_row
        if 0 <= row < len(self.rows):
            from screens.coach_review import CoachReviewScreen

            self.app.push_screen(CoachReviewScreen(self.rows[row].id, self.person))

    def action_back(self) -> None:
        self.app.pop_screen()
