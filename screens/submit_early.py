"""The question asked when an answer is submitted with time still left.

People press ctrl+s out of habit to save. So submitting early asks, and one key confirms:
ctrl+s again. Escape goes back to the answer, and so does simply carrying on typing: the
letter typed is handed back to the answer (never lost), and so is enter, so a habitual
ctrl+s followed by a new line never submits. Once time is up, ctrl+s submits at once.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from screens.base import CaseroomModal

#: What the modal hands back: True submits, None goes back, a string is text to type.
SubmitChoice = bool | str | None


class SubmitEarlyScreen(CaseroomModal[SubmitChoice]):
    """Submit now with time left? ctrl+s submits; anything else goes back to writing."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit now", id="submit_early.submit", priority=True),
        Binding("escape", "back", "Keep writing", id="submit_early.back"),
    ]

    def __init__(self, left: str, written: int, steps: int) -> None:
        super().__init__()
        self.facts = f"{left} left · {written} of {steps} steps written."

    def compose(self) -> ComposeResult:
        with Vertical(id="submit-early-dialog", classes="dialog"):
            yield Static("Submit this answer now?", classes="dialog-title", markup=False)
            yield Static(self.facts, classes="dialog-text", markup=False)
            yield Static(
                "ctrl+s again submits it. Escape, or just keep typing, goes back to the answer.",
                classes="dialog-text",
                markup=False,
            )

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            self.dismiss("\n")
        elif event.is_printable and event.character:
            event.stop()
            self.dismiss(event.character)

    def action_submit(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(None)
