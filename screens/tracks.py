"""The first screen: every role track, with its prompt count and the user's attempts."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from screens.base import CaseroomScreen
from screens.widgets import ActionTable, plain, plural
from screens.widgets.header import Header
from tui.core.model import Library, Track
from tui.services import planning, progress
from tui.services.progress import PracticeSoFar

if TYPE_CHECKING:
    from tui.core.scheduling import NextUp


class TracksScreen(CaseroomScreen[None]):
    """Pick a role track. Its overview shows beside the list."""

    BINDINGS = [
        Binding("enter", "open_track", "Open", id="tracks.open", tooltip="Prompts of this track"),
        Binding("h", "history", "History", id="tracks.history", tooltip="Your past attempts"),
        Binding("s", "stats", "Stats", id="tracks.stats", tooltip="Your progress in charts"),
        Binding("r", "rounds", "Rounds", id="tracks.rounds", tooltip="Timed mock rounds"),
        Binding("d", "plan", "Interview date", id="tracks.plan", tooltip="Plan toward a date"),
        # Shown only to a coach (check_action).
        Binding("c", "cohort", "Cohort", id="tracks.cohort", tooltip="The people you coach"),
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
        # The plan's state in one line; hidden (no room taken) while no date is set.
        yield Static("", id="plan-line", markup=False)
        yield Static("Next up", id="next-up-title", markup=False)
        yield OptionList(id="next-up")
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
        self._show_plan(inputs)
        options = self.query_one("#next-up", OptionList)
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

    def _show_plan(self, inputs: PracticeSoFar) -> None:
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
        line.update(text)
        line.display = bool(text)

    def action_plan(self) -> None:
        """d: set, move or clear the interview date, for the highlighted track."""
        track = self._selected()
        if track is None:
            return
        from screens.plan_date import PlanChoice, PlanDateScreen

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
            self.caseroom.action_practise(event.option_id)
