"""The practice clock's side of the screen: the clock bar's text, a timed part's cursor
following it without splitting a sentence, the optional reading minute, the limit a
resumed answer keeps, the clock's keys (pause, resume, hard stop, bell), and the question
ctrl+s asks while time is left.

A base class of PracticeScreen (which provides what is declared here), kept apart because
the clock is one idea with its own rules: see tui.core.timer, tui.core.handover.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from screens.practice_leave import LeavingAnAnswer
from screens.widgets.clock_bar import clock_bar_text, round_bar_text
from screens.widgets.steps import StepEditor
from tui.core.durations import format_clock
from tui.core.handover import hold_the_cursor
from tui.core.model import Prompt, Scaffold
from tui.core.records import AttemptDetail
from tui.core.rounds import RoundRunContext
from tui.core.timer_view import TimerView


class PracticeClock(LeavingAnAnswer):
    """The clock half of PracticeScreen."""

    resume: AttemptDetail | None
    round_run: RoundRunContext | None
    scaffold: Scaffold
    bell: bool
    _prompt: Prompt
    _reading_until: float | None
    _part_due_at: float | None
    _last_typed: float
    _round_time_up_told: bool
    submitted: bool

    def tick(self) -> None:
        raise NotImplementedError

    def focus_step_editor(self, index: int) -> None:
        raise NotImplementedError

    def submit_now(self) -> None:
        raise NotImplementedError

    def _tell_kept_limit(self) -> None:
        """On resume: say when the prompt's minutes changed since the answer began."""
        if self.resume is None or self.round_run is not None:
            return
        now_s = round(self._prompt.minutes * 60)
        kept = self.timer.limit_s
        if now_s != kept:
            self.notify(
                f"This answer keeps the {format_clock(kept)} limit it started with "
                f"(the prompt now says {self._prompt.minutes:g} min).",
                timeout=8,
                markup=False,
            )

    def _follow_auto_advance(self, view: TimerView) -> None:
        """The cursor follows a timed part moving on, but never splits a sentence being
        typed: it waits for the sentence to end, a few seconds at most (core.handover)."""
        focused = self.focused
        if not (
            self.scaffold.advance == "timed"
            and isinstance(focused, StepEditor)
            and focused.step_index != view.current_step
        ):
            self._part_due_at = None
            return
        now = self.caseroom.config.clock()
        if self._part_due_at is None:
            self._part_due_at = now
        row, column = focused.cursor_location
        before = focused.get_text_range((0, 0), (row, column))
        if hold_the_cursor(
            before, since_due_s=now - self._part_due_at, since_typed_s=now - self._last_typed
        ):
            return
        self._part_due_at = None
        self.focus_step_editor(view.current_step)

    def _reading_over(self) -> None:
        """The reading minute ends: at the first key, or when the minute is up."""
        if self._reading_until is not None:
            self._reading_until = None
            self.timer.start()

    def _clock_text(self, view: TimerView, width: int | None = None) -> Text:
        reading = None
        if self._reading_until is not None:
            reading = max(0.0, self._reading_until - self.caseroom.config.clock())
        return clock_bar_text(
            view,
            [step.title for step in self.scaffold.steps],
            hard_stop=self.timer.hard_stop,
            saved=self.autosave.status(),
            width=width,
            part_ending=self.timer.part_warning_s,
            reading_s=reading,
        )

    def _show_round_clock(self, round_run: RoundRunContext, view: TimerView) -> None:
        """The whole round's time (see tui.core.rounds): said once when it runs out, never
        stopping the answer; overtime shows as the prompt's own does."""
        clock = round_run.clock(view.elapsed_s)
        if clock.time_up and not self._round_time_up_told:
            self._round_time_up_told = True
            self.notify(
                f"Round time is up ({format_clock(clock.total_s)}): finish your answer, "
                "the round's overtime is counted. Escape, then e, ends the round.",
                severity="warning",
                timeout=8,
                markup=False,
            )
        self.query_one("#round-bar", Static).update(round_bar_text(round_run.position, clock))

    def action_submit(self) -> None:
        """ctrl+s: with time left, ask first (one key confirms); once it is up, submit."""
        if self.submitted:
            return
        view = self.timer.snapshot()
        early = not view.finished and view.remaining_s > 0
        # Ending the round (practice_leave) was already chosen: no second question.
        if early and self.has_text() and not self._ending_round:
            from screens.submit_early import SubmitEarlyScreen

            written = sum(1 for editor in self.editors if editor.text.strip())
            asking = SubmitEarlyScreen(format_clock(view.remaining_s), written, len(self.editors))
            self.app.push_screen(asking, self._submit_early_chosen)
            return
        self.submit_now()

    def _submit_early_chosen(self, choice: object) -> None:
        if choice is True:
            self.submit_now()
            return
        step = self.timer.snapshot().current_step
        self.focus_step_editor(step)
        if isinstance(choice, str):  # they carried on typing: the key lands in the answer
            self.editors[step].insert(choice)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pause":
            return not self.timer.paused
        if action == "resume":
            return self.timer.paused
        return True

    def action_pause(self) -> None:
        if self._reading_until is not None:  # F5 in the reading minute starts the clock
            self._reading_over()
            self.tick()
            return
        self.timer.pause()
        self.tick()

    def action_resume(self) -> None:
        self._reading_over()
        self.timer.resume()
        self.tick()

    def action_toggle_hard_stop(self) -> None:
        """Choose whether time running out submits the answer or overtime is counted."""
        self.timer.hard_stop = not self.timer.hard_stop
        if self.timer.hard_stop:
            self.notify("Hard stop on: the answer is submitted when time is up.")
        else:
            self.notify("Hard stop off: overtime is counted and you carry on.")
        self.tick()

    def action_toggle_bell(self) -> None:
        self.bell = not self.bell
        self.notify(f"Bell {'on' if self.bell else 'off'}")
