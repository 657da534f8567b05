"""The modal offering an unfinished answer back: on start (resume, keep, discard) and when
its prompt is opened again (resume, or start fresh and keep the draft)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from screens.base import CaseroomModal, CaseroomScreen
from tui.core.durations import format_elapsed
from tui.core.records import AttemptDetail, AttemptSummary
from tui.services import drafts, history
from tui.services.drafts import WaitingDraft

if TYPE_CHECKING:
    from tui.app import CaseroomApp

ResumeChoice = Literal["resume", "later", "discard", "export", "fresh"]

# While the library is still loading we cannot tell whether the prompt exists yet.
LIBRARY_RETRY_S = 0.1


class ResumeScreen(CaseroomModal[ResumeChoice | None]):
    """Offer to pick an unfinished attempt back up (or export it if its prompt is gone).

    `opening`: the person is opening this draft's prompt right now; the choices are resume
    or start fresh (the draft is kept), and escape goes back to where they were.
    """

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("f", "choose('fresh')", "Start fresh", id="resume.fresh"),
        Binding("e", "choose('export')", "Export", id="resume.export"),
        Binding("l", "choose('later')", "Keep for later", id="resume.later"),
        Binding("d", "choose('discard')", "Discard", id="resume.discard"),
        Binding("escape", "choose('later')", "Later", id="resume.escape"),
    ]

    def __init__(
        self,
        detail: AttemptDetail,
        *,
        prompt_exists: bool,
        others: int = 0,
        opening: bool = False,
    ) -> None:
        super().__init__()
        self.detail = detail
        self.prompt_exists = prompt_exists
        self.others = others
        self.opening = opening

    def compose(self) -> ComposeResult:
        s = self.detail.summary
        words = sum(len(step.text.split()) for step in self.detail.steps)
        when = s.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        facts = f"{words} words, {format_elapsed(s.elapsed_s)} used, last saved {when}."
        if self.others:
            facts += f" ({self.others} more unfinished.)"
        if self.opening:
            advice = (
                "Resume it (the clock starts paused: typing or F5 carries on), or start a "
                "fresh answer: this draft is kept and offered again."
            )
        elif self.prompt_exists:
            advice = "Resume it now (the clock starts paused: F5 carries on), or keep it."
        else:
            advice = (
                "Its prompt is no longer in the library, so it cannot be resumed. "
                "Export it to a file to keep the text, or keep it for later."
            )
        title = "You have an unfinished answer" + (" to this prompt" if self.opening else "")
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield Static(s.prompt_title, id="resume-prompt", markup=False)
            yield Static(f"{facts}\n{advice}", classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                if self.opening:
                    yield Button(Content("Resume [r]"), id="resume", variant="primary")
                    yield Button(Content("Start fresh [f]"), id="fresh")
                    yield Button(Content("Back [esc]"), id="later")
                    return
                if self.prompt_exists:
                    yield Button(Content("Resume [r]"), id="resume", variant="primary")
                else:
                    yield Button(Content("Export [e]"), id="export", variant="primary")
                yield Button(Content("Keep for later [l]"), id="later")
                yield Button(Content("Discard [d]"), id="discard", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("resume", "later", "discard", "export", "fresh"):
            self.action_choose(event.button.id)  # type: ignore[arg-type]

    def action_choose(self, choice: ResumeChoice) -> None:
        # Resume needs the prompt, export is for when it is gone: ignore the other key.
        if choice == "resume" and not self.prompt_exists:
            return
        if choice == "export" and self.prompt_exists:
            return
        # Opening a prompt: resume, start fresh or back; on start: no "start fresh".
        if (choice in ("discard", "export")) if self.opening else (choice == "fresh"):
            return
        self.dismiss(choice)


def offer_resume(app: CaseroomApp) -> None:
    """Look for unfinished attempts and, if there is one, offer the newest (call once).

    Drafts of a mock round are resumed from the rounds screen, inside their round."""
    app.db(drafts.newest_unfinished, lambda found: _offer(app, found))


def _offer(app: CaseroomApp, found: WaitingDraft | None) -> None:
    if found is None or found.detail.summary.id in app.session_attempts:
        return  # nothing left over, or it is the answer being written right now
    if len(app.screen_stack) > 1:
        return  # the person already moved on: a modal now would interrupt them
    if not app.library_loaded:
        app.set_timer(LIBRARY_RETRY_S, lambda: _offer(app, found))
        return
    detail, others = found.detail, found.others
    prompt_id = detail.summary.prompt_id
    exists = prompt_id in app.library.prompts

    def chosen(choice: ResumeChoice | None) -> None:
        if choice == "resume":
            resume_draft(app, detail)
        elif choice == "discard":
            app.db(partial(drafts.abandon_attempt, attempt_id=detail.summary.id))
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
    from screens.exports import notify_exported
    from tui.services.export import export_attempts

    try:
        md_path, _json_path = export_attempts([detail], f"draft-{detail.summary.id}")
    except OSError as error:
        app.notify(f"Could not export: {error}", severity="error", markup=False)
        return
    notify_exported(app, md_path)


def practise_prompt(app: CaseroomApp, prompt_id: str) -> None:
    """Open a prompt to practise (the prompts list, the palette, "Next up").

    If it has an unfinished answer outside a round (kept as a draft earlier, in this run or
    another), offer it first with the start-up dialog: resume it with its text and clock,
    or start fresh (the draft is kept, never deleted). Escape stays where the person was.
    """
    if prompt_id not in app.library.prompts:
        app.notify("That prompt is no longer in the library.", severity="warning")
        return
    from screens.practice import PracticeScreen

    if not app.store_available:
        # Still opening (the first start creates it) or failed: never make the person wait
        # for it; a draft left from before is offered on start once it opens.
        start_practice(app, prompt_id)
        return
    origin = app.screen
    # An answer open on a screen below (the palette opened from practice) is not "left".
    open_now = {
        s.attempt_id
        for s in app.screen_stack
        if isinstance(s, PracticeScreen) and s.attempt_id is not None
    }

    def found(draft: WaitingDraft | None) -> None:
        if app.screen is not origin:
            return  # a second enter while we looked, or the person moved on
        if draft is None:
            start_practice(app, prompt_id)
            return
        detail, others = draft.detail, draft.others

        def chosen(choice: ResumeChoice | None) -> None:
            if choice == "resume":
                resume_draft(app, detail)
            elif choice == "fresh":
                start_practice(app, prompt_id)

        offer = ResumeScreen(detail, prompt_exists=True, others=others, opening=True)
        app.push_screen(offer, chosen)

    def failed(_error: Exception) -> None:
        # The drafts could not be read: practise anyway (the error was said already).
        if app.screen is origin:
            start_practice(app, prompt_id)

    newest = partial(drafts.newest_unfinished, prompt_id=prompt_id, skip=open_now)
    app.db(newest, found, on_error=failed)


def start_practice(app: CaseroomApp, prompt_id: str) -> None:
    """A fresh answer to `prompt_id`. For a behavioral prompt, with stories in the bank,
    ask first which story will be told (screens/story_pick.py; skippable)."""
    from screens.practice import PracticeScreen

    prompt = app.library.prompts.get(prompt_id)
    if prompt is None or prompt.kind != "behavioral" or not app.library.stories:
        app.push_screen(PracticeScreen(prompt_id))
        return
    from screens.story_pick import StoryPickScreen

    def picked(story_id: str | None) -> None:
        app.push_screen(PracticeScreen(prompt_id, story_id=story_id))

    app.push_screen(StoryPickScreen(prompt, app.library), picked)


def resume_from_history(screen: CaseroomScreen[None], summary: AttemptSummary) -> None:
    """Pick an unfinished draft back up in practice (the same path as on start)."""
    from screens.practice import PracticeScreen

    if summary.round_run_id is not None:
        screen.notify(
            "This draft belongs to a mock round: resume it from the rounds screen (u).",
            severity="warning",
        )
        return
    if any(
        isinstance(s, PracticeScreen) and s.attempt_id == summary.id
        for s in screen.app.screen_stack
    ):
        screen.notify("That answer is open already, under this screen.", severity="warning")
        return
    if summary.prompt_id not in screen.caseroom.library.prompts:
        screen.notify(
            "Its prompt is no longer in the library, so it cannot be resumed: x exports the text.",
            severity="warning",
        )
        return

    def resume(detail: AttemptDetail) -> None:
        if screen.is_current:
            resume_draft(screen.caseroom, detail)

    screen.caseroom.db(partial(history.load_attempt, attempt_id=summary.id), resume)
