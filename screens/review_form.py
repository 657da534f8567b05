"""What every review form does (the person's own, screens/review.py, and a coach's,
screens/coach_review.py): saving needs a score; leaving (escape, ctrl+q) with anything
unsaved asks save / discard / stay; a failed save keeps everything typed on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Static, TextArea

from screens.base import CaseroomScreen
from screens.confirm import LeaveChoice, LeaveScreen
from screens.widgets.rubric import ReviewNote, focus_first_check
from tui.core.records import AttemptDetail
from tui.services.gate import Job


class LeaveReviewScreen(LeaveScreen, inherit_bindings=False):
    """Asked when a review with unsaved input is left: save ("keep"), discard, or stay."""

    BINDINGS = [
        Binding("s", "choose('keep')", "Save review", id="leave-review.save"),
        Binding("d", "choose('discard')", "Discard", id="leave-review.discard"),
        Binding("escape", "stay", "Stay", id="leave-review.stay"),
    ]

    def __init__(self) -> None:
        super().__init__(
            title="Leave this review?",
            text="It is not saved yet. Save it (it needs a score), discard it, or stay.",
            keep_label="Save review [s]",
        )


class ReviewForm(CaseroomScreen[None]):
    """A review form (the person's own, or a coach's: screens/coach_review.py): leaving
    (escape, ctrl+q) with anything unsaved asks save / discard / stay; a failed save keeps
    everything typed on screen."""

    STYLES = ("review.tcss",)

    #: Set by "save" in the leave dialog: where to go once the save has landed.
    after_save: Callable[[], object] | None = None
    saved = False

    def has_unsaved_input(self) -> bool:
        raise NotImplementedError

    def rubric_and_note(self, note: str) -> ComposeResult:
        """The rubric's checks, the score and the note (headed `note`), as both forms show
        them: the checks are mounted once the attempt is read."""
        yield Static("Rubric", classes="review-heading", markup=False)
        yield VerticalScroll(id="review-checks")
        yield Static("", id="review-score", markup=False)
        yield Static(f"{note} (escape leaves it)", classes="review-heading", markup=False)
        yield ReviewNote(id="review-note")

    def focus_first_check(self) -> None:
        """Give the keys to the first rubric check (or the screen, if there is none)."""
        focus_first_check(self)

    def checks(self) -> dict[str, bool]:
        """Rubric question -> ticked, in rubric order."""
        return {
            str(box.label): box.value for box in self.query_one("#review-checks").query(Checkbox)
        }

    def _show_score(self) -> None:
        text = "Score: press 1-5" if self.score is None else f"Score: {self.score}/5"
        self.query_one("#review-score", Static).update(text)

    def action_score(self, score: int) -> None:
        self.score = score
        self._show_score()

    detail: AttemptDetail | None = None
    score: int | None = None

    def _save_job(self, detail: AttemptDetail, score: int) -> Job[Any]:
        """The one database job of a save."""
        raise NotImplementedError

    def _saved(self, _result: Any) -> None:
        raise NotImplementedError

    def action_save(self) -> None:
        if self.detail is None or self.saved:
            self.after_save = None
            return
        if self.score is None:
            self.after_save = None
            where = " (escape leaves the note)" if isinstance(self.focused, TextArea) else ""
            self.notify(f"Give an overall score first: press 1-5{where}.", severity="warning")
            return
        self.saved = True
        self.caseroom.db(
            self._save_job(self.detail, self.score), self._saved, on_error=self._failed
        )

    def _failed(self, _error: Exception) -> None:
        # The app already said what went wrong; everything typed is still on screen.
        self.saved = False
        self.after_save = None

    def ask_before_quit(self, quit_app: Callable[[], None]) -> bool:
        """ctrl+q: with unsaved input, ask save / discard / stay as escape does, and
        return True (the answer decides); with nothing entered, False (quit at once)."""
        if not self.has_unsaved_input():
            return False
        self._ask_then(quit_app)
        return True

    def action_back(self) -> None:
        if self.has_unsaved_input():
            self._ask_then(self.app.pop_screen)
        else:
            self.app.pop_screen()

    def _ask_then(self, then: Callable[[], object]) -> None:
        """Ask save / discard / stay; `then` runs after a save has landed or on discard.
        Save without a score says so and stays."""

        def chosen(choice: LeaveChoice | None) -> None:
            if choice == "keep":
                self.after_save = then
                self.action_save()
            elif choice == "discard":
                then()

        self.app.push_screen(LeaveReviewScreen(), chosen)
