"""A coach reviews one of a person's attempts (issue 17): the attempt read-only (with the
person's own review and any earlier coach reviews) beside the rubric, a 1-5 score and a
note. Saved apart from the person's own review (tui.services.coaching.save_coach_review):
each save adds one, so a second look is kept. Escape with anything entered asks first
(save, discard or stay), as the person's own review screen does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import TextArea

from screens.attempt import attempt_view
from screens.review_form import ReviewForm
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.markdown import SafeMarkdown
from screens.widgets.rubric import RubricCheck
from tui.core.records import AttemptDetail
from tui.services import coaching
from tui.services.gate import Job


class CoachReviewScreen(ReviewForm):
    """Read a person's attempt and give it a coach review."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="coach-review.back"),
        Binding("ctrl+s", "save", "Save coach review", id="coach-review.save"),
        Binding("1", "score(1)", "Score 1-5", id="coach-review.score-1"),
        *(
            Binding(str(n), f"score({n})", f"Score {n}", id=f"coach-review.score-{n}", show=False)
            for n in range(2, 6)
        ),
    ]

    def __init__(self, attempt_id: int, person: str) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.person = person
        self.detail: AttemptDetail | None = None
        self.score: int | None = None
        self.saved = False
        self.after_save: Callable[[], object] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-body"):
            with VerticalScroll(id="review-answer"):
                yield SafeMarkdown("Loading…", id="coach-attempt-text")
            with VerticalScroll(id="review-side"):
                yield from self.rubric_and_note("Coach note")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Coach review · {self.person}"
        self._show_score()
        job = partial(coaching.load_person_attempt, attempt_id=self.attempt_id, person=self.person)
        self.caseroom.db(job, self.show)

    def show(self, detail: AttemptDetail) -> None:
        self.detail = detail
        library = self.caseroom.library
        prompt = library.prompts.get(detail.summary.prompt_id)
        track = library.tracks.get(detail.summary.track_id)
        self.query_one("#coach-attempt-text", SafeMarkdown).update(
            attempt_view(detail, prompt.question if prompt else None, track.title if track else "")
        )
        scaffold = library.scaffolds.get(detail.summary.scaffold_id)
        if scaffold is not None:
            rubric = scaffold.rubric
        else:  # the scaffold is gone: the questions the person answered
            rubric = tuple(detail.reviews[0].checks) if detail.reviews else ()
        # Content(...) is plain text: a rubric question is never parsed as markup.
        self.query_one("#review-checks").mount_all(RubricCheck(Content(q)) for q in rubric)
        # Opens with the keys on the first check, as the person's own review does.
        if rubric and not isinstance(self.focused, TextArea):
            self.call_after_refresh(self.focus_first_check)

    def has_unsaved_input(self) -> bool:
        if self.saved:
            return False
        note = self.query_one("#review-note", TextArea).text
        return bool(note.strip()) or self.score is not None or any(self.checks().values())

    def _save_job(self, detail: AttemptDetail, score: int) -> Job[int]:
        return partial(
            coaching.save_coach_review,
            attempt_id=self.attempt_id,
            checks=self.checks(),
            score=score,
            notes=self.query_one("#review-note", TextArea).text,
            now=self.caseroom.config.now(),
        )

    def _saved(self, _pk: int) -> None:
        then, self.after_save = self.after_save, None
        self.notify("Coach review saved.")
        (then or self.app.pop_screen)()
