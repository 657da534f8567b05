"""One attempt, read back: every step's answer with the time spent on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header

from screens.base import CaseroomScreen
from screens.markdown import SafeMarkdown
from tui.records import AttemptDetail
from tui.timer import format_clock, format_elapsed

if TYPE_CHECKING:
    from tui.store import Store


def attempt_view(detail: AttemptDetail, question: str | None) -> str:
    """Markdown for the attempt screen: the facts, the question, then every step."""
    s = detail.summary
    when = (s.submitted_at or s.updated_at).strftime("%Y-%m-%d %H:%M")
    used = f"{format_elapsed(s.elapsed_s)} of {format_clock(s.time_limit_s)}"
    facts = [when, s.track_id, s.kind, f"time {used}"]
    if s.overtime_s > 0:
        facts.append(f"overtime {format_elapsed(s.overtime_s)}")
    if s.score is not None:
        facts.append(f"score {s.score}/5")
    parts = [f"# {s.prompt_title}", " · ".join(facts)]
    if question:
        parts.append("> " + question.strip().replace("\n", "\n> "))
    for step in detail.steps:
        parts.append(f"## {step.index + 1}. {step.title} · {format_elapsed(step.seconds)}")
        parts.append(step.text.strip() or "*(no answer)*")
    return "\n\n".join(parts)


class AttemptScreen(CaseroomScreen[None]):
    """Read one attempt."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="attempt.back"),
        Binding("x", "export", "Export", id="attempt.export", tooltip="Save as markdown + JSON"),
        Binding("r", "review", "Review", id="attempt.review", tooltip="Review this attempt"),
        Binding("b", "blind_review", "Blind re-review", id="attempt.blind", tooltip="Calibrate"),
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
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Submitted" if self.just_submitted else f"Attempt {self.attempt_id}"
        attempt_id = self.attempt_id
        self.caseroom.db(lambda store: store.attempt(attempt_id), self.show)

    def show(self, detail: AttemptDetail) -> None:
        self.detail = detail
        prompt = self.caseroom.library.prompts.get(detail.summary.prompt_id)
        text = attempt_view(detail, prompt.question if prompt else None)
        self.query_one("#attempt-text", SafeMarkdown).update(text)

    def on_screen_resume(self) -> None:
        # Back from a review: the score shown may have changed.
        if self.detail is not None:
            attempt_id = self.attempt_id
            self.caseroom.db(lambda store: store.attempt(attempt_id), self.show)

    def action_review(self) -> None:
        from screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.attempt_id))

    def action_blind_review(self) -> None:
        """Score the attempt again without seeing the first score (calibration)."""
        from screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.attempt_id, blind=True))

    def action_export(self) -> None:
        """Write this attempt as markdown and JSON to ~/caseroom-exports, off the UI thread."""
        from screens.exports import export_attempts

        attempt_id = self.attempt_id

        def job(store: Store) -> str:
            return str(export_attempts([store.attempt(attempt_id)], f"attempt-{attempt_id}")[0])

        self.caseroom.db(
            job, lambda path: self.notify(f"Exported to {path} (and .json)", markup=False)
        )

    def action_back(self) -> None:
        self.app.pop_screen()
