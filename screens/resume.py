"""The modal offered on start when an answer was left unfinished: resume, keep, discard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from screens.base import CaseroomModal
from tui.records import AttemptDetail
from tui.timer import format_elapsed

if TYPE_CHECKING:
    from tui.app import CaseroomApp
    from tui.store import Store

ResumeChoice = Literal["resume", "later", "discard", "export"]

# While the library is still loading we cannot tell whether the prompt exists yet.
LIBRARY_RETRY_S = 0.1


class ResumeScreen(CaseroomModal[ResumeChoice | None]):
    """Offer to pick an unfinished attempt back up (or export it if its prompt is gone)."""

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("e", "choose('export')", "Export", id="resume.export"),
        Binding("l", "choose('later')", "Keep for later", id="resume.later"),
        Binding("d", "choose('discard')", "Discard", id="resume.discard"),
        Binding("escape", "choose('later')", "Later", id="resume.escape"),
    ]

    def __init__(self, detail: AttemptDetail, *, prompt_exists: bool, others: int = 0) -> None:
        super().__init__()
        self.detail = detail
        self.prompt_exists = prompt_exists
        self.others = others

    def compose(self) -> ComposeResult:
        s = self.detail.summary
        words = sum(len(step.text.split()) for step in self.detail.steps)
        when = s.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        facts = f"{words} words, {format_elapsed(s.elapsed_s)} used, last saved {when}."
        if self.others:
            facts += f" ({self.others} more unfinished.)"
        if self.prompt_exists:
            advice = "Resume it now (the clock starts paused: F5 carries on), or keep it."
        else:
            advice = (
                "Its prompt is no longer in the library, so it cannot be resumed. "
                "Export it to a file to keep the text, or keep it for later."
            )
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Static("You have an unfinished answer", classes="dialog-title")
            yield Static(s.prompt_title, id="resume-prompt", markup=False)
            yield Static(f"{facts}\n{advice}", classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                if self.prompt_exists:
                    yield Button("Resume [r]", id="resume", variant="primary")
                else:
                    yield Button("Export [e]", id="export", variant="primary")
                yield Button("Keep for later [l]", id="later")
                yield Button("Discard [d]", id="discard", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("resume", "later", "discard", "export"):
            self.action_choose(event.button.id)  # type: ignore[arg-type]

    def action_choose(self, choice: ResumeChoice) -> None:
        # Resume needs the prompt, export is for when it is gone: ignore the other key.
        if choice == "resume" and not self.prompt_exists:
            return
        if choice == "export" and self.prompt_exists:
            return
        self.dismiss(choice)


def offer_resume(app: CaseroomApp) -> None:
    """Look for unfinished attempts and, if there is one, offer the newest (call once)."""

    def newest(store: Store) -> tuple[AttemptDetail, int] | None:
        # Drafts of a mock round are resumed from the rounds screen, inside their round.
        drafts = [d for d in store.unfinished() if d.round_run_id is None]
        if not drafts:
            return None
        return store.attempt(drafts[0].id), len(drafts) - 1

    app.db(newest, lambda found: _offer(app, found))


def _offer(app: CaseroomApp, found: tuple[AttemptDetail, int] | None) -> None:
    if found is None or found[0].summary.id in app.session_attempts:
        return  # nothing left over, or it is the answer being written right now
    if len(app.screen_stack) > 1:
        return  # the person already moved on: a modal now would interrupt them
    if not app.library_loaded:
        app.set_timer(LIBRARY_RETRY_S, lambda: _offer(app, found))
        return
    detail, others = found
    prompt_id = detail.summary.prompt_id
    exists = prompt_id in app.library.prompts

    def chosen(choice: ResumeChoice | None) -> None:
        if choice == "resume":
            resume_draft(app, detail)
        elif choice == "discard":
            attempt_id = detail.summary.id
            app.db(lambda store: store.abandon(attempt_id))
            app.notify("Discarded. It stays in the database, hidden from history.", timeout=5)
        elif choice == "export":
            _export(app, detail)

    app.push_screen(ResumeScreen(detail, prompt_exists=exists, others=others), chosen)


def resume_draft(app: CaseroomApp, detail: AttemptDetail) -> None:
    """Open a kept draft in practice, its clock paused (from this modal and from history)."""
    if detail.summary.prompt_id not in app.library.prompts:
        app.notify("That prompt is no longer in the library.", severity="warning")
        return
    from screens.practice import PracticeScreen

    app.push_screen(PracticeScreen(detail.summary.prompt_id, resume=detail))


def _export(app: CaseroomApp, detail: AttemptDetail) -> None:
    from screens.exports import export_attempts, notify_exported

    try:
        md_path, _json_path = export_attempts([detail], f"draft-{detail.summary.id}")
    except OSError as error:
        app.notify(f"Could not export: {error}", severity="error", markup=False)
        return
    notify_exported(app, md_path)
