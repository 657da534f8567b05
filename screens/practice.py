"""Practice: answer one prompt step by step inside its scaffold, against the clock.

The prompt sits on top, one text area per scaffold step below it, and a clock bar shows the
countdown for the whole prompt and the pace of the step the cursor is in. Everything typed
autosaves on a background thread; leaving asks before anything is thrown away.

Small terminals: the prompt pane takes at most a share of the height and scrolls; F4 (or
tab) gives it the keys and room to read it all, and F4 or escape hands them back to the
step. The step being written is kept in view whenever its text, the cursor or the terminal
size changes, and the clock bar gives up the step's title before the time, pace or saved
state.

Pausing: typing while paused starts the clock again (a paused clock is for stepping away,
not for writing off the clock); moving around and reading do not.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Static, TextArea

from screens.practice_clock import PracticeClock
from screens.widgets.autosave import Autosave
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.markdown import SafeMarkdown
from screens.widgets.steps import PromptPane, StepEditor, StepsPane, step_box
from tui.core.handover import PART_ENDING_S
from tui.core.model import Library, Prompt, Scaffold
from tui.core.records import AnswerProgress, AttemptDetail, StepDraft
from tui.core.rounds import RoundRunContext
from tui.core.timer import PracticeTimer
from tui.core.timer_view import TimerView
from tui.services import drafts
from tui.services.drafts import DraftSnapshot
from tui.services.stories import DRILL_SCAFFOLD

TICK = 0.25
#: The optional reading minute (AppConfig.reading_minute, the `reading_minute` setting).
READING_MINUTE_S = 60.0


class PracticeScreen(PracticeClock):
    """Answer a prompt inside its scaffold while the countdown paces each step."""

    STYLES = ("steps.tcss", "practice.tcss")

    # The footer (compact) shows what matters while answering, and all of it fits 80
    # columns together with the app's F1 help and ctrl+q: submit, move between steps,
    # pause, hard stop, leave. The rest is listed by F1 help and the README: F4 (the prompt
    # pane says so itself when the question does not fit), ctrl+o (the clock bar says so if
    # saving fails), the bell. F2 and the palette still work here; their footer places go
    # to the answer's keys.
    BINDINGS = [
        # Early (time left), ctrl+s asks and a second ctrl+s submits: see screens/submit_early.
        Binding("ctrl+s", "submit", "Submit…", id="practice.submit", priority=True),
        Binding("ctrl+n", "next_step", "Next", id="practice.next", priority=True),
        Binding("ctrl+b", "previous_step", "Prev", id="practice.previous", priority=True),
        # One key, two footer words: check_action shows the one that applies now.
        Binding("f5", "pause", "Pause", id="practice.pause"),
        Binding("f5", "resume", "Resume", id="practice.resume"),
        Binding("ctrl+t", "toggle_hard_stop", "Hard stop", id="practice.hard_stop", priority=True),
        Binding("escape", "escape", "Leave", id="practice.leave"),
        Binding("f4", "read_prompt", "Read the whole prompt", id="practice.prompt", show=False),
        Binding("ctrl+o", "save_copy", "Save a copy", id="practice.save_copy", show=False),
        # Not F6/F7: the text areas take those (select line, select all).
        Binding("ctrl+g", "toggle_bell", "Bell", id="practice.bell", show=False, priority=True),
        # The app's F2, out of this footer (no description: F1 lists it under "Everywhere").
        Binding("f2", "app.problems", "", id="practice.problems", show=False),
        # Not y (the answer box takes letters) nor ctrl+y (the box's redo); out of the
        # footer, full at 80 columns: F1 lists it.
        Binding("f8", "copy_step", "Copy step", id="practice.copy", show=False),
    ]

    def __init__(
        self,
        prompt_id: str,
        *,
        resume: AttemptDetail | None = None,
        round_run: RoundRunContext | None = None,
        story_id: str | None = None,
        drill: bool = False,
    ) -> None:
        super().__init__()
        #: The story told, and whether this is a drill (scaffold: stories.DRILL_SCAFFOLD).
        self.story_id = resume.summary.story_id if resume else story_id
        self.story_title = resume.story_title if resume else ""  # its title now: on mount
        self.drill = drill or bool(
            resume and resume.summary.story_id and resume.summary.scaffold_id == DRILL_SCAFFOLD
        )
        #: Whether the footer last showed F5 as Resume (it follows the clock on each tick).
        self._footer_paused = False
        self.prompt_id = prompt_id
        # Set when this answer is one question of a mock round: the round owns the limit
        # and decides what follows a submit.
        self.round_run = round_run
        self.resume = resume
        # A resumed draft is written into once its lease is ours (`_claim_resumed`).
        self.attempt_id: int | None = None
        #: The rescue file this answer was copied to while saving failed (rewritten).
        self.rescue_path: Path | None = None
        self.bell = False
        self.submitted = False
        #: Made on mount (it needs the App): answers autosave while typed.
        self.autosave: Autosave[DraftSnapshot]
        self._submit_when_started = False
        #: Clock reading at which the reading minute ends (None: no reading minute now).
        self._reading_until: float | None = None
        #: When the cursor was last typed with, and when a timed part it is in ran out.
        self._last_typed = -1e9
        self._part_due_at: float | None = None
        self._ending_round = False
        self._round_time_up_told = False

    # -- set-up ---------------------------------------------------------------------------

    @property
    def prompt(self) -> Prompt:
        return self._prompt

    def compose(self) -> ComposeResult:
        library = self.caseroom.library
        self._prompt = library.prompts[self.prompt_id]
        scaffold = library.scaffold_for(self._prompt)
        if self.drill:
            scaffold = library.scaffolds.get(DRILL_SCAFFOLD, scaffold)
        assert scaffold is not None, "the loader only admits prompts whose scaffold exists"
        self.scaffold: Scaffold = scaffold
        limit = self._time_limit()
        # Steps budgeted as a share of the minutes scale to the answer's own limit (the
        # round's share in a round, the stored limit when resumed).
        minutes = limit / 60
        budgets = [step.budget_seconds(minutes) for step in scaffold.steps]
        clock = self.caseroom.config.clock
        if self.resume and self.resume.timer_state:
            self.timer = PracticeTimer.from_state(
                dict(self.resume.timer_state), budgets, limit, clock=clock
            )
        else:
            self.timer = PracticeTimer(
                budgets,
                limit,
                clock=clock,
                auto_advance=scaffold.advance == "timed",
                hard_stop=self.caseroom.config.settings.practice.hard_stop,
            )
        self.bell = self.caseroom.config.settings.practice.bell
        if self.timer.auto_advance:  # timed parts warn before they move on (and ring)
            self.timer.part_warning_s = PART_ENDING_S
        texts = {s.index: s.text for s in self.resume.steps} if self.resume else {}
        # Kept as references, not queried: on_unmount still reads them after the DOM is gone.
        self.editors = [StepEditor(i, texts.get(i, "")) for i in range(len(scaffold.steps))]

        yield Header()
        with PromptPane(id="practice-prompt"):
            yield Static(self._prompt.title, id="practice-title", markup=False)
            yield SafeMarkdown(self._prompt.question, id="practice-question")
        yield Static("", id="clock-bar")
        if self.round_run is not None:
            yield Static("", id="round-bar")
        with StepsPane(self.keep_cursor_in_view, id="steps"):
            for index, step in enumerate(scaffold.steps):
                yield step_box(index, step, budgets[index], self.editors[index])
        yield SteadyFooter(compact=True, show_command_palette=False)

    def _time_limit(self) -> int:
        """Seconds for this answer: the limit it started with when resumed (a prompt file
        edited meanwhile does not change an answer under way), the round's share when in a
        round, else the prompt's."""
        if self.resume is not None and self.resume.summary.time_limit_s > 0:
            return self.resume.summary.time_limit_s
        if self.round_run is not None:
            return self.round_run.limit_s
        if self.drill:  # the timed story's own clock
            return self.scaffold.total_seconds(self._prompt.minutes)
        return round(self._prompt.minutes * 60)

    def on_mount(self) -> None:
        self.sub_title = f"{self._prompt.kind} · {self.timer.limit_s / 60:g} min"
        if self.round_run is not None:
            minutes = self.round_run.limit_s / 60
            self.sub_title = f"{self.round_run.label} · {self._prompt.kind} · {minutes:g} min"
        story = self.caseroom.library.stories.get(self.story_id or "")
        self.story_title = story.title if story is not None else self.story_title
        if self.story_title:
            told = "drill" if self.drill else "telling"
            self.sub_title = f"{self.sub_title} · {told}: {self.story_title}"
        self.autosave = Autosave(
            self.app, self._write_draft, clock=self.caseroom.config.clock, on_failure=self._told
        )
        self.autosave.start()
        if self.resume is not None:
            self._claim_resumed(self.resume.summary.id)
        else:
            self._start_attempt()
        config = self.caseroom.config
        if self.resume is None and (
            config.reading_minute or config.settings.practice.reading_minute
        ):
            # The reading minute: the clock starts at the first key, or after a minute.
            self._reading_until = self.caseroom.config.clock() + READING_MINUTE_S
        elif self.resume is None:
            self.timer.start()  # a resumed attempt starts paused: F5 or typing carries on
        else:
            for editor in self.editors:  # carry on writing where the text ends
                editor.move_cursor(editor.document.end)
        step = self.timer.snapshot().current_step
        self.focus_step_editor(step)
        self.set_interval(TICK, self.tick)
        self._tell_kept_limit()
        self.tick()
        self.call_after_refresh(self._show_prompt_hint)

    def _start_attempt(self) -> None:
        start = partial(
            drafts.start_attempt,
            prompt=self._prompt,
            scaffold=self.scaffold,
            time_limit_s=self._time_limit(),
            round_run_id=self.round_run.run_id if self.round_run is not None else None,
            now=self.caseroom.config.now(),
            story_id=self.story_id,
            story_title=self.story_title,
        )
        self.caseroom.db(start, self._attempt_started, on_error=self.autosave.failure)

    def _attempt_started(self, attempt_id: int) -> None:
        self.attempt_id = attempt_id
        self.caseroom.session_attempts.add(attempt_id)
        if self._submit_when_started:
            self.submit_now()
        elif self.autosave.dirty:
            self._offer_draft()

    def library_changed(self, library: Library) -> None:
        """The prompt's text follows edits on disk; the answers stay untouched."""
        prompt = library.prompts.get(self.prompt_id)
        if prompt is None:
            return  # deleted on disk: keep showing the last version while they answer
        self._prompt = prompt
        self.query_one("#practice-title", Static).update(prompt.title)
        self.query_one("#practice-question", SafeMarkdown).show(prompt.question)
        self.call_after_refresh(self._show_prompt_hint)

    # -- the clock ------------------------------------------------------------------------

    def tick(self) -> None:
        """Redraw from the clock (never from counting ticks) and handle timer events."""
        if self._reading_until is not None and self.caseroom.config.clock() >= self._reading_until:
            self._reading_over()
        events = self.timer.poll()
        # Several at once means the app was away (suspended, busy): say only the latest.
        for event in events[-1:]:
            self.notify(
                event.message,
                severity="information" if event.kind == "advance" else "warning",
                timeout=4,
                markup=False,
            )
        if self.bell and any(event.bell for event in events):
            self.app.bell()  # once per tick, however many events arrived
        view = self.timer.snapshot()
        if view.paused != self._footer_paused:  # typing or a resume changed it: F5's word
            self._footer_paused = view.paused
            self.refresh_bindings()
        self._follow_auto_advance(view)
        bar = self.query_one("#clock-bar", Static)
        bar.update(self._clock_text(view, bar.content_size.width or None))
        if self.round_run is not None:
            self._show_round_clock(self.round_run, view)
        self._maybe_offer_draft()
        self._show_prompt_hint()  # the question's text arrives (and changes) after mount
        if view.finished and not self.submitted:
            self.submit_now()

    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget if hasattr(event, "widget") else None
        if isinstance(widget, StepEditor):
            self.timer.focus_step(widget.step_index)
            self.call_after_refresh(self.keep_cursor_in_view)
        self.call_after_refresh(self._show_prompt_hint)

    # -- keeping the step being written in view ---------------------------------------------

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        if self._reading_until is not None and self.is_mounted:
            self._reading_over()  # a key moved the cursor: reading is over
        self.call_after_refresh(self.keep_cursor_in_view)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.tick)  # the clock bar fits its text to the new width

    def _show_prompt_hint(self) -> None:
        # Queued after a refresh: a round's next question replaces this screen at once, and
        # the call can come with its widgets already gone. Nothing to show the hint on then.
        try:
            pane = self.query_one("#practice-prompt", PromptPane)
        except NoMatches:
            return
        pane.show_hint(reading=self.focused is pane)

    def keep_cursor_in_view(self) -> None:
        """Scroll the steps so the step being written shows (StepsPane.show_editor)."""
        editor = self.focused
        if isinstance(editor, StepEditor) and self.is_attached:
            self.query_one("#steps", StepsPane).show_editor(editor)

    # -- autosave -------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._last_typed = self.caseroom.config.clock()
        if self._reading_until is not None:
            self._reading_over()
        self.autosave.changed()
        self._maybe_offer_draft()  # at once when due, not on the next tick (kill -9 loss)
        if not self.submitted and (self.timer.paused or not self.timer.started):
            self._clock_on_from_typing()
        self.call_after_refresh(self.keep_cursor_in_view)

    def _clock_on_from_typing(self) -> None:
        """Typing while paused starts the clock again: writing is never off the clock."""
        if self.timer.started:
            self.timer.resume()
        else:
            self.timer.start()  # a draft saved before its clock was ever stored
        self.notify("The clock runs again while you type: F5 pauses it.", timeout=3)
        self.tick()

    def _maybe_offer_draft(self) -> None:
        """Offer the text when typing paused, and the clock with it at least once a second
        while it runs, so a kill loses no more of the clock than of the text. With no
        attempt to save into (the database did not open, or would not take it), the rescue
        copy follows the text instead."""
        if self.submitted:
            return
        if self.attempt_id is None:
            if self.autosave.due() and self.autosave.failed is not None:
                self.autosave.pacing.offered(self.caseroom.config.clock())
                self.rescue()
            return
        running = self.timer.started and not self.timer.paused and not self.timer.finished
        if self.autosave.due() or (running and self.autosave.clock_due() and self.has_text()):
            self._offer_draft()

    def _offer_draft(self) -> None:
        snapshot = self.snapshot()
        if snapshot is not None:
            self.autosave.offer(snapshot)

    def snapshot(self) -> DraftSnapshot | None:
        """The answers and clock as they are now (None until the attempt exists)."""
        if self.attempt_id is None:
            return None
        view = self.timer.snapshot()
        progress = AnswerProgress(
            steps=self.step_drafts(view),
            elapsed_s=view.elapsed_s,
            overtime_s=view.overtime_s,
            timer_state=self.timer.to_state(),
        )
        return DraftSnapshot(attempt_id=self.attempt_id, progress=progress)

    def step_drafts(self, view: TimerView | None = None) -> tuple[StepDraft, ...]:
        view = view or self.timer.snapshot()
        return tuple(
            StepDraft(
                index=i,
                title=step.title,
                text=self.editors[i].text,
                seconds=view.step_seconds[i],
            )
            for i, step in enumerate(self.scaffold.steps)
        )

    def _write_draft(self, snapshot: DraftSnapshot) -> None:
        self.caseroom.gate.run(partial(drafts.save_draft, snapshot=snapshot))

    # -- actions --------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Typing while reading the whole prompt (F4) goes back to the answer, so no key is
        lost: the letter lands in the current step and the prompt pane gives way."""
        if not (event.is_printable and event.character):
            return
        if self.focused is not self.query_one("#practice-prompt", PromptPane):
            return
        event.stop()
        event.prevent_default()
        step = self.timer.snapshot().current_step
        self.focus_step_editor(step)
        self.editors[step].insert(event.character)

    def focus_step_editor(self, index: int) -> None:
        """Move the cursor to a step now, not later.

        `Widget.focus()` defers the change to after the events already queued, so letters
        typed right after ctrl+n would still land in the old step. The timer hears of it at
        once too (not from the focus message): a second ctrl+n in the same burst of keys
        moves on from the step the first one reached.
        """
        self.timer.focus_step(index)
        self.set_focus(self.editors[index])

    def action_next_step(self) -> None:
        self._move_step(+1)

    def action_previous_step(self) -> None:
        self._move_step(-1)

    def _move_step(self, delta: int) -> None:
        self._reading_over()
        current = self.timer.snapshot().current_step
        target = min(max(current + delta, 0), len(self.scaffold.steps) - 1)
        if delta > 0 and self.scaffold.advance == "timed":
            self.timer.advance()
            target = self.timer.snapshot().current_step
        if delta > 0 and target == current:
            self.notify("This is the last step: ctrl+s submits the answer.", timeout=3)
        self.focus_step_editor(target)

    def action_read_prompt(self) -> None:
        """F4: give the prompt pane the keys and room to read it all, or hand them back."""
        pane = self.query_one("#practice-prompt", PromptPane)
        if self.focused is pane:
            self.focus_step_editor(self.timer.snapshot().current_step)
        else:
            self.set_focus(pane)

    def action_copy_step(self) -> None:
        """F8: the current step's text to the clipboard."""
        step = self.timer.snapshot().current_step
        title = self.scaffold.steps[step].title
        self.caseroom.copy_text(self.editors[step].text, f"step {step + 1} ({title})")

    def submit_now(self) -> None:
        """Submit without asking (confirmed, time up, or the round is ending)."""
        if self.submitted:
            return
        if not self.has_text():
            self.notify("Nothing to submit yet: write at least one step.", severity="warning")
            return
        snapshot = self.snapshot()
        if snapshot is None:
            failed = self.autosave.failed or self.caseroom.gate.failed
            if failed is not None:
                self.cannot_submit(failed)  # it will not open: no promise to keep
                return
            # The database is still opening (the first start creates it): submit the moment
            # the attempt exists rather than making the person press again.
            self._submit_when_started = True
            self.notify("Submitting as soon as the database is open…", timeout=3)
            return
        self.submitted = True
        self.timer.pause()
        self.autosave.flush(timeout=2.0)
        submit = partial(drafts.submit_attempt, snapshot=snapshot, now=self.caseroom.config.now())
        self.caseroom.db(submit, self._submitted, on_error=self._submit_failed)

    def _submitted(self, attempt_id: int) -> None:
        if self.round_run is not None:
            # In a round the round screen decides what follows (next question or summary).
            self.autosave.close()
            if self._ending_round:
                self._round_ended(self.round_run)
            else:
                self.round_run.on_submitted(attempt_id)
            return
        self.autosave.close()
        from screens.review import ReviewScreen

        self.app.switch_screen(ReviewScreen(attempt_id, just_submitted=True))

    def _submit_failed(self, error: Exception) -> None:
        self.submitted = False
        self._ending_round = False
        self.timer.resume()
        self.autosave.failure(error)
