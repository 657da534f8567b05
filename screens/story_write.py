"""Writing a story inside the app: title, where, when and competencies on top, then one
box per part of its structure (the five-part timed story or STAR, chosen on the stories
screen: screens/story_structure.py), the same step boxes as practice but with no clock.
ctrl+s writes `stories/<id>.md` into your own content folder (never over a file); the
loader reads it back at once, and its problems (an unknown competency) show as for any file.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static

from screens.base import CaseroomScreen
from screens.widgets.footer import SteadyFooter
from screens.widgets.steps import StepEditor, StepsPane, step_box
from tui.core.model import Scaffold, Step
from tui.library.authoring import create_story_file, story_id_for, story_text
from tui.services.stories import DRILL_SCAFFOLD


class StoryWriteScreen(CaseroomScreen[None]):
    """A new story, written in step boxes; ctrl+s saves it as a file, escape leaves."""

    STYLES = ("steps.tcss", "story_write.tcss")

    BINDINGS = [
        Binding("ctrl+s", "save", "Save story", id="story_write.save", priority=True),
        Binding("escape", "back", "Leave", id="story_write.back"),
    ]

    def __init__(
        self, folder: Path, structure: str = DRILL_SCAFFOLD, *, competencies: str = ""
    ) -> None:
        super().__init__()
        self.folder = folder
        self.competencies = competencies
        self.structure = structure
        self.saved: Path | None = None
        self._warned = False

    def compose(self) -> ComposeResult:
        library = self.caseroom.library
        scaffold = library.scaffolds.get(self.structure) or Scaffold(
            self.structure, self.structure, (Step("Story"),)
        )
        self.scaffold = scaffold
        self.editors = [StepEditor(i) for i in range(len(scaffold.steps))]
        known = ", ".join(sorted(library.competencies))
        yield Header()
        yield Input(placeholder="Title: a few words you will recognise", id="story-title")
        yield Input(placeholder="Where (team, company)", id="story-where")
        yield Input(placeholder="When (a year is enough)", id="story-when")
        yield Input(
            self.competencies,
            placeholder="Competencies it shows, comma separated",
            id="story-competencies",
        )
        yield Static(f"Competencies: {known}", id="story-known", markup=False)
        with StepsPane(lambda: None, id="story-steps"):
            for index, step in enumerate(scaffold.steps):
                # A timed part's seconds say how long it is told; a STAR part has none.
                yield step_box(index, step, step.seconds, self.editors[index])
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"New story · {self.scaffold.title} · no clock"
        self.query_one("#story-title", Input).focus()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def action_save(self) -> None:
        title = self._value("story-title")
        if not title:
            self.notify("Give the story a title first.", severity="warning")
            self.query_one("#story-title", Input).focus()
            return
        # An id or a title ("Keeper test"); anything else is kept as typed, and the file's
        # check then says it does not exist (with the closest one).
        known = {c.title.lower(): c.id for c in self.caseroom.library.competencies.values()}
        competencies = [
            known.get(c.strip().lower(), c.strip().lower().replace(" ", "-"))
            for c in self._value("story-competencies").split(",")
            if c.strip()
        ]
        text = story_text(
            title=title,
            structure=self.scaffold.id,
            parts=[
                (step.title, editor.text)
                for step, editor in zip(self.scaffold.steps, self.editors, strict=True)
                if editor.text.strip()
            ],
            where=self._value("story-where"),
            when=self._value("story-when"),
            competencies=competencies,
        )
        story_id = story_id_for(title, self.caseroom.library.stories, self.folder)
        try:
            path = create_story_file(self.folder, story_id, text)
        except OSError as error:
            self.notify(f"Could not write the story: {error}", severity="error", markup=False)
            return
        self.saved = path
        self.notify(f"Saved as {path.name}.", markup=False)
        self.app.run_worker(self.caseroom.live.reread([path]), group="content-edit")
        self.app.pop_screen()

    def has_text(self) -> bool:
        boxes = ("story-title", "story-where", "story-when")
        return any(self._value(b) for b in boxes) or any(e.text.strip() for e in self.editors)

    def action_back(self) -> None:
        """Leave; with something written and not saved, the first escape only warns."""
        if self.has_text() and not self._warned:
            self._warned = True
            self.notify("Not saved: ctrl+s saves the story, escape again leaves without it.")
            return
        self.app.pop_screen()
