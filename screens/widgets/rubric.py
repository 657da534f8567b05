"""The pieces of a review form (the person's own, screens/review.py, and a coach's,
screens/coach_review.py): a rubric question that can be ticked, and the note."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Checkbox, TextArea


class RubricCheck(Checkbox):
    """A rubric question that can be ticked: its state reads as "[x]" or "[ ]" (not only
    as a colour), and a long question wraps under itself instead of being cut off."""

    DEFAULT_CSS = """
    RubricCheck {
        width: 1fr;
        height: auto;
        /* No box around every question (it took three rows each); the focused one is
           marked by a bar on the left, a glyph that shows without colour too. */
        border: none;
        border-left: blank;
        padding: 0 1;
        &:focus {
            border: none;
            border-left: tall $border;
        }
        & > .toggle--button, &.-on > .toggle--button {
            background: transparent;
        }
        & > .toggle--button {
            color: $text-muted;
        }
        &.-on > .toggle--button {
            color: $text-success;
            text-style: bold;
        }
    }
    """

    #: The box as text, on and off: readable without colour (NO_COLOR).
    MARKS: ClassVar[dict[bool, str]] = {True: "[x]", False: "[ ]"}

    @property
    def _button(self) -> Content:
        return Content.styled(self.MARKS[self.value], self.get_visual_style("toggle--button"))

    def _lines(self, width: int) -> list[Content]:
        indent = len(self.MARKS[False]) + 1
        return self._label.wrap(max(1, width - indent)) or [Content("")]

    def render(self) -> Content:
        button = self._button
        indent = " " * (button.cell_length + 1)
        label_style = self.get_visual_style("toggle--label")
        lines = [line.stylize_before(label_style) for line in self._lines(self.content_size.width)]
        first = Content.assemble(button, " ", lines[0])
        return Content("\n").join([first, *(Content.assemble(indent, line) for line in lines[1:])])

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self.MARKS[False]) + 1 + self._label.cell_length

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))


class ReviewNote(TextArea):
    """The review's note. Score keys type here (it is a note), so escape leaves it, back to
    the rubric, and the footer says so while the note has the keys."""

    BINDINGS = [
        Binding("escape", "leave_note", "Leave note", id="review.note.leave", priority=True),
    ]

    def action_leave_note(self) -> None:
        focus_first_check(self.screen)


def focus_first_check(screen: Screen[Any]) -> None:
    """Give the keys to a review form's first rubric check (or to the screen, if there is
    none), its side panel scrolled back to the top."""
    boxes = screen.query_one("#review-checks").query(Checkbox)
    if boxes:
        screen.set_focus(boxes.first())
        screen.query_one("#review-side", VerticalScroll).scroll_home(animate=False)
    else:
        screen.set_focus(None)
