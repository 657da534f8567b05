"""The story bank: every story with its competencies, how often it was told, its last
score and its score trend; a coverage matrix (the chosen track's competencies x stories:
competencies with no story, stories carrying too much, each competency's best score); the
selected story's text and its attempts.

The matrix opens on the interview plan's track when a plan is set (tui.services.planning),
else on the track it was opened for; `t` moves to the next track.

`n` writes a new story file from a template into your own content folder and opens
$EDITOR; `w` writes one inside the app (screens/story_write.py); both ask first which
structure (the timed story or STAR). Enter drills the story against a behavioral question
it has not answered yet. Files edited on disk show at once (`library_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static

from screens.base import CaseroomScreen
from screens.widgets import ActionTable, plain, plural
from screens.widgets.footer import SteadyFooter
from screens.widgets.markdown import SafeMarkdown
from tui.core.model import Library, Story, Track
from tui.core.records import AttemptSummary, InterviewPlan
from tui.core.stories import (
    Coverage,
    best_by_competency,
    coverage,
    last_score,
    score_trend,
    times_told,
)
from tui.services import planning
from tui.services import stories as bank_service
from tui.services.stories import StoryBank

if TYPE_CHECKING:
    from tui.app import CaseroomApp

#: A cell of the matrix where the story shows the competency.
SHOWN = "●"
#: The newest scores shown in a story's trend.
TREND_SHOWN = 5


def story_markdown(story: Story, library: Library) -> str:
    """The story as the right-hand pane shows it: facts, competencies, its parts."""
    names = [
        library.competencies[c].title if c in library.competencies else c
        for c in story.competencies
    ]
    facts = [f for f in (story.where, story.when) if f]
    scaffold = library.scaffolds.get(story.structure)
    facts.append(scaffold.title if scaffold else story.structure)
    parts = [f"## {story.title}", " · ".join(facts)]
    parts.append("Shows: " + (", ".join(names) if names else "*no competency yet*"))
    for part in story.parts:
        parts += [f"### {part.title}", part.text or "*(empty)*"]
    if not story.parts:
        parts.append("*No parts written yet: e opens the file.*")
    return "\n\n".join(parts)


def attempts_text(attempts: list[AttemptSummary]) -> str:
    if not attempts:
        return "Not told yet: enter drills it."
    lines = [f"Told {plural(len(attempts), 'time')}:"]
    for a in reversed(attempts):  # newest first
        when = (a.submitted_at or a.started_at).strftime("%Y-%m-%d")
        score = f"{a.score}/5" if a.score is not None else "not reviewed"
        lines.append(f"  {when} · {a.prompt_title} · {score}")
    return "\n".join(lines)


class StoriesScreen(CaseroomScreen[None]):
    """Your stories, their coverage of a track's competencies, and drills."""

    STYLES = ("stories.tcss",)

    BINDINGS = [
        Binding("escape", "back", "Back", id="stories.back"),
        Binding("enter", "drill", "Drill", id="stories.drill", priority=True),
        Binding("t", "next_track", "Track", id="stories.track", tooltip="Coverage of next track"),
        Binding("n", "new_story", "New (editor)", id="stories.new"),
        Binding("w", "write_story", "Write here", id="stories.write"),
        Binding("e", "edit", "Edit file", id="stories.edit"),
    ]

    def __init__(self, track_id: str | None = None, *, write_for: str = "") -> None:
        super().__init__()
        self.track_id = track_id
        #: Next up's coverage gap: open the writing screen at once, this competency in it.
        self.write_for = write_for
        self.stories: list[Story] = []
        self.bank = StoryBank((), {})
        self.matrix: Coverage | None = None
        self.attempts: list[AttemptSummary] = []
        self._attempts_of = ""
        #: Whether the track shown was settled: the plan's, once read, or one chosen with t.
        self._track_settled = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="stories-body"):
            with Vertical(id="stories-left"):
                table = ActionTable(
                    "Drill", tooltip="A question it has not answered", id="stories-table"
                )
                table.follow_cursor = lambda _row: self._show_selected()
                for label, key in (
                    ("#", "n"),
                    ("Story", "title"),
                    ("Told", "told"),
                    ("Last", "last"),
                    ("Trend", "trend"),
                    ("Competencies", "competencies"),
                ):
                    table.add_column(label, key=key)
                yield table
                yield Static("", id="coverage-title", markup=False)
                yield DataTable(id="coverage", cursor_type="none", zebra_stripes=True)
            with VerticalScroll(id="stories-right"):
                yield SafeMarkdown("", id="story-text")
                yield Static("", id="story-attempts", markup=False)
        yield Static("", id="stories-status", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Story bank"
        self.library_changed(self.caseroom.library)
        if self.write_for:
            self.action_write_story(self.write_for)

    # -- what is shown ------------------------------------------------------------------------

    def library_changed(self, library: Library) -> None:
        tracks = library.tracks_in_order()
        if self.track_id not in library.tracks:
            self.track_id = tracks[0].id if tracks else None
        self.stories = sorted(library.stories.values(), key=lambda s: (s.title.lower(), s.id))
        self._fill()

    def store_ready(self) -> None:
        if not self._track_settled:
            self.caseroom.db(planning.read_plan, self._plan_arrived)
        self.caseroom.db(bank_service.load_bank, self._bank_arrived)
        self._attempts_of = ""
        self._load_attempts()

    def _plan_arrived(self, plan: InterviewPlan | None) -> None:
        """Open on the track of the interview being prepared for (unless t chose one)."""
        if self._track_settled:
            return
        self._track_settled = True
        if plan is not None and plan.track_id in self.caseroom.library.tracks:
            self.track_id = plan.track_id
            self._fill_matrix(self.caseroom.library)

    def _bank_arrived(self, bank: StoryBank) -> None:
        self.bank = bank
        self._fill()

    def _fill(self) -> None:
        library = self.caseroom.library
        told = times_told(self.bank.tellings)
        table = self.query_one("#stories-table", DataTable)
        row = table.cursor_row
        table.clear()
        for number, story in enumerate(self.stories, 1):
            names = ", ".join(
                library.competencies[c].title if c in library.competencies else c
                for c in story.competencies
            )
            last = last_score(story.id, self.bank.tellings)
            table.add_row(
                str(number),
                plain(story.title),
                str(told.get(story.id, 0)),
                f"{last}/5" if last is not None else "",
                "→".join(map(str, score_trend(story.id, self.bank.tellings)[-TREND_SHOWN:])),
                plain(names),
                key=story.id,
            )
        if self.stories:
            table.move_cursor(row=min(max(row, 0), len(self.stories) - 1))
        self._fill_matrix(library)
        self._show_selected()

    def _fill_matrix(self, library: Library) -> None:
        track: Track | None = library.tracks.get(self.track_id or "")
        matrix = self.matrix = coverage(library, track.id) if track else None
        title = self.query_one("#coverage-title", Static)
        grid = self.query_one("#coverage", DataTable)
        grid.clear(columns=True)
        if matrix is None or track is None:
            title.update("No track to show coverage for.")
            return
        gaps, heavy = matrix.gaps, matrix.overloaded
        summary = [f"Coverage · {track.title} (t: next track)"]
        if gaps:
            noun = "competency" if len(gaps) == 1 else "competencies"
            summary.append(f"{len(gaps)} {noun} with no story")
        if heavy:
            summary.append("carrying too much: " + ", ".join(s.title for s in heavy))
        title.update(" · ".join(summary))
        grid.add_column("Competency", key="competency")
        for number, story in enumerate(matrix.stories, 1):
            grid.add_column(f"{number}!" if story in heavy else str(number), key=story.id)
        grid.add_column("Stories", key="count")
        grid.add_column("Best", key="best")
        best = best_by_competency(library.stories, self.bank.tellings)
        for competency in matrix.competencies:
            carriers = matrix.stories_for(competency)
            grid.add_row(
                plain(competency.title),
                *(SHOWN if matrix.shows(s, competency) else "" for s in matrix.stories),
                str(len(carriers)) if carriers else "no story",
                f"{best[competency.id]}/5" if competency.id in best else "",
                key=competency.id,
            )

    def selected(self) -> Story | None:
        table = self.query_one("#stories-table", DataTable)
        if not self.stories:
            return None
        return self.stories[min(max(table.cursor_row, 0), len(self.stories) - 1)]

    def _show_selected(self) -> None:
        story = self.selected()
        text = self.query_one("#story-text", SafeMarkdown)
        status = self.query_one("#stories-status", Static)
        if story is None:
            text.show(
                "## No stories yet\n\nA story is told against many questions: write one with "
                "`n` (in your editor) or `w` (here). Stories live in `stories/` of your "
                "content folder."
            )
            self.query_one("#story-attempts", Static).update("")
            status.update("")
            return
        text.show(story_markdown(story, self.caseroom.library))
        trend = score_trend(story.id, self.bank.tellings)
        status.update(
            f"{len(self.stories)} {'story' if len(self.stories) == 1 else 'stories'} · "
            + (f"{story.title}: scores {' → '.join(map(str, trend))}" if trend else story.title)
        )
        self._load_attempts()

    def _load_attempts(self) -> None:
        story = self.selected()
        if story is None or story.id == self._attempts_of or not self.caseroom.store_available:
            if story is not None and story.id == self._attempts_of:
                self.query_one("#story-attempts", Static).update(attempts_text(self.attempts))
            return
        self._attempts_of = story.id
        self.caseroom.db(
            partial(bank_service.story_attempts, story_id=story.id),
            partial(self._attempts_arrived, story.id),
        )

    def _attempts_arrived(self, story_id: str, attempts: list[AttemptSummary]) -> None:
        if story_id != self._attempts_of:
            return
        self.attempts = attempts
        self.query_one("#story-attempts", Static).update(attempts_text(attempts))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "stories-table":
            self.action_drill()

    # -- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next_track(self) -> None:
        tracks = [t.id for t in self.caseroom.library.tracks_in_order()]
        self._track_settled = True
        if tracks:
            at = tracks.index(self.track_id) if self.track_id in tracks else -1
            self.track_id = tracks[(at + 1) % len(tracks)]
            self._fill_matrix(self.caseroom.library)

    def action_drill(self) -> None:
        story = self.selected()
        if story is None:
            self.notify("Write a story first: n or w.", severity="warning")
            return
        drill_story(self.caseroom, story.id)

    def action_edit(self) -> None:
        story = self.selected()
        if story is None or not story.path:
            self.notify("No story selected to edit.", severity="warning")
            return
        self._edit_and_reread(Path(story.path))

    def _with_structure(self, then: Callable[[str], object]) -> None:
        """Ask which structure a new story takes (when the library has more than one)."""
        from screens.story_structure import StoryStructureScreen, structures

        offered = structures(self.caseroom.library)
        if len(offered) <= 1:
            then(offered[0] if offered else bank_service.DRILL_SCAFFOLD)
            return

        def chosen(structure: str | None) -> None:
            if structure is not None:
                then(structure)

        self.app.push_screen(StoryStructureScreen(self.caseroom.library), chosen)

    def action_new_story(self) -> None:
        """A new story file from the template, in your own folder, opened in $EDITOR."""
        if self._folder() is not None:
            self._with_structure(self._new_story_in)

    def _new_story_in(self, structure: str) -> None:
        from tui.library.authoring import create_story_file, new_story_id, story_template

        folder = self._folder()
        if folder is None:
            return
        library = self.caseroom.library
        scaffold = library.scaffolds.get(structure)
        steps = [(s.title, s.guidance) for s in scaffold.steps] if scaffold else []
        text = story_template(steps, structure)
        try:
            path = create_story_file(folder, new_story_id(library.stories, folder), text)
        except OSError as error:
            self.notify(f"Could not write a new story: {error}", severity="error", markup=False)
            return
        self._edit_and_reread(path)

    def action_write_story(self, competency: str = "") -> None:
        folder = self._folder()
        if folder is None:
            return
        from screens.story_write import StoryWriteScreen

        def write(structure: str) -> None:
            self.app.push_screen(StoryWriteScreen(folder, structure, competencies=competency))

        self._with_structure(write)

    def _folder(self) -> Path | None:
        user_dir = self.caseroom.config.user_content_dir
        if user_dir is None:
            self.notify("There is no folder of your own to write a story to.", severity="error")
            return None
        return user_dir / "stories"

    def _edit_and_reread(self, path: Path) -> None:
        from screens.widgets.editor import run_editor

        run_editor(self.app, path)
        self.app.run_worker(self.caseroom.live.reread([path]), group="content-edit")


def drill_story(app: CaseroomApp, story_id: str, skip: tuple[str, ...] = ()) -> None:
    """Drill `story_id` against a behavioral question it has not answered yet, in the
    timed-story format (the stories screen's enter, Next up's due stories)."""
    story = app.library.stories.get(story_id)
    if story is None:
        app.notify("That story is no longer in your folder.", severity="warning")
        return

    def drill(bank: StoryBank) -> None:
        prompt = bank_service.drill_question(app.library, story, bank, skip)
        if prompt is None:
            app.notify(
                f"Every question that fits \u201c{story.title}\u201d has been told: "
                "give it another competency, or write a new story.",
                severity="warning",
                markup=False,
            )
            return
        from screens.practice import PracticeScreen

        app.push_screen(PracticeScreen(prompt.id, story_id=story.id, drill=True))

    app.db(bank_service.load_bank, drill)
