"""The panes of the practice screen: the prompt (which says when it holds more than it
shows), and one answer box per scaffold step in a pane that keeps the step being written
in view."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TextArea

from tui.core.durations import format_clock
from tui.core.model import Step


class PromptPane(VerticalScroll):
    """The prompt's title and question, at most a share of the height; it scrolls."""

    def show_hint(self, *, reading: bool) -> None:
        """Say on the pane's edge when the question does not fit, and how to read it."""
        if reading:
            hint = "↑↓ scroll · F4 or esc: back to your answer"
        elif self.max_scroll_y > 0:
            hint = "more · F4 reads the whole prompt"
        else:
            hint = ""
        if self.border_subtitle != hint:
            self.border_subtitle = hint


class StepEditor(TextArea):
    """The answer to one scaffold step. Knows its step so focus can drive the timer."""

    def __init__(self, index: int, text: str = "") -> None:
        super().__init__(text, id=f"step-{index}", soft_wrap=True, show_line_numbers=False)
        self.step_index = index


class StepsPane(VerticalScroll):
    """The steps. When its size changes (the terminal, the prompt pane above it), the step
    being written is brought back into view (`keep_in_view`, after the next refresh)."""

    def __init__(self, keep_in_view: Callable[[], object], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keep_in_view = keep_in_view

    def on_resize(self, event: events.Resize) -> None:
        self.screen.call_after_refresh(self._keep_in_view)

    def show_editor(self, editor: StepEditor) -> None:
        """Scroll so the step being written shows: all of its box if it fits, else its
        text area, else the cursor's line and one line either side."""
        view = self.scrollable_content_region
        editor.scroll_cursor_visible()
        cursor_y = editor.cursor_screen_offset.y
        box = editor.parent.region if isinstance(editor.parent, Vertical) else editor.region
        if box.height > view.height:
            box = editor.region
        top, bottom = box.y, box.bottom
        if box.height > view.height:
            top, bottom = max(top, cursor_y - 1), min(bottom, cursor_y + 2)
        delta = 0
        if bottom > view.bottom:
            delta = bottom - view.bottom
        if top - delta < view.y:
            delta = top - view.y
        if delta:
            self.scroll_relative(y=delta, animate=False, immediate=True)


def step_box(index: int, step: Step, budget_s: int | None, editor: StepEditor) -> Vertical:
    """One step: its number, title and budget (None: no budget shown), its guidance, and
    its answer box."""
    title = Text(f"{index + 1}. {step.title}  ", style="bold")
    if budget_s is not None:
        title.append(f"({format_clock(budget_s)})", style="dim")
    parts: list[Static | StepEditor] = [Static(title, classes="step-title")]
    if step.guidance:
        parts.append(Static(Text(step.guidance), classes="step-guidance"))
    parts.append(editor)
    return Vertical(*parts, classes="step", id=f"step-box-{index}")
