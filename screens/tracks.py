"""The first screen: every role track, with its prompt count and the user's attempts."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, OptionList, Static

from screens.base import CaseroomScreen
from screens.next_up import (
    NOTHING_DUE,
    NextUpList,
    next_up_id,
    next_up_label,
    next_up_options,
)
from screens.widgets import ActionTable, plain, plural
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.track_overview import TrackOverview, overview_text
from tui.services import first_screen
from tui.services.first_screen import FirstScreen

if TYPE_CHECKING:
    from tui.core.model import Library, Track
    from tui.core.scheduling import NextUp
    from tui.services.progress import FirstScreenReads, PracticeSoFar

# tui.services.progress and .planning (with the records, scheduling and planning cores
# under them) are imported where used: none is needed for the first frame, which paints
# the snapshot.


class TracksScreen(CaseroomScreen[None]):
    """Pick a role track. Its overview shows beside the list."""

    STYLES = ("tracks.tcss",)

    BINDINGS = [
        Binding("enter", "open_track", "Open", id="tracks.open", tooltip="Prompts of this track"),
        Binding("h", "history", "History", id="tracks.history", tooltip="Your past attempts"),
        Binding("s", "stats", "Stats", id="tracks.stats", tooltip="Your progress in charts"),
        Binding("r", "rounds", "Rounds", id="tracks.rounds", tooltip="Timed mock rounds"),
        Binding("d", "plan", "Interview date", id="tracks.plan", tooltip="Plan toward a date"),
        Binding("b", "stories", "Stories", id="tracks.stories", tooltip="Your story bank"),
        # Shown only to a coach (check_action).
        Binding("c", "cohort", "Cohort", id="tracks.cohort", tooltip="The people you coach"),
        # Shown in place of the app's ctrl+q: the footer shows one key per action.
        Binding("q", "app.quit", "Quit", id="tracks.quit", tooltip="Quit caseroom"),
    ]

    def __init__(self, first: FirstScreen | None = None) -> None:
        super().__init__()
        #: The screen as it was last shown (tui.services.first_screen): painted in the
        #: first frame, replaced figure by figure as the library and the store answer.
        self.first = first
        lines = first.tracks if first else []
        self.prompt_counts: dict[str, int] = {line.id: line.prompts for line in lines}
        self.attempt_counts: dict[str, int] = {line.id: line.attempts for line in lines}
        self._counts_known = False
        #: The attempt counts were read from the database file (before the store opened).
        self._attempts_peeked = False
        self._library_shown = False
        self._tracks: list[Track] = []
        self._next_up_inputs: PracticeSoFar | None = None
        self._remembered: FirstScreen | None = None
        self.next_up: list[NextUp] = []
        # What the table and Next up show now. A refill of what is already shown is
        # skipped: each one laid the whole screen out again (15-35 ms on the UI thread),
        # and right after the first frame the figures usually confirm the snapshot's.
        self._rows_shown = [(t.id, t.title, t.prompts, t.attempts) for t in lines]
        self._next_up_shown = first.next_up if first else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="tracks-body"):
            table = ActionTable("Open", tooltip="Prompts of this track", id="tracks-table")
            table.follow_cursor = lambda _row: self._show_selected()
            # Text labels: a str label goes through Rich's markup and its emoji table
            # (a 4 ms import before the first frame) to come out the same.
            table.add_column(plain("Track"), key="title")
            table.add_column(plain("Prompts"), key="prompts")
            table.add_column(plain("Attempts"), key="attempts")
            first = self.first
            for line in first.tracks if first else []:
                table.add_row(plain(line.title), line.prompts, line.attempts, key=line.id)
            yield table
            yield TrackOverview(first, id="track-overview-box")
        # The plan's state in one line; hidden (no room taken) while no date is set.
        yield Static("", id="plan-line", markup=False)
        yield Static("Next up", id="next-up-title", markup=False)
        yield NextUpList(*next_up_options(first.next_up if first else []), id="next-up")
        yield Static(first.status if first else "", id="tracks-status", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Role tracks"
        if self.caseroom.library_loaded:
            self.library_changed(self.caseroom.library)
        # Right after the first frame: the attempt counts and Next up's inputs straight
        # from the database file (the store, sqlmodel, is not needed for this screen).
        self.call_after_refresh(self._read_first_figures)
        # Once the store is open (another screen needed it): its counts, on coming back.

    def library_changed(self, library: Library) -> None:
        self._library_shown = True
        self._tracks = library.tracks_in_order()
        self.prompt_counts = {t.id: len(library.prompts_of(t.id)) for t in self._tracks}
        if self.first is not None and not self._counts_known:
            # The snapshot's attempts stay until the store's arrive; a track new since
            # then has none yet.
            self.attempt_counts = {t.id: self.attempt_counts.get(t.id, 0) for t in self._tracks}
        self._fill_table()
        problems = len(library.problems)
        status = self.query_one("#tracks-status", Static)
        text = (
            f"{plural(len(library.prompts), 'prompt')} in {plural(len(self._tracks), 'track')}"
            + (f" · {problems} content problems (F1)" if problems else "")
        )
        if status.content != text:
            status.update(text)
        self._fill_next_up()
        self._remember()

    @property
    def figures_checked(self) -> bool:
        """The tracks, their prompt and attempt counts and Next up shown are the real ones
        (the library applied, the database read), whatever the first frame showed."""
        return (
            self._library_shown
            and (self._counts_known or self._attempts_peeked)
            and self._next_up_inputs is not None
        )

    def opens_store(self) -> bool:
        # Its figures come straight from the SQLite file (tui.services.progress
        # .first_screen_reads): the store opens only where that cannot answer (another
        # database, a file of another version or not made yet), or to offer a draft back.
        return False

    def _read_first_figures(self) -> None:
        url = self.caseroom.config.db_url
        now = self.caseroom.config.now()
        self._next_up_asked += 1
        asked = self._next_up_asked

        def read() -> None:
            try:
                from tui.services.progress import first_screen_reads

                reads = first_screen_reads(url, now)
            except Exception:  # only a shortcut: the store answers instead
                reads = None
            self.app.call_from_thread(self._first_figures_read, reads, asked)

        self.run_worker(read, thread=True, group="first-screen", exit_on_error=False)

    def _first_figures_read(self, reads: FirstScreenReads | None, asked: int) -> None:
        if reads is None:
            self.caseroom.want_store()  # store_ready reads them instead
            return
        if reads.drafts_waiting:
            self.caseroom.want_store()  # offered back once it opens (screens.resume)
        self._peeked(reads.attempts_by_track)
        self._next_up_arrived(reads.so_far, asked)

    def _peeked(self, counts: dict[str, int]) -> None:
        if self._counts_known:  # the store answered first
            return
        self._attempts_peeked = True
        self.attempt_counts = counts
        if self._tracks:
            self._fill_table()
            return
        table = self.query_one("#tracks-table", DataTable)
        shown = []
        for track_id, title, prompts, attempts in self._rows_shown:  # the snapshot's rows
            read = counts.get(track_id, 0)
            if read != attempts:
                table.update_cell(track_id, "attempts", read)
            shown.append((track_id, title, prompts, read))
        self._rows_shown = shown

    def store_ready(self) -> None:
        from tui.services import progress

        self.caseroom.db(progress.attempts_by_track, self._counts_arrived)
        self._load_next_up()

    def _counts_arrived(self, counts: dict[str, int]) -> None:
        self.attempt_counts = counts
        self._counts_known = True
        self._fill_table()
        self._remember()

    def _fill_table(self) -> None:
        table = self.query_one("#tracks-table", DataTable)
        rows = [
            (t.id, t.title, self.prompt_counts.get(t.id, 0), self.attempt_counts.get(t.id, 0))
            for t in self._tracks
        ]
        if rows != self._rows_shown:
            self._rows_shown = rows
            cursor = table.cursor_row
            table.clear()
            for track_id, title, prompts, attempts in rows:
                table.add_row(plain(title), prompts, attempts, key=track_id)
            if self._tracks:
                table.move_cursor(row=min(max(cursor, 0), len(self._tracks) - 1))
        if self._tracks:
            self._show_overview(self._tracks[table.cursor_row])

    def _selected(self) -> Track | None:
        table = self.query_one("#tracks-table", DataTable)
        if not self._tracks or table.cursor_row < 0:
            return None
        return self._tracks[min(table.cursor_row, len(self._tracks) - 1)]

    def _show_overview(self, track: Track) -> None:
        every = [overview_text(t) for t in self._tracks]
        self.query_one(TrackOverview).show(overview_text(track), every)

    def _show_selected(self) -> None:
        track = self._selected()
        if track is not None:
            self._show_overview(track)

    def on_track_overview_drawn(self, _message: TrackOverview.Drawn) -> None:
        self._remember()  # the next start's first frame shows it as drawn

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_track()

    def action_open_track(self) -> None:
        if self.once_library_loaded(self.action_open_track):
            return
        track = self._selected()
        if track is None:
            return
        from screens.prompts import PromptsScreen

        self.app.push_screen(PromptsScreen(track.id))

    def action_rounds(self) -> None:
        """The timed mock rounds of the highlighted track."""
        if self.once_library_loaded(self.action_rounds):
            return
        track = self._selected()
        if track is None:
            return
        from screens.rounds import RoundsScreen

        self.app.push_screen(RoundsScreen(track.id))

    def action_stats(self) -> None:
        # Imported here: the stats screen pulls in plotext, needed only when it opens.
        from screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_stories(self) -> None:
        """The story bank: coverage of the interview plan's track, else the highlighted one."""
        from screens.stories import StoriesScreen

        track = self._selected()
        self.app.push_screen(StoriesScreen(track.id if track else None))

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cohort":
            return self.caseroom.is_coach
        return True

    def action_cohort(self) -> None:
        from screens.cohort import CohortScreen

        self.app.push_screen(CohortScreen())

    # -- next up (spaced repetition and coverage gaps) ----------------------------------

    def _load_next_up(self) -> None:
        """Ask the store for schedules and practice counts; suggestions follow."""
        from tui.services import progress

        now = self.caseroom.config.now()
        # Loads run on their own threads and may answer out of order: one asked before a
        # plan was cleared must not land after the one asked since (only the last counts).
        self._next_up_asked += 1
        asked = self._next_up_asked
        self.caseroom.db(
            partial(progress.practice_so_far, now=now),
            lambda inputs: self._next_up_arrived(inputs, asked),
        )

    _next_up_asked = 0

    def _next_up_arrived(self, inputs: PracticeSoFar, asked: int) -> None:
        if asked != self._next_up_asked:
            return  # a later load is on its way
        self._next_up_inputs = inputs
        self._fill_next_up()

    def _fill_next_up(self) -> None:
        """Today's suggestions (tui.services.progress.next_up_suggestions), each with its
        reason."""
        inputs = self._next_up_inputs
        if inputs is None or not self.caseroom.library_loaded:
            return
        from tui.services import progress

        library = self.caseroom.library
        self.next_up = progress.next_up_suggestions(
            library.prompts.values(),
            inputs,
            now=self.caseroom.config.now(),
            daily_cap=self.caseroom.config.settings.practice.daily_cap,
            library=library,
        )
        self._show_plan(inputs)
        lines = self._next_up_lines()
        if lines != self._next_up_shown:
            self._next_up_shown = lines
            options = self.query_one("#next-up", NextUpList)
            options.clear_options()
            options.add_options(next_up_options(lines))
            if options.has_focus:  # refilled under the cursor: keep a row highlighted
                options.highlight_a_row()
        self._remember()

    # -- the snapshot painted at the next start ------------------------------------------

    def _remember(self) -> None:
        """Write what this screen shows for the next start's first frame, once every
        figure is real (the library loaded, the store's counts and Next up arrived)."""
        path = self.caseroom.first_screen_path
        if (
            path is None
            or not self.caseroom.library_loaded
            or not (self._counts_known or self._attempts_peeked)
            or self._next_up_inputs is None
        ):
            return
        status = str(self.query_one("#tracks-status", Static).content)
        snapshot = first_screen.FirstScreen(
            key=self.caseroom.first_screen_key,
            tracks=[
                first_screen.TrackLine(
                    t.id,
                    t.title,
                    self.prompt_counts.get(t.id, 0),
                    self.attempt_counts.get(t.id, 0),
                    overview_text(t),
                )
                for t in self._tracks
            ],
            status=status,
            next_up=self._next_up_lines(),
            drawn=self._drawn_overview(),
        )
        if snapshot == self._remembered:
            return
        self._remembered = snapshot
        self.run_worker(
            partial(first_screen.save, path, snapshot),
            thread=True,
            group="first-screen",
            exit_on_error=False,
        )

    def _next_up_lines(self) -> list[tuple[str, str]]:
        """(option id, line) of each suggestion as the list shows it; the snapshot keeps
        the same (a story or a coverage gap has no prompt behind it)."""
        library = self.caseroom.library
        lines = [
            (next_up_id(item), f"{next_up_label(item, library)} · {item.reason}")
            for item in self.next_up
        ]
        return lines or [("", NOTHING_DUE)]

    def _drawn_overview(self) -> tuple[int, list[list[tuple[str, str]]]] | None:
        """The first track's overview as drawn (what the first frame shows next time)."""
        if not self._tracks:
            return None
        # What a screen can show of it: the first frame draws no more.
        overview = self.query_one(TrackOverview)
        return overview.drawn_runs(overview_text(self._tracks[0]), self.app.size.height)

    def _show_plan(self, inputs: PracticeSoFar) -> None:
        from tui.services import planning

        plan = inputs.plan.plan
        line = self.query_one("#plan-line", Static)
        text = ""
        if plan is not None:
            library = self.caseroom.library
            track = library.tracks.get(plan.track_id)
            today = self.caseroom.config.now().date()
            state = planning.plan_line(
                inputs.plan, library.prompts_of(plan.track_id), inputs.practised, today
            )
            text = f"Interview · {track.title if track else plan.track_id} · {state}"
        if line.content != text:
            line.update(text)
        if line.display != bool(text):
            line.display = bool(text)

    def action_plan(self) -> None:
        """d: set, move or clear the interview date, for the highlighted track."""
        if self.once_library_loaded(self.action_plan):
            return
        track = self._selected()
        if track is None:
            return
        from screens.plan_date import PlanChoice, PlanDateScreen
        from tui.services import planning

        inputs = self._next_up_inputs
        plan = inputs.plan.plan if inputs is not None else None
        current = plan.interview_date if plan is not None and plan.track_id == track.id else None

        def chosen(choice: PlanChoice) -> None:
            now = self.caseroom.config.now()
            if choice == "clear":
                self.caseroom.db(planning.clear_plan, lambda _none: self._load_next_up())
                self.notify("Interview date cleared.")
            elif choice is not None and not isinstance(choice, str):
                job = partial(planning.set_plan, track_id=track.id, day=choice, now=now)
                self.caseroom.db(job, lambda _plan: self._load_next_up())
                self.notify(f"Interview on {choice.isoformat()}: Next up plans toward it.")

        self.app.push_screen(PlanDateScreen(track.title, current), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a suggestion starts practising it."""
        if event.option_list.id == "next-up" and event.option_id is not None:
            event.stop()
            self._open_next_up(event.option_id)

    def _open_next_up(self, option_id: str) -> None:
        """Open one suggestion (a prompt, a story to drill, a competency to write for)."""
        if self.once_library_loaded(partial(self._open_next_up, option_id)):
            return
        kind, _, name = option_id.partition(":")
        if kind == "story":  # drill the story most due
            from screens.stories import drill_story

            drill_story(self.caseroom, name)
        elif kind == "gap":  # a competency no story shows: write one for it
            from screens.stories import StoriesScreen

            self.app.push_screen(StoriesScreen(write_for=name))
        else:
            self.caseroom.action_practise(name)
