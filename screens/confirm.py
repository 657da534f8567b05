"""The modal that asks before an answer in progress is left behind."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from screens.base import CaseroomModal

LeaveChoice = Literal["keep", "discard"]


class LeaveScreen(CaseroomModal[LeaveChoice | None]):
    """Keep the answer as a draft, discard it, or stay.

    The wording is the practice screen's by default; another screen passes its own (and, in
    a subclass, its own keys) while "keep" / "discard" / None keep their meaning.
    """

    BINDINGS = [
        Binding("k", "choose('keep')", "Keep draft", id="leave.keep"),
        Binding("d", "choose('discard')", "Discard", id="leave.discard"),
        Binding("escape", "stay", "Stay", id="leave.stay"),
    ]

    def __init__(
        self,
        *,
        title: str = "Leave this answer?",
        text: str = (
            "Keep it as a draft to finish later, or discard it. "
            "Discarded answers stay in the database, hidden from history."
        ),
        keep_label: str = "Keep draft [k]",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body_text = text
        self.keep_label = keep_label

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.body_text, classes="dialog-text", markup=False)
            # Content(...) is plain text: as markup, "[d]" would be a style and vanish.
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self.keep_label), id="keep", variant="primary")
                yield Button(Content("Discard [d]"), id="discard", variant="error")
                yield Button(Content("Stay [esc]"), id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "stay":
            self.dismiss(None)
        elif event.button.id in ("keep", "discard"):
            self.dismiss(event.button.id)  # type: ignore[arg-type]

    def action_choose(self, choice: LeaveChoice) -> None:
        self.dismiss(choice)

    def action_stay(self) -> None:
        self.dismiss(None)


class QuitUnsavedScreen(CaseroomModal[bool]):
    """ctrl+q while the database does not take the answer: quit (the copy stays) or stay."""

    BINDINGS = [
        Binding("q", "choose(True)", "Quit", id="quit_unsaved.quit"),
        Binding("escape", "choose(False)", "Stay", id="quit_unsaved.stay"),
    ]

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-dialog", classes="dialog"):
            yield Static("Quit without saving this answer?", classes="dialog-title")
            yield Static(
                "The database did not take your latest text. " + self.where,
                classes="dialog-text",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Quit [q]"), id="quit", variant="error")
                yield Button(Content("Stay [esc]"), id="stay", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_choose(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
