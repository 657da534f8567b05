"""Keeping an answer safe when the database will not take it: the rescue copy.

A base class of PracticeScreen (under LeavingAnAnswer). When a save fails, or the database
file is deleted under the running app, or it never opened, the answer is copied to the
rescue folder (the one ctrl+o uses, tui.services.rescue) by itself, into one file rewritten
while saving keeps failing, and the person is told the file's name. Quitting with text the
database does not hold asks first; closing the screen never waits long on the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from screens.base import CaseroomScreen
from screens.widgets.autosave import Autosave
from screens.widgets.steps import StepEditor
from tui.core.model import Prompt
from tui.core.records import StepDraft
from tui.services import drafts
from tui.services.drafts import DraftSnapshot
from tui.services.gate import is_file_lost

#: Longest the UI waits on the last write when the answer is left or the app quits: the
#: text goes to the rescue folder instead of waiting on a disk that does not answer.
CLOSE_FLUSH_S = 1.0


class KeepingAnswersSafe(CaseroomScreen[None]):
    """The rescue half of PracticeScreen (which provides what is declared here)."""

    _prompt: Prompt
    editors: list[StepEditor]
    autosave: Autosave[DraftSnapshot]
    attempt_id: int | None
    submitted: bool
    rescue_path: Path | None

    def step_drafts(self) -> tuple[StepDraft, ...]:
        raise NotImplementedError

    def _offer_draft(self) -> None:
        raise NotImplementedError

    def _attempt_started(self, attempt_id: int) -> None:
        raise NotImplementedError

    def _start_attempt(self) -> None:
        raise NotImplementedError

    def _claim_resumed(self, attempt_id: int) -> None:
        """Write into the kept draft only once its lease is ours; if another caseroom window
        is writing it, this window's text becomes an attempt of its own."""

        def claimed(ours: bool) -> None:
            if ours:
                self._attempt_started(attempt_id)
                return
            self.notify(
                "This draft is open in another caseroom window: what you write here is "
                "kept as a new attempt, and the other window's text stays as it is.",
                severity="warning",
                timeout=10,
            )
            self.autosave.changed()  # the resumed text is this new attempt's first save
            self._start_attempt()

        claim = partial(drafts.claim_draft, attempt_id=attempt_id)
        self.caseroom.db(claim, claimed, on_error=self.autosave.failure)

    def cannot_submit(self, failed: Exception) -> None:
        """Submit while the database will not open (or take the answer): copy it to the
        rescue folder and say why, instead of promising to submit later."""
        path = self.rescue()
        copy = f" Your answer is copied to {path}." if path else ""
        reason = getattr(failed, "user_message", None) or str(failed)
        self.notify(
            f"Cannot submit: {reason}{copy} ctrl+o saves another copy.",
            severity="error",
            timeout=10,
            markup=False,
        )

    def has_text(self) -> bool:
        return any(draft.text.strip() for draft in self.step_drafts())

    def _told(self, error: Exception, first: bool) -> None:
        """A save failed: the answer goes to the rescue folder by itself (one file,
        rewritten while saving keeps failing), and the person is told once, with the file's
        name. The text stays on screen and is offered to the database again."""
        path = self.rescue()
        if not first:
            return
        if is_file_lost(error):
            self.caseroom.store_lost(error)  # said once, for every screen
        else:
            self.caseroom.report_error(error)
        if path is not None:
            self.notify(
                f"Your answer is safe on screen and copied to {path}.",
                severity="warning",
                timeout=10,
                markup=False,
            )
        elif self.has_text():
            self.notify(
                "Your answer is safe on screen, but no copy could be written: "
                "select it and copy it (ctrl+c).",
                severity="warning",
                timeout=10,
            )

    def store_lost(self, error: Exception) -> None:
        """The database file is gone: every later save fails; copy the answer now."""
        if not self.submitted:
            self.autosave.failure(error)

    def rescue(self) -> Path | None:
        """Copy the answer to the rescue folder (the one ctrl+o uses), into the same file
        each time; its path, or None when there is no text or nowhere to write."""
        if not self.has_text():
            return self.rescue_path
        from tui.services.rescue import save_answer_copy

        try:
            self.rescue_path = save_answer_copy(
                self._prompt, self.step_drafts(), path=self.rescue_path
            )
        except OSError:
            return None
        return self.rescue_path

    def unsaved_text(self) -> bool:
        """Text on screen the database does not hold: typed since the last good save."""
        if self.submitted or not self.has_text():
            return False
        saved = self.autosave.last_saved
        if self.autosave.failed is not None or saved is None:
            return True
        return [step.text for step in saved.progress.steps] != [e.text for e in self.editors]

    def saving_fails(self) -> bool:
        """The database is known not to take this answer (failed, lost, read-only)."""
        return self.autosave.failed is not None or (
            self.attempt_id is None and self.caseroom.gate.failed is not None
        )

    def ask_before_quit(self, quit_app: Callable[[], None]) -> bool:
        """ctrl+q while saving fails and text is on screen: ask, naming where the copy is;
        quitting writes the copy once more first. Otherwise quit at once (on_unmount
        writes what is pending, and copies it if that write does not land)."""
        from screens.confirm import QuitUnsavedScreen

        if isinstance(self.app.screen, QuitUnsavedScreen):
            return False  # ctrl+q again on the question: quit (on_unmount copies the text)
        if not (self.saving_fails() and self.unsaved_text()):
            return False

        path = self.rescue()
        where = f"A copy is in {path}." if path else "No copy could be written either."

        def chosen(quit_now: bool | None) -> None:
            if quit_now:
                self.rescue()
                quit_app()

        self.app.push_screen(QuitUnsavedScreen(where), chosen)
        return True

    def action_save_copy(self) -> None:
        from tui.services.rescue import save_answer_copy

        try:
            path = save_answer_copy(self._prompt, self.step_drafts())
        except OSError as error:
            self.notify(f"Could not save a copy: {error}", severity="error", markup=False)
            return
        self.notify(f"Saved a copy to {path}", timeout=10, markup=False)

    def on_unmount(self) -> None:
        # Quitting from here (ctrl+q) still writes what was typed, waiting at most
        # CLOSE_FLUSH_S, and never on a database known to fail: the copy goes to the
        # rescue folder instead, by itself.
        if self.autosave.dirty and not self.submitted and not self.saving_fails():
            self._offer_draft()
        self.autosave.close(timeout=0.0 if self.saving_fails() else CLOSE_FLUSH_S)
        if self.unsaved_text():
            self.rescue()
        if self.attempt_id is not None:
            self.caseroom.db(partial(drafts.release_attempt, attempt_id=self.attempt_id))
