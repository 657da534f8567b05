"""The question asked before a bundled prompt is edited (`e` on the prompts list).

A reinstall or an upgrade overwrites the installed library, and an edit made there with it.
So the first choice copies the prompt to the user's own content folder and edits the copy
(it keeps the prompt's id, so it replaces the bundled one); the second edits the installed
file anyway; escape edits nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from screens.base import CaseroomModal

#: "copy": copy to the user's folder and edit the copy; "installed": edit the bundled file.
BundledChoice = Literal["copy", "installed"]


class BundledEditScreen(CaseroomModal[BundledChoice | None]):
    """Copy a bundled prompt to your folder and edit it, edit the installed file, or cancel."""

    STYLES = ("bundled_edit.tcss",)

    # Below 100 columns the three choices stand one a line (screens/styles/bundled_edit.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy")]

    BINDINGS = [
        Binding("c", "choose('copy')", "Copy and edit", id="bundled_edit.copy"),
        Binding("i", "choose('installed')", "Edit installed", id="bundled_edit.installed"),
        Binding("escape", "cancel", "Cancel", id="bundled_edit.cancel"),
    ]

    def __init__(self, title: str, mine: Path) -> None:
        super().__init__()
        self.prompt_title = title
        self.mine = mine

    def compose(self) -> ComposeResult:
        with Vertical(id="bundled-edit-dialog", classes="dialog"):
            yield Static("Edit a bundled prompt?", classes="dialog-title", markup=False)
            yield Static(
                f"“{self.prompt_title}” comes with caseroom: a reinstall or an upgrade "
                "overwrites the installed file, and your edit with it. A copy in your own "
                f"folder ({self.mine}) keeps its id and replaces the bundled prompt.",
                classes="dialog-text",
                markup=False,
            )
            # Content(...) is plain text: as markup, "[c]" would be a style and vanish.
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content("Copy to my folder and edit [c]"), id="copy", variant="primary"
                )
                yield Button(Content("Edit the installed file [i]"), id="installed")
                yield Button(Content("Cancel [esc]"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("copy", "installed"):
            self.dismiss(event.button.id)  # type: ignore[arg-type]
        else:
            self.dismiss(None)

    def action_choose(self, choice: BundledChoice) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
