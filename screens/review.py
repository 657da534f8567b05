"""Review one attempt: the answer beside a strong outline, rubric checks, a score and a note.

An attempt has one scoring review (its first non-blind one). Opening the review of an
attempt already reviewed shows that review filled in, and saving it edits it in place
(store.save_review): it keeps its date, so it stays "the first review", which is the score
everywhere (history, stats, export). Saving (ctrl+s) says "Saved." and goes back.

The schedule: after an ordinary save the prompt's spaced-repetition card is rebuilt from
the scored reviews of all its attempts, oldest first, each at the time it was made, in the
same database job (tui.services.reviews.save_review). Rebuilding rather than stepping the
stored card on means an edited review replaces its old score in the card instead of
counting as a second review: FSRS sees each attempt once, however often its review is
edited.

In blind mode (calibration) the form starts empty and the first score stays hidden; the
review is stored as another row with blind=True and the schedule is left alone. After the
save the screen stays to show, in words, how far the first score was from the blind one;
escape goes back.

Leaving (escape) with anything entered and not saved — a note, a tick, a score — asks first:
save, discard or stay. A review with nothing entered leaves at once. Decision: a confirm,
not a stored review draft. A review is a short deliberate act over an answer that is already
stored; a draft would need its own table, an upgrade step and a resume path for ordinary
and blind reviews, to guard a few ticks and a note against a killed process. So a killed
process still loses the unsaved review; escape and ctrl+q ask.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static, TextArea

from screens.review_form import ReviewForm
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.markdown import SafeMarkdown
from screens.widgets.rubric import RubricCheck
from tui.core.coaching import PushbackQuestion, answer_steps, pushback_questions
from tui.core.comparison import attempt_insights
from tui.core.durations import format_elapsed
from tui.core.insights import Insight
from tui.core.model import Prompt
from tui.core.records import AttemptDetail, ReviewRecord
from tui.core.stories import story_told_line
from tui.services import history, reviews
from tui.services.gate import Job

#: How each insight level is marked at the start of its line (colour is not enough alone).
LEVEL_MARKS = {"good": "✓", "note": "·", "warn": "!"}
LEVEL_STYLES = {"good": "green", "note": "", "warn": "yellow"}


def answer_markdown(detail: AttemptDetail, question: str | None, story_line: str = "") -> str:
    """The answer as Markdown: title, the story told, question, then every step. Never
    shows a score, so the same view serves a blind re-review."""
    parts = [f"# {detail.summary.prompt_title}"]
    if story_line:
        parts.append(f"*{story_line}*")
    if question:
        parts.append("> " + question.strip().replace("\n", "\n> "))
    step_seconds, _, _ = detail.time_figures  # as the attempt screen shows them
    for step, seconds in zip(detail.steps, step_seconds, strict=True):
        parts.append(f"## {step.index + 1}. {step.title} · {format_elapsed(seconds)}")
        parts.append(step.text.strip() or "*(no answer)*")
    return "\n\n".join(parts)


def reference_markdown(prompt: Prompt | None) -> str:
    """The prompt's strong-answer outline and its follow-ups, for comparing against."""
    if prompt is None:
        return "*This prompt is no longer in the library.*"
    parts = ["## Strong answer outline", prompt.outline.strip() or "*(none written)*"]
    if prompt.followups:
        parts.append("## Follow-ups")
        parts.append("\n".join(f"- {question}" for question in prompt.followups))
    return "\n\n".join(parts)


def insight_lines(insights: list[Insight]) -> Text:
    """One line per insight, its level shown as a mark and a colour, and under it the
    sentence of the answer it points at, if any."""
    out = Text()
    for number, insight in enumerate(insights):
        if number:
            out.append("\n")
        out.append(f"{LEVEL_MARKS[insight.level]} ", style=LEVEL_STYLES[insight.level])
        out.append(f"{insight.title}: {insight.value}", style="bold")
        if insight.explanation:
            out.append(f" — {insight.explanation}")
        if insight.evidence:  # the sentence of the answer it points at
            out.append(f"\n    “{insight.evidence}”", style="italic dim")
    return out


