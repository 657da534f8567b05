"""F2: every problem as `path:line: message`: config.toml's (read at start) first, then the
content files', following edits live; then the items your own folders override
(information, not problems). `e`, enter or a click opens a problem's file in $EDITOR at its
line."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static

from screens.base import CaseroomScreen
from screens.widgets import plain
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from tui.core.model import Library, Problem
from tui.library.sanitize import sanitize_text


def problem_line(problem: Problem) -> str:
    """One problem as an editor-friendly location followed by what is wrong.

    The path is a file name from disk, which may hold escapes or bidi overrides like any
    content text: it is cleaned the same way before it reaches the terminal.
    """
    return sanitize_text(f"{problem.path}:{problem.line}: {problem.message}")


class ProblemsScreen(CaseroomScreen[None]):
    """config.toml's problems, then the content problems of the current library; fixed
    content files drop off the list."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="problems.back", tooltip="Back where you were"),
        # enter on the list (or a click) does the same: OptionList's own enter selects.
        Binding("e", "edit", "Edit file", id="problems.edit", tooltip="Open it at its line"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []  # in the list's order; the info lines come after

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="problems-summary", markup=False)
        yield OptionList(id="problems-list", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Content problems"
        self.library_changed(self.caseroom.library)

    def library_changed(self, library: Library) -> None:
        """Show the problems of the new snapshot; the highlight stays where it was."""
        listing = self.query_one("#problems-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        settings_problems = self.caseroom.settings_problems
        problems = self.problems = [*settings_problems, *library.problems]
        # Content text never goes through markup: OptionList(markup=False) shows it as is.
        listing.add_options([plain(problem_line(p)) for p in problems])
        # Overrides are information: a later content folder replacing an item by its id.
        listing.add_options([plain(sanitize_text(f"info · {o}")) for o in library.overrides])
        if problems:
            listing.highlighted = min(highlighted or 0, len(problems) - 1)
        count = len(library.problems)
        summary = (
            f"{count} content problem{'s' if count != 1 else ''}: e (or enter) opens the file "
            "in your editor at its line; save, and the list follows."
            if count
            else "No problems: every content file loaded."
        )
        if library.overrides:
            many = len(library.overrides)
            summary += f" {many} override{'s' if many != 1 else ''} by your own folders (info)."
        if settings_problems:
            summary = (
                f"config.toml: {len(settings_problems)} problem"
                f"{'s' if len(settings_problems) != 1 else ''} (the defaults stand in; fix "
                f"the file and restart caseroom). {summary}"
            )
        self.query_one("#problems-summary", Static).update(summary)

    def shown(self) -> list[str]:
        """The lines on screen, as text (for tests and for reading back)."""
        listing = self.query_one("#problems-list", OptionList)
        return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._edit(event.option_index)

    def action_edit(self) -> None:
        self._edit(self.query_one("#problems-list", OptionList).highlighted)

    def _edit(self, index: int | None) -> None:
        """Open the problem's file in $EDITOR at its line, then read it again at once."""
        if index is None or not 0 <= index < len(self.problems):
            self.notify("No problem selected: an info line has no file to fix.")
            return
        problem = self.problems[index]
        path = Path(problem.path)
        if not path.is_file():
            self.notify(
                sanitize_text(f"{problem.path} is not a file to edit."),
                severity="warning",
                markup=False,
            )
            return
        from screens.widgets.editor import run_editor

        run_editor(self.app, path, line=problem.line)
        if path.suffix == ".md":  # config.toml is read at start: its summary says restart
            self.app.run_worker(self.caseroom.live.reread([path]), group="content-edit")

    def action_back(self) -> None:
        self.app.pop_screen()
