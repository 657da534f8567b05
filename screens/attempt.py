"""One attempt, read back: every step's answer with the time spent on it, then its review
(each rubric question answered yes or no, the score, the note, the date), any blind
re-reviews with how far the first score was from each, any coach's review beside it, and
the follow-up replies."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from screens.base import CaseroomScreen
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.markdown import SafeMarkdown
from tui.core.durations import format_clock, format_elapsed
from tui.core.records import AttemptDetail, CoachReviewRecord, ReviewRecord
from tui.core.rounds import round_part_line
from tui.core.stories import story_told_line
from tui.services import export, history


def attempt_view(
    detail: AttemptDetail,
    question: str | None,
    track_title: str = "",
    story_line: str = "",
    round_line: str = "",
) -> str:
    """Markdown for the attempt screen: the facts, the question, then every step.

    `track_title` is the track's name in the current library; the stored id stands in
    when the track is gone. `round_line` says which part of which mock round it was."""
    s = detail.summary
    when = (s.submitted_at or s.updated_at).strftime("%Y-%m-%d %H:%M")
    step_seconds, used_s, overtime_s = detail.time_figures  # figures that add up
    used = f"{format_elapsed(used_s)} of {format_clock(s.time_limit_s)}"
    facts = [when, track_title or s.track_id, s.kind, f"time {used}"]
    if overtime_s > 0:
        facts.append(f"overtime {format_elapsed(overtime_s)}")
    if s.score is not None:
        facts.append(f"score {s.score}/5")
    parts = [f"# {s.prompt_title}", " · ".join(facts)]
    if story_line:  # the story of the story bank this answer told
        parts.append(f"*{story_line}*")
    if round_line:  # "Part 2 of round …": o opens that round's summary
        parts.append(f"*{round_line}* · o opens its summary")
    if question:
        parts.append("> " + question.strip().replace("\n", "\n> "))
    for step, seconds in zip(detail.steps, step_seconds, strict=True):
        parts.append(f"## {step.index + 1}. {step.title} · {format_elapsed(seconds)}")
        parts.append(step.text.strip() or "*(no answer)*")
    parts.extend(review_parts(detail))
    parts.extend(coach_parts(detail))
    parts.extend(followup_parts(detail))
    return "\n\n".join(parts)


def _quote(text: str) -> str:
    return "> " + text.strip().replace("\n", "\n> ")


def _day(review: ReviewRecord | CoachReviewRecord) -> str:
    return review.created_at.strftime("%Y-%m-%d")


def _checklist(review: ReviewRecord | CoachReviewRecord) -> str:
    # Words, not colour or a glyph alone: "yes"/"no" reads the same without colour.
    return "\n".join(
        f"- **{'yes' if ticked else 'no'}** · {question}"
        for question, ticked in review.checks.items()
    )


def review_parts(detail: AttemptDetail) -> list[str]:
    """Markdown blocks for the attempt's review, its blind re-reviews and any other review."""
    from screens.review import calibration_sentence

    first = detail.review
    if first is None:
        parts = ["## Review", "*Not reviewed yet: press r to review it.*"]
    else:
        parts = [f"## Review · score {first.score}/5 · {_day(first)}"]
        if first.checks:
            parts.append(_checklist(first))
        if first.notes.strip():
            parts.extend(["**Note**", _quote(first.notes)])
        else:
            parts.append("*(no note)*")
    blind = [r for r in detail.reviews if r.blind]
    if blind:
        parts.append("## Blind re-reviews (calibration)")
    for review in blind:
        line = f"**{review.score}/5** · {_day(review)}"
        if first is not None:
            line += " · " + calibration_sentence(first.score, review.score, blind="the blind one")
        parts.append(line)
        if review.notes.strip():
            parts.append(_quote(review.notes))
    # Databases from before reviews were edited in place may hold more than one.
    for review in (r for r in detail.reviews if not r.blind and r is not first):
        parts.append(f"## Another review · score {review.score}/5 · {_day(review)}")
        if review.checks:
            parts.append(_checklist(review))
        if review.notes.strip():
            parts.append(_quote(review.notes))
    return parts