def calibration_sentence(
    first_score: int, blind_score: int, *, blind: str = "this blind one"
) -> str:
    """In plain words, how the first score compares with a blind re-score of the attempt."""
    from tui.core.stats import calibration_delta

    delta = calibration_delta(first_score, blind_score)
    if delta == 0:
        return f"Your first score ({first_score}/5) is the same as {blind} (calibrated)."
    points = "1 point" if abs(delta) == 1 else f"{abs(delta)} points"
    direction, drift = ("higher", "generous") if delta > 0 else ("lower", "harsh")
    return (
        f"Your first score ({first_score}/5) was {points} {direction} than {blind} "
        f"({blind_score}/5): {drift}."
    )


class ReviewScreen(ReviewForm):
    """Review one attempt against the rubric and give it a 1-5 score."""

    BINDINGS = [
        Binding(
            "escape",
            "back",
            "Back",
            id="review.back",
            tooltip="Leave; asks to save or discard anything entered",
        ),
        Binding("ctrl+s", "save", "Save review", id="review.save", tooltip="Store this review"),
        Binding("1", "score(1)", "Score 1-5", id="review.score-1", tooltip="Overall score"),
        Binding("2", "score(2)", "Score 2", id="review.score-2", show=False),
        Binding("3", "score(3)", "Score 3", id="review.score-3", show=False),
        Binding("4", "score(4)", "Score 4", id="review.score-4", show=False),
        Binding("5", "score(5)", "Score 5", id="review.score-5", show=False),
        Binding("p", "pushback", "Pushback", id="review.pushback", tooltip="Face the follow-ups"),
        Binding("y", "copy_outline", "Copy outline", id="review.copy", tooltip="Strong answer"),
    ]

    def __init__(
        self, attempt_id: int, *, blind: bool = False, just_submitted: bool = False
    ) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.blind = blind
        self.just_submitted = just_submitted
        self.detail: AttemptDetail | None = None
        self.score: int | None = None
        self.saved = False
        #: Set by "save" in the leave dialog: where to go once the save has landed (back
        #: for escape, out of the app for ctrl+q).
        self.after_save: Callable[[], object] | None = None
        #: The review being edited (an ordinary review of an attempt reviewed before).
        self.editing: ReviewRecord | None = None
        #: The ticks, score and note as they were shown: leaving asks only if one changed.
        self.start_checks: dict[str, bool] = {}
        self.start_score: int | None = None
        self.start_note = ""
        #: After a blind save: first score minus blind score (see tui.core.stats.calibration_delta).
        self.calibration: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-body"):
            with VerticalScroll(id="review-answer"):
                yield SafeMarkdown("Loading…", id="review-answer-text")
            # Laid out from the start: the rubric first, so the outline arriving later never
            # pushes it off screen; the reference (outline, follow-ups) comes last.
            with VerticalScroll(id="review-side"):
                yield from self.rubric_and_note("Note")
                yield Static("Insights", classes="review-heading", markup=False)
                yield Static("", id="review-insights", markup=False)
                yield SafeMarkdown("", id="review-reference")
        yield SteadyFooter()

    def on_mount(self) -> None:
        if self.blind:
            self.sub_title = "Blind re-review"
        else:
            self.sub_title = "Submitted · review" if self.just_submitted else "Review"
        self._show_score()
        self.refresh_bindings()  # pushback waits for the prompt's follow-ups
        self.caseroom.db(partial(history.load_attempt, attempt_id=self.attempt_id), self.show)

    def show(self, detail: AttemptDetail) -> None:
        """Fill every panel once the attempt has been read."""
        self.detail = detail
        library = self.caseroom.library
        prompt = library.prompts.get(detail.summary.prompt_id)
        self.query_one("#review-answer-text", SafeMarkdown).update(
            answer_markdown(
                detail,
                detail.question(prompt),
                story_told_line(detail.summary.story_id, library.stories, detail.story_title),
            )
        )
        self.query_one("#review-reference", SafeMarkdown).update(reference_markdown(prompt))
        # An ordinary review edits the one already given; a blind one starts empty.
        self.editing = None if self.blind else detail.review
        if self.editing is not None:
            self.sub_title = "Edit review"
            self.score = self.start_score = self.editing.score
            self.start_note = self.editing.notes
            note = self.query_one("#review-note", TextArea)
            with note.prevent(TextArea.Changed):
                note.load_text(self.editing.notes)
            self._show_score()
        self._show_checks(self._rubric(detail))
        self.refresh_bindings()
        track = library.tracks.get(detail.summary.track_id)
        insights = attempt_insights(
            detail,
            glossary=track.glossary if track else (),
            words_per_minute=self.caseroom.config.settings.practice.words_per_minute,
        )
        self.query_one("#review-insights", Static).update(insight_lines(insights))

    def _rubric(self, detail: AttemptDetail) -> tuple[str, ...]:
        # The scaffold as it is now; if it is gone, the questions of an earlier review.
        scaffold = self.caseroom.library.scaffolds.get(detail.summary.scaffold_id)
        if scaffold is not None:
            return scaffold.rubric
        return tuple(detail.reviews[0].checks) if detail.reviews else ()

    def _show_checks(self, rubric: tuple[str, ...]) -> None:
        holder = self.query_one("#review-checks", VerticalScroll)
        holder.remove_children()
        given = self.editing.checks if self.editing is not None else {}
        # Content(...) is plain text: a rubric question is never parsed as markup.
        boxes = [RubricCheck(Content(q), value=bool(given.get(q, False))) for q in rubric]
        self.start_checks = {str(box.label): box.value for box in boxes}
        holder.mount_all(boxes)
        # The review opens with the keys on the first check (not three tabs away).
        if boxes and not isinstance(self.focused, TextArea):
            self.call_after_refresh(self.focus_first_check)

    def has_unsaved_input(self) -> bool:
        """Whether leaving now would throw away something entered: a note, a changed
        tick or a chosen score (nothing is unsaved once the save has gone through)."""
        if self.saved:
            return False
        note = self.query_one("#review-note", TextArea).text
        return (
            note.strip() != self.start_note.strip()
            or self.score != self.start_score
            or self.checks() != self.start_checks
        )

    def _save_job(self, detail: AttemptDetail, score: int) -> Job[None]:
        """The one database job of a save: the review, then (unless blind) the schedule."""
        return partial(
            reviews.save_review,
            attempt_id=self.attempt_id,
            prompt_id=detail.summary.prompt_id,
            checks=self.checks(),
            score=score,
            notes=self.query_one("#review-note", TextArea).text,
            blind=self.blind,
            earlier_checks=self.editing.checks if self.editing is not None else None,
            now=self.caseroom.config.now(),
        )

    def _saved(self, _result: None) -> None:
        then, self.after_save = self.after_save, None
        if self.blind:
            self._show_calibration(leaving=then is not None)
            if then is not None:
                then()
        else:
            self.notify("Saved.")
            (then or self.app.pop_screen)()

    def _show_calibration(self, *, leaving: bool) -> None:
        """After a blind save: stay, and say how far the first score was from this one."""
        from tui.core.stats import calibration_delta

        first = self.detail.review if self.detail is not None else None
        if first is None or self.score is None:
            message = "Saved. There is no first review to compare this blind one with."
        else:
            self.calibration = calibration_delta(first.score, self.score)
            message = "Saved. " + calibration_sentence(first.score, self.score)
        if not leaving:
            message += " Escape goes back."
        self.query_one("#review-score", Static).update(message)
        self.notify(message, markup=False)
        self.refresh_bindings()  # nothing more to score or save here

    def _pushback_questions(self) -> list[PushbackQuestion]:
        """The prompt's follow-ups, then the coach's questions from this answer's gaps
        (none until the attempt is loaded)."""
        if self.detail is None:
            return []
        library = self.caseroom.library
        prompt = library.prompts.get(self.detail.summary.prompt_id)
        steps = answer_steps(self.detail, library.scaffolds.get(self.detail.summary.scaffold_id))
        return pushback_questions(
            prompt.followups if prompt is not None else (), steps, kind=self.detail.summary.kind
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pushback shows in the footer only when there is something to ask (the prompt's
        follow-ups or the coach's); after a blind save (which stays to show the
        calibration) scoring and saving are done."""
        if action == "pushback":
            return bool(self._pushback_questions())
        return not (self.saved and action in ("score", "save"))

    def action_pushback(self) -> None:
        questions = self._pushback_questions()
        if not questions:
            self.notify("Nothing to push back on: no follow-ups, no gaps.", severity="warning")
            return
        from screens.pushback import PushbackScreen

        self.app.push_screen(PushbackScreen(self.attempt_id, questions))

    def action_copy_outline(self) -> None:
        """y: the prompt's strong-answer outline to the clipboard."""
        prompt = None
        if self.detail is not None:
            prompt = self.caseroom.library.prompts.get(self.detail.summary.prompt_id)
        self.caseroom.copy_text(prompt.outline if prompt else "", "the strong-answer outline")
