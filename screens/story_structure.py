"""Before a new story: which structure will it be told in?

The five-part timed story (the drills' clock) or STAR (Situation, Task, Action, Result): the
parts the template (`n`) and the in-app writer (`w`) give it, and the `structure:` its file
names. Only structures whose scaffold the library has are offered; with one, nothing is asked.
Escape writes nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from screens.base import CaseroomModal
from screens.widgets import plain
from tui.core.model import Library
from tui.library.parse_stories import STORY_STRUCTURES


def structures(library: Library) -> list[str]:
    """The structures a new story may take: those whose scaffold the library has."""
    return [s for s in STORY_STRUCTURES if s in library.scaffolds]


def structure_label(library: Library, structure: str) -> str:
    """The structure's scaffold title and its parts: "STAR story: Situation, Task, …"."""
    scaffold = library.scaffolds.get(structure)
    if scaffold is None:
        return structure
    return f"{scaffold.title}: {', '.join(step.title for step in scaffold.steps)}"


class StoryStructureScreen(CaseroomModal[str | None]):
    """Pick a new story's structure; dismisses with its scaffold id, or None (escape)."""

    STYLES = ("story_structure.tcss",)

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="story_structure.cancel")]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        options = [
            Option(plain(structure_label(self.library, s)), id=s) for s in structures(self.library)
        ]
        with Vertical(id="story-structure-dialog", classes="dialog"):
            yield Static(
                "Which structure will the story use?", classes="dialog-title", markup=False
            )
            yield OptionList(*options, id="story-structure")

    def on_mount(self) -> None:
        self.query_one("#story-structure", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
