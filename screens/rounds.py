"""Mock rounds of one track: pick a round, answer its questions back to back, or resume one.

The screen stays below the practice screen while a round runs and drives it: each question
is a PracticeScreen with a RoundRunContext, and its submit comes back here to move the run
on (the next question, or the summary after the last).

Runs that ended are listed by p (screens/past_rounds.py), each summary opening again.

A run ends early when the person ends it, from a question (escape, then e) or, for an
interrupted run, here (e): the run is stored as abandoned, so it is no longer offered for
resuming, and its summary shows what was answered (tui.services.rounds keeps the run in
the store). The round clock is explained in tui/core/rounds.py.
"""

from __future__ import annotations

import random
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from screens.base import CaseroomScreen
from screens.widgets import ActionTable, plain, plural
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.markdown import MarkdownText
from tui.core.model import Library, Round
from tui.core.records import AttemptDetail, RoundRunRecord
from tui.core.rounds import (
    ActiveRun,
    RoundProgress,
    RoundRunContext,
    pick_round_prompts,
    round_time_limits,
    round_total_s,
)
from tui.services import rounds
from tui.services.rounds import ResumePoint


def question_label(round_: Round) -> str:
    """How many questions a round asks, as the list shows it."""
    if round_.prompts:
        return f"{len(round_.prompts)} fixed"
    return f"{round_.count} {round_.order}"


