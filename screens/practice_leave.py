"""Leaving the practice screen: what happens to the answer (kept as a draft, discarded,
or, in a mock round, the round ended) once the person has said which.

A base class of PracticeScreen, kept apart because leaving is one idea with its own
questions (the leave dialog, the round's leave dialog) and its own rules: text is never
thrown away without asking, and in a round the time spent always counts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from screens.base import CaseroomScreen
from screens.practice_rescue import CLOSE_FLUSH_S, KeepingAnswersSafe
from screens.widgets.autosave import Autosave
from screens.widgets.steps import PromptPane
from tui.core.rounds import RoundRunContext
from tui.core.timer import PracticeTimer
from tui.services import drafts
from tui.services.drafts import DraftSnapshot


class LeavingAnAnswer(KeepingAnswersSafe):
    """The leave half of PracticeScreen (which provides what is declared here)."""

    timer: PracticeTimer
    autosave: Autosave[DraftSnapshot]
    round_run: RoundRunContext | None
    attempt_id: int | None
    _ending_round: bool

    def action_submit(self) -> None:
        raise NotImplementedError

    def action_read_prompt(self) -> None:
        raise NotImplementedError

    def request_leave(self, then: Callable[[], object]) -> None:
        """The palette's way elsewhere asks as escape does (CaseroomScreen.leave_then)."""
        self.leave_then(then, self.action_leave)

    def action_escape(self) -> None:
        """Escape: from reading the prompt (F4), back to the answer; else leave (asks)."""
        if self.focused is self.query_one("#practice-prompt", PromptPane):
            self.action_read_prompt()
        else:
            self.action_leave()

    def action_leave(self) -> None:
        if self.round_run is not None:
            # Always ask in a round, typed or not: leaving may mean ending the round.
            from screens.round_leave import RoundLeaveScreen

            self.app.push_screen(RoundLeaveScreen(), self._leave_chosen)
            return
        if not self.has_text():
            self._abandon_and_leave()
            return
        from screens.confirm import LeaveScreen

        self.app.push_screen(LeaveScreen(), self._leave_chosen)

    def _leave_chosen(self, choice: str | None) -> None:
        if choice == "keep":
            self._offer_draft()
            self.autosave.close(timeout=CLOSE_FLUSH_S)
            self.timer.pause()
            if self.unsaved_text():  # the last write did not land: never say "kept"
                path = self.rescue()
                where = f"your answer is copied to {path}" if path else "no copy could be made"
                self.notify(
                    f"Not kept in the database (it did not take the answer): {where}.",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            elif self.round_run is not None:
                self.notify("Kept as a draft: u on the rounds screen resumes the round.")
            else:
                self.notify("Kept as a draft: you will be offered to resume it.", timeout=5)
            self.app.pop_screen()
        elif choice == "discard":
            self._abandon_and_leave()
        elif choice == "end_round" and self.round_run is not None:
            self._end_round(self.round_run)

    def _end_round(self, round_run: RoundRunContext) -> None:
        """End the round here: this answer is submitted if it holds text (never lost), and
        the round screen ends the run once it is stored."""
        self._ending_round = True
        if self.has_text():
            self.action_submit()
            return
        self.timer.pause()
        self._offer_draft()  # its time still counts; the run's end abandons the empty draft
        self.autosave.close()
        self._round_ended(round_run)

    def _round_ended(self, round_run: RoundRunContext) -> None:
        if round_run.on_ended is not None:
            round_run.on_ended()
        else:
            self.app.pop_screen()

    def _abandon_and_leave(self) -> None:
        if self.round_run is not None:
            self._offer_draft()  # the time spent still counts on the round clock
        self.autosave.close()
        attempt_id = self.attempt_id
        if attempt_id is not None:
            app = self.caseroom

            def abandoned(_result: None) -> None:
                # The list below re-read its drafts as this screen closed, maybe before
                # the abandon landed: read again, so no "draft" is left showing.
                below = app.screen
                if isinstance(below, CaseroomScreen):
                    below.store_ready()

            self.caseroom.db(partial(drafts.abandon_attempt, attempt_id=attempt_id), abandoned)
        self.app.pop_screen()
