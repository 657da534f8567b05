"""Pushback mode: the prompt's follow-ups, asked one at a time against a short countdown.

Each reply is stored (store.add_followup_reply) when the person moves on, so an
interrupted session keeps every answer already given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, TextArea

from screens.base import CaseroomScreen
from tui.timer import PracticeTimer, format_clock

if TYPE_CHECKING:
    from tui.store import Store

#: Seconds for each follow-up reply: an interviewer's pushback wants a short answer.
REPLY_SECONDS = 60
#: How often the countdown redraws (it reads the clock, so the rate only affects smoothness).
TICK = 0.5


class PushbackScreen(CaseroomScreen[None]):
    """Answer the follow-up questions of one attempt's prompt, one at a time."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="pushback.back", tooltip="Stop; saved replies stay"),
        Binding("ctrl+n", "next", "Next question", id="pushback.next", tooltip="Save, move on"),
    ]

    def __init__(self, attempt_id: int, questions: Sequence[str]) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.questions = tuple(questions)
        self.position = 0
        self.replies_saved = 0
        self.timer: PracticeTimer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="pushback-question", markup=False)
        yield Static("", id="pushback-clock", markup=False)
        yield TextArea(id="pushback-reply")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Pushback"
        self._ask()
        self.set_interval(TICK, self.tick)

    def _ask(self) -> None:
        """Show the current question with an empty reply and a fresh countdown."""
        question = self.questions[self.position]
        self.query_one("#pushback-question", Static).update(
            f"Follow-up {self.position + 1} of {len(self.questions)}: {question}"
        )
        reply = self.query_one("#pushback-reply", TextArea)
        reply.text = ""
        reply.focus()
        self.timer = PracticeTimer([REPLY_SECONDS], REPLY_SECONDS, clock=self.caseroom.config.clock)
        self.timer.start()
        self.tick()

    def tick(self) -> None:
        """Redraw the countdown from the clock."""
        if self.timer is None:
            return
        view = self.timer.snapshot()
        text = f"{format_clock(round(view.remaining_s))} left"
        if view.overtime_s > 0:
            text = f"time is up · over by {format_clock(round(view.overtime_s))}"
        self.query_one("#pushback-clock", Static).update(text)

    def action_next(self) -> None:
        """Store this reply (in the background) and ask the next question, or finish."""
        if self.timer is None:
            return
        self.timer.finish()
        seconds = self.timer.snapshot().elapsed_s
        question = self.questions[self.position]
        text = self.query_one("#pushback-reply", TextArea).text
        attempt_id = self.attempt_id

        def save(store: Store) -> None:
            store.add_followup_reply(attempt_id, question, text, seconds)

        self.caseroom.db(save, self._reply_saved)
        self.position += 1
        if self.position < len(self.questions):
            self._ask()
        else:
            self.timer = None
            self.app.pop_screen()

    def _reply_saved(self, _result: None) -> None:
        self.replies_saved += 1

    def action_back(self) -> None:
        self.app.pop_screen()