class RoundsScreen(CaseroomScreen[None]):
    """The mock rounds of a track, with an interrupted run offered for resuming."""

    STYLES = ("rounds.tcss",)

    BINDINGS = [
        Binding("enter", "start_round", "Start", id="rounds.start", tooltip="Run this round"),
        Binding(
            "u", "resume_round", "Resume", id="rounds.resume", tooltip="Resume interrupted round"
        ),
        Binding(
            "e",
            "end_interrupted",
            "End",
            id="rounds.end",
            tooltip="End the interrupted round: keep its answers, stop offering it",
        ),
        Binding(
            "p",
            "past_rounds",
            "Past runs",
            id="rounds.past",
            tooltip="Summaries of runs that ended",
        ),
        Binding("escape", "app.pop_screen", "Back", id="rounds.back", tooltip="Back to tracks"),
    ]

    def __init__(self, track_id: str, *, round_id: str | None = None) -> None:
        super().__init__()
        self.track_id = track_id
        self.initial_round_id = round_id
        self.rounds: list[Round] = []
        self.interrupted: list[RoundRunRecord] = []
        self.active: ActiveRun | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="rounds-body"):
            table = ActionTable("Start", tooltip="Run this round", id="rounds-table")
            table.follow_cursor = self._follow_cursor
            # Short headers: every column stays readable beside the description at 80 wide.
            table.add_column("Round", key="title")
            table.add_column("Total", key="minutes")
            table.add_column("Each", key="per_question")
            table.add_column("Questions", key="questions")
            yield table
            # Its own height: a long description scrolls instead of being cut off below.
            with VerticalScroll(id="round-description-box", can_focus=False):
                yield MarkdownText("", id="round-description")
        yield Static("", id="rounds-status", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        track = self.caseroom.library.tracks.get(self.track_id)
        self.sub_title = f"Mock rounds · {track.title if track else self.track_id}"
        self.library_changed(self.caseroom.library)
        if self.initial_round_id is not None:
            ids = [r.id for r in self.rounds]
            if self.initial_round_id in ids:
                self.query_one(DataTable).move_cursor(row=ids.index(self.initial_round_id))
        # Interrupted runs: loaded by CaseroomScreen's prologue, and again on coming back
        # from a round (left mid-way or finished), when the list has changed.

    # -- data -----------------------------------------------------------------------------

    def library_changed(self, library: Library) -> None:
        self.rounds = library.rounds_of(self.track_id)
        table = self.query_one("#rounds-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for round_ in self.rounds:
            table.add_row(
                plain(round_.title),
                f"{round_.minutes} min",
                f"{round_.per_question} min",
                question_label(round_),
                key=round_.id,
            )
        if self.rounds:
            table.move_cursor(row=min(max(cursor, 0), len(self.rounds) - 1))
            self._describe(self.rounds[table.cursor_row])
        else:
            self.query_one("#round-description", MarkdownText).show("No rounds in this track.")
        self._show_status()

    def store_ready(self) -> None:
        self.caseroom.db(rounds.unfinished_rounds, self._interrupted_arrived)

    def _interrupted_arrived(self, runs: list[RoundRunRecord]) -> None:
        mine = {r.id for r in self.rounds}
        self.interrupted = [run for run in runs if run.round_id in mine]
        self._show_status()

    def _show_status(self) -> None:
        status = self.query_one("#rounds-status", Static)
        self.refresh_bindings()  # u and e show only while a run is interrupted
        if not self.interrupted:
            status.update(plural(len(self.rounds), "round"))
            return
        run = self.interrupted[0]
        round_ = self.caseroom.library.rounds.get(run.round_id)
        title = round_.title if round_ else run.round_id
        status.update(
            f"Interrupted: {title}, question {run.position + 1} of {len(run.prompt_ids)}"
            " · u resumes, e ends it"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resume and end are offered (and shown) only while a run is interrupted; past
        runs only while none is. Decision: an interrupted run is settled first (resume or
        end it), and at 80 columns the footer has room for resume and end or past runs,
        not both. Past runs stay reachable from an attempt's round (`o`)."""
        if action in ("resume_round", "end_interrupted"):
            return bool(self.interrupted)
        if action == "past_rounds":
            return not self.interrupted
        return True

    def _selected(self) -> Round | None:
        table = self.query_one("#rounds-table", DataTable)
        if not self.rounds or table.cursor_row < 0:
            return None
        return self.rounds[min(table.cursor_row, len(self.rounds) - 1)]

    def _describe(self, round_: Round) -> None:
        text = f"# {round_.title}\n\n{round_.minutes} minutes, {round_.per_question} per question"
        self.query_one("#round-description", MarkdownText).show(f"{text}\n\n{round_.description}")

    def _follow_cursor(self, _row: int) -> None:
        round_ = self._selected()
        if round_ is not None:
            self._describe(round_)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_start_round()

    # -- starting and resuming ---------------------------------------------------------------

    def action_start_round(self) -> None:
        round_ = self._selected()
        if round_ is None:
            return
        library = self.caseroom.library
        prompt_ids = pick_round_prompts(round_, library, random.Random())
        # Questions the round has no time left for are dropped before the run is stored.
        progress = RoundProgress.start(prompt_ids, round_time_limits(round_, len(prompt_ids)))
        if not progress.prompt_ids:
            self.notify("This round has no questions to ask.", severity="warning")
            return
        now = self.caseroom.config.now()
        ids = progress.prompt_ids
        total = round_total_s(round_.minutes, progress.limits_s)

        def started(run_id: int) -> None:
            run = ActiveRun(run_id, round_.id, round_.title, ids, progress.limits_s, total)
            self._ask(run, 0, 0.0, first=True)

        self.caseroom.db(
            partial(rounds.start_round, round_id=round_.id, prompt_ids=ids, now=now), started
        )

    def action_past_rounds(self) -> None:
        """The runs of this track's rounds that ended: their summaries open again."""
        from screens.past_rounds import PastRoundsScreen

        track = self.caseroom.library.tracks.get(self.track_id)
        heading = track.title if track else self.track_id
        self.app.push_screen(PastRoundsScreen([r.id for r in self.rounds], heading))

    def action_resume_round(self) -> None:
        if not self.interrupted:
            self.notify("No interrupted round in this track.")
            return
        record = self.interrupted[0]
        run = ActiveRun.of_record(record, self.caseroom.library)
        self.caseroom.db(partial(rounds.resume_point, record=record), partial(self._resume_at, run))

    def action_end_interrupted(self) -> None:
        """End the interrupted run: its answers stay, it is not offered again, and its
        summary shows what was answered."""
        if not self.interrupted:
            self.notify("No interrupted round in this track.")
            return
        self._end(ActiveRun.of_record(self.interrupted[0], self.caseroom.library), first=True)

    def _resume_at(self, run: ActiveRun, point: ResumePoint) -> None:
        if point.position >= len(run.prompt_ids):
            self._finish(run, first=True)
            return
        self._ask(run, point.position, point.used_s, first=True, draft=point.draft)

    # -- running -------------------------------------------------------------------------

    def _ask(
        self,
        run: ActiveRun,
        index: int,
        used_s: float,
        *,
        first: bool,
        draft: AttemptDetail | None = None,
    ) -> None:
        """Show question `index`: pushed over this screen, or in place of the last one.

        `used_s` is the round time the run's other attempts used so far."""
        self.active = run
        prompt_id = run.prompt_ids[index]
        if prompt_id not in self.caseroom.library.prompts or run.limits_s[index] <= 0:
            # Deleted since the run began, or no time left for it: the round goes on.
            self.notify("Skipping a question that is no longer available.", severity="warning")
            self._question_done(run, index, None, first=first)
            return
        from screens.practice import PracticeScreen

        context = RoundRunContext(
            run_id=run.run_id,
            index=index,
            total=len(run.prompt_ids),
            limit_s=run.limits_s[index],
            on_submitted=partial(self._question_done, run, index, first=False),
            title=run.title,
            total_s=run.total_s,
            used_before_s=used_s,
            on_ended=partial(self._end, run, first=False),
        )
        screen = PracticeScreen(prompt_id, resume=draft, round_run=context)
        if first:
            self.app.push_screen(screen)
        else:
            self.app.switch_screen(screen)

    def _question_done(
        self, run: ActiveRun, index: int, _attempt_id: int | None, *, first: bool
    ) -> None:
        """An answer was submitted (or skipped): save the position, then go on."""
        following = index + 1
        if following >= len(run.prompt_ids):
            self._finish(run, first=first)
            return
        self.caseroom.db(
            partial(rounds.advance_round, run_id=run.run_id, position=following),
            lambda used: self._ask(run, following, used, first=first),
        )

    def _finish(self, run: ActiveRun, *, first: bool) -> None:
        now = self.caseroom.config.now()
        self.caseroom.db(
            partial(rounds.finish_round, run_id=run.run_id, now=now),
            lambda _none: self._show_summary(run, first=first, ended_early=False),
        )

    def _end(self, run: ActiveRun, *, first: bool) -> None:
        """End the run early (see `tui.services.rounds.end_round`), then show what was
        answered."""
        now = self.caseroom.config.now()
        self.caseroom.db(
            partial(rounds.end_round, run_id=run.run_id, now=now),
            lambda _none: self._show_summary(run, first=first, ended_early=True),
        )

    def _show_summary(self, run: ActiveRun, *, first: bool, ended_early: bool) -> None:
        from screens.round_summary import RoundSummaryScreen

        self.active = None
        screen = RoundSummaryScreen(
            run.run_id,
            run.title,
            total_s=run.total_s,
            questions=len(run.prompt_ids),
            ended_early=ended_early,
        )
        if first:
            self.app.push_screen(screen)
        else:
            self.app.switch_screen(screen)
