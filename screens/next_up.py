"""The tracks screen's Next up list: today's suggestions, each with its reason, and the
lines the start-up snapshot keeps of them (the same ids and words as the list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from screens.widgets import plain

if TYPE_CHECKING:
    from tui.core.model import Library
    from tui.core.scheduling import NextUp


def next_up_id(item: NextUp) -> str:
    """The option id of a suggestion: "prompt:<id>", "story:<id>" or "gap:<competency>"."""
    if item.source == "story":
        return f"story:{item.story_id}"
    if item.source == "story-gap":
        return f"gap:{item.competency_id}"
    return f"prompt:{item.prompt_id}"


def next_up_label(item: NextUp, library: Library) -> str:
    if item.source == "story":
        story = library.stories.get(item.story_id)
        return f"Story: {story.title if story else item.story_id}"
    if item.source == "story-gap":
        competency = library.competencies.get(item.competency_id)
        return f"Write a story: {competency.title if competency else item.competency_id}"
    prompt = library.prompts.get(item.prompt_id)
    return prompt.title if prompt else item.prompt_id


#: Next up's one line when there is no suggestion (not an option to open).
NOTHING_DUE = "Nothing due today and every prompt tried: well done."


def next_up_options(lines: list[tuple[str, str]]) -> list[Option]:
    """Next up's options from (option id, line); an empty id is the NOTHING_DUE line.
    plain(): titles come from content files and are never markup."""
    return [Option(plain(line), id=oid or None, disabled=not oid) for oid, line in lines]


class NextUpList(OptionList):
    """Today's suggestions. Focus always highlights a row (Tab used to land on none, so
    enter did nothing), and the footer says enter opens it."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="tracks.next_up.open", tooltip="Practise it"),
    ]

    def on_focus(self) -> None:
        self.highlight_a_row()

    def highlight_a_row(self) -> None:
        if self.highlighted is not None:
            return
        for index in range(self.option_count):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
