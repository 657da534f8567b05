"""The modal that asks before a question of a mock round is left: pause, discard, or end."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from screens.base import CaseroomModal

RoundLeaveChoice = Literal["keep", "discard", "end_round"]


class RoundLeaveScreen(CaseroomModal[RoundLeaveChoice | None]):
    """Keep the answer and pause the round, discard the answer, end the round, or stay.

    "keep" and "discard" mean what they mean outside a round (see screens.confirm); the run
    stays open for resuming. "end_round" ends the whole run early.
    """

    BINDINGS = [
        Binding("k", "choose('keep')", "Keep & pause", id="round_leave.keep"),
        Binding("d", "choose('discard')", "Discard", id="round_leave.discard"),
        Binding("e", "choose('end_round')", "End round", id="round_leave.end"),
        Binding("escape", "stay", "Stay", id="round_leave.stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="round-leave-dialog", classes="dialog"):
            yield Static("Leave this round question?", classes="dialog-title")
            yield Static(
                "Keep: the answer stays a draft and the round waits (u on the rounds screen "
                "resumes it). Discard: this answer is dropped; the round waits. End round: "
                "what you wrote here is submitted, the round ends and its summary shows "
                "what was answered.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Keep & pause [k]"), id="keep", variant="primary")
                yield Button(Content("Discard [d]"), id="discard", variant="error")
                yield Button(Content("End round [e]"), id="end_round", variant="warning")
                yield Button(Content("Stay [esc]"), id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "stay":
            self.dismiss(None)
        elif event.button.id in ("keep", "discard", "end_round"):
            self.dismiss(event.button.id)  # type: ignore[arg-type]

    def action_choose(self, choice: RoundLeaveChoice) -> None:
        self.dismiss(choice)

    def action_stay(self) -> None:
        self.dismiss(None)
