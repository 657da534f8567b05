"""The prompts of one track: a list that narrows as you type, and a preview."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input

from screens.base import CaseroomScreen
from screens.widgets import FollowedTable
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from screens.widgets.history_columns import clip
from screens.widgets.markdown import MarkdownText
from screens.widgets.prompt_columns import COLUMNS, natural_widths, plan_columns
from tui.core.model import Library, Prompt
from tui.library.sanitize import one_line
from tui.services import progress
from tui.services.progress import PromptProgress


def matches(prompt: Prompt, words: list[str]) -> bool:
    """True when every typed word appears in the prompt's title, kind, category, tags or
    question text (the question as the interviewer says it)."""
    haystack = " ".join(
        (
            prompt.title,
            prompt.kind,
            prompt.category,
            " ".join(prompt.tags),
            prompt.id,
            prompt.question,
        )
    ).lower()
    return all(word in haystack for word in words)


def prompt_preview(prompt: Prompt) -> str:
    """The markdown shown beside the list: the question and what it is about."""
    facts = [prompt.kind, f"{prompt.minutes:g} min", prompt.scaffold]
    if prompt.category:
        facts.insert(1, prompt.category)
    if prompt.level:
        facts.append("level: " + ", ".join(prompt.level))
    parts = [f"## {prompt.title}", " · ".join(facts), prompt.question]
    if prompt.sources:
        parts.append(source_line(prompt))
    if prompt.hints:
        parts += ["### Hints", prompt.hints]
    return "\n\n".join(parts)


def source_line(prompt: Prompt) -> str:
    """Where the prompt's facts come from, so the guides' figures read apart from ours."""
    return "*Facts and figures from: " + "; ".join(prompt.sources) + ".*"


class PromptTable(FollowedTable):
    """The prompt list. With the list focused, `e` edits, `n` creates a prompt and `h` shows
    the track's history; any other letter goes to the filter box, so typing still narrows
    the list."""

    BINDINGS = [
        # The same as the screen's ctrl+e, n and f3 (those work from the filter too): out of
        # the footer, which showed each twice.
        Binding("e", "screen.edit", "Edit file", id="prompts.table.edit", show=False),
        Binding("n", "screen.new_prompt", "New prompt", id="prompts.table.new", show=False),
        Binding("h", "screen.history", "History", id="prompts.table.history", show=False),
    ]

    class WidthChanged(Message):
        """The list got wider or narrower: its screen fits the title column again."""

    def on_resize(self, _event: events.Resize) -> None:
        self.post_message(self.WidthChanged())

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.key not in ("e", "n", "h"):
            event.stop()
            event.prevent_default()
            box = self.screen.query_one("#filter", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)


class PromptsScreen(CaseroomScreen[None]):
    """Choose a prompt of one track; type to narrow the list."""

    STYLES = ("prompts.tcss",)

    # Below 140 columns the list takes two thirds of the width, the preview the rest
    # (screens/styles/prompts.tcss): at 120 a 30-column title fits beside a whole category.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-roomy")]

    BINDINGS = [
        Binding("escape", "back", "Back", id="prompts.back", tooltip="Back to the tracks"),
        Binding("enter", "practise", "Practise", id="prompts.practise", priority=True),
        Binding("down", "move(1)", "Down", show=False, id="prompts.down"),
        Binding("up", "move(-1)", "Up", show=False, id="prompts.up"),
        Binding("pagedown", "move(10)", show=False, id="prompts.pagedown"),
        Binding("pageup", "move(-10)", show=False, id="prompts.pageup"),
        # Not ctrl+h: terminals send it as backspace. F3 (or ctrl+y) works from the filter
        # box too; `h` on the list.
        Binding("f3,ctrl+y", "history", "History", id="prompts.history", priority=True),
        # ctrl+ keys, not plain e/n: the filter box has focus and takes every letter typed.
        Binding("ctrl+e", "edit", "Edit file", id="prompts.edit", priority=True),
        Binding("ctrl+n", "new_prompt", "New prompt", id="prompts.new", priority=True),
    ]

    def __init__(self, track_id: str) -> None:
        super().__init__()
        self.track_id = track_id
        self.shown: list[Prompt] = []
        self._all: list[Prompt] = []
        self.attempt_counts: dict[str, int] = {}
        self.drafted: set[str] = set()  # prompts with an unfinished answer outside a round
        self._natural: dict[str, int] | None = None  # each column's widest text

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="prompts-body"):
            with Vertical(id="prompts-left"):
                yield Input(
                    placeholder="Type to narrow: title, question, kind, category, tag", id="filter"
                )
                table = PromptTable(id="prompts-table", cursor_type="row")
                table.follow_cursor = lambda _row: self._show_preview()
                yield table
            yield MarkdownText("", id="prompt-preview")
        yield SteadyFooter()

    def on_prompt_table_width_changed(self, _event: PromptTable.WidthChanged) -> None:
        self._refilter()

    def _cells(self, prompt: Prompt) -> tuple[str, ...]:
        """One row's text, in COLUMNS order (titles and categories as one safe line)."""
        return (
            one_line(prompt.title),
            self.done_cell(prompt.id),
            prompt.kind,
            f"{prompt.minutes:g}",
            one_line(prompt.category),
        )

    def _plan_columns(self, table: DataTable[object]) -> dict[str, int]:
        """Plan the columns for the list's width (every prompt of the track measured, so
        typing in the filter never moves them); rebuild them if the plan changed."""
        if self._natural is None:  # measured again only when the prompts or counts change
            self._natural = natural_widths([self._cells(p) for p in self._all])
        plan = plan_columns(table.size.width, self._natural)
        current = {str(key.value): column.width for key, column in table.columns.items()}
        if current != plan:
            table.clear(columns=True)
            for label, key in COLUMNS:
                if key in plan:
                    table.add_column(label, key=key, width=plan[key])
        return plan

    def on_mount(self) -> None:
        self.library_changed(self.caseroom.library)
        self.query_one("#filter", Input).focus()
        # The store's counts: loaded by CaseroomScreen's prologue, again on coming back.

    def library_changed(self, library: Library) -> None:
        track = library.tracks.get(self.track_id)
        self.sub_title = track.title if track else self.track_id
        self._all = library.prompts_of(self.track_id)
        self._natural = None
        self._refilter()

    def store_ready(self) -> None:
        self.caseroom.db(progress.prompt_progress, self._counts_arrived)

    def _counts_arrived(self, found: PromptProgress) -> None:
        self.attempt_counts, self.drafted = found.attempts, found.drafted
        self._natural = None
        self._refilter()

    def done_cell(self, prompt_id: str) -> str:
        """Submitted attempts, and "draft" when an unfinished answer waits (enter resumes)."""
        count = self.attempt_counts.get(prompt_id, 0)
        if prompt_id in self.drafted:
            return f"{count}+draft" if count else "draft"
        return str(count) if count else ""

    def on_input_changed(self, event: Input.Changed) -> None:
        self._refilter()

    def _refilter(self) -> None:
        words = self.query_one("#filter", Input).value.lower().split()
        selected = self.selected()
        self.shown = [p for p in self._all if matches(p, words)]
        table = self.query_one("#prompts-table", DataTable)
        plan = self._plan_columns(table)
        table.clear()
        for prompt in self.shown:
            cells = dict(zip((key for _, key in COLUMNS), self._cells(prompt), strict=True))
            table.add_row(*(clip(cells[key], width) for key, width in plan.items()), key=prompt.id)
        if selected is not None and selected in self.shown:
            table.move_cursor(row=self.shown.index(selected))
        self._show_preview()

    def selected(self) -> Prompt | None:
        table = self.query_one("#prompts-table", DataTable)
        if not self.shown:
            return None
        return self.shown[min(max(table.cursor_row, 0), len(self.shown) - 1)]

    def _show_preview(self) -> None:
        prompt = self.selected()
        preview = self.query_one("#prompt-preview", MarkdownText)
        preview.show(prompt_preview(prompt) if prompt else "*No prompt matches.*")
        if prompt is not None:  # the neighbours drawn ahead: the next moves only swap
            row = self.shown.index(prompt)
            near = self.shown[max(0, row - 4) : row + 12]
            self.call_after_refresh(preview.prepare, [prompt_preview(p) for p in near])

    def action_move(self, delta: int) -> None:
        table = self.query_one("#prompts-table", DataTable)
        if self.shown:
            row = min(max(table.cursor_row + delta, 0), len(self.shown) - 1)
            table.move_cursor(row=row)

    def action_practise(self) -> None:
        prompt = self.selected()
        if prompt is None:
            self.notify("No prompt matches what you typed.", severity="warning")
            return
        from screens.resume import practise_prompt

        practise_prompt(self.caseroom, prompt.id)  # offers a kept draft of it first

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        """Open the selected prompt's file in $EDITOR, then show the change at once."""
        prompt = self.selected()
        if prompt is None or not prompt.path:
            self.notify("No prompt selected to edit.", severity="warning")
            return
        path = Path(prompt.path)
        config = self.caseroom.config
        bundled, mine = config.bundled_content_dir, config.user_content_dir
        if bundled is not None and mine is not None and path.resolve().is_relative_to(bundled):
            from screens.bundled_edit import BundledChoice, BundledEditScreen

            def chosen(choice: BundledChoice | None) -> None:
                if choice == "copy":
                    from tui.library.authoring import copy_for_editing

                    try:
                        copy = copy_for_editing(path, bundled, mine)
                    except OSError as error:
                        self.notify(f"Could not copy: {error}", severity="error", markup=False)
                        return
                    self._edit_and_reread(copy)
                elif choice == "installed":
                    self._edit_and_reread(path)

            # A reinstall overwrites the bundled copy: offer the user's folder first.
            self.app.push_screen(BundledEditScreen(prompt.title, mine), chosen)
            return
        self._edit_and_reread(path)

    def action_new_prompt(self) -> None:
        """Write a new prompt from a template into your own folder and open it."""
        from tui.library.authoring import create_prompt_file, new_prompt_id

        library = self.caseroom.library
        user_dir = self.caseroom.config.user_content_dir
        track = library.tracks.get(self.track_id)
        if user_dir is None or track is None:
            self.notify("There is no folder of your own to write a prompt to.", severity="error")
            return
        # The loader pairs prompts with a track by folder name, across every root: a
        # prompt in your folder's tracks/<folder>/ joins the bundled track of that folder.
        folder = user_dir / "tracks" / (Path(track.path).parent.name if track.path else track.id)
        current = self.selected()
        scaffold = current.scaffold if current else min(library.scaffolds, default="six-step")
        try:
            path = create_prompt_file(folder, new_prompt_id(library.prompts, folder), scaffold)
        except OSError as error:
            self.notify(f"Could not write a new prompt: {error}", severity="error", markup=False)
            return
        self._edit_and_reread(path)

    def _edit_and_reread(self, path: Path) -> None:
        from screens.widgets.editor import run_editor

        run_editor(self.app, path)
        self.app.run_worker(self.caseroom.live.reread([path]), group="content-edit")

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(prompt_id=None, track_id=self.track_id))
