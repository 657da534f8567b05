"""The modal that asks before an answer in progress is left behind."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from screens.base import CaseroomModal

LeaveChoice = Literal["keep", "discard"]


class LeaveScreen(CaseroomModal[LeaveChoice | None]):
    """Keep the answer as a draft, discard it, or stay."""

    BINDINGS = [
        Binding("k", "choose('keep')", "Keep draft", id="leave.keep"),
        Binding("d", "choose('discard')", "Discard", id="leave.discard"),
        Binding("escape", "stay", "Stay", id="leave.stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-dialog", classes="dialog"):
            yield Static("Leave this answer?", classes="dialog-title")
            yield Static(
                "Keep it as a draft to finish later, or discard it. "
                "Discarded answers stay in the database, hidden from history.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep draft [k]", id="keep", variant="primary")
                yield Button("Discard [d]", id="discard", variant="error")
                yield Button("Stay [esc]", id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "stay":
            self.dismiss(None)
        elif event.button.id in ("keep", "discard"):
            self.dismiss(event.button.id)  # type: ignore[arg-type]

    def action_choose(self, choice: LeaveChoice) -> None:
        self.dismiss(choice)

    def action_stay(self) -> None:
        self.dismiss(None)
