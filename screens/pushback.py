"""Pushback mode: the prompt's follow-ups, then the coach's questions from the gaps of
this answer (tui.core.coaching: each says which finding it came from), asked one at a time
against a short countdown.

Nothing typed is lost. Each reply autosaves while it is typed (debounced, on a background
writer thread, like the practice screen's answers), so a killed process loses at most about
a second of it. ctrl+n stores the reply as given and asks the next question; escape stores
the reply in progress if it has any text and leaves; replies already stored stay.

A reply is one row however often it is saved: the writer (tui.services.replies.ReplyWriter)
remembers each reply's row and updates it in place. Every snapshot carries all the replies
of the session, so the latest-wins writer can never drop an earlier reply's final text.
A reply left blank on escape is not stored (if autosave had stored text the person then
erased, that row is removed); a reply moved on from with ctrl+n is stored even when blank,
as a question faced and not answered.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, TextArea

from screens.base import CaseroomScreen
from screens.widgets.autosave import Autosave
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from tui.core.coaching import PushbackQuestion
from tui.core.durations import format_clock
from tui.core.timer import PracticeTimer
from tui.services.replies import PushbackSnapshot, ReplyDraft, ReplyWriter

#: Seconds for each follow-up reply: an interviewer's pushback wants a short answer.
REPLY_SECONDS = 60
#: How often the countdown redraws and autosave looks for typing to store (the countdown
#: reads the clock, so the rate only affects smoothness).
TICK = 0.5


class PushbackScreen(CaseroomScreen[None]):
    """Answer the follow-up questions of one attempt's prompt, one at a time."""

    STYLES = ("pushback.tcss",)

    BINDINGS = [
        Binding(
            "escape",
            "back",
            "Back",
            id="pushback.back",
            tooltip="Stop; this reply (if any) and the ones before it are kept",
        ),
        Binding("ctrl+n", "next", "Next question", id="pushback.next", tooltip="Save, move on"),
    ]

    def __init__(self, attempt_id: int, questions: Sequence[PushbackQuestion]) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.questions = tuple(questions)
        self.position = 0
        self.timer: PracticeTimer | None = None
        #: Every reply of this session by position, as last offered to the writer.
        self.replies: dict[int, ReplyDraft] = {}
        #: Made on mount (it needs the App): replies autosave while typed.
        self.autosave: Autosave[PushbackSnapshot]
        # Kept as a reference, not queried: on_unmount still reads it after the DOM is gone.
        self.reply_area = TextArea(id="pushback-reply")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="pushback-question", markup=False)
        yield Static("", id="pushback-clock", markup=False)
        yield self.reply_area
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Pushback"
        self._app = self.caseroom  # for the writer thread, which may outlive the screen
        self.autosave = Autosave(
            self._app,
            ReplyWriter(self._app.gate),
            clock=self.caseroom.config.clock,
            on_failure=self._told,
        )
        self.autosave.start()
        self._ask()
        self.set_interval(TICK, self.tick)

    def _ask(self) -> None:
        """Show the current question with an empty reply and a fresh countdown."""
        question = self.questions[self.position]
        where = f" (coach, from: {question.finding})" if question.finding else ""
        self.query_one("#pushback-question", Static).update(
            f"Follow-up {self.position + 1} of {len(self.questions)}{where}: {question.text}"
        )
        reply = self.reply_area
        with reply.prevent(TextArea.Changed):
            reply.text = ""
        reply.focus()
        self.timer = PracticeTimer([REPLY_SECONDS], REPLY_SECONDS, clock=self.caseroom.config.clock)
        self.timer.start()
        self.tick()

    def tick(self) -> None:
        """Redraw the countdown from the clock; offer the reply if typing has paused."""
        if self.timer is None:
            return
        view = self.timer.snapshot()
        text = f"{format_clock(round(view.remaining_s))} left"
        if view.overtime_s > 0:
            text = f"time is up · over by {format_clock(round(view.overtime_s))}"
        self.query_one("#pushback-clock", Static).update(text)
        self._maybe_offer()

    # -- autosave -------------------------------------------------------------------------

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.autosave.changed()

    def _maybe_offer(self) -> None:
        if self.autosave.due():
            self._offer(done=False)

    def _offer(self, *, done: bool) -> None:
        """Record the current reply (with the seconds spent so far) and hand every reply of
        the session to the writer."""
        if self.timer is None:
            return
        self.replies[self.position] = ReplyDraft(
            position=self.position,
            question=self.questions[self.position].stored,
            text=self.reply_area.text,
            seconds=self.timer.snapshot().elapsed_s,
            done=done,
        )
        self.autosave.offer(PushbackSnapshot(self.attempt_id, tuple(self.replies.values())))

    def _told(self, error: Exception, first: bool) -> None:
        """A reply's save failed: say so once; it is offered again on the next tick."""
        if first:
            self.caseroom.report_error(error)

    # -- actions --------------------------------------------------------------------------

    def action_next(self) -> None:
        """Store this reply (in the background) and ask the next question, or finish."""
        if self.timer is None:
            return
        self.timer.finish()
        self._offer(done=True)
        self.position += 1
        if self.position < len(self.questions):
            self._ask()
        else:
            self.timer = None
            self.app.pop_screen()

    def action_back(self) -> None:
        """Leave: the reply in progress is stored if it has any text."""
        if self.timer is not None:
            self.timer.finish()
            self._offer(done=False)
            self.timer = None
        self.app.pop_screen()

    def on_unmount(self) -> None:
        # Quitting from here (ctrl+q) still stores the reply being typed.
        if self.autosave.dirty:
            self._offer(done=False)
        self.autosave.close()