def coach_parts(detail: AttemptDetail) -> list[str]:
    """Markdown blocks for coaches' reviews (issue 17), newest first, beside the person's."""
    parts: list[str] = []
    mine = detail.review
    for review in reversed(detail.coach_reviews):
        heading = f"## Coach review · {review.coach} · score {review.score}/5 · {_day(review)}"
        if mine is not None:
            heading += f" · yours {mine.score}/5"
        parts.append(heading)
        if review.checks:
            parts.append(_checklist(review))
        parts.append(_quote(review.notes) if review.notes.strip() else "*(no note)*")
    return parts


def followup_parts(detail: AttemptDetail) -> list[str]:
    """Markdown blocks for the replies given in pushback mode, question by question."""
    if not detail.followups:
        return []
    parts = ["## Follow-up replies"]
    for reply in detail.followups:
        parts.append(f"**{reply.question.strip()}** · {format_elapsed(reply.seconds)}")
        parts.append(_quote(reply.text) if reply.text.strip() else "*(no reply)*")
    return parts


class AttemptScreen(CaseroomScreen[None]):
    """Read one attempt."""

    STYLES = ("attempt.tcss",)

    BINDINGS = [
        Binding("escape", "back", "Back", id="attempt.back"),
        Binding("x", "export", "Export", id="attempt.export", tooltip="Save as markdown + JSON"),
        Binding("r", "review", "Review", id="attempt.review", tooltip="Review this attempt"),
        Binding("b", "blind_review", "Blind re-review", id="attempt.blind", tooltip="Calibrate"),
        Binding("y", "copy_answer", "Copy answer", id="attempt.copy", tooltip="To the clipboard"),
        Binding("o", "open_round", "Round", id="attempt.round", tooltip="Its round's summary"),
    ]

    def __init__(self, attempt_id: int, *, just_submitted: bool = False) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.just_submitted = just_submitted
        self.detail: AttemptDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="attempt-body"):
            yield SafeMarkdown("Loading…", id="attempt-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Submitted" if self.just_submitted else f"Attempt {self.attempt_id}"
        self._load()

    def _load(self) -> None:
        self.caseroom.db(partial(history.load_attempt, attempt_id=self.attempt_id), self.show)

    def show(self, detail: AttemptDetail) -> None:
        self.detail = detail
        library = self.caseroom.library
        prompt = library.prompts.get(detail.summary.prompt_id)
        track = library.tracks.get(detail.summary.track_id)
        # The question as it was answered (stored with the attempt), not as the file says now.
        part = detail.round_part
        round_ = library.rounds.get(part.round_id) if part is not None else None
        text = attempt_view(
            detail,
            detail.question(prompt),
            track.title if track else "",
            story_told_line(detail.summary.story_id, library.stories, detail.story_title),
            round_part_line(part, round_.title if round_ else "") if part is not None else "",
        )
        self.query_one("#attempt-text", SafeMarkdown).update(text)
        self.refresh_bindings()  # o shows for an attempt made in a round

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """o (its round's summary) is offered only for an attempt made in a round."""
        if action == "open_round":
            return self.detail is not None and self.detail.round_part is not None
        return True

    def action_open_round(self) -> None:
        """Open the summary of the round run this attempt was part of."""
        if self.detail is None or self.detail.round_part is None:
            return
        from screens.round_summary import open_round_summary

        open_round_summary(self, self.detail.round_part.run_id)

    def on_screen_resume(self) -> None:
        # Back from a review: the score shown may have changed.
        if self.detail is not None:
            self._load()

    def action_review(self) -> None:
        from screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.attempt_id))

    def action_blind_review(self) -> None:
        """Score the attempt again without seeing the first score (calibration)."""
        from screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.attempt_id, blind=True))

    def action_export(self) -> None:
        """Write this attempt as markdown and JSON to ~/caseroom-exports, off the UI thread."""
        from screens.exports import export_one

        export_one(self.caseroom, self.attempt_id)

    def action_copy_answer(self) -> None:
        """y: the answer, step by step, to the clipboard."""
        text = export.answer_markdown(self.detail) if self.detail is not None else ""
        self.caseroom.copy_text(text, "the answer")

    def action_back(self) -> None:
        self.app.pop_screen()
