"""Before a behavioral answer: which story of the story bank will you tell?

Stories that show the prompt's competencies come first (tui.core.stories.stories_for_prompt),
each saying which ones it matches; then the rest, since any story may be told. Choosing
"No particular story" (or escape) skips: the attempt simply names no story.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from screens.base import CaseroomModal
from screens.widgets import plain
from tui.core.model import Library, Prompt
from tui.core.stories import stories_for_prompt

#: The option that answers without naming a story.
NO_STORY = "-no-story-"


class StoryPickScreen(CaseroomModal[str | None]):
    """Pick the story to tell; dismisses with its id, or None to answer without one."""

    STYLES = ("story_pick.tcss",)

    BINDINGS = [Binding("escape", "skip", "No story", id="story_pick.skip")]

    def __init__(self, prompt: Prompt, library: Library) -> None:
        super().__init__()
        self.prompt = prompt
        self.library = library

    def compose(self) -> ComposeResult:
        with Vertical(id="story-pick-dialog", classes="dialog"):
            yield Static("Which story will you tell?", classes="dialog-title", markup=False)
            yield Static(plain(self.prompt.title), classes="dialog-text")
            yield OptionList(*self._options(), id="story-pick")

    def _options(self) -> list[Option]:
        competencies = self.library.competencies
        options: list[Option] = []
        for story in stories_for_prompt(self.library.stories.values(), self.prompt):
            shared = [c for c in story.competencies if c in self.prompt.competencies]
            label = story.title
            if shared:
                names = ", ".join(competencies[c].title if c in competencies else c for c in shared)
                label += f" · matches: {names}"
            options.append(Option(plain(label), id=story.id))
        options.append(Option(plain("No particular story (esc)"), id=NO_STORY))
        return options

    def on_mount(self) -> None:
        self.query_one("#story-pick", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option_id
        self.dismiss(None if chosen in (None, NO_STORY) else chosen)

    def action_skip(self) -> None:
        self.dismiss(None)
