"""The modal that sets (or clears) the interview date for a track: Next up plans to it."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from screens.base import CaseroomModal
from tui.services.planning import parse_day

#: What the modal answers: a day to set, "clear", or None (nothing changes).
PlanChoice = date | str | None


class PlanDateScreen(CaseroomModal[PlanChoice]):
    """Type the interview's day (YYYY-MM-DD) and press enter; ctrl+d clears the date."""

    STYLES = ("plan_date.tcss",)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="plan.cancel"),
        # Priority: the date box (an Input) would take ctrl+d as "delete right".
        Binding("ctrl+d", "clear_date", "Clear the date", id="plan.clear", priority=True),
    ]

    def __init__(self, track_title: str, current: date | None) -> None:
        super().__init__()
        self.track_title = track_title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-dialog", classes="dialog"):
            yield Static(
                f"Interview date for {self.track_title}", classes="dialog-title", markup=False
            )
            yield Static(
                "Next up plans toward it: every category before the day, low scores sooner, "
                "a mock round at the end. Write it as YYYY-MM-DD.",
                classes="dialog-text",
                markup=False,
            )
            yield Input(
                self.current.isoformat() if self.current else "",
                placeholder="YYYY-MM-DD",
                id="plan-day",
            )
            yield Static("", id="plan-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Set [enter]"), id="set", variant="primary")
                yield Button(Content("Clear [ctrl+d]"), id="clear", variant="error")
                yield Button(Content("Cancel [esc]"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#plan-day", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "set":
            self._set(self.query_one("#plan-day", Input).value)
        elif event.button.id == "clear":
            self.action_clear_date()
        else:
            self.action_cancel()

    def _set(self, text: str) -> None:
        try:
            self.dismiss(parse_day(text))
        except ValueError as error:
            self.query_one("#plan-error", Static).update(str(error))

    def action_clear_date(self) -> None:
        self.dismiss("clear")

    def action_cancel(self) -> None:
        self.dismiss(None)
